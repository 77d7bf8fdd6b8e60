// The journal's lines and what survives damage: every line carries a CRC-32;
// a last line torn by a crash is dropped (and cut off when the journal is
// opened again), a corrupt line before the end is an error naming its line;
// journals written before checksums existed are still read and resumed; a
// replay error names the event and the field, never the JSON library.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/storage/crc32.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

using testing::fresh_dir;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// A finished three-trial search in `repo`; returns its results.csv.
std::string small_search(const fs::path& repo, int* calls) {
  Space space{Real("x", 0.0, 1.0)};
  FunctionObjective objective([calls](const Params& hp, int, TrialContext&) {
    ++*calls;
    return hp.real("x");
  });
  RandomSearch random({.n_trials = 3});
  return Study(space, objective, {.repo_dir = repo, .seed = 9}).run(random, 1).csv();
}

}  // namespace

TEST_CASE("CRC-32 has the standard check value") {
  CHECK(crc32("123456789") == 0xCBF43926u);
  CHECK(crc32("") == 0u);
}

TEST_CASE("Every journal line is JSON, a tab and its CRC-32") {
  const std::string line = journal_line(Json{{"event", "resumed"}});
  CHECK(line == "{\"event\":\"resumed\"}\t" + [] {
    char hex[16];
    std::snprintf(hex, sizeof hex, "%08x", crc32("{\"event\":\"resumed\"}"));
    return std::string(hex);
  }() + "\n");
  // A tab inside a value is escaped by the JSON text: the last tab is always the separator.
  const JournalText parsed = parse_journal(journal_line(Json{{"event", "resumed"}, {"note", "a\tb"}}), "j");
  REQUIRE(parsed.events.size() == 1);
  CHECK(parsed.events[0]["note"] == "a\tb");

  int calls = 0;
  const fs::path repo = fresh_dir("journal_format");
  small_search(repo, &calls);
  for (const std::string& l : lines_of(read_text(repo / Journal::kFileName))) {
    const size_t tab = l.rfind('\t');
    REQUIRE(tab != std::string::npos);
    char hex[16];
    std::snprintf(hex, sizeof hex, "%08x", crc32(l.substr(0, tab)));
    CHECK(l.substr(tab + 1) == hex);
  }
  CHECK(Journal::read(repo).front()["version"] == Journal::kVersion);
}

TEST_CASE("A torn last line is dropped, and cut off when the search resumes") {
  int calls = 0;
  const fs::path repo = fresh_dir("journal_torn");
  const std::string table = small_search(repo, &calls);
  const fs::path path = repo / Journal::kFileName;
  const std::string whole = read_text(path);
  const size_t events = Journal::read(repo).size();

  // Cut inside the last line: no newline.
  write_text(path, whole.substr(0, whole.size() - 7));
  CHECK(Journal::read(repo).size() == events - 1);

  // A whole last line whose bytes changed (a write the disk did not finish).
  std::vector<std::string> lines = lines_of(whole);
  lines.back()[5] ^= 1;
  write_text(path, joined(lines));
  const JournalText parsed = parse_journal(read_text(path), path.string());
  CHECK(parsed.events.size() == events - 1);
  CHECK(parsed.torn_tail.find("journal.jsonl:" + std::to_string(lines.size()) +
                              ": the last line is torn: checksum mismatch") != std::string::npos);

  // Resuming drops it for good (the file ends with whole lines again), reruns
  // nothing that was recorded, and ends with the same table.
  Journal opened(repo);
  CHECK(opened.repaired_tail() == parsed.torn_tail);
  CHECK(read_text(path) == joined({lines.begin(), lines.end() - 1}));
  calls = 0;
  CHECK(small_search(repo, &calls) == table);
  CHECK(calls == 1);  // only the trial whose "finished" line was torn runs again
}

