/* interrupt.c: stop signals set a flag that the solve polls at safe points; a second signal exits at once. */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "j3o/interrupt.h"

static volatile sig_atomic_t first_signal = 0;
static char                  temp_path[PETSC_MAX_PATH_LEN]; /* written outside the handler only */
static volatile sig_atomic_t temp_set = 0;

static void Handler(int sig)
{
  if (first_signal) {
    /* only async-signal-safe calls here: unlink and _exit */
    if (temp_set) (void)unlink(temp_path);
    _exit(128 + sig);
  }
  first_signal = sig;
}

PetscErrorCode J3oInterruptInstall(void)
{
  struct sigaction sa;
  const int        sigs[] = {SIGTERM, SIGINT, SIGUSR1};

  PetscFunctionBegin;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = Handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART; /* a blocking read or MPI progress call resumes; the flag is polled */
  for (size_t k = 0; k < sizeof(sigs) / sizeof(sigs[0]); k++)
    PetscCheck(sigaction(sigs[k], &sa, NULL) == 0, PETSC_COMM_SELF, PETSC_ERR_SYS,
               "cannot install the handler of signal %d", sigs[k]);
  PetscFunctionReturn(0);
}

PetscBool J3oInterrupted(void)
{
  return first_signal ? PETSC_TRUE : PETSC_FALSE;
}

int J3oInterruptSignal(void)
{
  return (int)first_signal;
}

void J3oInterruptSetTemp(const char *path)
{
  temp_set = 0;
  if (!path) return;
  strncpy(temp_path, path, sizeof(temp_path) - 1);
  temp_path[sizeof(temp_path) - 1] = 0;
  temp_set                         = 1;
}

PetscErrorCode J3oInterruptAgree(MPI_Comm comm, PetscBool *any)
{
  int mine = first_signal ? 1 : 0, all;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MAX, comm));
  *any = all ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}
