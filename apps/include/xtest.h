/*
 * xtest.h - small helpers shared by the Xen test images (header only, so that each image is
 * one directory): the Xen start-up, on top of xr_test.h (the verdict lines of docs/design.md).
 */
#ifndef XTEST_H
#define XTEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tx_api.h"
#include "xr_test.h"
#include "xen_err.h"
#include "xen_evtchn.h"
#include "xen_hv.h"

/* Fail the current test (in a function returning bool) with a reason if `cond` is false. */
#define XT_REQUIRE(name, cond, ...)                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            return xr_verdict(name, false, __VA_ARGS__);                                           \
        }                                                                                          \
    } while (0)

/* An xen_err_t that must be XE_OK. */
#define XT_OK(name, expr)                                                                          \
    do {                                                                                           \
        xen_err_t xt_e_ = (expr);                                                                  \
        if (xt_e_ != XE_OK) {                                                                      \
            return xr_verdict(name, false, "%s: %s", #expr, xen_strerror(xt_e_));                  \
        }                                                                                          \
    } while (0)

/* xen_hv_init + xen_evtchn_init, with verdicts. */
static inline bool xt_xen_start(void)
{
    xen_err_t err = xen_hv_init();
    if (!xr_verdict("xen-hv-init", err == XE_OK && xen_shared_info() != NULL, "%s",
                    xen_strerror(err))) {
        return false;
    }
    err = xen_evtchn_init();
    return xr_verdict("xen-evtchn-init", err == XE_OK, "%s", xen_strerror(err));
}

#endif /* XTEST_H */
