/*
 * xr_test.h - the guest side of the test verdict protocol (docs/design.md): one line
 * "TEST <name> PASS" or "TEST <name> FAIL <reason>" per check, "TEST-DONE" at the end. The QEMU
 * harness (tests/qemu/harness.py) reads these from the console. Header only, for test images.
 */
#ifndef XR_TEST_H
#define XR_TEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static unsigned xr_test_failures;

/* Print the verdict of check `name`; the reason (printf-style) only when it failed. */
static inline bool xr_verdict(const char *name, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline bool xr_verdict(const char *name, bool ok, const char *fmt, ...)
{
    if (ok) {
        printf("TEST %s PASS\n", name);
        return true;
    }
    char why[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    printf("TEST %s FAIL %s\n", name, why);
    xr_test_failures++;
    return false;
}

static inline bool xr_pass(const char *name)
{
    printf("TEST %s PASS\n", name);
    return true;
}

/* The end of the run: how many checks failed, then the line the harness waits for. */
static inline void xr_done(void)
{
    printf("test: %u failure(s)\n", xr_test_failures);
    printf("TEST-DONE\n");
}

#endif /* XR_TEST_H */
