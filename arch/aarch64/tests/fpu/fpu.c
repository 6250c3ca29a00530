/*
 * fpu.c - test image: floating point in applications, lazy FP/SIMD switching (arch/aarch64/fp.c).
 *
 * TEST fp-regs        three FP threads hold distinct values in all of v0-v31, FPSR and FPCR while
 *                     preempted by the tick, time-sliced among themselves and blocked on
 *                     semaphores; every register comes back intact, every round
 * TEST fp-rounding    each thread computes under its own FPCR rounding mode (RN/RP/RM) and gets
 *                     the mode's correctly rounded results
 * TEST fp-double      double arithmetic with known exact results in every thread and round
 * TEST fp-timer-isr   an application timer (tick interrupt) computing with doubles gets the
 *                     default FP environment and leaves the interrupted thread's registers intact
 * TEST fp-isr-nested  an interrupt handler holding FP registers is interrupted by a higher-priority
 *                     handler that uses FP too: the outer handler's registers survive
 * TEST fp-lazy        an integer-only thread switching with an FP thread causes no FP save and no
 *                     trap (port statistics), while two FP threads switching do cause saves
 * TEST fp-delete      a deleted thread that owned the FP registers is forgotten: its TCB is never
 *                     written by a later save
 * TEST fp-reset       a reset thread starts again with zeroed FP registers and FPCR 0
 * TEST fp-printf      %f, %e, %g and %Lf from a thread: exact digits, and the arguments after the
 *                     doubles (the ninth double and the long double go on the stack) stay in
 *                     place
 * Ends with TEST-DONE.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tx_api.h"
#include "tx_arch.h"

#include "arch/arch.h"
#include "drivers/gic.h"
#include "arch/counter.h"
#include "xr_test.h"

#define STACK    4096
#define WORKERS  3
#define ROUNDS   60
#define PINGPONG 200u
#define SGI_LOW  5
#define SGI_HIGH 6

/* fpu_hold(in, out, fn, arg): load q0-q31, FPSR, FPCR from `in`, call fn(arg), store them all to
 * `out`; d8-d15 are restored on return (callee-saved), FPSR/FPCR stay as loaded. Written in
 * assembly so that no compiled code touches the registers in between; `fn` is integer-only code
 * (kernel services, spin loops). */
