/* j3o.c: the solver command: reads an instance, solves it (J3O, exact MILP, bound or a baseline), writes and summarizes the result. */
#include <errno.h>
#include <libgen.h>
#include <unistd.h>
#include <petsctao.h>
#include "j3o_io.h"
#include "j3o_exact.h"
#include "j3o_solve.h"
#include "../j3o_log.h"

static char help[] = "j3o: joint onloading and offloading of multi-task models across client, edge and cloud.\n"
                     "Usage: mpirun -n P j3o -i INSTANCE.h5 -o RESULT.h5 [-method j3o|exact|bound|greedy|random|local-only|edge-only|cloud-only]\n"
                     "       [-time_limit S] [-j3o_* options] [-tao_* options for the price coordinator] [-log_view]\n";

#ifndef J3O_GIT
#define J3O_GIT "unknown"
#endif

static const char *const Usage = "usage: mpirun -n P j3o -i INSTANCE.h5 -o RESULT.h5 [-method j3o|exact|bound|greedy|random|local-only|edge-only|cloud-only] [-time_limit S]; -help lists every option";

/* Prints only the first line of an error (the reason), not PETSc's traceback. */
static PetscErrorCode QuietErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  (void)comm; (void)line; (void)fun; (void)file; (void)ctx;
  if (p == PETSC_ERROR_INITIAL && mess && mess[0]) fprintf(stderr, "j3o: %s\n", mess);
  return n;
}

