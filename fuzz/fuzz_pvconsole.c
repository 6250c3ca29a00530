/*
 * fuzz_pvconsole.c - the PV console (xen/pvconsole.c, unchanged) with the fuzzer as a hostile
 * xenconsoled: between our reads and writes, and at our notifications, it writes any index and
 * any byte of the ring page; it may also behave (take our output, type input).
 *
 * The layer calls kernel services (a mutex, event flags, sleeps): each input runs in one thread
 * of the real kernel (fuzz_kernel.h) over the shared model of tests/host/model_xenconsoled.c. The
 * source is included here so that each input starts from a fresh layer (its state is static) and
 * so that its private indexes can be checked.
 *
 * Checked after every operation: our private indexes move forward only, by what was written or
 * read, out_prod never more than a ring ahead of the accepted out_cons and in_prod never more
 * than a ring ahead of in_cons; a write changes only its bytes of `out` (with the input's
 * bytes) and out_prod, a read only in_cons, and returns the ring's bytes; an impossible backend
 * index is counted in peer_errors; counters never go back. When the backend behaves again,
 * output and input flow unchanged and nothing more is counted.
 */
#include "fuzz.h"
#include "fuzz_kernel.h"
#include "model_xenconsoled.h"

#include "../xen/pvconsole.c"

#define OUT_SIZE ((uint32_t)sizeof(((struct xencons_interface *)0)->out))
#define IN_SIZE  ((uint32_t)sizeof(((struct xencons_interface *)0)->in))
#define HOOK_MAX 4u

/* Bytes the honest backend must still see (ours, written), or that we must still read. */
struct fifo {
    uint8_t b[4096];
    size_t head, n;
};

static struct {
    struct fuzz_in in;
    bool honest;                  /* the backend has behaved since the last check point */
    bool hooked;                  /* a hostile action ran inside the current operation */
    uint8_t hook_field[HOOK_MAX]; /* hostile index writes done at our next notifications */
    uint32_t hook_value[HOOK_MAX];
    unsigned hooks;
    struct fifo to_be, to_us;
    size_t checked; /* xcons_be.seen[0, checked) compared */
} f;

static bool initialised;

static void fifo_push(struct fifo *q, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n && q->n < sizeof(q->b); i++) {
        q->b[(q->head + q->n++) % sizeof(q->b)] = p[i];
    }
}

static uint8_t fifo_pop(struct fifo *q)
{
    FUZZ_CHECK(q->n > 0);
    uint8_t c = q->b[q->head];
    q->head = (q->head + 1) % sizeof(q->b);
    q->n--;
    return c;
}

static uint32_t *index_field(unsigned which)
{
    switch (which % 4u) {
    case 0:
        return &xcons_ring->out_cons;
    case 1:
        return &xcons_ring->in_prod;
    case 2:
        return &xcons_ring->out_prod;
    default:
        return &xcons_ring->in_cons;
    }
}

/* At each notification (the layer is between two steps): the prepared hostile writes, if any. */
static void on_notify(void)
{
    if (f.hooks > 0) {
        f.hooks--;
        *index_field(f.hook_field[f.hooks]) = f.hook_value[f.hooks];
        f.hooked = true;
        f.honest = false;
    }
}

/* A fresh layer: what pvconsole.c holds, as at boot. */
static void layer_reset(void)
{
    if (initialised) {
        FUZZ_CHECK(tx_event_flags_delete(&ev) == TX_SUCCESS);
        FUZZ_CHECK(tx_mutex_delete(&out_lock) == TX_SUCCESS);
        FUZZ_CHECK(tx_mutex_delete(&in_lock) == TX_SUCCESS);
        initialised = false;
    }
    memset(own_page, 0, sizeof(own_page));
    ring = NULL;
    ring_gfn = gfn_init(0);
    port = evtchn_init(0);
    from_xen = published = false;
    memset(&stats, 0, sizeof(stats));
    out_prod = out_cons_seen = in_cons = in_prod_seen = 0;
    bad_out = bad_in = false;
    logged = 0;
}

/* Is the backend's value v of an index acceptable: from seen forward, up to limit? */
static bool acceptable(uint32_t v, uint32_t seen, uint32_t limit)
{
    return v - seen <= limit - seen;
}

static void check_state(void)
{
    FUZZ_CHECK(out_prod - out_cons_seen <= OUT_SIZE);
    FUZZ_CHECK(in_prod_seen - in_cons <= IN_SIZE);
}

