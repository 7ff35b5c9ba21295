/* recovery_impl.h: what the recovery files share: the quota-level knapsack and the filling of unused cloud. */
#ifndef J3O_RECOVERY_IMPL_H
#define J3O_RECOVERY_IMPL_H

#include "coord/solve_impl.h"

/* Caps on the two cloud resources, none on the others. */
static inline J3oShared J3oCloudCaps(double gflops, double ingress)
{
  J3oShared cap = J3oSharedConst(INFINITY);
  cap.r[J3O_SHARED_CLOUD_GFLOPS]  = gflops;
  cap.r[J3O_SHARED_CLOUD_INGRESS] = ingress;
  return cap;
}

/* Collective: one level per cluster by the multiple-choice knapsack (CBC on rank 0). loc holds this
   rank's L levels per cluster as (value, cloud GFLOP/s, ingress MB/s) triples; the chosen levels'
   usages sum to at most capF and capB, and level 0 everywhere must fit. choice[k] is cluster k's level. */
PetscErrorCode J3oRecoverChoose(J3oSolveCtx *ctx, int L, const double *loc, double capF, double capB, int *choice);

/* Collective: n per-cluster numbers (loc[n * k + i], this rank's clusters) summed over every cluster
   in cluster order on rank 0 and broadcast: the same bit for bit whatever the number of ranks, so
   that caps computed from them, and the results, do not depend on it. */
PetscErrorCode J3oRecoverSum(J3oSolveCtx *ctx, int n, const double *loc, double *sum);

/* Collective: J3oRecoverSum of ctx->sol's values and cloud usages. */
PetscErrorCode J3oRecoverTotals(J3oSolveCtx *ctx, double *value, double *useF, double *useB);

/* Collective: when the solutions leave cloud capacity unused on a resource whose price is positive,
   the clusters bid for the unused capacity: each prices a few levels of extra cloud use by re-solving
   at zero prices under caps of its use plus a share of the slack, the knapsack chooses one level per
   cluster within the slack, and what is left goes round once more. Every cluster keeps its solution
   unless the chosen level is better. */
PetscErrorCode J3oRecoverFill(J3oSolveCtx *ctx);

#endif
