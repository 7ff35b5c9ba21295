/* j3o.c: the solver command: reads an instance, solves it (J3O, exact MILP, bound or a baseline), writes and summarizes
 * the result. */
#include <signal.h>
#include <petsctao.h>
#include "j3o/io.h"
#include "j3o/solve.h"
#include "j3o/interrupt.h"
#include "j3o/options.h"
#include "j3o/paths.h"
#include "core/log.h"
#include "io/h5util.h"

/* The usage text of -help; the method names and lines come from the method table. */
static char help[8192];
static void BuildHelp(void)
{
  char names[512], methods[3072];

  J3oMethodNameList("|", names, sizeof(names));
  J3oMethodHelp(methods, sizeof(methods));
  snprintf(help, sizeof(help),
           "j3o: joint onloading and offloading of multi-task models across client, edge and cloud.\n"
           "Usage: mpirun -n P j3o -i INSTANCE.h5 -o RESULT.h5 [-method %s]\n"
           "       [-time_limit S] [-force] [-j3o_* options] [-tao_* options for the price coordinator] [-log_view]\n"
           "  -force: replace an existing -o file that is not a j3o result (never the input itself)\n"
           "  -previous PREV.h5: re-plan from a j3o result on an instance with the same tasks, models, edges and\n"
           "    clients (warm start unless -j3o_warm false; the budgets -swap_budget_mb, -swap_budget_total_mb count "
           "from it)\n"
           "Methods (-method NAME, default %s): name, where it runs, the routes it may use, what it does:\n%s"
           "Exit status: 0 result written; 1 bad input, arguments or paths, or the result not written (no file);\n"
           "  2 internal error (MPI_Abort); 3 stopped by SIGTERM, SIGINT or SIGUSR1 at a safe point with the best\n"
           "  solution so far written (status interrupted); 128+N a second signal N ended the run at once (no file).\n"
           "See docs/running.md.\n",
           names, J3oMethods[0].name, methods);
}

#ifndef J3O_GIT
  #define J3O_GIT "unknown"
#endif

/* The options j3o itself reads besides the solver's. */
static const J3oOptSpec CliSpecs[] = {
  {"-i", J3O_OPT_STRING, "an instance file"},
  {"-o", J3O_OPT_STRING, "a result file"},
  {"-force", J3O_OPT_BOOL, "true or false"},
  {"-previous", J3O_OPT_STRING, "a j3o result file"},
};
#define NCLI ((int)(sizeof(CliSpecs) / sizeof(CliSpecs[0])))

/* Error codes every rank raises alike (bad input, arguments, paths, a failed write): those exit 1
   cleanly; any other error may have hit some ranks only. */
static PetscBool Agreed(PetscErrorCode n)
{
  return n == PETSC_ERR_FILE_UNEXPECTED || n == PETSC_ERR_ARG_WRONG || n == PETSC_ERR_FILE_OPEN ||
             n == PETSC_ERR_ARG_OUTOFRANGE || n == PETSC_ERR_FILE_WRITE
         ? PETSC_TRUE
         : PETSC_FALSE;
}

/* Prints only the first line of an error (the reason), not PETSc's traceback; an error every rank
   raises alike is printed by rank 0 only. */
static PetscErrorCode QuietErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n,
                                        PetscErrorType p, const char *mess, void *ctx)
{
  PetscMPIInt rank = 0;
  (void)comm;
  (void)line;
  (void)fun;
  (void)file;
  (void)ctx;
  if (Agreed(n)) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0 && p == PETSC_ERROR_INITIAL && mess && mess[0]) fprintf(stderr, "j3o: %s\n", mess);
  return n;
}

/* Collective: the names in one table for the checks. */
static PetscErrorCode AllSpecs(J3oOptSpec **all, int *n)
{
  PetscFunctionBegin;
  *n = NCLI + J3oSolveOptionSpecCount;
  PetscCall(PetscMalloc1(*n, all));
  PetscCall(PetscArraycpy(*all, CliSpecs, NCLI));
  PetscCall(PetscArraycpy(*all + NCLI, J3oSolveOptionSpecs, J3oSolveOptionSpecCount));
  PetscFunctionReturn(0);
}

/* Collective: the command line and the paths, checked before any work; one line per mistake.
   Rank 0 looks at the file system, every rank raises the same error. */
