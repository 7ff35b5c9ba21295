/* j3o-check: validates a result file against its instance (constraints 1-11, docs/file-formats.md), independently of the solvers. */
#include <string.h>
#include "j3o_io.h"
#include "j3o_check.h"

static char help[] = "Usage: j3o-check INSTANCE.h5 RESULT.h5\n"
                     "Checks RESULT against constraints 1-11 of docs/formulation.md within the tolerances of docs/file-formats.md.\n"
                     "Exit 0: valid; 1: constraint violations (one line each); 2: unreadable or invalid files, or bad usage.\n"
                     "Serial: run it on one process.\n";

/* One line for a read error the reader did not already describe. */
static void ReportReadError(const char *path, PetscErrorCode ierr)
{
  const char *text = NULL;
  if (ierr == PETSC_ERR_FILE_UNEXPECTED) return; /* the reader printed "j3o: FILE: DATASET: RULE" */
  PetscErrorMessage(ierr, &text, NULL);
  fprintf(stderr, "j3o: %s: cannot be read (%s)\n", path, text ? text : "error");
}

/* Returns the exit status: 0 valid, 1 violations, 2 unreadable input. */
static int Run(const char *ipath, const char *rpath)
{
  J3oInstance    inst;
  J3oResult      r;
  PetscErrorCode ierr;
  int            nviol = 0;

  memset(&inst, 0, sizeof(inst));
  ierr = J3oInstanceRead(PETSC_COMM_SELF, ipath, 0, -1, &inst);
  if (ierr) {
    ReportReadError(ipath, ierr);
    (void)J3oInstanceFree(&inst);
    return 2;
  }
  ierr = J3oResultRead(rpath, &inst, &r);
  if (ierr) {
    ReportReadError(rpath, ierr);
    (void)J3oInstanceFree(&inst);
    return 2;
  }
  ierr = J3oCheck(&inst, &r, stdout, &nviol);
  if (ierr) {
    fprintf(stderr, "j3o-check: %s: checker failed (PETSc error %d)\n", rpath, (int)ierr);
    nviol = -1;
  } else if (nviol == 0) printf("j3o-check: %s valid (accuracy %.9g, served %.9g, %" PRId64 " routes)\n", rpath, r.accuracy, r.served_fraction, r.nroutes);
  else printf("j3o-check: %s invalid: %d violation%s\n", rpath, nviol, nviol == 1 ? "" : "s");
  fflush(stdout);
  (void)J3oResultFree(&r);
  (void)J3oInstanceFree(&inst);
  return nviol < 0 ? 2 : nviol > 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
  const char *pos[3];
  int         npos = 0, status;
  PetscMPIInt size;

  PetscCall(PetscInitialize(&argc, &argv, NULL, help));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL)); /* errors become one-line messages, not tracebacks */
  for (int i = 1; i < argc; i++)
    if (argv[i][0] != '-' && npos < 3) pos[npos++] = argv[i];
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  if (npos != 2 || size != 1) {
    fprintf(stderr, "%s", help);
    status = 2;
  } else status = Run(pos[0], pos[1]);
  PetscCall(PetscPopErrorHandler());
  PetscCall(PetscFinalize());
  return status;
}