void fpu_hold(const TX_ARCH_FP_STATE *in, TX_ARCH_FP_STATE *out, void (*fn)(ULONG), ULONG arg);
__asm__(".pushsection .text.fpu_hold, \"ax\", %progbits\n"
        ".global fpu_hold\n"
        ".type fpu_hold, %function\n"
        ".balign 4\n"
        "fpu_hold:\n"
        "    stp     x29, x30, [sp, #-96]!\n"
        "    mov     x29, sp\n"
        "    str     x19, [sp, #16]\n"
        "    stp     d8, d9, [sp, #32]\n" /* callee-saved (AAPCS64) */
        "    stp     d10, d11, [sp, #48]\n"
        "    stp     d12, d13, [sp, #64]\n"
        "    stp     d14, d15, [sp, #80]\n"
        "    mov     x19, x1\n"
        "    ldr     x9, [x0, #512]\n"
        "    msr     fpsr, x9\n"
        "    ldr     x9, [x0, #520]\n"
        "    msr     fpcr, x9\n"
        "    ldp     q0, q1, [x0, #0]\n"
        "    ldp     q2, q3, [x0, #32]\n"
        "    ldp     q4, q5, [x0, #64]\n"
        "    ldp     q6, q7, [x0, #96]\n"
        "    ldp     q8, q9, [x0, #128]\n"
        "    ldp     q10, q11, [x0, #160]\n"
        "    ldp     q12, q13, [x0, #192]\n"
        "    ldp     q14, q15, [x0, #224]\n"
        "    ldp     q16, q17, [x0, #256]\n"
        "    ldp     q18, q19, [x0, #288]\n"
        "    ldp     q20, q21, [x0, #320]\n"
        "    ldp     q22, q23, [x0, #352]\n"
        "    ldp     q24, q25, [x0, #384]\n"
        "    ldp     q26, q27, [x0, #416]\n"
        "    ldp     q28, q29, [x0, #448]\n"
        "    ldp     q30, q31, [x0, #480]\n"
        "    mov     x0, x3\n"
        "    blr     x2\n"
        "    stp     q0, q1, [x19, #0]\n"
        "    stp     q2, q3, [x19, #32]\n"
        "    stp     q4, q5, [x19, #64]\n"
        "    stp     q6, q7, [x19, #96]\n"
        "    stp     q8, q9, [x19, #128]\n"
        "    stp     q10, q11, [x19, #160]\n"
        "    stp     q12, q13, [x19, #192]\n"
        "    stp     q14, q15, [x19, #224]\n"
        "    stp     q16, q17, [x19, #256]\n"
        "    stp     q18, q19, [x19, #288]\n"
        "    stp     q20, q21, [x19, #320]\n"
        "    stp     q22, q23, [x19, #352]\n"
        "    stp     q24, q25, [x19, #384]\n"
        "    stp     q26, q27, [x19, #416]\n"
        "    stp     q28, q29, [x19, #448]\n"
        "    stp     q30, q31, [x19, #480]\n"
        "    mrs     x9, fpsr\n"
        "    str     x9, [x19, #512]\n"
        "    mrs     x9, fpcr\n"
        "    str     x9, [x19, #520]\n"
        "    ldp     d8, d9, [sp, #32]\n"
        "    ldp     d10, d11, [sp, #48]\n"
        "    ldp     d12, d13, [sp, #64]\n"
        "    ldp     d14, d15, [sp, #80]\n"
        "    ldr     x19, [sp, #16]\n"
        "    ldp     x29, x30, [sp], #96\n"
        "    ret\n"
        ".size fpu_hold, . - fpu_hold\n"
        ".popsection\n");

/* fpu_peek(out): store q0-q31, FPSR, FPCR as they are. */
void fpu_peek(TX_ARCH_FP_STATE *out);
__asm__(".pushsection .text.fpu_peek, \"ax\", %progbits\n"
        ".global fpu_peek\n"
        ".type fpu_peek, %function\n"
        ".balign 4\n"
        "fpu_peek:\n"
        "    stp     q0, q1, [x0, #0]\n"
        "    stp     q2, q3, [x0, #32]\n"
        "    stp     q4, q5, [x0, #64]\n"
        "    stp     q6, q7, [x0, #96]\n"
        "    stp     q8, q9, [x0, #128]\n"
        "    stp     q10, q11, [x0, #160]\n"
        "    stp     q12, q13, [x0, #192]\n"
        "    stp     q14, q15, [x0, #224]\n"
        "    stp     q16, q17, [x0, #256]\n"
        "    stp     q18, q19, [x0, #288]\n"
        "    stp     q20, q21, [x0, #320]\n"
        "    stp     q22, q23, [x0, #352]\n"
        "    stp     q24, q25, [x0, #384]\n"
        "    stp     q26, q27, [x0, #416]\n"
        "    stp     q28, q29, [x0, #448]\n"
        "    stp     q30, q31, [x0, #480]\n"
        "    mrs     x9, fpsr\n"
        "    str     x9, [x0, #512]\n"
        "    mrs     x9, fpcr\n"
        "    str     x9, [x0, #520]\n"
        "    ret\n"
        ".size fpu_peek, . - fpu_peek\n"
        ".popsection\n");

_Static_assert(offsetof(TX_ARCH_FP_STATE, tx_fp_fpsr) == 512, "fpu_hold offsets");
_Static_assert(offsetof(TX_ARCH_FP_STATE, tx_fp_fpcr) == 520, "fpu_hold offsets");

static TX_THREAD main_thread, workers[WORKERS], kicker, ping_fp, pong_int, pong_fp, doomed,
    resettable;
