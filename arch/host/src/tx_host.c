/*
 * tx_host.c - the host port: the unchanged kernel on Linux, on 1 .. TX_THREAD_SMP_MAX_CORES
 * simulated cores.
 *
 * Every ThreadX thread is a pthread; on each core exactly one pthread (a thread's, or the core's
 * idle pthread) owns the simulated CPU at a time, the others wait on their own semaphore. Core 0's
 * idle loop runs on the pthread that called tx_kernel_enter, the other cores' on pthreads of
 * their own. A switch on core k is: the owner records the next owner, posts its semaphore and
 * waits on its own. The sem_post/sem_wait pair orders all memory accesses, and the kernel lock
 * (tx_arch.h; a no-op while one core is in use) passes with the CPU: a dispatched thread
 * inherits it at depth 1, a core going idle drops it.
 *
 * Interrupts: the tick is a signal (SIGUSR1) sent by a tick pthread to core 0's owner; another
 * core is preempted (_tx_arch_core_preempt) with SIGUSR2, or by posting its idle semaphore when
 * it idles. TX_DISABLE blocks both signals in the calling pthread (and takes the kernel lock), so
 * a masked owner is never interrupted. A handler is the ISR: it raises the core's
 * _tx_thread_system_state, does its work, and at exit, if the core chose another thread, parks
 * the interrupted pthread inside the handler (its "saved context") and dispatches the next one.
 * A tick that reaches a pthread which stopped owning a core meanwhile is left pending in a
 * counter and handled by the next tick.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arch/counter.h"
#define TX_THREAD_SMP_SOURCE_CODE
#include "tx_arch.h"
#include "tx_host.h"

#define HOST_TICK_SIGNAL SIGUSR1
#define HOST_IPI_SIGNAL  SIGUSR2
#define HOST_NO_CORE     ((UINT)TX_THREAD_SMP_MAX_CORES)
/* Real stack of each thread's pthread (the ThreadX stack only holds a fake context frame). */
#define HOST_PTHREAD_STACK (512u * 1024u)
/* Bytes of the ThreadX stack the port marks as its initial context (seen by stack checking). */
#define HOST_CONTEXT_FRAME 64u

struct host_thread {
    pthread_t pthread;
    sem_t run;
    VOID (*shell)(VOID);
    volatile int dead;
    volatile UINT core; /* the core it is dispatched on (set by the dispatcher) */
};

struct host_core {
    volatile pthread_t owner; /* pthread owning this core's simulated CPU */
    pthread_t idle_pthread;
    sem_t idle_run;
};

static struct host_core host_cores[TX_THREAD_SMP_MAX_CORES];
static int host_started;
__thread UINT _tx_host_core;

static volatile ULONG host_tick_rate = TX_TIMER_TICKS_PER_SECOND;
static atomic_uint host_ticks_pending;
static pthread_t host_tick_pthread;
static atomic_int host_tick_running;
/* Held by the tick pthread around "read owner, signal it" and by a dying pthread before it
 * exits, so the tick pthread never signals a pthread that no longer exists. */
static pthread_mutex_t host_signal_lock = PTHREAD_MUTEX_INITIALIZER;
static ULONG host_idle_periods;

/* What tx_application_define gets as first_unused_memory (a real port passes the RAM after
 * its image). Set before main() so tx_kernel_enter finds it. */
static ALIGN_TYPE host_free_memory[TX_HOST_FREE_MEMORY_SIZE / sizeof(ALIGN_TYPE)];

__attribute__((constructor)) static void host_set_unused_memory(void)
{
    _tx_initialize_unused_memory = host_free_memory;
}

static void host_fatal(const char *what)
{
    fprintf(stderr, "tx_host: %s\n", what);
    fflush(stderr);
    _exit(70);
}

static void host_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, HOST_TICK_SIGNAL);
    sigaddset(set, HOST_IPI_SIGNAL);
}

/* Mask / set the calling pthread's "interrupts"; returns the previous posture. */
static UINT host_mask(void)
{
    sigset_t set;
    sigset_t old;

    host_signals(&set);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    return sigismember(&old, HOST_TICK_SIGNAL) ? TX_INT_DISABLE : TX_INT_ENABLE;
}

