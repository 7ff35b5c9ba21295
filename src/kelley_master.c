/* kelley_master.c: the multi-cut cutting-plane model of the price dual (cuts, master LP, gathered cluster data). */
#include "kelley_impl.h"
#include "j3o_lp.h"

PetscErrorCode J3oCutSetAdd(J3oCutSet *cs, int e, double v, double useF, double useB, const double s[2], const double p[2])
{
  double aF = useF / s[0], aB = useB / s[1];

  PetscFunctionBegin;
  if (cs->n == cs->cap) {
    int newcap = cs->cap ? 2 * cs->cap : 1024;
    PetscCall(PetscRealloc(sizeof(int) * newcap, &cs->cluster));
    PetscCall(PetscRealloc(sizeof(double) * newcap, &cs->aF));
    PetscCall(PetscRealloc(sizeof(double) * newcap, &cs->aB));
    PetscCall(PetscRealloc(sizeof(double) * newcap, &cs->rhs));
    cs->cap = newcap;
  }
  cs->cluster[cs->n] = e; cs->aF[cs->n] = aF; cs->aB[cs->n] = aB; cs->rhs[cs->n] = v + aF * p[0] + aB * p[1];
  cs->n++;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oCutSetFree(J3oCutSet *cs)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(cs->cluster));
  PetscCall(PetscFree(cs->aF));
  PetscCall(PetscFree(cs->aB));
  PetscCall(PetscFree(cs->rhs));
  PetscCall(PetscMemzero(cs, sizeof(*cs)));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oKelleyMaster(const J3oCutSet *cs, int E, const double floor[], const double c[2], const double lo[2], const double hi[2], double *lower, double p[2])
{
  int     ncols = E + 2, nrows = cs->n, nnz = 3 * cs->n;
  int    *start, *index;
  double *val, *clb, *cub, *obj, *rlb, *rub;
  J3oLP   lp;
  J3oLPStatus st;
  const double *x;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(ncols + 1, &start, nnz, &index, nnz, &val));
  PetscCall(PetscMalloc5(ncols, &clb, ncols, &cub, ncols, &obj, nrows, &rlb, nrows, &rub));
  /* column counts: theta_e appears in its cluster's cuts, p_F and p_B in every cut */
  for (int j = 0; j <= ncols; j++) start[j] = 0;
  for (int k = 0; k < cs->n; k++) start[cs->cluster[k] + 1]++;
  for (int j = 0; j < E; j++) start[j + 1] += start[j];
  start[E + 1] = start[E] + cs->n;
  start[E + 2] = start[E + 1] + cs->n;
  {
    int *fill;
    PetscCall(PetscMalloc1(E, &fill));
    for (int j = 0; j < E; j++) fill[j] = start[j];
    for (int k = 0; k < cs->n; k++) {
      int pos = fill[cs->cluster[k]]++;
      index[pos] = k; val[pos] = 1.0;
      index[start[E] + k] = k; val[start[E] + k] = cs->aF[k];
      index[start[E + 1] + k] = k; val[start[E + 1] + k] = cs->aB[k];
    }
    PetscCall(PetscFree(fill));
  }
  for (int j = 0; j < E; j++) { clb[j] = floor[j]; cub[j] = INFINITY; obj[j] = -1; }
  for (int j = 0; j < 2; j++) { clb[E + j] = lo[j]; cub[E + j] = hi[j]; obj[E + j] = -c[j]; }
  for (int k = 0; k < nrows; k++) { rlb[k] = cs->rhs[k]; rub[k] = INFINITY; }
  PetscCall(J3oLPCreate(&lp));
  PetscCall(J3oLPLoad(lp, ncols, nrows, start, index, val, clb, cub, obj, rlb, rub));
  PetscCall(J3oLPSolve(lp, &st));
  PetscCheck(st == J3O_LP_OPTIMAL, PETSC_COMM_SELF, PETSC_ERR_LIB, "Kelley master LP not solved to optimality (status %d)", (int)st);
  PetscCall(J3oLPGetObjective(lp, lower));
  *lower = -*lower;
  PetscCall(J3oLPGetPrimal(lp, &x));
  p[0] = PetscMin(PetscMax(x[E], lo[0]), hi[0]);
  p[1] = PetscMin(PetscMax(x[E + 1], lo[1]), hi[1]);
  PetscCall(J3oLPDestroy(&lp));
  PetscCall(PetscFree3(start, index, val));
  PetscCall(PetscFree5(clb, cub, obj, rlb, rub));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterTableCreate(J3oSolveCtx *ctx, J3oClusterTable *t)
{
  int E = ctx->inst->E;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(t, sizeof(*t)));
  if (ctx->rank == 0) PetscCall(PetscMalloc4(E, &t->v, E, &t->F, E, &t->B, E, &t->fl));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterTableGather(J3oSolveCtx *ctx, J3oClusterTable *t)
{
  PetscFunctionBegin;
  PetscCallMPI(MPI_Gatherv(ctx->cl_value, ctx->ncl, MPI_DOUBLE, t->v, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
  PetscCallMPI(MPI_Gatherv(ctx->cl_useF, ctx->ncl, MPI_DOUBLE, t->F, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
  PetscCallMPI(MPI_Gatherv(ctx->cl_useB, ctx->ncl, MPI_DOUBLE, t->B, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
  PetscCallMPI(MPI_Gatherv(ctx->cl_floor, ctx->ncl, MPI_DOUBLE, t->fl, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
  if (ctx->rank == 0)
    for (int e = 0; e < ctx->inst->E; e++) t->fl[e] /= ctx->W;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterTableDestroy(J3oSolveCtx *ctx, J3oClusterTable *t)
{
  PetscFunctionBegin;
  if (ctx->rank == 0) PetscCall(PetscFree4(t->v, t->F, t->B, t->fl));
  PetscFunctionReturn(0);
}
