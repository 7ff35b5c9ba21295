/* kelley_impl.h: the cutting-plane model of the price dual shared by the Kelley coordinator and its sampled warm-up. */
#ifndef J3O_KELLEY_IMPL_H
#define J3O_KELLEY_IMPL_H

#include "coord/solve_impl.h"
#include "j3o/tolerances.h"

/* Cuts live on rank 0. Cut k of cluster e (all in units normalized by total_demand, prices p = mu * s / total_demand):
   theta_e + aF p_F + aB p_B >= rhs,  aF = useF_e / sF,  aB = useB_e / sB. */
typedef struct {
  int        n;
  PetscCount cap;
  int       *cluster;
  double *aF, *aB, *rhs;
} J3oCutSet;

static inline PetscBool J3oPricesClose(const double a[2], const double b[2], const double pmax[2])
{
  for (int j = 0; j < 2; j++)
    if (PetscAbsReal(a[j] - b[j]) > J3O_PRICE_EPS * PetscMax(pmax[j], J3O_SCALE_FLOOR)) return PETSC_FALSE;
  return PETSC_TRUE;
}

/* The linearization of cluster e's bound LP at p: value v (normalized), usage (useF, useB). */
PetscErrorCode J3oCutSetAdd(J3oCutSet *cuts, int e, double v, double useF, double useB, const double s[2], const double p[2]);
PetscErrorCode J3oCutSetFree(J3oCutSet *cuts);

/* Master LP: min sum_e theta_e + c'p over the cuts, theta_e >= floor_e (a value cluster e reaches
   at any price without the cloud), lo <= p <= hi. Returns its optimum (a lower bound on min D / total_demand
   when [lo, hi] is the whole price box, or when the minimizer lies inside [lo, hi]) and the minimizer. */
PetscErrorCode J3oKelleyMaster(const J3oCutSet *cuts, int E, const double floor[], const double c[2], const double lo[2], const double hi[2], double *lower, double p[2]);

/* Rank 0 gets every cluster's value, usage and floor of the last J3oBoundEvaluate (global cluster order). */
typedef struct {
  double *v, *F, *B, *fl; /* [E] on rank 0 */
} J3oClusterTable;

PetscErrorCode J3oClusterTableCreate(J3oSolveCtx *ctx, J3oClusterTable *t);
PetscErrorCode J3oClusterTableGather(J3oSolveCtx *ctx, J3oClusterTable *t);
PetscErrorCode J3oClusterTableDestroy(J3oSolveCtx *ctx, J3oClusterTable *t);

/* Collective: Kelley on a sample of the clusters (every stride-th by global index) from mu = 0, the
   capacities scaled by the sample's share of the weighted demand, or (by_usage, right after a full
   evaluation at mu = 0) of the cloud use there. The sample's cuts (valid for their clusters) go into
   the cut set `cuts`. *binds: the sample's cloud binds at mu = 0; then p (rank 0, scaled) is the best sampled price,
   a starting point for the whole dual. Skipped (*binds false) when -j3o_price_sample asks for none
   or there are fewer than 4x as many clusters. */
PetscErrorCode J3oPriceSample(J3oSolveCtx *ctx, PetscBool by_usage, J3oCutSet *cuts, double p[2], PetscBool *binds);

/* Whether -j3o_price_sample asks for a sample and there are at least 4x as many clusters. */
PetscBool J3oPriceSampleUsable(const J3oSolveCtx *ctx);

#endif
