/* j3o/lp.h: one small LP/MILP interface; CLP solves LPs, CBC solves MILPs. No COIN type leaks out. */
#ifndef J3O_LP_H
#define J3O_LP_H

#include <petscsys.h>

typedef struct _p_J3oLP *J3oLP;

typedef enum {
  J3O_LP_OPTIMAL = 0, /* proven optimal */
  J3O_LP_INFEASIBLE,  /* proven primal infeasible */
  J3O_LP_UNBOUNDED,   /* proven unbounded */
  J3O_LP_LIMIT,       /* time/iteration/node limit hit; for MILP a feasible incumbent may exist */
  J3O_LP_ABANDONED,   /* numerical trouble */
  J3O_LP_CUTOFF       /* LP: the dual simplex proved the maximum below the cutoff (J3oLPSetCutoff) and stopped */
} J3oLPStatus;

/* Problems are always:  maximize obj'x  s.t.  row_lb <= A x <= row_ub,  col_lb <= x <= col_ub.
   A is column-compressed: column j has entries row_index[col_start[j] .. col_start[j+1]-1].
   Use +-INFINITY for absent bounds. */
PetscErrorCode J3oLPCreate(J3oLP *lp);
PetscErrorCode J3oLPDestroy(J3oLP *lp); /* accepts NULL / *lp == NULL; zeroes *lp */
PetscErrorCode J3oLPLoad(J3oLP lp, int ncols, int nrows, const int col_start[], const int row_index[],
                         const double value[], const double col_lb[], const double col_ub[], const double obj[],
                         const double row_lb[], const double row_ub[]);
/* Modify a loaded problem in place (keeps the CLP model and its basis for a warm start). */
PetscErrorCode J3oLPSetColBounds(J3oLP lp, int col, double lb, double ub);
PetscErrorCode J3oLPSetObjCoef(J3oLP lp, int col, double c);
PetscErrorCode J3oLPSetRowBounds(J3oLP lp, int row, double lb, double ub);
/* The simplex basis of the last LP solve (one status byte per column, then per row: n = ncols + nrows),
   and re-entering from a saved one: the next solve starts from it by primal simplex, so it should be
   primal feasible for the bounds then in force (it still solves correctly if not, only slower). */
PetscErrorCode J3oLPBasisSize(J3oLP lp, int *n);
/* LP: the row duals of a basis (as J3oLPGetBasis gives) without a simplex iteration, at *y until the
   next modification, Solve or Destroy (CLP factorizes the basis, patching it with slacks if singular,
   and may perturb the costs of a non-optimal one slightly first). Any sign: for a bound by weak
   duality clip them (a <= row's dual >= 0). The next solve starts from that basis, by the simplex
   method it would have used without this call (J3oLPSetBasis: primal, J3oLPSetDualBasis: dual). */
PetscErrorCode J3oLPBasisDuals(J3oLP lp, const unsigned char *basis, const double **y);
/* Simplex iterations of the last LP solve (0 before one). */
PetscErrorCode J3oLPIterations(J3oLP lp, int *n);
PetscErrorCode J3oLPGetBasis(J3oLP lp, unsigned char *basis);
/* J3oLPGetBasis into *basis, allocated (J3oLPBasisSize bytes; PetscFree it) when NULL: a basis kept for later. */
PetscErrorCode J3oLPKeepBasis(J3oLP lp, unsigned char **basis);
PetscErrorCode J3oLPSetBasis(J3oLP lp, const unsigned char *basis);
/* A dual feasible basis (the basis of a solve that stopped at its cutoff): the next solve re-enters
   by the dual simplex, which stops at once when the cutoff still holds. */
PetscErrorCode J3oLPSetDualBasis(J3oLP lp, const unsigned char *basis);
/* Mark columns integer: then J3oLPSolve runs CBC (branch and cut) instead of CLP. */
PetscErrorCode J3oLPSetInteger(J3oLP lp, int col);
PetscErrorCode J3oLPSetTimeLimit(J3oLP lp, double seconds); /* <= 0: none */
/* MILP: CBC stops once its incumbent is within this fraction of its best bound (default 1e-9). */
PetscErrorCode J3oLPSetMIPGap(J3oLP lp, double gap);
/* MILP: a feasible x [ncols] that CBC starts from: a solve stopped by its time limit or a signal
   returns it or better. */
PetscErrorCode J3oLPSetMIPStart(J3oLP lp, const double x[]);
PetscErrorCode J3oLPSetLogLevel(J3oLP lp, int level); /* 0 = silent (default) */
/* CLP's own scaling of the LP (default on: CLP chooses). Off suits an LP whose rows are already
   scaled by construction and that is re-solved many times; a MILP (CBC) is unaffected. */
PetscErrorCode J3oLPSetScaling(J3oLP lp, PetscBool on);
/* LP: the next solves may stop, with J3O_LP_CUTOFF, once the dual simplex's objective (an upper bound
   on the maximum, falling as it goes) drops below value; its row duals then still bound the maximum
   (weak duality), its primal is not feasible. An optimum reached below value is J3O_LP_OPTIMAL.
   -INFINITY: none (the default). */
PetscErrorCode J3oLPSetCutoff(J3oLP lp, double value);

/* Solves. An outcome (infeasible, limit) is a status, not an error; errors are for a broken library. */
PetscErrorCode J3oLPSolve(J3oLP lp, J3oLPStatus *status);
/* After Solve: objective of the returned primal (incumbent for MILP), and for a MILP the best
   proven upper bound (for an LP equal to the objective when optimal). */
PetscErrorCode J3oLPGetObjective(J3oLP lp, double *obj);
PetscErrorCode J3oLPGetBestBound(J3oLP lp, double *bound);
/* Pointers valid until the next modification, Solve or Destroy. Row duals (LP only) are the
   shadow prices d obj / d row bound (>= 0 on a binding <= row of a maximization). */
PetscErrorCode J3oLPGetPrimal(J3oLP lp, const double **x);
PetscErrorCode J3oLPGetRowDual(J3oLP lp, const double **y);
PetscErrorCode J3oLPGetRowActivity(J3oLP lp, const double **ax);
/* MILP only: PETSC_TRUE when the solve produced a feasible incumbent. */
PetscErrorCode J3oLPHasSolution(J3oLP lp, PetscBool *has);

#endif