static void host_posture_set(UINT posture)
{
    sigset_t set;

    host_signals(&set);
    pthread_sigmask((posture == TX_INT_ENABLE) ? SIG_UNBLOCK : SIG_BLOCK, &set, TX_NULL);
}

UINT _tx_host_interrupt_disable(VOID)
{
    UINT posture = host_mask();

    TX_THREAD_SMP_LOCK();
    return posture;
}

VOID _tx_host_interrupt_restore(UINT posture)
{
    TX_THREAD_SMP_UNLOCK();
    host_posture_set(posture);
}

UINT _tx_arch_interrupt_control(UINT new_posture)
{
    UINT old = host_mask();

    host_posture_set(new_posture);
    return old;
}

UINT _tx_arch_core_id(VOID)
{
    return _tx_host_core;
}

VOID _tx_host_spin_wait(VOID)
{
    sched_yield();
}

/* Kernel lock held. */
VOID _tx_arch_core_preempt(UINT core)
{
    struct host_core *c = &host_cores[core];

    if (!host_started) {
        return;
    }
    if (pthread_equal(c->owner, c->idle_pthread)) {
        sem_post(&c->idle_run);
    } else {
        pthread_kill(c->owner, HOST_IPI_SIGNAL);
    }
}

/* Trace time stamps: CLOCK_MONOTONIC in ns (arch/counter.h), low 32 bits (wraps every 4.3 s). */
ULONG _tx_arch_trace_time(VOID)
{
    return (ULONG)(arch_counter_now() & 0xFFFFFFFFu);
}

static void host_sem_wait(sem_t *sem)
{
    while (sem_wait(sem) != 0) {
        if (errno != EINTR) {
            host_fatal("sem_wait failed");
        }
    }
}

/* Wait until dispatched (or told to die). Interrupts are disabled. On return the pthread runs
 * the core it was dispatched on, holding the kernel lock at depth 1. */
static void host_wait(struct host_thread *self)
{
    host_sem_wait(&self->run);
    if (self->dead) {
        /* Deleted or reset: this pthread is no longer the thread's. Touch no kernel state. */
        pthread_mutex_lock(&host_signal_lock);
        sem_destroy(&self->run);
        free(self);
        pthread_mutex_unlock(&host_signal_lock);
        pthread_exit(TX_NULL);
    }
    _tx_host_core = self->core;
}

/* The owner of core k gives it to _tx_thread_execute_ptr[k] (or idle). Kernel lock held at
 * depth 1: it passes to the next thread, or is dropped when the core idles. Returns at once. */
static void host_dispatch_next(UINT k)
{
    TX_THREAD *next = _tx_thread_execute_ptr[k];
    struct host_core *core = &host_cores[k];
    struct host_thread *h;

    if ((next != TX_NULL) && (next->tx_thread_smp_core_executing != HOST_NO_CORE)) {
        /* Still on another core's CPU: idle until its switch-out preempts us. */
        next = TX_NULL;
    }
    _tx_thread_switch_note(_tx_thread_current_ptr[k], next);
    if (next != TX_NULL) {
        h = (struct host_thread *)next->tx_thread_host;
        h->core = k;
        core->owner = h->pthread;
        sem_post(&h->run);
    } else {
        core->owner = core->idle_pthread;
        _tx_thread_smp_unlock();
        sem_post(&core->idle_run);
    }
}

VOID _tx_arch_thread_system_return(VOID)
{
    UINT k = _tx_host_core;
    TX_THREAD *self = _tx_thread_current_ptr[k];
    struct host_thread *h;

    if ((self == TX_NULL) || (self == _tx_thread_execute_ptr[k])) {
        return;
    }
    /* Read before the hand-over: from then on the next owner may delete `self`. */
    h = (struct host_thread *)self->tx_thread_host;
    host_dispatch_next(k);
    host_wait(h);
}

/* End of an ISR (interrupts disabled, nesting already decremented): switch if the core chose
 * another thread. The interrupted pthread waits right here until dispatched again (maybe on
 * another core). */
