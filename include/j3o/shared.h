/* j3o/shared.h: the shared resources that couple the edge clusters (constraints 9, 10 and 13 of
   docs/formulation.md), priced by the coordinator: one vector type for prices, capacities, use and
   cut coefficients, and the one function that gives a route's load on them. */
#ifndef J3O_SHARED_H
#define J3O_SHARED_H

#include <petscsys.h>
#include "j3o/instance.h"
#include "j3o/result.h"

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

extern const char *const J3oSharedNames[J3O_NSHARED];      /* "cloud_gflops", "cloud_ingress_mb_s", "churn_mb" */
extern const char *const J3oSharedShortNames[J3O_NSHARED]; /* "F", "B", "churn": /trace/mu_<short> */

#endif
