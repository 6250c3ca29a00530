/*
 * smp_model.h - the SMP scheduling invariant as a reference model (smp_model.c).
 */
#ifndef SMP_MODEL_H
#define SMP_MODEL_H

#include <stddef.h>

/* With the kernel lock held (TX_DISABLE): 1 when _tx_thread_execute_ptr[0 .. cores-1] is exactly
 * the set the rules admit, each thread on a core it may run on; else 0 with the first violation
 * described in failure[0 .. failure_size-1]. */
int smp_model_verify(char *failure, size_t failure_size);

#endif /* SMP_MODEL_H */
