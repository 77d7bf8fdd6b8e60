#pragma once
// The tuner's nn adapter in one include: model function + data -> objective
// (model_objective.hpp), models and data described in JSON (model_config.hpp,
// data_config.hpp), refit after cross-validation (refit.hpp) and whole
// searches from a config file (tune_config.hpp).
#include "tuner/adapter/data_config.hpp"
#include "tuner/adapter/model_config.hpp"
#include "tuner/adapter/model_objective.hpp"
#include "tuner/adapter/refit.hpp"
#include "tuner/adapter/tune_config.hpp"
