/* kelley_impl.h: the private data of the j3okelley TAO type: its cutting-plane model of the price dual (cut set,
   master LP), trust box and sampled start. */
#ifndef J3O_KELLEY_IMPL_H
#define J3O_KELLEY_IMPL_H

#include "coord/dual.h"
#include "j3o/tolerances.h"

/* Cuts live on rank 0. Cut k of cluster e (all in units normalized by total_demand, prices p = mu * s / total_demand),
   over the active resources r:  theta_e + sum_r a_r p_r >= rhs,  a_r = use_r,e / s_r  (0 for the inactive ones). */
typedef struct {
  int        n;
  PetscCount cap;
  int       *cluster;
  J3oShared *a;   /* [n] coefficients per resource */
  double    *rhs; /* [n] */
} J3oCutSet;

/* Are scaled prices a and b the same on every active resource, up to J3O_PRICE_EPS of the box? */
static inline PetscBool J3oPricesClose(const J3oSharedSet *active, const J3oShared *a, const J3oShared *b,
                                       const J3oShared *pmax)
{
  for (int j = 0; j < active->n; j++) {
    int r = active->r[j];
    if (PetscAbsReal(a->r[r] - b->r[r]) > J3O_PRICE_EPS * PetscMax(pmax->r[r], J3O_SCALE_FLOOR)) return PETSC_FALSE;
  }
  return PETSC_TRUE;
}

/* The linearization of cluster e's bound LP at scaled prices p: value v (normalized), shared use `use`. */
PetscErrorCode J3oCutSetAdd(J3oCutSet *cuts, const J3oSharedSet *active, int e, double v, const J3oShared *use,
                            const J3oShared *s, const J3oShared *p);
PetscErrorCode J3oCutSetFree(J3oCutSet *cuts);

/* Started from a sample's estimate, the model is kept to a box around it that doubles on a side
   whenever the step lands there; the model's minimum is a lower bound on the dual only when the
   step lies inside the box (convexity), so only then may it stop the search. */
typedef struct {
  PetscBool on;
  J3oShared center, radius;
} J3oTrustBox;

/* tao->data of the j3okelley type; the cut set, box and sample live on rank 0. */
typedef struct {
  J3oDual     dual;         /* first member: the dual function it minimizes (J3oTaoSetDual) */
  PetscInt    price_sample; /* -tao_kelley_price_sample; < 0: -j3o_price_sample of the solve options */
  J3oCutSet   cuts;
  J3oTrustBox box;
  J3oShared   sample_p;     /* the sampled start (scaled prices) */
  PetscBool   sample_binds; /* the sample's cloud binds at 0: sample_p is a start */
  double      lower;        /* the model's last proven minimum (normalized), -inf before one */
  PetscReal   start_radius; /* -tao_kelley_start_radius: the trust box around a sampled start, relative */
  PetscReal   warm_radius;  /* -tao_kelley_warm_radius: the trust box around a given start (a re-plan's) */
  PetscReal   warm_tol;     /* -tao_kelley_warm_tol: a given start's search ends when its box promises less */
} TAO_J3oKelley;

/* Master LP: min sum_e theta_e + c'p over the cuts, theta_e >= floor_e (a value cluster e reaches
   at any price without the shared resources), lo <= p <= hi; one price column per active resource
   (E + active->n columns). Returns its optimum (a lower bound on min D / total_demand when [lo, hi]
   is the whole price box, or when the minimizer lies inside [lo, hi]) and the minimizer (0 on the
   inactive resources). scaled: each theta_e in units of the mean cut's right-hand side. Each theta_e is
   about 1/E of the dual, and CLP's absolute tolerances (1e-7) on rows that small leave the optimum
   uncertain by about 1e-6 of the dual at 1,000 clusters, the size of -j3o_dual_tol; scaled, the
   optimum is accurate (its minimizer is another vertex among equal ones). */
PetscErrorCode J3oKelleyMaster(const J3oCutSet *cuts, const J3oSharedSet *active, int E, const double floor[],
                               const J3oShared *c, const J3oShared *lo, const J3oShared *hi, PetscBool scaled,
                               double *lower, J3oShared *p);

/* Collective: Kelley on a sample of the clusters (every stride-th by global index) from mu = 0, the
   capacities scaled by the sample's share of the weighted demand, or (by_usage, right after a full
   evaluation at mu = 0) of each resource's use there. The sample's cuts (valid for their clusters) go into
   the cut set `cuts`. *binds: the sample's cloud binds at mu = 0; then p (rank 0, scaled) is the best sampled price,
   a starting point for the whole dual. Skipped (*binds false) when `want` is 0
   or there are fewer than 4x as many clusters. */
PetscErrorCode J3oPriceSample(J3oDual ctx, PetscInt want, PetscBool by_usage, J3oCutSet *cuts, J3oShared *p,
                              PetscBool *binds);

/* Whether a sample of `want` clusters is asked for (want > 0) and there are at least 4x as many clusters. */
PetscBool J3oPriceSampleUsable(J3oDual ctx, PetscInt want);

#endif
