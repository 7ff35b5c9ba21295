/* recovery_fill.c: hands shared capacity that the clusters' integer solutions leave unused (at prices that overshoot
 * for the integer problem) to the clusters that gain most from it, by the quota-level knapsack run from below. */
#include "recovery/recovery_impl.h"
#include "core/log.h"

/* unused capacity below this fraction of the capacity is not worth a round of re-solves */
#define J3O_FILL_MIN_SLACK 1e-6
/* rounds of filling on instances of at most -j3o_quota_whole_max clusters (larger ones: one): the
   second hands on what the first left */
#define J3O_FILL_ROUNDS 2

/* Whether an active resource has unused capacity (Slack) at a positive price: complementary
   slackness fails there, so the prices priced use out that the capacity allows. */
static PetscBool Underused(const J3oSolveCtx *ctx, const J3oShared *slack)
{
  for (int j = 0; j < ctx->active.n; j++) {
    int r = ctx->active.r[j];
    if (ctx->last_mu.r[r] > 0 && slack->r[r] > 0) return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

/* Collective: the capacity of each active resource the solutions leave unused (round-off of the
   quotas' sums is no slack); 0 on the others. */
static PetscErrorCode Slack(J3oSolveCtx *ctx, J3oShared *slack)
{
  double    value;
  J3oShared use;

  PetscFunctionBegin;
  PetscCall(J3oSolutionTotals(ctx, ctx->sol, &value, &use));
  *slack = J3oSharedConst(0);
  for (int j = 0; j < ctx->active.n; j++) {
    int    r    = ctx->active.r[j];
    double cap  = ctx->cap.r[r];
    slack->r[r] = cap - use.r[r] > J3O_FILL_MIN_SLACK * cap ? cap - use.r[r] : 0;
  }
  PetscFunctionReturn(0);
}

/* Collective. One round: levels of cluster k are 0 (its solution) and its solution re-solved at zero
   prices under caps use_k + t * slack, t in {1/E (an equal share), 1/(L0-1), ..., 1}, by the LP
   re-route of its onloading and, on instances of at most -j3o_quota_whole_max clusters, also by the
   whole integer search (the better kept); the knapsack picks one level per cluster within the slack.
   Larger instances price the equal share alone, by the re-route (one LP per cluster: measured at
   1,000 edges, the larger shares and a second round cost 20 s of recovery for 1e-8 of accuracy).
   *took: clusters (all ranks) that changed. */
static PetscErrorCode FillRound(J3oSolveCtx *ctx, const J3oShared *slack, int *took)
{
  const J3oSharedSet *act   = &ctx->active;
  PetscBool           whole = J3oRecoverWhole(ctx);
  int L0 = ctx->opt->quota_levels, L = whole ? 2 + PetscMax(L0 - 1, 0) : 2, ncl = ctx->ncl, n = ncl * L, *choice,
      mine               = 0;
  int                 na = act->n, rec = 1 + na; /* a level's knapsack record: value, then the active uses */
  J3oClusterSolution *cand;
  J3oShared           zero = J3oSharedConst(0), *q;
  double             *loc, *t;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(n, &cand));
  PetscCall(PetscMalloc1(rec * n + 1, &loc));
  PetscCall(PetscMalloc3(ncl, &choice, L, &q, L, &t));
  t[1] = 1.0 / ctx->inst->E;
  for (int l = 2; l < L; l++) t[l] = (double)(l - 1) / (L - 2);
  for (int k = 0; k < ncl; k++) {
    const J3oClusterSolution *s = &ctx->sol[k];
    J3oClusterSolution       *c = &cand[k * L];
    PetscCall(J3oClusterSolutionCopy(s, &c[0]));
    /* shrunk so that the largest level, or the equal share all round, fits the knapsack's margin */
    for (int l = 1; l < L; l++) {
      q[l] = J3oSharedConst(INFINITY);
      for (int j = 0; j < na; j++)
        q[l].r[act->r[j]] = s->use.r[act->r[j]] + t[l] * slack->r[act->r[j]] * (1 - J3O_QUOTA_LEVEL_SHRINK);
    }
    if (J3oTimeUp(ctx)) /* no time: every level is the solution itself */
      for (int l = 1; l < L; l++) PetscCall(J3oClusterSolutionCopy(s, &c[l]));
    else {
      PetscCall(J3oClusterReroute(ctx->clusters[k], &zero, L - 1, q + 1, &c[1]));
      for (int l = 1; whole && l < L && !J3oTimeUp(ctx); l++) {
        J3oClusterRequest  req = {zero, q[l], J3O_CLUSTER_SEARCH_DEFAULT, 0};
        J3oClusterSolution w   = {0};
        PetscCall(J3oClusterSolve(ctx->clusters[k], &req, &w));
        if (w.value > c[l].value) {
          PetscCall(J3oClusterSolutionFree(&c[l]));
          c[l] = w;
        } else PetscCall(J3oClusterSolutionFree(&w));
      }
    }
    /* a level no better than the best below it is that one: ties (a cap that does not bind) give
       the knapsack one solution to choose, whatever round-off separates their usages; so is a
       level over its caps by more than round-off (the solves' sums allow J3O_ROUNDOFF) */
    for (int l = 1, best = 0; l < L; l++) {
      PetscBool within = PETSC_TRUE;
      for (int j = 0; j < na; j++)
        if (!(c[l].use.r[act->r[j]] <= q[l].r[act->r[j]] * (1 + J3O_ROUNDOFF))) within = PETSC_FALSE;
      if (within && c[l].value > c[best].value + J3O_ROUNDOFF * PetscAbsReal(c[best].value)) best = l;
      else {
        PetscCall(J3oClusterSolutionFree(&c[l]));
        PetscCall(J3oClusterSolutionCopy(&c[best], &c[l]));
      }
    }
    /* the knapsack counts use above the cluster's own, within the slack, a level at most at its caps
       (round-off over them is left to the final test of 9-10, which allows it) */
    q[0] = s->use;
    for (int l = 0; l < L; l++) {
      loc[rec * (k * L + l)] = c[l].value;
      for (int j = 0; j < na; j++) {
        int r                          = act->r[j];
        loc[rec * (k * L + l) + 1 + j] = PetscMin(c[l].use.r[r], q[l].r[r]) - s->use.r[r];
      }
    }
  }
  PetscCall(J3oRecoverChoose(ctx, L, loc, slack, 0, choice)); /* level 0 (no more) fits everywhere */
  for (int k = 0; k < ncl; k++) {
    if (choice[k] != 0) {
      mine++;
      PetscCall(J3oClusterSolutionFree(&ctx->sol[k]));
      ctx->sol[k]             = cand[k * L + choice[k]];
      cand[k * L + choice[k]] = (J3oClusterSolution){0};
    }
    for (int l = 0; l < L; l++) PetscCall(J3oClusterSolutionFree(&cand[k * L + l]));
  }
  PetscCallMPI(MPI_Allreduce(&mine, took, 1, MPI_INT, MPI_SUM, ctx->comm));
  PetscCall(PetscFree3(choice, q, t));
  PetscCall(PetscFree(loc));
  PetscCall(PetscFree(cand));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oRecoverFill(J3oSolveCtx *ctx)
{
  double    value0, value;
  J3oShared use;

  PetscFunctionBegin;
  PetscCall(J3oSolutionTotals(ctx, ctx->sol, &value0, &use));
  value = value0;
  for (int round = 0; round < (J3oRecoverWhole(ctx) ? J3O_FILL_ROUNDS : 1); round++) {
    J3oShared slack;
    PetscCall(Slack(ctx, &slack));
    PetscBool late = J3oTimeUp(ctx), any_late;
    int       took;
    PetscCallMPI(MPI_Allreduce(&late, &any_late, 1, MPIU_BOOL, MPI_LOR, ctx->comm));
    if (any_late || !Underused(ctx, &slack)) break;
    PetscCall(FillRound(ctx, &slack, &took));
    PetscCall(J3oSolutionTotals(ctx, ctx->sol, &value, &use));
    if (ctx->rank == 0) {
      char msg[256] = "", item[96];
      for (int j = 0; j < ctx->active.n; j++) {
        int r = ctx->active.r[j];
        PetscCall(
          PetscSNPrintf(item, sizeof(item), " %s %g at price %g", J3oSharedNames[r], slack.r[r], ctx->last_mu.r[r]));
        PetscCall(PetscStrlcat(msg, item, sizeof(msg)));
      }
      PetscCall(
        PetscInfo(NULL, "recovery: unused capacity:%s; round %d: %d of %d clusters took more; accuracy %.9g -> %.9g\n",
                  msg, round + 1, took, ctx->inst->E, value0 / ctx->total_demand, value / ctx->total_demand));
    }
    if (took == 0) break;
  }
  PetscFunctionReturn(0);
}
