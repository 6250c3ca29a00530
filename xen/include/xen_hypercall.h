/*
 * xen_hypercall.h - raw Xen hypercalls and the RTOS's names for Xen's error codes.
 *
 * Linking: the top Makefile includes xen/xen.mk; a port compiles $(XEN_SRCS) with $(XEN_INC)
 * (include flags, like KERNEL_INC). $(XEN_INC) also makes Xen's public headers (<xen/xen.h>,
 * ...) visible without the host's /usr/include. Everything in xen/ is freestanding, portable C;
 * nothing needs a heap. The CPU port supplies the stubs (arch/aarch64/xen_hypercall.S) and the
 * barriers (arch/barrier.h, through xen_atomic.h).
 *
 * The stubs are generated from XEN_HYPERCALLS in xen_hypercall_table.h. They return
 * Xen's raw result: >= 0 on success, a negative Xen errno (-XEN_EINVAL, ...) on failure. Use
 * xen_err_from_rc() to turn that into an xen_err_t and xen_strerror() to print it. Pointers are
 * guest virtual addresses of normal memory.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include "xen_hypercall_table.h"
#include "xen_err.h"

long HYPERVISOR_memory_op(unsigned int cmd, void *arg);
long HYPERVISOR_multicall(multicall_entry_t *calls, unsigned int nr_calls);
long HYPERVISOR_xen_version(int cmd, void *arg);
long HYPERVISOR_console_io(int cmd, unsigned int count, const char *buf);
long HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count);
long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpuid, void *extra);
long HYPERVISOR_sched_op(int cmd, void *arg);
long HYPERVISOR_event_channel_op(int cmd, void *arg);
long HYPERVISOR_physdev_op(int cmd, void *arg);
long HYPERVISOR_hvm_op(int cmd, void *arg);

/* Fails to compile if a table entry lacks its prototype above (implicit declaration). */
static inline void xen_hypercall_prototypes_check_(void)
{
#define XEN_DECLARED_(name, nr) (void)HYPERVISOR_##name;
    XEN_HYPERCALLS(XEN_DECLARED_)
#undef XEN_DECLARED_
}

/* Observer of every hypercall, for benchmarks that count them: when set, each HYPERVISOR_* stub
 * calls it with the hypercall number (__HYPERVISOR_*) and the first argument (the command, for
 * most) right before the HVC. NULL (the default): no call, three instructions per hypercall. */
typedef void (*xen_hypercall_observer_t)(unsigned long nr, unsigned long arg0);
extern xen_hypercall_observer_t volatile xen_hypercall_observer;

/* Write `len` bytes to Xen's console (CONSOLEIO_write). Returns XE_OK or why Xen refused
 * (XE_PERM: this Xen does not let this domain use console_io; needs a debug build of Xen or a
 * hardware domain). Never calls printf, so it is safe from any context, MMU on or off. */
xen_err_t xen_console_write(const char *buf, unsigned int len);

#endif /* XEN_HYPERCALL_H */
