/* recovery.c: primal recovery of constraints 9-10: per-cluster cloud quotas, over-quota clusters re-solved whole under their quota, unused quota handed on; a cloud left unused is filled (recovery_fill.c). */
#include "recovery/recovery_impl.h"
#include "core/log.h"
#include "j3o/tolerances.h"

/* Re-solves cluster k under caps (whole with the given search, or by the LP re-route of its last
   onloading when `reroute`); keeps the new solution when `keep_better` is false or it is better.
   The kept solution always satisfies the caps: the old one is kept only when its usage is within them. */
static PetscErrorCode Resolve(J3oSolveCtx *ctx, int k, double capF, double capB, PetscBool keep_better, PetscBool reroute, J3oClusterSearch search)
{
  J3oShared          p   = {{ctx->last_mu[0], ctx->last_mu[1]}};
  J3oShared          cap = J3oCloudCaps(capF, capB);
  J3oClusterRequest  req = {p, cap, search};
  J3oClusterSolution s = {0};

  PetscFunctionBegin;
  /* past the time limit: the old solution if it fits, else nothing (dropping is always feasible) */
  if (J3oTimeUp(ctx)) {
    if (!keep_better) PetscCall(J3oClusterSolutionFree(&ctx->sol[k]));
    PetscFunctionReturn(0);
  }
  if (reroute) PetscCall(J3oClusterReroute(ctx->clusters[k], &p, 1, &cap, &s));
  else PetscCall(J3oClusterSolve(ctx->clusters[k], &req, &s));
  if (!keep_better || s.value > ctx->sol[k].value) {
    PetscCall(J3oClusterSolutionFree(&ctx->sol[k]));
    ctx->sol[k] = s;
  } else PetscCall(J3oClusterSolutionFree(&s));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oRecover(J3oSolveCtx *ctx)
{
  double value, useF, useB, fF, fB, *orgF, *orgB, *orgV, *loc, deficit[2];

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(J3oEventRecovery, 0, 0, 0, 0));
  PetscCall(J3oRecoverTotals(ctx, &value, &useF, &useB));
  PetscCall(PetscMalloc3(ctx->ncl, &orgF, ctx->ncl, &orgB, ctx->ncl, &orgV));
  for (int k = 0; k < ctx->ncl; k++) { orgF[k] = ctx->sol[k].use.r[J3O_SHARED_CLOUD_GFLOPS]; orgB[k] = ctx->sol[k].use.r[J3O_SHARED_CLOUD_INGRESS]; orgV[k] = ctx->sol[k].value; }
  /* Round 1: each cluster's quota level by a knapsack over a few levels of its own use
     (J3oRecoverByLevels), or q_e = f * use_e with f = min(1, cap / total use); sum_e q_e <= cap. */
  fF = useF > ctx->capF ? ctx->capF / useF : 1.0;
  fB = useB > ctx->capB ? ctx->capB / useB : 1.0;
  if (fF < 1 || fB < 1) {
    double f[2] = {fF, fB};
    PetscBool late = J3oTimeUp(ctx), any_late;
    PetscCallMPI(MPI_Allreduce(&late, &any_late, 1, MPIU_BOOL, MPI_LOR, ctx->comm));
    if (ctx->opt->quota_levels >= 2 && !any_late) PetscCall(J3oRecoverByLevels(ctx, ctx->opt->quota_levels, f));
    else {
      for (int k = 0; k < ctx->ncl; k++) {
        double qF = orgF[k] * fF, qB = orgB[k] * fB;
        if (orgF[k] > qF || orgB[k] > qB) PetscCall(Resolve(ctx, k, qF, qB, PETSC_FALSE, PETSC_FALSE, J3O_CLUSTER_SEARCH_DEFAULT));
      }
    }
    /* Round 2: what the quotas left unused (from actual use) goes to the capped clusters in
       proportion to what they gave up; each keeps the better of its two solutions. */
    PetscCall(J3oRecoverTotals(ctx, &value, &useF, &useB));
    double leftF = PetscMax(ctx->capF - useF, 0), leftB = PetscMax(ctx->capB - useB, 0);
    PetscCall(PetscMalloc1(2 * ctx->ncl + 1, &loc));
    for (int k = 0; k < ctx->ncl; k++) {
      loc[2 * k]     = PetscMax(orgF[k] - ctx->sol[k].use.r[J3O_SHARED_CLOUD_GFLOPS], 0);
      loc[2 * k + 1] = PetscMax(orgB[k] - ctx->sol[k].use.r[J3O_SHARED_CLOUD_INGRESS], 0);
    }
    PetscCall(J3oRecoverSum(ctx, 2, loc, deficit));
    PetscCall(PetscFree(loc));
    if ((leftF > 0 || leftB > 0) && (deficit[0] > 0 || deficit[1] > 0)) {
      for (int k = 0; k < ctx->ncl; k++) {
        double dF = PetscMax(orgF[k] - ctx->sol[k].use.r[J3O_SHARED_CLOUD_GFLOPS], 0), dB = PetscMax(orgB[k] - ctx->sol[k].use.r[J3O_SHARED_CLOUD_INGRESS], 0);
        if (dF <= 0 && dB <= 0) continue;
        /* 1 - J3O_ROUNDOFF: keep the sum of caps strictly within capacity under round-off */
        double qF = ctx->sol[k].use.r[J3O_SHARED_CLOUD_GFLOPS] + (deficit[0] > 0 ? leftF * dF / deficit[0] : 0) * (1 - J3O_ROUNDOFF);
        double qB = ctx->sol[k].use.r[J3O_SHARED_CLOUD_INGRESS] + (deficit[1] > 0 ? leftB * dB / deficit[1] : 0) * (1 - J3O_ROUNDOFF);
        PetscCall(Resolve(ctx, k, qF, qB, PETSC_TRUE, !J3oRecoverWhole(ctx), J3O_CLUSTER_SEARCH_DEFAULT));
      }
    }
    /* Polish: each cluster the cloud capped at a loss of more than polish_loss of its value re-runs
       the whole search under its current use, keeping the better (measured: up to 1 % of accuracy
       on tight clouds, at one solve each). */
    for (int k = 0; k < ctx->ncl; k++) {
      if (orgF[k] <= ctx->sol[k].use.r[J3O_SHARED_CLOUD_GFLOPS] && orgB[k] <= ctx->sol[k].use.r[J3O_SHARED_CLOUD_INGRESS]) continue;
      if (ctx->sol[k].value >= (1 - ctx->opt->polish_loss) * orgV[k]) continue; /* the cap cost little */
      PetscCall(Resolve(ctx, k, ctx->sol[k].use.r[J3O_SHARED_CLOUD_GFLOPS], ctx->sol[k].use.r[J3O_SHARED_CLOUD_INGRESS], PETSC_TRUE, PETSC_FALSE, J3O_CLUSTER_SEARCH_EXHAUSTIVE));
    }
  }
  /* within the cloud, possibly leaving capacity that the prices (or the quotas) priced out: hand it out */
  PetscCall(J3oRecoverFill(ctx));
  PetscCall(J3oRecoverTotals(ctx, &value, &useF, &useB));
  PetscCheck(J3oWithinCloud(ctx, useF, useB, J3O_CLOUD_ABSTOL_RECOVERY), ctx->comm, PETSC_ERR_PLIB, "Recovery left cloud use %g/%g GFLOP/s, %g/%g MB/s", useF, ctx->capF, useB, ctx->capB);
  if (value > ctx->best_primal) {
    ctx->best_primal = value;
    for (int k = 0; k < ctx->ncl; k++) {
      PetscCall(J3oClusterSolutionFree(&ctx->best_sol[k]));
      PetscCall(J3oClusterSolutionCopy(&ctx->sol[k], &ctx->best_sol[k]));
    }
  }
  PetscCall(PetscFree3(orgF, orgB, orgV));
  PetscCall(PetscLogEventEnd(J3oEventRecovery, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
