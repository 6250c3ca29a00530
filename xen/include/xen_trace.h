/*
 * xen_trace.h - the Xen layer's events in the kernel's event trace (TraceX user events, read by
 * tools/trx.py and tools/trace2perfetto). XEN_TRACE(...) records one when the image is built with
 * TX_ENABLE_EVENT_TRACE and tracing is on; otherwise it expands to nothing that generates code.
 *
 *   XEN_TRACE_UPCALL           upcall interrupt        I1 = upcalls so far
 *   XEN_TRACE_HANDLER          a port's handler runs   I1 = port, I2 = handler-thread level
 *   XEN_TRACE_CHANNEL_SEND     message sent            I1 = local port, I2 = length
 *   XEN_TRACE_CHANNEL_RECEIVE  message received        I1 = local port, I2 = length
 */
#ifndef XEN_TRACE_H
#define XEN_TRACE_H

#include "tx_api.h"

#define XEN_TRACE_UPCALL          (TX_TRACE_USER_EVENT_START + 0x100u)
#define XEN_TRACE_HANDLER         (TX_TRACE_USER_EVENT_START + 0x101u)
#define XEN_TRACE_CHANNEL_SEND    (TX_TRACE_USER_EVENT_START + 0x102u)
#define XEN_TRACE_CHANNEL_RECEIVE (TX_TRACE_USER_EVENT_START + 0x103u)

#ifdef TX_ENABLE_EVENT_TRACE
#define XEN_TRACE(id, i1, i2)                                                                      \
    ((void)tx_trace_user_event_insert((ULONG)(id), (ULONG)(i1), (ULONG)(i2), 0u, 0u))
#else
#define XEN_TRACE(id, i1, i2)                                                                      \
    do {                                                                                           \
    } while (0)
#endif

#endif /* XEN_TRACE_H */
