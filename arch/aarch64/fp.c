/*
 * fp.c - lazy FP/SIMD context switch.
 *
 * The port, kernel, Xen layer, drivers and lib are built -mgeneral-regs-only; applications may
 * use float/double and SIMD. The registers belong to one thread at a time, arch_fp_owner:
 * - A thread is dispatched with FP open (CPACR_EL1.FPEN "no trap") only if it is the owner;
 *   any other thread traps (ESR_EC_FP_ACCESS) on its first FP/SIMD instruction.
 * - The trap saves the owner's registers into the owner's TCB, loads the trapping thread's
 *   (zeroed registers, FPCR 0, on its first use), makes it the owner and retries the
 *   instruction. A switch of threads itself never saves or loads FP state, so a thread that
 *   never uses FP never causes a save, and switching between one FP thread and any number of
 *   integer-only threads moves no FP state at all.
 * - Interrupt handlers (including application timer expiration functions, which run in the tick
 *   interrupt) may use FP too: every interrupt entry closes FP (the interrupted CPACR_EL1 is
 *   kept in the interrupt frame), so a handler's first FP instruction traps; the trap saves the
 *   live registers (whoever's they are: a thread's or an outer handler's) into a save area of
 *   that nesting level and gives the handler FPCR 0; the level's exit puts them back. A handler
 *   that does not use FP costs two CPACR writes. The idle loop runs with FP closed too, since
 *   it may call expiration functions (platform_tick_idle_exit) at level 1 without an interrupt
 * frame.
 * - A deleted thread, or one reset (new stack, new context), stops owning the registers.
 * - Several CPUs (more than one core in use): each CPU's registers have an owner of their own.
 *   A thread may next run on another CPU, whose registers only that CPU can read, so an owner's
 *   registers are saved to its TCB when it leaves its CPU (arch_fp_switch_out): the TCB always
 *   holds the latest state of a thread that is not running, and a trap never saves anything,
 *   it only loads. tx_thread_fp_cpu says which CPU's registers (index + 1) still equal the
 *   TCB's copy, so a thread that comes back to the CPU it left, with nobody's FP use in
 *   between, runs with FP open and loads nothing. One core in use keeps the single-CPU scheme
 *   (no save at a switch).
 */
#include <stdio.h>

#include "tx_api.h"
#include "tx_arch.h"

#include "arch/arch.h"
#include "arch/sysreg.h"

/* Interrupt nesting levels whose handlers may use FP; deeper use is a PANIC. The GIC priorities
 * the port and applications use (gic.h) give far fewer levels. */
#define FP_ISR_LEVELS 8

struct arch_fp_stats arch_fp_stats;
void *arch_fp_owner[ARCH_MAX_CPUS];

static const TX_ARCH_FP_STATE fp_initial; /* all zero: FPCR 0 is the architectural default */
static TX_ARCH_FP_STATE fp_isr_save[ARCH_MAX_CPUS][FP_ISR_LEVELS];
static uint32_t fp_isr_saved[ARCH_MAX_CPUS]; /* bit n: level n+1 saved the registers it found */

/* Counters shared by the CPUs (traps are rare: an atomic add costs nothing that matters). */
#define FP_COUNT(field) __atomic_fetch_add(&arch_fp_stats.field, 1u, __ATOMIC_RELAXED)

static void fp_open(void)
{
    write_sysreg(cpacr_el1, CPACR_FPEN_NOTRAP);
    isb();
}

static bool several_cores(void)
{
    return _tx_thread_smp_max_cores > 1u;
}

void arch_fp_switch_out(const void *from)
{
    TX_THREAD *t = (TX_THREAD *)(uintptr_t)from;
    unsigned int cpu = arch_cpu_index();

    if (t != arch_fp_owner[cpu] || t->tx_thread_fp_cpu != cpu + 1u) {
        return;
    }
    /* An interrupt entry closed FP (its handlers' use was undone at its exit): open it to read
     * the registers; the next dispatch sets CPACR_EL1 for its thread. */
    fp_open();
    arch_fp_store(&t->tx_thread_fp);
    t->tx_thread_fp_valid = 1;
    FP_COUNT(saves);
}

