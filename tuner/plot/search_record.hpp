#pragma once
// A search as its journal records it, read for the pictures and the report:
// the results table plus what the journal's header says about the algorithm.
// Works on a finished search and on one still running (its unfinished trials
// are left out of every picture).
//
//   SearchRecord search = load_search("runs/fashion_mlp_hyperband");
//   search.hyperband();           // true: brackets and rungs are recorded
//   search.configurations();      // one trial per configuration, in order
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "tuner/config/json.hpp"
#include "tuner/study/results.hpp"

namespace tunet::tuner::plot {

struct SearchRecord {
  std::filesystem::path repo_dir;
  Results results;
  std::string algorithm;  // "grid", "random", "gp" or "hyperband" (the journal's name)
  Json settings;          // the algorithm's settings as journaled
  std::uint64_t seed = 0;

  bool hyperband() const { return algorithm == "hyperband"; }
  // Finished trials in id order.
  std::vector<const Trial*> finished() const;
  // The first trial of each configuration, in id order (under Hyperband a
  // survivor's continuation is the same configuration, not a new one).
  std::vector<const Trial*> configurations() const;
  // The trials of `last`'s configuration up to and including it, first one first.
  std::vector<const Trial*> lineage(const Trial& last) const;
  // The last finished trial of the configuration `first` starts (itself when it was not continued).
  const Trial& final_trial(const Trial& first) const;
  const Trial* find(int id) const;
  // "hyperband R=20 eta=3 (runs/x)" and the like: a label for legends.
  std::string label() const;
};

// Throws Error when repo_dir holds no journal.
SearchRecord load_search(const std::filesystem::path& repo_dir);

}  // namespace tunet::tuner::plot
