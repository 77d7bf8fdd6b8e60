/* The exported model alone, linked the way the firmware links it (same flags,
 * same linker script, newlib-nano and libgcc for what the compiler calls),
 * without the harness, semihosting or test images: scripts/embedded_check.sh
 * links this twice, with the model (PROBE_MODEL=1) and without, and the
 * difference of the two images' sections is the model's code, constants and
 * static data, library routines included. The buffers are in both. */
#include <stdint.h>

#include "model.h"

_Alignas(MODEL_ARENA_ALIGN) static uint8_t arena[MODEL_ARENA_BYTES > 0 ? MODEL_ARENA_BYTES : 1];
static float input[MODEL_INPUT_SIZE];
static float output[MODEL_OUTPUT_SIZE];
#if MODEL_INT8
static int8_t input_q[MODEL_INPUT_SIZE];
#endif
volatile void* volatile probe_sink[4];

__attribute__((noreturn)) void Reset_Handler(void) {
  probe_sink[0] = arena;
  probe_sink[1] = input;
  probe_sink[2] = output;
#if MODEL_INT8
  probe_sink[3] = input_q;
#endif
#if PROBE_MODEL
#if MODEL_INT8
  model_quantize_input(input, input_q);
  model_predict_int8(input_q, output, arena);
#else
  model_predict(input, output, arena);
#endif
#endif
  for (;;) {
  }
}

__attribute__((section(".isr_vector"), used)) static const uintptr_t vector_table[2] = {
    0x20400000u, (uintptr_t)Reset_Handler};
