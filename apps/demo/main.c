/* main.c - entry of the demo (image and host build): the demo and its printer thread. */
#include "demo.h"
#include "tx_api.h"

VOID tx_application_define(VOID *first_unused_memory)
{
    demo_define(first_unused_memory);
    demo_printer_define();
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
