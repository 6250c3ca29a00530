/*
 * counter.h - the host port's free-running counter (arch/aarch64/include/arch/counter.h is the
 * reference): CLOCK_MONOTONIC in nanoseconds, so its frequency is 1 GHz. The "physical" count
 * is the same clock.
 */
#ifndef ARCH_COUNTER_H
#define ARCH_COUNTER_H

#include <stdint.h>
#include <time.h>

static inline uint64_t arch_counter_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline uint64_t arch_counter_phys_now(void)
{
    return arch_counter_now();
}

static inline uint64_t arch_counter_freq(void)
{
    return 1000000000u;
}

static inline uint64_t arch_counter_to_us(uint64_t counts)
{
    return counts / 1000u;
}

static inline uint64_t arch_counter_to_ns(uint64_t counts)
{
    return counts;
}

#endif /* ARCH_COUNTER_H */
