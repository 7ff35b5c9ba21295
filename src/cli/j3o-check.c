/* j3o-check: validates a result file against its instance (constraints 1-11, docs/file-formats.md), independently of the solvers. */
#include <string.h>
#include "j3o/io.h"
#include "j3o/check.h"
#include "j3o/options.h"
#include "j3o/paths.h"
#include "io/h5util.h"

static char help[] = "Usage: j3o-check INSTANCE.h5 RESULT.h5\n"
                     "Checks RESULT against constraints 1-11 of docs/formulation.md within the tolerances of docs/file-formats.md,\n"
                     "that RESULT's /@instance_sha256 is INSTANCE's and that status optimal comes with a zero gap.\n"
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
  if (!ierr) {
    char sha[65];
    ierr = J3oFileSha256(ipath, sha);
    if (!ierr && strcmp(sha, r.instance_sha256)) {
      printf("provenance (instance_sha256): the result was computed for an instance with SHA-256 %s, %s has %s\n", r.instance_sha256, ipath, sha);
      nviol++;
    }
  }
  if (ierr) {
    fprintf(stderr, "j3o-check: %s: checker failed (PETSc error %d)\n", rpath, (int)ierr);
    nviol = -1;
  } else if (nviol == 0) printf("j3o-check: %s valid (accuracy %.9g, served %.9g, %" PRId64 " routes, status %s)\n", rpath, r.accuracy, r.served_fraction, r.nroutes, J3oStatusNames[r.status]);
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
  char msg[2 * PETSC_MAX_PATH_LEN + 64] = "";
  PetscCall(J3oOptionsUnknown(NULL, 0, msg, sizeof(msg)));
  for (int k = 0; k < npos && !msg[0] && npos == 2; k++) PetscCall(J3oCheckInputPath(pos[k], msg, sizeof(msg)));
  if (msg[0]) {
    fprintf(stderr, "j3o-check: %s\n", msg);
    status = 2;
  } else if (npos != 2 || size != 1) {
    fprintf(stderr, "%s", help);
    status = 2;
  } else status = Run(pos[0], pos[1]);
  PetscCall(PetscPopErrorHandler());
  if (status == 2) J3oH5Shutdown(); /* a corrupt file's leftovers would add HDF5's shutdown complaint */
  PetscCall(PetscFinalize());
  return status;
}
