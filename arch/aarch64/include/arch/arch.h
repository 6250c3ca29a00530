/*
 * arch.h - the port's internal interfaces between its C files and head.S/vectors.S.
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "arch/sysreg.h"

/* The integer context of a switched-out thread, on its own stack; tx_thread_stack_ptr points at
 * it. Also the frame of an interrupt (on the thread's stack or, nested/idle, the exception stack):
 * `cpacr` keeps CPACR_EL1 of the interrupted context while the handler runs with FP trapped.
 * FP/SIMD state is not here: it lives in the TCB and moves lazily (fp.c). */
struct arch_frame {
    uint64_t x[31];
    uint64_t elr;
    uint64_t spsr;
    uint64_t cpacr;
};

/* Register state at a synchronous exception or SError, saved on the fault stack. */
struct arch_fault_frame {
    uint64_t x[31];
    uint64_t sp; /* SP of the interrupted context (SP_EL0 for threads, else SP_EL1) */
    uint64_t elr;
    uint64_t spsr;
    uint64_t esr;
    uint64_t far;
};

enum fault_kind { FAULT_SYNC, FAULT_SERROR, FAULT_FIQ, FAULT_LOWER_EL };

/* fault.c */
__attribute__((noreturn)) void arch_fault(struct arch_fault_frame *f, uint64_t kind,
                                          uint64_t from_thread);
__attribute__((noreturn, format(printf, 1, 2))) void arch_panic(const char *fmt, ...);

/* console.c: the emergency (console_io) writer, always available. */
void console_hvc_write(const char *buf, size_t len);
void console_init(void);
const char *console_name(void);
/* Non-blocking read of input received by the UART interrupt; returns bytes copied. */
size_t console_read(char *buf, size_t len);

/* timer.c */
void timer_init(void);
void timer_start_periodic(void);
void timer_idle_enter(void);
void timer_idle_exit(void);
uint64_t timer_freq(void);

/* vectors.S */
__attribute__((noreturn)) void arch_dispatch_frame(struct arch_frame *frame);
extern char arch_vectors[];
extern char _exc_stack_base[], _exc_stack_top[];

/* fp.c: the lazy FP/SIMD switch. arch_fp_owner is the thread whose FP/SIMD state is in the
 * registers (NULL: nobody's). */
struct arch_fp_stats {
    uint64_t traps;      /* FP access traps taken (threads and handlers) */
    uint64_t saves;      /* a thread's registers saved to its TCB (ownership moved away) */
    uint64_t restores;   /* a thread's registers loaded from its TCB */
    uint64_t first_uses; /* a thread's first FP use: registers zeroed */
    uint64_t isr_saves;  /* an interrupt handler used FP: registers saved around it */
};
extern struct arch_fp_stats arch_fp_stats;
extern void *arch_fp_owner;
void arch_fp_trap(uint64_t from_thread);
void arch_fp_irq_exit(uint64_t depth);

/* Called right before dispatching `to`: FP/SIMD is open only to the thread owning the registers;
 * any other thread traps on its first FP instruction. The ERET that follows synchronizes. */
static inline void arch_fp_dispatch(const void *to)
{
    uint64_t v = (to == arch_fp_owner) ? CPACR_FPEN_NOTRAP : CPACR_FPEN_TRAP;

    __asm__ volatile("msr cpacr_el1, %0" ::"r"(v) : "memory");
}

/* fp.S: q0-q31, FPSR, FPCR from/to memory (FP access must be enabled). */
struct TX_ARCH_FP_STATE_STRUCT;
void arch_fp_store(struct TX_ARCH_FP_STATE_STRUCT *state);
void arch_fp_load(const struct TX_ARCH_FP_STATE_STRUCT *state);

/* thread.c */
__attribute__((noreturn)) void arch_idle_loop(void);
extern uint64_t arch_first_dispatch_cntvct;

#endif /* ARCH_ARCH_H */
