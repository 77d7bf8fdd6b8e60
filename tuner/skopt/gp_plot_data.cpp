#include "tuner/skopt/gp_plot_data.hpp"

#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "tuner/proposers/gp/space_transform.hpp"
#include "tuner/storage/atomic_file.hpp"

namespace tunet::tuner {
namespace {

// The grid of one dimension and the block coordinates of each grid value.
struct Grid {
  std::vector<Value> values;
  std::vector<Eigen::VectorXd> coordinates;
};

Grid make_grid(const SpaceTransform& transform, const std::string& name, int n_points) {
  const CubeBlock* block = transform.block(name);
  check(block != nullptr, "partial dependence: '" + name + "' is a Fixed dimension, it has no effect to show");
  check(n_points >= 2, "partial dependence: n_points must be >= 2, got " + std::to_string(n_points));
  Grid grid;
  if (block->kind == CubeBlock::Kind::OneHot) {
    for (const Value& v : transform.space()[name].values()) {
      grid.values.push_back(v);
      grid.coordinates.push_back(transform.encode_value(name, v));
    }
    return grid;
  }
  // Evenly spaced in the cube coordinate, decoded; integers once each.
  for (int k = 0; k < n_points; ++k) {
    Eigen::VectorXd u(1);
    u[0] = static_cast<double>(k) / (n_points - 1);
    Value v = transform.decode_value(name, u);
    if (!grid.values.empty() && grid.values.back() == v) continue;
    grid.values.push_back(v);
    grid.coordinates.push_back(transform.encode_value(name, v));
  }
  return grid;
}

// n_samples configurations from the space's priors, in the cube (rows).
Eigen::MatrixXd sample_cube(const SpaceTransform& transform, const PartialDependenceOptions& options) {
  check(options.n_samples >= 1, "partial dependence: n_samples must be >= 1, got " + std::to_string(options.n_samples));
  Rng rng(options.seed, /*stream=*/0x7064ULL);  // "pd"
  Eigen::MatrixXd samples(options.n_samples, transform.n_coordinates());
  for (int s = 0; s < options.n_samples; ++s) samples.row(s) = transform.to_cube(transform.space().sample(rng)).transpose();
  return samples;
}

const GaussianProcess& require_model(const GpResult& result) {
  check(result.model.has_value(), "partial dependence: the result has no model (no call succeeded)");
  return *result.model;
}

std::string csv_value(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;  // categories: plain text
  return to_string(v);
}

std::string csv_number(double v) {
  if (std::isnan(v)) return "nan";
  std::ostringstream out;
  out.precision(10);
  out << v;
  return out.str();
}

Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json values_json(const std::vector<Value>& values) {
  Json j = Json::array();
  for (const Value& v : values) j.push_back(value_to_json(v));
  return j;
}

}  // namespace

std::vector<double> convergence(const GpResult& result) {
  std::vector<double> best;
  double current = std::numeric_limits<double>::quiet_NaN();
  for (double v : result.func_vals) {
    if (!std::isnan(v) && (std::isnan(current) || v < current)) current = v;
    best.push_back(current);
  }
  return best;
}

PartialDependence1D partial_dependence_1d(const GpResult& result, const std::string& dimension,
                                          const PartialDependenceOptions& options) {
  const GaussianProcess& model = require_model(result);
  SpaceTransform transform(result.space);
  Grid grid = make_grid(transform, dimension, options.n_points);
  const CubeBlock& block = *transform.block(dimension);
  Eigen::MatrixXd samples = sample_cube(transform, options);
  PartialDependence1D pd{dimension, grid.values, {}, {}};
  for (const Eigen::VectorXd& coords : grid.coordinates) {
    samples.middleCols(block.offset, block.width()).rowwise() = coords.transpose();
    GpPrediction p = model.predict(samples);
    pd.mean.push_back(p.mean.mean());
    pd.std.push_back(p.std.mean());
  }
  return pd;
}

PartialDependence2D partial_dependence_2d(const GpResult& result, const std::string& dimension_x,
                                          const std::string& dimension_y, const PartialDependenceOptions& options) {
  check(dimension_x != dimension_y, "partial_dependence_2d: give two different dimensions, got '" + dimension_x +
                                        "' twice");
  const GaussianProcess& model = require_model(result);
  SpaceTransform transform(result.space);
  Grid gx = make_grid(transform, dimension_x, options.n_points);
  Grid gy = make_grid(transform, dimension_y, options.n_points);
  const CubeBlock& bx = *transform.block(dimension_x);
  const CubeBlock& by = *transform.block(dimension_y);
  Eigen::MatrixXd samples = sample_cube(transform, options);
  PartialDependence2D pd{dimension_x, dimension_y, gx.values, gy.values,
                         Eigen::MatrixXd(gx.values.size(), gy.values.size())};
  for (size_t i = 0; i < gx.coordinates.size(); ++i) {
    samples.middleCols(bx.offset, bx.width()).rowwise() = gx.coordinates[i].transpose();
    for (size_t j = 0; j < gy.coordinates.size(); ++j) {
      samples.middleCols(by.offset, by.width()).rowwise() = gy.coordinates[j].transpose();
      pd.mean(i, j) = model.predict(samples).mean.mean();
    }
  }
  return pd;
}

std::string convergence_csv(const GpResult& result) {
  std::ostringstream out;
  out << "call,value,best\n";
  std::vector<double> best = convergence(result);
  for (size_t i = 0; i < best.size(); ++i) {
    out << i + 1 << "," << csv_number(result.func_vals[i]) << "," << csv_number(best[i]) << "\n";
  }
  return out.str();
}

std::string partial_dependence_csv(const PartialDependence1D& pd) {
  std::ostringstream out;
  out << pd.dimension << ",mean\n";
  for (size_t i = 0; i < pd.values.size(); ++i) out << csv_value(pd.values[i]) << "," << csv_number(pd.mean[i]) << "\n";
  return out.str();
}

std::string partial_dependence_csv(const PartialDependence2D& pd) {
  std::ostringstream out;
  out << pd.dimension_x << "," << pd.dimension_y << ",mean\n";
  for (size_t i = 0; i < pd.x_values.size(); ++i) {
    for (size_t j = 0; j < pd.y_values.size(); ++j) {
      out << csv_value(pd.x_values[i]) << "," << csv_value(pd.y_values[j]) << "," << csv_number(pd.mean(i, j))
          << "\n";
    }
  }
  return out.str();
}

std::string evaluations_csv(const GpResult& result) {
  std::ostringstream out;
  out << "call";
  for (const Dimension& d : result.space) out << "," << d.name();
  out << ",value\n";
  for (size_t i = 0; i < result.x_iters.size(); ++i) {
    out << i + 1;
    for (const Dimension& d : result.space) {
      out << ",";
      if (result.x_iters[i].has(d.name())) out << csv_value(result.x_iters[i].at(d.name()));  // inactive: empty
    }
    out << "," << csv_number(result.func_vals[i]) << "\n";
  }
  return out.str();
}

namespace {

struct AllPartialDependence {
  std::vector<PartialDependence1D> one;
  std::vector<PartialDependence2D> two;
};

// Every searched dimension and every pair of them.
AllPartialDependence all_partial_dependence(const GpResult& result, const PartialDependenceOptions& options) {
  AllPartialDependence all;
  if (!result.model) return all;
  std::vector<std::string> names;
  for (const Dimension& d : result.space) {
    if (d.kind() != DimensionKind::Fixed) names.push_back(d.name());
  }
  for (size_t a = 0; a < names.size(); ++a) {
    all.one.push_back(partial_dependence_1d(result, names[a], options));
    for (size_t b = a + 1; b < names.size(); ++b) all.two.push_back(partial_dependence_2d(result, names[a], names[b], options));
  }
  return all;
}

Json plot_data_json(const GpResult& result, const AllPartialDependence& all) {
  Json j;
  Json conv = Json::array();
  for (double v : convergence(result)) conv.push_back(number_or_null(v));
  j["convergence"] = conv;
  Json evals = Json::array();
  for (size_t i = 0; i < result.x_iters.size(); ++i) {
    evals.push_back(
        {{"call", i + 1}, {"params", result.x_iters[i].to_json()}, {"value", number_or_null(result.func_vals[i])}});
  }
  j["evaluations"] = evals;
  j["partial_dependence"] = Json::array();
  for (const PartialDependence1D& pd : all.one) {
    j["partial_dependence"].push_back({{"dimension", pd.dimension}, {"values", values_json(pd.values)}, {"mean", pd.mean}});
  }
  j["partial_dependence_2d"] = Json::array();
  for (const PartialDependence2D& pd : all.two) {
    Json mean = Json::array();
    for (Eigen::Index i = 0; i < pd.mean.rows(); ++i) {
      Json row = Json::array();
      for (Eigen::Index k = 0; k < pd.mean.cols(); ++k) row.push_back(pd.mean(i, k));
      mean.push_back(row);
    }
    j["partial_dependence_2d"].push_back({{"x", pd.dimension_x}, {"y", pd.dimension_y},
                                          {"x_values", values_json(pd.x_values)},
                                          {"y_values", values_json(pd.y_values)}, {"mean", mean}});
  }
  return j;
}

}  // namespace

Json plot_data_json(const GpResult& result, const PartialDependenceOptions& options) {
  return plot_data_json(result, all_partial_dependence(result, options));
}

void write_plot_data(const GpResult& result, const std::filesystem::path& dir, const PartialDependenceOptions& options) {
  AllPartialDependence all = all_partial_dependence(result, options);
  std::filesystem::create_directories(dir);
  write_file_atomically(dir / "convergence.csv", convergence_csv(result));
  write_file_atomically(dir / "evaluations.csv", evaluations_csv(result));
  write_file_atomically(dir / "plot_data.json", plot_data_json(result, all).dump(1) + "\n");
  for (const PartialDependence1D& pd : all.one) {
    write_file_atomically(dir / ("pd_" + pd.dimension + ".csv"), partial_dependence_csv(pd));
  }
  for (const PartialDependence2D& pd : all.two) {
    write_file_atomically(dir / ("pd_" + pd.dimension_x + "_" + pd.dimension_y + ".csv"), partial_dependence_csv(pd));
  }
}

}  // namespace tunet::tuner
