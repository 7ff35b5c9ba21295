/* j3o/interrupt.h: graceful stop on SIGTERM, SIGINT and SIGUSR1; exit statuses of bin/j3o. */
#ifndef J3O_INTERRUPT_H
#define J3O_INTERRUPT_H

#include <petscsys.h>

/* Exit statuses of bin/j3o (docs/running.md). A second signal exits with 128 + the signal number. */
#define J3O_EXIT_OK          0 /* result written */
#define J3O_EXIT_ERROR       1 /* bad input or arguments, or the result could not be written: no file */
#define J3O_EXIT_INTERNAL    2 /* an internal error where ranks could not agree (MPI_Abort) */
#define J3O_EXIT_INTERRUPTED 3 /* stopped by a signal: the best solution so far written, status "interrupted" */

/* Installs the handlers (after PetscInitialize, which installs its own). The first signal sets a
   flag the solve polls at safe points; a second one removes the temporary result file, if any,
   and exits at once with 128 + signal. */
PETSC_EXTERN PetscErrorCode J3oInterruptInstall(void);

/* Rank-local: whether a stop signal has arrived (async-signal-safe flag). */
PETSC_EXTERN PetscBool J3oInterrupted(void);

/* The signal number of the first stop signal (0: none). */
PETSC_EXTERN int J3oInterruptSignal(void);

/* The temporary file a second signal removes (NULL: none); the path is copied. */
PETSC_EXTERN void J3oInterruptSetTemp(const char *path);

/* Attaches to a Cbc_Model an event handler that ends CBC's search at the next node once a stop
   signal came, as a time limit does (src/lp/lp.cbc_stop.cpp). */
PETSC_EXTERN void J3oCbcStopOnSignal(void *cbc_model);

/* Collective: whether any rank of comm has been signalled (all ranks get the same answer). */
PETSC_EXTERN PetscErrorCode J3oInterruptAgree(MPI_Comm comm, PetscBool *any);

#endif
