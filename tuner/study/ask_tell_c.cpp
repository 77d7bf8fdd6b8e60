// The C API (ask_tell_c.h) over AskTell: every call catches what AskTell
// throws and keeps its message in the handle; no exception crosses into C.
#include "tuner/study/ask_tell_c.h"

#include <exception>
#include <new>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/study/ask_tell.hpp"

struct tunet_run {
  std::string run_dir;
  tunet::tuner::AskTellOptions options;
  std::optional<tunet::tuner::AskTell> run;
  std::string error;
  std::string trial_json;
};

namespace {

namespace tu = tunet::tuner;

// Runs `call` on an open handle: TUNET_OK, or TUNET_ERROR with the message kept.
template <typename Call>
int guarded(tunet_run* handle, Call call) {
  if (!handle) return TUNET_ERROR;
  handle->error.clear();
  try {
    if (!handle->run) throw tunet::Error("the run is not open: " + handle->run_dir);
    return call(*handle->run);
  } catch (const std::exception& e) {
    handle->error = e.what();
  } catch (...) {
    handle->error = "unknown error";
  }
  return TUNET_ERROR;
}

int tell(tunet_run* handle, int trial_id, const tu::Told& told) {
  return guarded(handle, [&](tu::AskTell& run) {
    run.tell(trial_id, told);
    return TUNET_OK;
  });
}

}  // namespace

extern "C" {

int tunet_run_open(const char* run_dir, const char* config_path, tunet_run** out) {
  if (!out) return TUNET_ERROR;
  tunet_run* handle = new (std::nothrow) tunet_run;
  *out = handle;
  if (!handle) return TUNET_ERROR;
  try {
    if (!run_dir || !*run_dir) throw tunet::Error("tunet_run_open: run_dir is empty");
    handle->run_dir = run_dir;
    if (config_path && *config_path) tu::AskTell::create(tu::read_config(config_path), run_dir);
    handle->run.emplace(run_dir, handle->options);
    return TUNET_OK;
  } catch (const std::exception& e) {
    handle->error = e.what();
  } catch (...) {
    handle->error = "unknown error";
  }
  return TUNET_ERROR;
}

int tunet_run_set_timeouts(tunet_run* handle, double lost_after_s, double lock_timeout_s) {
  return guarded(handle, [&](tu::AskTell& run) {
    handle->options = {.lost_after_s = lost_after_s, .lock_timeout_s = lock_timeout_s};
    const std::filesystem::path dir = run.run_dir();
    handle->run.emplace(dir, handle->options);
    return TUNET_OK;
  });
}

int tunet_run_ask(tunet_run* handle, int* trial_id, const char** trial_json) {
  if (trial_id) *trial_id = -1;
  if (trial_json) *trial_json = "";
  return guarded(handle, [&](tu::AskTell& run) {
    const tu::AskTell::Asked asked = run.ask();
    handle->trial_json = asked.to_json().dump();
    if (trial_json) *trial_json = handle->trial_json.c_str();
    switch (asked.kind) {
      case tu::AskTell::Asked::Kind::Trial:
        if (trial_id) *trial_id = asked.trial.id;
        return TUNET_OK;
      case tu::AskTell::Asked::Kind::Wait:
        return TUNET_WAIT;
      case tu::AskTell::Asked::Kind::Done:
        break;
    }
    return TUNET_DONE;
  });
}

int tunet_run_tell(tunet_run* handle, int trial_id, double value) {
  tu::Told told;
  told.value = value;
  return tell(handle, trial_id, told);
}

int tunet_run_tell_epoch(tunet_run* handle, int trial_id, int epoch, double value) {
  tu::Told told;
  told.value = value;
  told.epoch = epoch;
  return tell(handle, trial_id, told);
}

int tunet_run_tell_failed(tunet_run* handle, int trial_id, const char* reason) {
  tu::Told told;
  told.status = tu::TrialStatus::Failed;
  told.reason = reason ? reason : "";
  return tell(handle, trial_id, told);
}

const char* tunet_run_error(const tunet_run* handle) {
  return handle ? handle->error.c_str() : "out of memory";
}

void tunet_run_close(tunet_run* handle) { delete handle; }

}  // extern "C"
