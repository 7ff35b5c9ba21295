/* dual.h: the price dual as the coordinator's TAO types see it: a collective object evaluated at the cloud prices,
   giving the dual value, a subgradient and, gathered on rank 0, every cluster's value, shared-resource use and
   floor. Its implementation is the solve context (solve_impl.h), which the types never see. */
#ifndef J3O_DUAL_H
#define J3O_DUAL_H

#include <petsctao.h>

typedef struct _p_J3oDual *J3oDual;

/* What the types read once per solve. Values are unnormalized (divide by total_demand for accuracy
   units); the coordinator works on scaled prices p = mu * s / total_demand, inside [0, pmax]. */
typedef struct {
  MPI_Comm    comm;
  PetscMPIInt rank;
  int         E;            /* clusters in all */
  double      total_demand; /* total weighted demand, the objective's normalizer */
  double      cap[2];       /* cloud compute rho F_c and ingress B_c */
  double      s[2];         /* price scaling: the capacity when positive, else 1 */
  double      pmax[2];      /* the box of scaled prices, from mu_max */
  int         price_sample; /* -j3o_price_sample */
} J3oDualInfo;

PetscErrorCode J3oDualGetInfo(J3oDual dual, J3oDualInfo *info);

/* Collective: D(mu) = sum_e LP_e(mu) + mu'cap at rank 0's mu (broadcast inside) into *value and a
   subgradient cap - use into grad, the same on every rank; records trace and progress and, every
   -j3o_primal_every evaluations, runs the integer heuristic. *partial: a stop signal cut it short
   (nothing recorded, *value and grad unset). */
PetscErrorCode J3oDualEvaluate(J3oDual dual, const double mu[2], double *value, double grad[2], PetscBool *partial);

/* The best dual value so far and the best feasible primal value (-1 when none), unnormalized; the
   same on every rank. */
PetscErrorCode J3oDualGetBest(J3oDual dual, double *best_dual, double *best_primal);

/* Whether every rank agreed at the last progress point to stop the price search (time limit or signal). */
PetscBool J3oDualStopRequested(J3oDual dual);

/* Rank 0's prices in the 2-vector v (owned by rank 0) into mu; 0 on the other ranks. */
PetscErrorCode J3oDualGetPrices(J3oDual dual, Vec v, double mu[2]);
/* Collective: the prices of the best dual value into v. */
PetscErrorCode J3oDualSetBestPrices(J3oDual dual, Vec v);

/* Rank 0 gets every cluster's value, usage and floor (floor normalized) of the last evaluation, in global cluster order. */
typedef struct {
  double *v, *F, *B, *fl; /* [E] on rank 0 */
} J3oClusterTable;

PetscErrorCode J3oClusterTableCreate(J3oDual dual, J3oClusterTable *t);
PetscErrorCode J3oClusterTableGather(J3oDual dual, J3oClusterTable *t);
PetscErrorCode J3oClusterTableDestroy(J3oDual dual, J3oClusterTable *t);

/* Collective: TAO's objective/gradient callback (ctx a J3oDual) over a rank-0-owned 2-vector of prices:
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
PetscBool      J3oTaoTypeIsJ3o(Tao tao);

#endif