static ULONG main_stack[STACK / 4] __attribute__((aligned(16)));
static ULONG worker_stack[WORKERS][STACK / 4] __attribute__((aligned(16)));
static ULONG kicker_stack[STACK / 4] __attribute__((aligned(16)));
static ULONG ping_stack[STACK / 4] __attribute__((aligned(16)));
static ULONG pong_int_stack[STACK / 4] __attribute__((aligned(16)));
static ULONG pong_fp_stack[STACK / 4] __attribute__((aligned(16)));
static ULONG doomed_stack[STACK / 4] __attribute__((aligned(16)));
static ULONG reset_stack[STACK / 4] __attribute__((aligned(16)));
static TX_SEMAPHORE worker_sem[WORKERS], ping_sem, pong_sem, pong_fp_sem;
static TX_SEMAPHORE *volatile pong_target = &pong_sem; /* whom ping wakes */
static TX_TIMER fp_timer;

static volatile ULONG reg_errors, round_errors, double_errors, workers_done, worker_rounds;
static volatile ULONG timer_runs, timer_errors;
static volatile int kicker_stop;

/* FPCR rounding mode per worker (FPCR.RMode, Arm ARM C5.2.8) and 1/3, -1/3 rounded by it. */
static const uint64_t worker_fpcr[WORKERS] = {0u << 22, 1u << 22, 2u << 22};
static const uint64_t third_bits[WORKERS] = {0x3fd5555555555555ULL, 0x3fd5555555555556ULL,
                                             0x3fd5555555555555ULL};
static const uint64_t minus_third_bits[WORKERS] = {0xbfd5555555555555ULL, 0xbfd5555555555555ULL,
                                                   0xbfd5555555555556ULL};

static uint64_t bits_of(double d)
{
    uint64_t b;

    memcpy(&b, &d, sizeof(b));
    return b;
}

/* ---- integer-only callees of fpu_hold ---------------------------------------------------- */

static void spin_ticks(ULONG ticks)
{
    uint64_t end = arch_counter_now() + arch_counter_freq() / TX_TIMER_TICKS_PER_SECOND * ticks;
    while (arch_counter_now() < end) {
    }
}

static void wait_sem(ULONG i)
{
    (void)tx_semaphore_get(&worker_sem[i], TX_WAIT_FOREVER);
}

static void yield(ULONG unused)
{
    (void)unused;
    tx_thread_relinquish();
}

static void nothing(ULONG unused)
{
    (void)unused;
}

static void fill(TX_ARCH_FP_STATE *s, ULONG id, ULONG round)
{
    for (int i = 0; i < 32; i++) {
        uint64_t lo = ((uint64_t)(id + 1) << 56) | ((uint64_t)round << 16) | (uint64_t)i;
        uint64_t hi = ~lo ^ ((uint64_t)i << 40);
        s->tx_fp_q[i] = ((__uint128_t)hi << 64) | lo;
    }
    s->tx_fp_fpsr = (id + 1) | ((round & 1u) << 27); /* cumulative flags, QC */
    s->tx_fp_fpcr = worker_fpcr[id % WORKERS];
}

static ULONG differences(const TX_ARCH_FP_STATE *a, const TX_ARCH_FP_STATE *b)
{
    ULONG n = 0;

    for (int i = 0; i < 32; i++) {
        n += a->tx_fp_q[i] != b->tx_fp_q[i];
    }
    n += a->tx_fp_fpsr != b->tx_fp_fpsr;
    n += a->tx_fp_fpcr != b->tx_fp_fpcr;
    return n;
}

/* ---- FP workers ----------------------------------------------------------------------------- */

static double series(void)
{
    volatile double half = 0.5;
    double s = 0.0;

    for (int k = 1; k <= 1000; k++) {
        s += (double)k * half; /* every partial sum is exact: 250250 in any rounding mode */
    }
    return s;
}

