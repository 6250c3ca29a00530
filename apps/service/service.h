/*
 * service.h - the RTOS side of "Linux and the RTOS side by side": a command service reached from
 * Linux over a libxenvchan-compatible channel and over the PV console, next to a real-time
 * thread that measures its own lateness.
 */
#ifndef SERVICE_H
#define SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tx_api.h"
#include "xen_err.h"

/* Priorities (0 is highest): the real-time thread above everything, Xen event handling next,
 * the services below, dom0's raw events port (a source the service does not trust) last. */
#define RT_PRIO           2u
#define HANDLER_PRIO      6u
#define START_PRIO        8u
#define CMD_PRIO          10u
#define CON_PRIO          12u
#define EVENTS_PRIO       14u /* dom0's raw events port (events.c): untrusted, below everything */

#define RT_PERIOD_DEFAULT 2u    /* ticks */
#define RT_PERIOD_MAX     1000u /* ticks */

/* ---- rt.c: the real-time thread and CPU-use sampling -------------------------------------- */

struct rt_stats {
    ULONG period;             /* ticks */
    uint64_t releases;        /* periods run since the last period change */
    uint64_t missed;          /* periods whose release came after the next one was due */
    uint64_t missed_dispatch; /* of which the RTOS was late to run the thread after the tick */
    uint64_t dispatch_max;    /* counter ticks from the release tick's interrupt to the thread */
    uint64_t late_max;        /* counter ticks, since the last period change */
    uint64_t late_sum;        /* for the average */
    uint64_t late_last;
    /* Upcalls (event-channel interrupts) taken during one activation: from the tick interrupt
     * that released the thread to its next sleep. The mask mechanism of xen/evtchn.c bounds it
     * by the ports that have a handler (xen_evtchn_get_stats().bound) whatever the peers do. */
    uint32_t upcalls_max;  /* most in one activation */
    uint32_t bound_at_max; /* bound ports during that activation */
    uint32_t over_bound;   /* activations with more upcalls that found an event than bound ports */
    uint32_t unmarked;     /* activations whose release tick the sampler did not record */
};

UINT rt_start(void);
void rt_get_stats(struct rt_stats *out);
/* Change the period (1..RT_PERIOD_MAX ticks); restarts the figures. TX_SIZE_ERROR if out of range.
 */
UINT rt_set_period(ULONG ticks);

/* Per-thread CPU use, sampled at every tick: the thread the tick interrupted. */
struct cpu_sample {
    TX_THREAD *thread; /* NULL: idle */
    uint32_t samples;
};
#define CPU_SLOTS 24
/* Copies the table; returns the number of slots used and the total number of samples. */
unsigned cpu_samples(struct cpu_sample *out, unsigned max, uint32_t *total);

/* ---- events.c: the raw events port for dom0 ------------------------------------------------ */

struct events_stats {
    bool up;            /* allocated and published */
    uint32_t port;      /* our end */
    uint32_t handled;   /* handler runs (each takes every notification since the last run) */
    bool bound_by_peer; /* dom0 has bound it now */
};

/* Allocate the port unbound for dom0, set its handler, publish it in XenStore. After
 * xen_xs_init. */
xen_err_t events_start(void);
void events_get(struct events_stats *out);

/* ---- gpio.c: the passed-through GPIO controller, for dom0's gpio commands ---------------- */

#define GPIO_PRIO        4u   /* GPIO event handlers: above commands, below the real-time thread */
#define GPIO_WATCH_MAX_S 600u /* longest `gpio watch` wait */

struct svc_gpio_event {
    unsigned int pin;
    int level;                  /* the pin's level when the handler ran */
    uint32_t merged;            /* interrupts of the pin folded into this event */
    uint64_t isr_to_handler_ns; /* from the ISR to the handler thread running */
};
struct svc_gpio_info {
    bool present;
    uint64_t base; /* guest-physical */
    uint64_t irqs, events, unhandled, spurious;
};

/* Negative results of the svc_gpio_* calls (besides the API's own, passed through). */
#define SVC_GPIO_TIMEOUT (-100)

void svc_gpio_start(void);
void svc_gpio_info(struct svc_gpio_info *out);
/* Make `pin` an output at `level`. 0, or a negative error. */
int svc_gpio_set(unsigned int pin, int level);
/* The pin's level (0/1), or a negative error. */
int svc_gpio_get(unsigned int pin);
/* Make `pin` an input and wait up to `seconds` for its next edge. 0, SVC_GPIO_TIMEOUT or a
 * negative error. Announces on the console when armed ("service: gpio watching pin N"). */
int svc_gpio_watch(unsigned int pin, unsigned int seconds, struct svc_gpio_event *ev);
/* Text for a negative svc_gpio_* result. */
const char *svc_gpio_strerror(int err);

/* ---- cmd.c: the line protocol ------------------------------------------------------------- */

/* Output sink of one command: writes a chunk of the answer. */
typedef void (*cmd_out_t)(void *ctx, const char *text, size_t len);

/* Execute one command line (no newline). Writes the answer, ending with a line "ok" or
 * "error: <why>". */
void cmd_execute(const char *line, cmd_out_t out, void *ctx);

/* Line assembly from a byte stream: feed bytes, get complete lines (without '\r\n'). */
#define CMD_LINE_MAX 128
struct cmd_lines {
    char buf[CMD_LINE_MAX];
    size_t len;
    int overflow; /* the current line was too long: dropped up to its newline */
};
/* Process `n` bytes; calls on_line for each complete line (too-long lines as NULL). */
void cmd_feed(struct cmd_lines *l, const char *bytes, size_t n,
              void (*on_line)(void *ctx, const char *line), void *ctx);

extern TX_THREAD rt_thread;
extern uint32_t cmd_served; /* commands answered over all transports */

#endif /* SERVICE_H */