TEST_CASE("A corrupt line before the end is an error naming the file and the line") {
  int calls = 0;
  const fs::path repo = fresh_dir("journal_corrupt");
  small_search(repo, &calls);
  const fs::path path = repo / Journal::kFileName;
  std::vector<std::string> lines = lines_of(read_text(path));
  REQUIRE(lines.size() > 4);

  std::vector<std::string> flipped = lines;
  flipped[2][10] ^= 4;  // one bit of line 3
  write_text(path, joined(flipped));
  CHECK_THROWS_WITH_AS(Journal::read(repo), doctest::Contains("journal.jsonl:3: checksum mismatch"), Error);
  CHECK_THROWS_WITH_AS(Journal{repo}, doctest::Contains("journal.jsonl:3: checksum mismatch"), Error);

  std::vector<std::string> stripped = lines;
  stripped[3] = stripped[3].substr(0, stripped[3].rfind('\t'));  // a line without its checksum after checksummed ones
  write_text(path, joined(stripped));
  CHECK_THROWS_WITH_AS(Journal::read(repo), doctest::Contains("journal.jsonl:4: no checksum"), Error);

  std::vector<std::string> garbage = lines;
  garbage.insert(garbage.begin() + 1, std::string(40, '\0'));  // a block of zeros from a crashed file system
  write_text(path, joined(garbage));
  CHECK_THROWS_WITH_AS(Journal::read(repo), doctest::Contains("journal.jsonl:2:"), Error);
  write_text(path, joined(lines));
  CHECK(Journal::read(repo).size() == lines.size());  // nothing else was touched
}

TEST_CASE("A journal written before checksums (version 1) is read and resumed") {
  int calls = 0;
  const fs::path repo = fresh_dir("journal_v1");
  const std::string table = small_search(repo, &calls);
  const fs::path path = repo / Journal::kFileName;
  // Rewrite it as version 1 wrote it: plain JSON lines.
  std::vector<std::string> lines;
  for (Json e : Journal::read(repo)) {
    if (e["event"] == "study") e["version"] = 1;
    lines.push_back(e.dump());
  }
  lines.pop_back();  // interrupted before the last event
  write_text(path, joined(lines));
  REQUIRE(Journal::read(repo).size() == lines.size());

  CHECK(small_search(repo, &calls) == table);
  const std::vector<std::string> resumed = lines_of(read_text(path));
  CHECK(resumed.front().find('\t') == std::string::npos);  // the old lines stay as they were
  CHECK(resumed.back().find('\t') != std::string::npos);   // the new ones carry checksums
  CHECK(Journal::read(repo).size() == resumed.size());
}

TEST_CASE("Replay errors name the event and the field, not the JSON library") {
  auto error_of = [](const std::vector<Json>& events) {
    try {
      replay(events);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const Json study = {{"event", "study"},
                      {"space", {{"x", {{"type", "real"}, {"low", 0}, {"high", 1}}}}},
                      {"objective", {{"metric", "value"}, {"direction", "minimize"}}}};
  const Json started = {{"event", "started"}, {"trial", 0},  {"params", {{"x", 0.5}}}, {"budget", 1},
                        {"initial_epoch", 0}, {"bracket", -1}, {"rung", -1},          {"resumed_from", nullptr}};
  Json bad_budget = started;
  bad_budget["budget"] = "one";
  CHECK(error_of({study, bad_budget}) == "journal event 2.budget: expected an integer in [0, 2147483647], got \"one\"");
  Json orphan = {{"event", "epoch"}, {"trial", 5}, {"epoch", 1}, {"metrics", Json::object()}, {"wall_s", 0.1},
                 {"checkpoint", ""}};
  CHECK(error_of({study, orphan}).find("trial 5 has no \"started\" event") != std::string::npos);
  Json bad_status = {{"event", "finished"}, {"trial", 0}, {"status", "done"}, {"value", 1.0}, {"folds", Json::array()},
                     {"wall_s", 0.1},       {"failure", ""}, {"checkpoint", ""}};
  CHECK(error_of({study, started, bad_status}).find("journal event 3.status: expected completed, failed or pruned") !=
        std::string::npos);
  Json missing = started;
  missing.erase("params");
  CHECK(error_of({study, missing}) == "journal event 2: missing \"params\"");
  Json bad_space = study;
  bad_space["space"]["x"]["low"] = "zero";
  CHECK(error_of({bad_space}).find("space.x.low: expected a number, got \"zero\"") != std::string::npos);
}

TEST_CASE("A line that is not JSON is named with the parser's reason, not the JSON library's code") {
  // Found by the journal fuzz target (tests/fuzz/regressions/journal/library_parse_message.jsonl).
  const std::string text = "{\"event\":\"resumed\",\"x\":1e999}\n{\"event\":\"resumed\"}\n";
  try {
    parse_journal(text, "j.jsonl");
    FAIL("no error");
  } catch (const Error& e) {
    const std::string what = e.what();
    CHECK(what.find("j.jsonl:1: not a journal event: number overflow parsing '1e999'") == 0);
    CHECK(what.find("json.exception") == std::string::npos);
  }
  CHECK_THROWS_WITH_AS(parse_journal("{\"event\":\"resum\n{}\n", "j.jsonl"),
                       doctest::Contains("j.jsonl:1: not a journal event: syntax error while parsing value"), Error);
}
