/*
 * xen_pvconsole.h - Xen PV console (Xen's <xen/io/console.h> ring) served by dom0's xenconsoled,
 * so that `xl console <domain>` reaches the RTOS.
 *
 * A dom0less domain of Xen 4.17 gets no console page from Xen nor from init-dom0less
 * (HVM_PARAM_CONSOLE_PFN stays 0), so the RTOS provides its own: one page of its RAM and an
 * event channel allocated towards dom0, published as /local/domain/<id>/console/{ring-ref,port,
 * type}. xenconsoled watches that directory and maps the page by frame number (it tries grant
 * entry 0 first, which we leave alone, then falls back to a foreign mapping). Creating
 * /local/domain/<id>/console needs dom0: init-dom0less leaves /local/domain/<id> owned by dom0,
 * so dom0 must create `console` owned by the domain (dom0/client/xenrtos-dom0-hook.sh does);
 * xen_pvcon_publish() retries until it may write there.
 */
#ifndef XEN_PVCONSOLE_H
#define XEN_PVCONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tx_api.h"
#include "xen_err.h"
#include "xen_types.h"

struct xen_pvcon_stats {
    uint32_t out_bytes;
    uint32_t out_dropped; /* bytes dropped because nobody drained the ring in time */
    uint32_t in_bytes;
    uint32_t peer_errors; /* impossible indexes from the backend, rejected */
};

/* Prepare the ring page and the event channel (handled at `priority`). After xen_evtchn_init.
 * If Xen provided a console (HVM_PARAM_CONSOLE_PFN/EVTCHN non-zero) that one is used and
 * nothing needs publishing. */
xen_err_t xen_pvcon_init(UINT priority);

/* Publish the ring in XenStore; retries every 200 ms up to `timeout` ticks while the domain may
 * not write its console directory. Needs xen_xs_init. */
xen_err_t xen_pvcon_publish(ULONG timeout);

/* Is the backend attached (xenconsoled wrote console/tty or consumed output)? */
bool xen_pvcon_connected(void);

/* Queue output; waits up to `timeout` ticks for space, then drops the rest (counted). */
xen_err_t xen_pvcon_write(const void *buf, size_t len, ULONG timeout);

/* Read at least one input byte (at most len), waiting up to `timeout` ticks. */
xen_err_t xen_pvcon_read(void *buf, size_t len, size_t *got, ULONG timeout);

void xen_pvcon_get_stats(struct xen_pvcon_stats *out);

#endif /* XEN_PVCONSOLE_H */
