/*
 * tx_host.c - the host port: the unchanged kernel on Linux.
 *
 * Every ThreadX thread is a pthread; exactly one of them (or the idle loop, on the pthread that
 * called tx_kernel_enter) owns the simulated CPU at a time, the others wait on their own
 * semaphore. A switch is: the owner records the next owner, posts its semaphore and waits on
 * its own. The sem_post/sem_wait pair orders all memory accesses, so kernel state passes from
 * owner to owner without further locking.
 *
 * Interrupts: the tick is a signal (SIGUSR1) sent by a tick pthread to the owner. TX_DISABLE
 * blocks it in the calling pthread, so a masked owner is never interrupted. The handler is the
 * ISR: it raises _tx_thread_system_state, runs _tx_timer_interrupt, and at exit, if the core
 * chose another thread, parks the interrupted pthread inside the handler (its "saved context")
 * and dispatches the next one. A signal that reaches a pthread which stopped owning the CPU
 * meanwhile is left pending in a counter and handled by the next tick.
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
#include "tx_arch.h"
#include "tx_host.h"

#define HOST_TICK_SIGNAL SIGUSR1
/* Real stack of each thread's pthread (the ThreadX stack only holds a fake context frame). */
#define HOST_PTHREAD_STACK (512u * 1024u)
/* Bytes of the ThreadX stack the port marks as its initial context (seen by stack checking). */
#define HOST_CONTEXT_FRAME 64u

struct host_thread {
    pthread_t pthread;
    sem_t run;
    VOID (*shell)(VOID);
    volatile int dead;
};

static sem_t host_idle_run;
static pthread_t host_idle_pthread;
static volatile pthread_t host_owner; /* pthread owning the simulated CPU */
static int host_started;

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

UINT _tx_host_interrupt_disable(VOID)
{
    sigset_t set;
    sigset_t old;

    sigemptyset(&set);
    sigaddset(&set, HOST_TICK_SIGNAL);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    return sigismember(&old, HOST_TICK_SIGNAL) ? TX_INT_DISABLE : TX_INT_ENABLE;
}

VOID _tx_host_interrupt_restore(UINT posture)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, HOST_TICK_SIGNAL);
    pthread_sigmask((posture == TX_INT_ENABLE) ? SIG_UNBLOCK : SIG_BLOCK, &set, TX_NULL);
}

UINT _tx_arch_interrupt_control(UINT new_posture)
{
    UINT old = _tx_host_interrupt_disable();

    _tx_host_interrupt_restore(new_posture);
    return old;
}

/* Trace time stamps: CLOCK_MONOTONIC in ns (arch/counter.h), low 32 bits (wraps every 4.3 s). */
ULONG _tx_arch_trace_time(VOID)
{
    return (ULONG)(arch_counter_now() & 0xFFFFFFFFu);
}

/* Wait until dispatched (or told to die). Interrupts are disabled. */
static void host_wait(struct host_thread *self)
{
    while (sem_wait(&self->run) != 0) {
        if (errno != EINTR) {
            host_fatal("sem_wait failed");
        }
    }
    if (self->dead) {
        /* Deleted or reset: this pthread is no longer the thread's. Touch no kernel state. */
        pthread_mutex_lock(&host_signal_lock);
        sem_destroy(&self->run);
        free(self);
        pthread_mutex_unlock(&host_signal_lock);
        pthread_exit(TX_NULL);
    }
}

/* The owner gives the CPU to _tx_thread_execute_ptr (or idle). Returns at once. */
static void host_dispatch_next(void)
{
    TX_THREAD *next = _tx_thread_execute_ptr;
    struct host_thread *h;

    _tx_thread_switch_note(_tx_thread_current_ptr, next);
    if (next != TX_NULL) {
        h = (struct host_thread *)next->tx_thread_host;
        host_owner = h->pthread;
        sem_post(&h->run);
    } else {
        host_owner = host_idle_pthread;
        sem_post(&host_idle_run);
    }
}

VOID _tx_arch_thread_system_return(VOID)
{
    TX_THREAD *self = _tx_thread_current_ptr;
    struct host_thread *h;

    if ((self == TX_NULL) || (self == _tx_thread_execute_ptr)) {
        return;
    }
    /* Read before the hand-over: from then on the next owner may delete `self`. */
    h = (struct host_thread *)self->tx_thread_host;
    host_dispatch_next();
    host_wait(h);
}

