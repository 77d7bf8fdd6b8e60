#pragma once
// How a hyperparameter is placed on an axis. Numeric values are drawn in the
// coordinate the search samples uniformly: log10 of the value for a
// log-uniform dimension (the ticks name the values themselves: 0.0001, 0.001,
// ...), the value otherwise. Categories sit at 0, 1, 2, ... with their names
// as ticks, which makes a scatter against a category a strip plot. The CSV
// files hold the values (a category's index for categories), and column()
// is the gnuplot expression that turns a column into the coordinate.
#include <string>
#include <vector>

#include "tuner/space/params.hpp"
#include "tuner/space/space.hpp"

namespace tunet::tuner::plot {

class DimensionAxis {
 public:
  explicit DimensionAxis(const Dimension& dimension);

  const std::string& name() const { return dim_.name(); }
  const Dimension& dimension() const { return dim_; }
  bool categorical() const { return dim_.kind() == DimensionKind::Categorical; }
  bool log() const { return dim_.is_numeric() && dim_.is_log(); }

  // The CSV value of the parameter in `params`: the number, or the index of
  // the category; NaN when the parameter is inactive there.
  double csv_value(const Params& params) const;
  double csv_value(const Value& value) const;
  // The coordinate of a CSV value (log10 for a log-uniform dimension).
  double coordinate(double csv_value) const;

  // gnuplot's expression for the coordinate of this dimension's column in a
  // CSV file read with named columns: 'dropout' or (log10(column('learning_rate'))).
  std::string column() const;
  // The same for a CSV column with another name.
  std::string column(const std::string& csv_column) const;
  // set commands for `axis` ("x" or "y"): range, ticks and label. Without
  // `labels` the ticks stay (for the grid) but their text and the label go.
  std::string commands(const std::string& axis, bool labels = true) const;
  // The plotted range, padded a little so that points on the bounds show whole.
  double low() const { return low_; }
  double high() const { return high_; }

 private:
  Dimension dim_;
  double low_ = 0, high_ = 1;
};

// One axis per dimension that is searched (Fixed dimensions have nothing to show).
std::vector<DimensionAxis> plotted_dimensions(const Space& space);

}  // namespace tunet::tuner::plot
