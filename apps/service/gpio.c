/*
 * gpio.c - dom0's gpio commands on the GPIO controller passed through to this domain (issue 15):
 * set and get drive and read a pin through the platform's xr_gpio API; watch waits for a pin's
 * next edge, taken by the controller's interrupt and handed to a handler thread at GPIO_PRIO
 * (below the real-time thread, so a pin that toggles without pause cannot delay it).
 */
#include <stdio.h>
#include <string.h>

#include "service.h"
#include "xenrtos/gpio.h"
#include "xenrtos/platform.h"

/* One watch at a time per pin; the command threads may both wait, on different pins. */
struct pin_watch {
    TX_SEMAPHORE edge;
    bool attached;
    struct svc_gpio_event last;
};

static struct pin_watch watches[XR_GPIO_PINS];
static TX_MUTEX gpio_lock; /* attach and direction changes from the two command threads */
static bool started;

static void on_edge(const struct xr_gpio_event *ev, void *arg)
{
    struct pin_watch *w = arg;
    uint64_t now = xr_counter_now();

    w->last.pin = ev->pin;
    w->last.level = ev->level;
    w->last.merged = ev->merged;
    w->last.isr_to_handler_ns = xr_counter_to_ns(now - ev->isr_count);
    (void)tx_semaphore_put(&w->edge);
}

void svc_gpio_start(void)
{
    if (!xr_gpio_present()) {
        return;
    }
    if (tx_mutex_create(&gpio_lock, "gpio", TX_INHERIT) != TX_SUCCESS) {
        printf("service: gpio: cannot create its mutex\n");
        return;
    }
    for (unsigned int i = 0; i < XR_GPIO_PINS; i++) {
        if (tx_semaphore_create(&watches[i].edge, "gpio edge", 0) != TX_SUCCESS) {
            printf("service: gpio: cannot create its semaphores\n");
            return;
        }
    }
    started = true;
    printf("service: gpio pl061 at %#llx, handlers at priority %u\n",
           (unsigned long long)xr_gpio_base_phys(), GPIO_PRIO);
}

void svc_gpio_info(struct svc_gpio_info *out)
{
    struct xr_gpio_stats st;

    memset(out, 0, sizeof(*out));
    out->present = started;
    if (!started) {
        return;
    }
    xr_gpio_get_stats(&st);
    out->base = xr_gpio_base_phys();
    out->irqs = st.irqs;
    out->events = st.events;
    out->unhandled = st.unhandled;
    out->spurious = st.spurious;
}

int svc_gpio_set(unsigned int pin, int level)
{
    if (!started) {
        return XR_GPIO_ENODEV;
    }
    (void)tx_mutex_get(&gpio_lock, TX_WAIT_FOREVER);
    int r = pin < XR_GPIO_PINS && watches[pin].attached ? XR_GPIO_EBUSY : 0;
    if (r == 0) {
        r = xr_gpio_direction(pin, true);
    }
    if (r == 0) {
        r = xr_gpio_set(pin, level);
    }
    (void)tx_mutex_put(&gpio_lock);
    return r;
}

int svc_gpio_get(unsigned int pin)
{
    return started ? xr_gpio_get(pin) : XR_GPIO_ENODEV;
}

int svc_gpio_watch(unsigned int pin, unsigned int seconds, struct svc_gpio_event *ev)
{
    if (!started) {
        return XR_GPIO_ENODEV;
    }
    if (pin >= XR_GPIO_PINS) {
        return XR_GPIO_EPIN;
    }
    struct pin_watch *w = &watches[pin];
    (void)tx_mutex_get(&gpio_lock, TX_WAIT_FOREVER);
    int r = 0;
    if (!w->attached) {
        r = xr_gpio_direction(pin, false);
        if (r == 0) {
            r = xr_gpio_irq_attach(pin, XR_GPIO_EDGE_BOTH, on_edge, w, GPIO_PRIO);
        }
        w->attached = r == 0;
    }
    if (r == 0) {
        /* Edges before this watch are not its answer. */
        while (tx_semaphore_get(&w->edge, TX_NO_WAIT) == TX_SUCCESS) {
        }
    }
    (void)tx_mutex_put(&gpio_lock);
    if (r != 0) {
        return r;
    }
    printf("service: gpio watching pin %u\n", pin);
    if (tx_semaphore_get(&w->edge, (ULONG)seconds * TX_TIMER_TICKS_PER_SECOND) != TX_SUCCESS) {
        return SVC_GPIO_TIMEOUT;
    }
    *ev = w->last;
    return 0;
}

const char *svc_gpio_strerror(int err)
{
    if (err == SVC_GPIO_TIMEOUT) {
        return "no edge before the timeout";
    }
    switch (err) {
    case XR_GPIO_EBUSY:
        return "the pin is watched (an input)";
    case XR_GPIO_ENODEV:
        return "no GPIO controller in this domain's device tree";
    case XR_GPIO_EPIN:
        return "no such pin (0..7)";
    case XR_GPIO_ENOTHREAD:
        return "no handler thread left";
    default:
        return "failed";
    }
}
