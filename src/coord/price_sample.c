/* price_sample.c: a cheap starting point for the price dual: Kelley on a sample of the clusters.
   At scale the first price steps of Kelley from mu = 0 overshoot (one cut per cluster cannot see
   where cloud traffic stops paying) and each far step costs a near-cold LP solve of every cluster;
   the sample takes those steps at a fraction of the cost, and the whole dual starts near its minimizer. */
#include "coord/kelley_impl.h"
#include "coord/solve_impl.h"
#include "j3o/tolerances.h"

#define SAMPLE_MAX_IT 30

PetscBool J3oPriceSampleUsable(J3oDual ctx, PetscInt want)
{
  return want > 0 && ctx->inst->E >= 4 * want ? PETSC_TRUE : PETSC_FALSE;
}

PetscErrorCode J3oPriceSample(J3oDual ctx, PetscInt want, PetscBool by_usage, J3oCutSet *cuts, double p[2], PetscBool *binds)
{
  const J3oInstance *in = ctx->inst;
  int        E = in->E, stride;
  PetscBool *mask;
  double     wloc = 0, wS = 0, s[2], pmax[2], c[2], zero[2] = {0, 0}, lower, best = INFINITY, pbest[2] = {0, 0};
  double     mu[2] = {0, 0}, sum[3];
  J3oClusterTable tab;

  PetscFunctionBegin;
  *binds = PETSC_FALSE;
  p[0] = p[1] = 0;
  if (!J3oPriceSampleUsable(ctx, want)) PetscFunctionReturn(0);
  stride = E / (int)want;
  /* every stride-th cluster by global index: the same sample on any number of ranks */
  PetscCall(PetscCalloc1(ctx->ncl + 1, &mask));
  for (int k = 0; k < ctx->ncl; k++) {
    int e = in->edge_first + k;
    if (e % stride) continue;
    double w;
    mask[k] = PETSC_TRUE;
    PetscCall(J3oClusterWeightedDemand(ctx->clusters[k], &w));
    wloc += w;
  }
  PetscCallMPI(MPI_Allreduce(&wloc, &wS, 1, MPI_DOUBLE, MPI_SUM, ctx->comm));
  {
    J3oDualInfo info;
    PetscCall(J3oDualGetInfo(ctx, &info));
    for (int j = 0; j < 2; j++) { s[j] = info.s[j]; pmax[j] = info.pmax[j]; }
  }
  PetscCall(J3oClusterTableCreate(ctx, &tab));
  for (int it = 0; it < SAMPLE_MAX_IT && !ctx->stop; it++) {
    int    stop = 0;
    double est = 0, at[2];
    PetscCall(J3oBoundEvaluate(ctx, mu, mask, sum));
    PetscCall(J3oClusterTableGather(ctx, &tab));
    at[0] = mu[0]; at[1] = mu[1];
    if (ctx->rank == 0) {
      double pc[2] = {mu[0] * s[0] / ctx->total_demand, mu[1] * s[1] / ctx->total_demand}, g[2], dS, floor_out = 0;
      if (it == 0) {
        /* the sample's share of the cloud: of the whole cloud use at mu = 0 (the last full
           evaluation) when asked and known, else of the weighted demand */
        double use0[2] = {ctx->capF - ctx->grad[0], ctx->capB - ctx->grad[1]};
        c[0] = ctx->capF / s[0] * (by_usage && use0[0] > 0 ? sum[1] / use0[0] : wS / ctx->total_demand);
        c[1] = ctx->capB / s[1] * (by_usage && use0[1] > 0 ? sum[2] / use0[1] : wS / ctx->total_demand);
      }
      dS = sum[0] / ctx->total_demand + c[0] * pc[0] + c[1] * pc[1];
      g[0] = c[0] - sum[1] / s[0];
      g[1] = c[1] - sum[2] / s[1];
      est = dS * ctx->total_demand / wS;
      if (dS < best) { best = dS; pbest[0] = pc[0]; pbest[1] = pc[1]; }
      if (it == 0 && g[0] >= 0 && g[1] >= 0) stop = 1; /* the sample's cloud does not bind: no estimate */
      else {
        if (it == 0) *binds = PETSC_TRUE;
        for (int e = 0; e < E; e++) {
          if (e % stride) { floor_out += tab.fl[e]; continue; }
          PetscCall(J3oCutSetAdd(cuts, e, tab.v[e] / ctx->total_demand, tab.F[e], tab.B[e], s, pc));
        }
        PetscCall(J3oKelleyMaster(cuts, E, tab.fl, c, zero, pmax, &lower, p));
        lower -= floor_out; /* the clusters outside the sample sit at their floors in the master */
        if (best - lower <= 10 * ctx->opt->dual_tol * PetscMax(PetscAbsReal(best), J3O_SCALE_FLOOR)) stop = 1;
        else if (J3oPricesClose(p, pc, pmax)) stop = 1;
        for (int j = 0; j < 2; j++) mu[j] = p[j] * ctx->total_demand / s[j];
      }
    }
    PetscCall(J3oProgressSample(ctx, it + 1, at, est));
    PetscCallMPI(MPI_Bcast(&stop, 1, MPI_INT, 0, ctx->comm));
    if (stop) break;
  }
  PetscCallMPI(MPI_Bcast(binds, 1, MPIU_BOOL, 0, ctx->comm));
  p[0] = pbest[0]; p[1] = pbest[1];
  PetscCall(J3oClusterTableDestroy(ctx, &tab));
  PetscCall(PetscFree(mask));
  PetscFunctionReturn(0);
}
