/* exact_impl.h: private to the exact MILP baseline (exact*.c): the column map of the MILP and its builder. */
#ifndef J3O_EXACT_IMPL_H
#define J3O_EXACT_IMPL_H

#include "j3o/instance.h"
#include "j3o/lp.h"
#include "j3o/result.h"
#include "j3o/exact.h"
#include "lp/sparse.h"

/* The MILP of docs/formulation.md for every cluster an instance holds. A map entry is the column of
   a variable, or -1 when the variable does not exist (it can never carry value: no admissible
   route, no positive demand, or the model cannot fit); such variables are reported as 0.
   i = local client row, le = e - edge_first, c < Kc = max(K, 1) (c = 0 when batching is off). */
typedef struct {
  const J3oInstance *in;
  int                Kc, nedge;
  double             twd;   /* total weighted demand: A = sum w lambda a f / twd */
  double             scale; /* MILP objective = scale * A: scale = number of (client, task) pairs with demand, so
                               objective coefficients average ~1. Normalizing to [0, 1] instead would make them
                               ~1e-4 and CLP's absolute dual tolerance (1e-7) would cost ~1e-5 in accuracy. */
  int *xcol;                /* [client_count*M]       x_im, binary */
  int *ycol;                /* [nedge*M]              y_em, binary */
  int *kcol;                /* [nedge*K]              k_ec, binary: edge e runs duty cycle c (K > 0) */
  int *wcol;                /* [(nedge*M)*K]          w_emc = y_em * k_ec (linearized), K > 0 and g0_m > 0 */
  int *ucol;                /* [(client_count*T)*M]   u_itm */
  int *vcol;                /* [((client_count*T)*M)*Kc] v_itmc */
  int *zcol;                /* [client_count*T]       z_it */

  /* columns */
  int        ncols;
  PetscCount colcap;
  double    *clb, *cub, *cobj;
  char      *cint;
  /* rows: lb <= sum <= ub, entries as triplets */
  int         nrows;
  PetscCount  rowcap;
  double     *rlb, *rub;
  J3oTriplets A;
} J3oExactModel;

PetscErrorCode J3oExactModelBuild(const J3oInstance *in, J3oExactModel *mod);
/* Appends the row lb <= sum_k val[k] x_{col[k]} <= ub (entries with col < 0 skipped). */
PetscErrorCode J3oExactAddRow(J3oExactModel *mod, int n, const int col[], const double val[], double lb, double ub);
/* Appends constraint 12 (one row per cluster) and 13 (one row) for the finite budgets of churn. */
PetscErrorCode J3oExactAddChurnRows(J3oExactModel *mod, const J3oExactChurn *churn);
/* A re-plan's previous plan as the binaries, for J3oExactModelLoad's fix: its duty cycles as k and, as x and
   y, the part of its onloading that fits this instance (J3oFitDevice: memory, and at the edge the fixed
   loads at that duty cycle); every other column 0. *unloaded: the previous models left out to fit. */
PetscErrorCode J3oExactPreviousStart(const J3oExactModel *mod, const J3oPrevious *prev, double *start, int *unloaded);
/* Loads the model into lp (CSC) and marks its binaries integer; with fix, the binaries are fixed at
   fix[j] instead (an LP: the routes of that onloading). */
PetscErrorCode J3oExactModelLoad(const J3oExactModel *mod, const double *fix, J3oLP lp);
PetscErrorCode J3oExactModelFree(J3oExactModel *mod);
/* Turns a MILP solution (or NULL: nothing routed) into x, y, duty cycles and routes of r, rounding
   binaries, clipping noise and scaling route fractions down so every constraint holds exactly;
   sets r->accuracy and r->served_fraction from the routes. */
PetscErrorCode J3oExactExtract(const J3oExactModel *mod, const double *sol, J3oResult *r);

#endif
