/* j3o/cluster.h: one edge cluster's priced subproblem: greedy onloading + exact offloading LP, and its LP-relaxation
 * bound. Rank-local, no MPI. */
#ifndef J3O_CLUSTER_H
#define J3O_CLUSTER_H

#include <petscsys.h>
#include "j3o/instance.h"
#include "j3o/result.h"
#include "j3o/shared.h"

typedef struct _p_J3oCluster *J3oCluster;

/* How the onloading is decided. J3O_ONLOAD_J3O is the full method; the others are baselines that
   fill the places their routes allow (clients for local routes, the edge for edge routes), then run
   the LP. */
typedef enum {
  J3O_ONLOAD_J3O = 0, /* priced submodular greedy + LP alternation, safeguards, second start, swaps; every route */
  J3O_ONLOAD_GREEDY,  /* most accurate models that fit, no prices, then the LP */
  J3O_ONLOAD_RANDOM   /* seeded random models that fit, then the LP */
} J3oOnloadRule;

/* The route kinds a cluster may use, a set of bits 1 << J3oRouteKind. */
#define J3O_ROUTES_LOCAL (1u << J3O_ROUTE_LOCAL)
#define J3O_ROUTES_EDGE  (1u << J3O_ROUTE_EDGE)
#define J3O_ROUTES_CLOUD (1u << J3O_ROUTE_CLOUD)
#define J3O_ROUTES_ALL   (J3O_ROUTES_LOCAL | J3O_ROUTES_EDGE | J3O_ROUTES_CLOUD)

/* The method's choices; the search knobs (budgeted search, LP budget, cycle margin, lean memory)
   are private to the cluster module and read from the options database by J3oClusterCreate.
   Defaults: J3oClusterOptionsDefault (the one place they are written; -help prints them). */
typedef struct {
  J3oOnloadRule rule;
  unsigned      routes;           /* J3O_ROUTES_* allowed (J3O_ONLOAD_J3O: all) */
  int           max_alternations; /* greedy <-> LP rounds */
  PetscBool     swaps;            /* swap local search */
  PetscBool     second_start;     /* start from rounding the LP relaxation too */
  unsigned long seed;             /* for J3O_ONLOAD_RANDOM */
  PetscBool     bound_screen; /* J3oClusterBound skips duty cycles whose stale-dual bound cannot be the max (same value
                                 either way) */
} J3oClusterOptions;

PetscErrorCode J3oClusterOptionsDefault(J3oClusterOptions *o);
/* Collective on comm. Reads -j3o_alternations, -j3o_swaps, -j3o_second_start, -j3o_seed,
   -j3o_bound_screen into o from the defaults, and lists and checks the search knobs
   -j3o_large_clients, -j3o_budget_small, -j3o_large_lp_budget, -j3o_cycle_margin, -j3o_lean,
   -j3o_lp_scaling, -j3o_cluster_gap (each cluster reads those itself when created). */
PetscErrorCode J3oClusterOptionsFromDatabase(MPI_Comm comm, J3oClusterOptions *o);

/* How much search one J3oClusterSolve spends. */
typedef enum {
  J3O_CLUSTER_SEARCH_DEFAULT = 0, /* budgeted on large clusters, and on the others when -j3o_budget_small */
  J3O_CLUSTER_SEARCH_EXHAUSTIVE   /* the whole search on every cluster that is not large */
} J3oClusterSearch;

/* One solve's request: prices of the shared resources (per unit, in units of the UNNORMALIZED
   objective sum_nt w_t lambda_nt a (...)), the cluster's caps on its use of them (INFINITY: none)
   and the search mode; lp_budget > 0: each budgeted search spends at most that many offloading-LP solves
   instead of -j3o_large_lp_budget (0: its own); a churn cap that binds the bound LP adds searches at raised
   churn prices, each with that budget. */
typedef struct {
  J3oShared        prices;
  J3oShared        cap;
  J3oClusterSearch search;
  int              lp_budget;
} J3oClusterRequest;

/* One cluster's solution, with global indices. */
typedef struct {
  int            edge;
  int            nclients;     /* clients of the cluster */
  unsigned char *x;            /* [nclients*M] */
  unsigned char *y;            /* [M] */
  double         duty_cycle_s; /* member of C, or 0 when batching off */
  J3oRoute      *routes;       /* [nroutes] positive fractions, global client index */
  int            nroutes, route_capacity;
  double         value;        /* sum_nt w lambda (a u + a v + a^c z), unnormalized */
  double         served;       /* sum_nt w lambda (u + v + z), unnormalized */
  J3oShared      use;          /* use of the shared resources (J3oSharedRouteLoad of the routes) */
  double         priced_value; /* value - sum_r prices_r use_r */
  int            M;            /* models: sizes of x and y (set by J3oClusterSolve, used by Copy) */
} J3oClusterSolution;

