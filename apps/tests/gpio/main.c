/*
 * main.c - test image for a GPIO controller passed through to the domain (issue 15).
 *
 * TEST gpio-found       the tree Xen gave us has a PL061 (the banner prints where)
 * TEST gpio-output      pins driven as outputs read back at the levels set
 * TEST gpio-bad-args    bad pin numbers, triggers and double attaches are errors, not faults
 * TEST gpio-level-irq   a level-high interrupt on an output pin the RTOS raises itself reaches
 *                       the handler thread every time, one event per raise; the latency from
 *                       the register write to the ISR and to the handler thread is printed
 *                       (`gpio-test: latency ...`: virtual time under -icount)
 * TEST gpio-stats       the controller's counters match what was raised
 * TEST gpio-powerkey    pin 3, the board's power key, raised from outside (QEMU's monitor:
 *                       system_powerdown) reaches its handler
 * Between the last two it prints "gpio-test: hold pins 0x.." and holds the outputs while it
 * waits for the power key: the test case reads the data register through QEMU's monitor then
 * (an independent check of what the pins are), and sends system_powerdown when it sees
 * "gpio-test: waiting for pin 3".
 */
#include <stdio.h>

#include "tx_api.h"
#include "xenrtos/gpio.h"
#include "xenrtos/platform.h"
#include "xr_test.h"

#define STACK         4096
#define IRQ_PIN       6u /* output pin raised by the test itself */
#define POWER_KEY_PIN 3u /* QEMU virt: wired to the power key */
#define HANDLER_PRIO  3u
#define ROUNDS        200u
#define HOLD_PATTERN  0xa5u /* outputs 0, 2, 5, 7 high; 1, 4, 6 low; 3 is the power key */

static TX_THREAD main_thread;
static ULONG main_stack[STACK / 4] __attribute__((aligned(16)));
static TX_SEMAPHORE irq_sem, key_sem;

static volatile uint64_t raised_at;     /* counter just before the write that raises the pin */
static volatile uint64_t isr_at;        /* the event's ISR stamp */
static volatile uint64_t handler_at;    /* counter when the handler ran */
static volatile uint32_t handler_calls; /* level-irq handler runs */
static volatile uint32_t merged_total;
static volatile int key_level = -1;

static void on_level(const struct xr_gpio_event *ev, void *arg)
{
    (void)arg;
    handler_at = xr_counter_now();
    isr_at = ev->isr_count;
    merged_total += ev->merged;
    handler_calls++;
    /* Take the condition away, or the pin fires again as soon as it is unmasked. */
    (void)xr_gpio_set(ev->pin, 0);
    (void)tx_semaphore_put(&irq_sem);
}

static void on_key(const struct xr_gpio_event *ev, void *arg)
{
    (void)arg;
    key_level = ev->level;
    (void)tx_semaphore_put(&key_sem);
}

static void test_output(void)
{
    int bad = -1;
    for (unsigned int pin = 0; pin < XR_GPIO_PINS; pin++) {
        if (pin == POWER_KEY_PIN) {
            continue;
        }
        int want = (int)((HOLD_PATTERN >> pin) & 1u);
        if (xr_gpio_direction(pin, true) != 0 || xr_gpio_set(pin, want) != 0 ||
            xr_gpio_get(pin) != want) {
            bad = (int)pin;
            break;
        }
    }
    xr_verdict("gpio-output", bad < 0, "pin %d does not read back the level set", bad);
}

static void test_bad_args(void)
{
    int r1 = xr_gpio_set(XR_GPIO_PINS, 1);
    int r2 = xr_gpio_get(99);
    int r3 = xr_gpio_direction(XR_GPIO_PINS, true);
    int r4 = xr_gpio_irq_attach(XR_GPIO_PINS, XR_GPIO_EDGE_RISING, on_key, NULL, HANDLER_PRIO);
    int r5 = xr_gpio_irq_attach(1, (enum xr_gpio_trigger)42, on_key, NULL, HANDLER_PRIO);
    int r6 = xr_gpio_irq_attach(1, XR_GPIO_EDGE_RISING, NULL, NULL, HANDLER_PRIO);
    int r7 = xr_gpio_irq_attach(1, XR_GPIO_EDGE_RISING, on_key, NULL, TX_MAX_PRIORITIES);
    int r8 = xr_gpio_irq_detach(1); /* nothing attached */
    xr_verdict("gpio-bad-args",
               r1 < 0 && r2 < 0 && r3 < 0 && r4 < 0 && r5 < 0 && r6 < 0 && r7 < 0 && r8 < 0,
               "results %d %d %d %d %d %d %d %d", r1, r2, r3, r4, r5, r6, r7, r8);
}

