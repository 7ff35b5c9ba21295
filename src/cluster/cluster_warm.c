/* cluster_warm.c: the warm start of a re-plan on one cluster: the previous plan's onloading and duty
   cycle as the first search state, and its reuse, re-routed without a search, when the cluster's
   demand and the prices are those of the previous plan. */
#include <math.h>
#include "cluster/cluster_impl.h"
#include "core/fit.h"
#include "core/log.h"

/* Cycle k forgets a previous plan's basis it has not solved from. */
static PetscErrorCode DropPrevious(ClCycle *cy)
{
  PetscFunctionBegin;
  if (!cy->keep_prev) PetscFunctionReturn(0);
  PetscCall(PetscFree(cy->keep));
  cy->keep_n    = 0;
  cy->keep_prev = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClFitPrevious(J3oCluster cl, const unsigned char *x, const unsigned char *y, double duty_cycle_s,
                                unsigned char *xf, unsigned char *yf, int *k, int *unloaded)
{
  const J3oInstance *in = cl->inst;
  int                M  = cl->M;

  PetscFunctionBegin;
  *k        = -1;
  *unloaded = 0;
  for (int q = 0; q < cl->ncyc; q++)
    if (cl->cyc[q].c == (in->K > 0 ? duty_cycle_s : 0) && cl->cyc[q].ncol > 0) *k = q;
  if (*k < 0) PetscFunctionReturn(0);
  for (int n = 0; n <= cl->nc; n++) { /* the clients, then the edge (its fixed load at cycle k) */
    int    u;
    double cap = n < cl->nc ? in->client_memory_mb[cl->i0 + n] : in->edge_memory_mb[cl->edge];
    PetscCall(J3oFitDevice(in, n < cl->nc ? NULL : cl->cyc[*k].fc, cap, n < cl->nc ? x + (size_t)n * M : y,
                           n < cl->nc ? xf + (size_t)n * M : yf, &u));
    *unloaded += u;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterWarmStart(J3oCluster cl, const unsigned char *x, const unsigned char *y, double duty_cycle_s,
                                   const J3oShared *prices, int lp_budget, PetscBool *used)
{
  const char *why;
  int         k, unloaded;

  PetscFunctionBegin;
  PetscCheck(cl && x && y && used, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "cluster, onloading and output must be given");
  *used          = PETSC_FALSE;
  cl->warm_first = cl->reuse = cl->reused = PETSC_FALSE;
  if (!cl->prev.x) PetscCall(J3oClStateAlloc(cl, &cl->prev));
  PetscCall(J3oClFitPrevious(cl, x, y, duty_cycle_s, cl->prev.x, cl->prev.y, &k, &unloaded));
  /* one that does not fit as it is: the normal search, which may keep any part of it (no prev) */
  why = k < 0        ? "its duty cycle is not one of this instance's (or has no route)"
      : unloaded > 0 ? "it does not fit this instance's memory or edge load"
                     : NULL;
  if (why) {
    PetscCall(J3oClStateFree(&cl->prev));
    PetscCall(PetscInfo(NULL, "cluster %d: previous onloading (duty cycle %g s): %s: the normal start\n", cl->edge,
                        duty_cycle_s, why));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscArrayzero(cl->prev.frac, cl->maxcol));
  cl->prev.k   = k;
  cl->prev.val = -INFINITY;
  /* the budgeted search alternates from the kept residency (SolveLarge); the whole search from prev */
  PetscCall(J3oClStateCopy(cl, &cl->prev, &cl->best));
  cl->warm           = PETSC_TRUE;
  cl->warm_first     = PETSC_TRUE;
  cl->warm_lp_budget = PetscMax(lp_budget, 0);
  if (prices) {
    cl->reuse    = PETSC_TRUE;
    cl->reuse_mu = *prices;
  }
  *used = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* prev re-routed at call's prices under its caps becomes cl->best (*ok: it fits there). */
static PetscErrorCode AdoptPrevious(J3oCluster cl, ClCall *call, PetscBool *ok)
{
  double v;

  PetscFunctionBegin;
  PetscCall(J3oClEvaluate(cl, call, cl->prev.k, cl->prev.x, cl->prev.y, &v, ok));
  if (!*ok) PetscFunctionReturn(0);
  PetscCall(J3oClStateCopy(cl, &cl->prev, &cl->best));
  PetscCall(PetscArraycpy(cl->best.frac, cl->cyc[cl->prev.k].frac, cl->cyc[cl->prev.k].ncol));
  cl->best.val = v;
  PetscFunctionReturn(0);
}

/* Does the request cap any shared resource (recovery's requests do)? */
static PetscBool Capped(const J3oClusterRequest *req)
{
  J3oSharedSet capped;

  J3oSharedActive(&req->cap, &capped);
  return (PetscBool)(capped.n > 0);
}

PetscErrorCode J3oClWarmReuse(J3oCluster cl, ClCall *call, const J3oClusterRequest *req, PetscBool *done)
{
  PetscBool ok;

  PetscFunctionBegin;
  *done = PETSC_FALSE;
  if (Capped(req)) PetscFunctionReturn(0); /* recovery's caps: the search (J3oClWarmKeep) */
  cl->reused = PETSC_FALSE;
  if (!cl->reuse || req->search != J3O_CLUSTER_SEARCH_DEFAULT || !J3oClSamePrices(&req->prices, &cl->reuse_mu))
    PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(J3oEventReuse, 0, 0, 0, 0));
  /* the previous run's start, not its last basis (of its capped re-routes): the same routing among equally
     good ones, so that an unchanged fleet reproduces the previous plan */
  PetscCall(DropPrevious(&cl->cyc[cl->prev.k]));
  PetscCall(AdoptPrevious(cl, call, &ok));
  if (ok) {
    *done      = PETSC_TRUE;
    cl->reused = PETSC_TRUE;
    PetscCall(
      PetscInfo(NULL,
                "cluster %d: demand unchanged, at the previous prices: the previous onloading reused, re-routed\n",
                cl->edge));
  }
  PetscCall(PetscLogEventEnd(J3oEventReuse, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClWarmKeep(J3oCluster cl, ClCall *call, const J3oClusterRequest *req)
{
  PetscBool ok;

  PetscFunctionBegin;
  if (!cl->reused || !Capped(req)) PetscFunctionReturn(0);
  /* a search that loads nothing prev did not hold, no churn (it may drop models, or change the cycle), stands */
  if (!(J3oClChurn(cl, cl->best.x, cl->best.y) > 0)) PetscFunctionReturn(0);
  PetscCall(AdoptPrevious(cl, call, &ok));
  if (!ok) PetscFunctionReturn(0); /* prev fits (J3oClusterWarmStart): not reached */
  PetscCall(PetscInfo(NULL,
                      "cluster %d: demand unchanged: the previous onloading kept under recovery's caps, re-routed\n",
                      cl->edge));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClWarmAlternate(J3oCluster cl, ClCall *call)
{
  int k = cl->prev.k;

  PetscFunctionBegin;
  if (!cl->warm_first) PetscFunctionReturn(0);
  PetscCall(J3oClStateCopy(cl, &cl->prev, &cl->cur));
  PetscCall(J3oClAlternate(cl, call, k, cl->cur.x, cl->cur.y, &cl->cst[k]));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterGetSearchGap(J3oCluster cl, double *gap)
{
  PetscFunctionBegin;
  PetscCheck(cl && gap, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "cluster and output must be given");
  *gap = cl->search_gap;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterSetSearchGap(J3oCluster cl, double gap)
{
  PetscFunctionBegin;
  PetscCheck(cl, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "cluster must be given");
  /* J3oPreviousRead checked every row on every rank: a bad one here is a program error (not one agreed by all ranks) */
  PetscCheck(J3oSearchGapValid(gap), PETSC_COMM_SELF, PETSC_ERR_PLIB, "a search gap is in [0, 1] or NAN, not %g", gap);
  cl->search_gap = gap;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterGetBoundBasis(J3oCluster cl, int k, int *n, const unsigned char **basis, PetscBool *dual)
{
  PetscFunctionBegin;
  PetscCheck(cl && n && basis && dual && k >= 0 && k < cl->ncyc, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "cluster, cycle in range and outputs must be given");
  *n     = 0;
  *basis = NULL;
  *dual  = PETSC_FALSE;
  if (!cl->bnd.built || (!cl->bnd.basis[k] && !cl->bnd.cut_basis[k])) PetscFunctionReturn(0);
  PetscCall(J3oLPBasisSize(cl->bnd.L.lp, n));
  *dual  = cl->bnd.cut_basis[k] ? PETSC_TRUE : PETSC_FALSE;
  *basis = *dual ? cl->bnd.cut_basis[k] : cl->bnd.basis[k];
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterSetBoundBasis(J3oCluster cl, int k, int n, const unsigned char *basis, PetscBool dual)
{
  PetscFunctionBegin;
  PetscCheck(cl && k >= 0 && k < cl->ncyc && n >= 0 && (n == 0 || basis), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "cluster, cycle in range and a basis of n >= 0 bytes must be given");
  if (!cl->warm_basis)
    PetscCall(PetscCalloc3(cl->ncyc, &cl->warm_basis, cl->ncyc, &cl->warm_basis_n, cl->ncyc, &cl->warm_basis_dual));
  PetscCall(PetscFree(cl->warm_basis[k]));
  cl->warm_basis_n[k]    = 0;
  cl->warm_basis_dual[k] = dual;
  if (n == 0) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(n, &cl->warm_basis[k]));
  PetscCall(PetscArraycpy(cl->warm_basis[k], basis, n));
  cl->warm_basis_n[k] = n;
  PetscFunctionReturn(0);
}

/* CLP's status of a basic variable (the low 3 bits; the others are CLP's flags) */
#define CLP_STATUS_BASIC 1

/* The bound LP has constraint 12's row (the last) only under a per-cluster budget: a basis saved by a run
   with the other setting (a cold plan's, a re-plan's without the budget, or one with it) differs by that
   row alone. Its slack is basic in the LP that has none of it: appended as basic, or dropped when basic
   (a binding budget's nonbasic one is a basis of another shape, dropped by the caller). */
static PetscErrorCode FitChurnRow(J3oCluster cl, int k, int nb)
{
  ClBnd         *U = &cl->bnd;
  int            n = cl->warm_basis_n[k];
  unsigned char *b = cl->warm_basis[k];

  PetscFunctionBegin;
  if (nb == n + 1 && U->row_churn == U->L.nrow - 1) {
    PetscCall(PetscRealloc((size_t)nb, &cl->warm_basis[k]));
    cl->warm_basis[k][n] = CLP_STATUS_BASIC;
    cl->warm_basis_n[k]  = nb;
  } else if (nb == n - 1 && U->row_churn < 0 && U->nchx > 0 && (b[n - 1] & 7) == CLP_STATUS_BASIC)
    cl->warm_basis_n[k] = nb;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClWarmBasisAdopt(J3oCluster cl, int k)
{
  ClBnd *U = &cl->bnd;
  int    nb;

  PetscFunctionBegin;
  if (!cl->warm_basis || !cl->warm_basis[k] || U->basis[k] || U->cut_basis[k]) PetscFunctionReturn(0);
  PetscCall(J3oLPBasisSize(U->L.lp, &nb));
  PetscCall(FitChurnRow(cl, k, nb));
  if (nb == cl->warm_basis_n[k]) {
    /* handed over: SwitchCycle starts the LP from it */
    if (cl->warm_basis_dual[k]) U->cut_basis[k] = cl->warm_basis[k];
    else U->basis[k] = cl->warm_basis[k];
    cl->warm_basis[k] = NULL;
    PetscCall(PetscInfo(NULL, "cluster %d: the bound LP of duty cycle %d starts from the previous plan's %s basis\n",
                        cl->edge, k, cl->warm_basis_dual[k] ? "dual feasible" : "optimal"));
  } else {
    PetscCall(
      PetscInfo(NULL,
                "cluster %d: the previous plan's basis of duty cycle %d has %d entries, the bound LP %d: not used\n",
                cl->edge, k, cl->warm_basis_n[k], nb));
    PetscCall(PetscFree(cl->warm_basis[k]));
  }
  cl->warm_basis_n[k] = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClWarmFree(J3oCluster cl)
{
  PetscFunctionBegin;
  PetscCall(J3oClStateFree(&cl->prev));
  if (cl->warm_basis)
    for (int k = 0; k < cl->ncyc; k++) PetscCall(PetscFree(cl->warm_basis[k]));
  PetscCall(PetscFree3(cl->warm_basis, cl->warm_basis_n, cl->warm_basis_dual));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterGetOffloadBasis(J3oCluster cl, int k, int *n, const unsigned char **basis)
{
  ClCycle *cy;

  PetscFunctionBegin;
  PetscCheck(cl && n && basis && k >= 0 && k < cl->ncyc, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "cluster, cycle in range and outputs must be given");
  cy = &cl->cyc[k];
  PetscCall(J3oClOffKeep(cl, k)); /* a live LP (small clusters keep theirs): its basis now */
  /* a previous plan's basis never solved from is not this run's */
  *n     = cy->keep && !cy->keep_prev ? cy->keep_n : 0;
  *basis = *n ? cy->keep : NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterSetOffloadBasis(J3oCluster cl, int k, int n, const unsigned char *basis)
{
  ClCycle *cy;

  PetscFunctionBegin;
  PetscCheck(cl && k >= 0 && k < cl->ncyc && n >= 0 && (n == 0 || basis), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "cluster, cycle in range and a basis of n >= 0 bytes must be given");
  cy = &cl->cyc[k];
  PetscCheck(!cy->built, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE,
             "cluster %d: an offloading basis is handed over before the first solve", cl->edge);
  PetscCall(PetscFree(cy->keep));
  cy->keep_n    = 0;
  cy->keep_prev = PETSC_FALSE;
  if (n == 0) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(n, &cy->keep));
  PetscCall(PetscArraycpy(cy->keep, basis, n));
  cy->keep_n    = n;
  cy->keep_prev = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClWarmOffloadCheck(J3oCluster cl, int k)
{
  ClCycle *cy = &cl->cyc[k];
  int      nb;

  PetscFunctionBegin;
  if (!cy->keep_prev) PetscFunctionReturn(0);
  PetscCall(J3oLPBasisSize(cy->off.lp, &nb));
  if (nb == cy->keep_n) {
    PetscCall(PetscInfo(NULL, "cluster %d: the offloading LP of duty cycle %d starts from the previous plan's basis\n",
                        cl->edge, k));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscInfo(NULL,
                      "cluster %d: the previous plan's offloading basis of duty cycle %d has %d entries, the LP %d: "
                      "not used\n",
                      cl->edge, k, cy->keep_n, nb));
  PetscCall(DropPrevious(cy));
  PetscFunctionReturn(0);
}
