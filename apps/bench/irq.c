/*
 * irq.c - timer interrupt latency: from the EL1 virtual timer's expiry (CNTV_CVAL_EL0, the
 * deadline the port's tick programmed) to
 *   isr     the port's IRQ entry reaching C (the irq-entry probe of xenrtos/platform.h, called
 *           right after the vector saved the interrupted context, about 20 instructions after
 *           the vector's first)
 *   thread  a thread woken by that tick (tx_thread_sleep(1) returning) running again.
 * The probe below notes the time and the deadline whenever the timer's condition is met
 * (gtimer_expired: CNTV_CTL_EL0.ISTATUS, Arm ARM D17.8.20).
 *
 * Two situations inside this domain: `idle` (only the sampling thread: the vCPU waits in WFI, so
 * Xen has descheduled it and must wake it) and `busy` (a low-priority thread spins: the vCPU is
 * running when the timer fires). `load` says what else runs on the pCPU (bench.py's configs).
 */
#include <stdio.h>

#include "bench.h"
#include "tx_api.h"
#include "drivers/arm_generic_timer.h"
#include "xenrtos/gpio.h"
#include "xenrtos/platform.h"

#define HIST_BINS 10

volatile uint32_t bench_irq_seq;
volatile uint64_t bench_irq_cval;
volatile uint64_t bench_irq_at;
volatile bool bench_irq_armed;

static void irq_entry_probe(void)
{
    uint64_t now = xr_counter_now();
    uint64_t cval;

    if (bench_irq_armed && gtimer_expired(&cval)) {
        bench_irq_cval = cval;
        bench_irq_at = now;
        bench_irq_seq++;
    }
}

/* Upper bounds of the histogram bins in ns; the last bin is open. */
static const uint64_t hist_edges[HIST_BINS - 1] = {1000,  2000,   5000,   10000,  20000,
                                                   50000, 100000, 200000, 1000000};

struct lat_stats {
    uint64_t n, sum, max;
    uint32_t hist[HIST_BINS];
};

static void lat_add(struct lat_stats *s, uint64_t ns)
{
    unsigned b = 0;

    while (b < HIST_BINS - 1 && ns >= hist_edges[b]) {
        b++;
    }
    s->hist[b]++;
    s->n++;
    s->sum += ns;
    s->max = ns > s->max ? ns : s->max;
}

static void lat_print_as(const char *what, const char *load, const char *guest, const char *point,
                         const struct lat_stats *s)
{
    printf("BENCH %s load=%s guest=%s point=%s n=%llu mean_ns=%llu max_ns=%llu hist=", what, load,
           guest, point, (unsigned long long)s->n, (unsigned long long)(s->n ? s->sum / s->n : 0),
           (unsigned long long)s->max);
    for (unsigned b = 0; b < HIST_BINS; b++) {
        printf("%u%s", (unsigned)s->hist[b], b + 1 < HIST_BINS ? "," : "\n");
    }
}

static void lat_print(const char *load, const char *guest, const char *point,
                      const struct lat_stats *s)
{
    lat_print_as("irq", load, guest, point, s);
}

/* ---- a device interrupt: the PL061 passed through to the domain --------------------------------
 * An output pin set level-high-sensitive and driven high makes the PL061 assert its interrupt
 * (xenrtos/gpio.h): the time of that register write is the device's interrupt, then
 *   isr     the GPIO interrupt handler's stamp (xr_gpio_event.isr_count: Xen took the physical
 *           SPI, injected it through the vGIC, the vector and the GIC driver ran)
 *   thread  the handler thread it woke running the handler (above this thread's priority).
 * The handler drives the pin low again, so each write is one interrupt. */
#define GPIO_BENCH_PIN  6u
#define GPIO_BENCH_PRIO 5u

static TX_SEMAPHORE gpio_done;
static volatile uint64_t gpio_isr_at, gpio_thread_at;
static bool gpio_ready;

static void gpio_handler(const struct xr_gpio_event *ev, void *arg)
{
    (void)arg;
    gpio_thread_at = xr_counter_now();
    gpio_isr_at = ev->isr_count;
    (void)xr_gpio_set(ev->pin, 0);
    (void)tx_semaphore_put(&gpio_done);
}