/* FP access trap. IRQs masked (exception entry). from_thread: taken at EL1t, i.e. from the
 * current thread; else from a handler (EL1h). Returns to retry the trapped instruction. */
void arch_fp_trap(uint64_t from_thread)
{
    unsigned int cpu = arch_cpu_index();
    ULONG depth = _tx_thread_system_state;

    FP_COUNT(traps);
    if (from_thread) {
        TX_THREAD *self = _tx_thread_current_ptr;
        TX_THREAD *owner = arch_fp_owner[cpu];

        if (self == NULL) {
            arch_panic("FP/SIMD trap from thread mode with no current thread");
        }
        fp_open();
        self->tx_thread_fp_traps++;
        if (owner == self && self->tx_thread_fp_cpu == cpu + 1u) {
            return; /* cannot happen (dispatch opens FP to the owner), harmless */
        }
        if (owner != NULL && !several_cores()) {
            /* One CPU: the owner's latest state is only in the registers. (Several: it was
             * saved when the owner left, and may be newer elsewhere by now.) */
            arch_fp_store(&owner->tx_thread_fp);
            FP_COUNT(saves);
        }
        if (self->tx_thread_fp_valid) {
            arch_fp_load(&self->tx_thread_fp);
            FP_COUNT(restores);
        } else {
            arch_fp_load(&fp_initial);
            self->tx_thread_fp_valid = 1;
            FP_COUNT(first_uses);
        }
        arch_fp_owner[cpu] = self;
        self->tx_thread_fp_cpu = cpu + 1u;
        return;
    }
    /* Handler context. Boot and tx_application_define run with FP open (head.S), the idle loop
     * never uses FP: only an interrupt handler can get here. */
    if (depth == 0 || depth >= TX_INITIALIZE_IN_PROGRESS) {
        arch_panic("FP/SIMD trap outside threads and interrupt handlers (state %#x)",
                   (unsigned int)depth);
    }
    if (depth > FP_ISR_LEVELS) {
        arch_panic("FP/SIMD used by an interrupt handler nested %u deep (at most %u levels may "
                   "use FP)",
                   (unsigned int)depth, FP_ISR_LEVELS);
    }
    fp_open();
    arch_fp_store(&fp_isr_save[cpu][depth - 1]);
    fp_isr_saved[cpu] |= 1u << (depth - 1);
    FP_COUNT(isr_saves);
    /* The handler gets the default FP environment, not the interrupted thread's rounding. */
    __asm__ volatile("msr fpcr, xzr\n\tmsr fpsr, xzr" ::: "memory");
}

/* End of the interrupt at nesting level `depth` (before the level is left; IRQs masked): put
 * back the registers its handler's FP use displaced, if it used FP. FP is still open then: this
 * level opened it and nested levels restored their CPACR_EL1 on exit. */
void arch_fp_irq_exit(uint64_t depth)
{
    unsigned int cpu = arch_cpu_index();

    if (depth == 0 || depth > FP_ISR_LEVELS || (fp_isr_saved[cpu] & (1u << (depth - 1))) == 0) {
        return;
    }
    arch_fp_load(&fp_isr_save[cpu][depth - 1]);
    fp_isr_saved[cpu] &= ~(1u << (depth - 1));
}

/* Called by the port whenever a thread's context is (re)built and by tx_thread_delete: the
 * registers no longer hold anything of it, and its TCB may be reused for anything. */
VOID _tx_arch_fp_thread_forget(TX_THREAD *thread_ptr)
{
    for (unsigned int cpu = 0; cpu < ARCH_MAX_CPUS; cpu++) {
        if (arch_fp_owner[cpu] == thread_ptr) {
            arch_fp_owner[cpu] = NULL;
        }
    }
    thread_ptr->tx_thread_fp_valid = 0;
    thread_ptr->tx_thread_fp_cpu = 0;
}
