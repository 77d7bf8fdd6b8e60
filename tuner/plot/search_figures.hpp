#pragma once
// The pictures of a search, drawn from its journal (so they can be made for a
// finished search, a resumed one, or one still running):
//
//   convergence         the best value so far by trial (and by epochs trained
//                       for Hyperband, or when other searches are compared)
//   objective           the value against each hyperparameter (log axes for
//                       log-uniform dimensions, strip plots for categories)
//   histograms          how often each value was tried
//   evaluations         scikit-optimize's plot_evaluations: every pair of
//                       hyperparameters, points coloured by trial order, the
//                       best one starred; histograms on the diagonal
//   partial_dependence  GP searches: scikit-optimize's plot_objective from the
//                       GP fitted to the journal: 1-D partial dependence with
//                       its 95% band on the diagonal, 2-D below
//   hyperband           one panel per bracket: each configuration's value by
//                       epoch, the rung budgets marked, who stopped where
//   training_curves     loss and val_loss per epoch of the best k trials
//   pareto              several objectives (search.objectives): the first
//                       against the second, the Pareto front joined
//
//   SearchRecord search = load_search("runs/demo");
//   FigureSet set = write_figures(search_figures(search), "runs/demo/plots");
#include <filesystem>
#include <optional>
#include <vector>

#include "tuner/plot/figure.hpp"
#include "tuner/plot/search_record.hpp"
#include "tuner/skopt/gp_plot_data.hpp"

namespace tunet::tuner::plot {

struct SearchPlotOptions {
  int best_k = 4;  // training curves of this many of the best trials
  // Other searches (on the same problem) whose convergence is drawn alongside.
  std::vector<SearchRecord> compare{};
  // Grid and samples of the partial dependence (scikit-optimize's defaults).
  PartialDependenceOptions partial_dependence{};
};

// Every figure that applies to the search (none before a trial has finished).
std::vector<Figure> search_figures(const SearchRecord& search, const SearchPlotOptions& options = {});

// Each figure on its own (nullopt where it does not apply).
std::optional<Figure> convergence_figure(const SearchRecord& search, const std::vector<SearchRecord>& compare = {});
std::optional<Figure> objective_figure(const SearchRecord& search);
std::optional<Figure> histograms_figure(const SearchRecord& search);
std::optional<Figure> evaluations_figure(const SearchRecord& search);
std::optional<Figure> partial_dependence_figure(const SearchRecord& search, const PartialDependenceOptions& options = {});
std::optional<Figure> hyperband_figure(const SearchRecord& search);
std::optional<Figure> training_curves_figure(const SearchRecord& search, int best_k = 4);
std::optional<Figure> pareto_figure(const SearchRecord& search);

// The numbers behind the convergence figure: one row per finished trial in id
// order with the epochs trained so far, the trial's value (NaN unless it
// completed) and the best value so far in the study's direction.
struct ConvergencePoint {
  int trial = 0;
  long epochs = 0;
  double value = 0;
  double best = 0;
};
std::vector<ConvergencePoint> convergence_points(const SearchRecord& search);

// The GP the partial dependence is computed from: fitted to the completed
// trials' losses (value, or -value when maximising) in the search's cube.
GpResult fitted_gp(const SearchRecord& search);

}  // namespace tunet::tuner::plot