static void test_level_irq(void)
{
    uint64_t to_isr_sum = 0, to_isr_max = 0, to_thread_sum = 0, to_thread_max = 0;
    unsigned int done = 0;
    struct xr_gpio_stats before, after;

    xr_gpio_get_stats(&before);
    (void)xr_gpio_direction(IRQ_PIN, true);
    (void)xr_gpio_set(IRQ_PIN, 0);
    int r = xr_gpio_irq_attach(IRQ_PIN, XR_GPIO_LEVEL_HIGH, on_level, NULL, HANDLER_PRIO);
    int again = xr_gpio_irq_attach(IRQ_PIN, XR_GPIO_LEVEL_HIGH, on_level, NULL, HANDLER_PRIO);
    if (r != 0) {
        xr_verdict("gpio-level-irq", false, "attach: %d", r);
        return;
    }
    for (; done < ROUNDS; done++) {
        raised_at = xr_counter_now();
        (void)xr_gpio_set(IRQ_PIN, 1);
        if (tx_semaphore_get(&irq_sem, TX_TIMER_TICKS_PER_SECOND) != TX_SUCCESS) {
            break;
        }
        uint64_t a = xr_counter_to_ns(isr_at - raised_at);
        uint64_t b = xr_counter_to_ns(handler_at - raised_at);
        to_isr_sum += a;
        to_thread_sum += b;
        to_isr_max = a > to_isr_max ? a : to_isr_max;
        to_thread_max = b > to_thread_max ? b : to_thread_max;
    }
    (void)xr_gpio_irq_detach(IRQ_PIN);
    tx_thread_sleep(2);
    xr_gpio_get_stats(&after);
    if (done > 0) {
        printf("gpio-test: latency write->isr mean %llu ns max %llu ns, write->thread mean %llu "
               "ns max %llu ns (%u rounds)\n",
               (unsigned long long)(to_isr_sum / done), (unsigned long long)to_isr_max,
               (unsigned long long)(to_thread_sum / done), (unsigned long long)to_thread_max, done);
    }
    xr_verdict("gpio-level-irq",
               done == ROUNDS && handler_calls == ROUNDS && again < 0 && merged_total == ROUNDS,
               "%u of %u raises handled, %u handler calls, %u merged, second attach %d", done,
               ROUNDS, (unsigned)handler_calls, (unsigned)merged_total, again);
    uint64_t irqs = after.irqs - before.irqs, events = after.events - before.events;
    xr_verdict("gpio-stats",
               irqs >= ROUNDS && events == ROUNDS && after.unhandled == before.unhandled &&
                   after.spurious == before.spurious,
               "irqs %llu events %llu unhandled %llu spurious %llu", (unsigned long long)irqs,
               (unsigned long long)events, (unsigned long long)(after.unhandled - before.unhandled),
               (unsigned long long)(after.spurious - before.spurious));
}

static void main_entry(ULONG arg)
{
    (void)arg;
    if (!xr_verdict("gpio-found", xr_gpio_present(), "no arm,pl061 node in the tree")) {
        xr_done();
        return;
    }
    printf("gpio-test: pl061 at %#llx\n", (unsigned long long)xr_gpio_base_phys());
    test_output();
    test_bad_args();
    test_level_irq();

    /* Held until the power key: the case reads the data register from outside meanwhile. */
    (void)xr_gpio_set(IRQ_PIN, 0);
    printf("gpio-test: hold pins %#x\n", HOLD_PATTERN);
    (void)xr_gpio_direction(POWER_KEY_PIN, false);
    int r = xr_gpio_irq_attach(POWER_KEY_PIN, XR_GPIO_EDGE_RISING, on_key, NULL, HANDLER_PRIO);
    if (r != 0) {
        xr_verdict("gpio-powerkey", false, "attach pin 3: %d", r);
        xr_done();
        return;
    }
    printf("gpio-test: waiting for pin %u\n", POWER_KEY_PIN);
    /* No timeout: under -icount with sleep=off idle time passes at once, so any timeout would
     * expire before the monitor's command arrives; the case's timeout detects a hang. */
    (void)tx_semaphore_get(&key_sem, TX_WAIT_FOREVER);
    xr_verdict("gpio-powerkey", key_level == 1, "pin 3 level %d in its handler", key_level);
    struct xr_gpio_stats st;
    xr_gpio_get_stats(&st);
    printf("gpio-test: irqs %llu events %llu unhandled %llu spurious %llu\n",
           (unsigned long long)st.irqs, (unsigned long long)st.events,
           (unsigned long long)st.unhandled, (unsigned long long)st.spurious);
    xr_done();
}

void tx_application_define(void *first_unused_memory)
{
    (void)first_unused_memory;
    (void)tx_semaphore_create(&irq_sem, "gpio irq", 0);
    (void)tx_semaphore_create(&key_sem, "gpio key", 0);
    (void)tx_thread_create(&main_thread, "gpio test", main_entry, 0, main_stack, sizeof(main_stack),
                           5, 5, TX_NO_TIME_SLICE, TX_AUTO_START);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
