/*
 * txe_timer_smp.c - argument checks of the timer SMP services (ThreadX SMP user guide, chapter
 * 4: TX_TIMER_ERROR, TX_PTR_ERROR; allowed from initialization, ISRs, threads and timers).
 */
#include "tx_arch.h"
#include "tx_internal.h"

UINT _txe_timer_smp_core_exclude(TX_TIMER *timer_ptr, ULONG exclusion_map)
{
    ULONG in_use = (0xFFFFFFFFu >> (32u - _tx_thread_smp_max_cores));
    UINT status = TX_TIMER_ERROR;

    /* Not in ThreadX's list, as for threads: no core in use left to run the expiration. */
    if ((timer_ptr != TX_NULL) && (timer_ptr->tx_timer_id == TX_TIMER_ID) &&
        ((exclusion_map & in_use) != in_use)) {
        status = _tx_timer_smp_core_exclude(timer_ptr, exclusion_map);
    }
    return status;
}

UINT _txe_timer_smp_core_exclude_get(TX_TIMER *timer_ptr, ULONG *exclusion_map_ptr)
{
    UINT status;

    if ((timer_ptr == TX_NULL) || (timer_ptr->tx_timer_id != TX_TIMER_ID)) {
        status = TX_TIMER_ERROR;
    } else if (exclusion_map_ptr == TX_NULL) {
        status = TX_PTR_ERROR;
    } else {
        status = _tx_timer_smp_core_exclude_get(timer_ptr, exclusion_map_ptr);
    }
    return status;
}
