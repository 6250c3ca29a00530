/*
 * init.c - /init of the Linux domU used as the boot-time comparison (bench/cfg/linux.cfg).
 * Freestanding (no libc: the cross toolchain has none for arm64 userspace): raw system calls.
 * Prints one line, then the generic counter (CNTVCT_EL0, readable at EL0 under Linux: the
 * kernel sets CNTKCTL_EL1.EL0VCTEN for the vDSO) and /proc/uptime, then powers the domain off.
 * Under Xen CNTVCT counts from the domain's creation (Xen sets CNTVOFF_EL2 then).
 */
#include <stddef.h>
#include <stdint.h>

#define SYS_MKDIRAT     34
#define SYS_MOUNT       40
#define SYS_OPENAT      56
#define SYS_CLOSE       57
#define SYS_READ        63
#define SYS_WRITE       64
#define SYS_EXIT        93
#define SYS_REBOOT      142
#define AT_FDCWD        (-100)

#define REBOOT_MAGIC1   0xfee1dead
#define REBOOT_MAGIC2   0x28121969
#define REBOOT_POWEROFF 0x4321fedc

static long sys6(long nr, long a, long b, long c, long d, long e)
{
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4) : "memory");
    return x0;
}

static size_t slen(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    return n;
}

static void put(const char *s)
{
    sys6(SYS_WRITE, 1, (long)s, (long)slen(s), 0, 0);
}

static void put_u64(uint64_t v)
{
    char buf[24];
    int i = sizeof(buf) - 1;
    buf[i] = '\0';
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0 && i > 0);
    put(&buf[i]);
}

void init_main(void);
void init_main(void)
{
    uint64_t vct, frq;
    __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(vct)::"memory");
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));

    put("linux-bench: /init running\n");
    sys6(SYS_MKDIRAT, AT_FDCWD, (long)"/proc", 0555, 0, 0);
    long rc = sys6(SYS_MOUNT, (long)"proc", (long)"/proc", (long)"proc", 0, 0);
    char up[64];
    long n = -1;
    if (rc == 0) {
        long fd = sys6(SYS_OPENAT, AT_FDCWD, (long)"/proc/uptime", 0, 0, 0);
        if (fd >= 0) {
            n = sys6(SYS_READ, fd, (long)up, sizeof(up) - 1, 0, 0);
            sys6(SYS_CLOSE, fd, 0, 0, 0, 0);
        }
    }
    if (n <= 0) {
        up[0] = '?';
        n = 1;
    }
    up[n] = '\0';
    for (long i = 0; i < n; i++) {
        if (up[i] == ' ' || up[i] == '\n') {
            up[i] = '\0';
            break;
        }
    }
    put("BENCH linux init_cntvct=");
    put_u64(vct);
    put(" freq=");
    put_u64(frq);
    put(" uptime_s=");
    put(up);
    put("\nBENCH-DONE\n");
    sys6(SYS_REBOOT, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_POWEROFF, 0, 0);
    sys6(SYS_EXIT, 0, 0, 0, 0, 0);
    for (;;) {
    }
}

/* Entry: the kernel starts us with sp set and nothing else we need. */
__asm__(".text\n.global _start\n_start:\n\tbl init_main\n1:\tb 1b\n");
