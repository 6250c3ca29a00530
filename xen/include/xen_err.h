/*
 * xen_err.h - error codes of the Xen layer.
 *
 * Xen reports failures as negative Xen errnos (<xen/errno.h>) and grant operations as GNTST_*
 * status codes; the layer's own failures (bad argument, garbage from a peer, timeouts) join
 * them here so that every xen/ function returns one type with one printable name.
 */
#ifndef XEN_ERR_H
#define XEN_ERR_H

typedef enum xen_err {
    XE_OK = 0,
    /* Reported by Xen (mapped from -XEN_Exxx). */
    XE_PERM,      /* operation not permitted for this domain */
    XE_NOENT,     /* no such object */
    XE_SRCH,      /* no such domain */
    XE_IO,        /* I/O error */
    XE_NXIO,      /* no such device or address */
    XE_AGAIN,     /* try again */
    XE_NOMEM,     /* Xen out of memory */
    XE_ACCES,     /* permission denied */
    XE_FAULT,     /* Xen could not access a guest buffer */
    XE_BUSY,      /* resource busy */
    XE_EXIST,     /* already exists */
    XE_NODEV,     /* no such device */
    XE_INVAL,     /* Xen rejected an argument */
    XE_NOSPC,     /* no space left */
    XE_RANGE,     /* value out of range */
    XE_NOSYS,     /* hypercall or sub-op not implemented */
    XE_OPNOTSUPP, /* operation not supported */
    XE_XEN_OTHER, /* a Xen errno this layer has no name for */
    /* Reported by grant table operations (GNTST_*) without a better errno. */
    XE_GNT_BAD_DOMAIN, /* GNTST_bad_domain */
    XE_GNT_BAD_REF,    /* GNTST_bad_gntref: the grant reference is invalid */
    XE_GNT_BAD_HANDLE, /* GNTST_bad_handle */
    XE_GNT_BAD_ADDR,   /* GNTST_bad_virt_addr / GNTST_bad_dev_addr */
    XE_GNT_NO_MAP,     /* GNTST_no_device_space / permission_denied / other */
    XE_GNT_EOL,        /* GNTST_eagain: the grant is being paged */
    /* The layer's own. */
    XE_NOT_XEN,      /* not running on Xen, or no `hypervisor` node */
    XE_BAD_ARG,      /* invalid argument from the caller */
    XE_NO_REGION,    /* no free guest-physical space in the extended regions */
    XE_NO_SLOT,      /* a fixed-size table of the layer is full */
    XE_STILL_MAPPED, /* the remote domain still maps a granted page */
    XE_BAD_DT,       /* the device tree lacks or garbles a needed value */
    XE_TIMEOUT,      /* the wait timed out */
    XE_WOULD_BLOCK,  /* non-blocking call could not complete now */
    XE_TOO_BIG,      /* message larger than the ring can ever hold */
    XE_PEER,         /* the peer wrote inconsistent data to shared memory */
    XE_NOT_READY,    /* subsystem not initialised */
    XE_COUNT_
} xen_err_t;

/* Translate a hypercall's return value: >= 0 gives XE_OK, -XEN_Exxx its XE_ name. */
xen_err_t xen_err_from_rc(long rc);

/* Translate a grant operation status (GNTST_okay, GNTST_general_error, ...). */
xen_err_t xen_err_from_gntst(long status);

/* Short fixed description, e.g. "XE_INVAL (invalid argument)"; never NULL. */
const char *xen_strerror(xen_err_t err);

#endif /* XEN_ERR_H */
