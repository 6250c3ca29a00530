/*
 * thread.c - the tx_arch.h contract: stack build, scheduling, the idle loop, IRQ entry/exit
 * bookkeeping. The register work is in vectors.S.
 *
 * FP/SIMD: lazy (fp.c). A switch only sets CPACR_EL1 for the next thread (FP open to the owner
 * of the registers, trapped for everyone else); the registers move in the FP access trap.
 *
 * Stack overflow: a canary at the low end of every thread stack, and the saved frame's bounds,
 * are checked each time a thread is switched out and at the end of every interrupt taken from
 * a thread; a violation is a PANIC naming the thread.
 */
#include <stdio.h>
#include <string.h>

#include "tx_api.h"
/* The switch path reads this CPU's index once and indexes the per-core arrays with it; the rest
 * of the file uses the caller's element under the scalar names (tx_arch.h). */
#define TX_THREAD_SMP_SOURCE_CODE
#include "tx_arch.h"

#include "arch/arch.h"
#include "arch/mmu.h"
#include "arch/sysreg.h"
#include "arch/counter.h"

/* The canary's pattern is an A64 logical immediate (a repeated run of ones: DDI 0487, C6.2 "MOV
 * (bitmask immediate)"), so the check at every switch builds it in one instruction, not four. */
#define STACK_CANARY 0x3c3c3c3c3c3c3c3cULL
#define CANARY_WORDS 2

uint64_t arch_first_dispatch_cntvct;

/* This CPU's index into the kernel's per-core tables: always 0 in a single-core kernel build
 * (TX_THREAD_SMP_MAX_CORES 1, e.g. apps/bench/minimal), whose tables have one element. */
static inline __attribute__((always_inline)) unsigned int this_core(void)
{
    return (TX_THREAD_SMP_MAX_CORES > 1u) ? arch_cpu_index() : 0u;
}

static inline __attribute__((always_inline)) bool stack_ok(TX_THREAD *t, const void *frame)
{
    uintptr_t lo = (uintptr_t)t->tx_thread_stack_start;
    uintptr_t hi = (uintptr_t)t->tx_thread_stack_end + 1;
    const uint64_t *canary = (const uint64_t *)((lo + 7) & ~(uintptr_t)7);
    uintptr_t f = (uintptr_t)frame;

    if (f < (uintptr_t)(canary + CANARY_WORDS) || f + sizeof(struct arch_frame) > hi) {
        return false;
    }
    for (int i = 0; i < CANARY_WORDS; i++) {
        if (canary[i] != STACK_CANARY) {
            return false;
        }
    }
    return true;
}

/* Inline in the switch paths: a call and its frame cost more than the check itself. */
static inline __attribute__((always_inline)) void check_stack(TX_THREAD *t, const void *frame)
{
    if (!stack_ok(t, frame)) {
        arch_panic("stack overflow in thread '%s' (stack %p..%p, saved context at %p)",
                   t->tx_thread_name != NULL ? t->tx_thread_name : "?", t->tx_thread_stack_start,
                   t->tx_thread_stack_end, frame);
    }
}

VOID _tx_arch_thread_stack_build(TX_THREAD *thread, VOID (*shell)(VOID))
{
    uintptr_t lo = ((uintptr_t)thread->tx_thread_stack_start + 7) & ~(uintptr_t)7;
    uintptr_t top = ((uintptr_t)thread->tx_thread_stack_end + 1) & ~(uintptr_t)15;
    struct arch_frame *f = (struct arch_frame *)(top - sizeof(struct arch_frame));

    for (int i = 0; i < CANARY_WORDS; i++) {
        ((uint64_t *)lo)[i] = STACK_CANARY;
    }
    memset(f, 0, sizeof(*f));
    _tx_arch_fp_thread_forget(thread); /* a new context: no FP state of its own yet */
    f->elr = (uint64_t)(uintptr_t)shell;
    f->spsr = SPSR_M_EL1T; /* DAIF clear: the thread starts with interrupts enabled */
    f->x[29] = 0;          /* frame-pointer chain ends here */
    f->x[30] = 0;
    thread->tx_thread_stack_ptr = f;
}

/* Right before dispatching `to`: FP/SIMD open only to the thread whose state this CPU's
 * registers hold (fp.c); any other thread traps on its first FP instruction. The ERET that
 * follows synchronizes. */
static inline __attribute__((always_inline)) void fp_dispatch(const TX_THREAD *to, unsigned int cpu)
{
    uint64_t v = (to == arch_fp_owner[cpu] && to->tx_thread_fp_cpu == cpu + 1u) ? CPACR_FPEN_NOTRAP
                                                                                : CPACR_FPEN_TRAP;

    __asm__ volatile("msr cpacr_el1, %0" ::"r"(v) : "memory");
}

/* Whether `t`, the thread core `cpu` wants, can be dispatched there: its context is saved. On
 * several cores it may still be switching out of another CPU, whose _tx_thread_switch_note then
 * preempts this one (tx_arch.h). */
