/* tao_kelley.c: a TAOSHELL solver for the price dual: multi-cut Kelley cutting planes (one epigraph variable per cluster), prices scaled by the capacities. */
#include "coord/kelley_impl.h"
#include "core/log.h"
#include "j3o/tolerances.h"

/* Started from a sample's estimate, the model is kept to a box around it that doubles on a side
   whenever the step lands there; the model's minimum is a lower bound on the dual only when the
   step lies inside the box (convexity), so only then may it stop the search. */
typedef struct {
  PetscBool on;
  double    center[2], radius[2];
} TrustBox;

static void BoxBounds(const TrustBox *tb, const double pmax[2], double lo[2], double hi[2])
{
  for (int j = 0; j < 2; j++) {
    lo[j] = 0; hi[j] = pmax[j];
    if (!tb->on || !(tb->radius[j] > 0)) continue;
    lo[j] = PetscMax(0, tb->center[j] - tb->radius[j]);
    hi[j] = PetscMin(pmax[j], tb->center[j] + tb->radius[j]);
  }
}

/* Doubles the radius on each coordinate where p reached a side that is not the price box's own;
   returns whether any did (then the model's minimum is not proven). */
static PetscBool BoxGrow(TrustBox *tb, const double p[2], const double lo[2], const double hi[2], const double pmax[2])
{
  PetscBool hit = PETSC_FALSE;
  for (int j = 0; j < 2; j++) {
    double eps = J3O_PRICE_EPS * PetscMax(pmax[j], J3O_SCALE_FLOOR);
    if ((lo[j] > 0 && p[j] <= lo[j] + eps) || (hi[j] < pmax[j] && p[j] >= hi[j] - eps)) {
      tb->radius[j] *= 2;
      hit = PETSC_TRUE;
    }
  }
  return hit;
}

/* Rank 0: every cluster's cut at the scaled prices `at` of the last evaluation. */
static PetscErrorCode AddCuts(J3oSolveCtx *ctx, J3oCutSet *cuts, const J3oClusterTable *tab, const double s[2], const double at[2])
{
  PetscFunctionBegin;
  for (int e = 0; e < ctx->inst->E; e++) PetscCall(J3oCutSetAdd(cuts, e, tab->v[e] / ctx->total_demand, tab->F[e], tab->B[e], s, at));
  PetscFunctionReturn(0);
}

