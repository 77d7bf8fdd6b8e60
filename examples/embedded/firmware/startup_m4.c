/* Reset and fault handling for the firmware on a Cortex-M4F (QEMU's
 * mps2-an386), and the painted stack that measures one prediction's stack
 * high-water mark.
 *
 * At reset the core loads the stack pointer and the reset handler from the
 * first two words of the vector table (ARMv7-M Architecture Reference Manual,
 * B1.5.5). The handler turns the FPU on (CPACR: full access to CP10 and CP11,
 * Cortex-M4 Devices Generic User Guide 4.6.1) before any float instruction,
 * copies .data from flash, zeroes .bss, opens newlib's semihosting handles and
 * runs main; exit() leaves through the semihosting exit call, so QEMU exits
 * with the firmware's status. A fault exits with status 3 instead of spinning. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "stack_paint.h"

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint32_t __stack_limit[], __stack_top[];

extern int main(void);
extern void initialise_monitor_handles(void);

#define SCB_CPACR (*(volatile uint32_t*)0xE000ED88u)

void Reset_Handler(void) {
  SCB_CPACR |= 0xFu << 20;
  __asm volatile("dsb\n\tisb" ::: "memory");
  for (uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;) *dst++ = *src++;
  for (uint32_t* dst = __bss_start; dst < __bss_end;) *dst++ = 0;
  initialise_monitor_handles();
  exit(main());
}

static void Fault_Handler(void) { _Exit(3); }

__attribute__((section(".isr_vector"), used)) static void (*const vector_table[16])(void) = {
    (void (*)(void))__stack_top,  // initial stack pointer
    Reset_Handler,                // reset
    Fault_Handler,                // NMI
    Fault_Handler,                // HardFault
    Fault_Handler,                // MemManage
    Fault_Handler,                // BusFault
    Fault_Handler,                // UsageFault
    0, 0, 0, 0,                   // reserved
    Fault_Handler,                // SVCall
    Fault_Handler,                // DebugMonitor
    0,                            // reserved
    Fault_Handler,                // PendSV
    Fault_Handler,                // SysTick
};

#define STACK_PAINT 0xA5A5A5A5u

static uintptr_t stack_pointer(void) {
  uintptr_t sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

/* Paints the unused stack below this function's frame; what the caller calls
 * next overwrites the paint down to its deepest frame. Leaves 16 bytes below
 * the stack pointer unpainted for this function's own use. */
__attribute__((noinline)) uintptr_t stack_paint(void) {
  const uintptr_t sp = stack_pointer();
  for (volatile uint32_t* p = __stack_limit; (uintptr_t)p < sp - 16; ++p) *p = STACK_PAINT;
  return sp;
}

size_t stack_high_water(uintptr_t painted_at) {
  const uint32_t* p = __stack_limit;
  while ((uintptr_t)p < painted_at && *p == STACK_PAINT) ++p;
  return (uintptr_t)p < painted_at ? painted_at - (uintptr_t)p : 0;
}
