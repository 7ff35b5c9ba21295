/* recovery_levels.c: picks each cluster's quota level of the shared resources by a multiple-choice knapsack (CBC) over
 * the accuracy it reaches at a few levels, then re-solves the cut clusters whole. */
#include "coord/solve_impl.h"
#include "j3o/lp.h"
#include "lp/sparse.h"
#include "j3o/tolerances.h"
#include "recovery/recovery_impl.h"

PetscErrorCode J3oRecoverSolveChoice(int ncl, int L, int nres, const double *v, const double *use, const double *cap,
                                     int start_level, double seconds, int *choice)
{
  int           n = ncl * L, nrows = ncl + nres, *start, *index;
  double       *val, *lb, *ub, *obj, *rlb, *rub, *z0;
  J3oTriplets   A = {0};
  J3oLP         lp;
  J3oLPStatus   st;
  PetscBool     has;
  const double *z;

  PetscFunctionBegin;
  PetscCheck(start_level >= 0 && start_level < L, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "start level %d of %d",
             start_level, L);
  PetscCall(PetscMalloc6(n, &lb, n, &ub, n, &obj, nrows, &rlb, nrows, &rub, n, &z0));
  double vmax = 1e-300;
  for (int j = 0; j < n; j++) vmax = PetscMax(vmax, PetscAbsReal(v[j]));
  /* z_kl: its cluster's choice row, then one row per resource */
  for (int j = 0; j < n; j++) {
    PetscCall(J3oTripletsAdd(&A, j / L, j, 1));
    for (int i = 0; i < nres; i++) {
      double u = use[(size_t)j * nres + i];
      PetscCall(J3oTripletsAdd(&A, ncl + i, j, cap[i] > 0 ? u / cap[i] : u));
    }
    lb[j]  = 0;
    ub[j]  = 1;
    obj[j] = v[j] / vmax;
    z0[j]  = j % L == start_level ? 1 : 0;
  }
  PetscCall(J3oTripletsCompress(&A, n, &start, &index, &val));
  PetscCall(J3oTripletsFree(&A));
  for (int k = 0; k < ncl; k++) {
    rlb[k] = 1;
    rub[k] = 1;
  }
  for (int i = 0; i < nres; i++) rlb[ncl + i] = -INFINITY;
  /* rows scaled by the capacities; a zero capacity admits only zero use. CBC accepts a row up to
     its primal tolerance (1e-7) over its bound (measured: 7e-8 over the cloud at 1,000 clusters),
     so the rows keep a margin (J3O_KNAPSACK_MARGIN) and the choice is checked below. */
  for (int i = 0; i < nres; i++) rub[ncl + i] = cap[i] > 0 ? 1 - J3O_KNAPSACK_MARGIN : 0;
  PetscCall(J3oLPCreate(&lp));
  PetscCall(J3oLPLoad(lp, n, nrows, start, index, val, lb, ub, obj, rlb, rub));
  for (int j = 0; j < n; j++) PetscCall(J3oLPSetInteger(lp, j));
  PetscCall(J3oLPSetMIPStart(lp, z0));
  PetscCall(J3oLPSetMIPGap(lp, J3O_KNAPSACK_GAP));
  PetscCall(J3oLPSetTimeLimit(lp, seconds));
  PetscCall(J3oLPSolve(lp, &st));
  PetscCall(J3oLPHasSolution(lp, &has));
  PetscCheck(has, PETSC_COMM_SELF, PETSC_ERR_LIB,
             "CBC found no solution of the quota-level choice (status %d), although it started from level %d "
             "everywhere",
             (int)st, start_level);
  PetscCall(J3oLPGetPrimal(lp, &z));
  for (int k = 0; k < ncl; k++) {
    choice[k] = 0;
    for (int l = 0; l < L; l++)
      if (z[k * L + l] > 0.5) choice[k] = l;
  }
  for (int i = 0; i < nres; i++) {
    double sum = 0;
    for (int k = 0; k < ncl; k++) sum += use[(size_t)(k * L + choice[k]) * nres + i];
    PetscCheck(sum <= cap[i], PETSC_COMM_SELF, PETSC_ERR_LIB,
               "CBC's quota-level choice exceeds capacity %d of the knapsack: %.17g / %.17g", i, sum, cap[i]);
  }
  PetscCall(J3oLPDestroy(&lp));
  PetscCall(PetscFree(start));
  PetscCall(PetscFree(index));
  PetscCall(PetscFree(val));
  PetscCall(PetscFree6(lb, ub, obj, rlb, rub, z0));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oRecoverChoose(J3oSolveCtx *ctx, int L, const double *loc, const J3oShared *cap, int start,
                                int *choice)
{
  int     na = ctx->active.n, rec = 1 + na; /* a level's record: value, then the active uses */
  int     total = 0, *counts = NULL, *displs = NULL, *choice_all = NULL;
  double *all = NULL;

  PetscFunctionBegin;
  if (ctx->rank == 0) {
    PetscCall(PetscMalloc2(ctx->size, &counts, ctx->size, &displs));
    for (int q = 0; q < ctx->size; q++) {
      counts[q] = rec * L * ctx->cl_counts[q];
      displs[q] = rec * L * ctx->cl_displs[q];
      total += ctx->cl_counts[q];
    }
    PetscCall(PetscMalloc1(rec * L * total + 1, &all));
  }
  PetscCallMPI(MPI_Gatherv(loc, rec * L * ctx->ncl, MPI_DOUBLE, all, counts, displs, MPI_DOUBLE, 0, ctx->comm));
  if (ctx->rank == 0) {
    double *v, *use, capa[J3O_NSHARED];
    PetscCall(PetscMalloc2(total * L + 1, &v, (size_t)total * L * na + 1, &use));
    PetscCall(PetscMalloc1(total, &choice_all));
    for (int j = 0; j < total * L; j++) {
      v[j] = all[rec * j];
      for (int i = 0; i < na; i++) use[(size_t)j * na + i] = all[rec * j + 1 + i];
    }
    for (int i = 0; i < na; i++) capa[i] = cap->r[ctx->active.r[i]];
    /* at most 30 s (measured: under 1 s up to 1,000 clusters), and within the time left to -time_limit; past
       it a moment for CBC to better the start */
    double seconds = PetscMin(30, PetscMax(ctx->deadline - MPI_Wtime(), J3O_KNAPSACK_LATE_S));
    PetscCall(J3oRecoverSolveChoice(total, L, na, v, use, capa, start, seconds, choice_all));
    PetscCall(PetscFree2(v, use));
    for (int q = 0; q < ctx->size; q++) {
      counts[q] = ctx->cl_counts[q];
      displs[q] = ctx->cl_displs[q];
    }
  }
  PetscCallMPI(MPI_Scatterv(choice_all, counts, displs, MPI_INT, choice, ctx->ncl, MPI_INT, 0, ctx->comm));
  if (ctx->rank == 0) {
    PetscCall(PetscFree(choice_all));
    PetscCall(PetscFree(all));
    PetscCall(PetscFree2(counts, displs));
  }
  PetscFunctionReturn(0);
}

PetscBool J3oRecoverWhole(const J3oSolveCtx *ctx)
{
  return (PetscBool)(ctx->inst->E <= ctx->opt->quota_whole_max);
}

/* Collective. Level l < L0 of cluster k: its onloading kept, re-routed under caps (l / (L0-1)) * its
   unconstrained use (one LP: J3oClusterReroute; level L0-1 is ctx->sol[k] itself); the last level is
   the proportional quota f * use, so choosing it everywhere is the proportional recovery and the
   knapsack can only do better. On instances of at most -j3o_quota_whole_max clusters each level is
   also priced by the cluster's whole integer solve under its quota (the better kept); on larger ones
   that costs three integer solves per cloud user, so there only the clusters the knapsack cuts
   below their own use, at a loss of more than -j3o_resolve_loss of their value, re-run their whole
   integer solve, capped at the use of the chosen level, keeping the better. Replaces ctx->sol by solutions that
   together fit the cloud capacities. */
PetscErrorCode J3oRecoverByLevels(J3oSolveCtx *ctx, int L0, const J3oShared *f)
{
  const J3oSharedSet *act = &ctx->active;
  int                 L = L0 + 1, ncl = ctx->ncl, n = ncl * L, na = act->n, rec = 1 + na;
  J3oClusterSolution *cand;
  J3oShared           p = ctx->last_mu, *q;
  double             *loc;
  int                *choice;
  PetscBool           whole = J3oRecoverWhole(ctx);

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(n, &cand));
  PetscCall(PetscMalloc1(rec * n + 1, &loc));
  PetscCall(PetscMalloc1(L0, &q));
  for (int k = 0; k < ncl; k++) {
    const J3oClusterSolution *s    = &ctx->sol[k];
    PetscBool                 uses = PETSC_FALSE;
    for (int j = 0; j < na; j++)
      if (s->use.r[act->r[j]] > 0) uses = PETSC_TRUE;
    /* the top level, and every level of a cluster that uses none of the resources, is its own solution */
    if (!uses)
      for (int l = 0; l < L; l++) PetscCall(J3oClusterSolutionCopy(s, &cand[k * L + l]));
    else {
      /* levels 0 .. L0-2, then L0 (in slot L0-1), re-routed in one call; L0-1 is the solution itself */
      for (int l = 0; l < L0; l++) q[l] = J3oSharedConst(INFINITY);
      for (int j = 0; j < na; j++) {
        int r = act->r[j];
        for (int l = 0; l < L0 - 1; l++) q[l].r[r] = l * s->use.r[r] / (L0 - 1);
        /* the proportional level all round must fit the knapsack's margin (J3oRecoverSolveChoice) */
        q[L0 - 1].r[r] = f->r[r] * (1 - J3O_QUOTA_LEVEL_SHRINK) * s->use.r[r];
      }
      PetscCall(J3oClusterReroute(ctx->clusters[k], &p, L0, q, &cand[k * L]));
      cand[k * L + L0] = cand[k * L + L0 - 1];
      PetscCall(PetscMemzero(&cand[k * L + L0 - 1], sizeof(cand[0])));
      PetscCall(J3oClusterSolutionCopy(s, &cand[k * L + L0 - 1]));
      /* few clusters: also each level's whole integer solve under its quota, the better kept; a
         level over its churn quota (re-routing cannot change churn) is priced by the whole solve alone */
      for (int l = 0; l < L; l++) {
        J3oClusterSolution w    = {0};
        int                slot = l == L0 ? L0 - 1 : l;
        if (l == L0 - 1) continue;
        PetscBool over = (PetscBool) !(cand[k * L + l].use.r[J3O_SHARED_CHURN_MB] <=
                                       q[slot].r[J3O_SHARED_CHURN_MB] * (1 + J3O_ROUNDOFF));
        if (over) PetscCall(J3oClusterSolutionFree(&cand[k * L + l])); /* value 0: any whole solve replaces it */
        /* past the time limit the LP re-routes alone price the levels: a level over its churn quota drops its
           queries (value 0, always feasible) */
        if ((!whole && !over) || J3oTimeUp(ctx)) continue;
        J3oClusterRequest req = {p, q[slot], J3O_CLUSTER_SEARCH_DEFAULT, 0};
        PetscCall(J3oClusterSolve(ctx->clusters[k], &req, &w));
        if (w.value > cand[k * L + l].value) {
          PetscCall(J3oClusterSolutionFree(&cand[k * L + l]));
          cand[k * L + l] = w;
        } else PetscCall(J3oClusterSolutionFree(&w));
      }
    }
    for (int l = 0; l < L; l++) {
      const J3oClusterSolution *c = &cand[k * L + l];
      loc[rec * (k * L + l)]      = c->value;
      for (int j = 0; j < na; j++) loc[rec * (k * L + l) + 1 + j] = c->use.r[act->r[j]];
    }
  }
  PetscCall(PetscFree(q));
  PetscCall(PetscMalloc1(ncl, &choice));
  PetscCall(J3oRecoverChoose(ctx, L, loc, &ctx->cap, L0, choice)); /* the proportional level fits everywhere */
  /* the churn of the chosen levels fits constraint 13: J3oRecoverSolveChoice checks every active
     resource's sum, churn included, and J3oRecover checks the final totals */
  {
    int cut = 0, cut_all;
    for (int k = 0; k < ncl; k++) cut += choice[k] != L0 - 1;
    PetscCallMPI(MPI_Reduce(&cut, &cut_all, 1, MPI_INT, MPI_SUM, 0, ctx->comm));
    if (ctx->rank == 0)
      PetscCall(PetscInfo(NULL, "recovery: quota levels priced by %s; the knapsack cut %d of %d clusters\n",
                          !whole           ? "LP re-route"
                          : J3oTimeUp(ctx) ? "LP re-route (whole solves end at the time limit)"
                                           : "LP re-route and whole solve",
                          cut_all, ctx->inst->E));
  }
  for (int k = 0; k < ncl; k++) {
    J3oClusterSolution *c = &cand[k * L + choice[k]], again = {0};
    /* cut, and the re-route lost more than resolve_loss of the cluster's value (a whole solve can
       only win back that loss; at scale most cuts lose far less): the whole search within what the
       knapsack counted for it */
    if (choice[k] != L0 - 1 && !whole && !J3oTimeUp(ctx) &&
        c->value < (1 - ctx->opt->resolve_loss) * ctx->sol[k].value) {
      J3oClusterRequest req = {p, J3oRecoverCaps(act, &c->use), J3O_CLUSTER_SEARCH_DEFAULT,
                               ctx->opt->resolve_lp_budget};
      PetscCall(J3oClusterSolve(ctx->clusters[k], &req, &again));
      if (again.value > c->value) {
        PetscCall(J3oClusterSolutionFree(c));
        *c = again;
      } else PetscCall(J3oClusterSolutionFree(&again));
    }
    PetscCall(J3oClusterSolutionFree(&ctx->sol[k]));
    ctx->sol[k] = *c;
    for (int l = 0; l < L; l++)
      if (l != choice[k]) PetscCall(J3oClusterSolutionFree(&cand[k * L + l]));
  }
  PetscCall(PetscFree(choice));
  PetscCall(PetscFree(loc));
  PetscCall(PetscFree(cand));
  PetscFunctionReturn(0);
}
