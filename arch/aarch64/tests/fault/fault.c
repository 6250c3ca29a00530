/*
 * fault.c - test image: deliberate faults. The port must print a report and stop only this
 * domain; anything printed after "fault: about to ..." means it did not (the cases forbid
 * "fault: survived").
 *   bootargs fault=abort (default)  a thread reads an unmapped address: decoded data abort,
 *                                   FAR, registers, thread name, backtrace
 *   bootargs fault=stack            a thread overruns its stack (into padding we own): the
 *                                   canary check at the next switch reports it
 * W^X: no memory is both writable and executable through any mapping. Each of these must end
 * in a permission-fault report (tests/qemu/cases/aarch64-wx-write.test, aarch64-wx-exec.test):
 *   fault=wx-text           write to kernel text at its link address
 *   fault=wx-text-alias     write to kernel text through the RAM alias (PHYS_MAP_VA + pa)
 *   fault=wx-rodata-alias   write to kernel rodata through the RAM alias
 *   fault=nx-data           execute from a data (.data) buffer
 *   fault=nx-stack          execute from a buffer on the thread's stack
 *   fault=nx-text-alias     execute kernel text through the RAM alias
 */
#include <stdio.h>
#include <string.h>

#include "tx_api.h"

#include "arch/mmu.h"
#include "platform/platform.h"

static TX_THREAD faulter;
static ULONG faulter_stack[1024] __attribute__((aligned(16)));

#define BAD_ADDRESS 0x0000000000001230ULL /* low half: TTBR0 walks are disabled */

static __attribute__((noinline)) unsigned long read_bad(volatile unsigned long *p)
{
    return *p;
}

static __attribute__((noinline)) unsigned long level2(void)
{
    return read_bad((volatile unsigned long *)(unsigned long)BAD_ADDRESS) + 1;
}

static void faulter_entry(ULONG arg)
{
    (void)arg;
    tx_thread_sleep(10);
    printf("fault: about to fault\n");
    unsigned long v = level2();
    printf("fault: survived (%lu)\n", v);
}

/* The overflowing thread's stack, with room below it that the overrun may scribble on. */
static struct {
    unsigned char below[1024];
    ULONG stack[512];
} overflow_area __attribute__((aligned(16)));
static TX_THREAD overflower;

static __attribute__((noinline)) void use_stack(void)
{
    volatile unsigned char big[2304]; /* more than the 2 KB stack holds */

    memset((void *)big, 0x5a, sizeof(big));
    tx_thread_sleep(1); /* switched out with the canary gone: the port must notice */
    printf("fault: survived (%u)\n", big[100]);
}

static void overflower_entry(ULONG arg)
{
    (void)arg;
    tx_thread_sleep(10);
    printf("fault: about to overflow the stack\n");
    use_stack();
}

/* ---- W^X ---------------------------------------------------------------------------------- */

static const uint32_t ro_word = 0x600d600du;
/* "mov w0, #42; ret": code that must not run from where it is copied to. */
static const uint32_t ret42[2] = {0x52800540u, 0xd65f03c0u};
static uint32_t data_code[2] __attribute__((aligned(16)));
static char wx_kind[20];

static __attribute__((noinline)) int text_function(void)
{
    return 7;
}

/* The same bytes through the RAM alias that maps every bank of /memory. */
static volatile uint32_t *alias_of(const void *p)
{
    return (volatile uint32_t *)(uintptr_t)va_addr(phys_to_virt(kimage_va_to_pa(p)));
}

static __attribute__((noinline)) int call(const void *code)
{
    int (*fn)(void) = (int (*)(void))(uintptr_t)code;
    __asm__ volatile("dsb ish\n isb" ::: "memory");
    return fn();
}

static void wx_entry(ULONG arg)
{
    (void)arg;
    uint32_t stack_code[2];
    tx_thread_sleep(10);
    printf("fault: about to %s\n", wx_kind);
    if (strcmp(wx_kind, "wx-text") == 0) {
        *(volatile uint32_t *)(uintptr_t)text_function = 0xd503201fu; /* nop */
    } else if (strcmp(wx_kind, "wx-text-alias") == 0) {
        *alias_of((const void *)(uintptr_t)text_function) = 0xd503201fu;
    } else if (strcmp(wx_kind, "wx-rodata-alias") == 0) {
        *alias_of(&ro_word) = 0;
    } else if (strcmp(wx_kind, "nx-data") == 0) {
        memcpy(data_code, ret42, sizeof(ret42));
        printf("fault: survived (%d)\n", call(data_code));
    } else if (strcmp(wx_kind, "nx-stack") == 0) {
        memcpy(stack_code, ret42, sizeof(ret42));
        printf("fault: survived (%d)\n", call(stack_code));
    } else if (strcmp(wx_kind, "nx-text-alias") == 0) {
        printf("fault: survived (%d)\n",
               call((const void *)alias_of((const void *)(uintptr_t)text_function)));
    } else {
        printf("fault: unknown W^X case %s\n", wx_kind);
        return;
    }
    printf("fault: survived (%d)\n", text_function() + (int)ro_word);
}

void tx_application_define(void *first_unused_memory)
{
    char kind[16] = "abort";

    (void)first_unused_memory;
    (void)platform_bootarg("fault", kind, sizeof(kind));
    if (strncmp(kind, "wx-", 3) == 0 || strncmp(kind, "nx-", 3) == 0) {
        memcpy(wx_kind, kind, sizeof(kind));
        tx_thread_create(&faulter, "faulter", wx_entry, 0, faulter_stack, sizeof(faulter_stack), 8,
                         8, TX_NO_TIME_SLICE, TX_AUTO_START);
    } else if (strcmp(kind, "stack") == 0) {
        tx_thread_create(&overflower, "overflower", overflower_entry, 0, overflow_area.stack,
                         sizeof(overflow_area.stack), 8, 8, TX_NO_TIME_SLICE, TX_AUTO_START);
    } else {
        tx_thread_create(&faulter, "faulter", faulter_entry, 0, faulter_stack,
                         sizeof(faulter_stack), 8, 8, TX_NO_TIME_SLICE, TX_AUTO_START);
    }
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
