/*
 * fuzz.h - what every libFuzzer target (fuzz/fuzz_<target>.c) shares: an invariant check that
 * aborts (libFuzzer then keeps the input as a crash) and a reader of the input as a byte stream.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A broken invariant is a finding like a sanitizer report: abort with the condition. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz: invariant broken: %s (%s:%d)\n", #cond, __FILE__, __LINE__);    \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* The input as a stream of choices; past its end every read gives 0. */
struct fuzz_in {
    const uint8_t *p;
    size_t n;
};

static inline uint8_t fuzz_u8(struct fuzz_in *in)
{
    if (in->n == 0) {
        return 0;
    }
    in->n--;
    return *in->p++;
}

static inline uint32_t fuzz_u32(struct fuzz_in *in)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        v = v << 8 | fuzz_u8(in);
    }
    return v;
}

/* Up to `max` bytes of the input itself (no copy); *len receives how many. */
static inline const uint8_t *fuzz_bytes(struct fuzz_in *in, size_t max, size_t *len)
{
    const uint8_t *p = in->p;
    *len = max < in->n ? max : in->n;
    in->p += *len;
    in->n -= *len;
    return p;
}

/* The code under test reports on stdout; at millions of runs that is only noise (set
 * FUZZ_VERBOSE to keep it when replaying one input). */
/* Silence the layer's printf for the whole run (FUZZ_VERBOSE keeps it); done once, however
 * often it is called: targets call it from every input. */
static inline void fuzz_quiet(void)
{
    static bool done;

    if (done) {
        return;
    }
    done = true;
    if (getenv("FUZZ_VERBOSE") == NULL && freopen("/dev/null", "w", stdout) == NULL) {
        abort();
    }
}

#endif /* FUZZ_H */
