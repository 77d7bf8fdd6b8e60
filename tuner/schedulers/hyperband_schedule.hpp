#pragma once
// The Hyperband schedule for (R, eta), computed before any training, and its
// printed forms. Budgets are whole epochs: r_i rounded to the nearest integer,
// halves up, never below 1. Two totals: from scratch (every rung retrains;
// Hobbit's "Total epochs") and with continuation (survivors resume).
//
//   HyperbandSchedule s = hyperband_schedule(20, 3);
//   s.total_from_scratch;   // 174
//   s.total_continued;      // 154
//   print_schedule(std::cout, s);   // Hobbit's table plus the two totals
#include <iosfwd>
#include <vector>

namespace tunet::tuner {

struct Rung {
  int models = 0;       // n_i
  double exact_budget;  // r_i = R eta^(i - s)
  int epochs = 0;       // r_i rounded
};

struct Bracket {
  int s = 0;
  std::vector<Rung> rungs;  // i = 0..s
};

struct HyperbandSchedule {
  int R = 0, eta = 0, s_max = 0;
  std::vector<Bracket> brackets;  // s = s_max .. 0
  long total_from_scratch = 0;    // sum of models * epochs
  long total_continued = 0;       // sum of models * (epochs - previous rung's epochs)
  int configurations = 0;         // sum of rung-0 models
};

// Throws Error unless R >= 1 and eta >= 2.
HyperbandSchedule hyperband_schedule(int R, int eta);

// Hobbit's table (run=1.., Init/Cont rows of models and epochs), then both totals.
void print_schedule(std::ostream& out, const HyperbandSchedule& schedule);

}  // namespace tunet::tuner
