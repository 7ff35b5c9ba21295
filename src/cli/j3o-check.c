/* j3o-check: validates a result file against its instance (constraints 1-11, docs/file-formats.md), independently of
 * the solvers. */
#include <string.h>
#include "j3o/io.h"
#include "j3o/check.h"
#include "j3o/options.h"
#include "j3o/paths.h"
#include "j3o/previous.h"
#include "io/h5util.h"

static char help
  [] = "Usage: j3o-check INSTANCE.h5 RESULT.h5 [-previous PREV.h5]\n"
       "Checks RESULT against constraints 1-11 of docs/formulation.md within the tolerances of docs/file-formats.md,\n"
       "that RESULT's /@instance_sha256 is INSTANCE's and that status optimal comes with a zero gap.\n"
       "-previous PREV.h5 (required for a result of a re-plan, one with /@previous_sha256): PREV is the plan the\n"
       "result counts its churn from (its SHA-256), fits INSTANCE, and the churn recomputed here matches /churn\n"
       "and stays within the budgets (constraints 12 and 13).\n"
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
static int Run(const char *ipath, const char *rpath, const char *ppath)
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
  /* a result checked against another instance (a step of a trace mixed up, most often) violates nearly
     every constraint, or fails the layout on some shape first: one line naming the cause instead */
  {
    char sha[65], rsha[65];
    ierr = J3oFileSha256(ipath, sha);
    if (!ierr) ierr = J3oResultPeekInstanceSha256(rpath, rsha);
    if (ierr) {
      ReportReadError(ipath, ierr);
      (void)J3oInstanceFree(&inst);
      return 2;
    }
    if (rsha[0] && strcmp(sha, rsha)) {
      fprintf(stderr, "j3o: %s: /@instance_sha256: %s, but %s has SHA-256 %s: the result belongs to another instance\n",
              rpath, rsha, ipath, sha);
      (void)J3oInstanceFree(&inst);
      return 2;
    }
  }
  ierr = J3oResultRead(rpath, &inst, &r);
  if (ierr) {
    ReportReadError(rpath, ierr);
    (void)J3oInstanceFree(&inst);
    return 2;
  }
  if (r.previous_sha256[0] && !ppath) {
    fprintf(stderr,
            "j3o-check: %s was computed from a previous plan (/@previous_sha256 %s): pass -previous PREV.h5 to check "
            "its churn\n",
            rpath, r.previous_sha256);
    (void)J3oResultFree(&r);
    (void)J3oInstanceFree(&inst);
    return 2;
  }
  ierr = J3oCheck(&inst, &r, stdout, &nviol);
  if (!ierr && ppath) {
    J3oPrevious prev;
    int         nchurn = 0;
    ierr               = J3oPreviousRead(PETSC_COMM_SELF, ppath, &inst, PETSC_FALSE, &prev);
    if (ierr) {
      ReportReadError(ppath, ierr);
      (void)J3oResultFree(&r);
      (void)J3oInstanceFree(&inst);
      return 2;
    }
    /* the plan the result was not re-planned from (another step of a trace): one line, like another instance */
    if (strcmp(r.previous_sha256, prev.sha256)) {
      if (r.previous_sha256[0])
        fprintf(stderr,
                "j3o: %s: /@previous_sha256: %s, but %s has SHA-256 %s: the result was re-planned from another plan\n",
                rpath, r.previous_sha256, ppath, prev.sha256);
      else
        fprintf(stderr,
                "j3o: %s: /@previous_sha256: absent: the result was not re-planned from a previous plan (check it "
                "without -previous)\n",
                rpath);
      (void)J3oPreviousFree(&prev);
      (void)J3oResultFree(&r);
      (void)J3oInstanceFree(&inst);
      return 2;
    }
    ierr = J3oCheckChurn(&inst, &r, &prev, stdout, &nchurn);
    nviol += nchurn;
    (void)J3oPreviousFree(&prev);
  }
  if (ierr) {
    fprintf(stderr, "j3o-check: %s: checker failed (PETSc error %d)\n", rpath, (int)ierr);
    nviol = -1;
  } else if (nviol == 0)
    printf("j3o-check: %s valid (accuracy %.9g, served %.9g, %" PRId64 " routes, status %s)\n", rpath, r.accuracy,
           r.served_fraction, r.nroutes, J3oStatusNames[r.status]);
  else printf("j3o-check: %s invalid: %d violation%s\n", rpath, nviol, nviol == 1 ? "" : "s");
  fflush(stdout);
  (void)J3oResultFree(&r);
  (void)J3oInstanceFree(&inst);
  return nviol < 0 ? 2 : nviol > 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
  const char             *pos[3];
  int                     npos = 0, status;
  PetscMPIInt             size;
  char                    prev[PETSC_MAX_PATH_LEN] = "";
  PetscBool               has_prev;
  static const J3oOptSpec spec[] = {{"-previous", J3O_OPT_STRING, "a j3o result file"}};

  PetscCall(PetscInitialize(&argc, &argv, NULL, help));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL)); /* errors become one-line messages, not tracebacks */
  char        msg[2 * PETSC_MAX_PATH_LEN + 64] = "";
  const char *first_prev                       = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-previous")) { /* its value is no positional argument; PETSc would keep the last */
      const char *v = i + 1 < argc ? argv[++i] : "";
      if (first_prev && strcmp(first_prev, v) && !msg[0])
        PetscCall(PetscSNPrintf(msg, sizeof(msg),
                                "option -previous given twice with different values ('%s', '%s'): give it once",
                                first_prev, v));
      if (!first_prev) first_prev = v;
    } else if (argv[i][0] != '-' && npos < 3) pos[npos++] = argv[i];
  }
  PetscCall(PetscOptionsGetString(NULL, NULL, "-previous", prev, sizeof(prev), &has_prev));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscBool help_asked;
  PetscCall(PetscOptionsHasHelp(NULL, &help_asked));
  if (!msg[0]) PetscCall(J3oOptionsUnknown(spec, 1, msg, sizeof(msg)));
  if (!msg[0] && has_prev && !prev[0])
    PetscCall(PetscSNPrintf(msg, sizeof(msg), "-previous needs a file name (a j3o result)"));
  if (!msg[0] && npos > 2) /* a third file: most often a previous plan without its -previous */
    PetscCall(PetscSNPrintf(msg, sizeof(msg),
                            "unexpected argument '%s' (usage: j3o-check INSTANCE.h5 RESULT.h5 [-previous PREV.h5])",
                            pos[2]));
  for (int k = 0; k < npos && !msg[0] && npos == 2; k++) PetscCall(J3oCheckInputPath(pos[k], msg, sizeof(msg)));
  if (!msg[0] && npos == 2 && has_prev) PetscCall(J3oCheckInputPath(prev, msg, sizeof(msg)));
  if (help_asked) status = 0; /* PETSc printed the usage above and its own options */
  else if (msg[0]) {
    fprintf(stderr, "j3o-check: %s\n", msg);
    status = 2;
  } else if (npos != 2 || size != 1) {
    fprintf(stderr, "%s", help);
    status = 2;
  } else status = Run(pos[0], pos[1], has_prev ? prev : NULL);
  PetscCall(PetscPopErrorHandler());
  if (status == 2) J3oH5Shutdown(); /* a corrupt file's leftovers would add HDF5's shutdown complaint */
  PetscCall(PetscFinalize());
  return status;
}
