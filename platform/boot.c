/*
 * boot.c - the platform's C entry (from head.S, MMU on, running at the link address): device
 * tree, memory, interrupt controller, console, tick, banner, then the application's main().
 * The platform wires the devices the tree describes to the CPU port and the kernel.
 */
#include <stdio.h>
#include <string.h>

#include "tx_api.h"
#include "tx_arch.h"

#include "arch/arch.h"
#include "arch/counter.h"
#include "arch/mmu.h"
#include "arch/psci.h"
#include "arch/sysreg.h"
#include "drivers/gic.h"
#include "platform/platform.h"
#include "xenrtos/gpio.h"
#include "xenrtos/platform.h"

#ifndef XENRTOS_VERSION
#define XENRTOS_VERSION "0.0"
#endif
#ifndef XENRTOS_GIT
#define XENRTOS_GIT "unknown"
#endif

extern char _image_start[], _rodata_end[], _image_end[];
extern int main(void);

/* Linker symbols compared as addresses, not as pointers into one object. */
static uint64_t image_bytes(void)
{
    return (uint64_t)(uintptr_t)_image_end - (uint64_t)(uintptr_t)_image_start;
}

/* Boot milestones for benchmarks (xr_boot_phases): one counter read and one store each, so
 * they are always taken. The first instruction's reading is head.S's (boot_info). */
#define BOOT_MILESTONES 8u
static uint64_t milestone_at[BOOT_MILESTONES];

static void milestone(unsigned int i)
{
    milestone_at[i] = arch_counter_now();
}

unsigned int xr_boot_phases(struct xr_boot_phase *out, unsigned int max)
{
    static const char *const name[BOOT_MILESTONES] = {"entry",       "mmu_on", "identity_unmapped",
                                                      "device_tree", "memory", "devices",
                                                      "banner",      "cpus"};

    for (unsigned int i = 0; (i < BOOT_MILESTONES) && (i < max); i++) {
        out[i].name = name[i];
        out[i].at = (i == 0u) ? boot_info.entry_cntvct : milestone_at[i];
    }
    return BOOT_MILESTONES;
}

/* Largest free RAM range (not the image, not the device tree), mapped for the application. */
struct dt_region platform_free_ram;

static void subtract(struct dt_region *r, uint64_t lo, uint64_t hi)
{
    uint64_t b = pa_addr(r->base);
    uint64_t e = b + r->size;

    if (hi <= b || lo >= e) {
        return;
    }
    /* Keep the larger side. */
    uint64_t below = lo > b ? lo - b : 0;
    uint64_t above = e > hi ? e - hi : 0;
    if (below >= above) {
        r->size = below;
    } else {
        r->base = pa_init(hi);
        r->size = above;
    }
}

/* Map bank `r` at PHYS_MAP_VA + pa: [ro_lo, ro_hi) (page-aligned, the image's text and rodata)
 * read-only, the rest read-write; nothing executable. */
static bool map_bank_alias(struct dt_region r, uint64_t ro_lo, uint64_t ro_hi)
{
    uint64_t b = pa_addr(r.base);
    uint64_t e = b + r.size;
    uint64_t lo = ro_lo > b ? ro_lo : b;
    uint64_t hi = ro_hi < e ? ro_hi : e;

    if (lo >= hi) {
        return va_addr(mmu_map_phys(r.base, r.size, PROT_KERNEL_RW)) != 0;
    }
    bool ok = va_addr(mmu_map_phys(pa_init(lo), hi - lo, PROT_KERNEL_RO)) != 0;
    if (ok && lo > b) {
        ok = va_addr(mmu_map_phys(r.base, lo - b, PROT_KERNEL_RW)) != 0;
    }
    if (ok && e > hi) {
        ok = va_addr(mmu_map_phys(pa_init(hi), e - hi, PROT_KERNEL_RW)) != 0;
    }
    return ok;
}

