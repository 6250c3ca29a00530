/*
 * tx_port.h - host port (Linux, x86-64 or any 64-bit host): one pthread per ThreadX thread, at
 * most one per simulated core runs at a time. "Interrupts" are the tick signal (SIGUSR1) and
 * the inter-core signal (SIGUSR2): TX_DISABLE blocks them in the calling pthread. See
 * arch/host/include/tx_host.h for the test controls.
 */
#ifndef TX_PORT_H
#define TX_PORT_H

#include <stdint.h>

typedef void VOID;
typedef char CHAR;
typedef unsigned char UCHAR;
typedef int INT;
typedef unsigned int UINT;
typedef int LONG;
typedef unsigned int ULONG; /* 32 bits on every port, as in ThreadX's 64-bit ports */
typedef short SHORT;
typedef unsigned short USHORT;
typedef unsigned long long ULONG64;
typedef uintptr_t ALIGN_TYPE;
#define ALIGN_TYPE_DEFINED

/* SMP: up to 4 simulated cores, one pthread each (tx_host.h: tx_host_cores_set); 1 in use
 * unless a test asks for more. */
#define TX_THREAD_SMP_MAX_CORES 4u
/* The core the calling pthread is running (it owns that core's simulated CPU). */
extern __thread UINT _tx_host_core;
#define TX_ARCH_CORE_ID() (_tx_host_core)
/* While another core holds the kernel lock: give the host CPU away (the holder may be waiting
 * for one). */
VOID _tx_host_spin_wait(VOID);
#define TX_ARCH_SPIN_WAIT() _tx_host_spin_wait()

/* TX_TIMER_TICKS_PER_SECOND (100) and TX_MINIMUM_STACK (256) keep tx_api.h's defaults: the host
 * context frame is tiny, the real stack is the pthread's. */

#define TX_INT_DISABLE ((UINT)1)
#define TX_INT_ENABLE  ((UINT)0)

/* TX_DISABLE: mask the caller's "interrupts" (the host signals) and take the kernel lock
 * (tx_arch.h); returns the previous posture (TX_INT_DISABLE / TX_INT_ENABLE). TX_RESTORE: drop
 * the lock, restore the posture. */
UINT _tx_host_interrupt_disable(VOID);
VOID _tx_host_interrupt_restore(UINT posture);

#define TX_INTERRUPT_SAVE_AREA UINT interrupt_save;
#define TX_DISABLE             interrupt_save = _tx_host_interrupt_disable();
#define TX_RESTORE             _tx_host_interrupt_restore(interrupt_save);

/* Per-thread host state (pthread, wake-up semaphore), owned by arch/host/src/tx_host.c. */
#define TX_THREAD_PORT_EXTENSION VOID *tx_thread_host;

struct TX_THREAD_STRUCT;
VOID _tx_host_thread_delete(struct TX_THREAD_STRUCT *thread_ptr);
#define TX_THREAD_DELETE_EXTENSION(thread_ptr) _tx_host_thread_delete(thread_ptr);

#endif /* TX_PORT_H */