/* Collective: the command line, checked before any work, one-line reasons. */
static PetscErrorCode ParseArguments(char *in, char *out, size_t len)
{
  PetscBool has_i, has_o, has_m;
  char      method[64];

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-i", in, len, &has_i));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-o", out, len, &has_o));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-method", method, sizeof(method), &has_m));
  PetscCheck(has_i && in[0], PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "missing -i INSTANCE.h5\n%s", Usage);
  PetscCheck(has_o && out[0], PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "missing -o RESULT.h5\n%s", Usage);
  if (has_m) {
    PetscBool known = PETSC_FALSE;
    for (int k = 0; k < J3O_METHOD_COUNT; k++) known = known || !strcmp(method, J3oMethodNames[k]);
    PetscCheck(known, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "unknown -method '%s'\n%s", method, Usage);
  }
  PetscCheck(access(in, R_OK) == 0, PETSC_COMM_WORLD, PETSC_ERR_FILE_OPEN, "cannot read input %s: %s\n%s", in, strerror(errno), Usage);
  {
    char dir[PETSC_MAX_PATH_LEN];
    PetscCall(PetscStrncpy(dir, out, sizeof(dir)));
    const char *d = dirname(dir);
    PetscCheck(access(d, W_OK) == 0, PETSC_COMM_WORLD, PETSC_ERR_FILE_OPEN, "cannot write output directory %s: %s\n%s", d, strerror(errno), Usage);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  char            in[PETSC_MAX_PATH_LEN], out[PETSC_MAX_PATH_LEN];
  J3oSolveOptions opt;
  J3oInstance     inst;
  J3oResult       r;
  J3oProvenance   prov;
  PetscMPIInt     rank, size;
  int             T, E, edge_first, edge_last;
  int64_t         N, *start = NULL;
  PetscBool       help_only;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(J3oLogRegister());
  PetscCall(PetscOptionsHasHelp(NULL, &help_only));
  if (help_only) {
    /* list every option, the coordinator's TAO included, and stop */
    Tao tao;
    PetscCall(J3oSolveOptionsFromDatabase(&opt));
    PetscCall(TaoCreate(PETSC_COMM_WORLD, &tao));
    PetscCall(TaoSetType(tao, TAOSHELL));
    PetscCall(TaoSetMaximumIterations(tao, J3O_DUAL_MAX_IT));
    PetscCall(TaoSetFromOptions(tao));
    PetscCall(TaoDestroy(&tao));
    PetscFunctionReturn(0);
  }
  PetscCall(ParseArguments(in, out, sizeof(in)));
  PetscCall(J3oSolveOptionsFromDatabase(&opt));

  PetscCall(PetscLogEventBegin(J3oEventRead, 0, 0, 0, 0));
  PetscCall(J3oInstanceReadLayout(PETSC_COMM_WORLD, in, &T, &E, &N, &start));
  if (opt.method == J3O_METHOD_EXACT) {
    /* the MILP is solved whole on rank 0; the other ranks hold no cluster */
    edge_first = rank == 0 ? 0 : E;
    edge_last  = E;
  } else PetscCall(J3oPartitionClusters(PETSC_COMM_WORLD, E, start, T, &edge_first, &edge_last));
  PetscCall(PetscFree(start));
  PetscCall(J3oInstanceRead(PETSC_COMM_WORLD, in, edge_first, edge_last, &inst));
  PetscCall(PetscLogEventEnd(J3oEventRead, 0, 0, 0, 0));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "j3o: %s: %d edges, %lld clients, %d tasks, %d models, %d duty cycles; method %s on %d rank%s\n", in, inst.E, (long long)inst.N, inst.T, inst.M, inst.K,
                        J3oMethodNames[opt.method], (int)size, size > 1 ? "s" : ""));

  PetscCall(J3oResultAllocate(&r, &inst, J3oMethodNames[opt.method]));
  if (opt.method == J3O_METHOD_EXACT) {
    double summary[5];
    int    status;
    if (rank == 0) {
      double t0 = MPI_Wtime();
      PetscCall(PetscLogEventBegin(J3oEventExact, 0, 0, 0, 0));
      PetscCall(J3oExactSolve(&inst, opt.time_limit_s, &r));
      PetscCall(PetscLogEventEnd(J3oEventExact, 0, 0, 0, 0));
      r.wall_s = MPI_Wtime() - t0;
    }
    summary[0] = r.accuracy; summary[1] = r.served_fraction; summary[2] = r.upper_bound; summary[3] = r.gap; summary[4] = r.wall_s;
    status = (int)r.status;
    PetscCallMPI(MPI_Bcast(summary, 5, MPI_DOUBLE, 0, PETSC_COMM_WORLD));
    PetscCallMPI(MPI_Bcast(&status, 1, MPI_INT, 0, PETSC_COMM_WORLD));
    r.accuracy = summary[0]; r.served_fraction = summary[1]; r.upper_bound = summary[2]; r.gap = summary[3]; r.wall_s = summary[4];
    r.status = (J3oStatus)status;
  } else PetscCall(J3oSolveDistributed(PETSC_COMM_WORLD, &inst, &opt, &r));

  PetscCall(PetscLogEventBegin(J3oEventWrite, 0, 0, 0, 0));
  PetscCall(PetscMemzero(&prov, sizeof(prov)));
  prov.instance_path = in;
  prov.ranks = (int)size;
  prov.git = J3O_GIT;
  if (rank == 0) PetscCall(J3oFileSha256(in, prov.instance_sha256));
  PetscCallMPI(MPI_Bcast(prov.instance_sha256, sizeof(prov.instance_sha256), MPI_CHAR, 0, PETSC_COMM_WORLD));
  PetscCall(J3oResultWrite(PETSC_COMM_WORLD, out, &inst, &r, &prov));
  PetscCall(PetscLogEventEnd(J3oEventWrite, 0, 0, 0, 0));

  PetscCall(J3oSummaryPrint(PETSC_COMM_WORLD, &inst, &r));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  result             %s\n", out));
  PetscCall(J3oResultFree(&r));
  PetscCall(J3oInstanceFree(&inst));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;

  if (PetscInitialize(&argc, &argv, NULL, help)) return 1;
  PetscCall(PetscPushErrorHandler(QuietErrorHandler, NULL));
  ierr = Run();
  PetscCall(PetscPopErrorHandler());
  /* Bad input and bad arguments are detected by every rank alike: exit cleanly. Any other error may
     have hit some ranks only, which must not leave the others waiting in a collective. */
  if (ierr && ierr != PETSC_ERR_FILE_UNEXPECTED && ierr != PETSC_ERR_ARG_WRONG && ierr != PETSC_ERR_FILE_OPEN && ierr != PETSC_ERR_ARG_OUTOFRANGE) MPI_Abort(PETSC_COMM_WORLD, 2);
  PetscCall(PetscFinalize());
  return ierr ? 1 : 0;
}
