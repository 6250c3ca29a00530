/*
 * tx_timer_smp.c - the timer SMP services: tx_timer_smp_core_exclude,
 * tx_timer_smp_core_exclude_get. An expiration due on a core its timer excludes is handed to an
 * allowed core (tx_timer.c, _tx_timer_smp_defer).
 */
#include "tx_arch.h"
#include "tx_internal.h"

UINT _tx_timer_smp_core_exclude(TX_TIMER *timer_ptr, ULONG exclusion_map)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    timer_ptr->tx_timer_smp_cores_excluded = exclusion_map;
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_timer_smp_core_exclude_get(TX_TIMER *timer_ptr, ULONG *exclusion_map_ptr)
{
    *exclusion_map_ptr = timer_ptr->tx_timer_smp_cores_excluded;
    return TX_SUCCESS;
}
