/*
 * txe_thread_smp.c - argument checks of the thread SMP services (ThreadX SMP user guide,
 * chapter 4: TX_THREAD_ERROR, TX_PTR_ERROR; allowed from initialization, ISRs, threads and
 * timers, so no caller check).
 */
#include "tx_arch.h"
#include "tx_internal.h"

UINT _txe_thread_smp_core_exclude(TX_THREAD *thread_ptr, ULONG exclusion_map)
{
    ULONG in_use = (0xFFFFFFFFu >> (32u - _tx_thread_smp_max_cores));
    UINT status = TX_THREAD_ERROR;

    /* Not in ThreadX's list: a map that leaves none of the cores in use would make the thread
     * unschedulable; refused with the only error the service has. */
    if ((thread_ptr != TX_NULL) && (thread_ptr->tx_thread_id == TX_THREAD_ID) &&
        ((exclusion_map & in_use) != in_use)) {
        status = _tx_thread_smp_core_exclude(thread_ptr, exclusion_map);
    }
    return status;
}

UINT _txe_thread_smp_core_exclude_get(TX_THREAD *thread_ptr, ULONG *exclusion_map_ptr)
{
    UINT status;

    if ((thread_ptr == TX_NULL) || (thread_ptr->tx_thread_id != TX_THREAD_ID)) {
        status = TX_THREAD_ERROR;
    } else if (exclusion_map_ptr == TX_NULL) {
        status = TX_PTR_ERROR;
    } else {
        status = _tx_thread_smp_core_exclude_get(thread_ptr, exclusion_map_ptr);
    }
    return status;
}