static void host_isr_exit(void)
{
    UINT k = _tx_host_core;
    TX_THREAD *self;
    struct host_thread *h;
    UINT depth;

    _tx_thread_smp_lock();
    self = _tx_thread_current_ptr[k];
    if ((_tx_thread_system_state[k] == 0) && (_tx_thread_preempt_disable[k] == 0) &&
        (self != TX_NULL) && (self != _tx_thread_execute_ptr[k])) {
        h = (struct host_thread *)self->tx_thread_host;
        depth = _tx_thread_smp_lock_save();
        host_dispatch_next(k);
        host_wait(h);
        _tx_thread_smp_lock_restore(depth);
    } else if ((self == TX_NULL) && pthread_equal(host_cores[k].idle_pthread, pthread_self())) {
        /* Interrupted the idle loop: let it look again. */
        sem_post(&host_cores[k].idle_run);
    }
    _tx_thread_smp_unlock();
}

/* Whether the calling pthread owns the core it believes it runs. */
static int host_owns_core(void)
{
    UINT k = _tx_host_core;

    return (k < TX_THREAD_SMP_MAX_CORES) && pthread_equal(host_cores[k].owner, pthread_self());
}

static void host_tick_handler(int signo)
{
    int saved_errno = errno;
    unsigned int ticks;

    (void)signo;
    if (!host_owns_core()) {
        errno = saved_errno;
        return;
    }
    ticks = atomic_exchange(&host_ticks_pending, 0u);
    if (ticks != 0) {
        UINT k = _tx_host_core;

        _tx_thread_system_state[k]++;
        while (ticks-- != 0) {
            _tx_timer_interrupt();
        }
        _tx_thread_system_state[k]--;
        host_isr_exit();
    }
    errno = saved_errno;
}

/* Another core preempted this one. */
static void host_ipi_handler(int signo)
{
    int saved_errno = errno;
    UINT k = _tx_host_core;

    (void)signo;
    if (host_owns_core()) {
        _tx_thread_system_state[k]++;
        _tx_thread_smp_core_interrupt();
        _tx_thread_system_state[k]--;
        host_isr_exit();
    }
    errno = saved_errno;
}

static void *host_tick_main(void *arg)
{
    struct timespec next;
    sigset_t set;

    (void)arg;
    host_signals(&set);
    pthread_sigmask(SIG_BLOCK, &set, TX_NULL);
    clock_gettime(CLOCK_MONOTONIC, &next);
    while (atomic_load(&host_tick_running)) {
        long period = 1000000000L / (long)host_tick_rate;

        next.tv_nsec += period;
        while (next.tv_nsec >= 1000000000L) {
            next.tv_nsec -= 1000000000L;
            next.tv_sec++;
        }
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, TX_NULL) == EINTR) {
        }
        atomic_fetch_add(&host_ticks_pending, 1u);
        pthread_mutex_lock(&host_signal_lock);
        pthread_kill(host_cores[0].owner, HOST_TICK_SIGNAL);
        pthread_mutex_unlock(&host_signal_lock);
    }
    return TX_NULL;
}

static void host_tick_stop(void)
{
    if (atomic_exchange(&host_tick_running, 0)) {
        pthread_join(host_tick_pthread, TX_NULL);
    }
    atomic_store(&host_ticks_pending, 0u);
}

static void host_tick_start(void)
{
    sigset_t set;
    sigset_t old;

    if ((host_tick_rate == 0) || atomic_load(&host_tick_running)) {
        return;
    }
    atomic_store(&host_tick_running, 1);
    /* The tick pthread must never take the signals itself. */
    host_signals(&set);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    if (pthread_create(&host_tick_pthread, TX_NULL, host_tick_main, TX_NULL) != 0) {
        host_fatal("cannot create the tick pthread");
    }
    pthread_sigmask(SIG_SETMASK, &old, TX_NULL);
}

VOID tx_host_tick_config(ULONG ticks_per_second)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    host_tick_stop();
    host_tick_rate = ticks_per_second;
    if (host_started) {
        host_tick_start();
    }
    TX_RESTORE
}

ULONG tx_host_tick_rate(VOID)
{
    return host_tick_rate;
}

ULONG tx_host_idle_count(VOID)
{
    return host_idle_periods;
}

static void host_require_thread(const char *what)
{
    if (!TX_IN_THREAD()) {
        fprintf(stderr, "tx_host: %s called outside a thread\n", what);
        abort();
    }
}

