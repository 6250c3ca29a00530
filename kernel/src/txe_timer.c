/*
 * txe_timer.c - argument and caller checks of the application timer services.
 */
#include "tx_internal.h"

#define TX_TIMER_VALID(t) (((t) != TX_NULL) && ((t)->tx_timer_id == TX_TIMER_ID))

static UINT _txe_timer_created(const TX_TIMER *timer_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    TX_TIMER *walk;
    ULONG i;
    UINT found = TX_FALSE;

    TX_DISABLE
    walk = _tx_timer_created_ptr;
    for (i = 0; i < _tx_timer_created_count; i++) {
        if (walk == timer_ptr) {
            found = TX_TRUE;
            break;
        }
        walk = walk->tx_timer_created_next;
    }
    TX_RESTORE
    return found;
}

UINT _txe_timer_create(TX_TIMER *timer_ptr, CHAR *name_ptr,
                       VOID (*expiration_function)(ULONG input), ULONG expiration_input,
                       ULONG initial_ticks, ULONG reschedule_ticks, UINT auto_activate,
                       UINT timer_control_block_size)
{
    if ((timer_ptr == TX_NULL) || (timer_control_block_size != sizeof(TX_TIMER)) ||
        (_txe_timer_created(timer_ptr) != TX_FALSE)) {
        return TX_TIMER_ERROR;
    }
    if (initial_ticks == 0u) {
        return TX_TICK_ERROR;
    }
    if (auto_activate > TX_AUTO_ACTIVATE) {
        return TX_ACTIVATE_ERROR;
    }
    if (_tx_caller_threads_and_init() == TX_FALSE) {
        return TX_CALLER_ERROR;
    }
    return _tx_timer_create(timer_ptr, name_ptr, expiration_function, expiration_input,
                            initial_ticks, reschedule_ticks, auto_activate);
}

UINT _txe_timer_delete(TX_TIMER *timer_ptr)
{
    if (!TX_TIMER_VALID(timer_ptr)) {
        return TX_TIMER_ERROR;
    }
    if (_tx_caller_threads() == TX_FALSE) {
        return TX_CALLER_ERROR;
    }
    return _tx_timer_delete(timer_ptr);
}

UINT _txe_timer_activate(TX_TIMER *timer_ptr)
{
    if (!TX_TIMER_VALID(timer_ptr)) {
        return TX_TIMER_ERROR;
    }
    return _tx_timer_activate(timer_ptr);
}

UINT _txe_timer_deactivate(TX_TIMER *timer_ptr)
{
    if (!TX_TIMER_VALID(timer_ptr)) {
        return TX_TIMER_ERROR;
    }
    return _tx_timer_deactivate(timer_ptr);
}

UINT _txe_timer_change(TX_TIMER *timer_ptr, ULONG initial_ticks, ULONG reschedule_ticks)
{
    if (!TX_TIMER_VALID(timer_ptr)) {
        return TX_TIMER_ERROR;
    }
    /* "Allowed From: Threads, timers, and ISRs": not from initialization. */
    if (TX_IN_INIT()) {
        return TX_CALLER_ERROR;
    }
    if (initial_ticks == 0u) {
        return TX_TICK_ERROR;
    }
    return _tx_timer_change(timer_ptr, initial_ticks, reschedule_ticks);
}

UINT _txe_timer_info_get(TX_TIMER *timer_ptr, CHAR **name, UINT *active, ULONG *remaining_ticks,
                         ULONG *reschedule_ticks, TX_TIMER **next_timer)
{
    if (!TX_TIMER_VALID(timer_ptr)) {
        return TX_TIMER_ERROR;
    }
    return _tx_timer_info_get(timer_ptr, name, active, remaining_ticks, reschedule_ticks,
                              next_timer);
}
