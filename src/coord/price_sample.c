/* price_sample.c: a cheap starting point for the price dual: Kelley on a sample of the clusters.
   At scale the first price steps of Kelley from mu = 0 overshoot (one cut per cluster cannot see
   where cloud traffic stops paying) and each far step costs a near-cold LP solve of every cluster;
   the sample takes those steps at a fraction of the cost, and the whole dual starts near its minimizer. */
#include "coord/kelley_impl.h"
#include "coord/solve_impl.h"
#include "j3o/tolerances.h"
#include "core/ordered_sum.h"

#define SAMPLE_MAX_IT 30

PetscBool J3oPriceSampleUsable(J3oDual ctx, PetscInt want)
{
  return want > 0 && ctx->inst->E >= 4 * want ? PETSC_TRUE : PETSC_FALSE;
}

PetscErrorCode J3oPriceSample(J3oDual ctx, PetscInt want, PetscBool by_usage, J3oCutSet *cuts, J3oShared *p,
                              PetscBool *binds)
{
  const J3oInstance  *in  = ctx->inst;
  const J3oSharedSet *act = &ctx->active;
  int                 E   = in->E, stride;
  PetscBool          *mask;
  double             *wloc, wS = 0, lower, best = INFINITY, sum;
  J3oShared s, pmax, c = J3oSharedConst(0), zero = J3oSharedConst(0), pbest = J3oSharedConst(0), mu = J3oSharedConst(0),
                     use;
  J3oClusterTable tab;

  PetscFunctionBegin;
  *binds = PETSC_FALSE;
  *p     = J3oSharedConst(0);
  if (!J3oPriceSampleUsable(ctx, want)) PetscFunctionReturn(0);
  stride = E / (int)want;
  /* every stride-th cluster by global index: the same sample on any number of ranks */
  PetscCall(PetscCalloc1(ctx->ncl + 1, &mask));
  PetscCall(PetscCalloc1(ctx->ncl + 1, &wloc));
  for (int k = 0; k < ctx->ncl; k++) {
    int e = in->edge_first + k;
    if (e % stride) continue;
    mask[k] = PETSC_TRUE;
    PetscCall(J3oClusterWeightedDemand(ctx->clusters[k], &wloc[k]));
  }
  PetscCall(J3oOrderedSum(ctx->comm, ctx->ncl, 1, wloc, &wS));
  PetscCall(PetscFree(wloc));
  {
    J3oDualInfo info;
    PetscCall(J3oDualGetInfo(ctx, &info));
    s    = info.s;
    pmax = info.pmax;
  }
  PetscCall(J3oClusterTableCreate(ctx, &tab));
  for (int it = 0; it < SAMPLE_MAX_IT && !ctx->stop; it++) {
    int       stop = 0;
    double    est  = 0;
    J3oShared at;
    PetscCall(J3oBoundEvaluate(ctx, &mu, mask, &sum, &use));
    PetscCall(J3oClusterTableGather(ctx, &tab));
    at = mu;
    if (ctx->rank == 0) {
      J3oShared pc = J3oSharedConst(0);
      double    dS = sum / ctx->total_demand, floor_out = 0;
      PetscBool all_slack = PETSC_TRUE;
      for (int j = 0; j < act->n; j++) {
        int r   = act->r[j];
        pc.r[r] = mu.r[r] * s.r[r] / ctx->total_demand;
        if (it == 0) {
          /* the sample's share of the resource: of its whole use at mu = 0 (the last full
             evaluation) when asked and known, else of the weighted demand */
          double use0 = ctx->cap.r[r] - ctx->grad.r[r];
          c.r[r]      = ctx->cap.r[r] / s.r[r] * (by_usage && use0 > 0 ? use.r[r] / use0 : wS / ctx->total_demand);
        }
        dS += c.r[r] * pc.r[r];
        if (!(c.r[r] - use.r[r] / s.r[r] >= 0)) all_slack = PETSC_FALSE; /* the sample's subgradient */
      }
      est = dS * ctx->total_demand / wS;
      if (dS < best) {
        best  = dS;
        pbest = pc;
      }
      if (it == 0 && all_slack) stop = 1; /* the sample's resources do not bind: no estimate */
      else {
        if (it == 0) *binds = PETSC_TRUE;
        for (int e = 0; e < E; e++) {
          if (e % stride) {
            floor_out += tab.fl[e];
            continue;
          }
          PetscCall(J3oCutSetAdd(cuts, act, e, tab.v[e] / ctx->total_demand, &tab.use[e], &s, &pc));
        }
        PetscCall(J3oKelleyMaster(cuts, act, E, tab.fl, &c, &zero, &pmax, PETSC_FALSE, &lower, p));
        lower -= floor_out; /* the clusters outside the sample sit at their floors in the master */
        if (J3oDualWithin(best, lower, 10 * ctx->opt->dual_tol)) stop = 1;
        else if (J3oPricesClose(act, p, &pc, &pmax)) stop = 1;
        for (int j = 0; j < act->n; j++) mu.r[act->r[j]] = p->r[act->r[j]] * ctx->total_demand / s.r[act->r[j]];
      }
    }
    PetscCall(J3oProgressSample(ctx, it + 1, &at, est));
    PetscCallMPI(MPI_Bcast(&stop, 1, MPI_INT, 0, ctx->comm));
    if (stop) break;
  }
  PetscCallMPI(MPI_Bcast(binds, 1, MPIU_BOOL, 0, ctx->comm));
  *p = pbest;
  PetscCall(J3oClusterTableDestroy(ctx, &tab));
  PetscCall(PetscFree(mask));
  PetscFunctionReturn(0);
}
