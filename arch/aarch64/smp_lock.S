/*
 * smp_lock.S - the kernel lock as TX_DISABLE / TX_RESTORE reach it (tx_port.h).
 *
 * Their inline assembly tests _tx_thread_smp_lock_enabled and, only when it is on (more than one
 * core in use), saves x30 and branches here. These stubs call the kernel's lock functions
 * (kernel/src/tx_thread_smp.c) keeping every register the inline assembly does not declare
 * clobbered, so that a kernel function with a TX_DISABLE needs no stack frame of its own for a
 * call it makes only on several cores: on one core TX_DISABLE stays mask + load + branch.
 */
#include "arch/asm.h"

/* Save / restore what AAPCS64 lets the C callee clobber (x0-x15, x18; x16/x17 are the inline
 * assembly's declared clobbers) and this stub's return address. 144 bytes: sp stays aligned. */
.macro save_caller_saved
    stp     x0, x1, [sp, #-144]!
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x18, x30, [sp, #128]
.endm

.macro restore_caller_saved
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x18, x30, [sp, #128]
    ldp     x0, x1, [sp], #144
.endm

/*
 * void _tx_arch_smp_lock_stub(void)
 * _tx_thread_smp_lock() with every register preserved but x16, x17 and the flags.
 * Preconditions: IRQs masked, sp 16-byte aligned; the caller saved its own x30.
 */
func _tx_arch_smp_lock_stub
    save_caller_saved
    bl      _tx_thread_smp_lock
    restore_caller_saved
    ret
endfunc _tx_arch_smp_lock_stub

/*
 * void _tx_arch_smp_unlock_stub(void)
 * _tx_thread_smp_unlock() with every register preserved but x16, x17 and the flags.
 * Preconditions: as _tx_arch_smp_lock_stub; the caller holds the lock.
 */
func _tx_arch_smp_unlock_stub
    save_caller_saved
    bl      _tx_thread_smp_unlock
    restore_caller_saved
    ret
endfunc _tx_arch_smp_unlock_stub