VOID tx_host_ticks_advance(ULONG ticks)
{
    TX_INTERRUPT_SAVE_AREA

    host_require_thread("tx_host_ticks_advance");
    while (ticks-- != 0) {
        TX_DISABLE
        _tx_thread_system_state[_tx_host_core]++;
        _tx_timer_interrupt();
        _tx_thread_system_state[_tx_host_core]--;
        host_isr_exit();
        TX_RESTORE
    }
}

VOID tx_host_isr_run(VOID (*isr)(VOID *arg), VOID *arg)
{
    TX_INTERRUPT_SAVE_AREA

    host_require_thread("tx_host_isr_run");
    TX_DISABLE
    _tx_thread_system_state[_tx_host_core]++;
    isr(arg);
    _tx_thread_system_state[_tx_host_core]--;
    host_isr_exit();
    TX_RESTORE
}

int tx_host_printf(const char *format, ...)
{
    TX_INTERRUPT_SAVE_AREA
    va_list ap;
    int n;

    TX_DISABLE
    va_start(ap, format);
    n = vprintf(format, ap);
    va_end(ap);
    fflush(stdout);
    TX_RESTORE
    return n;
}

static void *host_thread_main(void *arg)
{
    struct host_thread *self = (struct host_thread *)arg;

    host_wait(self);
    /* First dispatch: the shell runs with interrupts enabled, without the lock (tx_arch.h). */
    _tx_thread_smp_unlock();
    host_posture_set(TX_INT_ENABLE);
    self->shell();
    host_fatal("thread shell returned");
    return TX_NULL;
}

static void host_retire(struct host_thread *h)
{
    if (h != TX_NULL) {
        h->dead = 1;
        sem_post(&h->run);
    }
}

VOID _tx_arch_thread_stack_build(TX_THREAD *thread, VOID (*shell)(VOID))
{
    struct host_thread *h = calloc(1, sizeof(*h));
    pthread_attr_t attr;
    UCHAR *top = (UCHAR *)thread->tx_thread_stack_end + 1;
    UCHAR *frame = (UCHAR *)((ALIGN_TYPE)(top - HOST_CONTEXT_FRAME) & ~(ALIGN_TYPE)15u);
    sigset_t set;
    sigset_t old;

    if (h == TX_NULL) {
        host_fatal("out of memory for a thread");
    }
    /* tx_thread_reset: the previous pthread of this thread goes away. */
    host_retire((struct host_thread *)thread->tx_thread_host);
    h->shell = shell;
    if (sem_init(&h->run, 0, 0) != 0) {
        host_fatal("sem_init failed");
    }
    thread->tx_thread_host = h;

    /* A fake initial context frame at the top of the ThreadX stack: what the stack pointer of a
     * real port would cover. Below a tiny stack, use what there is. */
    if (frame < (UCHAR *)thread->tx_thread_stack_start) {
        frame = (UCHAR *)thread->tx_thread_stack_start;
    }
    memset(frame, 0, (size_t)(top - frame));
    thread->tx_thread_stack_ptr = frame;

    host_signals(&set);
    pthread_sigmask(SIG_BLOCK, &set, &old); /* the new pthread starts with interrupts masked */
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, HOST_PTHREAD_STACK);
    if (pthread_create(&h->pthread, &attr, host_thread_main, h) != 0) {
        host_fatal("pthread_create failed (too many threads?)");
    }
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, TX_NULL);
}

VOID _tx_host_thread_delete(TX_THREAD *thread_ptr)
{
    host_retire((struct host_thread *)thread_ptr->tx_thread_host);
    thread_ptr->tx_thread_host = TX_NULL;
}

/* Core k's idle loop (interrupts masked). Only cores in use look for work; when every core in
 * use idles in virtual time, the first to notice jumps to the next thing due. */
