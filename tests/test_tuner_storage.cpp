// When the disk fails the search: a journal append or a checkpoint that
// cannot be written (a file size limit, as a full disk would) stops the search
// with a StorageError that says what happened, the journal and the last
// checkpoint are left intact, and the search resumes from them once the
// problem is gone, ending with the table of an undisturbed run. A repo_dir
// that cannot be written is refused before anything runs.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "fresh_dir.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/storage/storage_error.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

using testing::fresh_dir;

constexpr int kChildStorageError = 3;
constexpr int kChildOtherError = 4;

// A training run whose checkpoint after epoch e holds e * `padding` bytes
// more: a file size limit lets the early checkpoints through and stops a later one.
class GrowingRun : public TrainingRun {
 public:
  GrowingRun(const Params& hp, int* epochs, size_t padding)
      : target_(hp.real("x")), epochs_(epochs), padding_(padding) {}
  Metrics train_epoch(int epoch) override {
    ++*epochs_;
    state_ = 0.5 * state_ + 0.5 * target_ + 0.01 * epoch;
    epoch_ = epoch + 1;
    return {{"val_loss", std::abs(state_ - 0.4)}};
  }
  void save(const fs::path& path) override {
    std::ofstream out(path, std::ios::binary);
    out.precision(17);
    out << state_ << " " << epoch_ << "\n" << std::string(static_cast<size_t>(epoch_) * padding_, '.');
    out.close();
    if (!out) throw Error("GrowingRun: writing " + path.string() + " failed");
  }
  void load(const fs::path& path) override {
    std::ifstream in(path, std::ios::binary);
    in >> state_ >> epoch_;
    REQUIRE(in);
    CHECK(fs::file_size(path) > epoch_ * padding_);  // the whole checkpoint, never a piece
  }

 private:
  double target_;
  double state_ = 0;
  int epoch_ = 0;
  int* epochs_;
  size_t padding_;
};

Results search(const fs::path& repo, int* epochs, size_t padding) {
  Space space{Real("x", 0.0, 1.0)};
  TrainingObjective objective(
      [=](const Params& hp, int, const TrialContext&) { return std::make_unique<GrowingRun>(hp, epochs, padding); },
      {.metric = "val_loss"});
  RandomSearch random({.n_trials = 4});
  return Study(space, objective, {.repo_dir = repo, .seed = 5}).run(random, 3);
}