static bool gpio_setup(void)
{
    if (gpio_ready) {
        return true;
    }
    if (!xr_gpio_present() || tx_semaphore_create(&gpio_done, "bench gpio", 0) != TX_SUCCESS ||
        xr_gpio_direction(GPIO_BENCH_PIN, true) != 0 || xr_gpio_set(GPIO_BENCH_PIN, 0) != 0 ||
        xr_gpio_irq_attach(GPIO_BENCH_PIN, XR_GPIO_LEVEL_HIGH, gpio_handler, NULL,
                           GPIO_BENCH_PRIO) != 0) {
        return false;
    }
    gpio_ready = true;
    return true;
}

static void gpio_sample(const char *load, const char *guest, unsigned n)
{
    struct lat_stats isr = {0}, thread = {0};
    unsigned lost = 0;

    if (!gpio_setup()) {
        return;
    }
    tx_thread_sleep(1);
    for (unsigned i = 0; i < n; i++) {
        uint64_t t0 = xr_counter_now();
        (void)xr_gpio_set(GPIO_BENCH_PIN, 1);
        if (tx_semaphore_get(&gpio_done, TX_TIMER_TICKS_PER_SECOND) != TX_SUCCESS) {
            lost++;
            continue;
        }
        lat_add(&isr, bench_ns(gpio_isr_at - t0));
        lat_add(&thread, bench_ns(gpio_thread_at - t0));
        tx_thread_sleep(1); /* one per tick, like the timer samples */
    }
    lat_print_as("gpio", load, guest, "isr", &isr);
    lat_print_as("gpio", load, guest, "thread", &thread);
    if (lost != 0) {
        printf("bench: gpio %s/%s: %u interrupts never reached the handler\n", load, guest, lost);
    }
}

static TX_THREAD spinner;
static uint8_t spinner_stack[4096] __attribute__((aligned(16)));
static volatile bool spin_stop;
static volatile uint64_t spin_count;

static void spinner_entry(ULONG arg)
{
    (void)arg;
    while (!spin_stop) {
        spin_count++;
    }
}

static void sample(const char *load, const char *guest, unsigned n)
{
    struct lat_stats isr = {0}, thread = {0};
    unsigned missed = 0;

    tx_thread_sleep(1); /* start on a tick boundary */
    xr_set_irq_entry_probe(irq_entry_probe);
    bench_irq_armed = true;
    for (unsigned i = 0; i < n; i++) {
        uint32_t seq = bench_irq_seq;
        tx_thread_sleep(1);
        uint64_t now = xr_counter_now();
        if (bench_irq_seq == seq) {
            missed++; /* woken without a timer interrupt seen: not a sample */
            continue;
        }
        uint64_t cval = bench_irq_cval;
        lat_add(&isr, bench_ns(bench_irq_at - cval));
        lat_add(&thread, bench_ns(now - cval));
    }
    bench_irq_armed = false;
    xr_set_irq_entry_probe(NULL);
    lat_print(load, guest, "isr", &isr);
    lat_print(load, guest, "thread", &thread);
    if (missed != 0) {
        printf("bench: irq %s/%s: %u wake-ups without a timer interrupt\n", load, guest, missed);
    }
}

void bench_irq(const char *load, unsigned samples)
{
    printf("BENCH irq-hist-edges-ns=<1000,<2000,<5000,<10000,<20000,<50000,<100000,<200000,"
           "<1000000,more\n");
    sample(load, "idle", samples);
    gpio_sample(load, "idle", samples);

    /* Below the caller (10): runs whenever the caller sleeps. */
    spin_stop = false;
    UINT s = tx_thread_create(&spinner, "spinner", spinner_entry, 0, spinner_stack,
                              sizeof(spinner_stack), 30, 30, TX_NO_TIME_SLICE, TX_AUTO_START);
    if (s != TX_SUCCESS) {
        printf("bench: cannot create the spinner (status %u)\n", s);
        return;
    }
    sample(load, "busy", samples);
    gpio_sample(load, "busy", samples);
    spin_stop = true;
    tx_thread_sleep(1);
    (void)tx_thread_terminate(&spinner);
}