static void worker_entry(ULONG id)
{
    static TX_ARCH_FP_STATE in[WORKERS], out[WORKERS];

    for (ULONG round = 0; round < ROUNDS; round++) {
        fill(&in[id], id, round);
        switch (round % 3) {
        case 0:
            fpu_hold(&in[id], &out[id], spin_ticks, 2); /* tick preemption, time slices */
            break;
        case 1:
            fpu_hold(&in[id], &out[id], wait_sem, id); /* blocked until the kicker posts */
            break;
        default:
            fpu_hold(&in[id], &out[id], yield, 0);
            break;
        }
        if (differences(&in[id], &out[id]) != 0) {
            reg_errors++;
            printf("fpu: worker %lu round %lu: %lu registers changed\n", (unsigned long)id,
                   (unsigned long)round, (unsigned long)differences(&in[id], &out[id]));
        }
        /* FPCR is now this worker's rounding mode. */
        volatile double one = 1.0, three = 3.0;
        if (bits_of(one / three) != third_bits[id] ||
            bits_of(-one / three) != minus_third_bits[id]) {
            round_errors++;
        }
        volatile int seven = 7;
        double s = series();
        if (s != 250250.0 || (long)(s / 1000.0 * seven) != 1751 || (double)seven * 0.25 != 1.75) {
            double_errors++;
        }
        worker_rounds++;
    }
    workers_done++;
}

static void kicker_entry(ULONG arg)
{
    (void)arg;
    while (!kicker_stop) {
        tx_thread_sleep(1);
        for (int i = 0; i < WORKERS; i++) {
            (void)tx_semaphore_ceiling_put(&worker_sem[i], 1);
        }
    }
}

/* Application timer: runs in the tick interrupt. Default FP environment, exact results. */
static void timer_fn(ULONG arg)
{
    volatile double one = 1.0, three = 3.0;
    uint64_t fpcr;

    (void)arg;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    char text[16];
    (void)snprintf(text, sizeof(text), "%.3f", one / three); /* printf's FP path in a handler */
    if (fpcr != 0 || bits_of(one / three) != 0x3fd5555555555555ULL ||
        bits_of(-one / three) != 0xbfd5555555555555ULL || series() != 250250.0 ||
        strcmp(text, "0.333") != 0) {
        timer_errors++;
    }
    timer_runs++;
}

/* ---- nested handlers --------------------------------------------------------------------------
 */

static TX_ARCH_FP_STATE isr_in[2], isr_out[2];
static volatile ULONG high_runs, high_depth;

static void raise_high(ULONG unused)
{
    (void)unused;
    (void)gic_send_sgi_self(SGI_HIGH);
    for (volatile int i = 0; i < 100000 && high_runs == 0; i++) {
    }
}

static void low_handler(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    fpu_hold(&isr_in[0], &isr_out[0], raise_high, 0);
}

static void high_handler(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    high_depth = _tx_thread_system_state;
    fpu_hold(&isr_in[1], &isr_out[1], nothing, 0);
    high_runs++;
}

/* ---- lazy switching ---------------------------------------------------------------------------
 */

static volatile ULONG ping_errors;

static void wait_ping(ULONG unused)
{
    (void)unused;
    (void)tx_semaphore_put(pong_target);
    (void)tx_semaphore_get(&ping_sem, TX_WAIT_FOREVER);
}

/* Ping: an FP thread whose registers stay loaded across every round trip with a pong thread. */
static void ping_entry(ULONG unused)
{
    static TX_ARCH_FP_STATE in, out;

    (void)unused;
    for (;;) {
        for (ULONG i = 0; i < PINGPONG; i++) {
            fill(&in, 0, i);
            fpu_hold(&in, &out, wait_ping, 0);
            ping_errors += differences(&in, &out);
        }
        tx_thread_suspend(tx_thread_identify());
    }
}

/* Pong, integer only: never traps, never causes a save. */
static void pong_int_entry(ULONG unused)
{
    char text[16];

    (void)unused;
    for (;;) {
        (void)tx_semaphore_get(&pong_sem, TX_WAIT_FOREVER);
        /* Integer-only printing must not touch FP (lib/printf.c): no trap may follow. */
        (void)snprintf(text, sizeof(text), "%d %s", 7, "x");
        (void)tx_semaphore_put(&ping_sem);
    }
}

