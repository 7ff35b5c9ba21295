/* dual.h: the price dual as the coordinator's TAO types see it: a collective object evaluated at the shared-resource
   prices, giving the dual value, a subgradient and, gathered on rank 0, every cluster's value, shared-resource use and
   floor. Its implementation is the solve context (solve_impl.h), which the types never see. */
#ifndef J3O_DUAL_H
#define J3O_DUAL_H

#include <petsctao.h>
#include "j3o/shared.h"
#include "j3o/tolerances.h"

typedef struct _p_J3oDual *J3oDual;

/* What the types read once per solve. Values are unnormalized (divide by total_demand for accuracy
   units); the coordinator works on scaled prices p = mu * s / total_demand, inside [0, pmax], of the
   active resources only (the others' prices stay 0). */
typedef struct {
  MPI_Comm     comm;
  PetscMPIInt  rank;
  int          E;            /* clusters in all */
  double       total_demand; /* total weighted demand, the objective's normalizer */
  J3oSharedSet active;       /* the priced resources: those with a capacity */
  J3oShared    cap;          /* capacities (cloud compute rho F_c, ingress B_c, ...), INFINITY: inactive */
  J3oShared    s;            /* price scaling: the capacity when positive and finite, else 1 */
  J3oShared    pmax;         /* the box of scaled prices, from mu_max (0 when inactive) */
  int          price_sample; /* -j3o_price_sample */
} J3oDualInfo;

PetscErrorCode J3oDualGetInfo(J3oDual dual, J3oDualInfo *info);

/* Collective: D(mu) = sum_e LP_e(mu) + mu'cap at rank 0's mu (broadcast inside) into *value and a
   subgradient cap - use into grad, the same on every rank; records trace and progress and, every
   -j3o_primal_every evaluations, runs the integer heuristic. *partial: a stop signal cut it short
   (nothing recorded, *value and grad unset). */
PetscErrorCode J3oDualEvaluate(J3oDual dual, const J3oShared *mu, double *value, J3oShared *grad, PetscBool *partial);

/* The best dual value so far and the best feasible primal value (-1 when none), unnormalized; the
   same on every rank. */
PetscErrorCode J3oDualGetBest(J3oDual dual, double *best_dual, double *best_primal);

/* Whether every rank agreed at the last progress point to stop the price search (time limit or signal). */
PetscBool J3oDualStopRequested(J3oDual dual);

/* Rank 0's prices in v (one entry per active resource, owned by rank 0) into mu; 0 on the other
   ranks and for the inactive resources. */
PetscErrorCode J3oDualGetPrices(J3oDual dual, Vec v, J3oShared *mu);
/* Collective: the prices of the best dual value into v. */
PetscErrorCode J3oDualSetBestPrices(J3oDual dual, Vec v);

/* Rank 0 gets every cluster's value, shared use and floor (floor normalized) of the last evaluation, in global cluster
 * order. */
typedef struct {
  double    *v, *fl; /* [E] on rank 0 */
  J3oShared *use;    /* [E] on rank 0 */
} J3oClusterTable;

PetscErrorCode J3oClusterTableCreate(J3oDual dual, J3oClusterTable *t);
PetscErrorCode J3oClusterTableGather(J3oDual dual, J3oClusterTable *t);
PetscErrorCode J3oClusterTableDestroy(J3oDual dual, J3oClusterTable *t);

/* Collective: TAO's objective/gradient callback (ctx a J3oDual) over a rank-0-owned vector of the active prices:
   f = D(mu) / total_demand, g = (cap - use) / total_demand. */
PetscErrorCode J3oDualObjectiveGradient(Tao tao, Vec mu, PetscReal *f, Vec g, void *ctx);

/* Collective: the dual for the coordinator's TAO: the objective/gradient callback for any
   type, the object itself for j3o's types (the first member of their private data). */
PetscErrorCode J3oTaoSetDual(Tao tao, J3oDual dual);

/* The constructors of j3o's TAO types (J3oTaoRegisterAll registers them): multi-cut Kelley cutting
   planes, or projected subgradient with Polyak steps. */
PetscErrorCode J3oTaoCreateKelley(Tao tao);
PetscErrorCode J3oTaoCreateSubgradient(Tao tao);
/* Whether tao is one of j3o's types (they leave the best prices evaluated in the solution). */
PetscBool J3oTaoTypeIsJ3o(Tao tao);

/* Is best - other at most tol of |best|? The price searches' relative stop tests. */
static inline PetscBool J3oDualWithin(double best, double other, double tol)
{
  return (PetscBool)(best - other <= tol * PetscMax(PetscAbsReal(best), J3O_SCALE_FLOOR));
}

#endif
