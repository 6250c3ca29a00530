/*
 * fake_xen/xen_atomic.h - xen/include/xen_atomic.h as xen/evtchn.c sees it in
 * tests/host/test_xen_evtchn.c: the same host atomics, each followed by a call to the Xen model
 * (fake_xen_atomic_done), so that the model can let the peer act between two of the layer's
 * updates of the shared words. Only that test's copy of evtchn.c has this directory on its
 * include path.
 */
#ifndef FAKE_XEN_ATOMIC_H
#define FAKE_XEN_ATOMIC_H

#define xen_atomic_or64     xen_atomic_or64_unseen
#define xen_atomic_andnot64 xen_atomic_andnot64_unseen
#define xen_atomic_xchg64   xen_atomic_xchg64_unseen
#include_next "xen_atomic.h"
#undef xen_atomic_or64
#undef xen_atomic_andnot64
#undef xen_atomic_xchg64

void fake_xen_atomic_done(volatile void *word);

static inline void xen_atomic_or64(volatile uint64_t *p, uint64_t bits)
{
    xen_atomic_or64_unseen(p, bits);
    fake_xen_atomic_done(p);
}

static inline void xen_atomic_andnot64(volatile uint64_t *p, uint64_t bits)
{
    xen_atomic_andnot64_unseen(p, bits);
    fake_xen_atomic_done(p);
}

static inline uint64_t xen_atomic_xchg64(volatile uint64_t *p, uint64_t v)
{
    uint64_t old = xen_atomic_xchg64_unseen(p, v);
    fake_xen_atomic_done(p);
    return old;
}

#endif /* FAKE_XEN_ATOMIC_H */
