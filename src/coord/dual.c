/* dual.c: the Lagrangian dual function of the shared-resource constraints (9, 10, ...), evaluated cluster by cluster
 * and reduced over ranks. */
#include "coord/solve_impl.h"
#include "j3o/interrupt.h"
#include "core/log.h"
#include "core/ordered_sum.h"

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
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, stdout, "  %s: %d/%d clusters of rank 0 (%d in all), %.1f s\n", phase, done,
                         ctx->ncl, ctx->inst->E, now - ctx->t0));
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

PetscErrorCode J3oSolutionTotals(J3oSolveCtx *ctx, const J3oClusterSolution *sol, double *value, J3oShared *use)
{
  enum {
    N = 1 + J3O_NSHARED
  }; /* value, then the use of each resource */
  double *loc, sum[N];

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(N * ctx->ncl + 1, &loc));
  for (int k = 0; k < ctx->ncl; k++) {
    loc[N * k] = sol[k].value;
    for (int r = 0; r < J3O_NSHARED; r++) loc[N * k + 1 + r] = sol[k].use.r[r];
  }
  PetscCall(J3oOrderedSum(ctx->comm, ctx->ncl, N, loc, sum));
  *value = sum[0];
  for (int r = 0; r < J3O_NSHARED; r++) use->r[r] = sum[1 + r];
  PetscCall(PetscFree(loc));
  PetscFunctionReturn(0);
}

PetscBool J3oWithinCaps(const J3oSolveCtx *ctx, const J3oShared *use, double abstol)
{
  for (int j = 0; j < ctx->active.n; j++) {
    int r = ctx->active.r[j];
    if (!(use->r[r] <= ctx->cap.r[r] * (1 + J3O_CLOUD_RELTOL) + abstol)) return PETSC_FALSE;
  }
  return PETSC_TRUE;
}

