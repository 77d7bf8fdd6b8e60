#include "tuner/proposers/gp/gp_ask_tell.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"

namespace tunet::tuner {
namespace {

// Streams of an ask's generator (derived from the optimizer's per ask).
constexpr uint64_t kStreamsPerAsk = 4;
enum AskStream : uint64_t { kPointStream = 0, kModelStream = 1, kHedgeStream = 2, kSubsampleStream = 3 };
constexpr uint64_t kDesignStream = ~uint64_t{0};
constexpr int kRandomTries = 1000;
constexpr int kFeasibleTries = 100;  // new points tested against the constraints, at most

}  // namespace

GpAskTell::GpAskTell(CubeLayout layout, GpAskTellOptions options, Rng rng)
    : layout_(std::move(layout)), options_(std::move(options)), rng_(rng), hedge_(options_.hedge_eta),
      x_(0, layout_.n_coordinates()), gp_(options_.gp) {
  check(layout_.n_coordinates() > 0, "GpAskTell: the space has no searched dimension");
  gp_.set_categorical_blocks(layout_.one_hot_blocks());
  check(options_.n_initial_points >= 0, "GpAskTell: n_initial_points must be >= 0, got " +
                                            std::to_string(options_.n_initial_points));
  check(options_.n_candidates >= 1, "GpAskTell: n_candidates must be >= 1, got " +
                                        std::to_string(options_.n_candidates));
  check(options_.max_model_points == 0 || options_.max_model_points >= 2,
        "GpAskTell: max_model_points must be 0 (no cap) or >= 2, got " + std::to_string(options_.max_model_points));
  if (options_.acq_func == "gp_hedge") {
    hedge_portfolio_ = true;
  } else {
    acquisition_ = parse_acquisition(options_.acq_func);  // throws, naming the choices
  }
  if (options_.initial_design != InitialPointGenerator::Random && options_.n_initial_points > 0) {
    const int n = options_.n_initial_points, blocks = static_cast<int>(layout_.blocks().size());
    Rng design_rng = rng_.derive(kDesignStream);
    Eigen::MatrixXd unit = options_.initial_design == InitialPointGenerator::Sobol  ? sobol_sequence(n, blocks)
                           : options_.initial_design == InitialPointGenerator::Halton ? halton_sequence(n, blocks)
                                                                                      : latin_hypercube(n, blocks, design_rng);
    design_.resize(n, layout_.n_coordinates());
    for (int i = 0; i < n; ++i) design_.row(i) = layout_.place(unit.row(i).transpose()).transpose();
  }
}

int GpAskTell::n_failed() const {
  return static_cast<int>(std::count_if(y_.begin(), y_.end(), [](double v) { return !std::isfinite(v); }));
}

Eigen::MatrixXd GpAskTell::excluded() const {
  Eigen::MatrixXd all(x_.rows() + static_cast<Eigen::Index>(pending_.size() + excluded_.size()),
                      layout_.n_coordinates());
  all.topRows(x_.rows()) = x_;
  Eigen::Index row = x_.rows();
  for (const Eigen::VectorXd& p : pending_) all.row(row++) = p.transpose();
  for (const Eigen::VectorXd& p : excluded_) all.row(row++) = p.transpose();
  return all;
}

void GpAskTell::mark_pending(const Eigen::VectorXd& u) {
  check(u.size() == layout_.n_coordinates(), "GpAskTell::mark_pending: point has " + std::to_string(u.size()) +
                                                 " coordinates, the space " +
                                                 std::to_string(layout_.n_coordinates()));
  pending_.push_back(u);
}

void GpAskTell::release(const Eigen::VectorXd& u) {
  auto same = [&](const Eigen::VectorXd& p) { return (p - u).lpNorm<Eigen::Infinity>() <= kDuplicateDistance; };
  pending_.erase(std::remove_if(pending_.begin(), pending_.end(), same), pending_.end());
}

void GpAskTell::exclude(const Eigen::VectorXd& u) {
  release(u);
  excluded_.push_back(u);
}

std::optional<Eigen::VectorXd> GpAskTell::ask() {
  const int ask_index = n_asked_++;
  Rng ask_rng = rng_.derive(static_cast<uint64_t>(ask_index) * kStreamsPerAsk);
  Eigen::MatrixXd busy = excluded();
  const auto used = static_cast<uint64_t>(x_.rows()) + pending_.size();  // distinct snapped points
  if (auto total = layout_.n_distinct(); total && used >= *total) return std::nullopt;

  std::optional<Eigen::VectorXd> point;
  const bool initial = n_told() + static_cast<int>(pending_.size()) < options_.n_initial_points;
  const bool has_data = n_told() > n_failed();
  if (initial || !has_data) {
    if (initial && design_.rows() > 0 && ask_index < design_.rows() &&
        !is_duplicate(design_.row(ask_index).transpose(), busy) &&
        (!feasible_ || feasible_(design_.row(ask_index).transpose()))) {
      point = design_.row(ask_index).transpose();
    } else {
      point = random_point(ask_rng);
    }
  } else {
    Rng model_rng = rng_.derive(static_cast<uint64_t>(ask_index) * kStreamsPerAsk + kModelStream);
    point = model_point(model_rng);
    if (!point) point = random_point(ask_rng);
  }
  if (point) pending_.push_back(*point);
  return point;
}

std::optional<Eigen::VectorXd> GpAskTell::random_point(Rng& rng) const {
  Eigen::MatrixXd busy = excluded();
  std::optional<Eigen::VectorXd> first;  // the first new point, when none is feasible
  int tests = 0;
  for (int attempt = 0; attempt < kRandomTries; ++attempt) {
    Eigen::VectorXd u = layout_.sample(rng);
    if (is_duplicate(u, busy)) continue;
    if (!feasible_ || feasible_(u)) return u;
    if (!first) first = u;
    if (++tests == kFeasibleTries) break;
  }
  return first;
}

void GpAskTell::fit_model(Rng& rng) {
  std::vector<Eigen::Index> ok;
  for (Eigen::Index i = 0; i < x_.rows(); ++i) {
    if (std::isfinite(y_[i])) ok.push_back(i);
  }
  const auto cap = static_cast<size_t>(options_.max_model_points);
  if (cap > 0 && ok.size() > cap) {
    // The best cap/2 (ties: told first), then a partial Fisher-Yates draw of the others.
    std::stable_sort(ok.begin(), ok.end(), [&](Eigen::Index a, Eigen::Index b) { return y_[a] < y_[b]; });
    Rng subsample = rng.derive(kSubsampleStream);
    for (size_t k = cap / 2; k < cap; ++k) std::swap(ok[k], ok[k + subsample.below(ok.size() - k)]);
    ok.resize(cap);
    std::sort(ok.begin(), ok.end());
  }
  // Constant liar (cl_min): each pending point joins the data with the
  // smallest loss told so far, so the acquisition looks away from it.
  const auto n = static_cast<Eigen::Index>(ok.size() + pending_.size());
  Eigen::MatrixXd x(n, x_.cols());
  Eigen::VectorXd y(n);
  double lie = std::numeric_limits<double>::infinity();
  for (size_t k = 0; k < ok.size(); ++k) {
    x.row(k) = x_.row(ok[k]);
    y[k] = y_[ok[k]];
  }
  for (Eigen::Index i = 0; i < x_.rows(); ++i)
    if (std::isfinite(y_[i])) lie = std::min(lie, y_[i]);
  for (size_t k = 0; k < pending_.size(); ++k) {
    x.row(static_cast<Eigen::Index>(ok.size() + k)) = pending_[k].transpose();
    y[static_cast<Eigen::Index>(ok.size() + k)] = lie;
  }
  gp_.fit(x, y, rng);
  model_fitted_ = true;
}

std::optional<Eigen::VectorXd> GpAskTell::model_point(Rng& rng) {
  fit_model(rng);
  double y_best = gp_.y_train().minCoeff();
  AcquisitionParams params{.xi = options_.xi, .kappa = options_.kappa};

  CandidateSet candidates;
  candidates.points = draw_candidates(rng);
  candidates.prediction = gp_.predict(candidates.points);
  Eigen::MatrixXd busy = excluded();

  if (!hedge_portfolio_) {
    auto best = minimize_acquisition(gp_, acquisition_, params, y_best, layout_, candidates, busy, options_.search,
                                     feasible_);
    if (!best) return std::nullopt;
    last_acquisition_ = acquisition_;
    return best->x;
  }
  hedge_.update_gains(gp_);
  std::array<std::optional<Eigen::VectorXd>, 3> proposals;
  for (size_t i = 0; i < GpHedge::kMembers.size(); ++i) {
    auto best = minimize_acquisition(gp_, GpHedge::kMembers[i], params, y_best, layout_, candidates, busy,
                                     options_.search, feasible_);
    if (best) proposals[i] = best->x;
  }
  Rng hedge_rng = rng.derive(kHedgeStream);
  std::optional<int> chosen = hedge_.choose(proposals, hedge_rng);
  if (!chosen) return std::nullopt;
  last_acquisition_ = GpHedge::kMembers[*chosen];
  return proposals[*chosen];
}

Eigen::MatrixXd GpAskTell::draw_candidates(Rng& rng) const {
  // Low-discrepancy candidates explore; local ones, x_best + N(0, sigma^2)
  // around the kLocalCentres best points with sigma in {0.01, 0.05, 0.2}
  // (cube units), let the refinement start close to where the acquisition is sharp.
  constexpr int kLocalCentres = 5;
  constexpr double kSigmas[] = {0.01, 0.05, 0.2};
  const int n = n_candidates(gp_.n_points());
  std::vector<Eigen::Index> order;
  for (Eigen::Index i = 0; i < x_.rows(); ++i) {
    if (std::isfinite(y_[i])) order.push_back(i);
  }
  const int centres = std::min<int>(kLocalCentres, static_cast<int>(order.size()));
  const int n_local = centres > 0 ? static_cast<int>(options_.local_fraction * n) : 0;
  std::partial_sort(order.begin(), order.begin() + centres, order.end(),
                    [&](Eigen::Index a, Eigen::Index b) { return y_[a] < y_[b]; });
  Eigen::MatrixXd points(n, layout_.n_coordinates());
  points.bottomRows(n - n_local) = layout_.low_discrepancy(n - n_local, rng);
  Eigen::VectorXd u(layout_.n_coordinates());
  for (int i = 0; i < n_local; ++i) {
    u = x_.row(order[(i / 3) % centres]).transpose();
    for (Eigen::Index j = 0; j < u.size(); ++j) u[j] += kSigmas[i % 3] * rng.normal();
    layout_.snap(u);
    points.row(i) = u.transpose();
  }
  return points;
}

int GpAskTell::n_candidates(int n_model_points) const {
  // Predicting m candidates costs m n^2 (the GEMM K* L^-T): past
  // kFullCandidatesUpTo model points, m shrinks as 1/n^2 (that cost stays
  // constant), to no fewer than kMinCandidates; the local searches refine
  // what the fewer candidates start.
  constexpr double kFullCandidatesUpTo = 64.0;
  constexpr int kMinCandidates = 1000;
  const double n = std::max<double>(n_model_points, kFullCandidatesUpTo);
  const double scaled = options_.n_candidates * (kFullCandidatesUpTo / n) * (kFullCandidatesUpTo / n);
  return std::min(options_.n_candidates, std::max(kMinCandidates, static_cast<int>(scaled)));
}

void GpAskTell::tell(const Eigen::VectorXd& u, double y) {
  check(u.size() == layout_.n_coordinates(), "GpAskTell::tell: point has " + std::to_string(u.size()) +
                                                 " coordinates, the space " +
                                                 std::to_string(layout_.n_coordinates()));
  Eigen::VectorXd snapped = u;
  layout_.snap(snapped);
  release(snapped);
  x_.conservativeResize(x_.rows() + 1, Eigen::NoChange);
  x_.row(x_.rows() - 1) = snapped.transpose();
  y_.push_back(std::isfinite(y) ? y : std::numeric_limits<double>::quiet_NaN());
}

void GpAskTell::retell(const std::vector<double>& y) {
  check(y.size() == y_.size(), "GpAskTell::retell: " + std::to_string(y.size()) + " values for " +
                                   std::to_string(y_.size()) + " told points");
  for (size_t i = 0; i < y.size(); ++i) y_[i] = std::isfinite(y[i]) ? y[i] : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace tunet::tuner
