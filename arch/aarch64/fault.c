/*
 * fault.c - fatal exception reports and PANIC. Prints the exception class decoded from
 * ESR_EL1, FAR, ELR, SPSR, all registers, the current thread and a frame-pointer backtrace on
 * the emergency console (console_io: it needs no driver state), then stops this domain only
 * (PSCI SYSTEM_OFF).
 */
#include <stdarg.h>
#include <stdio.h>

#include "tx_api.h"
#include "tx_arch.h"

#include "arch/arch.h"
#include "arch/mmu.h"
#include "arch/psci.h"
#include "arch/sysreg.h"

extern char _image_start[], _image_end[];

static volatile int in_fatal;

static const char *ec_name(unsigned int ec)
{
    switch (ec) {
    case ESR_EC_UNKNOWN:
        return "unknown reason (undefined instruction)";
    case ESR_EC_WFX:
        return "trapped WFI/WFE";
    case ESR_EC_FP_ACCESS:
        return "FP/SIMD access trapped";
    case ESR_EC_ILLEGAL_STATE:
        return "illegal execution state";
    case ESR_EC_SVC64:
        return "SVC";
    case ESR_EC_HVC64:
        return "HVC";
    case ESR_EC_SMC64:
        return "SMC";
    case ESR_EC_SYSREG:
        return "trapped system register access";
    case ESR_EC_IABT_LOW:
    case ESR_EC_IABT_CUR:
        return "instruction abort";
    case ESR_EC_PC_ALIGN:
        return "PC alignment fault";
    case ESR_EC_DABT_LOW:
    case ESR_EC_DABT_CUR:
        return "data abort";
    case ESR_EC_SP_ALIGN:
        return "SP alignment fault";
    case ESR_EC_FP_EXC64:
        return "FP exception";
    case ESR_EC_SERROR:
        return "SError";
    case ESR_EC_BRK64:
        return "BRK";
    default:
        return "other";
    }
}

/* Fault status code of an abort (ISS[5:0], D17.2.40 "ISS encoding for a Data Abort"). */
static const char *fsc_name(unsigned int fsc)
{
    switch (fsc & 0x3c) {
    case 0x00:
        return "address size fault";
    case 0x04:
        return "translation fault";
    case 0x08:
        return "access flag fault";
    case 0x0c:
        return "permission fault";
    default:
        break;
    }
    switch (fsc) {
    case 0x10:
        return "synchronous external abort";
    case 0x21:
        return "alignment fault";
    default:
        return "other fault";
    }
}

/* Only follow frame pointers into memory that is certainly mapped: the image (stacks of the
 * boot, exceptions and static thread stacks) and RAM from /memory. */
static bool fp_readable(uint64_t fp)
{
    if ((fp & 7) != 0) {
        return false;
    }
    if (fp >= (uint64_t)(uintptr_t)_image_start && fp + 16 <= (uint64_t)(uintptr_t)_image_end) {
        return true;
    }
    return platform_ram_contains(fp, 16);
}

static void backtrace(uint64_t pc, uint64_t fp)
{
    printf("backtrace:\n  #0 %#018llx\n", (unsigned long long)pc);
    for (int depth = 1; depth < 24 && fp != 0; depth++) {
        if (!fp_readable(fp)) {
            printf("  (frame pointer %#llx not in mapped memory)\n", (unsigned long long)fp);
            break;
        }
        const uint64_t *frame = (const uint64_t *)(uintptr_t)fp;
        uint64_t lr = frame[1];
        if (lr == 0) {
            break;
        }
        printf("  #%d %#018llx\n", depth, (unsigned long long)(lr - 4));
        if (frame[0] <= fp) {
            break; /* the chain must go up the stack */
        }
        fp = frame[0];
    }
}

static void use_emergency_console(void)
{
    lib_set_console(platform_emergency_write);
}

static const char *thread_name(void)
{
    TX_THREAD *t = _tx_thread_current_ptr;

    if (t == NULL) {
        return "(none: idle or boot)";
    }
    return t->tx_thread_name != NULL ? t->tx_thread_name : "(unnamed)";
}

void arch_fault(struct arch_fault_frame *f, uint64_t kind, uint64_t from_thread)
{
    static const char *const kinds[] = {"synchronous exception", "SError", "FIQ",
                                        "exception from a lower EL"};
    unsigned int ec = (unsigned int)((f->esr >> ESR_EC_SHIFT) & ESR_EC_MASK);

    irq_disable();
    if (in_fatal++) {
        platform_emergency_write("PANIC: fault while reporting a fault\n", 37);
        psci_system_off();
    }
    use_emergency_console();
    printf("PANIC: %s in %s context: EC %#x %s\n", kind < 4 ? kinds[kind] : "?",
           from_thread ? "thread" : "handler", ec, ec_name(ec));
    if (ec == ESR_EC_DABT_CUR || ec == ESR_EC_DABT_LOW || ec == ESR_EC_IABT_CUR ||
        ec == ESR_EC_IABT_LOW) {
        unsigned int fsc = (unsigned int)(f->esr & ESR_ISS_FSC_MASK);
        printf("  %s, level %u, %s, address %#llx\n", fsc_name(fsc), fsc & 3,
               (ec == ESR_EC_DABT_CUR || ec == ESR_EC_DABT_LOW)
                   ? ((f->esr & ESR_ISS_WNR_BIT) ? "write" : "read")
                   : "fetch",
               (unsigned long long)f->far);
    }
    printf("  ESR %#010llx FAR %#018llx\n", (unsigned long long)f->esr, (unsigned long long)f->far);
    printf("  ELR %#018llx SPSR %#010llx SP %#018llx\n", (unsigned long long)f->elr,
           (unsigned long long)f->spsr, (unsigned long long)f->sp);
    for (int i = 0; i < 31; i += 2) {
        if (i == 30) {
            printf("  x30 %016llx\n", (unsigned long long)f->x[30]);
        } else {
            printf("  x%-2d %016llx  x%-2d %016llx\n", i, (unsigned long long)f->x[i], i + 1,
                   (unsigned long long)f->x[i + 1]);
        }
    }
    printf("  thread: %s\n", thread_name());
    backtrace(f->elr, f->x[29]);
    printf("PANIC: domain stopping (PSCI SYSTEM_OFF)\n");
    psci_system_off();
}

void arch_panic(const char *fmt, ...)
{
    va_list ap;

    irq_disable();
    if (in_fatal++) {
        platform_emergency_write("PANIC: recursive panic\n", 23);
        psci_system_off();
    }
    use_emergency_console();
    printf("PANIC: ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n  thread: %s\n", thread_name());
    backtrace((uint64_t)(uintptr_t)__builtin_return_address(0),
              (uint64_t)(uintptr_t)__builtin_frame_address(0));
    printf("PANIC: domain stopping (PSCI SYSTEM_OFF)\n");
    psci_system_off();
}