static void check_stats(const struct xen_pvcon_stats *a)
{
    FUZZ_CHECK(stats.out_bytes >= a->out_bytes && stats.out_dropped >= a->out_dropped);
    FUZZ_CHECK(stats.in_bytes >= a->in_bytes && stats.peer_errors >= a->peer_errors);
}

/* The honest backend saw exactly our bytes, in order. */
static void check_backend_saw(void)
{
    for (; f.honest && f.checked < xcons_be.nseen; f.checked++) {
        FUZZ_CHECK((uint8_t)xcons_be.seen[f.checked] == fifo_pop(&f.to_be));
    }
    f.checked = xcons_be.nseen; /* (what a hostile backend made it take is nobody's) */
    if (xcons_be.nseen > sizeof(xcons_be.seen) / 2) {
        xcons_be.nseen = f.checked = 0;
    }
}

/* The backend behaves again: it takes up its accepted indexes, our fields hold our values
 * again, it drains the ring. Then a line each way must pass unchanged, nothing counted. */
static void behave_and_probe(void)
{
    xcons_be.out_cons = out_cons_seen;
    xcons_be.in_prod = in_prod_seen;
    xcons_ring->out_cons = out_cons_seen;
    xcons_ring->in_prod = in_prod_seen;
    xcons_ring->out_prod = out_prod;
    xcons_ring->in_cons = in_cons;
    f.hooks = 0;
    f.honest = true;
    f.to_be.n = f.to_us.n = 0;
    xcons_be.nseen = 0; /* room for a whole ring: it must not stop taking for want of it */
    xcons_take();
    xcons_be.nseen = f.checked = 0;
    uint32_t errors = stats.peer_errors;
    bool consume = xcons_be.consume;
    xcons_be.consume = true;

    static const uint8_t probe[] = "probe\n";
    fifo_push(&f.to_be, probe, sizeof(probe));
    FUZZ_CHECK(xen_pvcon_write(probe, sizeof(probe), 0) == XE_OK);
    check_backend_saw();
    FUZZ_CHECK(f.to_be.n == 0);

    /* Input already typed and not read yet comes first. */
    while (in_prod_seen != in_cons) {
        uint8_t buf[IN_SIZE];
        size_t got;
        FUZZ_CHECK(xen_pvcon_read(buf, sizeof(buf), &got, 0) == XE_OK);
    }
    xcons_type("key", 3);
    uint8_t buf[8];
    size_t got = 0;
    FUZZ_CHECK(xen_pvcon_read(buf, sizeof(buf), &got, 0) == XE_OK);
    FUZZ_CHECK(got == 3 && memcmp(buf, "key", 3) == 0);
    FUZZ_CHECK(stats.peer_errors == errors);
    xcons_be.consume = consume;
}

static void op_write(void)
{
    static uint8_t buf[64u * 80u];
    size_t len = fuzz_u8(&f.in);
    if ((len & 0xc0u) == 0xc0u) {
        len = (len & 0x3fu) * 80u; /* up to twice the ring */
    }
    ULONG timeout = fuzz_u8(&f.in) % 8u == 0 ? 2u * SLICE : 0;
    size_t got;
    const uint8_t *p = fuzz_bytes(&f.in, len, &got);
    memcpy(buf, p, got);
    memset(buf + got, 'A', len - got);

    struct xencons_interface before = *xcons_ring;
    uint32_t prod0 = out_prod, seen0 = out_cons_seen;
    struct xen_pvcon_stats st = stats;
    bool valid = acceptable(before.out_cons, seen0, prod0);
    xen_err_t err = xen_pvcon_write(buf, len, timeout);
    FUZZ_CHECK(err == XE_OK || err == XE_TIMEOUT);

    uint32_t n = out_prod - prod0;
    FUZZ_CHECK(n <= len && n == stats.out_bytes - st.out_bytes);
    FUZZ_CHECK(n + (stats.out_dropped - st.out_dropped) == len);
    FUZZ_CHECK(err == XE_OK ? n == len : n < len);
    FUZZ_CHECK(out_cons_seen - seen0 <= out_prod - seen0);
    if (len > 0 && !valid) {
        FUZZ_CHECK(stats.peer_errors > st.peer_errors);
    }
    if (!f.hooked) {
        /* (A take inside may write the backend's stale index: only the honest one is known.) */
        if (valid && (f.honest || !xcons_be.consume)) {
            FUZZ_CHECK(stats.peer_errors == st.peer_errors);
        }
        /* Our bytes where they belong, nothing else of ours changed; the backend's fields are
         * its own (an honest take may move out_cons). */
        FUZZ_CHECK(memcmp(xcons_ring->in, before.in, IN_SIZE) == 0);
        FUZZ_CHECK(xcons_ring->in_cons == before.in_cons && xcons_ring->in_prod == before.in_prod);
        FUZZ_CHECK(n == 0 || xcons_ring->out_prod == out_prod);
        /* The page before, with the last ring's worth of our bytes laid over it at their
         * positions (a position holds the last byte written there), compared in one go. */
        char want[OUT_SIZE];
        memcpy(want, before.out, OUT_SIZE);
        uint32_t last = n < OUT_SIZE ? n : OUT_SIZE;
        for (uint32_t done = 0; done < last;) {
            uint32_t pos = (prod0 + n - last + done) & (OUT_SIZE - 1u);
            uint32_t run = OUT_SIZE - pos < last - done ? OUT_SIZE - pos : last - done;
            memcpy(want + pos, buf + (n - last + done), run);
            done += run;
        }
        FUZZ_CHECK(memcmp(xcons_ring->out, want, OUT_SIZE) == 0);
    }
    if (f.honest) {
        fifo_push(&f.to_be, buf, n);
    }
    check_backend_saw();
}

