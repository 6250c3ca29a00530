/*
 * smp_model.c - the SMP scheduling invariant, recomputed independently of the kernel from the
 * ready threads alone. Used by the host port's test (test_smp.c) and by the AArch64 image that
 * checks the same on Xen's vCPUs (kernel/tests/smp-sched).
 *
 * Under the kernel lock: taking every ready thread in order of key (a holder's -
 * a thread on a core, or stacked as preempted above its threshold - is its preemption threshold,
 * anyone else's its priority), holders first on ties, then priority, then ready-list (FIFO)
 * order, a thread is admitted when its priority is better than every admitted threshold in
 * force, it has no threshold in force over an admitted thread's priority, and the admitted
 * threads can still be matched to distinct allowed cores (brute force). The admitted set must be
 * exactly the set of chosen threads (_tx_thread_execute_ptr[0 .. N-1]), each on a core it may
 * run on.
 */
#include <stdio.h>

#define TX_THREAD_SMP_SOURCE_CODE
#include "tx_arch.h"
#include "tx_internal.h"

#include "smp_model.h"

struct cand {
    TX_THREAD *t;
    UINT key;
    UINT holder;
    UINT priority;
    UINT fifo;
};

static UINT is_chosen(TX_THREAD *t, UINT cores)
{
    UINT c;

    for (c = 0; c < cores; c++) {
        if (_tx_thread_execute_ptr[c] == t) {
            return 1;
        }
    }
    return 0;
}

static UINT fifo_position(TX_THREAD *t)
{
    TX_THREAD *walk = _tx_thread_priority_list[t->tx_thread_priority];
    UINT n = 0;

    while ((walk != t) && (n < 1000u)) {
        walk = walk->tx_thread_ready_next;
        n++;
    }
    return n;
}

static int cand_before(const struct cand *a, const struct cand *b)
{
    if (a->key != b->key) {
        return a->key < b->key;
    }
    if (a->holder != b->holder) {
        return a->holder > b->holder;
    }
    if (a->priority != b->priority) {
        return a->priority < b->priority;
    }
    return a->fifo < b->fifo;
}

/* Can threads set[0..n-1] be put on distinct cores among `cores`, within their exclusions? */
static int matchable(TX_THREAD **set, UINT n, UINT cores, ULONG used)
{
    UINT c;

    if (n == 0u) {
        return 1;
    }
    for (c = 0; c < cores; c++) {
        if (((used & (1ul << c)) == 0u) &&
            ((set[n - 1u]->tx_thread_smp_cores_allowed & (1ul << c)) != 0u) &&
            matchable(set, n - 1u, cores, used | (1ul << c))) {
            return 1;
        }
    }
    return 0;
}

int smp_model_verify(char *failure, size_t failure_size)
{
    struct cand cands[64];
    TX_THREAD *admitted[TX_THREAD_SMP_MAX_CORES + 1];
    UINT n = 0;
    UINT na = 0;
    UINT cores = _tx_thread_smp_max_cores;
    UINT cutoff = TX_MAX_PRIORITIES;
    UINT lowest = 0;
    TX_THREAD *walk = _tx_thread_created_ptr;
    ULONG i;
    UINT c;
    UINT j;

    for (c = 0; c < cores; c++) {
        TX_THREAD *t = _tx_thread_execute_ptr[c];
        if (t == TX_NULL) {
            continue;
        }
        if (t->tx_thread_state != TX_READY) {
            snprintf(failure, failure_size, "core %u: '%s' is not ready", c, t->tx_thread_name);
            return 0;
        }
        if ((t->tx_thread_smp_cores_allowed & (1ul << c)) == 0u) {
            snprintf(failure, failure_size, "core %u: '%s' is excluded from it", c,
                     t->tx_thread_name);
            return 0;
        }
        for (j = 0; j < c; j++) {
            if (_tx_thread_execute_ptr[j] == t) {
                snprintf(failure, failure_size, "'%s' on cores %u and %u", t->tx_thread_name, j, c);
                return 0;
            }
        }
    }
    for (c = cores; c < TX_THREAD_SMP_MAX_CORES; c++) {
        if (_tx_thread_execute_ptr[c] != TX_NULL) {
            snprintf(failure, failure_size, "core %u is not in use but has a thread", c);
            return 0;
        }
    }
    for (i = 0; i < _tx_thread_created_count; i++, walk = walk->tx_thread_created_next) {
        struct cand x;
        UINT k;

        if (walk->tx_thread_state != TX_READY) {
            continue;
        }
        x.t = walk;
        x.holder = (is_chosen(walk, cores) || (walk->tx_thread_preempted != TX_FALSE)) ? 1u : 0u;
        x.priority = walk->tx_thread_priority;
        x.key = x.holder ? walk->tx_thread_preempt_threshold : x.priority;
        x.fifo = fifo_position(walk);
        /* Insertion sort. */
        for (k = n; (k > 0u) && cand_before(&x, &cands[k - 1u]); k--) {
            cands[k] = cands[k - 1u];
        }
        cands[k] = x;
        n++;
    }
    for (i = 0; (i < n) && (na < cores); i++) {
        TX_THREAD *t = cands[i].t;
        UINT real = t->tx_thread_preempt_threshold < t->tx_thread_priority;

        if (t->tx_thread_priority >= cutoff) {
            continue;
        }
        if (real && (na != 0u) && (lowest >= t->tx_thread_preempt_threshold)) {
            continue;
        }
        admitted[na] = t;
        if (!matchable(admitted, na + 1u, cores, 0)) {
            continue;
        }
        na++;
        if ((na == 1u) || (t->tx_thread_priority > lowest)) {
            lowest = t->tx_thread_priority;
        }
        if (real && (t->tx_thread_preempt_threshold < cutoff)) {
            cutoff = t->tx_thread_preempt_threshold;
        }
    }
    for (j = 0; j < na; j++) {
        if (!is_chosen(admitted[j], cores)) {
            snprintf(failure, failure_size,
                     "'%s' (priority %u, threshold %u, excluded 0x%x) should run but does not",
                     admitted[j]->tx_thread_name, admitted[j]->tx_thread_priority,
                     admitted[j]->tx_thread_preempt_threshold,
                     admitted[j]->tx_thread_smp_cores_excluded);
            return 0;
        }
    }
    for (c = 0; c < cores; c++) {
        TX_THREAD *t = _tx_thread_execute_ptr[c];
        int found = (t == TX_NULL);

        for (j = 0; j < na; j++) {
            found |= (admitted[j] == t);
        }
        if (!found) {
            snprintf(failure, failure_size,
                     "core %u runs '%s' (priority %u) though it is not among the best", c,
                     t->tx_thread_name, t->tx_thread_priority);
            return 0;
        }
    }
    return 1;
}
