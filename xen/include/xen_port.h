/*
 * xen_port.h - the few services xen/ needs from the machine, in one place.
 *
 * Implemented by the platform (platform/xen_port.c, on the CPU port's MMU and the GIC driver)
 * and, for host unit tests, by the tests' models. Keeping them here means xen/ names no
 * platform, driver or CPU function directly. Applications do not use this header.
 */
#ifndef XEN_PORT_H
#define XEN_PORT_H

#include <stdint.h>

#include "xen_err.h"
#include "xen_types.h"

struct xen_dt_info;

/* The device tree values xen/ needs: the `hypervisor` node and /memory as the port parsed
 * them, plus the static shared memory (via xen_dt_read_shm). XE_NOT_XEN without hypervisor node. */
xen_err_t xen_port_dt_info(struct xen_dt_info *info);

/* Map [pa, pa + size) as normal write-back memory; returns its virtual address or NULL. */
void *xen_port_map_ram(paddr_t pa, uint64_t size);

/* Physical address of a byte of the image or of memory mapped by xen_port_map_ram. */
paddr_t xen_port_virt_to_phys(const void *va);

/* Route GIC interrupt `intid` (a PPI) to isr(arg) at the port's interrupt level and enable it. */
xen_err_t xen_port_irq_attach(uint32_t intid, void (*isr)(void *arg), void *arg);

/* The critical section of xen/: masks this vCPU's interrupts and, on an SMP build, takes the
 * kernel's lock (TX_DISABLE), so state shared between ISRs and threads on any vCPU is consistent
 * inside it. Nestable; never block inside it. */
unsigned long xen_port_irq_save(void);
void xen_port_irq_restore(unsigned long flags);

/* The calling vCPU's index (0 = the boot vCPU, as Xen numbers them for this domain). Stable
 * only with interrupts masked (inside xen_port_irq_save or in an ISR): a thread may migrate. */
unsigned int xen_port_cpu_index(void);

#endif /* XEN_PORT_H */