static void op_read(void)
{
    uint8_t buf[IN_SIZE + 16];
    size_t len = fuzz_u8(&f.in) % 64u + 1u;
    if (len > 60) {
        len = sizeof(buf);
    }
    ULONG timeout = fuzz_u8(&f.in) % 8u == 0 ? 2u * SLICE : 0;
    struct xencons_interface before = *xcons_ring;
    uint32_t cons0 = in_cons, seen0 = in_prod_seen;
    struct xen_pvcon_stats st = stats;
    bool valid = acceptable(before.in_prod, seen0, cons0 + IN_SIZE);
    size_t got = 12345;
    xen_err_t err = xen_pvcon_read(buf, len, &got, timeout);
    FUZZ_CHECK(err == XE_OK || err == XE_TIMEOUT);
    FUZZ_CHECK(err == XE_OK ? got >= 1 && got <= len : got == 0);
    FUZZ_CHECK(in_cons - cons0 == got && stats.in_bytes - st.in_bytes == got);
    FUZZ_CHECK(in_prod_seen - seen0 <= cons0 + IN_SIZE - seen0);
    FUZZ_CHECK(!valid ? stats.peer_errors > st.peer_errors : true);
    if (!f.hooked) {
        /* Without a notification inside, the bytes are those the page held. */
        for (size_t i = 0; i < got; i++) {
            FUZZ_CHECK(buf[i] == (uint8_t)before.in[(cons0 + i) & (IN_SIZE - 1u)]);
        }
        if (valid) {
            FUZZ_CHECK(stats.peer_errors == st.peer_errors);
        }
        FUZZ_CHECK(memcmp(xcons_ring->in, before.in, IN_SIZE) == 0);
        FUZZ_CHECK(memcmp(xcons_ring->out, before.out, OUT_SIZE) == 0);
        FUZZ_CHECK(xcons_ring->out_prod == before.out_prod &&
                   xcons_ring->in_prod == before.in_prod);
        FUZZ_CHECK(xcons_ring->in_cons == in_cons);
    }
    if (f.honest) {
        for (size_t i = 0; i < got; i++) {
            FUZZ_CHECK(buf[i] == fifo_pop(&f.to_us));
        }
    }
}

static void op_type(void)
{
    uint32_t room = IN_SIZE - (xcons_be.in_prod - xcons_ring->in_cons);
    size_t n = fuzz_u8(&f.in);
    size_t got;
    const uint8_t *p = fuzz_bytes(&f.in, n, &got);
    if (room > IN_SIZE) {
        room = 0; /* an honest backend does not type over what it thinks is unread */
    }
    got = got < room ? got : room;
    xcons_type((const char *)p, got);
    if (f.honest) {
        fifo_push(&f.to_us, p, got);
    }
}

