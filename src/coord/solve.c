/* solve.c: the driver of the distributed methods (J3O, bound, baselines): clusters of this rank, the coordinator's TAO
 * on the shared-resource prices, primal recovery, result assembly. */
#include "coord/solve_impl.h"
#include "j3o/interrupt.h"
#include "j3o/tolerances.h"
#include "core/log.h"
#include "core/ordered_sum.h"

/* Prices beyond which no route has a positive priced value (w a - sum_r mu_r load_r <= 0 per query
   as soon as one mu_r >= w a / load_r): the dual's minimizer lies in [0, mu_max], a box for the
   coordinator. From the cloud routes' loads (J3oSharedRouteLoad); 0 for a resource no route loads. */
static void RoutePriceLimits(const J3oInstance *in, J3oShared *mu_max)
{
  *mu_max = J3oSharedConst(0);
  for (int t = 0; t < in->T; t++) {
    int m = in->cloud_model[t];
    if (m < 0) continue;
    double    v    = in->weight[t] * J3oAcc(in, m, t);
    J3oShared load = J3oSharedConst(0);
    J3oSharedRouteLoad(in, 0, t, J3O_ROUTE_CLOUD, m, 1.0, &load);
    for (int r = 0; r < J3O_NSHARED; r++)
      if (load.r[r] > 0) mu_max->r[r] = PetscMax(mu_max->r[r], v / load.r[r]);
  }
}

/* Collective: the coordinator's TAO over the prices of the active resources, owned by rank 0,
   bounded to [0, mu_max]; the best prices it found into mu_best (every rank; 0 when inactive). */
static PetscErrorCode RunDual(J3oSolveCtx *ctx, J3oShared *mu_best)
{
  Tao tao;
  Vec mu, lo, hi;
  int na = ctx->active.n;

  PetscFunctionBegin;
  PetscCall(VecCreateMPI(ctx->comm, ctx->rank == 0 ? na : 0, na, &mu));
  PetscCall(VecDuplicate(mu, &lo));
  PetscCall(VecDuplicate(mu, &hi));
  PetscCall(VecSet(mu, 0.0));
  if (ctx->warm) { /* a re-plan starts at the previous prices */
    if (ctx->rank == 0)
      for (int j = 0; j < na; j++) PetscCall(VecSetValue(mu, j, ctx->warm_mu.r[ctx->active.r[j]], INSERT_VALUES));
    PetscCall(VecAssemblyBegin(mu));
    PetscCall(VecAssemblyEnd(mu));
  }
  PetscCall(VecSet(lo, 0.0));
  if (ctx->rank == 0)
    for (int j = 0; j < na; j++) PetscCall(VecSetValue(hi, j, ctx->mu_max.r[ctx->active.r[j]], INSERT_VALUES));
  PetscCall(VecAssemblyBegin(hi));
  PetscCall(VecAssemblyEnd(hi));
  PetscCall(J3oCoordinatorCreate(ctx->comm, ctx->opt, &tao));
  if (ctx->warm_same) PetscCall(TaoSetMaximumIterations(tao, 1));
  PetscCall(TaoSetSolution(tao, mu));
  PetscCall(TaoSetVariableBounds(tao, lo, hi));
  PetscCall(J3oTaoSetDual(tao, ctx));
  PetscCall(TaoSolve(tao));
  /* another TAO type ends at its last iterate: the coordinator's answer is the best prices evaluated */
  if (!J3oTaoTypeIsJ3o(tao)) PetscCall(J3oDualSetBestPrices(ctx, mu));
  PetscCall(J3oDualGetPrices(ctx, mu, mu_best));
  PetscCallMPI(MPI_Bcast(mu_best->r, J3O_NSHARED, MPI_DOUBLE, 0, ctx->comm));
  PetscCall(TaoDestroy(&tao));
  PetscCall(VecDestroy(&mu));
  PetscCall(VecDestroy(&lo));
  PetscCall(VecDestroy(&hi));
  PetscFunctionReturn(0);
}

/* Copies the kept cluster solutions into the result block. */
static PetscErrorCode AssembleResult(J3oSolveCtx *ctx, J3oResult *r)
{
  const J3oInstance *in = ctx->inst;

  PetscFunctionBegin;
  for (int k = 0; k < ctx->ncl; k++) {
    const J3oClusterSolution *s  = &ctx->best_sol[k];
    int                       e  = in->edge_first + k;
    int64_t                   i0 = in->edge_client_start[e] - in->client_first;
    if (!s->y || s->M != in->M) continue; /* no solution kept (or a copy of none): everything dropped */
    for (int j = 0; j < s->nclients; j++)
      for (int m = 0; m < in->M; m++) r->x[(size_t)(i0 + j) * in->M + m] = s->x[(size_t)j * in->M + m];
    for (int m = 0; m < in->M; m++) r->y[(size_t)k * in->M + m] = s->y[m];
    r->duty_cycle_s[k] = s->duty_cycle_s;
    for (int q = 0; q < s->nroutes; q++) {
      const J3oRoute *rt = &s->routes[q];
      PetscCall(J3oResultAddRoute(r, rt->client, rt->task, (J3oRouteKind)rt->route, rt->model, rt->fraction));
    }
  }
  /* an edge whose cluster kept no solution (dropped: time limit) still needs a duty cycle from C;
     with nothing resident and no edge route any member will do */
  for (int k = 0; k < ctx->ncl; k++)
    if (in->K > 0 && !(r->duty_cycle_s[k] > 0)) r->duty_cycle_s[k] = in->duty_cycles_s[0];
  PetscFunctionReturn(0);
}

