/* lp.c: the J3oLP interface behind CLP (LPs, warm-started) and CBC (MILPs, rebuilt per solve). */
#include <limits.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <Clp_C_Interface.h>
#include <Cbc_C_Interface.h>
#include "j3o/interrupt.h"
#include "j3o/lp.h"

/* COIN treats |bound| >= 1e30 as infinite; it is safest to hand it DBL_MAX (= COIN_DBL_MAX). */
#define J3O_LP_INF 1e30

struct _p_J3oLP {
  int     ncols, nrows;
  int    *col_start, *row_index; /* CSC copy: CBC is built from it at every MILP solve */
  double *value;
  double *col_lb, *col_ub, *obj, *row_lb, *row_ub; /* current data, bounds already COIN-clamped */
  char   *is_int;                                  /* [ncols] */
  int     nint;
  double *mip_start;  /* [ncols] a feasible point CBC starts from (J3oLPSetMIPStart), NULL: none */
  double  time_limit; /* <= 0: none */
  double  mip_gap;    /* CBC's relative gap to stop at */
  double  cutoff;     /* -INFINITY: none */
  int     log_level;

  Clp_Simplex *clp;        /* kept between solves for warm starts */
  PetscBool    clp_solved; /* a basis exists */
  PetscBool    dirty_col, dirty_obj, dirty_row;
  PetscBool    bounds_pending; /* bounds handed to CLP since the last solve (by J3oLPBasisDuals) */
  PetscBool    basis_given;    /* J3oLPSetBasis since the last solve: re-enter by primal simplex */
  PetscBool    dual_start;     /* the basis in place is dual feasible (a solve stopped at its cutoff, or
                                  J3oLPSetDualBasis): re-enter by the dual simplex */

  /* results of the last solve, owned here */
  PetscBool solved, has_solution, is_milp;
  double   *x, *dual, *activity;
  double    objective, bound;
};

static double ClampBound(double b)
{
  if (b >= J3O_LP_INF) return DBL_MAX;
  if (b <= -J3O_LP_INF) return -DBL_MAX;
  return b;
}

PetscErrorCode J3oLPCreate(J3oLP *lp)
{
  PetscFunctionBegin;
  PetscCheck(lp, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "lp pointer is NULL");
  PetscCall(PetscCalloc1(1, lp));
  (*lp)->bound     = NAN;
  (*lp)->objective = NAN;
  (*lp)->cutoff    = -INFINITY;
  (*lp)->mip_gap   = 1e-9;
  PetscFunctionReturn(0);
}

