#include "tuner/schedulers/hyperband_schedule.hpp"

#include <algorithm>
#include <ostream>
#include <string>

#include "core/error.hpp"

namespace tunet::tuner {

namespace {

long ipow(long base, int exp) {
  long p = 1;
  for (int i = 0; i < exp; ++i) p *= base;
  return p;
}

}  // namespace

HyperbandSchedule hyperband_schedule(int R, int eta) {
  check(R >= 1, "Hyperband: R (the maximum epochs per configuration) must be >= 1, got " + std::to_string(R));
  check(eta >= 2, "Hyperband: eta (the cut factor) must be >= 2, got " + std::to_string(eta));
  check(R <= 1'000'000, "Hyperband: R = " + std::to_string(R) + " is too large (at most 1000000)");
  HyperbandSchedule sch;
  sch.R = R;
  sch.eta = eta;
  // s_max = floor(log_eta R), exactly: the largest s with eta^s <= R.
  while (ipow(eta, sch.s_max + 1) <= R) ++sch.s_max;

  for (int s = sch.s_max; s >= 0; --s) {
    Bracket b;
    b.s = s;
    const long eta_s = ipow(eta, s);
    // n = ceil((s_max + 1) / (s + 1) * eta^s)
    const long n = ((sch.s_max + 1) * eta_s + s) / (s + 1);
    int previous_epochs = 0;
    for (int i = 0; i <= s; ++i) {
      const long eta_i = ipow(eta, i);
      Rung r;
      r.models = static_cast<int>(n / eta_i);                                  // floor(n eta^-i)
      r.exact_budget = static_cast<double>(R) * static_cast<double>(eta_i) / static_cast<double>(eta_s);
      // r_i = R eta^i / eta^s rounded half up: floor((2 R eta^i + eta^s) / (2 eta^s)), at least 1
      r.epochs = static_cast<int>(std::max(1L, (2 * R * eta_i + eta_s) / (2 * eta_s)));
      sch.total_from_scratch += static_cast<long>(r.models) * r.epochs;
      sch.total_continued += static_cast<long>(r.models) * (r.epochs - previous_epochs);
      previous_epochs = r.epochs;
      b.rungs.push_back(r);
    }
    sch.configurations += b.rungs.front().models;
    sch.brackets.push_back(std::move(b));
  }
  return sch;
}

void print_schedule(std::ostream& out, const HyperbandSchedule& sch) {
  const std::string rule(100, '-');
  out << rule << "\n";
  for (size_t b = 0; b < sch.brackets.size(); ++b) out << "\trun=" << b + 1 << "\t";
  out << "\n";
  for (size_t b = 0; b < sch.brackets.size(); ++b) out << "\tmodels\tepochs";
  out << "\n";
  for (int i = 0; i <= sch.s_max; ++i) {
    out << (i == 0 ? "Init" : "Cont");
    for (const Bracket& b : sch.brackets)
      if (i < static_cast<int>(b.rungs.size())) out << "\t" << b.rungs[i].models << "\t" << b.rungs[i].epochs;
    out << "\n";
  }
  out << rule << "\n";
  out << "Total epochs=" << sch.total_from_scratch << "\n";
  out << "Total epochs with continuation=" << sch.total_continued
      << " (survivors resume from their checkpoint; " << sch.configurations << " configurations, R="
      << sch.R << ", eta=" << sch.eta << ")\n";
  out << rule << "\n";
}

}  // namespace tunet::tuner
