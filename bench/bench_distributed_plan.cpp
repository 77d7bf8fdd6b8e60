// What a distributed Hyperband (or ASHA) search would do on W workers, on
// paper: the real schedulers drive a simulated cluster in which a trial takes
// (epochs it trains) x epoch_s seconds and every message costs nothing. It
// prints, per W: the wall time of the whole search (its critical path with
// the rung barriers), the speed-up over one worker, how busy the workers are,
// and what the coordinator sends and receives (messages, checkpoint bytes).
//
//   bench_distributed_plan [--R 81] [--eta 3] [--epoch-s 0.5] [--checkpoint-bytes 636871]
// Defaults: the Fashion-MNIST MLP search of examples/fashion_mlp_hyperband.json
// at R = 81: one epoch takes ~0.5 s on one thread, a checkpoint (weights +
// RMSprop state) is 636,871 bytes.
#include <cmath>
#include <cstdio>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "bench_args.hpp"
#include "tuner/schedulers/asha.hpp"
#include "tuner/schedulers/hyperband.hpp"

using namespace tunet;
using namespace tunet::tuner;

namespace {

struct Plan {
  double wall_s = 0;
  double busy_s = 0;  // worker-seconds spent training
  long trials = 0, epochs = 0, messages = 0;
  double checkpoint_bytes = 0;
};

// A configuration's synthetic loss: fixed by its x, better with more epochs.
double loss_of(const TrialSpec& spec) {
  const double x = spec.params.real("x");
  return std::pow(x - 0.3, 2) + 1.0 / spec.budget;
}

Plan simulate(Scheduler& scheduler, int workers, double epoch_s, double checkpoint_bytes) {
  const Space space{Real("x", 0.0, 1.0)};
  scheduler.start(space, Rng(1, 1), Direction::Minimize);
  using Running = std::pair<double, Trial>;  // (end time, trial)
  auto later = [](const Running& a, const Running& b) { return a.first > b.first; };
  std::priority_queue<Running, std::vector<Running>, decltype(later)> running(later);
  Plan plan;
  double now = 0;
  int id = 0;
  for (;;) {
    while (static_cast<int>(running.size()) < workers) {
      std::optional<TrialSpec> spec = scheduler.next();
      if (!spec) break;
      Trial t = spec->trial(id++);
      t.status = TrialStatus::Completed;
      t.value = t.loss = loss_of(*spec);
      const int epochs = t.budget - t.initial_epoch;
      plan.trials += 1;
      plan.epochs += epochs;
      plan.busy_s += epochs * epoch_s;
      plan.messages += 2 + epochs;  // job, one per epoch, finished
      plan.checkpoint_bytes += (epochs + (t.resumed_from ? 1 : 0)) * checkpoint_bytes;
      running.push({now + epochs * epoch_s, t});
    }
    if (running.empty()) break;
    auto [end, trial] = running.top();
    running.pop();
    now = end;
    scheduler.tell(trial);
  }
  plan.wall_s = now;
  return plan;
}

}  // namespace

int main(int argc, char** argv) {
  const char* usage = "bench_distributed_plan [--R 81] [--eta 3] [--epoch-s 0.5] [--checkpoint-bytes 636871]";
  check_args(argc, argv, usage, {"--R", "--eta", "--epoch-s", "--checkpoint-bytes"}, 0);
  const int R = arg_int(argc, argv, "--R", 81), eta = arg_int(argc, argv, "--eta", 3);
  const double epoch_s = arg_double(argc, argv, "--epoch-s", 0.5);
  const double checkpoint = arg_double(argc, argv, "--checkpoint-bytes", 636871);
  std::printf("R = %d, eta = %d, one epoch = %.2f s on a worker, checkpoint = %.0f bytes; messages cost nothing here\n\n",
              R, eta, epoch_s, checkpoint);
  std::printf("| scheduler | workers | trials | epochs | wall | speed-up | workers busy | messages | checkpoint MB |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  for (const char* name : {"hyperband", "asha"}) {
    double one = 0;
    for (int workers : {1, 8, 16, 64}) {
      std::unique_ptr<Scheduler> s;
      if (std::string(name) == "hyperband") s = std::make_unique<Hyperband>(HyperbandOptions{.R = R, .eta = eta});
      else s = std::make_unique<Asha>(AshaOptions{.min_epochs = 1, .max_epochs = R, .eta = eta, .max_trials = 143});
      const Plan p = simulate(*s, workers, epoch_s, checkpoint);
      if (workers == 1) one = p.wall_s;
      std::printf("| %s | %d | %ld | %ld | %.0f s (%.1f epochs) | %.1fx | %.0f%% | %ld | %.0f |\n", name, workers,
                  p.trials, p.epochs, p.wall_s, p.wall_s / epoch_s, one / p.wall_s,
                  100 * p.busy_s / (workers * p.wall_s), p.messages, p.checkpoint_bytes / 1e6);
    }
  }
  std::printf("\nASHA: max_trials = 143 configurations (Hyperband's at R = %d), rungs 1, %d, ... up to R epochs.\n", R, eta);
}