/* Pong with FP: takes the registers from ping at every round trip. */
static void pong_fp_entry(ULONG unused)
{
    static TX_ARCH_FP_STATE in, out;

    (void)unused;
    for (ULONG i = 0;; i++) {
        (void)tx_semaphore_get(&pong_fp_sem, TX_WAIT_FOREVER);
        fill(&in, 1, i);
        fpu_hold(&in, &out, nothing, 0);
        ping_errors += differences(&in, &out);
        (void)tx_semaphore_put(&ping_sem);
    }
}

/* ---- delete and reset --------------------------------------------------------------------- */

static volatile ULONG reset_runs, reset_nonzero;

static void doomed_entry(ULONG unused)
{
    static TX_ARCH_FP_STATE in, out;

    (void)unused;
    fill(&in, 2, 99);
    fpu_hold(&in, &out, nothing, 0); /* owns the registers, then completes */
}

static void resettable_entry(ULONG unused)
{
    static const TX_ARCH_FP_STATE zero;
    static TX_ARCH_FP_STATE in, out;

    (void)unused;
    /* The first FP instruction of a (re)started thread finds zeroed registers and FPCR 0. */
    fpu_peek(&out);
    reset_nonzero += differences(&zero, &out);
    fill(&in, 2, 7);
    fpu_hold(&in, &out, nothing, 0); /* leaves its own non-zero registers, owns them */
    reset_runs++;
}

/* ---- main -------------------------------------------------------------------------------------
 */