/* Re-planning: each cluster gets its rows of the previous plan and the per-cluster budget (constraint 12). */
static PetscErrorCode SetPrevious(J3oSolveCtx *ctx)
{
  const J3oInstance *in     = ctx->inst;
  const J3oPrevious *P      = ctx->opt->previous;
  double             budget = J3oChurnBudgetEffective(in, ctx->opt->swap_budget_mb);

  PetscFunctionBegin;
  PetscCheck(P->M == in->M && P->edge_first == in->edge_first && P->edge_last == in->edge_last &&
               P->client_first == in->client_first && P->client_count == in->client_count,
             PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP, "the previous plan's rows do not match the instance's clusters");
  for (int k = 0; k < ctx->ncl; k++) {
    int64_t i0 = in->edge_client_start[in->edge_first + k] - in->client_first;
    PetscCall(J3oClusterSetPrevious(ctx->clusters[k], P->x + (size_t)i0 * in->M, P->y + (size_t)k * in->M,
                                    P->duty_cycle_s[k], budget));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oSolveDistributed(MPI_Comm comm, const J3oInstance *inst, const J3oSolveOptions *opt, J3oResult *r)
{
  const J3oMethodInfo *method = &J3oMethods[opt->method];
  J3oSolveCtx          ctx;
  J3oClusterOptions    copt   = opt->cluster;
  double               served = 0;
  J3oShared            zero   = J3oSharedConst(0);

  PetscFunctionBegin;
  PetscCheck(!method->rank0, comm, PETSC_ERR_ARG_WRONG, "the %s method is not distributed", method->name);
  PetscCall(PetscMemzero(&ctx, sizeof(ctx)));
  ctx.comm     = comm;
  ctx.inst     = inst;
  ctx.opt      = opt;
  ctx.result   = r;
  ctx.t0       = MPI_Wtime();
  ctx.deadline = opt->time_limit_s > 0 ? ctx.t0 + opt->time_limit_s : INFINITY;
  PetscCallMPI(MPI_Comm_rank(comm, &ctx.rank));
  PetscCallMPI(MPI_Comm_size(comm, &ctx.size));
  ctx.ncl          = inst->edge_last - inst->edge_first;
  ctx.total_demand = inst->total_weighted_demand;
  J3oSharedCapacity(inst, &ctx.cap);
  if (opt->previous) /* constraint 13 (INFINITY: none) */
    ctx.cap.r[J3O_SHARED_CHURN_MB] = J3oChurnBudgetEffective(inst, opt->swap_budget_total_mb);
  J3oSharedActive(&ctx.cap, &ctx.active);
  r->trace_churn  = (PetscBool)(ctx.cap.r[J3O_SHARED_CHURN_MB] < INFINITY);
  ctx.best_dual   = INFINITY;
  ctx.best_primal = -1;
  RoutePriceLimits(inst, &ctx.mu_max);
  PetscCallMPI(MPI_Type_contiguous(J3O_NSHARED, MPI_DOUBLE, &ctx.shared_type));
  PetscCallMPI(MPI_Type_commit(&ctx.shared_type));
  copt.rule   = method->rule;
  copt.routes = method->routes;

  PetscCall(PetscLogEventBegin(J3oEventSetup, 0, 0, 0, 0));
  PetscCall(PetscCalloc1(ctx.ncl, &ctx.clusters));
  PetscCall(PetscCalloc2(ctx.ncl, &ctx.sol, ctx.ncl, &ctx.best_sol));
  PetscCall(PetscCalloc3(ctx.ncl, &ctx.cl_value, ctx.ncl, &ctx.cl_use, ctx.ncl, &ctx.cl_floor));
  PetscCall(PetscCalloc2(ctx.size, &ctx.cl_counts, ctx.size, &ctx.cl_displs));
  PetscCallMPI(MPI_Allgather(&ctx.ncl, 1, MPI_INT, ctx.cl_counts, 1, MPI_INT, comm));
  for (int q = 1; q < ctx.size; q++) ctx.cl_displs[q] = ctx.cl_displs[q - 1] + ctx.cl_counts[q - 1];
  for (int k = 0; k < ctx.ncl; k++) {
    PetscCall(J3oClusterCreate(inst, inst->edge_first + k, &copt, &ctx.clusters[k]));
    PetscCall(J3oClusterSetDeadline(ctx.clusters[k], ctx.deadline));
  }
  if (opt->previous) PetscCall(SetPrevious(&ctx));
  if (ctx.cap.r[J3O_SHARED_CHURN_MB] < INFINITY) { /* constraint 13: its price box from every cluster's limit */
    double lim = 0, l;
    for (int k = 0; k < ctx.ncl; k++) {
      PetscCall(J3oClusterChurnPriceLimit(ctx.clusters[k], &l));
      lim = PetscMax(lim, l);
    }
    PetscCallMPI(MPI_Allreduce(&lim, &ctx.mu_max.r[J3O_SHARED_CHURN_MB], 1, MPI_DOUBLE, MPI_MAX, comm));
  }
  PetscCall(J3oWarmStart(&ctx));
  PetscCall(PetscLogEventEnd(J3oEventSetup, 0, 0, 0, 0));

  if (ctx.total_demand <= 0) {
    /* no weighted demand: nothing to serve, accuracy = bound = 0 by definition */
    r->accuracy = r->served_fraction = r->upper_bound = r->gap = 0;
    r->status                                                  = J3O_STATUS_OPTIMAL;
    PetscCall(AssembleResult(&ctx, r)); /* no solution kept: duty cycles from C when batching */
  } else {
    if (method->prices) {
      J3oSolveOptions dual_opt = *opt;
      J3oShared       mu;
      if (!method->primal) dual_opt.primal_every = 0;
      if (ctx.warm) dual_opt.price_sample = 0; /* the previous prices are the start */
      ctx.opt = &dual_opt;
      PetscCall(RunDual(&ctx, &mu));
      ctx.opt = opt;
      if (method->primal) {
        /* the integer heuristic at the best prices, then recovery of the shared capacities */
        PetscCall(J3oPrimalPass(&ctx, &mu));
        PetscCall(J3oRecover(&ctx));
        PetscCall(J3oProgressFinal(&ctx));
      }
    } else {
      PetscCall(J3oPrimalPass(&ctx, &zero));
      PetscCall(J3oRecover(&ctx));
    }
    PetscCall(AssembleResult(&ctx, r));
    if (method->prices) {
      double value;
      r->has_shared      = PETSC_TRUE;
      r->shared_price    = ctx.best_mu;
      r->shared_capacity = ctx.cap;
      PetscCall(J3oSolutionTotals(&ctx, ctx.best_sol, &value, &r->shared_use));
    }
    if (opt->save_basis) PetscCall(J3oWarmSaveBases(&ctx, r));
    {
      double *loc;
      PetscCall(PetscMalloc1(ctx.ncl + 1, &loc));
      for (int k = 0; k < ctx.ncl; k++) loc[k] = ctx.best_sol[k].served;
      PetscCall(J3oOrderedSum(comm, ctx.ncl, 1, loc, &served));
      PetscCall(PetscFree(loc));
    }
    r->accuracy        = ctx.best_primal > 0 ? ctx.best_primal / ctx.total_demand : 0;
    r->served_fraction = served / ctx.total_demand;
    PetscBool late     = ctx.time_up, signalled;
    PetscCallMPI(MPI_Allreduce(&late, &ctx.time_up, 1, MPIU_BOOL, MPI_LOR, comm));
    PetscCall(J3oInterruptAgree(comm, &signalled));
    r->status = signalled ? J3O_STATUS_INTERRUPTED : ctx.time_up ? J3O_STATUS_TIME_LIMIT : J3O_STATUS_FEASIBLE;
    if (isfinite(ctx.best_dual)) {
      double bound = ctx.best_dual / ctx.total_demand;
      PetscCheck(bound >= r->accuracy - J3O_BOUND_SLACK, comm, PETSC_ERR_PLIB,
                 "bound %.12g below accuracy %.12g: a bug, not a result", bound, r->accuracy);
      r->upper_bound = PetscMax(bound, r->accuracy); /* round-off only (checked above) */
      r->gap         = r->upper_bound > 0 ? (r->upper_bound - r->accuracy) / r->upper_bound : 0;
      if (r->gap <= J3O_GAP_OPTIMAL && !ctx.time_up && !signalled && method->prices && method->primal)
        r->status = J3O_STATUS_OPTIMAL;
    } else {
      r->upper_bound = r->gap = NAN;
    }
  }
  r->wall_s = MPI_Wtime() - ctx.t0;

  for (int k = 0; k < ctx.ncl; k++) {
    PetscCall(J3oClusterDestroy(&ctx.clusters[k]));
    PetscCall(J3oClusterSolutionFree(&ctx.sol[k]));
    PetscCall(J3oClusterSolutionFree(&ctx.best_sol[k]));
  }
  PetscCall(PetscFree(ctx.clusters));
  PetscCall(PetscFree2(ctx.sol, ctx.best_sol));
  PetscCall(PetscFree3(ctx.cl_value, ctx.cl_use, ctx.cl_floor));
  PetscCallMPI(MPI_Type_free(&ctx.shared_type));
  PetscCall(PetscFree2(ctx.cl_counts, ctx.cl_displs));
  PetscFunctionReturn(0);
}
