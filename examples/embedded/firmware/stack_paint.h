/* A painted stack (firmware only): stack_paint() fills the free stack below
 * the caller with a pattern and returns the stack pointer it painted from;
 * after a call, stack_high_water(that) gives the bytes the call used at its
 * deepest, the first word from the bottom whose paint is gone. */
#ifndef TUNET_FIRMWARE_STACK_PAINT_H
#define TUNET_FIRMWARE_STACK_PAINT_H
#include <stddef.h>
#include <stdint.h>

uintptr_t stack_paint(void);
size_t stack_high_water(uintptr_t painted_at);

#endif