static void main_entry(ULONG arg)
{
    (void)arg;

    /* Workers + kicker + a timer callback using FP every tick. */
    (void)tx_timer_activate(&fp_timer);
    kicker_stop = 0;
    tx_thread_resume(&kicker);
    uint64_t isr0 = arch_fp_stats.isr_saves;
    for (int i = 0; i < WORKERS; i++) {
        tx_thread_resume(&workers[i]);
    }
    while (workers_done < WORKERS) {
        tx_thread_sleep(5);
    }
    kicker_stop = 1;
    (void)tx_timer_deactivate(&fp_timer);
    uint64_t isr_saves = arch_fp_stats.isr_saves - isr0;
    printf("fpu: %lu worker rounds, traps %llu saves %llu restores %llu first uses %llu "
           "isr saves %llu, timer ran %lu times\n",
           (unsigned long)worker_rounds, (unsigned long long)arch_fp_stats.traps,
           (unsigned long long)arch_fp_stats.saves, (unsigned long long)arch_fp_stats.restores,
           (unsigned long long)arch_fp_stats.first_uses, (unsigned long long)isr_saves,
           (unsigned long)timer_runs);
    xr_verdict("fp-regs",
               reg_errors == 0 && worker_rounds == WORKERS * ROUNDS &&
                   arch_fp_stats.saves >= WORKERS * ROUNDS / 2,
               "%u rounds with changed registers (%u rounds)", reg_errors, worker_rounds);
    xr_verdict("fp-rounding", round_errors == 0, "%u wrong roundings in %u rounds", round_errors,
               worker_rounds);
    xr_verdict("fp-double", double_errors == 0, "%u wrong results in %u rounds", double_errors,
               worker_rounds);
    xr_verdict("fp-timer-isr", timer_errors == 0 && timer_runs >= 20 && isr_saves >= timer_runs,
               "%u wrong results in %u timer runs", timer_errors, timer_runs);

    /* Nested handlers using FP, taken while this (integer-only) thread runs. */
    (void)gic_send_sgi_self(SGI_LOW);
    tx_thread_sleep(1);
    ULONG low_bad = differences(&isr_in[0], &isr_out[0]);
    ULONG high_bad = differences(&isr_in[1], &isr_out[1]);
    xr_verdict("fp-isr-nested", high_runs == 1 && high_depth == 2 && low_bad == 0 && high_bad == 0,
               "outer handler: %u registers changed, inner: %u", low_bad, high_bad);

    /* Lazy: ping (FP) against an integer-only pong, then against an FP pong. */
    uint64_t saves0 = arch_fp_stats.saves, traps0 = arch_fp_stats.traps;
    tx_thread_resume(&pong_int);
    tx_thread_resume(&ping_fp);
    while (ping_fp.tx_thread_state != TX_SUSPENDED) {
        tx_thread_sleep(1);
    }
    uint64_t lazy_saves = arch_fp_stats.saves - saves0, lazy_traps = arch_fp_stats.traps - traps0;
    printf("fpu: FP thread <-> integer thread, %u round trips: %llu saves, %llu traps (pong "
           "%lu, main %lu, kicker %lu)\n",
           PINGPONG, (unsigned long long)lazy_saves, (unsigned long long)lazy_traps,
           (unsigned long)pong_int.tx_thread_fp_traps,
           (unsigned long)main_thread.tx_thread_fp_traps, (unsigned long)kicker.tx_thread_fp_traps);
    /* At most ping's one trap taking the registers over from the previous owner (a worker). */
    ULONG int_ok = lazy_saves <= 1 && lazy_traps <= 1 && pong_int.tx_thread_fp_traps == 0 &&
                   kicker.tx_thread_fp_traps == 0;
    saves0 = arch_fp_stats.saves;
    pong_target = &pong_fp_sem;
    tx_thread_resume(&pong_fp);
    tx_thread_resume(&ping_fp);
    while (ping_fp.tx_thread_state != TX_SUSPENDED) {
        tx_thread_sleep(1);
    }
    uint64_t fp_saves = arch_fp_stats.saves - saves0;
    printf("fpu: FP thread <-> FP thread, %u round trips: %llu saves\n", PINGPONG,
           (unsigned long long)fp_saves);
    xr_verdict("fp-lazy", int_ok && fp_saves >= 2 * PINGPONG - 2 && ping_errors == 0,
               "integer pong: %lu saves; FP pong: %lu saves", (unsigned long)lazy_saves,
               (unsigned long)fp_saves);

    /* Delete: a completed thread owning the registers; its TCB must never be written again. */
    tx_thread_resume(&doomed);
    while (doomed.tx_thread_state != TX_COMPLETED) {
        tx_thread_sleep(1);
    }
    int owned = arch_fp_owner[0] == (void *)&doomed;
    (void)tx_thread_delete(&doomed);
    int forgotten = arch_fp_owner[0] == NULL;
    memset(&doomed.tx_thread_fp, 0xa5, sizeof(doomed.tx_thread_fp));
    pong_target = &pong_sem;
    tx_thread_resume(&ping_fp); /* another FP thread takes the registers */
    while (ping_fp.tx_thread_state != TX_SUSPENDED) {
        tx_thread_sleep(1);
    }
    int untouched = 1;
    for (size_t i = 0; i < sizeof(doomed.tx_thread_fp); i++) {
        untouched &= ((const unsigned char *)&doomed.tx_thread_fp)[i] == 0xa5;
    }
    xr_verdict("fp-delete", owned && forgotten && untouched, "owned %lu, forgotten/untouched %lu",
               (unsigned long)owned, (unsigned long)(forgotten * 10 + untouched));

    /* Reset: runs once (leaving non-zero registers of its own), reset, runs again from zero. */
    tx_thread_resume(&resettable);
    while (resettable.tx_thread_state != TX_COMPLETED) {
        tx_thread_sleep(1);
    }
    int reset_owned = arch_fp_owner[0] == (void *)&resettable;
    (void)tx_thread_reset(&resettable);
    int reset_forgotten =
        reset_owned && arch_fp_owner[0] == NULL && resettable.tx_thread_fp_valid == 0;
    tx_thread_resume(&resettable);
    while (resettable.tx_thread_state != TX_COMPLETED) {
        tx_thread_sleep(1);
    }
    xr_verdict("fp-reset", reset_runs == 2 && reset_nonzero == 0 && reset_forgotten,
               "runs %u, non-zero registers at restart %u", reset_runs, reset_nonzero);

    /* printf's floating-point conversions (lib/printf.c) from a thread. */
    char buf[96];
    volatile double half = 0.5, third = 1.0 / 3.0;
    snprintf(buf, sizeof(buf), "%f|%d|%s|%.17g|%e", half, 42, "x", third, -1e-300);
    char many[64];
    snprintf(many, sizeof(many), "%g %g %g %g %g %g %g %g %g %d %.3Lf", 1.0, 2.0, 3.0, 4.0, 5.0,
             6.0, 7.0, 8.0, 9.5, 10, 0.25L);
    if (strcmp(buf, "0.500000|42|x|0.33333333333333331|-1.000000e-300") == 0 &&
        strcmp(many, "1 2 3 4 5 6 7 8 9.5 10 0.250") == 0) {
        printf("TEST fp-printf PASS\n");
    } else {
        printf("TEST fp-printf FAIL got '%s' and '%s'\n", buf, many);
    }
    printf("TEST-DONE\n");
}

