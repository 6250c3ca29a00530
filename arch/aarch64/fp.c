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
void *arch_fp_owner;

static const TX_ARCH_FP_STATE fp_initial; /* all zero: FPCR 0 is the architectural default */
static TX_ARCH_FP_STATE fp_isr_save[FP_ISR_LEVELS];
static uint32_t fp_isr_saved; /* bit n: level n+1 saved the registers it found */

static void fp_open(void)
{
    write_sysreg(cpacr_el1, CPACR_FPEN_NOTRAP);
    isb();
}

/* FP access trap. IRQs masked (exception entry). from_thread: taken at EL1t, i.e. from the
 * current thread; else from a handler (EL1h). Returns to retry the trapped instruction. */
void arch_fp_trap(uint64_t from_thread)
{
    if (arch_cpu_index() != 0) {
        /* The lazy switch keeps one owner for the boot CPU; a secondary runs interrupt
         * handlers only, compiled without FP/SIMD unless an application's are. */
        arch_panic("FP/SIMD used on vCPU %u: not supported before the kernel schedules there",
                   arch_cpu_index());
    }
    ULONG depth = _tx_thread_system_state;

    arch_fp_stats.traps++;
    if (from_thread) {
        TX_THREAD *self = _tx_thread_current_ptr;
        TX_THREAD *owner = arch_fp_owner;

        if (self == NULL) {
            arch_panic("FP/SIMD trap from thread mode with no current thread");
        }
        fp_open();
        self->tx_thread_fp_traps++;
        if (owner == self) {
            return; /* cannot happen (dispatch opens FP to the owner), harmless */
        }
        if (owner != NULL) {
            arch_fp_store(&owner->tx_thread_fp);
            arch_fp_stats.saves++;
        }
        if (self->tx_thread_fp_valid) {
            arch_fp_load(&self->tx_thread_fp);
            arch_fp_stats.restores++;
        } else {
            arch_fp_load(&fp_initial);
            self->tx_thread_fp_valid = 1;
            arch_fp_stats.first_uses++;
        }
        arch_fp_owner = self;
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
    arch_fp_store(&fp_isr_save[depth - 1]);
    fp_isr_saved |= 1u << (depth - 1);
    arch_fp_stats.isr_saves++;
    /* The handler gets the default FP environment, not the interrupted thread's rounding. */
    __asm__ volatile("msr fpcr, xzr\n\tmsr fpsr, xzr" ::: "memory");
}

/* End of the interrupt at nesting level `depth` (before the level is left; IRQs masked): put
 * back the registers its handler's FP use displaced, if it used FP. FP is still open then: this
 * level opened it and nested levels restored their CPACR_EL1 on exit. */
void arch_fp_irq_exit(uint64_t depth)
{
    if (depth == 0 || depth > FP_ISR_LEVELS || (fp_isr_saved & (1u << (depth - 1))) == 0) {
        return;
    }
    arch_fp_load(&fp_isr_save[depth - 1]);
    fp_isr_saved &= ~(1u << (depth - 1));
}

/* Called by the port whenever a thread's context is (re)built and by tx_thread_delete: the
 * registers no longer hold anything of it, and its TCB may be reused for anything. */
VOID _tx_arch_fp_thread_forget(TX_THREAD *thread_ptr)
{
    if (arch_fp_owner == thread_ptr) {
        arch_fp_owner = NULL;
    }
    thread_ptr->tx_thread_fp_valid = 0;
}