static PetscErrorCode FreeData(J3oLP lp)
{
  PetscFunctionBegin;
  PetscCall(PetscFree3(lp->col_start, lp->row_index, lp->value));
  PetscCall(PetscFree5(lp->col_lb, lp->col_ub, lp->obj, lp->row_lb, lp->row_ub));
  PetscCall(PetscFree(lp->is_int));
  PetscCall(PetscFree(lp->mip_start));
  PetscCall(PetscFree3(lp->x, lp->dual, lp->activity));
  if (lp->clp) Clp_deleteModel(lp->clp);
  lp->clp        = NULL;
  lp->clp_solved = PETSC_FALSE;
  lp->ncols = lp->nrows = lp->nint = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPDestroy(J3oLP *lp)
{
  PetscFunctionBegin;
  if (!lp || !*lp) PetscFunctionReturn(0);
  PetscCall(FreeData(*lp));
  PetscCall(PetscFree(*lp));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPLoad(J3oLP lp, int ncols, int nrows, const int col_start[], const int row_index[],
                         const double value[], const double col_lb[], const double col_ub[], const double obj[],
                         const double row_lb[], const double row_ub[])
{
  PetscFunctionBegin;
  PetscCheck(lp, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "lp is NULL");
  PetscCheck(ncols >= 0 && nrows >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "negative size %d x %d", nrows,
             ncols);
  PetscCheck(col_start && col_start[0] == 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "col_start must start at 0");
  PetscCall(FreeData(lp));
  int nnz = col_start[ncols];
  for (int j = 0; j < ncols; j++)
    PetscCheck(col_start[j + 1] >= col_start[j], PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
               "col_start not non-decreasing at column %d", j);
  for (int k = 0; k < nnz; k++)
    PetscCheck(row_index[k] >= 0 && row_index[k] < nrows, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "row index %d out of [0,%d)", row_index[k], nrows);
  lp->ncols = ncols;
  lp->nrows = nrows;
  PetscCall(PetscMalloc3(ncols + 1, &lp->col_start, nnz, &lp->row_index, nnz, &lp->value));
  PetscCall(
    PetscMalloc5(ncols, &lp->col_lb, ncols, &lp->col_ub, ncols, &lp->obj, nrows, &lp->row_lb, nrows, &lp->row_ub));
  PetscCall(PetscCalloc1(ncols, &lp->is_int));
  PetscCall(PetscCalloc3(ncols, &lp->x, nrows, &lp->dual, nrows, &lp->activity));
  PetscCall(PetscArraycpy(lp->col_start, col_start, ncols + 1));
  PetscCall(PetscArraycpy(lp->row_index, row_index, nnz));
  PetscCall(PetscArraycpy(lp->value, value, nnz));
  for (int j = 0; j < ncols; j++) {
    lp->col_lb[j] = ClampBound(col_lb ? col_lb[j] : 0);
    lp->col_ub[j] = ClampBound(col_ub ? col_ub[j] : INFINITY);
    lp->obj[j]    = obj ? obj[j] : 0;
  }
  for (int i = 0; i < nrows; i++) {
    lp->row_lb[i] = ClampBound(row_lb ? row_lb[i] : -INFINITY);
    lp->row_ub[i] = ClampBound(row_ub ? row_ub[i] : INFINITY);
  }
  lp->clp = Clp_newModel();
  PetscCheck(lp->clp, PETSC_COMM_SELF, PETSC_ERR_LIB, "Clp_newModel failed");
  Clp_setLogLevel(lp->clp, lp->log_level);
  Clp_loadProblem(lp->clp, ncols, nrows, lp->col_start, lp->row_index, lp->value, lp->col_lb, lp->col_ub, lp->obj,
                  lp->row_lb, lp->row_ub);
  Clp_setOptimizationDirection(lp->clp, -1); /* maximize */
  lp->dirty_col = lp->dirty_obj = lp->dirty_row = PETSC_FALSE;
  lp->solved = lp->has_solution = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* Changes are buffered here and pushed to CLP as whole arrays at the next solve (the C API has no
   single-entry setter), so many changes between solves cost one O(n) copy. */
PetscErrorCode J3oLPSetColBounds(J3oLP lp, int col, double lb, double ub)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->clp, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPLoad first");
  PetscCheck(col >= 0 && col < lp->ncols, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "column %d out of [0,%d)", col,
             lp->ncols);
  lp->col_lb[col] = ClampBound(lb);
  lp->col_ub[col] = ClampBound(ub);
  lp->dirty_col   = PETSC_TRUE;
  lp->solved      = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPSetObjCoef(J3oLP lp, int col, double c)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->clp, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPLoad first");
  PetscCheck(col >= 0 && col < lp->ncols, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "column %d out of [0,%d)", col,
             lp->ncols);
  lp->obj[col]  = c;
  lp->dirty_obj = PETSC_TRUE;
  lp->solved    = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPSetRowBounds(J3oLP lp, int row, double lb, double ub)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->clp, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPLoad first");
  PetscCheck(row >= 0 && row < lp->nrows, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "row %d out of [0,%d)", row,
             lp->nrows);
  lp->row_lb[row] = ClampBound(lb);
  lp->row_ub[row] = ClampBound(ub);
  lp->dirty_row   = PETSC_TRUE;
  lp->solved      = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPSetInteger(J3oLP lp, int col)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->clp, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPLoad first");
  PetscCheck(col >= 0 && col < lp->ncols, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "column %d out of [0,%d)", col,
             lp->ncols);
  if (!lp->is_int[col]) lp->nint++;
  lp->is_int[col] = 1;
  lp->solved      = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPSetTimeLimit(J3oLP lp, double seconds)
{
  PetscFunctionBegin;
  PetscCheck(lp, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "lp is NULL");
  lp->time_limit = seconds;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPSetMIPGap(J3oLP lp, double gap)
{
  PetscFunctionBegin;
  PetscCheck(lp, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "lp is NULL");
  PetscCheck(gap >= 0 && gap < 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "MIP gap %g not in [0, 1)", gap);
  lp->mip_gap = gap;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPSetMIPStart(J3oLP lp, const double x[])
{
  PetscFunctionBegin;
  PetscCheck(lp && x, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "lp and x must be given");
  PetscCheck(lp->ncols > 0, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPLoad first");
  if (!lp->mip_start) PetscCall(PetscMalloc1(lp->ncols, &lp->mip_start));
  PetscCall(PetscArraycpy(lp->mip_start, x, lp->ncols));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPSetCutoff(J3oLP lp, double value)
{
  PetscFunctionBegin;
  PetscCheck(lp, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "lp is NULL");
  lp->cutoff = value;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPSetScaling(J3oLP lp, PetscBool on)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->clp, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPLoad first");
  Clp_scaling(lp->clp, on ? 3 : 0); /* 3: CLP's automatic choice, its default */
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPSetLogLevel(J3oLP lp, int level)
{
  PetscFunctionBegin;
  PetscCheck(lp, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "lp is NULL");
  lp->log_level = level;
  if (lp->clp) Clp_setLogLevel(lp->clp, level);
  PetscFunctionReturn(0);
}

/* activity = A x, objective = obj' x, from our own CSC copy */
static void Evaluate(J3oLP lp)
{
  double f = 0;
  for (int i = 0; i < lp->nrows; i++) lp->activity[i] = 0;
  for (int j = 0; j < lp->ncols; j++) {
    f += lp->obj[j] * lp->x[j];
    for (int k = lp->col_start[j]; k < lp->col_start[j + 1]; k++)
      lp->activity[lp->row_index[k]] += lp->value[k] * lp->x[j];
  }
  lp->objective = f;
}

static J3oLPStatus ClpStatusMap(int s)
{
  switch (s) {
  case 0:
    return J3O_LP_OPTIMAL;
  case 1:
    return J3O_LP_INFEASIBLE;
  case 2:
    return J3O_LP_UNBOUNDED;
  case 3:
    return J3O_LP_LIMIT;
  default:
    return J3O_LP_ABANDONED;
  }
}

/* Hands CLP the bounds and objective changed since the last solve; true when bounds changed. */
static PetscBool SyncChanges(J3oLP lp)
{
  PetscBool bounds_changed = lp->dirty_col || lp->dirty_row;
  if (lp->dirty_col) {
    Clp_chgColumnLower(lp->clp, lp->col_lb);
    Clp_chgColumnUpper(lp->clp, lp->col_ub);
  }
  if (lp->dirty_row) {
    Clp_chgRowLower(lp->clp, lp->row_lb);
    Clp_chgRowUpper(lp->clp, lp->row_ub);
  }
  if (lp->dirty_obj) Clp_chgObjCoefficients(lp->clp, lp->obj);
  lp->dirty_col = lp->dirty_row = lp->dirty_obj = PETSC_FALSE;
  return bounds_changed;
}

/* CLP factorizes the basis at the start of a simplex call and computes its duals before its first
   iteration: with an iteration limit of 0 it stops there, and the basis is handed back unchanged
   for the next solve. */
PetscErrorCode J3oLPBasisDuals(J3oLP lp, const unsigned char *basis, const double **y)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->clp && basis && y, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "LP, basis and output must be given");
  PetscCheck(!lp->is_milp && lp->nint == 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "row duals exist for LPs only");
  if (SyncChanges(lp)) lp->bounds_pending = PETSC_TRUE; /* the next solve still learns of them */
  Clp_copyinStatus(lp->clp, basis);
  Clp_setDualObjectiveLimit(lp->clp, DBL_MAX);
  Clp_setMaximumIterations(lp->clp, 0);
  Clp_dual(lp->clp, 0);
  Clp_setMaximumIterations(lp->clp, INT_MAX); /* CLP's default */
  const double *yc = Clp_getRowPrice(lp->clp);
  PetscCheck(lp->nrows == 0 || yc, PETSC_COMM_SELF, PETSC_ERR_LIB, "CLP returned no row prices");
  PetscCall(PetscArraycpy(lp->dual, yc, lp->nrows));
  /* CLP may have patched a singular basis: the next solve starts from the basis as given, the way
     J3oLPSetBasis or J3oLPSetDualBasis (or neither) left it; no solution is at hand until then */
  Clp_copyinStatus(lp->clp, basis);
  lp->clp_solved = PETSC_TRUE;
  lp->solved     = PETSC_FALSE;
  *y             = lp->dual;
  PetscFunctionReturn(0);
}

/* LP by CLP. First solve from scratch; later ones re-enter the simplex from the kept basis:
   dual simplex after bound/rhs changes (the basis stays dual feasible) and after a solve that
   stopped at the cutoff or J3oLPSetDualBasis (the basis is dual feasible, not primal), primal
   after objective-only changes and J3oLPSetBasis (it stays primal feasible). A warm start that
   does not end cleanly is retried cold. */
static PetscErrorCode SolveLP(J3oLP lp, J3oLPStatus *status)
{
  PetscFunctionBegin;
  PetscBool bounds_changed = (PetscBool)(SyncChanges(lp) || lp->bounds_pending);
  lp->bounds_pending       = PETSC_FALSE;
  if (lp->time_limit > 0) Clp_setMaximumSeconds(lp->clp, lp->time_limit);
  /* CLP minimizes -obj internally: its limit is on -obj */
  Clp_setDualObjectiveLimit(lp->clp, isfinite(lp->cutoff) ? -lp->cutoff : DBL_MAX);
  int s;
  if (!lp->clp_solved) {
    Clp_initialSolve(lp->clp);
    s = Clp_status(lp->clp);
  } else {
    if ((bounds_changed || lp->dual_start) && !lp->basis_given) Clp_dual(lp->clp, 0);
    else Clp_primal(lp->clp, 0);
    s = Clp_status(lp->clp);
    if (s != 0 && s != 1 && s != 2) {
      Clp_initialSolve(lp->clp);
      s = Clp_status(lp->clp);
    }
  }
  lp->clp_solved  = PETSC_TRUE;
  lp->basis_given = PETSC_FALSE;
  /* CLP also reports an optimum below the limit as "infeasible on the objective": without primal
     infeasibilities that is the optimum itself */
  if (s == 1 && Clp_secondaryStatus(lp->clp) == 1)
    *status = Clp_numberPrimalInfeasibilities(lp->clp) > 0 ? J3O_LP_CUTOFF : J3O_LP_OPTIMAL;
  else *status = ClpStatusMap(s);
  lp->dual_start  = (PetscBool)(*status == J3O_LP_CUTOFF);
  const double *x = Clp_getColSolution(lp->clp), *y = Clp_getRowPrice(lp->clp);
  PetscCheck(x && (lp->nrows == 0 || y), PETSC_COMM_SELF, PETSC_ERR_LIB, "CLP returned no solution arrays");
  PetscCall(PetscArraycpy(lp->x, x, lp->ncols));
  /* CLP reports row prices as d(obj)/d(rhs) of the objective as given (sense applied by CLP);
     test_lp.c pins the sign: >= 0 on a binding <= row of a maximization. */
  PetscCall(PetscArraycpy(lp->dual, y, lp->nrows));
  Evaluate(lp);
  lp->has_solution = (*status == J3O_LP_OPTIMAL) ? PETSC_TRUE : PETSC_FALSE;
  lp->bound        = (*status == J3O_LP_OPTIMAL)    ? lp->objective
                   : (*status == J3O_LP_CUTOFF)     ? lp->cutoff
                   : (*status == J3O_LP_INFEASIBLE) ? -INFINITY
                                                    : INFINITY;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPBasisSize(J3oLP lp, int *n)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->clp, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPLoad first");
  *n = lp->ncols + lp->nrows;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPIterations(J3oLP lp, int *n)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->clp, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPLoad first");
  *n = lp->is_milp ? 0 : Clp_numberIterations(lp->clp);
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPGetBasis(J3oLP lp, unsigned char *basis)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->clp_solved && !lp->is_milp, PETSC_COMM_SELF, PETSC_ERR_ORDER,
             "no simplex basis: J3oLPSolve an LP first");
  PetscCall(PetscArraycpy(basis, Clp_statusArray(lp->clp), lp->ncols + lp->nrows));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPKeepBasis(J3oLP lp, unsigned char **basis)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->clp && basis, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "LP and output must be given");
  if (!*basis) PetscCall(PetscMalloc1(lp->ncols + lp->nrows, basis));
  PetscCall(J3oLPGetBasis(lp, *basis));
  PetscFunctionReturn(0);
}

/* CLP refactorizes from the status array at the start of every simplex call (no factorization is
   kept between calls through the C API), so a copied-in basis is safe to re-enter from. */
PetscErrorCode J3oLPSetBasis(J3oLP lp, const unsigned char *basis)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->clp, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPLoad first");
  Clp_copyinStatus(lp->clp, basis);
  lp->clp_solved  = PETSC_TRUE;
  lp->basis_given = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPSetDualBasis(J3oLP lp, const unsigned char *basis)
{
  PetscFunctionBegin;
  PetscCall(J3oLPSetBasis(lp, basis));
  lp->basis_given = PETSC_FALSE;
  lp->dual_start  = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* MILP by CBC, built from the stored data at every solve (CBC models are not meant for reuse).
   The relative and absolute gaps are tightened so that "optimal" means optimal. CBC's tolerances
   (dual 1e-7, cutoff increment 1e-5) are absolute: callers should scale the objective so its
   coefficients are O(1), not tiny (see exact_impl.h). */
static PetscErrorCode SolveMILP(J3oLP lp, J3oLPStatus *status)
{
  char buf[64];

  PetscFunctionBegin;
  Cbc_Model *cbc = Cbc_newModel();
  PetscCheck(cbc, PETSC_COMM_SELF, PETSC_ERR_LIB, "Cbc_newModel failed");
  Cbc_loadProblem(cbc, lp->ncols, lp->nrows, lp->col_start, lp->row_index, lp->value, lp->col_lb, lp->col_ub, lp->obj,
                  lp->row_lb, lp->row_ub);
  for (int j = 0; j < lp->ncols; j++)
    if (lp->is_int[j]) Cbc_setInteger(cbc, j);
  Cbc_setObjSense(cbc, -1); /* maximize */
  Cbc_setLogLevel(cbc, lp->log_level);
  snprintf(buf, sizeof buf, "%d", lp->log_level);
  Cbc_setParameter(cbc, "log", buf);
  Cbc_setParameter(cbc, "slog", buf);
  snprintf(buf, sizeof buf, "%.17g", lp->mip_gap);
  Cbc_setParameter(cbc, "ratioGap", buf);
  Cbc_setParameter(cbc, "allowableGap", "1e-10");
  if (lp->time_limit > 0) {
    /* CBC counts CPU seconds unless told otherwise; users set wall-clock limits */
    Cbc_setParameter(cbc, "timeMode", "elapsed");
    Cbc_setMaximumSeconds(cbc, lp->time_limit);
    snprintf(buf, sizeof buf, "%.6g", lp->time_limit);
    Cbc_setParameter(cbc, "sec", buf);
  }
  if (lp->mip_start) {
    int *idx;
    PetscCall(PetscMalloc1(lp->ncols, &idx));
    for (int j = 0; j < lp->ncols; j++) idx[j] = j;
    Cbc_setMIPStartI(cbc, lp->ncols, idx, lp->mip_start);
    PetscCall(PetscFree(idx));
  }
  J3oCbcStopOnSignal(cbc); /* a stop signal ends the search like the time limit */
  Cbc_solve(cbc);
  const double *best = Cbc_bestSolution(cbc);
  lp->has_solution   = best ? PETSC_TRUE : PETSC_FALSE;
  if (best) PetscCall(PetscArraycpy(lp->x, best, lp->ncols));
  else PetscCall(PetscArrayzero(lp->x, lp->ncols));
  Evaluate(lp);
  PetscCall(PetscArrayzero(lp->dual, lp->nrows));
  if (Cbc_isProvenOptimal(cbc) && best) *status = J3O_LP_OPTIMAL;
  else if (Cbc_isProvenInfeasible(cbc)) *status = J3O_LP_INFEASIBLE;
  else if (Cbc_isContinuousUnbounded(cbc)) *status = J3O_LP_UNBOUNDED;
  else if (Cbc_isAbandoned(cbc)) *status = J3O_LP_ABANDONED;
  else *status = J3O_LP_LIMIT;
  /* Best bound in the user's (max) sense; never below the incumbent. */
  double bb = Cbc_getBestPossibleObjValue(cbc);
  if (*status == J3O_LP_OPTIMAL) lp->bound = isfinite(bb) && bb > lp->objective ? bb : lp->objective;
  else if (*status == J3O_LP_INFEASIBLE) lp->bound = -INFINITY;
  else if (*status == J3O_LP_UNBOUNDED || !isfinite(bb) || fabs(bb) >= J3O_LP_INF) lp->bound = INFINITY;
  else lp->bound = (best && bb < lp->objective) ? lp->objective : bb;
  Cbc_deleteModel(cbc);
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPSolve(J3oLP lp, J3oLPStatus *status)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->clp, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPLoad first");
  PetscCheck(status, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "status is NULL");
  lp->is_milp = lp->nint > 0 ? PETSC_TRUE : PETSC_FALSE;
  if (lp->is_milp) PetscCall(SolveMILP(lp, status));
  else PetscCall(SolveLP(lp, status));
  lp->solved = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPGetObjective(J3oLP lp, double *obj)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->solved, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPSolve first");
  *obj = lp->objective;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPGetBestBound(J3oLP lp, double *bound)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->solved, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPSolve first");
  *bound = lp->bound;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPGetPrimal(J3oLP lp, const double **x)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->solved, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPSolve first");
  *x = lp->x;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPGetRowDual(J3oLP lp, const double **y)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->solved, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPSolve first");
  PetscCheck(!lp->is_milp, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "row duals exist for LPs only");
  *y = lp->dual;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPGetRowActivity(J3oLP lp, const double **ax)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->solved, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPSolve first");
  *ax = lp->activity;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oLPHasSolution(J3oLP lp, PetscBool *has)
{
  PetscFunctionBegin;
  PetscCheck(lp && lp->solved, PETSC_COMM_SELF, PETSC_ERR_ORDER, "J3oLPSolve first");
  *has = lp->has_solution;
  PetscFunctionReturn(0);
}
