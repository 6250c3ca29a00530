/*
 * xtest.h - small helpers shared by the Xen test images (header only, so that each image is
 * one directory): verdict lines of docs/design.md, the generic counter, the Xen start-up.
 */
#ifndef XTEST_H
#define XTEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tx_api.h"
#include "xen_err.h"
#include "xen_evtchn.h"
#include "xen_hv.h"

static unsigned xt_failures;

/* One verdict line: "TEST <name> PASS" or "TEST <name> FAIL <reason>". */
static inline bool xt_verdict(const char *name, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline bool xt_verdict(const char *name, bool ok, const char *fmt, ...)
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
    xt_failures++;
    return false;
}

/* Fail the current test (in a function returning bool) with a reason if `cond` is false. */
#define XT_REQUIRE(name, cond, ...)                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            return xt_verdict(name, false, __VA_ARGS__);                                           \
        }                                                                                          \
    } while (0)

/* An xen_err_t that must be XE_OK. */
#define XT_OK(name, expr)                                                                          \
    do {                                                                                           \
        xen_err_t xt_e_ = (expr);                                                                  \
        if (xt_e_ != XE_OK) {                                                                      \
            return xt_verdict(name, false, "%s: %s", #expr, xen_strerror(xt_e_));                  \
        }                                                                                          \
    } while (0)

/* xen_hv_init + xen_evtchn_init, with verdicts. */
static inline bool xt_xen_start(void)
{
    xen_err_t err = xen_hv_init();
    if (!xt_verdict("xen-hv-init", err == XE_OK && xen_shared_info() != NULL, "%s",
                    xen_strerror(err))) {
        return false;
    }
    err = xen_evtchn_init();
    return xt_verdict("xen-evtchn-init", err == XE_OK, "%s", xen_strerror(err));
}

static inline bool xt_pass(const char *name)
{
    printf("TEST %s PASS\n", name);
    return true;
}

static inline void xt_done(void)
{
    printf("xtest: %u failure(s)\n", xt_failures);
    printf("TEST-DONE\n");
}

#endif /* XTEST_H */