/* `edge` is global and must be in [inst->edge_first, inst->edge_last). inst must outlive the cluster. */
PetscErrorCode J3oClusterCreate(const J3oInstance *inst, int edge, const J3oClusterOptions *opt, J3oCluster *c);
PetscErrorCode J3oClusterDestroy(J3oCluster *c);

/* Re-planning: the previous plan's onloading of the cluster, x_prev [nclients*M] (its clients in order)
   and y_prev [M], its duty cycle (ignored without batching; J3oClusterKeep keeps the part of the onloading that
   fits that cycle), and constraint 12's budget B (INFINITY: none). Holding an item (client or edge, model m)
   the previous plan did not hold costs s_m of churn (use.r[J3O_SHARED_CHURN_MB]); every later solve keeps
   the cluster's churn within min(B, its request's churn cap), and the bound relaxes constraint 12 with B.
   Without a call the cluster has no churn (every item counts as held). */
PetscErrorCode J3oClusterSetPrevious(J3oCluster c, const unsigned char *x_prev, const unsigned char *y_prev,
                                     double duty_cycle_s, double budget_mb);

/* A churn price beyond which holding an item the previous plan did not hold cannot pay: the largest,
   over those items, of the value of all the routes the item enables (each at fraction 1) per MB of
   its model. At mu_churn >= it, the bound LP (and the integer solve) loses nothing by dropping such an
   item with its routes, so the bound's maximizer may load no churn: the dual's minimizer in mu_churn
   lies in [0, this]. 0 without a previous plan. */
PetscErrorCode J3oClusterChurnPriceLimit(J3oCluster c, double *mu_max);

/* Integer solve: maximize value - prices'use subject to constraints 1-8, 11 and 12 of the cluster
   plus the request's caps  use_r <= cap_r  (INFINITY = no cap; churn: within the budget B too).
   Heuristic (J3O or a baseline rule); the returned solution is always feasible for 1-8, 11, 12 and the caps. */
PetscErrorCode J3oClusterSolve(J3oCluster c, const J3oClusterRequest *req, J3oClusterSolution *sol);

/* The onloading (and duty cycle) of the last J3oClusterSolve kept, its queries re-routed by the
   offloading LP under each of n caps at p: one warm LP solve each, sol[i] within cap[i] on the route
   resources (the churn is the kept onloading's: a churn cap is left to whole solves).
   Recovery prices its quota levels with it before re-solving, whole, only the clusters it cuts.
   A large cluster releasing its LPs (-j3o_lean) solves the caps from the last down and starts its next
   call from the last one's basis: caps in increasing order keep each solve near the one before (the
   order sets the speed only). */
PetscErrorCode J3oClusterReroute(J3oCluster c, const J3oShared *p, int n, const J3oShared cap[],
                                 J3oClusterSolution sol[]);

/* The onloading kept (the last J3oClusterSolve's, a warm start's, or else the part of the one
   J3oClusterSetPrevious gave that fits: a device over its memory or the edge over its fixed load keeps its
   models by increasing size, each where it fits next to those kept)
   re-routed at p without caps in one warm LP solve; none kept (or its duty cycle has no route): *sol empty
   (every query dropped). What a cluster gets past the time limit instead of its search: a re-plan keeps
   its previous plan, at no churn. */
PetscErrorCode J3oClusterKeep(J3oCluster c, const J3oShared *p, J3oClusterSolution *sol);

/* Searches stop at their next offloading-LP solve once MPI_Wtime() passes wtime or a stop signal came
   (J3oInterrupted), keeping the best found (INFINITY, the default: no deadline). The bound LPs always
   finish: a bound stays a bound. */
PetscErrorCode J3oClusterSetDeadline(J3oCluster c, double wtime);

/* Re-planning's warm start: the previous plan's onloading of this cluster, x [nclients*M] (its
   clients in order) and y [M], and duty cycle (ignored without batching). When that duty cycle is one
   of the instance's and (x, y) fits it (memory and, with batching, the edge's fixed load), *used is
   set and the next J3oClusterSolve searches from it too (the budgeted search's kept residency, the
   whole search's extra alternation); else the normal start, said with PetscInfo. prices non-NULL
   (the previous plan's final prices, given when the cluster's demand is bitwise the previous plan's):
   every later solve at prices bitwise equal to them, without caps and with the default search,
   returns this onloading re-routed by the offloading LP, without a search (the previous answer).
   lp_budget > 0: the next budgeted search is a light one, the alternation from this onloading and
   swaps within lp_budget offloading-LP solves, without the LP-rounding starts (0: the usual one). */
PetscErrorCode J3oClusterWarmStart(J3oCluster c, const unsigned char *x, const unsigned char *y, double duty_cycle_s,
                                   const J3oShared *prices, int lp_budget, PetscBool *used);

