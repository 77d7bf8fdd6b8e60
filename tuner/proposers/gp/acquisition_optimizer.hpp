#pragma once
// Minimising an acquisition function over the snapped points of a CubeLayout
// (mixed spaces stay discrete: the mixed-variable local search of Optuna's
// GPSampler, SMAC3's local search and BoTorch's optimize_acqf_mixed, in one
// form), plus the duplicate rule:
//   1. evaluate the acquisition on many snapped candidates (drawn by the
//      caller: GpAskTell mixes a low-discrepancy sequence with points near
//      the best ones; one GP prediction for all of them, blocked GEMMs);
//   2. from each of the n_refine best candidates that are not evaluated
//      points, a local search that alternates, until a round moves no
//      discrete block (at most 10 rounds):
//        - bounded L-BFGS on the continuous coordinates (discrete ones held)
//          with the analytic gradient  da/dx = da/dmu dmu/dx + da/dsigma dsigma/dx;
//        - per discrete block, the best of its other values with the rest
//          held: every category, every value of an integer with <= 16 of
//          them, else the values +-1, +-2, +-4, ... steps away (one batched
//          prediction per block);
//      a move is taken only when it lowers the acquisition and is allowed;
//   3. return the lowest acquisition among the searched points, never one
//      within kDuplicateDistance (max-norm, in the cube) of an evaluated or
//      pending point.
// EI is searched as -log EI (acquisition.hpp): the same order, without the
// flat zeros where EI underflows.
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

// The points each local search visited, first its start (figures, tests).
struct AcquisitionTrace {
  std::vector<std::vector<Eigen::VectorXd>> paths;
};

struct AcquisitionProposal {
  Eigen::VectorXd x;  // snapped cube point
  double value = 0.0; // search_value there (minimised)
};

// Candidates and their prediction, shared by the acquisitions of a portfolio.
struct CandidateSet {
  Eigen::MatrixXd points;  // rows, snapped
  GpPrediction prediction;
};

// Whether u is within kDuplicateDistance of a row of `points`.
bool is_duplicate(const Eigen::VectorXd& u, const Eigen::MatrixXd& points);

// Value and gradient (w.r.t. the cube point) of the quantity the search
// minimises (search_value: -log EI, -PI or LCB) under the GP.
double acquisition_at(const GaussianProcess& gp, Acquisition a, const AcquisitionParams& params, double y_best,
                      const Eigen::VectorXd& x, Eigen::VectorXd* gradient = nullptr);

// The minimiser described above; nullopt when every candidate is excluded.
std::optional<AcquisitionProposal> minimize_acquisition(const GaussianProcess& gp, Acquisition a,
                                                        const AcquisitionParams& params, double y_best,
                                                        const CubeLayout& layout, const CandidateSet& candidates,
                                                        const Eigen::MatrixXd& excluded,
                                                        const AcquisitionSearchOptions& options,
                                                        const CubeFeasibleTest& feasible = {},
                                                        AcquisitionTrace* trace = nullptr);

}  // namespace tunet::tuner
