/* main.c - entry of the demo image: everything else happens in tx_application_define(). */
#include "tx_api.h"

int main(void)
{
    tx_kernel_enter();
    return 0;
}