/* The newest basis of duty cycle k's bound LP (index into the instance's duty cycles, 0 without
   batching): *n status bytes at *basis, owned by the cluster (0 and NULL when there is none): that of
   its last solve, *dual when that solve stopped at its cutoff (the basis is then dual feasible at its
   data and prices), else the optimal one; or, before any solve, the one J3oClusterSetBoundBasis
   handed over. */
PetscErrorCode J3oClusterGetBoundBasis(J3oCluster c, int k, int *n, const unsigned char **basis, PetscBool *dual);
/* A previous run's basis for duty cycle k's bound LP (copied), dual as J3oClusterGetBoundBasis gave it:
   its first solve starts from it when the LP has as many columns and rows (n), instead of from the
   slack basis (by the dual simplex when dual). */
PetscErrorCode J3oClusterSetBoundBasis(J3oCluster c, int k, int n, const unsigned char *basis, PetscBool dual);
/* The newest basis of duty cycle k's offloading LP (the last solve's, or after a re-route under several caps
   the largest cap's): *n status bytes at *basis, owned by the cluster; 0 and NULL when that LP has not been
   solved (a basis J3oClusterSetOffloadBasis handed over counts only once solved from). */
PetscErrorCode J3oClusterGetOffloadBasis(J3oCluster c, int k, int *n, const unsigned char **basis);
/* A previous run's basis for duty cycle k's offloading LP (copied), before any solve: the LP's first solve
   starts from it when it has as many columns and rows (n). A re-plan's first search values the previous
   onloading under the new demand by that LP, a few pivots from the previous plan's optimum. */
PetscErrorCode J3oClusterSetOffloadBasis(J3oCluster c, int k, int n, const unsigned char *basis);

/* A large cluster's last whole budgeted search (J3oClusterSolve without caps): its LP bound minus its
   value at that search's prices, over the cluster's weighted demand; NAN when there is none (a small
   cluster, no such search yet) unless J3oClusterSetSearchGap gave one. A re-plan's first search that
   ends at the previous onloading within the -j3o_warm_* stop leaves a given gap as it was (and records
   its own when it was given none: then at most -j3o_warm_cluster_gap). */
PetscErrorCode J3oClusterGetSearchGap(J3oCluster c, double *gap);
/* A previous run's J3oClusterGetSearchGap (NAN: none): with a warm start, the first search on a large
   cluster also ends at the previous onloading once that is within gap + -j3o_warm_gap_slack of its bound. */
PetscErrorCode J3oClusterSetSearchGap(J3oCluster c, double gap);
/* A search gap is NaN (none) or in [0, 1] (J3oClusterSetSearchGap's rule, and /warm/search_gap's). */
static inline PetscBool J3oSearchGapValid(double gap)
{
  return (PetscBool)(gap != gap || (gap >= 0 && gap <= 1));
}

/* LP-relaxation bound: max over duty cycles c of the priced LP with x, y in [0,1]
   (docs/formulation.md, "Why the bound is valid"). Returns the value LP_e(mu) and the shared use at the maximizer
   (a subgradient of the dual function is capacity - sum of uses). At prices among the last
   J3O_BOUND_MEMO it evaluated it returns that evaluation's answer without a solve (so does the integer
   search's bound at the coordinator's final prices, which it evaluated). */
#define J3O_BOUND_MEMO 32
PetscErrorCode J3oClusterBound(J3oCluster c, const J3oShared *p, double *value, J3oShared *use);

/* A price-independent lower bound of J3oClusterBound's value at every mu: the best value of a
   bound-LP solution seen so far with its cloud routes and its churn (items not held and their routes)
   removed (0 before the first J3oClusterBound).
   The coordinator uses it to keep cutting planes from overshooting. */
PetscErrorCode J3oClusterBoundFloor(J3oCluster c, double *floor);

/* Whether J3O_CLUSTER_SEARCH_EXHAUSTIVE searches more than the default: false on a large cluster
   (more than -j3o_large_clients clients), whose every search is the budgeted one. */
PetscErrorCode J3oClusterHasWholeSearch(J3oCluster c, PetscBool *whole);

/* sum_nt w_t lambda_nt over the cluster's clients (unnormalized). */
PetscErrorCode J3oClusterWeightedDemand(J3oCluster c, double *w);

/* dominated[m] = 1 when another model q needs at most m's memory, fixed and per-query GFLOP and is at
   least as accurate on every task (identical models: the higher index is dominated). Any solution,
   integer or LP-relaxed, that runs m on a client or the edge does as well running q instead (q fits
   wherever m does, meets every deadline m meets, loads every resource no more), so a search may
   leave m out without losing the optimum or the bound. The cloud's models are unaffected. */
void J3oDominatedModels(const J3oInstance *in, unsigned char dominated[]);

PetscErrorCode J3oClusterSolutionFree(J3oClusterSolution *sol);
PetscErrorCode J3oClusterSolutionCopy(const J3oClusterSolution *src, J3oClusterSolution *dst);

#endif
