/*
 * arch.h - the CPU port's interfaces: between its C files and head.S/vectors.S, what it offers
 * the platform (platform/), and the hooks the platform supplies to it.
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/cpu.h"
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

/* ---- CPUs (arch/cpu.h: index, affinity) ----------------------------------------------------- */

/* smp.c: start CPU `index` (1..ARCH_MAX_CPUS-1), the one whose affinity is `mpidr`, through PSCI
 * CPU_ON. It enters head.S's secondary_entry, turns its MMU on with the boot CPU's tables, takes
 * its own exception stack and calls platform_secondary_main(index) with IRQs masked. Returns the
 * PSCI result (PSCI_SUCCESS: the CPU is on its way; it says itself when it arrived). */
int arch_cpu_start(unsigned int index, uint64_t mpidr);
/* For head.S's secondary path: each CPU's exception stack top, and its C entry. */
extern uint64_t arch_cpu_stack_top[ARCH_MAX_CPUS];
void arch_secondary_c(unsigned int index);

/* ---- Supplied by the platform (platform/), called by the CPU port ---------------------------- */

/* C entry of a secondary CPU (MMU on, its own exception stack, IRQs masked); never returns. */
__attribute__((noreturn)) void platform_secondary_main(unsigned int index);

/* C entry from head.S (MMU on, at the link address, on the boot stack); never returns. */
__attribute__((noreturn)) void platform_main(void);
/* From the IRQ vector, IRQs masked: acknowledge and handle one interrupt. */
void platform_irq_dispatch(void);
/* The emergency writer (Xen's console_io; bare metal the PL011 once it is up), usable before
 * anything is set up and in a panic. */
void platform_emergency_write(const char *buf, size_t len);
/* True if [va, va + len) is RAM the image may read (the fault report's backtrace walk). */
bool platform_ram_contains(uint64_t va, uint64_t len);
/* Make CPU `cpu` (not the caller) take an interrupt that reschedules it (the kernel's
 * _tx_arch_core_preempt): an SGI. */
void platform_cpu_preempt(unsigned int cpu);
/* The kernel tick (the boot CPU's): started before the first dispatch; around each idle period
 * of the boot CPU. */
void platform_tick_start(void);
void platform_tick_idle_enter(void);
void platform_tick_idle_exit(void);

/* ---- Offered to the platform ------------------------------------------------------------------
 */

/* Run fn() as an interrupt handler would run (the tx_arch.h interrupt contract, FP use
 * included), from the idle loop, IRQs masked. */
void arch_run_as_isr(void (*fn)(void));
/* Set the irq-entry probe (include/xenrtos/platform.h), NULL for none. */
extern void (*volatile arch_irq_entry_probe)(void);

/* vectors.S */
__attribute__((noreturn)) void arch_dispatch_frame(struct arch_frame *frame);
extern char arch_vectors[];
extern char _exc_stack_base[], _exc_stack_top[], _fault_stack_base[], _fault_stack_top[];

/* fp.c: the lazy FP/SIMD switch, per CPU. arch_fp_owner[cpu] is the thread whose FP/SIMD state
 * that CPU's registers hold (NULL: nobody's). Statistics count over all CPUs. */
struct arch_fp_stats {
    uint64_t traps;      /* FP access traps taken (threads and handlers) */
    uint64_t saves;      /* a thread's registers saved to its TCB */
    uint64_t restores;   /* a thread's registers loaded from its TCB */
    uint64_t first_uses; /* a thread's first FP use: registers zeroed */
    uint64_t isr_saves;  /* an interrupt handler used FP: registers saved around it */
};
extern struct arch_fp_stats arch_fp_stats;
extern void *arch_fp_owner[ARCH_MAX_CPUS];
void arch_fp_trap(uint64_t from_thread);
void arch_fp_irq_exit(uint64_t depth);
/* Called (with more than one core in use) when `from` (a TX_THREAD, its integer context just
 * saved) leaves this CPU: its registers go to its TCB now, since it may next run on another CPU.
 * The dispatch side (FP open only to the owner of this CPU's registers) is thread.c's
 * fp_dispatch. */
void arch_fp_switch_out(const void *from);

/* fp.S: q0-q31, FPSR, FPCR from/to memory (FP access must be enabled). */
struct TX_ARCH_FP_STATE_STRUCT;
void arch_fp_store(struct TX_ARCH_FP_STATE_STRUCT *state);
void arch_fp_load(const struct TX_ARCH_FP_STATE_STRUCT *state);

/* thread.c: a CPU's scheduling loop, entered with IRQs masked and the kernel lock not held (the
 * boot CPU from _tx_arch_schedule, the others once arch_scheduler_running is set). */
__attribute__((noreturn)) void arch_idle_loop(void);
extern volatile uint32_t arch_scheduler_running;
extern uint64_t arch_first_dispatch_cntvct;

#endif /* ARCH_ARCH_H */
