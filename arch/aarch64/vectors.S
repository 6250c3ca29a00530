/*
 * vectors.S - exception vectors, IRQ entry/exit with preemption, thread dispatch.
 *
 * Stacks: threads run at EL1t on their own stack (SP_EL0); interrupt handlers and the idle loop
 * run at EL1h on the exception stack (SP_EL1), which is empty whenever a thread runs. Faults
 * switch to a separate fault stack, so an overflowed stack can still be reported.
 * Context frame layout: struct arch_frame (include/arch/arch.h), offsets from asm-offsets.h.
 */
#include "arch/asm.h"
#include "arch/sysreg.h"
#include "asm-offsets.h"


/* x19-x30 only: the registers a C caller expects to survive a call (AAPCS64 6.1.1): a solicited
 * frame (_tx_arch_thread_system_return) holds just these; the full frame adds x0-x18. */
.macro callee_regs op
    \op     x19, x20, [sp, #FRAME_X0 + 152]
    \op     x21, x22, [sp, #FRAME_X0 + 168]
    \op     x23, x24, [sp, #FRAME_X0 + 184]
    \op     x25, x26, [sp, #FRAME_X0 + 200]
    \op     x27, x28, [sp, #FRAME_X0 + 216]
    \op     x29, x30, [sp, #FRAME_X0 + 232]
.endm

.macro save_callee_regs
    callee_regs stp
.endm

.macro restore_callee_regs
    callee_regs ldp
.endm

/* x0-x18: what a call may clobber (AAPCS64 6.1.1); an interrupt's frame saves them too. */
.macro caller_regs op, op1
    \op     x0, x1, [sp, #FRAME_X0 + 0]
    \op     x2, x3, [sp, #FRAME_X0 + 16]
    \op     x4, x5, [sp, #FRAME_X0 + 32]
    \op     x6, x7, [sp, #FRAME_X0 + 48]
    \op     x8, x9, [sp, #FRAME_X0 + 64]
    \op     x10, x11, [sp, #FRAME_X0 + 80]
    \op     x12, x13, [sp, #FRAME_X0 + 96]
    \op     x14, x15, [sp, #FRAME_X0 + 112]
    \op     x16, x17, [sp, #FRAME_X0 + 128]
    \op1    x18, [sp, #FRAME_X0 + 144]
.endm

/* Store x0-x30 at [sp], ELR/SPSR at FRAME_ELR. Clobbers nothing live (x0/x1 saved first). */
.macro save_int_regs
    caller_regs stp, str
    save_callee_regs
.endm

.macro save_elr_spsr
    mrs     x0, elr_el1
    mrs     x1, spsr_el1
    stp     x0, x1, [sp, #FRAME_ELR]
.endm

/* Load ELR/SPSR and x0-x30 from [sp]. */
.macro restore_regs
    ldp     x0, x1, [sp, #FRAME_ELR]
    msr     elr_el1, x0
    msr     spsr_el1, x1
    caller_regs ldp, ldr
    restore_callee_regs
.endm

/* Interrupt entry: keep the interrupted context's CPACR_EL1 in the frame at [sp] and close
 * FP/SIMD, so that a handler's FP use traps and is saved around it (fp.c). Clobbers x0. */
.macro fp_close
    mrs     x0, cpacr_el1
    str     x0, [sp, #FRAME_CPACR]
    mov     x0, #CPACR_FPEN_TRAP
    msr     cpacr_el1, x0
    isb
.endm

/* Interrupt exit: CPACR_EL1 as it was at entry (the ERET that follows synchronizes). */
.macro fp_reopen
    ldr     x0, [sp, #FRAME_CPACR]
    msr     cpacr_el1, x0
.endm

/* \reg = the top of this CPU's exception stack, arch_cpu_stack_top[TPIDR_EL1] (smp.c). Clobbers
 * \tmp. */
.macro exc_stack_top reg, tmp
    mrs     \tmp, tpidr_el1
    adr_l   \reg, arch_cpu_stack_top
    ldr     \reg, [\reg, \tmp, lsl #3]
.endm

/* One vector slot: 0x80 bytes, just a branch. */
.macro vector target
    .balign 0x80
    b       \target
.endm

    .section .text.vectors, "ax", %progbits
    .balign 0x800
    .global arch_vectors
arch_vectors:
    /* Current EL with SP_EL0: threads. */
    vector  el1t_sync
    vector  el1t_irq
    vector  el1t_fiq
    vector  el1t_serror
    /* Current EL with SP_EL1: handlers, idle, boot. */
    vector  el1h_sync
    vector  el1h_irq
    vector  el1h_fiq
    vector  el1h_serror
    /* Lower EL, AArch64 and AArch32: we never run EL0. */
    vector  lower_el
    vector  lower_el
    vector  lower_el
    vector  lower_el
    vector  lower_el
    vector  lower_el
    vector  lower_el
    vector  lower_el

/*
 * Fault entry: never returns. Saves everything on the fault stack (the faulting context's own
 * stack may be the problem), then arch_fault(frame, kind, from_thread). TPIDR_EL0 and
 * TPIDRRO_EL0 are scratch here (nothing runs at EL0; TPIDR_EL1 holds the CPU's index).
 */
.macro fault_entry kind, from_thread
    msr     tpidr_el0, x0
    msr     tpidrro_el0, x1
    mov     x0, sp
    adr_l   x1, _fault_stack_top    /* CPU i's fault stack: FAULT_STACK_SIZE * i below the top */
    mov     sp, x1
    mrs     x1, tpidr_el1
    lsl     x1, x1, #FAULT_STACK_SHIFT
    sub     sp, sp, x1
    sub     sp, sp, #FAULT_FRAME_SIZE
    str     x0, [sp, #FAULT_SP]
    stp     x2, x3, [sp, #FAULT_X0 + 16]
    stp     x4, x5, [sp, #FAULT_X0 + 32]
    stp     x6, x7, [sp, #FAULT_X0 + 48]
    stp     x8, x9, [sp, #FAULT_X0 + 64]
    stp     x10, x11, [sp, #FAULT_X0 + 80]
    stp     x12, x13, [sp, #FAULT_X0 + 96]
    stp     x14, x15, [sp, #FAULT_X0 + 112]
    stp     x16, x17, [sp, #FAULT_X0 + 128]
    stp     x18, x19, [sp, #FAULT_X0 + 144]
    stp     x20, x21, [sp, #FAULT_X0 + 160]
    stp     x22, x23, [sp, #FAULT_X0 + 176]
    stp     x24, x25, [sp, #FAULT_X0 + 192]
    stp     x26, x27, [sp, #FAULT_X0 + 208]
    stp     x28, x29, [sp, #FAULT_X0 + 224]
    str     x30, [sp, #FAULT_X0 + 240]
    mrs     x2, tpidr_el0
    mrs     x3, tpidrro_el0
    stp     x2, x3, [sp, #FAULT_X0]
.if \from_thread
    mrs     x2, sp_el0
    str     x2, [sp, #FAULT_SP]
.endif
    mrs     x2, elr_el1
    mrs     x3, spsr_el1
    stp     x2, x3, [sp, #FAULT_ELR]
    mrs     x2, esr_el1
    mrs     x3, far_el1
    stp     x2, x3, [sp, #FAULT_ESR]
    mov     x0, sp
    mov     x1, #\kind
    mov     x2, #\from_thread
    mov     x29, #0
    bl      arch_fault
    b       .
.endm

/* Kinds, as enum fault_kind in arch.h. */
#define K_SYNC 0
#define K_SERROR 1
#define K_FIQ 2
#define K_LOWER 3

/*
 * Synchronous exceptions: an FP access trap (ESR_EC_FP_ACCESS) is the lazy FP switch, anything
 * else a fault. The class is tested before the stack is touched (an overflowed stack must still
 * reach the fault report); TPIDR_EL0 holds x0 meanwhile.
 */
.macro sync_entry from_thread
    msr     tpidr_el0, x0
    mrs     x0, esr_el1
    ubfx    x0, x0, #ESR_EC_SHIFT, #ESR_EC_WIDTH
    cmp     x0, #ESR_EC_FP_ACCESS
    mrs     x0, tpidr_el0
    b.eq    1f
    fault_entry K_SYNC, \from_thread
1:  fp_trap_entry \from_thread
.endm

/*
 * FP access trap: arch_fp_trap(from_thread) gives the registers to the thread or handler that
 * trapped and opens FP; ERET retries the instruction. On SP_EL1: the (empty) exception stack
 * when a thread trapped, below the handler's frames when a handler did. x29 is kept so that a
 * PANIC's backtrace reaches the code that used FP.
 */
.macro fp_trap_entry from_thread
    sub     sp, sp, #FRAME_SIZE
    save_int_regs
    save_elr_spsr
    mov     x0, #\from_thread
    bl      arch_fp_trap
    restore_regs
    add     sp, sp, #FRAME_SIZE
    eret
.endm

el1t_sync:      sync_entry 1
el1t_fiq:       fault_entry K_FIQ, 1
el1t_serror:    fault_entry K_SERROR, 1
el1h_sync:      sync_entry 0
el1h_fiq:       fault_entry K_FIQ, 0
el1h_serror:    fault_entry K_SERROR, 0
lower_el:       fault_entry K_LOWER, 0

/*
 * el1t_irq: IRQ while a thread ran (SP_EL0 = its stack, SP_EL1 = empty exception stack).
 * The thread's integer state goes on its own stack, so that a switch needs no copy; the handler
 * runs on the exception stack. At exit, arch_irq_exit(1) says whether to switch (interrupt
 * contract in tx_arch.h); a switch moves no FP state (lazy, fp.c). arch_irq_exit also checks
 * that the frame stayed within the thread's stack.
 */
el1t_irq:
    msr     spsel, #0
    sub     sp, sp, #FRAME_SIZE
    save_int_regs
    save_elr_spsr
    fp_close
    mov     x19, sp                 /* x19 = the thread's frame, preserved by C */
    msr     spsel, #1
    mov     x29, #0                 /* backtraces stop at the exception boundary */
    bl      arch_irq_enter
    bl      platform_irq_dispatch
    mov     x0, #1
    mov     x1, x19
    bl      arch_irq_exit
    cbz     x0, 1f
    mov     x1, x19
    b       arch_irq_preempt        /* (TX_THREAD *from, struct arch_frame *frame), no return */
1:  msr     spsel, #0
    fp_reopen
    restore_regs
    add     sp, sp, #FRAME_SIZE
    eret

/*
 * el1h_irq: IRQ in a handler (nesting) or in the idle loop, on any CPU. Never switches: the
 * outer level (el1t_irq or the idle loop) decides once this returns.
 */
el1h_irq:
    sub     sp, sp, #FRAME_SIZE
    save_int_regs
    save_elr_spsr
    fp_close
    bl      arch_irq_enter
    bl      platform_irq_dispatch
    mov     x0, #0
    mov     x1, #0
    bl      arch_irq_exit
    fp_reopen
    restore_regs
    add     sp, sp, #FRAME_SIZE
    eret

/*
 * void arch_dispatch_frame(struct arch_frame *frame)
 * Resumes the thread whose saved context is `frame` (on its stack). Never returns.
 * Preconditions: EL1h, IRQs masked, _tx_thread_switch_note() already called, the kernel lock
 * as the frame wants it (thread.c, dispatch()).
 * Resets SP_EL1 to the top of this CPU's exception stack: nothing below it survives.
 * A frame whose saved SPSR masks IRQs is a solicited one (_tx_arch_thread_system_return: an
 * interrupt or a new thread always resumes with IRQs unmasked), holding only x19-x30: only those
 * are loaded. Clobbers x1, x2 before the frame's registers are loaded.
 */
func arch_dispatch_frame
    exc_stack_top x1, x2
    mov     sp, x1
    msr     spsel, #0
    mov     sp, x0
    ldp     x0, x1, [sp, #FRAME_ELR]
    msr     elr_el1, x0
    msr     spsr_el1, x1
    tbnz    x1, #DAIF_I_SHIFT, 1f
    restore_regs
    add     sp, sp, #FRAME_SIZE
    eret
1:  restore_callee_regs
    add     sp, sp, #FRAME_SIZE
    eret
endfunc arch_dispatch_frame

/*
 * VOID _tx_arch_thread_system_return(VOID)
 * Called by a thread (EL1t, its own stack) after the kernel changed _tx_thread_execute_ptr.
 * Saves a solicited frame: a call may clobber x0-x18 (AAPCS64), so only x19-x30 go into the
 * arch_frame (whose layout stays that of an interrupt's), with the return address and the
 * caller's DAIF; FP/SIMD stays in the registers (lazy, fp.c). Then continues in C on this CPU's
 * exception stack. Returns when the thread is dispatched again (maybe on another CPU).
 * Preconditions: IRQs masked by the caller (TX_DISABLE): arch_dispatch_frame tells this frame
 * from an interrupt's by the masked I bit it saves. Called from a thread only, so SP_EL1 is at
 * the top of this CPU's exception stack already (every exception taken from a thread unwinds it
 * before returning, and arch_dispatch_frame resets it): it is used as it is. Clobbers x0-x18;
 * x19-x30 and sp survive.
 */
func _tx_arch_thread_system_return
    mrs     x9, daif
    msr     daifset, #DAIFSET_IRQ
    sub     sp, sp, #FRAME_SIZE
    save_callee_regs
    and     x9, x9, #(DAIF_D_BIT | DAIF_A_BIT | DAIF_I_BIT | DAIF_F_BIT)
    orr     x9, x9, #SPSR_M_EL1T
    stp     x30, x9, [sp, #FRAME_ELR]
    mov     x0, sp
    msr     spsel, #1
    mov     x29, #0
    b       arch_system_return_c    /* (struct arch_frame *frame), no return */
endfunc _tx_arch_thread_system_return
