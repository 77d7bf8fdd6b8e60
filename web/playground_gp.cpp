#include "web/playground.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "tuner/teaching/explain_gp.hpp"

namespace tunet::web {

namespace {

constexpr double kLow = -2.0, kHigh = 2.0;  // explain_gp's interval; the GP works in [0, 1]
constexpr double kZ95 = 1.959963984540054;

double to_x(double u) { return kLow + (kHigh - kLow) * u; }

tuner::GpAskTellOptions ask_tell_options(const GpSessionOptions& o) {
  check(o.acq_func == "EI" || o.acq_func == "PI" || o.acq_func == "LCB" || o.acq_func == "gp_hedge",
        "acq: expected EI, PI, LCB or gp_hedge, got '" + o.acq_func + "'");
  check(o.n_initial_points >= 1 && o.n_initial_points <= 20,
        "initial: expected 1 to 20 points, got " + std::to_string(o.n_initial_points));
  check(o.xi >= 0 && o.kappa >= 0, "xi and kappa must be >= 0");
  check(o.grid >= 2 && o.grid <= 2000, "grid must be in [2, 2000], got " + std::to_string(o.grid));
  // As explain_gp: a Latin hypercube of n_initial_points, 2000 candidates per acquisition search.
  return {.n_initial_points = o.n_initial_points, .acq_func = o.acq_func, .xi = o.xi, .kappa = o.kappa,
          .n_candidates = 2000};
}

}  // namespace

GpSession::GpSession(GpSessionOptions options)
    : options_(options), optimizer_(tuner::CubeLayout::continuous(1), ask_tell_options(options), Rng(options.seed)) {}

void GpSession::tell(const Eigen::VectorXd& u) { optimizer_.tell(u, tuner::teaching::explain_gp_function(to_x(u[0]))); }

void GpSession::propose() {
  if (proposal_) return;
  const bool from_model = optimizer_.n_told() >= options_.n_initial_points;
  proposal_ = optimizer_.ask();
  check(proposal_.has_value(), "gp: the optimizer proposed nothing");
  proposal_from_model_ = from_model;
}

void GpSession::observe(double x) {
  check(std::isfinite(x) && x >= kLow && x <= kHigh, "x must be in [-2, 2], got " + std::to_string(x));
  if (proposal_) optimizer_.release(*proposal_);
  proposal_.reset();
  Eigen::VectorXd u(1);
  u[0] = (x - kLow) / (kHigh - kLow);
  tell(u);
}

void GpSession::next() {
  propose();
  tell(*proposal_);
  proposal_.reset();
}

Json GpSession::state() {
  propose();
  Json observed = Json::array();
  const std::vector<double>& told = optimizer_.y_told();
  for (size_t k = 0; k < told.size(); ++k)
    observed.push_back({to_x(optimizer_.x_told()(static_cast<Eigen::Index>(k), 0)), told[k]});
  Json s = {{"acq_func", options_.acq_func}, {"observations", observed},
            {"next_x", to_x((*proposal_)[0])}, {"next_from_model", proposal_from_model_}};
  const tuner::GaussianProcess* gp = proposal_from_model_ ? optimizer_.model() : nullptr;
  Json xs = Json::array(), f = Json::array();
  Eigen::MatrixXd u(options_.grid, 1);
  for (int i = 0; i < options_.grid; ++i) {
    u(i, 0) = static_cast<double>(i) / (options_.grid - 1);
    xs.push_back(to_x(u(i, 0)));
    f.push_back(tuner::teaching::explain_gp_function(to_x(u(i, 0))));
  }
  s["x"] = xs;
  s["f"] = f;
  if (!gp) return s;
  const tuner::Acquisition acquisition = optimizer_.last_acquisition().value_or(tuner::Acquisition::EI);
  const tuner::AcquisitionParams params{.xi = options_.xi, .kappa = options_.kappa};
  const double best_y = *std::min_element(told.begin(), told.end());
  const tuner::GpPrediction p = gp->predict(u);
  Json mean = Json::array(), low = Json::array(), high = Json::array(), acq = Json::array();
  for (int i = 0; i < options_.grid; ++i) {
    mean.push_back(p.mean[i]);
    low.push_back(p.mean[i] - kZ95 * p.std[i]);
    high.push_back(p.mean[i] + kZ95 * p.std[i]);
    // EI and PI drawn as the quantities maximised, LCB as the one minimised (as explain_gp draws them).
    const double a = tuner::acquisition_value(acquisition, p.mean[i], p.std[i], best_y, params).value;
    acq.push_back(acquisition == tuner::Acquisition::LCB ? a : -a);
  }
  s["mean"] = mean;
  s["low"] = low;
  s["high"] = high;
  s["acquisition"] = acq;
  s["acquisition_used"] = tuner::acquisition_name(acquisition);
  s["best_y"] = best_y;
  s["length_scale"] = gp->length_scales()[0] * (kHigh - kLow);  // in x's units
  s["noise"] = gp->noise();
  s["amplitude"] = gp->amplitude();
  return s;
}

}  // namespace tunet::web
