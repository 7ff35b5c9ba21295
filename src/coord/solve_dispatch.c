/* solve_dispatch.c: J3oSolve, the one entry point for every method of the table: distributed over the clusters, or
 * whole on rank 0. */
#include "coord/solve_impl.h"
#include "core/log.h"

PetscErrorCode J3oSolveBlock(MPI_Comm comm, const J3oSolveOptions *opt, int E, const int64_t edge_client_start[], int T,
                             int *edge_first, int *edge_last)
{
  PetscMPIInt rank, size;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  if (J3oMethods[opt->method].rank0) {
    /* solved whole on rank 0; the other ranks hold no cluster */
    *edge_first = rank == 0 ? 0 : E;
    *edge_last  = E;
    PetscFunctionReturn(0);
  }
  PetscCall(J3oPartitionClusters(comm, E, edge_client_start, T, edge_first, edge_last));
  if (size > E + 1)
    PetscCall(PetscPrintf(comm, "j3o: note: %d ranks but %d edge cluster%s: ranks %d-%d idle\n", (int)size, E,
                          E == 1 ? "" : "s", E, (int)size - 1));
  else if (size == E + 1)
    PetscCall(PetscPrintf(comm, "j3o: note: %d ranks but %d edge cluster%s: rank %d idle\n", (int)size, E,
                          E == 1 ? "" : "s", E));
  PetscFunctionReturn(0);
}

/* Rank 0 solves; every rank gets the summary (the solution itself stays on rank 0, which holds
   every cluster). */
static PetscErrorCode SolveOnRank0(MPI_Comm comm, J3oRank0Solve solve, const J3oInstance *inst,
                                   const J3oSolveOptions *opt, J3oResult *r)
{
  PetscMPIInt rank;
  double      summary[5];
  int         status;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  /* every rank learns whether rank 0 holds the whole instance (J3oSolveBlock), so none waits alone */
  status = rank != 0 || (inst->edge_first == 0 && inst->edge_last == inst->E);
  PetscCallMPI(MPI_Bcast(&status, 1, MPI_INT, 0, comm));
  PetscCheck(status, comm, PETSC_ERR_ARG_WRONG, "the %s method needs every cluster on rank 0 (J3oSolveBlock)",
             J3oMethods[opt->method].name);
  if (rank == 0) PetscCall(solve(inst, opt, r));
  summary[0] = r->accuracy;
  summary[1] = r->served_fraction;
  summary[2] = r->upper_bound;
  summary[3] = r->gap;
  summary[4] = r->wall_s;
  status     = (int)r->status;
  PetscCallMPI(MPI_Bcast(summary, 5, MPI_DOUBLE, 0, comm));
  PetscCallMPI(MPI_Bcast(&status, 1, MPI_INT, 0, comm));
  r->accuracy        = summary[0];
  r->served_fraction = summary[1];
  r->upper_bound     = summary[2];
  r->gap             = summary[3];
  r->wall_s          = summary[4];
  r->status          = (J3oStatus)status;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oSolve(MPI_Comm comm, const J3oInstance *inst, const J3oSolveOptions *opt, J3oResult *r)
{
  PetscFunctionBegin;
  PetscCheck(opt->method >= 0 && opt->method < J3oMethodCount, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "method %d: not a row of the method table", opt->method);
  PetscCall(J3oSolveOptionsCheckChurn(comm, opt, opt->previous ? PETSC_TRUE : PETSC_FALSE));
  PetscCall(J3oLogRegister());
  if (J3oMethods[opt->method].rank0) PetscCall(SolveOnRank0(comm, J3oMethods[opt->method].rank0, inst, opt, r));
  else PetscCall(J3oSolveDistributed(comm, inst, opt, r));
  PetscFunctionReturn(0);
}
