/* dual.c: the Lagrangian dual function of the cloud constraints (9, 10), evaluated cluster by cluster and reduced over ranks. */
#include "coord/solve_impl.h"
#include "j3o/interrupt.h"
#include "core/log.h"

/* Rank 0, at most every -j3o_progress_s: how far this rank is in a phase over its clusters (the
   partition balances the work, so rank 0's share tells the whole run's). */
static PetscErrorCode PhaseTick(J3oSolveCtx *ctx, const char *phase, int done)
{
  double now = MPI_Wtime();

  PetscFunctionBegin;
  if (ctx->rank != 0 || ctx->opt->quiet) PetscFunctionReturn(0);
  if (ctx->tick == 0) ctx->tick = now;
  if (now - ctx->tick < ctx->opt->progress_s) PetscFunctionReturn(0);
  ctx->tick = now;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, stdout, "  %s: %d/%d clusters of rank 0 (%d in all), %.1f s\n", phase, done, ctx->ncl, ctx->inst->E, now - ctx->t0));
  fflush(stdout);
  PetscFunctionReturn(0);
}

/* Collective: every rank learns whether any ran out of time or was signalled (ctx->stop). */
static PetscErrorCode AgreeStop(J3oSolveCtx *ctx)
{
  int mine = J3oTimeUp(ctx) ? 1 : 0, any;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, ctx->comm));
  if (any) ctx->stop = ctx->time_up = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oSolutionTotals(J3oSolveCtx *ctx, const J3oClusterSolution *sol, double *value, double *useF, double *useB)
{
  double loc[3] = {0, 0, 0}, glob[3];

  PetscFunctionBegin;
  for (int k = 0; k < ctx->ncl; k++) {
    loc[0] += sol[k].value;
    loc[1] += sol[k].use.r[J3O_SHARED_CLOUD_GFLOPS];
    loc[2] += sol[k].use.r[J3O_SHARED_CLOUD_INGRESS];
  }
  PetscCallMPI(MPI_Allreduce(loc, glob, 3, MPI_DOUBLE, MPI_SUM, ctx->comm));
  *value = glob[0]; *useF = glob[1]; *useB = glob[2];
  PetscFunctionReturn(0);
}

PetscBool J3oWithinCloud(const J3oSolveCtx *ctx, double useF, double useB, double abstol)
{
  return (PetscBool)(useF <= ctx->capF * (1 + J3O_CLOUD_RELTOL) + abstol && useB <= ctx->capB * (1 + J3O_CLOUD_RELTOL) + abstol);
}

