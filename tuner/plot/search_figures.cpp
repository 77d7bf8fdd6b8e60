#include "tuner/plot/search_figures.hpp"

namespace tunet::tuner::plot {

std::vector<Figure> search_figures(const SearchRecord& search, const SearchPlotOptions& options) {
  std::vector<Figure> figures;
  for (std::optional<Figure> f : {convergence_figure(search, options.compare), objective_figure(search),
                                  histograms_figure(search), evaluations_figure(search),
                                  partial_dependence_figure(search, options.partial_dependence),
                                  hyperband_figure(search), training_curves_figure(search, options.best_k),
                                  pareto_figure(search)})
    if (f) figures.push_back(std::move(*f));
  return figures;
}

}  // namespace tunet::tuner::plot
