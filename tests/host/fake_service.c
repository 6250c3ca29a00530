/*
 * fake_service.c - what apps/service/cmd.c calls outside itself, for test_service_cmd.c: the
 * figures of rt.c and events.c, the statistics of the Xen layer and the vchan client. Each fake
 * returns what the test put in its fake_* variables and records how it was called; the test
 * declares them extern (no header: the test is the only user).
 *
 * rt_thread is defined here as rt.c defines it, but nobody starts it: the test creates it (with
 * its own stack) when it wants "threads" to find it. xen_strerror is the real xen/error.c.
 */
#include <stdio.h>
#include <string.h>

#include "service.h"
#include "xen_evtchn.h"
#include "xen_pvconsole.h"
#include "xen_vchan.h"
#include "xen_xenstore.h"

TX_THREAD rt_thread;

/* ---- rt.c --------------------------------------------------------------------------------- */

struct rt_stats fake_rt_stats;
struct cpu_sample fake_cpu[CPU_SLOTS];
unsigned fake_cpu_used;
uint32_t fake_cpu_total;
UINT fake_period_status;
ULONG fake_period_arg;
unsigned fake_period_calls;

void rt_get_stats(struct rt_stats *out)
{
    *out = fake_rt_stats;
}

UINT rt_set_period(ULONG ticks)
{
    fake_period_arg = ticks;
    fake_period_calls++;
    return fake_period_status;
}

unsigned cpu_samples(struct cpu_sample *out, unsigned max, uint32_t *total)
{
    unsigned n = fake_cpu_used < max ? fake_cpu_used : max;
    memcpy(out, fake_cpu, n * sizeof(out[0]));
    *total = fake_cpu_total;
    return n;
}

UINT rt_start(void)
{
    return TX_SUCCESS;
}

/* ---- events.c ----------------------------------------------------------------------------- */

struct events_stats fake_events;

void events_get(struct events_stats *out)
{
    *out = fake_events;
}

xen_err_t events_start(void)
{
    return XE_OK;
}

/* ---- Xen layer statistics ----------------------------------------------------------------- */

struct xen_evtchn_stats fake_evtchn_stats;
struct xen_xs_stats fake_xs_stats;
struct xen_pvcon_stats fake_pvcon_stats;

void xen_evtchn_get_stats(struct xen_evtchn_stats *out)
{
    *out = fake_evtchn_stats;
}

void xen_xs_get_stats(struct xen_xs_stats *out)
{
    *out = fake_xs_stats;
}

void xen_pvcon_get_stats(struct xen_pvcon_stats *out)
{
    *out = fake_pvcon_stats;
}

/* ---- XenStore requests of the xs command: one node, errors on demand ------------------------ */

bool fake_xs_up = true;
xen_err_t fake_xs_err;
char fake_xs_path[XEN_XS_PATH_MAX];
char fake_xs_value[128];

bool xen_xs_ready(void)
{
    return fake_xs_up;
}

const char *xen_xs_home(void)
{
    return "/local/domain/7";
}

xen_err_t xen_xs_write_str(xen_xs_txn_t t, const char *path, const char *value)
{
    (void)t;
    if (fake_xs_err != XE_OK) {
        return fake_xs_err;
    }
    (void)snprintf(fake_xs_path, sizeof(fake_xs_path), "%s", path);
    (void)snprintf(fake_xs_value, sizeof(fake_xs_value), "%s", value);
    return XE_OK;
}

xen_err_t xen_xs_read(xen_xs_txn_t t, const char *path, char *buf, size_t size, size_t *len)
{
    (void)t;
    if (fake_xs_err != XE_OK) {
        return fake_xs_err;
    }
    if (strcmp(path, fake_xs_path) != 0) {
        return XE_NOENT;
    }
    (void)snprintf(buf, size, "%s", fake_xs_value);
    if (len != NULL) {
        *len = strlen(fake_xs_value);
    }
    return XE_OK;
}

/* ---- vchan client: a scripted server -------------------------------------------------------- */

#define FAKE_VCHAN_CHUNKS 4

