// Ask/tell searches (tuner/study/ask_tell.hpp): asked and told one trial at a
// time they propose exactly what a Study runs (random, GP, Hyperband, ASHA);
// asks ahead of tells (the GP's constant liar, threads asking at once) get
// distinct trials; epochs told make Hyperband promote; a silent trial is
// handed out again, then failed; bad input leaves the journal as it was.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/config/ask_tell_config.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/ask_tell.hpp"
#include "tuner/study/results.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;
using testing::fresh_dir;

namespace {

Json config_with(const std::string& search) {
  return parse_config(R"({"space": {"x": {"type": "uniform", "low": -2, "high": 2},
                                    "k": {"type": "integer", "low": 1, "high": 4}},
                          "search": )" + search + R"(, "seed": 5})",
                      "test config");
}

double objective(const Params& p, int budget) {
  return std::pow(p.real("x") - 0.5, 2) + 0.1 * static_cast<double>(p.integer("k")) + 1.0 / budget;
}

std::string text_of(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Asks and tells until the search is over, one trial at a time.
std::vector<Trial> run_serially(const fs::path& dir) {
  AskTell run(dir);
  for (;;) {
    const AskTell::Asked a = run.ask();
    REQUIRE(a.kind != AskTell::Asked::Kind::Wait);
    if (a.kind == AskTell::Asked::Kind::Done) break;
    run.tell(a.trial.id, {.value = objective(a.trial.params, a.trial.budget)});
  }
  return Results::load(dir).trials();
}

}  // namespace

TEST_CASE("asked and told one at a time, a search proposes what the Study runs") {
  for (const char* search : {R"({"algorithm": "random", "n_trials": 6})",
                             R"({"algorithm": "gp", "n_calls": 8, "n_initial_points": 3})",
                             R"({"algorithm": "hyperband", "R": 9, "eta": 3})",
                             R"({"algorithm": "asha", "min_epochs": 1, "max_epochs": 9, "eta": 3, "max_trials": 8})"}) {
    CAPTURE(search);
    const Json config = config_with(search);
    const fs::path dir = fresh_dir("ask_tell_serial");
    CHECK(AskTell::create(config, dir));
    CHECK_FALSE(AskTell::create(config, dir));  // already made: left as it is
    const std::vector<Trial> told = run_serially(dir);

    AskTellSettings s = parse_ask_tell_config(config);
    FunctionObjective f([](const Params& p, int budget, TrialContext&) { return objective(p, budget); });
    Study study(s.space, f, {.repo_dir = fresh_dir("ask_tell_study"), .seed = s.seed});
    const std::vector<Trial> ran = study.run(*s.plan.scheduler).trials();
    REQUIRE(told.size() == ran.size());
    for (size_t i = 0; i < told.size(); ++i) {
      CHECK(told[i].params.key() == ran[i].params.key());
      CHECK(told[i].budget == ran[i].budget);
      CHECK(told[i].resumed_from == ran[i].resumed_from);
      CHECK(*told[i].value == doctest::Approx(*ran[i].value));
    }
  }
}

TEST_CASE("asks ahead of tells: pending trials, the GP's constant liar, threads asking at once") {
  const fs::path dir = fresh_dir("ask_tell_pending");
  AskTell::create(config_with(R"({"algorithm": "gp", "n_calls": 12, "n_initial_points": 3})"), dir);
  AskTell run(dir);
  for (int i = 0; i < 3; ++i) {
    const AskTell::Asked a = run.ask();
    run.tell(a.trial.id, {.value = objective(a.trial.params, 1)});
  }
  // Model-based proposals with earlier ones pending: each new one keeps away from them.
  std::set<std::string> keys;
  std::vector<AskTell::Asked> pending;
  for (int i = 0; i < 3; ++i) {
    pending.push_back(run.ask());
    REQUIRE(pending.back().kind == AskTell::Asked::Kind::Trial);
    keys.insert(pending.back().trial.params.key());
  }
  CHECK(keys.size() == 3);

  // Four threads, each with its own handle, ask at once: the lock gives each its own trial.
  std::vector<int> ids(4, -1);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] { ids[t] = AskTell(dir).ask().trial.id; });
  for (std::thread& t : threads) t.join();
  CHECK(std::set<int>(ids.begin(), ids.end()).size() == 4);
  CHECK(*std::min_element(ids.begin(), ids.end()) == 6);
  CHECK(Results::load(dir).trials().size() == 10);
}

