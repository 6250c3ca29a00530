/*
 * xen_hypercall_table.h - the one list of hypercalls the RTOS may make.
 *
 * X-macro shared by hypercall.S (which generates one stub per entry) and xen_hypercall.h (which
 * declares them). To add a hypercall: add a line here, then its C prototype in xen_hypercall.h;
 * a missing prototype is caught by the static check at the end of xen_hypercall.h.
 * Numbers are Xen's __HYPERVISOR_* constants from <xen/xen.h>; Arm implements only these.
 */
#ifndef XEN_HYPERCALL_TABLE_H
#define XEN_HYPERCALL_TABLE_H

#include "xen_public.h"

/* X(name, number): HYPERVISOR_<name>() issues hypercall <number>. */
#define XEN_HYPERCALLS(X)                                                                          \
    X(memory_op, __HYPERVISOR_memory_op)                                                           \
    X(multicall, __HYPERVISOR_multicall)                                                           \
    X(xen_version, __HYPERVISOR_xen_version)                                                       \
    X(console_io, __HYPERVISOR_console_io)                                                         \
    X(grant_table_op, __HYPERVISOR_grant_table_op)                                                 \
    X(vcpu_op, __HYPERVISOR_vcpu_op)                                                               \
    X(sched_op, __HYPERVISOR_sched_op)                                                             \
    X(event_channel_op, __HYPERVISOR_event_channel_op)                                             \
    X(physdev_op, __HYPERVISOR_physdev_op)                                                         \
    X(hvm_op, __HYPERVISOR_hvm_op)

#endif /* XEN_HYPERCALL_TABLE_H */
