/*
 * arch.h - the port's internal interfaces between its C files and head.S/vectors.S.
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

/* Saved FP/SIMD state (eager: saved at every switch of threads). */
struct arch_fp_state {
    __uint128_t q[32];
    uint64_t fpsr;
    uint64_t fpcr;
};

/* The context of a switched-out thread, on its own stack; tx_thread_stack_ptr points at it.
 * An IRQ from a thread stores x0-x30/ELR/SPSR on entry and the FP part only if it switches
 * threads (the IRQ path itself never touches FP/SIMD: everything is -mgeneral-regs-only).
 * Integer part first so that STP immediates reach every slot. */
struct arch_frame {
    uint64_t x[31];
    uint64_t elr;
    uint64_t spsr;
    uint64_t pad; /* keeps fp 16-byte aligned */
    struct arch_fp_state fp;
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
static inline uint64_t timer_now(void)
{
    uint64_t v;

    __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v)::"memory");
    return v;
}

/* vectors.S */
__attribute__((noreturn)) void arch_dispatch_frame(struct arch_frame *frame);
extern char arch_vectors[];
extern char _exc_stack_base[], _exc_stack_top[];

/* thread.c */
__attribute__((noreturn)) void arch_idle_loop(void);
extern uint64_t arch_first_dispatch_cntvct;

#endif /* ARCH_ARCH_H */