TEST_CASE("epochs told one by one: Hyperband promotes at the budget, the mode picks the value") {
  const fs::path dir = fresh_dir("ask_tell_epochs");
  AskTell::create(config_with(R"({"algorithm": "hyperband", "R": 3, "eta": 3,
                                   "objective": {"name": "loss", "mode": "best"}})"),
                  dir);
  AskTell run(dir);
  std::vector<AskTell::Asked> rung;
  for (AskTell::Asked a = run.ask(); a.kind == AskTell::Asked::Kind::Trial; a = run.ask()) rung.push_back(a);
  REQUIRE(rung.size() >= 3);
  CHECK(run.ask().kind == AskTell::Asked::Kind::Wait);
  for (const AskTell::Asked& a : rung) {
    for (int e = a.trial.initial_epoch + 1; e <= a.trial.budget; ++e) {
      const Trial t = run.tell(a.trial.id, {.value = a.trial.id + 1.0 / e, .epoch = e});
      CHECK(t.finished() == (e == a.trial.budget));
    }
  }
  const AskTell::Asked promoted = run.ask();
  REQUIRE(promoted.kind == AskTell::Asked::Kind::Trial);
  REQUIRE(promoted.trial.resumed_from);
  CHECK(*promoted.trial.resumed_from == 0);  // the smallest loss of rung 0
  CHECK(promoted.trial.initial_epoch == 1);
  run.tell(promoted.trial.id, {.value = 0.4, .epoch = 2});
  const Trial done = run.tell(promoted.trial.id, {.value = 0.6, .epoch = 3});
  CHECK(*done.value == 0.4);  // mode best: its best told epoch
  CHECK(done.value_epoch == 2);
  CHECK(done.history.size() == 2);
}

