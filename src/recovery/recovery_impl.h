/* recovery_impl.h: what the recovery files share: the quota-level knapsack and the filling of unused capacity.
   Recovery works on the active shared resources only (ctx->active: those with a capacity). */
#ifndef J3O_RECOVERY_IMPL_H
#define J3O_RECOVERY_IMPL_H

#include "coord/solve_impl.h"

/* Caps of a cluster request: v on the active resources, none (INFINITY) on the others. */
static inline J3oShared J3oRecoverCaps(const J3oSharedSet *active, const J3oShared *v)
{
  J3oShared cap = J3oSharedConst(INFINITY);
  for (int j = 0; j < active->n; j++) cap.r[active->r[j]] = v->r[active->r[j]];
  return cap;
}

/* Rank-local, rank 0: the multiple-choice knapsack  max sum_kl v_kl z_kl  s.t. sum_l z_kl = 1 per
   cluster k < ncl, for each of the nres resources i  sum_kl use_kli z_kl <= cap_i, z binary (CBC);
   use_kli = use[(k * L + l) * nres + i]. Level start_level of every cluster must fit together, within the
   knapsack's margin: CBC starts from it, and a search that `seconds` or a stop signal end returns it
   or better. choice[k] is cluster k's level; the choice is checked to fit. */
PetscErrorCode J3oRecoverSolveChoice(int ncl, int L, int nres, const double *v, const double *use, const double *cap,
                                     int start, double seconds, int *choice);

/* Collective: one level per cluster by the multiple-choice knapsack (CBC on rank 0, within the time
   left to -time_limit). loc holds this rank's L levels per cluster as (value, use of each active
   resource) records of 1 + ctx->active.n numbers; the chosen levels' uses sum to at most cap on each
   active resource, and level `start` everywhere must fit. choice[k] is cluster k's level. */
PetscErrorCode J3oRecoverChoose(J3oSolveCtx *ctx, int L, const double *loc, const J3oShared *cap, int start,
                                int *choice);

/* Collective: when the solutions leave capacity unused on a resource whose price is positive,
   the clusters bid for the unused capacity: each prices a few levels of extra use by re-solving
   at zero prices under caps of its use plus a share of the slack, the knapsack chooses one level per
   cluster within the slack, and what is left goes round once more. Every cluster keeps its solution
   unless the chosen level is better. */
PetscErrorCode J3oRecoverFill(J3oSolveCtx *ctx);

#endif
