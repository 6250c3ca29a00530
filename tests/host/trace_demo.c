/*
 * trace_demo.c - records the demo (apps/demo) on the host port for docs/: the kernel built with
 * TX_ENABLE_EVENT_TRACE, the port's periodic tick, tracing from tx_application_define on, two
 * ticks of the demo, then the buffer written to argv[1] (a .trx). `make host-trace-demo`.
 */
#include <stdio.h>
#include <stdlib.h>

#include "demo.h"
#include "tx_api.h"
#include "tx_host.h"

/* Sized for a couple of ticks of the demo: the picture in docs/ stays readable. */
static ULONG trace_buffer[64 * 1024 / sizeof(ULONG)];
static TX_THREAD recorder;
static ULONG recorder_stack[2048];
static const char *out_path;

static void recorder_entry(ULONG input)
{
    (void)input;
    tx_thread_sleep(2);
    tx_trace_disable();
    FILE *f = fopen(out_path, "wb");
    if (f == NULL || fwrite(trace_buffer, 1, sizeof(trace_buffer), f) != sizeof(trace_buffer)) {
        perror(out_path);
        exit(1);
    }
    fclose(f);
    printf("trace-demo: wrote %s (%zu bytes)\n", out_path, sizeof(trace_buffer));
    exit(0);
}

VOID tx_application_define(VOID *first_unused_memory)
{
    if (tx_trace_enable(trace_buffer, sizeof(trace_buffer), 32) != TX_SUCCESS) {
        exit(1);
    }
    demo_define(first_unused_memory);
    /* Above every demo thread: it stops the recording after two ticks whatever they do. */
    tx_thread_create(&recorder, "recorder", recorder_entry, 0, recorder_stack,
                     sizeof(recorder_stack), 0, 0, TX_NO_TIME_SLICE, TX_AUTO_START);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUT.trx\n", argv[0]);
        return 2;
    }
    out_path = argv[1];
    tx_kernel_enter();
    return 1;
}