xen_err_t fake_vchan_init_err;
xen_domid_t fake_vchan_peer;
char fake_vchan_path[XEN_XS_PATH_MAX];
UINT fake_vchan_prio;
unsigned fake_vchan_inits;
xen_err_t fake_vchan_write_err;
char fake_vchan_written[256];
size_t fake_vchan_written_len;
ULONG fake_vchan_write_timeout;
/* What the server sends back, one chunk per read; then fake_vchan_read_end. */
const char *fake_vchan_reply[FAKE_VCHAN_CHUNKS];
xen_err_t fake_vchan_read_end;
unsigned fake_vchan_reads;
ULONG fake_vchan_read_timeout;
unsigned fake_vchan_closes;
/* Called at the start of every read (NULL: nothing): a second command while one runs. */
void (*fake_vchan_on_read)(void);

xen_err_t xen_vchan_client_init(struct xen_vchan *v, xen_domid_t peer, const char *path,
                                UINT priority)
{
    memset(v, 0, sizeof(*v));
    fake_vchan_inits++;
    fake_vchan_peer = peer;
    fake_vchan_prio = priority;
    strncpy(fake_vchan_path, path, sizeof(fake_vchan_path) - 1);
    fake_vchan_path[sizeof(fake_vchan_path) - 1] = '\0';
    v->open = fake_vchan_init_err == XE_OK;
    return fake_vchan_init_err;
}

xen_err_t xen_vchan_write(struct xen_vchan *v, const void *buf, size_t len, ULONG timeout)
{
    if (!v->open) {
        return XE_BAD_ARG;
    }
    fake_vchan_write_timeout = timeout;
    if (fake_vchan_write_err != XE_OK) {
        return fake_vchan_write_err;
    }
    if (len > sizeof(fake_vchan_written) - fake_vchan_written_len) {
        return XE_TOO_BIG;
    }
    memcpy(fake_vchan_written + fake_vchan_written_len, buf, len);
    fake_vchan_written_len += len;
    return XE_OK;
}

/* As the real one: *got is 0 unless bytes were read. A chunk longer than `len` is cut. */
xen_err_t xen_vchan_read(struct xen_vchan *v, void *buf, size_t len, size_t *got, ULONG timeout)
{
    if (!v->open || len == 0) {
        return XE_BAD_ARG;
    }
    *got = 0;
    fake_vchan_read_timeout = timeout;
    if (fake_vchan_on_read != NULL) {
        fake_vchan_on_read();
    }
    unsigned i = fake_vchan_reads++;
    if (i >= FAKE_VCHAN_CHUNKS || fake_vchan_reply[i] == NULL) {
        return fake_vchan_read_end;
    }
    size_t n = strlen(fake_vchan_reply[i]);
    *got = n < len ? n : len;
    memcpy(buf, fake_vchan_reply[i], *got);
    return XE_OK;
}

xen_err_t xen_vchan_close(struct xen_vchan *v)
{
    fake_vchan_closes++;
    v->open = false;
    return XE_OK;
}

/* ---- gpio.c ------------------------------------------------------------------------------- */

struct svc_gpio_info fake_gpio_info;
int fake_gpio_result;                  /* what set / get / watch return */
unsigned fake_gpio_pin;                /* last pin asked for */
int fake_gpio_level;                   /* last level set */
unsigned fake_gpio_seconds;            /* last watch timeout */
unsigned fake_gpio_calls;              /* set + get + watch calls */
struct svc_gpio_event fake_gpio_event; /* what watch reports */

void svc_gpio_start(void)
{
}

void svc_gpio_info(struct svc_gpio_info *out)
{
    *out = fake_gpio_info;
}

int svc_gpio_set(unsigned int pin, int level)
{
    fake_gpio_calls++;
    fake_gpio_pin = pin;
    fake_gpio_level = level;
    return fake_gpio_result;
}

int svc_gpio_get(unsigned int pin)
{
    fake_gpio_calls++;
    fake_gpio_pin = pin;
    return fake_gpio_result;
}

int svc_gpio_watch(unsigned int pin, unsigned int seconds, struct svc_gpio_event *ev)
{
    fake_gpio_calls++;
    fake_gpio_pin = pin;
    fake_gpio_seconds = seconds;
    if (fake_gpio_result == 0) {
        *ev = fake_gpio_event;
    }
    return fake_gpio_result;
}

const char *svc_gpio_strerror(int err)
{
    return err == SVC_GPIO_TIMEOUT ? "no edge before the timeout" : "fake error";
}