TEST_CASE("a silent trial is handed out again after the timeout, then fails after max_trial_retries") {
  const fs::path dir = fresh_dir("ask_tell_lost");
  Json config = config_with(R"({"algorithm": "random", "n_trials": 3})");
  config["max_trial_retries"] = 1;
  AskTell::create(config, dir);
  AskTell run(dir, {.lost_after_s = 0.05});
  const AskTell::Asked first = run.ask();
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  const AskTell::Asked again = run.ask();
  CHECK(again.trial.id == first.trial.id);
  CHECK(again.attempt == 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  const AskTell::Asked next = run.ask();  // lost twice: failed, and the next trial comes
  CHECK(next.trial.id == first.trial.id + 1);
  const Trial failed = Results::load(dir).trials().at(0);
  CHECK(failed.status == TrialStatus::Failed);
  CHECK(failed.failure.find("max_trial_retries 1") != std::string::npos);
  const std::string journal = text_of(dir / Journal::kFileName);
  CHECK(journal.find("\"event\":\"lost\"") != std::string::npos);
}

TEST_CASE("bad input: one line, the journal unchanged; a value that is no number fails the trial") {
  const fs::path dir = fresh_dir("ask_tell_bad");
  AskTell::create(config_with(R"({"algorithm": "random", "n_trials": 4, "epochs": 3})"), dir);
  AskTell run(dir);
  const AskTell::Asked a = run.ask();
  run.tell(a.trial.id, {.value = 1.0, .epoch = 1});
  std::string before = text_of(dir / Journal::kFileName);
  auto refused = [&](const Told& told, int id, const std::string& needle) {
    CAPTURE(needle);
    try {
      run.tell(id, told);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find(needle) != std::string::npos);
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
    CHECK(text_of(dir / Journal::kFileName) == before);
  };
  refused({.value = 1.0}, 9, "trial 9: no such trial");
  refused({.value = 1.0, .epoch = 1}, a.trial.id, "epoch 1 is not in 2..3");
  refused({.value = 1.0, .epoch = 4}, a.trial.id, "epoch 4 is not in 2..3");
  CHECK_THROWS_WITH_AS(AskTell::create(config_with(R"({"algorithm": "random", "n_trials": 5, "epochs": 3})"), dir),
                       doctest::Contains("its algorithm differs"), Error);
  CHECK(text_of(dir / Journal::kFileName) == before);

  CHECK_THROWS_WITH_AS(run.tell(a.trial.id, {.value = std::nan("")}), doctest::Contains("recorded as failed"), Error);
  const Trial failed = Results::load(dir).trials().at(0);
  CHECK(failed.status == TrialStatus::Failed);
  CHECK(failed.failure.find("is not a finite number") != std::string::npos);
  before = text_of(dir / Journal::kFileName);
  refused({.value = 2.0}, a.trial.id, "finished already");
  CHECK_THROWS_WITH_AS(AskTell(fresh_dir("ask_tell_none")), doctest::Contains("not an ask/tell run"), Error);
}

TEST_CASE("crash safety: a tell cut short between its events is finished by the next call; a torn line is dropped") {
  const fs::path dir = fresh_dir("ask_tell_crash");
  AskTell::create(config_with(R"({"algorithm": "random", "n_trials": 3, "epochs": 2})"), dir);
  AskTell run(dir);
  const AskTell::Asked a = run.ask();
  {
    Journal journal(dir);  // what a tell writes before its "finished" event
    EpochRecord last;
    last.epoch = 2;
    last.metrics = {{"value", 0.25}};
    journal.append(epoch_event(a.trial.id, last, ""));
  }
  std::ofstream(dir / Journal::kFileName, std::ios::app) << "{\"event\":\"started\",\"tri";  // torn by a crash
  const AskTell::Asked b = run.ask();
  CHECK(b.trial.id == a.trial.id + 1);
  const Trial done = Results::load(dir).trials().at(0);
  CHECK(done.status == TrialStatus::Completed);
  CHECK(*done.value == 0.25);
  CHECK(text_of(dir / Journal::kFileName).find("\"tri\n") == std::string::npos);
}

TEST_CASE("an ask/tell config: no model or data, no deadline stopper, a direction for unknown names") {
  CHECK_THROWS_WITH_AS(parse_ask_tell_config(parse_config(
                           R"({"space": {"x": {"type": "uniform", "low": 0, "high": 1}},
                               "search": {"algorithm": "random", "n_trials": 3}, "model": []})", "c")),
                       doctest::Contains("unknown field 'model'"), Error);
  CHECK_THROWS_WITH_AS(parse_ask_tell_config(config_with(R"({"algorithm": "random", "n_trials": 3,
                                       "stoppers": [{"type": "deadline", "total_time": 60}]})")),
                       doctest::Contains("search.stoppers[0]: a deadline counts from"), Error);
  CHECK_THROWS_WITH_AS(parse_ask_tell_config(config_with(R"({"algorithm": "random", "n_trials": 3,
                                                              "objective": "f1"})")),
                       doctest::Contains("no direction for 'f1'"), Error);
  const AskTellSettings s = parse_ask_tell_config(config_with(R"({"algorithm": "grid", "points": 2,
                                                                  "objective": "val_accuracy"})"));
  CHECK(s.direction == Direction::Maximize);
  CHECK(s.mode == ObjectiveMode::Last);
}

TEST_CASE("told as pruned or failed: the status, the reason, the last told epoch's value") {
  const fs::path dir = fresh_dir("ask_tell_pruned");
  AskTell::create(config_with(R"({"algorithm": "random", "n_trials": 3, "epochs": 4})"), dir);
  AskTell run(dir);
  const AskTell::Asked a = run.ask();
  const AskTell::Asked b = run.ask();
  run.tell(a.trial.id, {.value = 0.7, .epoch = 1});
  const Trial pruned = run.tell(a.trial.id, {.status = TrialStatus::Pruned, .reason = "no better than the median"});
  CHECK(pruned.status == TrialStatus::Pruned);
  CHECK(*pruned.value == 0.7);
  CHECK(pruned.failure == "no better than the median");
  const Trial failed = run.tell(b.trial.id, {.status = TrialStatus::Failed});
  CHECK(failed.status == TrialStatus::Failed);
  CHECK(failed.failure == "told as failed");
  CHECK(run.ask().trial.id == 2);
}
