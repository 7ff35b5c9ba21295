/* recovery_levels.c: picks each cluster's cloud quota level by a multiple-choice knapsack (CBC) over the accuracy its whole integer solve reaches at a few levels. */
#include "solve_impl.h"
#include "j3o_lp.h"

/* Rank 0: max sum v_kl z_kl  s.t. sum_l z_kl = 1 per cluster, sum uF_kl z_kl <= capF, sum uB_kl z_kl <= capB,
   z binary. Level 0 (no cloud) always fits, so the all-level-0 choice is feasible. */
static PetscErrorCode SolveChoice(int ncl, int L, const double *v, const double *uF, const double *uB, double capF, double capB, int *choice)
{
  int     n = ncl * L, nrows = ncl + 2, *start, *index;
  double *val, *lb, *ub, *obj, *rlb, *rub;
  J3oLP   lp;
  J3oLPStatus st;
  PetscBool   has;
  const double *z;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(n + 1, &start, 3 * n, &index, 3 * n, &val));
  PetscCall(PetscMalloc5(n, &lb, n, &ub, n, &obj, nrows, &rlb, nrows, &rub));
  double vmax = 1e-300;
  for (int j = 0; j < n; j++) vmax = PetscMax(vmax, PetscAbsReal(v[j]));
  for (int j = 0; j < n; j++) {
    start[j] = 3 * j;
    index[3 * j] = j / L;           val[3 * j] = 1;
    index[3 * j + 1] = ncl;         val[3 * j + 1] = capF > 0 ? uF[j] / capF : uF[j];
    index[3 * j + 2] = ncl + 1;     val[3 * j + 2] = capB > 0 ? uB[j] / capB : uB[j];
    lb[j] = 0; ub[j] = 1; obj[j] = v[j] / vmax;
  }
  start[n] = 3 * n;
  for (int k = 0; k < ncl; k++) { rlb[k] = 1; rub[k] = 1; }
  rlb[ncl] = rlb[ncl + 1] = -INFINITY;
  /* rows scaled by the capacities; a zero capacity admits only zero use */
  rub[ncl] = capF > 0 ? 1 : 0;
  rub[ncl + 1] = capB > 0 ? 1 : 0;
  PetscCall(J3oLPCreate(&lp));
  PetscCall(J3oLPLoad(lp, n, nrows, start, index, val, lb, ub, obj, rlb, rub));
  for (int j = 0; j < n; j++) PetscCall(J3oLPSetInteger(lp, j));
  PetscCall(J3oLPSetTimeLimit(lp, 30));
  PetscCall(J3oLPSolve(lp, &st));
  PetscCall(J3oLPHasSolution(lp, &has));
  PetscCheck(has, PETSC_COMM_SELF, PETSC_ERR_LIB, "CBC found no solution of the quota-level choice (status %d), although choosing level 0 everywhere is feasible", (int)st);
  PetscCall(J3oLPGetPrimal(lp, &z));
  for (int k = 0; k < ncl; k++) {
    choice[k] = 0;
    for (int l = 0; l < L; l++)
      if (z[k * L + l] > 0.5) choice[k] = l;
  }
  PetscCall(J3oLPDestroy(&lp));
  PetscCall(PetscFree3(start, index, val));
  PetscCall(PetscFree5(lb, ub, obj, rlb, rub));
  PetscFunctionReturn(0);
}

/* Collective. Level l < L0 of cluster k: its solution under caps (l / (L0-1)) * its unconstrained use
   (level L0-1 is ctx->sol[k] itself); the last level is the proportional quota f * use, so choosing
   it everywhere is the proportional recovery and the knapsack can only do better. Replaces ctx->sol
   by the chosen levels, which together fit the cloud capacities. */
PetscErrorCode J3oRecoverByLevels(J3oSolveCtx *ctx, int L0, const double f[2])
{
  int                 L = L0 + 1, ncl = ctx->ncl, n = ncl * L, total = 0;
  J3oClusterSolution *cand;
  J3oPrices           p = {ctx->last_mu[0], ctx->last_mu[1]};
  double             *loc, *all = NULL;
  int                *counts = NULL, *displs = NULL, *choice_all = NULL, *choice;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(n, &cand));
  PetscCall(PetscMalloc1(3 * n, &loc));
  for (int k = 0; k < ncl; k++) {
    const J3oClusterSolution *s = &ctx->sol[k];
    for (int l = 0; l < L; l++) {
      J3oClusterSolution *c = &cand[k * L + l];
      /* the top level, and every level of a cluster that uses no cloud, is its own solution */
      if (l == L0 - 1 || (s->cloud_gflops <= 0 && s->cloud_ingress_mb_s <= 0)) PetscCall(J3oClusterSolutionCopy(s, c));
      else if (l == L0) PetscCall(J3oClusterSolve(ctx->clusters[k], &p, f[0] * s->cloud_gflops, f[1] * s->cloud_ingress_mb_s, c));
      else {
        double q = (double)l / (L0 - 1);
        PetscCall(J3oClusterSolve(ctx->clusters[k], &p, q * s->cloud_gflops, q * s->cloud_ingress_mb_s, c));
      }
      loc[3 * (k * L + l)]     = c->value;
      loc[3 * (k * L + l) + 1] = c->cloud_gflops;
      loc[3 * (k * L + l) + 2] = c->cloud_ingress_mb_s;
    }
  }
  if (ctx->rank == 0) PetscCall(PetscMalloc2(ctx->size, &counts, ctx->size, &displs));
  if (ctx->rank == 0) {
    for (int q = 0; q < ctx->size; q++) { counts[q] = 3 * L * ctx->cl_counts[q]; displs[q] = 3 * L * ctx->cl_displs[q]; total += ctx->cl_counts[q]; }
    PetscCall(PetscMalloc1(3 * L * total, &all));
  }
  PetscCallMPI(MPI_Gatherv(loc, 3 * n, MPI_DOUBLE, all, counts, displs, MPI_DOUBLE, 0, ctx->comm));
  if (ctx->rank == 0) {
    double *v, *uF, *uB;
    PetscCall(PetscMalloc3(total * L, &v, total * L, &uF, total * L, &uB));
    PetscCall(PetscMalloc1(total, &choice_all));
    for (int j = 0; j < total * L; j++) { v[j] = all[3 * j]; uF[j] = all[3 * j + 1]; uB[j] = all[3 * j + 2]; }
    PetscCall(SolveChoice(total, L, v, uF, uB, ctx->capF, ctx->capB, choice_all));
    PetscCall(PetscFree3(v, uF, uB));
    for (int q = 0; q < ctx->size; q++) { counts[q] = ctx->cl_counts[q]; displs[q] = ctx->cl_displs[q]; }
  }
  PetscCall(PetscMalloc1(ncl, &choice));
  PetscCallMPI(MPI_Scatterv(choice_all, counts, displs, MPI_INT, choice, ncl, MPI_INT, 0, ctx->comm));
  for (int k = 0; k < ncl; k++) {
    PetscCall(J3oClusterSolutionFree(&ctx->sol[k]));
    ctx->sol[k] = cand[k * L + choice[k]];
    for (int l = 0; l < L; l++)
      if (l != choice[k]) PetscCall(J3oClusterSolutionFree(&cand[k * L + l]));
  }
  PetscCall(PetscFree(choice));
  if (ctx->rank == 0) {
    PetscCall(PetscFree(choice_all));
    PetscCall(PetscFree(all));
    PetscCall(PetscFree2(counts, displs));
  }
  PetscCall(PetscFree(loc));
  PetscCall(PetscFree(cand));
  PetscFunctionReturn(0);
}
