/*
 * xen_public.h - Xen's public interface headers, as installed by Debian's libxen-dev.
 *
 * Included, never copied. The interface version is pinned here so that every file of the RTOS
 * sees the same structure layouts; 0x00040e00 is the newest the 4.17 headers accept and is
 * understood by any Xen >= 4.14. The headers need only <stdint.h> (freestanding) and are found
 * through $(XEN_INC) (see xen/xen.mk), which exposes /usr/include/xen without the rest of the
 * host's /usr/include.
 */
#ifndef XEN_PUBLIC_H
#define XEN_PUBLIC_H

#ifndef __XEN_INTERFACE_VERSION__
#define __XEN_INTERFACE_VERSION__ 0x00040e00
#endif

#if defined(__ASSEMBLER__) && !defined(__ASSEMBLY__)
#define __ASSEMBLY__ /* Xen's headers test this spelling */
#endif

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

#include <xen/xen.h>

#ifndef __ASSEMBLER__
#include <xen/errno.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#endif

#endif /* XEN_PUBLIC_H */
