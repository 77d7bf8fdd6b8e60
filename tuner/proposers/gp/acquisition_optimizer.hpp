#pragma once
// Minimising an acquisition function over the snapped points of a CubeLayout,
// the way skopt's acq_optimizer="lbfgs" does it, plus
// the duplicate rule:
//   1. evaluate the acquisition on many snapped candidates (drawn by the
//      caller: GpAskTell mixes a low-discrepancy sequence with points near
//      the best ones; one GP prediction for all of them, blocked GEMMs);
//   2. from the n_refine best candidates that are not evaluated points, run
//      bounded L-BFGS on the continuous coordinates (discrete ones held) with
//      the analytic gradient  da/dx = da/dmu dmu/dx + da/dsigma dsigma/dx;
//   3. return the lowest acquisition among the refined points and the
//      candidates, skipping any point within kDuplicateDistance (max-norm, in
//      the cube) of an evaluated or pending point.
// Constraints known in closed form (`feasible`, when given): a candidate or a
// refined point that fails them is skipped like a duplicate, so the proposal
// is the best feasible one; nullopt when none of the first 500 points tested
// (the best candidates by acquisition) is feasible.
#include <functional>
#include <optional>
#include <vector>

#include <Eigen/Core>

#include "tuner/proposers/gp/acquisition.hpp"
#include "tuner/proposers/gp/cube_layout.hpp"
#include "tuner/proposers/gp/gaussian_process.hpp"

namespace tunet::tuner {

inline constexpr double kDuplicateDistance = 1e-8;

// Whether a cube point satisfies the search's constraints.
using CubeFeasibleTest = std::function<bool(const Eigen::VectorXd&)>;

struct AcquisitionSearchOptions {
  int n_refine = 5;           // L-BFGS starts (skopt: n_restarts_optimizer = 5)
  int refine_iterations = 20; // L-BFGS iterations per start (skopt: maxiter = 20)
};

struct AcquisitionProposal {
  Eigen::VectorXd x;  // snapped cube point
  double value = 0.0; // acquisition there (minimised)
};

// Candidates and their prediction, shared by the acquisitions of a portfolio.
struct CandidateSet {
  Eigen::MatrixXd points;  // rows, snapped
  GpPrediction prediction;
};

// Whether u is within kDuplicateDistance of a row of `points`.
bool is_duplicate(const Eigen::VectorXd& u, const Eigen::MatrixXd& points);

// Value and gradient (w.r.t. the cube point) of an acquisition under the GP.
double acquisition_at(const GaussianProcess& gp, Acquisition a, const AcquisitionParams& params, double y_best,
                      const Eigen::VectorXd& x, Eigen::VectorXd* gradient = nullptr);

// The minimiser described above; nullopt when every candidate is excluded.
std::optional<AcquisitionProposal> minimize_acquisition(const GaussianProcess& gp, Acquisition a,
                                                        const AcquisitionParams& params, double y_best,
                                                        const CubeLayout& layout, const CandidateSet& candidates,
                                                        const Eigen::MatrixXd& excluded,
                                                        const AcquisitionSearchOptions& options,
                                                        const CubeFeasibleTest& feasible = {});

}  // namespace tunet::tuner
