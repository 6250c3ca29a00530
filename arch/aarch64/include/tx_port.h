/*
 * tx_port.h - ThreadX port definitions for AArch64 (Xen guest, EL1, LP64).
 *
 * Basic types follow ThreadX's 64-bit ports: ULONG stays 32 bits (the API's unit), pointers and
 * ALIGN_TYPE are 64 bits. Interrupt masking uses PSTATE.DAIF.I; the saved area is the whole DAIF.
 */
#ifndef TX_PORT_H
#define TX_PORT_H

#include <stddef.h>
#include <stdint.h>

#define VOID void
typedef char CHAR;
typedef unsigned char UCHAR;
typedef int INT;
typedef unsigned int UINT;
typedef int LONG;
typedef unsigned int ULONG;
typedef unsigned long long ULONG64;
typedef short SHORT;
typedef unsigned short USHORT;
typedef uint64_t ALIGN_TYPE;
#define ALIGN_TYPE_DEFINED

/* Kernel tick rate, driven by the EL1 virtual timer (platform/tick.c on the generic timer). */
#ifndef TX_TIMER_TICKS_PER_SECOND
#define TX_TIMER_TICKS_PER_SECOND 100U
#endif

/* Smallest stack a thread may have: the saved context (struct arch_frame, 272 bytes: x0-x30,
 * ELR, SPSR, CPACR) plus frames of C. The FP/SIMD state lives in the TCB, not on the stack. */
#ifndef TX_MINIMUM_STACK
#define TX_MINIMUM_STACK 2048U
#endif

#ifndef TX_TIMER_THREAD_STACK_SIZE
#define TX_TIMER_THREAD_STACK_SIZE 4096U
#endif
#ifndef TX_TIMER_THREAD_PRIORITY
#define TX_TIMER_THREAD_PRIORITY 0U
#endif

/* SMP: one kernel for up to 8 vCPUs (ARCH_MAX_CPUS in arch/cpu.h); how many are in use is read
 * from the device tree at boot (_tx_thread_smp_max_cores_set, platform/boot.c). The core id is
 * the CPU index the port keeps in TPIDR_EL1 (0 = the boot vCPU). */
#ifndef TX_THREAD_SMP_MAX_CORES
#define TX_THREAD_SMP_MAX_CORES 8u
#endif
#define TX_ARCH_CORE_ID() (_tx_arch_tpidr_el1())
/* Not volatile, and "reading" a variable: the compiler may reuse one read until the next call or
 * memory barrier (interrupt unmasking, any TX_RESTORE), which is where a thread can migrate; the
 * kernel reads per-core state only with interrupts masked (tx_arch.h). The variable is the one
 * every TX_DISABLE loads, so its address is usually at hand already (no extra ADRP). */
extern volatile unsigned int _tx_thread_smp_lock_enabled;
static inline unsigned int _tx_arch_tpidr_el1(void)
{
    unsigned long v;

    __asm__("mrs %0, tpidr_el1" : "=r"(v) : "m"(_tx_thread_smp_lock_enabled));
    return (unsigned int)v;
}
/* While another vCPU holds the kernel lock (each vCPU has its own pCPU: spinning is cheap). */
#define TX_ARCH_SPIN_WAIT() __asm__ volatile("yield" ::: "memory")

/* The kernel lock (tx_arch.h, which skips these declarations), taken by TX_DISABLE once more
 * than one core is in use: until then it costs one load and branch. */
void _tx_thread_smp_lock(void);
void _tx_thread_smp_unlock(void);
#define TX_THREAD_SMP_LOCK_DECLARED /* with _tx_thread_smp_lock_enabled, above */

/* Interrupt lockout: save DAIF, mask IRQ, take the kernel lock; drop it, restore the saved DAIF.
 * The lock is taken only when it is on, through a stub that keeps every register but x16/x17
 * (smp_lock.S): one core costs a load and a branch, and no stack frame for the call. */