// Runs the search in a child process whose files may not grow past
// `limit_bytes` (RLIMIT_FSIZE; SIGXFSZ ignored, so a write fails with EFBIG).
// Returns the child's exit code; its error message goes to `message`.
int search_with_file_limit(const fs::path& repo, size_t padding, rlim_t limit_bytes, std::string& message) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(fds[0]);
    signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{limit_bytes, limit_bytes};
    setrlimit(RLIMIT_FSIZE, &limit);
    int code = 0;
    std::string what;
    try {
      int epochs = 0;
      search(repo, &epochs, padding);
    } catch (const StorageError& e) {
      code = kChildStorageError;
      what = e.what();
    } catch (const std::exception& e) {
      code = kChildOtherError;
      what = e.what();
    }
    if (write(fds[1], what.data(), what.size()) < 0) code = kChildOtherError;
    _exit(code);
  }
  close(fds[1]);
  char buffer[4096];
  ssize_t n = 0;
  message.clear();
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0) message.append(buffer, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string journal_text(const fs::path& repo) {
  std::ifstream in(repo / Journal::kFileName, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}


void check_same_trials(const Results& resumed, const Results& reference) {
  REQUIRE(resumed.trials().size() == reference.trials().size());
  for (size_t i = 0; i < reference.trials().size(); ++i) {
    CHECK(resumed.trials()[i].params.key() == reference.trials()[i].params.key());
    CHECK(resumed.trials()[i].value == reference.trials()[i].value);
    CHECK(resumed.trials()[i].status == reference.trials()[i].status);
  }
}

}  // namespace

TEST_CASE("A journal append that fails leaves the journal as it was; the search resumes") {
  int reference_epochs = 0;
  const Results reference = search(fresh_dir("storage_reference_small"), &reference_epochs, 0);
  const fs::path repo = fresh_dir("storage_journal_full");
  // Tiny checkpoints: the journal is the first file to reach the limit.
  std::string message;
  REQUIRE(search_with_file_limit(repo, 0, 2500, message) == kChildStorageError);
  INFO(message);
  CHECK(message.find("cannot append to the journal") != std::string::npos);
  CHECK(message.find("the journal is unchanged") != std::string::npos);
  CHECK(message.find("run it again to resume") != std::string::npos);

  const std::string text = journal_text(repo);
  CHECK(text.size() <= 2500);
  const JournalText parsed = parse_journal(text, "journal");
  CHECK(parsed.valid_bytes == text.size());  // whole lines only: nothing torn, nothing half written
  CHECK(parsed.torn_tail.empty());
  const size_t kept = parsed.events.size();
  REQUIRE(kept > 3);

  int epochs = 0;
  check_same_trials(search(repo, &epochs, 0), reference);
  CHECK(epochs < reference_epochs);  // what was journaled was not trained again
  CHECK(parse_journal(journal_text(repo), "journal").events.size() > kept);
}

TEST_CASE("A checkpoint that cannot be written stops the search; the last one is intact and resumed") {
  int reference_epochs = 0;
  const Results reference = search(fresh_dir("storage_reference_big"), &reference_epochs, 8192);
  const fs::path repo = fresh_dir("storage_checkpoint_full");
  // Checkpoints of 8, 16, 24 KiB: the third of the first trial fails.
  std::string message;
  REQUIRE(search_with_file_limit(repo, 8192, 20000, message) == kChildStorageError);
  INFO(message);
  CHECK(message.find("epoch-3.ckpt") != std::string::npos);
  CHECK(message.find("The search stopped; the journal and the last checkpoints") != std::string::npos);

  // The trial is not recorded as failed: it is still running, with two epochs and their checkpoint.
  const std::vector<Json> events = Journal::read(repo);
  for (const Json& e : events) CHECK(e["event"] != "finished");
  REQUIRE(events.back()["event"] == "epoch");
  CHECK(events.back()["epoch"] == 2);
  const fs::path last = repo / events.back()["checkpoint"].get<std::string>();
  REQUIRE(fs::exists(last));
  for (const auto& entry : fs::directory_iterator(last.parent_path()))
    CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);  // no half-written file left

  int epochs = 0;
  check_same_trials(search(repo, &epochs, 8192), reference);
  CHECK(epochs == reference_epochs - 2);  // trial 0 went on from its epoch-2 checkpoint
}

TEST_CASE("A repo_dir that cannot be written is refused before anything runs") {
  // Under the system's temporary folder, which every user may traverse (a
  // build tree in a private folder would stop "nobody" before the repo_dir).
  const fs::path repo = fs::temp_directory_path() / ("tunet_storage_read_only_" + std::to_string(getpid()));
  fs::remove_all(repo);
  fs::create_directories(repo);
  std::ofstream(repo / Journal::kFileName) << "";
  fs::permissions(repo / Journal::kFileName, fs::perms::all);  // the journal itself is writable ...
  fs::permissions(repo, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                            fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  // ... the directory is not (root may write anywhere: the check runs as "nobody" then).
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(fds[0]);
    if (getuid() == 0 && setuid(65534) != 0) _exit(kChildOtherError);
    int calls = 0;
    FunctionObjective objective([&](const Params&, int, TrialContext&) { return double(++calls); });
    RandomSearch random({.n_trials = 2});
    std::string what;
    int code = 0;
    try {
      Study(Space{Real("x", 0.0, 1.0)}, objective, {.repo_dir = repo}).run(random, 1);
    } catch (const StorageError& e) {
      what = e.what();
      code = calls == 0 ? kChildStorageError : kChildOtherError;
    } catch (const std::exception& e) {
      what = e.what();
      code = kChildOtherError;
    }
    if (write(fds[1], what.data(), what.size()) < 0) code = kChildOtherError;
    _exit(code);
  }
  close(fds[1]);
  std::string message;
  char buffer[1024];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) message.append(buffer, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  fs::permissions(repo, fs::perms::owner_all);
  INFO(message);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == kChildStorageError);
  CHECK(message.find("repo_dir " + repo.string() + " is not writable (Permission denied)") != std::string::npos);
  fs::remove_all(repo);
}
