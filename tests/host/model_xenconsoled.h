/*
 * model_xenconsoled.h - a model of xenconsoled and of what xen/pvconsole.c needs below it
 * (HYPERVISOR_hvm_op, xen_port_map_ram/virt_to_phys, the event-channel calls, the XenStore calls
 * of the publishing code), shared by tests/host/test_xen_pvconsole.c and fuzz/fuzz_pvconsole.c.
 *
 * The console page comes "from Xen" (HVM_PARAM_CONSOLE_PFN/EVTCHN set) unless xcons_from_xen is
 * false: then the layer uses its own page, which the model finds through xen_port_virt_to_phys.
 * Either way xcons_ring is the page the layer uses, once it is initialised.
 */
#ifndef MODEL_XENCONSOLED_H
#define MODEL_XENCONSOLED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xen_evtchn.h"
#include "xen_err.h"

#include <xen/io/console.h>

#define XCONS_PFN  0x4321u
#define XCONS_PORT 7u

/* The page Xen would give (used when xcons_from_xen). */
extern struct xencons_interface xcons_page;
/* The page the layer uses (set when it maps or allocates it). */
extern struct xencons_interface *xcons_ring;
extern bool xcons_from_xen;

/* The backend's own state. */
struct xcons_backend {
    uint32_t out_cons; /* its own indexes, written to the page */
    uint32_t in_prod;
    char seen[4096]; /* our output as it read it */
    size_t nseen;
    bool consume; /* takes our output at each notification */
};
extern struct xcons_backend xcons_be;

/* The event channel the layer notifies (XCONS_PORT, or the one it allocated), its handler, and
 * sends to any other port (a layer bug: a test asserts there are none). */
extern evtchn_t xcons_port;
extern xen_evtchn_handler_t xcons_handler;
extern void *xcons_handler_arg;
extern unsigned xcons_bad_sends;
/* Called at each notification of the backend, after the honest take (NULL: nothing). */
extern void (*xcons_on_notify)(void);
/* What the XenStore calls of the publishing code return (a read: XE_NOENT unless XE_OK). */
extern xen_err_t xcons_xs_result;

/* Back to a zeroed page and backend, page from Xen, no hooks. */
void xcons_reset(void);
/* Take our output: from its out_cons to the out_prod it finds in the page. */
void xcons_take(void);
/* Keyboard input: written at its in_prod, whatever the page says. */
void xcons_type(const char *s, size_t n);

#endif /* MODEL_XENCONSOLED_H */
