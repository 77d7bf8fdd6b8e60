#pragma once
// The tuner: search spaces, proposers (grid, random, GP), schedulers (Hyperband),
// the crash-safe study loop and its results. Knows nothing of networks; see
// tuner/adapter/ for model functions and datasets.
#include "tuner/atomic_file.hpp"
#include "tuner/bayesian_search.hpp"
#include "tuner/gp_minimize.hpp"
#include "tuner/gp_plot_data.hpp"
#include "tuner/config_file.hpp"
#include "tuner/grid_search.hpp"
#include "tuner/hyperband.hpp"
#include "tuner/hyperband_schedule.hpp"
#include "tuner/journal.hpp"
#include "tuner/objective.hpp"
#include "tuner/params.hpp"
#include "tuner/proposer.hpp"
#include "tuner/random_search.hpp"
#include "tuner/results.hpp"
#include "tuner/scheduler.hpp"
#include "tuner/search_config.hpp"
#include "tuner/space.hpp"
#include "tuner/study.hpp"
#include "tuner/trial.hpp"
