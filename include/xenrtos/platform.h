/*
 * xenrtos/platform.h - what an application may ask of the machine, on every port: time stamps
 * (counter ticks and nanoseconds), the CPU it runs on, the console, boot arguments, the physical
 * address of its memory (to share it with another domain), and one probe for benchmarks.
 *
 * Together with tx_api.h, the Xen layer's xen_*.h and the drivers' headers (drivers/...) this is
 * all an application sees. Implemented by platform/api.c (the Xen guest) and arch/host (Linux). The
 * counter reads are inline: a time stamp costs what the port's counter read costs.
 */
#ifndef XENRTOS_PLATFORM_H
#define XENRTOS_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/counter.h" /* the port's free-running counter, inline */
#include "xenrtos/addr.h"

/* Free-running counter of this domain (on AArch64 the generic timer's virtual count, from the
 * domain's creation), and its frequency in Hz. */
static inline uint64_t xr_counter_now(void)
{
    return arch_counter_now();
}

static inline uint64_t xr_counter_freq(void)
{
    return arch_counter_freq();
}

/* The machine-wide count (on AArch64 CNTPCT_EL0, from the machine's start): the difference to
 * xr_counter_now() is when this domain was created. */
static inline uint64_t xr_counter_phys_now(void)
{
    return arch_counter_phys_now();
}

/* Counter ticks to time. Under QEMU -icount shift=0 one nanosecond is one instruction. */
static inline uint64_t xr_counter_to_ns(uint64_t counts)
{
    return arch_counter_to_ns(counts);
}

static inline uint64_t xr_counter_to_us(uint64_t counts)
{
    return arch_counter_to_us(counts);
}

/* Nanoseconds since the counter started. */
static inline uint64_t xr_time_ns(void)
{
    return xr_counter_to_ns(xr_counter_now());
}

/* Index of the CPU the caller runs on (0 on a one-CPU domain). */
unsigned int xr_cpu_id(void);

/* vCPUs online (1 on a one-vCPU domain). The kernel schedules threads on every one of them
 * (tx_thread_smp_core_get names the core: the same index). */
unsigned int xr_cpu_count(void);
/* Raise software-generated interrupt `sgi` (0-13; 14 and 15 are the platform's) on CPU `cpu`;
 * its handler (gic_irq_register, drivers/gic.h) runs there. Memory written before is visible to
 * it. 0, or -1 for a CPU that is not online or a bad SGI. */
int xr_cpu_send_sgi(unsigned int cpu, unsigned int sgi);
/* fn(cpu), in the interrupt handler of a secondary CPU's virtual timer when it fires (the timer
 * is masked again; the boot CPU's is the kernel tick); NULL for none. */
void xr_set_secondary_timer_handler(void (*fn)(unsigned int cpu));

/* The console printf writes to: its name ("pl011", "hvc", "stdout" on the host), and a
 * non-blocking read of input it received (bytes copied; 0 when none or when it has no input). */
const char *xr_console_name(void);
size_t xr_console_read(char *buf, size_t len);

/* Value of `key=` in the boot arguments (/chosen/bootargs; XENRTOS_BOOTARGS on the host), up to
 * a space, NUL-terminated in buf. False if absent. */
bool xr_bootarg(const char *key, char *buf, unsigned int len);

/* Physical address of a byte of the image or of its free memory: what grant tables and shared
 * memory need. */
paddr_t xr_virt_to_phys(const void *va);

/* Counter values (xr_counter_now's clock) of the image's first instruction and of the first
 * thread dispatch. */
struct xr_boot_times {
    uint64_t entry;
    uint64_t first_dispatch;
};
void xr_boot_times(struct xr_boot_times *out);

/* The boot's milestones, in order, for benchmarks: a name and the counter value (as above) when
 * the boot reached it, from the image's first instruction ("entry") to the call of main().
 * Copies up to `max` into `out`; returns how many the port records (0: none). */
struct xr_boot_phase {
    const char *name;
    uint64_t at;
};
unsigned int xr_boot_phases(struct xr_boot_phase *out, unsigned int max);

/* A benchmark's probe, called first thing on every interrupt, before the kernel knows of it
 * (interrupts masked, no kernel services); NULL removes it. */
void xr_set_irq_entry_probe(void (*probe)(void));

#endif /* XENRTOS_PLATFORM_H */