static bool dispatchable(const TX_THREAD *t)
{
    return t != NULL && t->tx_thread_smp_core_executing == (UINT)TX_THREAD_SMP_MAX_CORES;
}

/* Resume `to` (_tx_thread_switch_note already called). The kernel lock, held here at depth 1 on
 * several cores, goes with the CPU (tx_arch.h): a thread that switched out itself
 * (_tx_arch_thread_system_return, always with IRQs masked: it held the lock) takes it back at
 * depth 1; a thread interrupted, or starting for the first time, held none (IRQs were
 * unmasked), so the lock is dropped before it runs. The saved SPSR's I bit tells which. */
static inline __attribute__((always_inline, noreturn)) void dispatch(TX_THREAD *to,
                                                                     unsigned int cpu)
{
    struct arch_frame *frame = to->tx_thread_stack_ptr;

    fp_dispatch(to, cpu);
    if ((frame->spsr & DAIF_I_BIT) == 0) {
        TX_THREAD_SMP_UNLOCK();
    }
    arch_dispatch_frame(frame);
}

/* Switch from `from` (its context saved) to whatever the kernel wants next on this CPU, `cpu`.
 * IRQs masked, on the exception stack, kernel lock held (several cores). */
static inline __attribute__((always_inline, noreturn)) void reschedule(TX_THREAD *from,
                                                                       unsigned int cpu)
{
    TX_THREAD *to = _tx_thread_execute_ptr[cpu];

    if (_tx_thread_smp_max_cores > 1u) {
        arch_fp_switch_out(from);
    }
    if (!dispatchable(to)) {
        _tx_thread_switch_note(from, NULL);
        TX_THREAD_SMP_UNLOCK();
        arch_idle_loop();
    }
    _tx_thread_switch_note(from, to);
    dispatch(to, cpu);
}

/* One core in use (the kernel lock off): only core 0 runs threads (tx_arch.h), so a thread other
 * than `from` is not running anywhere and its context is saved: nothing to wait for, no lock to
 * pass on, no FP state to hand to another core. The solicited switch and an interrupt's
 * preemption both end here. `from`'s context is saved and checked. */
static inline __attribute__((always_inline, noreturn)) void reschedule_one_core(TX_THREAD *from)
{
    TX_THREAD *to = _tx_thread_execute_ptr[0];

    if (to == NULL) {
        _tx_thread_switch_note(from, NULL);
        arch_idle_loop();
    }
    _tx_thread_switch_note(from, to);
    fp_dispatch(to, 0u);
    arch_dispatch_frame(to->tx_thread_stack_ptr);
}

/* Several cores in use (the kernel lock on). Out of line: its register saves would be in the
 * one-core switch's prologue. */
static __attribute__((noinline, noreturn)) void system_return_smp(struct arch_frame *frame)
{
    unsigned int cpu = this_core(); /* once: IRQs are masked until the next dispatch */
    TX_THREAD *self = _tx_thread_current_ptr[cpu];

    self->tx_thread_stack_ptr = frame;
    check_stack(self, frame);
    if (_tx_thread_execute_ptr[cpu] == self) {
        arch_dispatch_frame(frame); /* nothing changed after all: resume, lock kept */
    }
    reschedule(self, cpu);
}

void arch_system_return_c(struct arch_frame *frame);
void arch_system_return_c(struct arch_frame *frame)
{
    TX_THREAD *self;

    if (_tx_thread_smp_lock_enabled != 0u) {
        system_return_smp(frame);
    }
    self = _tx_thread_current_ptr[0];
    self->tx_thread_stack_ptr = frame;
    check_stack(self, frame);
    if (_tx_thread_execute_ptr[0] == self) {
        arch_dispatch_frame(frame); /* nothing changed after all: resume */
    }
    reschedule_one_core(self);
}

/* From el1t_irq when arch_irq_exit chose to switch (kernel lock held). */
void arch_irq_preempt(TX_THREAD *from, struct arch_frame *frame);
void arch_irq_preempt(TX_THREAD *from, struct arch_frame *frame)
{
    from->tx_thread_stack_ptr = frame;
    check_stack(from, frame);
    if (_tx_thread_smp_lock_enabled == 0u) {
        reschedule_one_core(from);
    }
    reschedule(from, this_core());
}

void (*volatile arch_irq_entry_probe)(void);

/* From the IRQ vector: the first C of every interrupt. The probe (NULL unless a benchmark set
 * one) sees the interrupt before anything else runs. */
void arch_irq_enter(void);
void arch_irq_enter(void)
{
    void (*probe)(void) = arch_irq_entry_probe;

    if (probe != NULL) {
        probe();
    }
    _tx_thread_system_state[this_core()]++;
}

void arch_run_as_isr(void (*fn)(void))
{
    unsigned int cpu = this_core(); /* an ISR does not migrate */

    _tx_thread_system_state[cpu]++;
    fn();
    arch_fp_irq_exit(_tx_thread_system_state[cpu]);
    _tx_thread_system_state[cpu]--;
}

