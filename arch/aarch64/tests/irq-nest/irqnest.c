/*
 * irqnest.c - test image: interrupt nesting and preemption from an ISR, with software-generated
 * interrupts to this CPU (gic_send_sgi_self).
 *   TEST irq-nest-higher  a higher-priority SGI raised inside a low-priority handler runs inside
 *                         it (nested, ISR depth 2)
 *   TEST irq-no-nest-equal an equal-priority SGI raised inside the handler waits until it ends
 *   TEST isr-wakes-thread a handler that resumes a higher-priority thread switches to it at ISR
 *                         exit, before the interrupted thread continues
 *   TEST irq-invalid      registering an invalid interrupt ID is refused
 */
#include <stdio.h>

#include "tx_api.h"
#include "tx_arch.h"

#include "drivers/gic.h"

#define SGI_LOW  1
#define SGI_HIGH 2
#define SGI_SAME 3
#define SGI_WAKE 4

static volatile int high_ran, same_ran, high_inside_low, same_inside_low;
static volatile ULONG depth_in_high;
static volatile int order[4];
static volatile int order_n;
static TX_THREAD main_thread, woken_thread;
static ULONG main_stack[1024] __attribute__((aligned(16)));
static ULONG woken_stack[1024] __attribute__((aligned(16)));

static void spin(void)
{
    for (volatile int i = 0; i < 200000; i++) {
    }
}

static void high_handler(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    depth_in_high = _tx_thread_system_state;
    high_ran = 1;
}

static void same_handler(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    same_ran = 1;
}

static void low_handler(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    (void)gic_send_sgi_self(SGI_HIGH);
    spin();
    high_inside_low = high_ran;
    (void)gic_send_sgi_self(SGI_SAME);
    spin();
    same_inside_low = same_ran;
}

static void wake_handler(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    tx_thread_resume(&woken_thread);
}

static void woken_entry(ULONG arg)
{
    (void)arg;
    for (;;) {
        order[order_n++] = 1; /* ran first */
        tx_thread_suspend(&woken_thread);
    }
}

static void main_entry(ULONG arg)
{
    (void)arg;
    (void)gic_send_sgi_self(SGI_LOW);
    spin();
    printf(high_inside_low && depth_in_high == 2 ? "TEST irq-nest-higher PASS\n"
                                                 : "TEST irq-nest-higher FAIL inside %d depth %u\n",
           high_inside_low, (unsigned)depth_in_high);
    printf(!same_inside_low && same_ran ? "TEST irq-no-nest-equal PASS\n"
                                        : "TEST irq-no-nest-equal FAIL inside %d ran %d\n",
           same_inside_low, same_ran);

    order_n = 0;
    (void)gic_send_sgi_self(SGI_WAKE);
    order[order_n++] = 2; /* the interrupted (lower-priority) thread continues */
    printf(order_n == 2 && order[0] == 1 && order[1] == 2 ? "TEST isr-wakes-thread PASS\n"
                                                          : "TEST isr-wakes-thread FAIL %d %d %d\n",
           order_n, order[0], order[1]);

    int bad = gic_irq_register(GIC_MAX_IRQ + 5, high_handler, NULL, 0x80, false);
    int dup = gic_irq_register(SGI_LOW, low_handler, NULL, 0xc0, false);
    printf(bad == -1 && dup == -1 ? "TEST irq-invalid PASS\n" : "TEST irq-invalid FAIL %d %d\n",
           bad, dup);
    printf("TEST-DONE\n");
}

void tx_application_define(void *first_unused_memory)
{
    (void)first_unused_memory;
    /* Lower value = more urgent. */
    (void)gic_irq_register(SGI_LOW, low_handler, NULL, 0xc0, false);
    (void)gic_irq_register(SGI_HIGH, high_handler, NULL, 0x40, false);
    (void)gic_irq_register(SGI_SAME, same_handler, NULL, 0xc0, false);
    (void)gic_irq_register(SGI_WAKE, wake_handler, NULL, 0xa0, false);
    (void)gic_irq_enable(SGI_LOW);
    (void)gic_irq_enable(SGI_HIGH);
    (void)gic_irq_enable(SGI_SAME);
    (void)gic_irq_enable(SGI_WAKE);
    tx_thread_create(&main_thread, "irq main", main_entry, 0, main_stack, sizeof(main_stack), 10,
                     10, TX_NO_TIME_SLICE, TX_AUTO_START);
    tx_thread_create(&woken_thread, "woken", woken_entry, 0, woken_stack, sizeof(woken_stack), 5, 5,
                     TX_NO_TIME_SLICE, TX_DONT_START);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
