/* j3o/shared.h: the shared resources that couple the edge clusters (constraints 9, 10 and 13 of
   docs/formulation.md), priced by the coordinator: one vector type for prices, capacities, use and
   cut coefficients, and the one function that gives a route's load on them. */
#ifndef J3O_SHARED_H
#define J3O_SHARED_H

#include <petscsys.h>
#include "j3o/instance.h"

/* Indices of the shared resources. A route loads the cloud ones (J3oSharedRouteLoad); churn is loaded
   by onloading a model a device did not hold in the previous plan (J3oChurn, j3o/previous.h). */
enum {
  J3O_SHARED_CLOUD_GFLOPS = 0, /* constraint 9:  sum lambda g_c(t) z <= rho F_c */
  J3O_SHARED_CLOUD_INGRESS,    /* constraint 10: sum lambda d_t z <= B_c */
  J3O_SHARED_CHURN_MB,         /* constraint 13: sum_e churn_e <= G (-swap_budget_total_mb) */
  J3O_NSHARED
};

/* One value per shared resource: prices mu (per unit, in units of the unnormalized objective),
   capacities (INFINITY: the resource is inactive, its price fixed at 0), use, cut coefficients. */
typedef struct {
  double r[J3O_NSHARED];
} J3oShared;

/* Every resource at value v (INFINITY: no capacity anywhere; 0: no price). */
static inline J3oShared J3oSharedConst(double v)
{
  J3oShared s;
  for (int r = 0; r < J3O_NSHARED; r++) s.r[r] = v;
  return s;
}

/* Is every entry >= 0? (prices and caps) */
static inline PetscBool J3oSharedNonNegative(const J3oShared *s)
{
  for (int r = 0; r < J3O_NSHARED; r++)
    if (!(s->r[r] >= 0)) return PETSC_FALSE;
  return PETSC_TRUE;
}

extern const char *const J3oSharedNames[J3O_NSHARED];      /* "cloud_gflops", "cloud_ingress_mb_s", "churn_mb" */
extern const char *const J3oSharedShortNames[J3O_NSHARED]; /* "F", "B", "churn": /trace/mu_<short> */
extern const char *const J3oSharedTitles[J3O_NSHARED];     /* summary rows: "cloud compute", ... */

/* Adds into load the shared load of `queries` queries per second of task t of local client row i sent
   by a route of kind `kind` to model `model`: the cloud routes load cloud compute (queries g_model)
   and cloud ingress (queries d_t); local and edge routes load nothing shared. The cluster LPs, the
   exact MILP and the summary take their cloud coefficients from here (j3o-check keeps its own). */
void J3oSharedRouteLoad(const J3oInstance *in, int64_t i, int t, J3oRouteKind kind, int model, double queries,
                        J3oShared *load);

/* The capacities the instance gives: cloud compute rho F_c, cloud ingress B_c; INFINITY for the
   resources whose capacity is an option (churn: -swap_budget_total_mb). */
void J3oSharedCapacity(const J3oInstance *in, J3oShared *cap);

/* The active shared resources: those with a finite capacity, in index order. The others are
   inactive: their price is 0 and the coordinator and recovery leave them out. */
typedef struct {
  int n;              /* how many are active */
  int r[J3O_NSHARED]; /* their indices, r[0..n-1] */
} J3oSharedSet;

void J3oSharedActive(const J3oShared *cap, J3oSharedSet *active);

#endif