static void host_idle_loop(UINT k)
{
    struct host_core *core = &host_cores[k];
    TX_THREAD *next;
    struct host_thread *h;
    int count_idle = 1;

    _tx_host_core = k;
    for (;;) {
        _tx_thread_smp_lock();
        /* A stale post may wake us while a thread owns the core: then touch nothing. */
        if ((k < _tx_thread_smp_max_cores) && pthread_equal(core->owner, pthread_self())) {
            if (_tx_thread_smp_max_cores > 1u) {
                /* A preemption while idle comes as a post: take it as the interrupt it is. */
                _tx_thread_system_state[k]++;
                _tx_thread_smp_core_interrupt();
                _tx_thread_system_state[k]--;
            }
            next = _tx_thread_execute_ptr[k];
            if ((next != TX_NULL) && (next->tx_thread_smp_core_executing == HOST_NO_CORE)) {
                _tx_thread_switch_note(TX_NULL, next);
                h = (struct host_thread *)next->tx_thread_host;
                h->core = k;
                core->owner = h->pthread;
                sem_post(&h->run); /* the lock goes with it */
                host_sem_wait(&core->idle_run);
                _tx_host_core = k;
                count_idle = 1;
                continue;
            }
            if ((next == TX_NULL) && (k == 0u) && count_idle) {
                host_idle_periods++;
                count_idle = 0;
            }
            if ((host_tick_rate == 0) && (next == TX_NULL)) {
                UINT c;
                int all_idle = 1;

                for (c = 0; c < _tx_thread_smp_max_cores; c++) {
                    if ((_tx_thread_execute_ptr[c] != TX_NULL) ||
                        (_tx_thread_current_ptr[c] != TX_NULL)) {
                        all_idle = 0;
                    }
                }
                if (all_idle) {
                    /* Virtual time: jump to the next thing due. */
                    ULONG ticks = _tx_timer_ticks_to_next();

                    if (ticks == TX_WAIT_FOREVER) {
                        host_fatal("deadlock: every thread is suspended and no timer is active");
                    }
                    _tx_thread_system_state[k]++;
                    _tx_timer_ticks_elapsed(ticks);
                    _tx_thread_system_state[k]--;
                    _tx_thread_smp_unlock();
                    continue;
                }
            }
        }
        _tx_thread_smp_unlock();
        /* Interruptible wait: the handlers run in here (and post idle_run if they readied us). */
        host_posture_set(TX_INT_ENABLE);
        while (sem_wait(&core->idle_run) != 0) {
            if (errno != EINTR) {
                host_fatal("sem_wait failed");
            }
            if (host_tick_rate != 0) {
                break;
            }
        }
        (void)host_mask();
    }
}

static void *host_core_main(void *arg)
{
    host_idle_loop((UINT)(uintptr_t)arg);
    return TX_NULL;
}

UINT tx_host_cores_set(UINT count)
{
    UINT status;
    UINT c;

    host_require_thread("tx_host_cores_set");
    status = _tx_thread_smp_max_cores_set(count);
    if (status != TX_SUCCESS) {
        return status;
    }
    /* The cores given up finish their switch to idle. */
    for (c = count; c < TX_THREAD_SMP_MAX_CORES; c++) {
        while (_tx_thread_current_ptr[c] != TX_NULL) {
            sched_yield();
        }
    }
    return TX_SUCCESS;
}

UINT tx_host_cores(VOID)
{
    return _tx_thread_smp_max_cores;
}

/* Core 0's idle loop runs on the pthread that called tx_kernel_enter. */
VOID _tx_arch_schedule(VOID)
{
    struct sigaction action;
    UINT k;

    for (k = 0; k < TX_THREAD_SMP_MAX_CORES; k++) {
        if (sem_init(&host_cores[k].idle_run, 0, 0) != 0) {
            host_fatal("sem_init failed");
        }
    }
    host_cores[0].idle_pthread = pthread_self();
    host_cores[0].owner = host_cores[0].idle_pthread;
    memset(&action, 0, sizeof(action));
    action.sa_handler = host_tick_handler;
    host_signals(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(HOST_TICK_SIGNAL, &action, TX_NULL);
    action.sa_handler = host_ipi_handler;
    sigaction(HOST_IPI_SIGNAL, &action, TX_NULL);
    (void)host_mask();
    for (k = 1; k < TX_THREAD_SMP_MAX_CORES; k++) {
        pthread_attr_t attr;

        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&host_cores[k].idle_pthread, &attr, host_core_main,
                           (void *)(uintptr_t)k) != 0) {
            host_fatal("cannot create a core's pthread");
        }
        pthread_attr_destroy(&attr);
        host_cores[k].owner = host_cores[k].idle_pthread;
    }
    host_started = 1;
    host_tick_start();
    host_idle_loop(0);
}
