/*
 * echo.c - test image: interrupt-driven console input. A thread collects what the UART's receive
 * interrupt put in the ring (xr_console_read(), no polling of the device) and echoes whole lines as
 * "echo: <line>"; the line "ping" gives TEST uart-rx PASS and TEST-DONE. Driven by
 * apps/tests/uart-echo/run.py, which types into Xen's console (CTRL-a x3 switches input to the
 * domain).
 */
#include <stdio.h>
#include <string.h>

#include "tx_api.h"

#include "xenrtos/platform.h"

static TX_THREAD echo_thread;
static ULONG echo_stack[1024] __attribute__((aligned(16)));

static void echo_entry(ULONG arg)
{
    char line[80];
    size_t len = 0;

    (void)arg;
    printf("echo: ready\n");
    for (;;) {
        char buf[16];
        size_t n = xr_console_read(buf, sizeof(buf));
        if (n == 0) {
            tx_thread_sleep(2);
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            if (buf[i] == '\r' || buf[i] == '\n') {
                line[len] = '\0';
                if (len > 0) {
                    printf("echo: %s\n", line);
                }
                if (strcmp(line, "ping") == 0) {
                    printf("TEST uart-rx PASS\nTEST-DONE\n");
                }
                len = 0;
            } else if (len + 1 < sizeof(line)) {
                line[len++] = buf[i];
            }
        }
    }
}

void tx_application_define(void *first_unused_memory)
{
    (void)first_unused_memory;
    tx_thread_create(&echo_thread, "echo", echo_entry, 0, echo_stack, sizeof(echo_stack), 10, 10,
                     TX_NO_TIME_SLICE, TX_AUTO_START);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