static PetscErrorCode ParseArguments(char *in, char *out, char *prev, size_t len, J3oSolveOptions *opt)
{
  PetscBool   has_i, has_o, has_m, has_p, force = PETSC_FALSE;
  char        method[64], msg[PETSC_MAX_PATH_LEN * 2 + 128];
  J3oOptSpec *all;
  int         nall;
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCall(J3oArgsCheck(msg, sizeof(msg)));
  PetscCheck(!msg[0], PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "%s", msg);
  PetscCall(AllSpecs(&all, &nall));
  PetscCall(J3oOptionsBadValue(all, nall, msg, sizeof(msg)));
  PetscCheck(!msg[0], PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "%s", msg);
  PetscCall(PetscOptionsGetString(NULL, NULL, "-i", in, len, &has_i));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-o", out, len, &has_o));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-force", &force, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-previous", prev, len, &has_p));
  if (!has_p) prev[0] = 0;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-method", method, sizeof(method), &has_m));
  PetscCheck(!has_m || J3oMethodFind(method) >= 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "-method %s: expected %s",
             method, J3oMethodChoices());
  PetscCall(J3oSolveOptionsFromDatabase(opt));
  PetscCall(J3oCoordinatorCheckOptions(PETSC_COMM_WORLD, opt));
  PetscCheck(!has_p || prev[0], PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "-previous needs a file name (a j3o result)");
  PetscCall(J3oSolveOptionsCheckChurn(PETSC_COMM_WORLD, opt, has_p));
  PetscCall(J3oSolveOptionsNoteReplanOnly(PETSC_COMM_WORLD, has_p));
  PetscCall(J3oOptionsUnknown(all, nall, msg, sizeof(msg)));
  PetscCall(PetscFree(all));
  PetscCheck(!msg[0], PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "%s", msg);
  PetscCheck(has_i && in[0], PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG,
             "missing -i INSTANCE.h5 (usage: mpirun -n P j3o -i INSTANCE.h5 -o RESULT.h5 [-method M]; -help lists "
             "every option)");
  PetscCheck(has_o && out[0], PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG,
             "missing -o RESULT.h5 (usage: mpirun -n P j3o -i INSTANCE.h5 -o RESULT.h5 [-method M]; -help lists every "
             "option)");
  if (rank == 0) {
    PetscCall(J3oCheckInputPath(in, msg, sizeof(msg)));
    if (!msg[0] && prev[0]) PetscCall(J3oCheckInputPath(prev, msg, sizeof(msg)));
    if (!msg[0] && prev[0]) PetscCall(J3oCheckOutputNotPrevious(prev, out, msg, sizeof(msg)));
    if (!msg[0]) PetscCall(J3oCheckOutputPath(in, out, force, msg, sizeof(msg)));
  }
  PetscCallMPI(MPI_Bcast(msg, sizeof(msg), MPI_CHAR, 0, PETSC_COMM_WORLD));
  PetscCheck(!msg[0], PETSC_COMM_WORLD, PETSC_ERR_FILE_OPEN, "%s", msg);
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(PetscBool *interrupted)
{
  char            in[PETSC_MAX_PATH_LEN], out[PETSC_MAX_PATH_LEN], prevpath[PETSC_MAX_PATH_LEN];
  J3oSolveOptions opt;
  J3oPrevious     prev;
  J3oInstance     inst;
  J3oResult       r;
  J3oProvenance   prov;
  PetscMPIInt     rank, size;
  int             T, E, edge_first, edge_last;
  int64_t         N, *start = NULL;
  PetscBool       help_only;

  PetscFunctionBegin;
  *interrupted = PETSC_FALSE;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(J3oLogRegister());
  PetscCall(PetscOptionsHasHelp(NULL, &help_only));
  if (help_only) {
    /* list every option, the coordinator's TAO included, and stop */
    Tao tao;
    PetscCall(J3oSolveOptionsFromDatabase(&opt));
    PetscCall(J3oCoordinatorCreate(PETSC_COMM_WORLD, &opt, &tao));
    PetscCall(TaoDestroy(&tao));
    PetscFunctionReturn(0);
  }
  PetscCall(ParseArguments(in, out, prevpath, sizeof(in), &opt));

  PetscCall(PetscLogEventBegin(J3oEventRead, 0, 0, 0, 0));
  PetscCall(J3oInstanceReadLayout(PETSC_COMM_WORLD, in, &T, &E, &N, &start));
  PetscCall(J3oSolveBlock(PETSC_COMM_WORLD, &opt, E, start, T, &edge_first, &edge_last));
  PetscCall(PetscFree(start));
  PetscCall(J3oInstanceRead(PETSC_COMM_WORLD, in, edge_first, edge_last, &inst));
  /* the SHA-256 of the instance as read: the result's provenance, and whether a previous plan is of it */
  PetscCall(PetscMemzero(&prov, sizeof(prov)));
  if (rank == 0) PetscCall(J3oFileSha256(in, prov.instance_sha256));
  PetscCallMPI(MPI_Bcast(prov.instance_sha256, sizeof(prov.instance_sha256), MPI_CHAR, 0, PETSC_COMM_WORLD));
  if (prevpath[0]) {
    /* the previous plan's rows for the same clusters; an unfit file stops the run before any solve */
    PetscErrorCode ierr = J3oPreviousRead(PETSC_COMM_WORLD, prevpath, &inst, opt.warm, &prev);
    if (ierr) PetscCall(J3oInstanceFree(&inst));
    PetscCall(ierr);
    opt.previous = &prev;
    /* its own instance gone: said, unless this instance is that one (the same SHA-256) */
    if (!prev.own_instance && strcmp(prov.instance_sha256, prev.instance_sha256))
      PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                            "j3o: note: %s: its instance (/@instance) is not found with the SHA-256 it recorded: the "
                            "plan is checked against %s by its sizes and the names it carries only\n",
                            prevpath, in));
  }
  PetscCall(PetscLogEventEnd(J3oEventRead, 0, 0, 0, 0));
  PetscCall(
    PetscPrintf(PETSC_COMM_WORLD,
                "j3o: %s: %d edges, %lld clients, %d tasks, %d models, %d duty cycles; method %s on %d rank%s\n", in,
                inst.E, (long long)inst.N, inst.T, inst.M, inst.K, J3oMethods[opt.method].name, (int)size,
                size > 1 ? "s" : ""));

  PetscCall(J3oResultAllocate(&r, &inst, J3oMethods[opt.method].name));
  PetscCall(J3oSolve(PETSC_COMM_WORLD, &inst, &opt, &r));

  PetscCall(PetscLogEventBegin(J3oEventWrite, 0, 0, 0, 0));
  prov.instance_path        = in;
  prov.ranks                = (int)size;
  prov.git                  = J3O_GIT;
  prov.previous             = opt.previous;
  prov.swap_budget_mb       = opt.swap_budget_mb;
  prov.swap_budget_total_mb = opt.swap_budget_total_mb;
  PetscCall(J3oResultWrite(PETSC_COMM_WORLD, out, &inst, &r, &prov));
  PetscCall(PetscLogEventEnd(J3oEventWrite, 0, 0, 0, 0));

  PetscCall(J3oSummaryPrint(PETSC_COMM_WORLD, &inst, &r, opt.previous));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  result             %s\n", out));
  if (r.status == J3O_STATUS_INTERRUPTED) {
    int sig = J3oInterruptSignal();
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &sig, 1, MPI_INT, MPI_MAX, PETSC_COMM_WORLD));
    PetscCall(
      PetscPrintf(PETSC_COMM_WORLD,
                  "j3o: stopped by signal %d (%s): the best solution found so far is in %s with status interrupted\n",
                  sig,
                  sig == SIGTERM   ? "SIGTERM"
                  : sig == SIGINT  ? "SIGINT"
                  : sig == SIGUSR1 ? "SIGUSR1"
                                   : "?",
                  out));
    *interrupted = PETSC_TRUE;
  }
  PetscCall(J3oResultFree(&r));
  if (opt.previous) PetscCall(J3oPreviousFree(&prev));
  PetscCall(J3oInstanceFree(&inst));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;
  PetscBool      interrupted = PETSC_FALSE;

  BuildHelp();
  if (PetscInitialize(&argc, &argv, NULL, help)) return J3O_EXIT_ERROR;
  PetscCall(J3oInterruptInstall());
  PetscCall(PetscPushErrorHandler(QuietErrorHandler, NULL));
  ierr = Run(&interrupted);
  PetscCall(PetscPopErrorHandler());
  /* Bad input, arguments and paths are detected by every rank alike: exit cleanly. Any other error
     may have hit some ranks only, which must not leave the others waiting in a collective. */
  if (ierr && !Agreed(ierr)) MPI_Abort(PETSC_COMM_WORLD, J3O_EXIT_INTERNAL);
  if (ierr) J3oH5Shutdown(); /* a corrupt file's leftovers would add HDF5's shutdown complaint */
  PetscCall(PetscFinalize());
  return ierr ? J3O_EXIT_ERROR : interrupted ? J3O_EXIT_INTERRUPTED : J3O_EXIT_OK;
}