void tx_application_define(void *first_unused_memory)
{
    static CHAR *const names[WORKERS] = {"fp worker 0", "fp worker 1", "fp worker 2"};

    (void)first_unused_memory;
    for (int i = 0; i < WORKERS; i++) {
        tx_semaphore_create(&worker_sem[i], "worker", 0);
        /* Equal priority, 1-tick slices: the tick switches between them while they spin. */
        tx_thread_create(&workers[i], names[i], worker_entry, (ULONG)i, worker_stack[i],
                         sizeof(worker_stack[i]), 16, 16, 1, TX_DONT_START);
    }
    tx_semaphore_create(&ping_sem, "ping", 0);
    tx_semaphore_create(&pong_sem, "pong", 0);
    tx_semaphore_create(&pong_fp_sem, "pong fp", 0);
    tx_timer_create(&fp_timer, "fp timer", timer_fn, 0, 1, 1, TX_NO_ACTIVATE);
    tx_thread_create(&main_thread, "fpu main", main_entry, 0, main_stack, sizeof(main_stack), 5, 5,
                     TX_NO_TIME_SLICE, TX_AUTO_START);
    tx_thread_create(&kicker, "kicker", kicker_entry, 0, kicker_stack, sizeof(kicker_stack), 10, 10,
                     TX_NO_TIME_SLICE, TX_DONT_START);
    tx_thread_create(&ping_fp, "ping fp", ping_entry, 0, ping_stack, sizeof(ping_stack), 12, 12,
                     TX_NO_TIME_SLICE, TX_DONT_START);
    tx_thread_create(&pong_int, "pong int", pong_int_entry, 0, pong_int_stack,
                     sizeof(pong_int_stack), 12, 12, TX_NO_TIME_SLICE, TX_DONT_START);
    tx_thread_create(&pong_fp, "pong fp", pong_fp_entry, 0, pong_fp_stack, sizeof(pong_fp_stack),
                     12, 12, TX_NO_TIME_SLICE, TX_DONT_START);
    tx_thread_create(&doomed, "doomed", doomed_entry, 0, doomed_stack, sizeof(doomed_stack), 12, 12,
                     TX_NO_TIME_SLICE, TX_DONT_START);
    tx_thread_create(&resettable, "resettable", resettable_entry, 0, reset_stack,
                     sizeof(reset_stack), 12, 12, TX_NO_TIME_SLICE, TX_DONT_START);
    fill(&isr_in[0], 0, 1000);
    fill(&isr_in[1], 1, 2000);
    (void)gic_irq_register(SGI_LOW, low_handler, NULL, 0xc0, false); /* lower value: urgent */
    (void)gic_irq_register(SGI_HIGH, high_handler, NULL, 0x40, false);
    (void)gic_irq_enable(SGI_LOW);
    (void)gic_irq_enable(SGI_HIGH);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
