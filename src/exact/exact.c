/* exact.c: J3oExactSolve, the exact MILP baseline: build the full MILP, solve it with CBC, report. */
#include <math.h>
#include "j3o/exact.h"
#include "exact/exact_impl.h"

/* Status optimal when CBC proves it; time_limit otherwise, with CBC's incumbent or, when it has
   none, the empty solution (dropping every query is always feasible). Bound and gap are
   normalized by the total weighted demand like the accuracy. */
PetscErrorCode J3oExactSolve(const J3oInstance *inst, double time_limit_s, J3oResult *r)
{
  PetscFunctionBegin;
  PetscCall(J3oExactSolveChurn(inst, time_limit_s, NULL, r));
  PetscFunctionReturn(0);
}

/* A re-plan's previous plan re-routed: its binaries fixed (the part of its onloading that fits), the LP over
   the routes (no churn, so within any budget), *keep its solution and *value its objective; *keep NULL
   when that LP has no optimum. What a run that CBC stops early keeps at least. */
static PetscErrorCode KeepPrevious(const J3oExactModel *mod, const J3oPrevious *prev, double **keep, double *value)
{
  J3oLP         lp;
  J3oLPStatus   st;
  double       *fix;
  const double *x;
  int           unloaded;

  PetscFunctionBegin;
  *keep = NULL;
  PetscCall(PetscMalloc1(mod->ncols + 1, &fix));
  PetscCall(J3oExactPreviousStart(mod, prev, fix, &unloaded));
  if (unloaded > 0)
    PetscCall(
      PetscInfo(NULL, "exact: the previous plan does not fit this instance: %d of its models left out\n", unloaded));
  PetscCall(J3oLPCreate(&lp));
  PetscCall(J3oExactModelLoad(mod, fix, lp));
  PetscCall(J3oLPSolve(lp, &st));
  if (st == J3O_LP_OPTIMAL) {
    PetscCall(J3oLPGetPrimal(lp, &x));
    PetscCall(J3oLPGetObjective(lp, value));
    PetscCall(PetscArraycpy(fix, x, mod->ncols));
    *keep = fix;
  } else {
    PetscCall(PetscInfo(NULL, "exact: the LP of the previous plan's binaries has no optimum (status %d)\n", (int)st));
    PetscCall(PetscFree(fix));
  }
  PetscCall(J3oLPDestroy(&lp));
  PetscFunctionReturn(0);
}

/* With churn budgets the empty onloading stays feasible, so the same statuses hold. */
PetscErrorCode J3oExactSolveChurn(const J3oInstance *inst, double time_limit_s, const J3oExactChurn *churn,
                                  J3oResult *r)
{
  J3oExactModel mod;
  J3oLP         lp = NULL;
  J3oLPStatus   st;
  PetscBool     has;
  double        t0 = MPI_Wtime(), bound, value = -INFINITY, keep_value = -INFINITY, *keep = NULL;
  const double *sol;

  PetscFunctionBegin;
  PetscCheck(inst->edge_first == 0 && inst->edge_last == inst->E, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "exact solve needs every cluster of the instance");
  r->nroutes = 0;
  double twd = inst->total_weighted_demand > 0 ? inst->total_weighted_demand : J3oInstanceLocalWeightedDemand(inst);
  if (!(twd > 0)) { /* no demand: A = 0 is optimal and proven */
    for (int e = 0; e < inst->E; e++) r->duty_cycle_s[e] = inst->K > 0 ? inst->duty_cycles_s[0] : 0;
    r->accuracy = r->served_fraction = 0;
    r->upper_bound                   = 0;
    r->gap                           = 0;
    r->status                        = J3O_STATUS_OPTIMAL;
    r->wall_s                        = MPI_Wtime() - t0;
    PetscFunctionReturn(0);
  }
  PetscCall(J3oExactModelBuild(inst, &mod));
  if (churn && churn->prev) PetscCall(J3oExactAddChurnRows(&mod, churn));
  PetscCall(J3oLPCreate(&lp));
  PetscCall(J3oExactModelLoad(&mod, NULL, lp));
  if (churn && churn->prev) PetscCall(KeepPrevious(&mod, churn->prev, &keep, &keep_value));
  /* the limit holds for the whole solve: CBC gets what the model and that LP left of it */
  PetscCall(J3oLPSetTimeLimit(lp, time_limit_s > 0 ? PetscMax(time_limit_s - (MPI_Wtime() - t0), 1e-3) : 0));
  PetscCall(J3oLPSolve(lp, &st));
  PetscCheck(st != J3O_LP_INFEASIBLE && st != J3O_LP_UNBOUNDED, PETSC_COMM_SELF, PETSC_ERR_LIB,
             "CBC reports the exact MILP %s, but dropping every query is feasible and A <= 1",
             st == J3O_LP_INFEASIBLE ? "infeasible" : "unbounded");
  PetscCall(J3oLPHasSolution(lp, &has));
  PetscCall(J3oLPGetPrimal(lp, &sol));
  if (has) PetscCall(J3oLPGetObjective(lp, &value));
  /* CBC stopped early (time limit, signal) below the previous plan re-routed: that one (no churn) */
  if (keep && (!has || keep_value > value)) {
    PetscCall(PetscInfo(NULL, "exact: CBC's incumbent (%s) below the previous plan re-routed (%g): that one kept\n",
                        has ? "found" : "none", keep_value / mod.scale));
    sol = keep;
    has = PETSC_TRUE;
  }
  PetscCall(J3oExactExtract(&mod, has ? sol : NULL, r));
  PetscCall(J3oLPGetBestBound(lp, &bound));
  bound /= mod.scale; /* normalized like the accuracy */
  r->status = st == J3O_LP_OPTIMAL ? J3O_STATUS_OPTIMAL
                                   : (st == J3O_LP_LIMIT ? J3O_STATUS_TIME_LIMIT : J3O_STATUS_FEASIBLE);
  /* A <= 1 always, so 1 is the bound when CBC has none yet */
  r->upper_bound = PetscMax(isnan(bound) ? 1.0 : PetscMin(bound, 1.0), r->accuracy);
  r->gap         = r->upper_bound > 0 ? (r->upper_bound - r->accuracy) / r->upper_bound : 0;
  PetscCall(J3oLPDestroy(&lp));
  PetscCall(PetscFree(keep));
  PetscCall(J3oExactModelFree(&mod));
  r->wall_s = MPI_Wtime() - t0;
  PetscFunctionReturn(0);
}
