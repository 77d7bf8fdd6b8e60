// Journals written by an earlier build resume in this one. The journal in
// tests/data/journals/hyperband_v4.jsonl was written by search() below (the
// journal format of version 4); its bytes are replayed as committed:
//   - replay reads every event, and the table it gives is the table this
//     build computes from scratch;
//   - a journal cut in the middle of a trial (as a kill leaves it) resumes:
//     finished trials are not trained again, the interrupted one restarts,
//     and the finished search equals one run from scratch.
// A new journal version keeps this file and adds its own beside it:
//   TUNET_RECORD_JOURNAL=tests/data/journals/<name>.jsonl build/test_tuner_journal_compat
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fresh_dir.hpp"
#include "history_run.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

using testing::fresh_dir;

const fs::path kCommittedJournal = fs::path(TUNET_SOURCE_DIR) / "tests/data/journals/hyperband_v4.jsonl";

class CountedRun : public testing::HistoryRun {
 public:
  CountedRun(const Params& hp, int* epochs)
      : HistoryRun(hp.real("x") + (hp.str("kind") == "b" ? 0.1 : 0.0)), epochs_(epochs) {}
  Metrics train_epoch(int epoch) override {
    ++*epochs_;
    return HistoryRun::train_epoch(epoch);
  }

 private:
  int* epochs_;
};

// Hyperband (R = 9: brackets s = 2, 1, 0) over a conditional space; `epochs`
// counts the epochs trained.
Results search(const fs::path& repo, int* epochs) {
  Space space{Real("x", 0.0, 1.0), Categorical("kind", {"a", "b"}), Integer("layers", 1, 2),
              Real("dropout", 0.0, 0.5).active_if_at_least("layers", 2)};
  TrainingObjective objective(
      [epochs](const Params& hp, int, const TrialContext&) { return std::make_unique<CountedRun>(hp, epochs); },
      {.metric = "val_loss"});
  Hyperband hyperband({.R = 9, .eta = 3});
  return Study(space, objective, {.repo_dir = repo, .seed = 4242}).run(hyperband);
}

std::vector<std::string> committed_lines() {
  std::ifstream in(kCommittedJournal, std::ios::binary);
  REQUIRE(in);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line + "\n");
  return lines;
}

void write_lines(const fs::path& repo, const std::vector<std::string>& lines, size_t count) {
  fs::create_directories(repo);
  std::ofstream out(repo / Journal::kFileName, std::ios::binary);
  for (size_t i = 0; i < count; ++i) out << lines[i];
}

// The same trials, up to the last bits of real values (another build may round differently).
void check_same_trials(const Results& got, const Results& expected) {
  REQUIRE(got.trials().size() == expected.trials().size());
  for (size_t i = 0; i < got.trials().size(); ++i) {
    const Trial& a = got.trials()[i];
    const Trial& b = expected.trials()[i];
    CAPTURE(a.id);
    CHECK(a.id == b.id);
    CHECK(a.status == b.status);
    CHECK(a.budget == b.budget);
    CHECK(a.initial_epoch == b.initial_epoch);
    CHECK(a.bracket == b.bracket);
    CHECK(a.rung == b.rung);
    CHECK(a.resumed_from == b.resumed_from);
    CHECK(a.value_epoch == b.value_epoch);
    CHECK(a.history.size() == b.history.size());
    REQUIRE(a.params.size() == b.params.size());
    for (const auto& [name, value] : a.params) {
      REQUIRE(b.params.has(name));
      if (is_number(value)) CHECK(as_number(value) == doctest::Approx(as_number(b.params.at(name))).epsilon(1e-12));
      else CHECK(value == b.params.at(name));
    }
    REQUIRE(a.value.has_value() == b.value.has_value());
    if (a.value) CHECK(*a.value == doctest::Approx(*b.value).epsilon(1e-9));
  }
}

}  // namespace

TEST_CASE("The committed version-4 journal replays to the table this build computes") {
  int epochs = 0;
  const fs::path fresh = fresh_dir("journal_compat_fresh");
  const Results expected = search(fresh, &epochs);
  if (const char* record = std::getenv("TUNET_RECORD_JOURNAL")) {
    fs::copy_file(fresh / Journal::kFileName, record, fs::copy_options::overwrite_existing);
    MESSAGE("recorded " << std::string(record));
  }

  const std::vector<std::string> lines = committed_lines();
  const fs::path repo = fresh_dir("journal_compat_replay");
  write_lines(repo, lines, lines.size());
  const JournalState state = replay(Journal::read(repo));
  CHECK(state.header.at("version") == 4);
  CHECK(state.header.at("algorithm").at("name") == "hyperband");
  CHECK(state.metric == "val_loss");
  CHECK(state.mode == ObjectiveMode::Best);
  CHECK(state.trials.size() == expected.trials().size());
  for (const auto& [id, t] : state.trials) CHECK(t.finished());

  check_same_trials(Results::load(repo), expected);
}

TEST_CASE("The committed version-4 journal, cut in the middle of a trial, resumes") {
  const std::vector<std::string> lines = committed_lines();
  // The cut: after two epochs of the second trial of bracket 0 (no trial there
  // continues another, so no checkpoint is needed to resume).
  size_t cut = 0;
  int bracket_0_started = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string json = lines[i].substr(0, lines[i].rfind('\t'));
    const Json e = Json::parse(json);
    if (e.at("event") == "started" && e.at("bracket") == 0 && ++bracket_0_started == 2) {
      cut = i + 3;
      break;
    }
  }
  REQUIRE(cut > 0);
  REQUIRE(cut < lines.size());

  const fs::path repo = fresh_dir("journal_compat_resume");
  write_lines(repo, lines, cut);
  REQUIRE(Journal::read(repo).back().at("event") == "epoch");

  int epochs = 0;
  const Results resumed = search(repo, &epochs);
  CHECK(epochs == 2 * 9);  // the interrupted trial (its checkpoints are not committed) and the last one

  int fresh_epochs = 0;
  check_same_trials(resumed, search(fresh_dir("journal_compat_resume_fresh"), &fresh_epochs));

  // The committed lines stay as they were; the resumed search appends after them.
  std::ifstream in(repo / Journal::kFileName, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string committed;
  for (size_t i = 0; i < cut; ++i) committed += lines[i];
  CHECK(text.str().compare(0, committed.size(), committed) == 0);
}