PetscErrorCode J3oPrimalPass(J3oSolveCtx *ctx, const double mu[2])
{
  J3oShared p = {{mu[0], mu[1]}};
  double    value, useF, useB;

  PetscFunctionBegin;
  ctx->tick = 0;
  for (int k = 0; k < ctx->ncl; k++) {
    PetscCall(J3oClusterSolutionFree(&ctx->sol[k]));
    /* past the time limit or after a stop signal a cluster drops its queries: always feasible */
    if (J3oTimeUp(ctx)) continue;
    J3oClusterRequest req = {p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT};
    PetscCall(J3oClusterSolve(ctx->clusters[k], &req, &ctx->sol[k]));
    PetscCall(PhaseTick(ctx, "integer search", k + 1));
  }
  ctx->last_mu[0] = mu[0]; ctx->last_mu[1] = mu[1];
  PetscCall(J3oSolutionTotals(ctx, ctx->sol, &value, &useF, &useB));
  if (J3oWithinCloud(ctx, useF, useB, J3O_CLOUD_ABSTOL_PRIMAL) && value > ctx->best_primal) {
    ctx->best_primal = value;
    for (int k = 0; k < ctx->ncl; k++) {
      PetscCall(J3oClusterSolutionFree(&ctx->best_sol[k]));
      PetscCall(J3oClusterSolutionCopy(&ctx->sol[k], &ctx->best_sol[k]));
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ProgressHeader(J3oSolveCtx *ctx)
{
  PetscFunctionBegin;
  if (!ctx->header_done) PetscCall(PetscPrintf(ctx->comm, "%5s %12s %12s %12s %12s %10s %9s\n", "iter", "mu_F", "mu_B", "dual", "best_primal", "gap", "elapsed_s"));
  ctx->header_done = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* One progress line and trace row: prices, dual value at them, best feasible accuracy so far, gap, elapsed. */
static PetscErrorCode Progress(J3oSolveCtx *ctx, const double mu[2], double dual, PetscBool final)
{
  double elapsed = MPI_Wtime() - ctx->t0;
  /* no finished bound evaluation (a stop signal during the first): NaN, not inf */
  double bound = isfinite(ctx->best_dual) ? ctx->best_dual / ctx->total_demand : NAN, best = ctx->best_primal >= 0 ? ctx->best_primal / ctx->total_demand : NAN;
  double gap = ctx->best_primal >= 0 && bound > 0 ? (bound - best) / bound : NAN;
  double row[J3O_TRACE_COLUMNS] = {mu[0], mu[1], isfinite(dual) ? dual / ctx->total_demand : NAN, best, gap, elapsed};

  PetscFunctionBegin;
  if (ctx->rank == 0) PetscCall(J3oResultAddTrace(ctx->result, row));
  if (!ctx->opt->quiet) {
    PetscCall(ProgressHeader(ctx));
    if (final) PetscCall(PetscPrintf(ctx->comm, "%5s %12.5e %12.5e %12.8f %12.8f %10.3e %9.3f\n", "final", mu[0], mu[1], row[2], best, gap, elapsed));
    else PetscCall(PetscPrintf(ctx->comm, "%5d %12.5e %12.5e %12.8f %12.8f %10.3e %9.3f\n", ctx->nevals, mu[0], mu[1], dual / ctx->total_demand, best, gap, elapsed));
  }
  PetscCall(AgreeStop(ctx));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oBoundEvaluate(J3oSolveCtx *ctx, double mu[2], const PetscBool *mask, double sum[3])
{
  double    loc[4] = {0, 0, 0, 0}, glob[4]; /* value, cloud GFLOP/s, ingress, clusters skipped */
  J3oShared p = J3oSharedConst(0), use;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(J3oEventBound, 0, 0, 0, 0));
  PetscCallMPI(MPI_Bcast(mu, 2, MPI_DOUBLE, 0, ctx->comm));
  p.r[0] = mu[0]; p.r[1] = mu[1];
  ctx->tick = 0;
  for (int k = 0; k < ctx->ncl; k++) {
    if (mask && !mask[k]) continue;
    /* a stop signal ends the evaluation at once; the partial sum is then no bound */
    if (J3oInterrupted()) { loc[3]++; continue; }
    PetscCall(J3oClusterBound(ctx->clusters[k], &p, &ctx->cl_value[k], &use));
    ctx->cl_useF[k] = use.r[0]; ctx->cl_useB[k] = use.r[1];
    PetscCall(J3oClusterBoundFloor(ctx->clusters[k], &ctx->cl_floor[k]));
    loc[0] += ctx->cl_value[k]; loc[1] += ctx->cl_useF[k]; loc[2] += ctx->cl_useB[k];
    PetscCall(PhaseTick(ctx, "bound evaluation", k + 1));
  }
  PetscCallMPI(MPI_Allreduce(loc, glob, 4, MPI_DOUBLE, MPI_SUM, ctx->comm));
  for (int j = 0; j < 3; j++) sum[j] = glob[j];
  ctx->partial = glob[3] > 0 ? PETSC_TRUE : PETSC_FALSE;
  if (ctx->partial) ctx->stop = ctx->time_up = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(J3oEventBound, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oDualEvaluate(J3oDual ctx, const double mu_in[2], double *value, double grad[2], PetscBool *partial)
{
  double    mu[2] = {mu_in[0], mu_in[1]}, glob[3];
  PetscBool primal = ctx->opt->primal_every > 0 && (ctx->nevals % ctx->opt->primal_every) == 0 ? PETSC_TRUE : PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(J3oBoundEvaluate(ctx, mu, NULL, glob));
  *partial = ctx->partial;
  if (ctx->partial) PetscFunctionReturn(0); /* not a dual value: nothing recorded */
  /* D(mu) = sum_e LP_e(mu) + mu_F rho F_c + mu_B B_c; a subgradient is cap - usage. */
  ctx->dual_value = glob[0] + mu[0] * ctx->capF + mu[1] * ctx->capB;
  ctx->grad[0]    = ctx->capF - glob[1];
  ctx->grad[1]    = ctx->capB - glob[2];
  ctx->nevals++;
  if (ctx->dual_value < ctx->best_dual) {
    ctx->best_dual = ctx->dual_value;
    ctx->best_mu[0] = mu[0]; ctx->best_mu[1] = mu[1];
  }
  if (primal) PetscCall(J3oPrimalPass(ctx, mu));

  PetscCall(Progress(ctx, mu, ctx->dual_value, PETSC_FALSE));
  *value  = ctx->dual_value;
  grad[0] = ctx->grad[0];
  grad[1] = ctx->grad[1];
  PetscFunctionReturn(0);
}

PetscErrorCode J3oProgressSample(J3oSolveCtx *ctx, int it, const double mu[2], double estimate)
{
  PetscFunctionBegin;
  if (!ctx->opt->quiet) {
    char label[16];
    PetscCall(PetscSNPrintf(label, sizeof(label), "s%d", it));
    PetscCall(ProgressHeader(ctx));
    PetscCall(PetscPrintf(ctx->comm, "%5s %12.5e %12.5e %12.8f %12s %10s %9.3f\n", label, mu[0], mu[1], estimate, "sample", "", MPI_Wtime() - ctx->t0));
  }
  PetscCall(AgreeStop(ctx));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oProgressFinal(J3oSolveCtx *ctx)
{
  PetscFunctionBegin;
  PetscCall(Progress(ctx, ctx->best_mu, ctx->best_dual, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/* TAO callback: f = D(mu), g = cap - usage (on rank 0, which owns both entries). */
PetscErrorCode J3oDualObjectiveGradient(Tao tao, Vec vmu, PetscReal *f, Vec vg, void *vctx)
{
  J3oDual      dual = (J3oDual)vctx;
  PetscScalar *g;
  double       mu[2], value, grad[2];
  PetscBool    partial;

  PetscFunctionBegin;
  (void)tao;
  PetscCall(J3oDualGetPrices(dual, vmu, mu));
  PetscCall(J3oDualEvaluate(dual, mu, &value, grad, &partial));
  /* cut short by a signal: the last value again (the stop is agreed, TAO's monitor sees it) */
  if (partial) { value = dual->dual_value; grad[0] = dual->grad[0]; grad[1] = dual->grad[1]; }
  *f = value / dual->total_demand;
  PetscCall(VecGetArray(vg, &g));
  if (dual->rank == 0) { g[0] = grad[0] / dual->total_demand; g[1] = grad[1] / dual->total_demand; }
  PetscCall(VecRestoreArray(vg, &g));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oDualGetPrices(J3oDual dual, Vec v, double mu[2])
{
  const PetscScalar *a;

  PetscFunctionBegin;
  mu[0] = mu[1] = 0;
  PetscCall(VecGetArrayRead(v, &a));
  if (dual->rank == 0) { mu[0] = PetscRealPart(a[0]); mu[1] = PetscRealPart(a[1]); }
  PetscCall(VecRestoreArrayRead(v, &a));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oDualSetBestPrices(J3oDual dual, Vec v)
{
  PetscScalar *a;

  PetscFunctionBegin;
  PetscCall(VecGetArray(v, &a));
  if (dual->rank == 0) { a[0] = dual->best_mu[0]; a[1] = dual->best_mu[1]; }
  PetscCall(VecRestoreArray(v, &a));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oDualGetInfo(J3oDual dual, J3oDualInfo *info)
{
  PetscFunctionBegin;
  info->comm         = dual->comm;
  info->rank         = dual->rank;
  info->E            = dual->inst->E;
  info->total_demand = dual->total_demand;
  info->cap[0]       = dual->capF;
  info->cap[1]       = dual->capB;
  /* prices scaled so that p is the price of the whole cloud in accuracy units */
  info->s[0] = dual->capF > 0 ? dual->capF : 1;
  info->s[1] = dual->capB > 0 ? dual->capB : 1;
  for (int j = 0; j < 2; j++) info->pmax[j] = dual->mu_max[j] * info->s[j] / dual->total_demand;
  info->price_sample = dual->opt->price_sample;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oDualGetBest(J3oDual dual, double *best_dual, double *best_primal)
{
  PetscFunctionBegin;
  *best_dual   = dual->best_dual;
  *best_primal = dual->best_primal;
  PetscFunctionReturn(0);
}

PetscBool J3oDualStopRequested(J3oDual dual)
{
  return dual->stop;
}

PetscBool J3oTimeUp(J3oSolveCtx *ctx)
{
  if (J3oInterrupted() || (ctx->opt->time_limit_s > 0 && MPI_Wtime() - ctx->t0 > ctx->opt->time_limit_s)) ctx->time_up = PETSC_TRUE;
  return ctx->time_up;
}

PetscErrorCode J3oClusterTableCreate(J3oDual ctx, J3oClusterTable *t)
{
  int E = ctx->inst->E;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(t, sizeof(*t)));
  if (ctx->rank == 0) PetscCall(PetscMalloc4(E, &t->v, E, &t->F, E, &t->B, E, &t->fl));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterTableGather(J3oDual ctx, J3oClusterTable *t)
{
  PetscFunctionBegin;
  PetscCallMPI(MPI_Gatherv(ctx->cl_value, ctx->ncl, MPI_DOUBLE, t->v, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
  PetscCallMPI(MPI_Gatherv(ctx->cl_useF, ctx->ncl, MPI_DOUBLE, t->F, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
  PetscCallMPI(MPI_Gatherv(ctx->cl_useB, ctx->ncl, MPI_DOUBLE, t->B, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
  PetscCallMPI(MPI_Gatherv(ctx->cl_floor, ctx->ncl, MPI_DOUBLE, t->fl, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
  if (ctx->rank == 0)
    for (int e = 0; e < ctx->inst->E; e++) t->fl[e] /= ctx->total_demand;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterTableDestroy(J3oDual ctx, J3oClusterTable *t)
{
  PetscFunctionBegin;
  if (ctx->rank == 0) PetscCall(PetscFree4(t->v, t->F, t->B, t->fl));
  PetscFunctionReturn(0);
}