#define TX_INTERRUPT_SAVE_AREA unsigned long interrupt_save;

#define TX_DISABLE                                                                                 \
    do {                                                                                           \
        __asm__ volatile("mrs %0, daif\n\t"                                                        \
                         "msr daifset, #2\n\t"                                                     \
                         "adrp x16, _tx_thread_smp_lock_enabled\n\t"                               \
                         "ldr w16, [x16, :lo12:_tx_thread_smp_lock_enabled]\n\t"                   \
                         "cbz w16, 1f\n\t"                                                         \
                         "str x30, [sp, #-16]!\n\t"                                                \
                         "bl _tx_arch_smp_lock_stub\n\t"                                           \
                         "ldr x30, [sp], #16\n"                                                    \
                         "1:"                                                                      \
                         : "=r"(interrupt_save)                                                    \
                         :                                                                         \
                         : "x16", "x17", "cc", "memory");                                          \
    } while (0);

#define TX_RESTORE                                                                                 \
    do {                                                                                           \
        __asm__ volatile("adrp x16, _tx_thread_smp_lock_enabled\n\t"                               \
                         "ldr w16, [x16, :lo12:_tx_thread_smp_lock_enabled]\n\t"                   \
                         "cbz w16, 1f\n\t"                                                         \
                         "str x30, [sp, #-16]!\n\t"                                                \
                         "bl _tx_arch_smp_unlock_stub\n\t"                                         \
                         "ldr x30, [sp], #16\n"                                                    \
                         "1:\n\t"                                                                  \
                         "msr daif, %0"                                                            \
                         :                                                                         \
                         : "r"(interrupt_save)                                                     \
                         : "x16", "x17", "cc", "memory");                                          \
    } while (0);

/* Interrupt postures of tx_interrupt_control(): the DAIF.I bit (Arm ARM C5.2.2). */
#define TX_INT_DISABLE ((UINT)0x80)
#define TX_INT_ENABLE  ((UINT)0x00)

/* FP/SIMD state of a thread (q0-q31, FPSR, FPCR), saved and restored lazily by the port
 * (arch/aarch64/fp.c): only when another thread needs the FP/SIMD registers. */
typedef struct TX_ARCH_FP_STATE_STRUCT {
    __uint128_t tx_fp_q[32];
    ULONG64 tx_fp_fpsr;
    ULONG64 tx_fp_fpcr;
} TX_ARCH_FP_STATE;

/* Per-thread port fields: the FP save area, whether it holds the thread's state (0: the thread
 * never used FP/SIMD, its first use starts from zeroed registers), which CPU's registers (index +
 * 1, 0: none) hold its state (fp.c), and how many FP access traps the thread took (a statistic:
 * a thread that never uses FP/SIMD never traps). */
#define TX_THREAD_PORT_EXTENSION                                                                   \
    TX_ARCH_FP_STATE tx_thread_fp;                                                                 \
    ULONG tx_thread_fp_valid;                                                                      \
    ULONG tx_thread_fp_cpu;                                                                        \
    ULONG tx_thread_fp_traps;

/* A deleted thread gives up the FP/SIMD registers: its TCB may be reused for anything. */
struct TX_THREAD_STRUCT;
VOID _tx_arch_fp_thread_forget(struct TX_THREAD_STRUCT *thread_ptr);
#define TX_THREAD_DELETE_EXTENSION(thread_ptr) _tx_arch_fp_thread_forget(thread_ptr);

/* Application extension points: none on this port. */
#define TX_THREAD_EXTENSION_0
#define TX_THREAD_EXTENSION_1
#define TX_THREAD_EXTENSION_2
#define TX_THREAD_EXTENSION_3

/* Port identification, printed by tx_kernel_enter's callers and available to applications. */
#define TX_PORT_NAME "aarch64-xen"

#endif /* TX_PORT_H */
