/* The firmware harness: classifies the Fashion-MNIST test images of
 * test_images.h with the exported model (model.h / model.c, written by
 * `tunet export`) and prints one line per image:
 *
 *   IMAGE LABEL PREDICTED OUTPUT_0 ... OUTPUT_9      (outputs as %.9g: a float's exact value)
 *
 * The same file builds for the Cortex-M4 (output over semihosting, a painted
 * stack) and for the host (plain gcc: the reference the firmware's lines are
 * compared with, and the time per image). Lines starting with '#' are
 * measurements, not compared. scripts/embedded_check.sh builds and runs both.
 *
 * The arena is a static buffer of FIRMWARE_ARENA_BYTES (default: the model's
 * MODEL_ARENA_BYTES); a buffer smaller than the model needs does not compile. */
#if !defined(__arm__)
#define _POSIX_C_SOURCE 199309L  // clock_gettime under -std=c11
#endif
#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "test_images.h"

#if defined(__arm__)
#include "stack_paint.h"
#else
#include <time.h>
#endif

#ifndef FIRMWARE_ARENA_BYTES
#define FIRMWARE_ARENA_BYTES MODEL_ARENA_BYTES
#endif

_Alignas(MODEL_ARENA_ALIGN) static uint8_t arena[FIRMWARE_ARENA_BYTES > 0 ? FIRMWARE_ARENA_BYTES : 1];
_Static_assert(sizeof arena >= MODEL_ARENA_BYTES,
               "the arena is smaller than MODEL_ARENA_BYTES of model.h (raise FIRMWARE_ARENA_BYTES)");
_Static_assert(TEST_IMAGE_PIXELS == MODEL_INPUT_SIZE, "the test images do not have the model's input size");

static float input[MODEL_INPUT_SIZE];
static float output[MODEL_OUTPUT_SIZE];
#if MODEL_INT8
static int8_t input_q[MODEL_INPUT_SIZE];
#endif

/* The model's input as tunet sees it: grey level * (1/255), as the tuner's
 * data loader scales image pixels. */
static void load_image(int image) {
  for (int p = 0; p < MODEL_INPUT_SIZE; ++p) input[p] = (float)test_images[image][p] * (1.0f / 255.0f);
#if MODEL_INT8
  model_quantize_input(input, input_q);
#endif
}

static void predict(void) {
#if MODEL_INT8
  model_predict_int8(input_q, output, arena);
#else
  model_predict(input, output, arena);
#endif
}

static int argmax(const float* v, int n) {
  int best = 0;
  for (int i = 1; i < n; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}

int main(void) {
  int correct = 0, finite = 1;
  for (int image = 0; image < TEST_IMAGES; ++image) {
    load_image(image);
#if defined(__arm__)
    if (image == 0) {
      const uintptr_t painted_at = stack_paint();
      predict();
      printf("# stack high-water of one prediction: %u bytes\n", (unsigned)stack_high_water(painted_at));
    } else {
      predict();
    }
#else
    predict();
#endif
    const int predicted = argmax(output, MODEL_OUTPUT_SIZE);
    correct += predicted == test_labels[image];
    printf("%d %d %d", image, test_labels[image], predicted);
    for (int o = 0; o < MODEL_OUTPUT_SIZE; ++o) {
      printf(" %.9g", (double)output[o]);
      finite &= output[o] - output[o] == 0.0f;  // false for NaN and infinities
    }
    printf("\n");
  }
  printf("# accuracy on %d test images: %d correct (%s export)\n", TEST_IMAGES, correct,
         MODEL_INT8 ? "int8" : "float");
#if !defined(__arm__)
  /* Host time per image: enough passes over the images for ~0.2 s. */
  struct timespec t0, t1;
  long passes = 0;
  double seconds = 0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  do {
    for (int image = 0; image < TEST_IMAGES; ++image) {
      load_image(image);
      predict();
    }
    ++passes;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  } while (seconds < 0.2);
  printf("# host time per image: %.2f us (%ld passes over %d images, input scaling%s included)\n",
         1e6 * seconds / (double)(passes * TEST_IMAGES), passes, TEST_IMAGES, MODEL_INT8 ? " and quantisation" : "");
#endif
  if (!finite) {
    printf("# an output is not finite\n");
    return 1;
  }
  return 0;
}
