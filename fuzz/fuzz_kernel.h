/*
 * fuzz_kernel.h - the real kernel on the host port under a libFuzzer target, for code that calls
 * kernel services (waits, mutexes, threads): fuzz_kernel_run(fn, arg) runs fn(arg) in one
 * ThreadX thread (priority FUZZ_RUNNER_PRIORITY) and returns when fn returns.
 *
 * The kernel enters on a pthread of its own at the first call (after libFuzzer has installed its
 * signal handlers: the port's tick signal then stays the port's), in deterministic mode: no tick
 * comes by itself and, when every thread waits, time jumps to the next timeout, so a wait of
 * seconds costs a few context switches and a run is the same for the same input.
 */
#ifndef FUZZ_KERNEL_H
#define FUZZ_KERNEL_H

#include "tx_api.h"

#define FUZZ_RUNNER_PRIORITY 16u

void fuzz_kernel_run(void (*fn)(void *arg), void *arg);

#endif /* FUZZ_KERNEL_H */