/* End of an ISR (interrupts disabled, nesting already decremented): switch if the core chose
 * another thread. The interrupted pthread waits right here until dispatched again. */
static void host_isr_exit(void)
{
    TX_THREAD *self = _tx_thread_current_ptr;
    struct host_thread *h;

    if ((_tx_thread_system_state != 0) || (_tx_thread_preempt_disable != 0) || (self == TX_NULL) ||
        (self == _tx_thread_execute_ptr)) {
        return;
    }
    h = (struct host_thread *)self->tx_thread_host;
    host_dispatch_next();
    host_wait(h);
}

static void host_tick_handler(int signo)
{
    int saved_errno = errno;
    unsigned int ticks;

    (void)signo;
    if (!pthread_equal(host_owner, pthread_self())) {
        errno = saved_errno;
        return;
    }
    ticks = atomic_exchange(&host_ticks_pending, 0u);
    if (ticks != 0) {
        _tx_thread_system_state++;
        while (ticks-- != 0) {
            _tx_timer_interrupt();
        }
        _tx_thread_system_state--;
        host_isr_exit();
    }
    errno = saved_errno;
}

static void *host_tick_main(void *arg)
{
    struct timespec next;
    sigset_t set;

    (void)arg;
    sigemptyset(&set);
    sigaddset(&set, HOST_TICK_SIGNAL);
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
        pthread_kill(host_owner, HOST_TICK_SIGNAL);
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
    /* The tick pthread must never take the signal itself. */
    sigemptyset(&set);
    sigaddset(&set, HOST_TICK_SIGNAL);
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
        _tx_thread_system_state++;
        _tx_timer_interrupt();
        _tx_thread_system_state--;
        host_isr_exit();
        TX_RESTORE
    }
}

VOID tx_host_isr_run(VOID (*isr)(VOID *arg), VOID *arg)
{
    TX_INTERRUPT_SAVE_AREA

    host_require_thread("tx_host_isr_run");
    TX_DISABLE
    _tx_thread_system_state++;
    isr(arg);
    _tx_thread_system_state--;
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
    /* First dispatch: the shell runs with interrupts enabled (tx_arch.h). */
    _tx_host_interrupt_restore(TX_INT_ENABLE);
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

    sigemptyset(&set);
    sigaddset(&set, HOST_TICK_SIGNAL);
    pthread_sigmask(SIG_BLOCK, &set, &old); /* the new pthread starts with the tick masked */
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

/* The idle loop runs on the pthread that called tx_kernel_enter. */
VOID _tx_arch_schedule(VOID)
{
    struct sigaction action;
    TX_THREAD *next;
    struct host_thread *h;

    host_idle_pthread = pthread_self();
    host_owner = host_idle_pthread;
    if (sem_init(&host_idle_run, 0, 0) != 0) {
        host_fatal("sem_init failed");
    }
    memset(&action, 0, sizeof(action));
    action.sa_handler = host_tick_handler;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, HOST_TICK_SIGNAL);
    action.sa_flags = SA_RESTART;
    sigaction(HOST_TICK_SIGNAL, &action, TX_NULL);
    host_started = 1;
    host_tick_start();

    for (;;) {
        if (_tx_thread_execute_ptr == TX_NULL) {
            host_idle_periods++;
        }
        while (_tx_thread_execute_ptr == TX_NULL) {
            if (host_tick_rate == 0) {
                /* Virtual time: jump to the next thing due. */
                ULONG ticks = _tx_timer_ticks_to_next();

                if (ticks == TX_WAIT_FOREVER) {
                    host_fatal("deadlock: every thread is suspended and no timer is active");
                }
                _tx_thread_system_state++;
                _tx_timer_ticks_elapsed(ticks);
                _tx_thread_system_state--;
            } else {
                sigset_t none;

                sigemptyset(&none);
                sigsuspend(&none); /* the tick handler runs in here */
            }
        }
        next = _tx_thread_execute_ptr;
        _tx_thread_switch_note(TX_NULL, next);
        h = (struct host_thread *)next->tx_thread_host;
        host_owner = h->pthread;
        sem_post(&h->run);
        while (sem_wait(&host_idle_run) != 0) {
        }
    }
}
