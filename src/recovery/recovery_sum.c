/* recovery_sum.c: sums over all clusters in cluster order, so that recovery's caps and results are the same on any
 * number of ranks. */
#include "recovery/recovery_impl.h"

PetscErrorCode J3oRecoverSum(J3oSolveCtx *ctx, int n, const double *loc, double *sum)
{
  double *all    = NULL;
  int    *counts = NULL, *displs = NULL, total = 0;

  PetscFunctionBegin;
  if (ctx->rank == 0) {
    PetscCall(PetscMalloc2(ctx->size, &counts, ctx->size, &displs));
    for (int q = 0; q < ctx->size; q++) {
      counts[q] = n * ctx->cl_counts[q];
      displs[q] = n * ctx->cl_displs[q];
      total += ctx->cl_counts[q];
    }
    PetscCall(PetscMalloc1(n * total + 1, &all));
  }
  PetscCallMPI(MPI_Gatherv(loc, n * ctx->ncl, MPI_DOUBLE, all, counts, displs, MPI_DOUBLE, 0, ctx->comm));
  if (ctx->rank == 0) {
    for (int i = 0; i < n; i++) sum[i] = 0;
    for (int k = 0; k < total; k++)
      for (int i = 0; i < n; i++) sum[i] += all[n * k + i];
    PetscCall(PetscFree(all));
    PetscCall(PetscFree2(counts, displs));
  }
  PetscCallMPI(MPI_Bcast(sum, n, MPI_DOUBLE, 0, ctx->comm));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oRecoverTotals(J3oSolveCtx *ctx, double *value, J3oShared *use)
{
  enum {
    N = 1 + J3O_NSHARED
  }; /* value, then the use of each resource */
  double *loc, sum[N];

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(N * ctx->ncl + 1, &loc));
  for (int k = 0; k < ctx->ncl; k++) {
    loc[N * k] = ctx->sol[k].value;
    for (int r = 0; r < J3O_NSHARED; r++) loc[N * k + 1 + r] = ctx->sol[k].use.r[r];
  }
  PetscCall(J3oRecoverSum(ctx, N, loc, sum));
  *value = sum[0];
  for (int r = 0; r < J3O_NSHARED; r++) use->r[r] = sum[1 + r];
  PetscCall(PetscFree(loc));
  PetscFunctionReturn(0);
}
