/* tao_kelley.c: a TAOSHELL solver for the price dual: multi-cut Kelley cutting planes (one epigraph variable per cluster), prices scaled by the capacities. */
#include "solve_impl.h"
#include "j3o_lp.h"
#include "j3o_log.h"

/* Cuts live on rank 0. Cut k of cluster e (all in units normalized by W, prices p = mu * s / W):
   theta_e + aF p_F + aB p_B >= rhs,  aF = useF_e / sF,  aB = useB_e / sB. */
typedef struct {
  int     n, cap;
  int    *cluster;
  double *aF, *aB, *rhs;
} CutSet;

static PetscErrorCode CutSetAdd(CutSet *cs, int e, double aF, double aB, double rhs)
{
  PetscFunctionBegin;
  if (cs->n == cs->cap) {
    int newcap = cs->cap ? 2 * cs->cap : 1024;
    PetscCall(PetscRealloc(sizeof(int) * newcap, &cs->cluster));
    PetscCall(PetscRealloc(sizeof(double) * newcap, &cs->aF));
    PetscCall(PetscRealloc(sizeof(double) * newcap, &cs->aB));
    PetscCall(PetscRealloc(sizeof(double) * newcap, &cs->rhs));
    cs->cap = newcap;
  }
  cs->cluster[cs->n] = e; cs->aF[cs->n] = aF; cs->aB[cs->n] = aB; cs->rhs[cs->n] = rhs;
  cs->n++;
  PetscFunctionReturn(0);
}

/* Master LP: min sum_e theta_e + cF p_F + cB p_B over the cuts, theta_e >= floor_e (a value
   cluster e reaches at any price without the cloud; at least 0, dropping everything), 0 <= p <= pmax. Returns its optimum (a lower bound on
   min D / W) and the minimizer. */
