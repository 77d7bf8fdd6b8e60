/* The C API of an ask/tell search (tuner/study/ask_tell_c.h), compiled as C:
 * a random search of 6 trials on a closed form, then the error paths.
 *   ask_tell_c_test RUN_DIR CONFIG */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tuner/study/ask_tell_c.h"

static int failures = 0;

#define EXPECT(cond, ...)                                          \
  do {                                                             \
    if (!(cond)) {                                                 \
      fprintf(stderr, "%s:%d: failed: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                \
      fprintf(stderr, "\n");                                       \
      ++failures;                                                  \
    }                                                              \
  } while (0)

/* The value of "x" in a trial's JSON, read by hand: the test has no JSON parser. */
static double param_x(const char* json) {
  const char* at = strstr(json, "\"x\":");
  return at ? strtod(at + 4, NULL) : NAN;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: ask_tell_c_test RUN_DIR CONFIG\n");
    return 2;
  }
  tunet_run* run = NULL;
  int code = tunet_run_open(argv[1], argv[2], &run);
  EXPECT(code == TUNET_OK, "open: %s", tunet_run_error(run));
  if (code != TUNET_OK) return 1;
  EXPECT(tunet_run_set_timeouts(run, 0, 5) == TUNET_OK, "set_timeouts: %s", tunet_run_error(run));

  /* Two asks before any tell: pending trials get different ids. */
  int first = -1, second = -1;
  const char* json = NULL;
  EXPECT(tunet_run_ask(run, &first, &json) == TUNET_OK, "ask: %s", tunet_run_error(run));
  const double x0 = param_x(json);
  EXPECT(!isnan(x0), "no x in %s", json);
  EXPECT(tunet_run_ask(run, &second, &json) == TUNET_OK, "ask: %s", tunet_run_error(run));
  EXPECT(first == 0 && second == 1, "ids %d and %d", first, second);
  const double x1 = param_x(json);
  EXPECT(tunet_run_tell_epoch(run, first, 1, (x0 - 0.3) * (x0 - 0.3)) == TUNET_OK, "tell_epoch: %s",
         tunet_run_error(run));
  EXPECT(tunet_run_tell_failed(run, second, "diverged") == TUNET_OK, "tell_failed: %s", tunet_run_error(run));
  (void)x1;

  /* The rest of the search, one trial at a time. */
  int id = -1, told = 2;
  while ((code = tunet_run_ask(run, &id, &json)) == TUNET_OK) {
    const double x = param_x(json);
    EXPECT(tunet_run_tell(run, id, (x - 0.3) * (x - 0.3)) == TUNET_OK, "tell: %s", tunet_run_error(run));
    ++told;
  }
  EXPECT(code == TUNET_DONE, "ask ended with %d: %s", code, tunet_run_error(run));
  EXPECT(id == -1 && strstr(json, "\"done\"") != NULL, "done: id %d, %s", id, json);
  EXPECT(told == 6, "%d trials told", told);

  /* Bad input: an error code, a message, nothing recorded. */
  EXPECT(tunet_run_tell(run, 42, 1.0) == TUNET_ERROR, "tell of an unknown trial");
  EXPECT(strstr(tunet_run_error(run), "trial 42: no such trial") != NULL, "message: %s", tunet_run_error(run));
  EXPECT(tunet_run_tell(run, 0, 1.0) == TUNET_ERROR, "tell of a finished trial");
  EXPECT(strstr(tunet_run_error(run), "finished already") != NULL, "message: %s", tunet_run_error(run));
  EXPECT(tunet_run_ask(run, &id, &json) == TUNET_DONE, "ask after the end: %s", tunet_run_error(run));
  EXPECT(strcmp(tunet_run_error(run), "") == 0, "no error after a good call: %s", tunet_run_error(run));
  tunet_run_close(run);

  tunet_run* missing = NULL;
  EXPECT(tunet_run_open("/nonexistent/run", NULL, &missing) == TUNET_ERROR, "open of a missing run");
  EXPECT(strstr(tunet_run_error(missing), "not an ask/tell run") != NULL, "message: %s", tunet_run_error(missing));
  EXPECT(tunet_run_ask(missing, &id, &json) == TUNET_ERROR, "ask on a handle that did not open");
  tunet_run_close(missing);
  tunet_run_close(NULL);

  if (failures == 0) printf("ask_tell_c_test: ok\n");
  return failures == 0 ? 0 : 1;
}