static void hostile(uint8_t op)
{
    f.honest = false;
    if (op == 0) { /* any value in any index */
        *index_field(fuzz_u8(&f.in)) = fuzz_u32(&f.in);
    } else if (op == 1) { /* an index moved a little, either way */
        uint32_t *p = index_field(fuzz_u8(&f.in));
        *p += (uint32_t)(int32_t)(int8_t)fuzz_u8(&f.in);
    } else if (op == 2) { /* bytes anywhere in the data areas */
        uint32_t off = fuzz_u32(&f.in) % (IN_SIZE + OUT_SIZE);
        size_t n;
        const uint8_t *p = fuzz_bytes(&f.in, fuzz_u8(&f.in) % 32u, &n);
        for (size_t i = 0; i < n; i++) {
            uint32_t o = (off + (uint32_t)i) % (IN_SIZE + OUT_SIZE);
            if (o < IN_SIZE) {
                xcons_ring->in[o] = (char)p[i];
            } else {
                xcons_ring->out[o - IN_SIZE] = (char)p[i];
            }
        }
    } else { /* index writes at our next notifications, inside our operations */
        f.hooks = fuzz_u8(&f.in) % (HOOK_MAX + 1u);
        for (unsigned i = 0; i < f.hooks; i++) {
            f.hook_field[i] = fuzz_u8(&f.in);
            f.hook_value[i] = fuzz_u32(&f.in);
        }
    }
}

static void run_input(void *arg)
{
    (void)arg;
    layer_reset();
    xcons_reset();
    memset(&f.to_be, 0, sizeof(f.to_be));
    memset(&f.to_us, 0, sizeof(f.to_us));
    f.checked = 0;
    f.hooks = 0;
    uint8_t mode = fuzz_u8(&f.in);
    xcons_from_xen = (mode & 1u) == 0;
    xcons_be.consume = (mode & 2u) != 0;
    xcons_on_notify = on_notify;
    /* The page as Xen left it: the one time its indexes are taken as they are. */
    if (xcons_from_xen && (mode & 4u) != 0) {
        xcons_page.out_cons = fuzz_u32(&f.in);
        xcons_page.out_prod = fuzz_u32(&f.in);
        xcons_page.in_cons = fuzz_u32(&f.in);
        xcons_page.in_prod = fuzz_u32(&f.in);
    }
    FUZZ_CHECK(xen_pvcon_init(10) == XE_OK);
    initialised = true;
    FUZZ_CHECK(xcons_ring != NULL && (void *)ring == (void *)xcons_ring);
    FUZZ_CHECK(xcons_handler != NULL);
    check_state();
    if (!xcons_from_xen && (mode & 8u) != 0) {
        static const xen_err_t results[] = {XE_OK, XE_ACCES, XE_AGAIN, XE_IO};
        xen_err_t want = results[fuzz_u8(&f.in) % 4u];
        xcons_xs_result = want;
        xen_err_t err = xen_pvcon_publish(fuzz_u8(&f.in) % 64u);
        FUZZ_CHECK(err == want || (want != XE_IO && err == XE_TIMEOUT));
        FUZZ_CHECK(xen_pvcon_connected() == (err == XE_OK));
    }
    /* The backend starts from the accepted indexes: until it misbehaves, it is honest. */
    xcons_be.out_cons = out_cons_seen;
    xcons_be.in_prod = in_prod_seen;
    /* Bytes already in the ring at init are nobody's we know: honest only from empty rings. */
    f.honest = xcons_ring->out_cons == out_cons_seen && xcons_ring->in_prod == in_prod_seen &&
               out_prod == out_cons_seen && in_cons == in_prod_seen;

    for (unsigned steps = 0; f.in.n > 0 && steps < 256; steps++) {
        uint8_t op = fuzz_u8(&f.in) % 10u;
        struct xen_pvcon_stats st = stats;
        uint32_t prod0 = out_prod, seen_out0 = out_cons_seen, cons0 = in_cons,
                 seen_in0 = in_prod_seen;
        f.hooked = false;
        if (op < 4) {
            hostile(op);
        } else if (op == 4 || op == 5) {
            op_write();
        } else if (op == 6) {
            op_read();
        } else if (op == 7) {
            op_type();
        } else if (op == 8) {
            xcons_take();
            check_backend_saw();
        } else {
            behave_and_probe();
        }
        /* Forward only, within what was valid when the operation began (or made since). */
        FUZZ_CHECK(out_prod - prod0 <= 64u * 80u);
        FUZZ_CHECK(out_cons_seen - seen_out0 <= out_prod - seen_out0);
        FUZZ_CHECK(in_cons - cons0 <= in_prod_seen - cons0);
        FUZZ_CHECK(in_prod_seen - seen_in0 <= in_cons + IN_SIZE - seen_in0);
        check_state();
        check_stats(&st);
    }
    FUZZ_CHECK(xcons_bad_sends == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_quiet();
    f.in = (struct fuzz_in){data, size};
    fuzz_kernel_run(run_input, NULL);
    return 0;
}
