/*
 * error.c - Xen errno / grant status to xen_err_t, and printable names.
 */
#include <stddef.h>

#include "xen_public.h"
#include "xen_err.h"

/* Indexed by Xen's positive errno value; unlisted entries are 0 = "no name" (XE_XEN_OTHER). */
static const unsigned char from_xen_errno[] = {
    [XEN_EPERM] = XE_PERM,   [XEN_ENOENT] = XE_NOENT,         [XEN_ESRCH] = XE_SRCH,
    [XEN_EIO] = XE_IO,       [XEN_ENXIO] = XE_NXIO,           [XEN_EAGAIN] = XE_AGAIN,
    [XEN_ENOMEM] = XE_NOMEM, [XEN_EACCES] = XE_ACCES,         [XEN_EFAULT] = XE_FAULT,
    [XEN_EBUSY] = XE_BUSY,   [XEN_EEXIST] = XE_EXIST,         [XEN_ENODEV] = XE_NODEV,
    [XEN_EINVAL] = XE_INVAL, [XEN_ENOSPC] = XE_NOSPC,         [XEN_ERANGE] = XE_RANGE,
    [XEN_ENOSYS] = XE_NOSYS, [XEN_EOPNOTSUPP] = XE_OPNOTSUPP,
};

static const char *const names[XE_COUNT_] = {
    [XE_OK] = "XE_OK (success)",
    [XE_PERM] = "XE_PERM (operation not permitted)",
    [XE_NOENT] = "XE_NOENT (no such object)",
    [XE_SRCH] = "XE_SRCH (no such domain)",
    [XE_IO] = "XE_IO (I/O error)",
    [XE_NXIO] = "XE_NXIO (no such device or address)",
    [XE_AGAIN] = "XE_AGAIN (try again)",
    [XE_NOMEM] = "XE_NOMEM (Xen out of memory)",
    [XE_ACCES] = "XE_ACCES (permission denied)",
    [XE_FAULT] = "XE_FAULT (bad guest address)",
    [XE_BUSY] = "XE_BUSY (resource busy)",
    [XE_EXIST] = "XE_EXIST (already exists)",
    [XE_NODEV] = "XE_NODEV (no such device)",
    [XE_INVAL] = "XE_INVAL (invalid argument)",
    [XE_NOSPC] = "XE_NOSPC (no space left)",
    [XE_RANGE] = "XE_RANGE (out of range)",
    [XE_NOSYS] = "XE_NOSYS (not implemented)",
    [XE_OPNOTSUPP] = "XE_OPNOTSUPP (not supported)",
    [XE_XEN_OTHER] = "XE_XEN_OTHER (unnamed Xen error)",
    [XE_GNT_BAD_DOMAIN] = "XE_GNT_BAD_DOMAIN (grant: bad domain)",
    [XE_GNT_BAD_REF] = "XE_GNT_BAD_REF (grant: bad reference)",
    [XE_GNT_BAD_HANDLE] = "XE_GNT_BAD_HANDLE (grant: bad handle)",
    [XE_GNT_BAD_ADDR] = "XE_GNT_BAD_ADDR (grant: bad address)",
    [XE_GNT_NO_MAP] = "XE_GNT_NO_MAP (grant: cannot map)",
    [XE_GNT_EOL] = "XE_GNT_EOL (grant: try again)",
    [XE_NOT_XEN] = "XE_NOT_XEN (not running on Xen)",
    [XE_BAD_ARG] = "XE_BAD_ARG (invalid argument)",
    [XE_NO_REGION] = "XE_NO_REGION (no free guest-physical space)",
    [XE_NO_SLOT] = "XE_NO_SLOT (table full)",
    [XE_STILL_MAPPED] = "XE_STILL_MAPPED (remote still maps the page)",
    [XE_BAD_DT] = "XE_BAD_DT (device tree value missing or invalid)",
    [XE_TIMEOUT] = "XE_TIMEOUT (timed out)",
    [XE_WOULD_BLOCK] = "XE_WOULD_BLOCK (would block)",
    [XE_TOO_BIG] = "XE_TOO_BIG (message too big)",
    [XE_PEER] = "XE_PEER (peer wrote inconsistent shared data)",
    [XE_NOT_READY] = "XE_NOT_READY (not initialised)",
};

xen_err_t xen_err_from_rc(long rc)
{
    if (rc >= 0) {
        return XE_OK;
    }
    /* Compare before negating: -LONG_MIN would overflow. */
    if (rc < -(long)(sizeof(from_xen_errno) / sizeof(from_xen_errno[0])) + 1) {
        return XE_XEN_OTHER;
    }
    unsigned char e = from_xen_errno[-rc];
    return e != 0 ? (xen_err_t)e : XE_XEN_OTHER;
}

xen_err_t xen_err_from_gntst(long status)
{
    switch (status) {
    case GNTST_okay:
        return XE_OK;
    case GNTST_bad_domain:
        return XE_GNT_BAD_DOMAIN;
    case GNTST_bad_gntref:
        return XE_GNT_BAD_REF;
    case GNTST_bad_handle:
        return XE_GNT_BAD_HANDLE;
    case GNTST_bad_virt_addr:
    case GNTST_bad_dev_addr:
        return XE_GNT_BAD_ADDR;
    case GNTST_permission_denied:
        return XE_ACCES;
    case GNTST_eagain:
        return XE_GNT_EOL;
    case GNTST_no_space:
        return XE_NOSPC;
    default:
        return XE_GNT_NO_MAP;
    }
}

const char *xen_strerror(xen_err_t err)
{
    if ((unsigned)err >= XE_COUNT_ || names[err] == NULL) {
        return "XE_? (invalid error code)";
    }
    return names[err];
}
