/* hello - the smallest xenrtos application (README.md, "Writing an application"): one thread
 * that prints the tick count once a second. Plain ThreadX code. */
#include <stdio.h>

#include "tx_api.h"

static TX_THREAD worker;
static UCHAR worker_stack[4096];

static VOID worker_entry(ULONG input)
{
    (void)input;
    for (;;) {
        printf("hello: tick %lu\n", (unsigned long)tx_time_get());
        tx_thread_sleep(TX_TIMER_TICKS_PER_SECOND);
    }
}

VOID tx_application_define(VOID *first_unused_memory)
{
    (void)first_unused_memory;
    tx_thread_create(&worker, "worker", worker_entry, 0, worker_stack, sizeof(worker_stack), 10, 10,
                     TX_NO_TIME_SLICE, TX_AUTO_START);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