/* Rank 0: the trust box around the sample's prices p, and mu from them. */
static PetscErrorCode StartFromSample(J3oSolveCtx *ctx, TrustBox *tb, const double p[2], const double s[2], double mu[2])
{
  PetscFunctionBegin;
  if (ctx->rank == 0) {
    tb->on = PETSC_TRUE;
    for (int j = 0; j < 2; j++) {
      tb->center[j] = p[j];
      tb->radius[j] = 0.5 * p[j];
      mu[j] = p[j] * ctx->total_demand / s[j];
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oTaoSolveKelley(Tao tao)
{
  J3oSolveCtx    *ctx;
  J3oCutSet       cuts = {0};
  J3oClusterTable tab;
  TrustBox        tb = {0};
  PetscInt        max_it;
  PetscReal       gatol, grtol, gttol;
  int             E;
  double          s[2], c[2], pmax[2], p[2] = {0, 0}, mu[2] = {0, 0};
  double          lower = -INFINITY;
  PetscBool       binds;
  TaoConvergedReason reason = TAO_CONTINUE_ITERATING;

  PetscFunctionBegin;
  PetscCall(TaoShellGetContext(tao, &ctx));
  PetscCall(TaoGetMaximumIterations(tao, &max_it));
  PetscCall(TaoGetTolerances(tao, &gatol, &grtol, &gttol));
  (void)gatol; (void)gttol;
  E = ctx->inst->E;
  J3oPriceScaling(ctx, s, pmax);
  c[0] = ctx->capF / s[0];
  c[1] = ctx->capB / s[1];
  PetscCall(J3oClusterTableCreate(ctx, &tab));

  PetscCall(J3oPriceSample(ctx, PETSC_FALSE, &cuts, p, &binds));
  if (binds) PetscCall(StartFromSample(ctx, &tb, p, s, mu));

  for (PetscInt it = 0; it < max_it; it++) {
    int stop = 0;
    PetscBool primal = ctx->opt->primal_every > 0 && (it % ctx->opt->primal_every) == 0 ? PETSC_TRUE : PETSC_FALSE;
    double at[2] = {p[0], p[1]}; /* the scaled prices evaluated (rank 0) */
    PetscCall(J3oDualEvaluate(ctx, mu, primal));
    if (ctx->partial) { reason = TAO_DIVERGED_USER; break; } /* cut short by a signal: no cut */
    PetscCall(J3oClusterTableGather(ctx, &tab));
    /* the first evaluation was at mu = 0 (the sample saw no binding cloud) and the cloud binds
       (mildly, or the sample's share of the demand misjudged its share of the cloud): sample again,
       sharing the cloud as its use at 0 */
    if (it == 0 && !binds && J3oPriceSampleUsable(ctx) && (ctx->grad[0] < 0 || ctx->grad[1] < 0)) {
      /* before the cuts at 0 enter the cut set: the sample's master must see only the sample's clusters */
      PetscCall(J3oPriceSample(ctx, PETSC_TRUE, &cuts, p, &binds));
      PetscCallMPI(MPI_Bcast(p, 2, MPI_DOUBLE, 0, ctx->comm));
      if (binds && (p[0] > 0 || p[1] > 0)) { /* else the cuts at 0 take the next step */
        if (ctx->rank == 0) PetscCall(AddCuts(ctx, &cuts, &tab, s, at));
        PetscCall(StartFromSample(ctx, &tb, p, s, mu));
        continue;
      }
    }
    PetscCall(PetscLogEventBegin(J3oEventDual, 0, 0, 0, 0));
    if (ctx->rank == 0) {
      double best = ctx->best_dual / ctx->total_demand;
      /* At mu = 0 with both cloud constraints slack, 0 minimizes the convex dual: D(mu) >= D(0) + g'mu >= D(0). */
      if (mu[0] == 0 && mu[1] == 0 && ctx->grad[0] >= 0 && ctx->grad[1] >= 0) { stop = 1; reason = TAO_CONVERGED_GATOL; }
      /* a feasible primal as good as the bound: nothing left to prove */
      else if (ctx->best_primal >= 0 && best - ctx->best_primal / ctx->total_demand <= grtol * PetscMax(PetscAbsReal(best), J3O_SCALE_FLOOR)) { stop = 1; reason = TAO_CONVERGED_USER; }
      else {
        double lo[2], hi[2], model;
        PetscCall(AddCuts(ctx, &cuts, &tab, s, at));
        BoxBounds(&tb, pmax, lo, hi);
        PetscCall(J3oKelleyMaster(&cuts, E, tab.fl, c, lo, hi, &model, p));
        PetscBool proven = !BoxGrow(&tb, p, lo, hi, pmax);
        if (proven) lower = model;
        if (proven && best - lower <= grtol * PetscMax(PetscAbsReal(best), J3O_SCALE_FLOOR)) { stop = 1; reason = TAO_CONVERGED_GRTOL; }
        /* the model proposes the point it just evaluated: the cuts cannot improve within the LP solves' accuracy */
        else if (proven && J3oPricesClose(p, at, pmax)) { stop = 1; reason = TAO_CONVERGED_STEPTOL; }
        for (int j = 0; j < 2; j++) mu[j] = p[j] * ctx->total_demand / s[j];
      }
    }
    PetscCall(PetscLogEventEnd(J3oEventDual, 0, 0, 0, 0));
    PetscCallMPI(MPI_Bcast(&stop, 1, MPI_INT, 0, ctx->comm));
    PetscCallMPI(MPI_Bcast(&lower, 1, MPI_DOUBLE, 0, ctx->comm));
    PetscCall(TaoSetIterationNumber(tao, it));
    /* residual: best dual minus the cutting-plane model's proven minimum (the best dual itself before one) */
    PetscCall(TaoMonitor(tao, it, ctx->best_dual / ctx->total_demand, isfinite(lower) ? ctx->best_dual / ctx->total_demand - lower : ctx->best_dual / ctx->total_demand, 0.0, 0.0));
    if (!stop && ctx->stop) { stop = 1; reason = TAO_DIVERGED_USER; }
    if (stop) break;
    if (it == max_it - 1) reason = TAO_DIVERGED_MAXITS;
  }
  PetscCallMPI(MPI_Bcast(&reason, 1, MPI_INT, 0, ctx->comm));
  PetscCall(TaoSetConvergedReason(tao, reason));
  PetscCall(J3oClusterTableDestroy(ctx, &tab));
  PetscCall(J3oCutSetFree(&cuts));
  PetscFunctionReturn(0);
}
