/*
 * tm_core.c - Thread-Metric (tm.c) once more, its porting layer calling the services alone
 * (_tx_*): tx_api.h maps tx_* to them under TX_DISABLE_ERROR_CHECKING, as it does for an
 * application built that way. The kernel's objects stay the default build's; issue 17's targets
 * hold for both builds, so the bench reports both.
 */
#define TX_DISABLE_ERROR_CHECKING
#define TM_CORE
#include "tm.c"
