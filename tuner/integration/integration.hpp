#pragma once
// The tuner's nn integration in one include: model function + data -> objective
// (model_objective.hpp), models and data described in JSON (model_config.hpp,
// data_config.hpp), refit after cross-validation (refit.hpp) and whole
// searches from a config file (tune_config.hpp).
#include "tuner/integration/data_config.hpp"
#include "tuner/integration/model_config.hpp"
#include "tuner/integration/model_objective.hpp"
#include "tuner/integration/refit.hpp"
#include "tuner/integration/tune_config.hpp"