static void map_memory(void)
{
    uint64_t img_lo = boot_info.load_pa;
    uint64_t img_hi = img_lo + image_bytes();
    uint64_t img_ro_hi =
        img_lo + ((uint64_t)(uintptr_t)_rodata_end - (uint64_t)(uintptr_t)_image_start);
    const uint32_t *hdr = platform_fdt();
    uint64_t fdt_lo = boot_info.fdt_pa;
    uint64_t fdt_hi = fdt_lo + __builtin_bswap32(hdr[1]);
    bool image_in_ram = false;

    for (unsigned int i = 0; i < platform.mem_banks; i++) {
        struct dt_region r = platform.mem[i];
        uint64_t b = pa_addr(r.base);
        if (img_lo >= b && img_hi <= b + r.size) {
            image_in_ram = true;
        }
        /* Whole bank at the RAM alias, as normal memory, never executable (PROT_KERNEL_RW is
         * XN). The image's text and rodata stay read-only there too (W^X through every
         * mapping): they are the one range that is not RW. */
        if (!map_bank_alias(r, img_lo, img_ro_hi)) {
            arch_panic("memory: cannot map bank %#llx size %#llx", (unsigned long long)b,
                       (unsigned long long)r.size);
        }
        subtract(&r, img_lo & ~(PAGE_SIZE - 1), (img_hi + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
        subtract(&r, fdt_lo & ~(PAGE_SIZE - 1), (fdt_hi + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
        if (r.size > platform_free_ram.size) {
            platform_free_ram = r;
        }
    }
    if (!image_in_ram) {
        arch_panic("memory: the image at %#llx is outside /memory", (unsigned long long)img_lo);
    }
}

static void banner(void)
{
    printf("xenrtos %s (%s)\n", XENRTOS_VERSION, XENRTOS_GIT);
    if (platform.gic_version == 3) {
        printf("gic: v3 dist %#llx redist %#llx\n", (unsigned long long)pa_addr(platform.gicd.base),
               (unsigned long long)pa_addr(platform.gicr.base));
    } else {
        printf("gic: v2 dist %#llx cpu %#llx\n", (unsigned long long)pa_addr(platform.gicd.base),
               (unsigned long long)pa_addr(platform.gicc.base));
    }
    for (unsigned int i = 0; i < platform.mem_banks; i++) {
        printf("memory: %#llx size %#llx (%llu MB)\n",
               (unsigned long long)pa_addr(platform.mem[i].base),
               (unsigned long long)platform.mem[i].size,
               (unsigned long long)(platform.mem[i].size >> 20));
    }
    printf("timer: %llu Hz ppi %u\n", (unsigned long long)platform.timer_freq,
           platform.timer_virt_irq);
    char uart[48];
    uart[0] = '\0';
    if (platform.console == CONSOLE_PL011) {
        (void)snprintf(uart, sizeof(uart), " %#llx irq %u (%s)",
                       (unsigned long long)pa_addr(platform.uart.base), platform.uart_irq,
                       platform.uart_pl011 ? "arm,pl011" : "arm,sbsa-uart");
    }
    printf("console: %s%s\n", platform_console_name(), uart);
    if (platform.xen_present) {
        printf("hypervisor: evtchn ppi %u grant %#llx size %#llx (%s)\n", platform.xen_evtchn_irq,
               (unsigned long long)pa_addr(platform.xen_grant.base),
               (unsigned long long)platform.xen_grant.size, platform.xen_compat);
        for (unsigned int i = 0; i < platform.xen_ext_count; i++) {
            printf("hypervisor: extended region %#llx size %#llx\n",
                   (unsigned long long)pa_addr(platform.xen_ext[i].base),
                   (unsigned long long)platform.xen_ext[i].size);
        }
    } else {
        printf("hypervisor: none (no hypervisor node: the Xen layer is off)\n");
    }
    if (xr_gpio_present()) {
        printf("gpio: pl061 %#llx irq %u\n", (unsigned long long)xr_gpio_base_phys(),
               platform_gpio_irq());
    }
    if (platform.psci_present) {
        printf("psci: %s via %s\n", platform.psci_compat, platform.psci_smc ? "smc" : "hvc");
    }
    printf("bootargs: %s\n", platform.bootargs);
    printf("image: load %#llx size %#llx, free ram %#llx size %#llx, page tables %u/%u\n",
           (unsigned long long)boot_info.load_pa, (unsigned long long)image_bytes(),
           (unsigned long long)pa_addr(platform_free_ram.base),
           (unsigned long long)platform_free_ram.size, mmu_pool_used(), PT_POOL_PAGES);
}

/* Map the controller's registers the tree gives, then hand them to the driver. */
static void init_gic(void)
{
    struct gic_config config = {.version = platform.gic_version};
    vaddr_t dist = mmu_map_phys(platform.gicd.base, platform.gicd.size, PROT_DEVICE);
    vaddr_t other = platform.gic_version == 3
                        ? mmu_map_phys(platform.gicr.base, platform.gicr.size, PROT_DEVICE)
                        : mmu_map_phys(platform.gicc.base, platform.gicc.size, PROT_DEVICE);

    if (va_addr(dist) == 0 || va_addr(other) == 0) {
        arch_panic("gic: cannot map the controller's registers");
    }
    config.dist = va_addr(dist);
    if (platform.gic_version == 3) {
        config.redist = va_addr(other);
        config.redist_size = platform.gicr.size;
    } else {
        config.cpu = va_addr(other);
    }
    if (gic_init(&config) != 0) {
        arch_panic("gic: initialisation failed");
    }
}

/* The optional PL061: mapped as a device (Device-nGnRE), then started by gpio.c. Any failure
 * leaves the machine without GPIO, never stops the boot. */
static void init_gpio(void)
{
    if (!platform.gpio_present) {
        return;
    }
    vaddr_t regs = mmu_map_phys(platform.gpio.base, platform.gpio.size, PROT_DEVICE);
    if (va_addr(regs) == 0) {
        printf("gpio: cannot map the pl061 at %#llx, ignored\n",
               (unsigned long long)pa_addr(platform.gpio.base));
        return;
    }
    (void)platform_gpio_init(va_addr(regs), platform.gpio.base, platform.gpio_irq,
                             platform.gpio_irq_edge);
}

void platform_irq_dispatch(void)
{
    gic_irq_dispatch();
}

bool platform_ram_contains(uint64_t va, uint64_t len)
{
    for (unsigned int i = 0; i < platform.mem_banks; i++) {
        uint64_t lo = va_addr(phys_to_virt(platform.mem[i].base));
        if (va >= lo && va + len <= lo + platform.mem[i].size) {
            return true;
        }
    }
    return false;
}

void platform_main(void)
{
    milestone(1u); /* head.S: checks, page tables, MMU on, bss zeroed */
    lib_set_console(platform_emergency_write);
    mmu_drop_identity_map();
    milestone(2u);

    const void *fdt =
        (const void *)(uintptr_t)(FDT_VA_BASE + (boot_info.fdt_pa & (BLOCK_SIZE - 1)));
    platform_init(fdt);
    psci_set_conduit(platform.psci_present && platform.psci_smc);
    milestone(3u);
    map_memory();
    milestone(4u);
    init_gic();
    platform_console_init();
    platform_tick_init();
    init_gpio();
    milestone(5u);
    banner();
    milestone(6u);
    platform_smp_start();
    /* Cores for the kernel: 1 .. 8, always in range. */
    (void)_tx_thread_smp_max_cores_set(platform_smp_cores());

    _tx_initialize_unused_memory = va_ptr(phys_to_virt(platform_free_ram.base));
    milestone(7u); /* main() next */
    (void)main();
    arch_panic("main() returned");
}
