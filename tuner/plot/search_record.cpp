#include "tuner/plot/search_record.hpp"

#include "core/error.hpp"
#include "tuner/storage/journal.hpp"

namespace tunet::tuner::plot {

SearchRecord load_search(const std::filesystem::path& repo_dir) {
  JournalState state = replay(Journal::read(repo_dir));
  check(!state.header.is_null(), "no search journal (" + std::string(Journal::kFileName) + ") in " +
                                     repo_dir.string());
  const Json& header = state.header;
  SearchRecord r;
  r.repo_dir = repo_dir;
  r.results = Results::from_state(state, repo_dir);
  r.algorithm = header.at("algorithm").at("name").get<std::string>();
  r.settings = header.at("algorithm").at("settings");
  r.seed = header.at("seed").get<std::uint64_t>();
  return r;
}

std::vector<const Trial*> SearchRecord::finished() const {
  std::vector<const Trial*> out;
  for (const Trial& t : results.trials())
    if (t.finished()) out.push_back(&t);
  return out;
}

std::vector<const Trial*> SearchRecord::configurations() const {
  std::vector<const Trial*> out;
  for (const Trial* t : finished())
    if (!t->resumed_from) out.push_back(t);
  return out;
}

const Trial* SearchRecord::find(int id) const {
  for (const Trial& t : results.trials())
    if (t.id == id) return &t;
  return nullptr;
}

std::vector<const Trial*> SearchRecord::lineage(const Trial& last) const {
  std::vector<const Trial*> chain{&last};
  while (chain.front()->resumed_from) {
    const Trial* parent = find(*chain.front()->resumed_from);
    if (!parent) break;
    chain.insert(chain.begin(), parent);
  }
  return chain;
}

const Trial& SearchRecord::final_trial(const Trial& first) const {
  const Trial* last = &first;
  for (const Trial& t : results.trials())  // continuations have larger ids than the trial they continue
    if (t.finished() && t.resumed_from && *t.resumed_from == last->id) last = &t;
  return *last;
}

std::string SearchRecord::label() const {
  std::string text = algorithm;
  if (hyperband()) text += " R=" + settings.at("R").dump() + " eta=" + settings.at("eta").dump();
  return text + " (" + repo_dir.filename().string() + ")";
}

}  // namespace tunet::tuner::plot