/* Returns the interrupted thread if it must be switched out (tx_arch.h interrupt contract);
 * only the outermost IRQ taken from a thread (from_thread, its frame at `frame`) may switch. The
 * kernel lock is then held (several cores), for arch_irq_preempt. */
TX_THREAD *arch_irq_exit(uint64_t from_thread, const struct arch_frame *frame);
TX_THREAD *arch_irq_exit(uint64_t from_thread, const struct arch_frame *frame)
{
    unsigned int cpu = this_core(); /* an ISR does not migrate */
    TX_THREAD *current = _tx_thread_current_ptr[cpu];

    arch_fp_irq_exit(_tx_thread_system_state[cpu]); /* registers a handler's FP use displaced */
    _tx_thread_system_state[cpu]--;
    if (!from_thread || (current == NULL)) {
        return NULL;
    }
    /* The IRQ frame itself went onto the thread's stack: catch an overflow right here. */
    check_stack(current, frame);
    if ((_tx_thread_system_state[cpu] == 0) && (_tx_thread_preempt_disable[cpu] == 0)) {
        TX_THREAD_SMP_LOCK();
        if (current != _tx_thread_execute_ptr[cpu]) {
            return current;
        }
        TX_THREAD_SMP_UNLOCK();
    }
    return NULL;
}

/* Time from the image's first instruction (Xen's hand-over) to the first thread dispatch, in
 * virtual counter time; under `-icount` this is deterministic. */
static void report_boot_time(TX_THREAD *first)
{
    arch_first_dispatch_cntvct = arch_counter_now();
    uint64_t cycles = arch_first_dispatch_cntvct - boot_info.entry_cntvct;
    uint64_t freq = arch_counter_freq();

    /* Xen starts the domain's virtual counter at 0 when it creates it. */
    printf("boot: first thread '%s' dispatched %llu us after entry (%llu counter cycles; "
           "entry at counter %llu)\n",
           first->tx_thread_name != NULL ? first->tx_thread_name : "?",
           (unsigned long long)(cycles * 1000000ULL / freq), (unsigned long long)cycles,
           (unsigned long long)boot_info.entry_cntvct);
}

volatile uint32_t arch_scheduler_running;

void arch_idle_loop(void)
{
    unsigned int cpu = this_core();
    bool boot_cpu = (cpu == 0);

    irq_disable();
    /* FP closed while idle: expiration functions run here (platform_tick_idle_exit) must trap to
     * use it, like in an interrupt, rather than write over the owner's registers. Interrupt exits
     * keep it closed (they restore the CPACR_EL1 they found). */
    write_sysreg(cpacr_el1, CPACR_FPEN_TRAP);
    isb();
    for (;;) {
        TX_THREAD_SMP_LOCK();
        if (boot_cpu && (_tx_thread_execute_ptr[cpu] != NULL)) {
            platform_tick_idle_exit(); /* accounts the idle time; may ready more threads */
        }
        TX_THREAD *to = _tx_thread_execute_ptr[cpu];
        if (dispatchable(to)) {
            if (arch_first_dispatch_cntvct == 0 && boot_cpu) {
                report_boot_time(to);
            }
            _tx_thread_switch_note(NULL, to);
            dispatch(to, cpu);
        }
        if (boot_cpu) {
            platform_tick_idle_enter();
        }
        TX_THREAD_SMP_UNLOCK();
        /* WFI with IRQs masked still wakes on a pending IRQ (another CPU's preemption SGI
         * included); take it, then look again. */
        wfi();
        irq_enable();
        isb();
        irq_disable();
    }
}

UINT _tx_arch_interrupt_control(UINT new_posture)
{
    uint64_t daif = read_sysreg(daif);

    if (new_posture & TX_INT_DISABLE) {
        irq_disable();
    } else {
        irq_enable();
    }
    return (UINT)(daif & DAIF_I_BIT) ? TX_INT_DISABLE : TX_INT_ENABLE;
}

/* Trace time stamps: the virtual counter (CNTVCT_EL0, counts since the domain's creation), low 32
 * bits. */
ULONG _tx_arch_trace_time(VOID)
{
    return (ULONG)(arch_counter_now() & 0xFFFFFFFFu);
}

VOID _tx_arch_schedule(VOID)
{
    irq_disable();
    platform_tick_start();
    /* The other CPUs in use wait for this in platform_secondary_main (WFE). */
    __atomic_store_n(&arch_scheduler_running, 1u, __ATOMIC_RELEASE);
    dsb_ish();
    sev();
    arch_idle_loop();
}

/* SMP hooks of tx_arch.h: the core is the CPU index; another core is preempted by an SGI, whose
 * handler (platform) calls _tx_thread_smp_core_interrupt. */
UINT _tx_arch_core_id(VOID)
{
    return this_core();
}

VOID _tx_arch_core_preempt(UINT core)
{
    platform_cpu_preempt(core);
}
