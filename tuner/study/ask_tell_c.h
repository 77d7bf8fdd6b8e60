/* The ask/tell search (tuner/study/ask_tell.hpp) as a C API, so that a
 * trainer in any language with a C foreign-function interface (Python's
 * ctypes, Julia's ccall, Rust, Go's cgo, R) drives a tunet search without
 * C++ or a subprocess per call. Link tunet_tuner (and tunet_core), which are
 * C++: link with a C++ compiler or add the C++ standard library.
 *
 *   tunet_run* run;
 *   if (tunet_run_open("runs/svc", "svc.json", &run) != TUNET_OK) {
 *     fprintf(stderr, "%s\n", tunet_run_error(run));
 *     tunet_run_close(run);
 *     return 1;
 *   }
 *   int id;
 *   const char* trial;                 // {"trial": 3, "params": {...}, "budget": 9, ...}
 *   while (tunet_run_ask(run, &id, &trial) == TUNET_OK) {
 *     double value = train(trial);     // read the JSON with your own parser
 *     tunet_run_tell(run, id, value);
 *   }
 *   tunet_run_close(run);
 *
 * Every function but close and error returns a TUNET_* code; on TUNET_ERROR
 * tunet_run_error(run) says why, in one line, and the journal is as it was
 * (except for a value that is not a finite number, which fails the trial,
 * recorded with the reason, and returns TUNET_ERROR). Calls on one handle
 * must not overlap; separate handles, in threads or processes, may ask and
 * tell the same run at once (the run folder's lock orders them). */
#ifndef TUNET_TUNER_STUDY_ASK_TELL_C_H
#define TUNET_TUNER_STUDY_ASK_TELL_C_H

#ifdef __cplusplus
extern "C" {
#endif

enum {
  TUNET_OK = 0,
  TUNET_ERROR = 1, /* bad input or a journal that cannot be read or written: tunet_run_error says which */
  TUNET_DONE = 2,  /* ask: the search is over */
  TUNET_WAIT = 3   /* ask: nothing can start until a pending trial is told; ask again after a tell */
};

typedef struct tunet_run tunet_run;

/* Opens the ask/tell run in run_dir; with config_path (may be NULL), makes it
 * from that config first when it does not exist (and checks that an existing
 * run holds that search). *run is set even when opening fails (NULL only
 * when out of memory), so that tunet_run_error can say why: close it after. */
int tunet_run_open(const char* run_dir, const char* config_path, tunet_run** run);

/* A pending trial nothing was told of for lost_after_s seconds is handed out
 * again by the next ask (0, the default: never); lock_timeout_s: how long a
 * call waits for another ask or tell on the run (default 30). */
int tunet_run_set_timeouts(tunet_run* run, double lost_after_s, double lock_timeout_s);

/* The next trial: its id, and the whole trial as one JSON object (what
 * `tunet ask --json` prints: trial, params, budget, initial_epoch, bracket,
 * rung, resumed_from, seed, attempt, epochs_told), valid until the next call
 * on `run`. TUNET_DONE or TUNET_WAIT: *trial_json is {"status": "done", ...}
 * or {"status": "wait", "pending": [...]}, and *trial_id is -1. */
int tunet_run_ask(tunet_run* run, int* trial_id, const char** trial_json);

/* The trial's value: that of its last epoch (its budget). */
int tunet_run_tell(tunet_run* run, int trial_id, double value);
/* One epoch's value (epochs in increasing order, up to the trial's budget;
 * the budget's finishes the trial, so Hyperband and ASHA can promote it). */
int tunet_run_tell_epoch(tunet_run* run, int trial_id, int epoch, double value);
/* The trial failed (reason may be NULL). */
int tunet_run_tell_failed(tunet_run* run, int trial_id, const char* reason);

/* Why the last call on `run` returned TUNET_ERROR ("" when it did not). */
const char* tunet_run_error(const tunet_run* run);

/* Frees the handle (NULL is allowed). The run folder stays as it is. */
void tunet_run_close(tunet_run* run);

#ifdef __cplusplus
}
#endif

#endif /* TUNET_TUNER_STUDY_ASK_TELL_C_H */