PetscErrorCode J3oPrimalPass(J3oSolveCtx *ctx, const J3oShared *mu)
{
  double    value;
  J3oShared use;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(J3oEventSearch, 0, 0, 0, 0));
  ctx->tick = 0;
  for (int k = 0; k < ctx->ncl; k++) {
    PetscCall(J3oClusterSolutionFree(&ctx->sol[k]));
    /* past the time limit or after a stop signal no search: a re-plan's cluster keeps its previous
       onloading, re-routed (no churn), another drops its queries (always feasible) */
    J3oClusterRequest req = {*mu, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0};
    if (J3oTimeUp(ctx)) PetscCall(J3oClusterKeep(ctx->clusters[k], mu, &ctx->sol[k]));
    else PetscCall(J3oClusterSolve(ctx->clusters[k], &req, &ctx->sol[k]));
    PetscCall(PhaseTick(ctx, "integer search", k + 1));
  }
  ctx->last_mu = *mu;
  PetscCall(J3oSolutionTotals(ctx, ctx->sol, &value, &use));
  if (J3oWithinCaps(ctx, &use, J3O_CLOUD_ABSTOL_PRIMAL) && value > ctx->best_primal) {
    ctx->best_primal = value;
    for (int k = 0; k < ctx->ncl; k++) {
      PetscCall(J3oClusterSolutionFree(&ctx->best_sol[k]));
      PetscCall(J3oClusterSolutionCopy(&ctx->sol[k], &ctx->best_sol[k]));
    }
  }
  PetscCall(PetscLogEventEnd(J3oEventSearch, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode ProgressHeader(J3oSolveCtx *ctx)
{
  PetscFunctionBegin;
  if (!ctx->header_done) {
    PetscCall(PetscPrintf(ctx->comm, "%5s", "iter"));
    for (int j = 0; j < ctx->active.n; j++) {
      char name[32];
      PetscCall(PetscSNPrintf(name, sizeof(name), "mu_%s", J3oSharedShortNames[ctx->active.r[j]]));
      PetscCall(PetscPrintf(ctx->comm, " %12s", name));
    }
    PetscCall(PetscPrintf(ctx->comm, " %12s %12s %10s %9s\n", "dual", "best_primal", "gap", "elapsed_s"));
  }
  ctx->header_done = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* One progress line: its label, the active prices, then the rest. */
static PetscErrorCode ProgressLine(J3oSolveCtx *ctx, const char *label, const J3oShared *mu, const char *rest)
{
  PetscFunctionBegin;
  PetscCall(PetscPrintf(ctx->comm, "%5s", label));
  for (int j = 0; j < ctx->active.n; j++) PetscCall(PetscPrintf(ctx->comm, " %12.5e", mu->r[ctx->active.r[j]]));
  PetscCall(PetscPrintf(ctx->comm, " %s\n", rest));
  PetscFunctionReturn(0);
}

/* One progress line and trace row: prices, dual value at them, best feasible accuracy so far, gap, elapsed. */
static PetscErrorCode Progress(J3oSolveCtx *ctx, const J3oShared *mu, double dual, PetscBool final)
{
  double elapsed = MPI_Wtime() - ctx->t0;
  /* no finished bound evaluation (a stop signal during the first): NaN, not inf */
  double bound                  = isfinite(ctx->best_dual) ? ctx->best_dual / ctx->total_demand : NAN,
         best                   = ctx->best_primal >= 0 ? ctx->best_primal / ctx->total_demand : NAN;
  double gap                    = ctx->best_primal >= 0 && bound > 0 ? (bound - best) / bound : NAN;
  double row[J3O_TRACE_COLUMNS] = {mu->r[J3O_SHARED_CLOUD_GFLOPS],
                                   mu->r[J3O_SHARED_CLOUD_INGRESS],
                                   isfinite(dual) ? dual / ctx->total_demand : NAN,
                                   best,
                                   gap,
                                   elapsed,
                                   mu->r[J3O_SHARED_CHURN_MB]};

  PetscFunctionBegin;
  if (ctx->rank == 0) PetscCall(J3oResultAddTrace(ctx->result, row));
  if (!ctx->opt->quiet) {
    char label[16], rest[64];
    PetscCall(ProgressHeader(ctx));
    if (final) PetscCall(PetscSNPrintf(label, sizeof(label), "final"));
    else PetscCall(PetscSNPrintf(label, sizeof(label), "%d", ctx->nevals));
    PetscCall(PetscSNPrintf(rest, sizeof(rest), "%12.8f %12.8f %10.3e %9.3f", final ? row[2] : dual / ctx->total_demand,
                            best, gap, elapsed));
    PetscCall(ProgressLine(ctx, label, mu, rest));
  }
  PetscCall(AgreeStop(ctx));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oBoundEvaluate(J3oSolveCtx *ctx, J3oShared *mu, const PetscBool *mask, double *value, J3oShared *use)
{
  enum {
    SKIPPED = 1 + J3O_NSHARED,
    N       = 2 + J3O_NSHARED
  };
  double *loc, glob[N]; /* per cluster: value, the use of each resource, skipped (0 or 1) */

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(J3oEventBound, 0, 0, 0, 0));
  PetscCallMPI(MPI_Bcast(mu->r, J3O_NSHARED, MPI_DOUBLE, 0, ctx->comm));
  PetscCall(PetscCalloc1(N * ctx->ncl + 1, &loc));
  ctx->tick = 0;
  for (int k = 0; k < ctx->ncl; k++) {
    if (mask && !mask[k]) continue;
    /* a stop signal ends the evaluation at once; the partial sum is then no bound */
    if (J3oInterrupted()) {
      loc[N * k + SKIPPED] = 1;
      continue;
    }
    PetscCall(J3oClusterBound(ctx->clusters[k], mu, &ctx->cl_value[k], &ctx->cl_use[k]));
    PetscCall(J3oClusterBoundFloor(ctx->clusters[k], &ctx->cl_floor[k]));
    loc[N * k] = ctx->cl_value[k];
    for (int r = 0; r < J3O_NSHARED; r++) loc[N * k + 1 + r] = ctx->cl_use[k].r[r];
    PetscCall(PhaseTick(ctx, "bound evaluation", k + 1));
  }
  PetscCall(J3oOrderedSum(ctx->comm, ctx->ncl, N, loc, glob));
  PetscCall(PetscFree(loc));
  *value = glob[0];
  for (int r = 0; r < J3O_NSHARED; r++) use->r[r] = glob[1 + r];
  ctx->partial = glob[SKIPPED] > 0 ? PETSC_TRUE : PETSC_FALSE;
  if (ctx->partial) ctx->stop = ctx->time_up = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(J3oEventBound, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oDualEvaluate(J3oDual ctx, const J3oShared *mu_in, double *value, J3oShared *grad, PetscBool *partial)
{
  J3oShared mu = J3oSharedConst(0), use;
  double    sum;
  PetscBool primal = ctx->opt->primal_every > 0 && (ctx->nevals % ctx->opt->primal_every) == 0 ? PETSC_TRUE
                                                                                               : PETSC_FALSE;

  PetscFunctionBegin;
  for (int j = 0; j < ctx->active.n; j++) mu.r[ctx->active.r[j]] = mu_in->r[ctx->active.r[j]]; /* inactive: 0 */
  PetscCall(J3oBoundEvaluate(ctx, &mu, NULL, &sum, &use));
  *partial = ctx->partial;
  if (ctx->partial) PetscFunctionReturn(0); /* not a dual value: nothing recorded */
  /* D(mu) = sum_e LP_e(mu) + sum_r mu_r cap_r over the active resources; a subgradient is cap - use. */
  ctx->dual_value = sum;
  ctx->grad       = J3oSharedConst(0);
  for (int j = 0; j < ctx->active.n; j++) {
    int r = ctx->active.r[j];
    ctx->dual_value += mu.r[r] * ctx->cap.r[r];
    ctx->grad.r[r] = ctx->cap.r[r] - use.r[r];
  }
  ctx->nevals++;
  if (ctx->dual_value < ctx->best_dual) {
    ctx->best_dual = ctx->dual_value;
    ctx->best_mu   = mu;
  }
  if (primal) PetscCall(J3oPrimalPass(ctx, &mu));

  PetscCall(Progress(ctx, &mu, ctx->dual_value, PETSC_FALSE));
  *value = ctx->dual_value;
  *grad  = ctx->grad;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oProgressSample(J3oSolveCtx *ctx, int it, const J3oShared *mu, double estimate)
{
  PetscFunctionBegin;
  if (!ctx->opt->quiet) {
    char label[16], rest[64];
    PetscCall(PetscSNPrintf(label, sizeof(label), "s%d", it));
    PetscCall(
      PetscSNPrintf(rest, sizeof(rest), "%12.8f %12s %10s %9.3f", estimate, "sample", "", MPI_Wtime() - ctx->t0));
    PetscCall(ProgressHeader(ctx));
    PetscCall(ProgressLine(ctx, label, mu, rest));
  }
  PetscCall(AgreeStop(ctx));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oProgressFinal(J3oSolveCtx *ctx)
{
  PetscFunctionBegin;
  PetscCall(Progress(ctx, &ctx->best_mu, ctx->best_dual, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/* TAO callback: f = D(mu), g = cap - use (on rank 0, which owns every entry: one per active resource). */
PetscErrorCode J3oDualObjectiveGradient(Tao tao, Vec vmu, PetscReal *f, Vec vg, void *vctx)
{
  J3oDual      dual = (J3oDual)vctx;
  PetscScalar *g;
  J3oShared    mu, grad;
  double       value;
  PetscBool    partial;

  PetscFunctionBegin;
  (void)tao;
  PetscCall(J3oDualGetPrices(dual, vmu, &mu));
  PetscCall(J3oDualEvaluate(dual, &mu, &value, &grad, &partial));
  /* cut short by a signal: the last value again (the stop is agreed, TAO's monitor sees it) */
  if (partial) {
    value = dual->dual_value;
    grad  = dual->grad;
  }
  *f = value / dual->total_demand;
  PetscCall(VecGetArray(vg, &g));
  if (dual->rank == 0)
    for (int j = 0; j < dual->active.n; j++) g[j] = grad.r[dual->active.r[j]] / dual->total_demand;
  PetscCall(VecRestoreArray(vg, &g));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oDualGetPrices(J3oDual dual, Vec v, J3oShared *mu)
{
  const PetscScalar *a;

  PetscFunctionBegin;
  *mu = J3oSharedConst(0);
  PetscCall(VecGetArrayRead(v, &a));
  if (dual->rank == 0)
    for (int j = 0; j < dual->active.n; j++) mu->r[dual->active.r[j]] = PetscRealPart(a[j]);
  PetscCall(VecRestoreArrayRead(v, &a));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oDualSetBestPrices(J3oDual dual, Vec v)
{
  PetscScalar *a;

  PetscFunctionBegin;
  PetscCall(VecGetArray(v, &a));
  if (dual->rank == 0)
    for (int j = 0; j < dual->active.n; j++) a[j] = dual->best_mu.r[dual->active.r[j]];
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
  info->active       = dual->active;
  info->cap          = dual->cap;
  /* prices scaled so that p is the price of the whole resource in accuracy units */
  for (int r = 0; r < J3O_NSHARED; r++) {
    PetscBool priced = (PetscBool)(dual->cap.r[r] > 0 && dual->cap.r[r] < INFINITY);
    info->s.r[r]     = priced ? dual->cap.r[r] : 1;
    info->pmax.r[r]  = dual->cap.r[r] < INFINITY ? dual->mu_max.r[r] * info->s.r[r] / dual->total_demand : 0;
  }
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
  if (J3oInterrupted() || MPI_Wtime() > ctx->deadline) ctx->time_up = PETSC_TRUE;
  return ctx->time_up;
}

PetscErrorCode J3oClusterTableCreate(J3oDual ctx, J3oClusterTable *t)
{
  int E = ctx->inst->E;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(t, sizeof(*t)));
  if (ctx->rank == 0) PetscCall(PetscMalloc3(E, &t->v, E, &t->use, E, &t->fl));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterTableGather(J3oDual ctx, J3oClusterTable *t)
{
  PetscFunctionBegin;
  PetscCallMPI(
    MPI_Gatherv(ctx->cl_value, ctx->ncl, MPI_DOUBLE, t->v, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
  PetscCallMPI(MPI_Gatherv(ctx->cl_use, ctx->ncl, ctx->shared_type, t->use, ctx->cl_counts, ctx->cl_displs,
                           ctx->shared_type, 0, ctx->comm));
  PetscCallMPI(
    MPI_Gatherv(ctx->cl_floor, ctx->ncl, MPI_DOUBLE, t->fl, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
  if (ctx->rank == 0)
    for (int e = 0; e < ctx->inst->E; e++) t->fl[e] /= ctx->total_demand;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterTableDestroy(J3oDual ctx, J3oClusterTable *t)
{
  PetscFunctionBegin;
  if (ctx->rank == 0) PetscCall(PetscFree3(t->v, t->use, t->fl));
  PetscFunctionReturn(0);
}