static PetscErrorCode SolveMaster(const CutSet *cs, int E, const double floor[], const double c[2], const double pmax[2], double *lower, double p[2])
{
  int     ncols = E + 2, nrows = cs->n, nnz = 3 * cs->n;
  int    *start, *index;
  double *val, *clb, *cub, *obj, *rlb, *rub;
  J3oLP   lp;
  J3oLPStatus st;
  const double *x;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(ncols + 1, &start, nnz, &index, nnz, &val));
  PetscCall(PetscMalloc5(ncols, &clb, ncols, &cub, ncols, &obj, nrows, &rlb, nrows, &rub));
  /* column counts: theta_e appears in its cluster's cuts, p_F and p_B in every cut */
  for (int j = 0; j <= ncols; j++) start[j] = 0;
  for (int k = 0; k < cs->n; k++) start[cs->cluster[k] + 1]++;
  for (int j = 0; j < E; j++) start[j + 1] += start[j];
  start[E + 1] = start[E] + cs->n;
  start[E + 2] = start[E + 1] + cs->n;
  {
    int *fill;
    PetscCall(PetscMalloc1(E, &fill));
    for (int j = 0; j < E; j++) fill[j] = start[j];
    for (int k = 0; k < cs->n; k++) {
      int pos = fill[cs->cluster[k]]++;
      index[pos] = k; val[pos] = 1.0;
      index[start[E] + k] = k; val[start[E] + k] = cs->aF[k];
      index[start[E + 1] + k] = k; val[start[E + 1] + k] = cs->aB[k];
    }
    PetscCall(PetscFree(fill));
  }
  for (int j = 0; j < E; j++) { clb[j] = floor[j]; cub[j] = INFINITY; obj[j] = -1; }
  for (int j = 0; j < 2; j++) { clb[E + j] = 0; cub[E + j] = pmax[j]; obj[E + j] = -c[j]; }
  for (int k = 0; k < nrows; k++) { rlb[k] = cs->rhs[k]; rub[k] = INFINITY; }
  PetscCall(J3oLPCreate(&lp));
  PetscCall(J3oLPLoad(lp, ncols, nrows, start, index, val, clb, cub, obj, rlb, rub));
  PetscCall(J3oLPSolve(lp, &st));
  PetscCheck(st == J3O_LP_OPTIMAL, PETSC_COMM_SELF, PETSC_ERR_LIB, "Kelley master LP not solved to optimality (status %d)", (int)st);
  PetscCall(J3oLPGetObjective(lp, lower));
  *lower = -*lower;
  PetscCall(J3oLPGetPrimal(lp, &x));
  p[0] = PetscMin(PetscMax(x[E], 0), pmax[0]);
  p[1] = PetscMin(PetscMax(x[E + 1], 0), pmax[1]);
  PetscCall(J3oLPDestroy(&lp));
  PetscCall(PetscFree3(start, index, val));
  PetscCall(PetscFree5(clb, cub, obj, rlb, rub));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oTaoSolveKelley(Tao tao)
{
  J3oSolveCtx *ctx;
  CutSet       cs = {0};
  PetscInt     max_it;
  PetscReal    gatol, grtol, gttol;
  int          E;
  double      *allv = NULL, *allF = NULL, *allB = NULL, *allfl = NULL, s[2], c[2], pmax[2], p[2] = {0, 0}, mu[2] = {0, 0};
  double       lower = -INFINITY;
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
  if (ctx->rank == 0) PetscCall(PetscMalloc4(E, &allv, E, &allF, E, &allB, E, &allfl));

  for (PetscInt it = 0; it < max_it; it++) {
    int stop = 0;
    PetscBool primal = ctx->opt->primal_every > 0 && (it % ctx->opt->primal_every) == 0 ? PETSC_TRUE : PETSC_FALSE;
    PetscCall(J3oDualEvaluate(ctx, mu, primal));
    PetscCall(PetscLogEventBegin(J3O_EVENT_DUAL, 0, 0, 0, 0));
    PetscCallMPI(MPI_Gatherv(ctx->cl_value, ctx->ncl, MPI_DOUBLE, allv, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
    PetscCallMPI(MPI_Gatherv(ctx->cl_useF, ctx->ncl, MPI_DOUBLE, allF, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
    PetscCallMPI(MPI_Gatherv(ctx->cl_useB, ctx->ncl, MPI_DOUBLE, allB, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
    PetscCallMPI(MPI_Gatherv(ctx->cl_floor, ctx->ncl, MPI_DOUBLE, allfl, ctx->cl_counts, ctx->cl_displs, MPI_DOUBLE, 0, ctx->comm));
    if (ctx->rank == 0) {
      double best = ctx->best_dual / ctx->W;
      /* At mu = 0 with both cloud constraints slack, 0 minimizes the convex dual: D(mu) >= D(0) + g'mu >= D(0). */
      if (it == 0 && ctx->grad[0] >= 0 && ctx->grad[1] >= 0) { stop = 1; reason = TAO_CONVERGED_GATOL; }
      /* a feasible primal as good as the bound: nothing left to prove */
      else if (ctx->best_primal >= 0 && best - ctx->best_primal / ctx->W <= grtol * PetscMax(PetscAbsReal(best), 1e-12)) { stop = 1; reason = TAO_CONVERGED_USER; }
      else {
        for (int e = 0; e < E; e++) {
          double aF = allF[e] / s[0], aB = allB[e] / s[1];
          PetscCall(CutSetAdd(&cs, e, aF, aB, allv[e] / ctx->W + aF * p[0] + aB * p[1]));
        }
        double prev[2] = {p[0], p[1]};
        for (int e = 0; e < E; e++) allfl[e] /= ctx->W;
        PetscCall(SolveMaster(&cs, E, allfl, c, pmax, &lower, p));
        if (best - lower <= grtol * PetscMax(PetscAbsReal(best), 1e-12)) { stop = 1; reason = TAO_CONVERGED_GRTOL; }
        /* the model proposes the point it just evaluated: the cuts cannot improve within the LP solves' accuracy */
        else if (PetscAbsReal(p[0] - prev[0]) <= 1e-9 * PetscMax(pmax[0], 1e-12) && PetscAbsReal(p[1] - prev[1]) <= 1e-9 * PetscMax(pmax[1], 1e-12)) { stop = 1; reason = TAO_CONVERGED_STEPTOL; }
        for (int j = 0; j < 2; j++) mu[j] = p[j] * ctx->W / s[j];
      }
    }
    PetscCall(PetscLogEventEnd(J3O_EVENT_DUAL, 0, 0, 0, 0));
    PetscCallMPI(MPI_Bcast(&stop, 1, MPI_INT, 0, ctx->comm));
    PetscCallMPI(MPI_Bcast(&lower, 1, MPI_DOUBLE, 0, ctx->comm));
    PetscCall(TaoSetIterationNumber(tao, it));
    /* residual: best dual minus the cutting-plane model's minimum (the best dual itself before the first model) */
    PetscCall(TaoMonitor(tao, it, ctx->best_dual / ctx->W, isfinite(lower) ? ctx->best_dual / ctx->W - lower : ctx->best_dual / ctx->W, 0.0, 0.0));
    if (!stop && ctx->time_up) { stop = 1; reason = TAO_DIVERGED_USER; }
    if (stop) break;
    if (it == max_it - 1) reason = TAO_DIVERGED_MAXITS;
  }
  PetscCallMPI(MPI_Bcast(&reason, 1, MPI_INT, 0, ctx->comm));
  PetscCall(TaoSetConvergedReason(tao, reason));
  if (ctx->rank == 0) PetscCall(PetscFree4(allv, allF, allB, allfl));
  PetscCall(PetscFree(cs.cluster));
  PetscCall(PetscFree(cs.aF));
  PetscCall(PetscFree(cs.aB));
  PetscCall(PetscFree(cs.rhs));
  PetscFunctionReturn(0);
}
