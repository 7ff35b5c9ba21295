/* cluster_bound.c: the cluster's LP relaxation (x, y in [0,1]) per duty cycle, a dual-certified upper bound. */
#include <limits.h>
#include <math.h>
#include "cluster/cluster_impl.h"

/* One LP serves every duty cycle: its route columns are the union over the cycles, keyed by
   (pair, kind, model), so switching cycle only changes column bounds and CLP re-enters from the
   kept basis. The batch load of the edge, sum_m fc^k_m y_m, has cycle-dependent coefficients; it
   goes through load columns b^k_m with fc^k_m in the edge compute row and rows y_m - sum_k b^k_m <= 0,
   only b^k of the active cycle k may be positive (ub 1, the others ub 0): then y_m <= b^k_m and the
   row reads exactly as the cycle-k LP. Rows (scaled to <= 1 like the offloading LP): routing, client
   compute, client uplink, edge compute, cell, backhaul, linking u - x <= 0 and v - y <= 0 per route,
   memory sum s_m x / S_n <= 1 and sum s_m y / S_e <= 1, the load rows, and with a previous plan and a
   budget B constraint 12: sum of s_m x (y) over the items not held <= B (scaled by their total). The
   x/y columns of items not held ("churn columns") cost mu_churn s_m in the objective. */

static int ColKey(const ClCol *c, int M)
{
  return c->kind * M + c->model;
}

static PetscErrorCode BoundBuild(J3oCluster cl)
{
  const J3oInstance *in = cl->inst;
  ClBnd             *U  = &cl->bnd;
  ClLP              *L  = &U->L;
  int                nc = cl->nc, M = cl->M, e = cl->edge, np = cl->npair, K = cl->ncyc, *rmem;
  int64_t           *slot; /* (cycle << 32 | column) of a key, then its union column: no overflow for any K */
  PetscBool          batch = (PetscBool)(in->K > 0);

  PetscFunctionBegin;
  if (U->built) PetscFunctionReturn(0);
  /* union route columns, pair-major, key order (local, edge, cloud; model increasing) as in every cycle */
  PetscCall(PetscMalloc1(3 * M, &slot));
  int nu = 0;
  for (int pass = 0; pass < 2; pass++) {
    nu = 0;
    for (int p = 0; p < np; p++) {
      for (int s = 0; s < 3 * M; s++) slot[s] = -1;
      for (int k = 0; k < K; k++)
        for (int j = cl->cyc[k].pcol[p]; j < cl->cyc[k].pcol[p + 1]; j++)
          slot[ColKey(&cl->cyc[k].col[j], M)] = ((int64_t)k << 32) | j;
      for (int s = 0; s < 3 * M; s++) {
        if (slot[s] < 0) continue;
        if (pass) U->col[nu] = cl->cyc[slot[s] >> 32].col[slot[s] & 0xffffffff];
        slot[s] = nu++;
      }
      if (pass)
        for (int k = 0; k < K; k++)
          for (int j = cl->cyc[k].pcol[p]; j < cl->cyc[k].pcol[p + 1]; j++)
            U->ucol[k][j] = (int)slot[ColKey(&cl->cyc[k].col[j], M)];
    }
    if (!pass) {
      U->nroute = nu;
      PetscCall(PetscMalloc1(nu + 1, &U->col));
      PetscCall(PetscMalloc1(K, &U->ucol));
      for (int k = 0; k < K; k++) PetscCall(PetscMalloc1(cl->cyc[k].ncol + 1, &U->ucol[k]));
    }
  }
  PetscCall(PetscFree(slot));

  PetscCall(J3oClRouteRowsLayout(cl, U->col, nu, &U->rows));
  const ClRouteRows *rr = &U->rows;
  PetscCall(PetscMalloc1(nc + 1, &rmem));
  PetscCall(PetscMalloc1(cl->nitem + 1, &U->xycol));
  int nlink = 0, ncloud = 0, nr = rr->nrow;
  for (int it = 0; it < cl->nitem; it++) U->xycol[it] = -1;
  for (int j = 0; j < nu; j++) {
    const ClCol *c = &U->col[j];
    if (c->kind == J3O_ROUTE_CLOUD) ncloud++;
    if (c->item >= 0) {
      nlink++;
      U->xycol[c->item] = 0;
    }
  }
  int link0 = nr;
  nr += nlink;
  U->nxy = 0;
  for (int it = 0; it < cl->nitem; it++)
    if (U->xycol[it] == 0) U->xycol[it] = nu + U->nxy++;
  for (int kk = 0; kk <= nc; kk++) {
    rmem[kk] = -1;
    for (int m = 0; m < M; m++)
      if (U->xycol[kk * M + m] >= 0) {
        rmem[kk] = nr++;
        break;
      }
  }
  int nyb = 0; /* edge items with a y column get a load row and K load columns */
  if (batch)
    for (int m = 0; m < M; m++)
      if (U->xycol[nc * M + m] >= 0) nyb++;
  int rowload0 = nr;
  nr += nyb;
  U->nchx = 0;
  for (int it = 0; it < cl->nitem; it++)
    if (U->xycol[it] >= 0 && cl->chmb[it] > 0) U->nchx++;
  U->row_churn = U->nchx && isfinite(cl->budget) ? nr++ : -1;
  PetscCall(PetscMalloc1(U->nchx + 1, &U->chx));
  U->b0    = nu + U->nxy;
  int ncol = U->b0 + nyb * K;
  L->ncol  = ncol;
  L->nrow  = nr;
  PetscCall(PetscMalloc1(ncol + 1, &L->ub));
  PetscCall(PetscMalloc1(ncol + 1, &L->obj));
  PetscCall(PetscMalloc1(nr + 1, &L->rub));
  PetscCall(PetscMalloc1(U->nxy + 1, &U->xy_item));
  J3oTriplets A  = {0};
  int         lk = link0;
  for (int j = 0; j < nu; j++) {
    const ClCol *c = &U->col[j];
    int          ri[J3O_ROUTE_ENTRIES_MAX];
    double       va[J3O_ROUTE_ENTRIES_MAX];
    int          q = J3oClRouteEntries(cl, c, rr, ri, va);
    for (int i = 0; i < q; i++) PetscCall(J3oTripletsAdd(&A, ri[i], j, va[i]));
    if (c->item >= 0) PetscCall(J3oTripletsAdd(&A, lk++, j, 1));
    L->ub[j]  = 0;
    L->obj[j] = c->obj0;
  }
  /* x/y columns: linking rows of their routes (numbered in column order), memory, load row */
  int *linkrow, *ifirst, *inext, yb = 0, nchx = 0;
  PetscCall(PetscMalloc3(nu + 1, &linkrow, cl->nitem + 1, &ifirst, nu + 1, &inext));
  lk = link0;
  for (int it = 0; it < cl->nitem; it++) ifirst[it] = -1;
  for (int j = nu - 1; j >= 0; j--) {
    linkrow[j] = -1;
    if (U->col[j].item < 0) continue;
    inext[j]               = ifirst[U->col[j].item];
    ifirst[U->col[j].item] = j;
  }
  for (int j = 0; j < nu; j++)
    if (U->col[j].item >= 0) linkrow[j] = lk++;
  for (int it = 0; it < cl->nitem; it++) {
    int jc = U->xycol[it], kk = it / M, m = it % M;
    if (jc < 0) continue;
    U->xy_item[jc - nu] = it;
    for (int j = ifirst[it]; j >= 0; j = inext[j]) PetscCall(J3oTripletsAdd(&A, linkrow[j], jc, -1));
    double S = kk < nc ? in->client_memory_mb[cl->i0 + kk] : in->edge_memory_mb[e];
    PetscCall(J3oTripletsAdd(&A, rmem[kk], jc, in->memory_mb[m] / S));
    if (batch && kk == nc) PetscCall(J3oTripletsAdd(&A, rowload0 + yb++, jc, 1));
    if (cl->chmb[it] > 0) {
      U->chx[nchx++] = jc;
      if (U->row_churn >= 0) PetscCall(J3oTripletsAdd(&A, U->row_churn, jc, cl->chmb[it] / cl->chref));
    }
    L->ub[jc]  = 0;
    L->obj[jc] = 0;
  }
  yb = 0;
  for (int m = 0; batch && m < M; m++) {
    if (U->xycol[nc * M + m] < 0) continue;
    for (int k = 0; k < K; k++) {
      int jb = U->b0 + yb * K + k;
      if (rr->ec >= 0 && cl->cyc[k].fc[m] > 0) PetscCall(J3oTripletsAdd(&A, rr->ec, jb, cl->cyc[k].fc[m]));
      PetscCall(J3oTripletsAdd(&A, rowload0 + yb, jb, -1));
      L->ub[jb]  = 0;
      L->obj[jb] = 0;
    }
    yb++;
  }
  U->nyb = nyb;
  PetscCall(J3oTripletsCompress(&A, ncol, &L->col_start, &L->row_index, &L->value));
  PetscCall(J3oTripletsFree(&A));
  for (int r = 0; r < nr; r++) L->rub[r] = (r >= link0 && r < link0 + nlink) || r >= rowload0 ? 0 : 1;
  if (U->row_churn >= 0) L->rub[U->row_churn] = cl->budget / cl->chref;
  PetscCall(J3oClLPLoad(cl, L));
  PetscCall(PetscFree3(linkrow, ifirst, inext));
  PetscCall(PetscFree(rmem));
  /* stale-dual data per cycle: cloud columns of the union, in column order */
  U->ncloud = ncloud;
  PetscCall(PetscMalloc1(ncloud + 1, &U->cloud));
  ncloud = 0;
  for (int j = 0; j < nu; j++)
    if (U->col[j].kind == J3O_ROUTE_CLOUD) U->cloud[ncloud++] = j;
  PetscCall(PetscCalloc1(K, &U->st));
  for (int k = 0; k < K; k++) PetscCall(PetscMalloc2(ncloud + 1, &U->st[k].ay, U->nchx + 1, &U->st[k].ayx));
  PetscCall(PetscMalloc1(ncloud + 1, &U->ay));
  PetscCall(PetscMalloc1(ncol + 1, &U->rc));
  PetscCall(PetscCalloc1(K, &U->basis));
  PetscCall(PetscCalloc1(K, &U->cut_basis));
  PetscCall(PetscCalloc1(K, &U->shadow));
  PetscCall(J3oClBoundMemoAlloc(cl));
  U->cur   = -1;
  U->built = PETSC_TRUE;
  U->floor = 0; /* dropping everything is feasible at any price */
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClBoundFree(J3oCluster cl)
{
  ClBnd *U = &cl->bnd;

  PetscFunctionBegin;
  if (!U->built) PetscFunctionReturn(0);
  PetscCall(J3oClLPFree(&U->L));
  PetscCall(J3oClRouteRowsFree(&U->rows));
  for (int k = 0; k < cl->ncyc; k++) {
    PetscCall(PetscFree(U->ucol[k]));
    PetscCall(PetscFree2(U->st[k].ay, U->st[k].ayx));
    PetscCall(PetscFree(U->basis[k]));
    PetscCall(PetscFree(U->cut_basis[k]));
  }
  PetscCall(PetscFree(U->basis));
  PetscCall(PetscFree(U->cut_basis));
  PetscCall(PetscFree(U->ucol));
  PetscCall(PetscFree(U->st));
  PetscCall(PetscFree(U->col));
  PetscCall(PetscFree(U->xycol));
  PetscCall(PetscFree(U->xy_item));
  PetscCall(PetscFree(U->cloud));
  PetscCall(PetscFree(U->chx));
  PetscCall(PetscFree(U->shadow));
  PetscCall(J3oClBoundMemoFree(cl));
  PetscCall(PetscFree(U->ay));
  PetscCall(PetscFree(U->rc));
  PetscCall(PetscMemzero(U, sizeof(*U)));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUb(ClLP *L, int j, double ub)
{
  PetscFunctionBegin;
  if (L->ub[j] == ub) PetscFunctionReturn(0);
  L->ub[j] = ub;
  PetscCall(J3oLPSetColBounds(L->lp, j, 0, ub));
  PetscFunctionReturn(0);
}

/* Column bounds of cycle k: its routes, the x/y of items with routes on it, its load columns. */
static PetscErrorCode SwitchCycle(J3oCluster cl, int k)
{
  ClBnd   *U  = &cl->bnd;
  ClLP    *L  = &U->L;
  ClCycle *cy = &cl->cyc[k];

  PetscFunctionBegin;
  if (U->cur == k) PetscFunctionReturn(0);
  if (U->cur >= 0) {
    ClCycle *co = &cl->cyc[U->cur];
    for (int j = 0; j < co->ncol; j++) PetscCall(SetUb(L, U->ucol[U->cur][j], 0));
  }
  for (int j = 0; j < cy->ncol; j++) PetscCall(SetUb(L, U->ucol[k][j], 1));
  for (int q = 0; q < U->nxy; q++) {
    int it = U->xy_item[q];
    PetscCall(SetUb(L, U->nroute + q, cy->icol_start[it + 1] > cy->icol_start[it] ? 1 : 0));
  }
  for (int q = 0; q < U->nyb * cl->ncyc; q++) PetscCall(SetUb(L, U->b0 + q, q % cl->ncyc == k ? 1 : 0));
  /* its own last basis is primal feasible for these bounds; only prices moved since (measured:
     several times fewer pivots than the dual simplex from another cycle's basis) */
  PetscBool first = (PetscBool)(!U->basis[k] && !U->cut_basis[k]);
  if (first) PetscCall(J3oClWarmBasisAdopt(cl, k)); /* a re-plan: the previous run's */
  /* a previous run's optimal basis at today's demand: its loads moved, so it is seldom primal feasible;
     the dual simplex re-enters it in fewer pivots (measured: 13,166 against 16,000 on a rank of the
     300-edge re-plan) */
  if (first && U->basis[k]) PetscCall(J3oLPSetDualBasis(L->lp, U->basis[k]));
  else if (U->basis[k]) PetscCall(J3oLPSetBasis(L->lp, U->basis[k]));
  /* the previous run stopped this cycle at its cutoff: the dual simplex re-enters its dual feasible
     basis and stops at once while the cycle stays below. Within a run, a cycle that stopped at its
     cutoff starts from the other cycle's basis at today's prices instead (measured: the 1,000-edge
     cold solves of seeds 2 and 4 8 % slower from their own stopped bases) */
  else if (first && U->cut_basis[k]) PetscCall(J3oLPSetDualBasis(L->lp, U->cut_basis[k]));
  U->cur = k;
  PetscFunctionReturn(0);
}

/* Row `to` of one LP takes the status of row `from` of another (CLP's, without its flags), when both exist. */
static void RowStatus(unsigned char *st, int to, const unsigned char *from_st, int from)
{
  if (to >= 0 && from >= 0) st[to] = from_st[from] & 7;
}

/* Cycle k's offloading LP (built, never solved) starts from this LP's last optimal basis for k: its
   route columns and the capacity rows both LPs share keep their status, its cap rows are basic.
   Near the bound LP's optimum the offloading LP of its rounding is a few pivots away, against
   hundreds from the slack basis; CLP repairs the count of basic variables (this LP's linking and
   memory rows are gone). Nothing happens while cycle k has no optimal basis (no bound solve of it
   yet, or only a previous plan's dual feasible one). */
PetscErrorCode J3oClBoundOffStart(J3oCluster cl, int k)
{
  ClBnd             *U  = &cl->bnd;
  ClCycle           *cy = &cl->cyc[k];
  const ClRouteRows *rb = &U->rows, *ro = &cy->rows;
  unsigned char     *st, *bs;
  int                nb, no;

  PetscFunctionBegin;
  if (!U->built || !U->basis[k] || !cy->built) PetscFunctionReturn(0);
  bs = U->basis[k];
  nb = U->L.ncol;
  no = cy->off.ncol;
  PetscCall(PetscMalloc1(no + cy->off.nrow, &st));
  for (int j = 0; j < no; j++) st[j] = bs[U->ucol[k][j]] & 7; /* CLP's status, without its flags */
  for (int r = 0; r < cy->off.nrow; r++) st[no + r] = 1;      /* basic */
  for (int p = 0; p < cl->npair; p++) RowStatus(st + no, p, bs + nb, p);
  for (int n = 0; n < cl->nc; n++) {
    RowStatus(st + no, ro->cc[n], bs + nb, rb->cc[n]);
    RowStatus(st + no, ro->cu[n], bs + nb, rb->cu[n]);
  }
  RowStatus(st + no, ro->ec, bs + nb, rb->ec);
  RowStatus(st + no, ro->cell, bs + nb, rb->cell);
  RowStatus(st + no, ro->bh, bs + nb, rb->bh);
  PetscCall(J3oLPSetBasis(cy->off.lp, st));
  PetscCall(PetscFree(st));
  PetscFunctionReturn(0);
}

/* Objective at call->mu: cloud columns w lambda a^c - sum_r mu_r load_r, churn columns -mu_churn s_m. */
static PetscErrorCode SetCloudObj(J3oCluster cl, const ClCall *call)
{
  ClBnd *U = &cl->bnd;
  ClLP  *L = &U->L;

  PetscFunctionBegin;
  if (J3oClSamePrices(&L->mu, &call->mu)) PetscFunctionReturn(0);
  for (int q = 0; q < U->ncloud; q++) {
    int j     = U->cloud[q];
    L->obj[j] = J3oClColPriced(cl, &U->col[j], &call->mu);
    PetscCall(J3oLPSetObjCoef(L->lp, j, L->obj[j]));
  }
  for (int q = 0; q < U->nchx; q++) {
    int j     = U->chx[q];
    L->obj[j] = -call->mu.r[J3O_SHARED_CHURN_MB] * cl->chmb[U->xy_item[j - U->nroute]];
    PetscCall(J3oLPSetObjCoef(L->lp, j, L->obj[j]));
  }
  L->mu = call->mu;
  PetscFunctionReturn(0);
}

/* Stale-dual upper bound on cycle k's LP at call->mu (INFINITY before any stale data). */
static double StaleBound(J3oCluster cl, const ClCall *call, int k)
{
  ClBnd   *U = &cl->bnd;
  ClStale *S;
  if (!U->built || !U->st[k].valid) return INFINITY;
  S        = &U->st[k];
  double v = S->c0;
  for (int q = 0; q < U->ncloud; q++) {
    double s = J3oClColPriced(cl, &U->col[U->cloud[q]], &call->mu) - S->ay[q];
    if (s > 0) v += s;
  }
  for (int q = 0; q < U->nchx; q++) {
    int    it = U->xy_item[U->chx[q] - U->nroute];
    double s  = -call->mu.r[J3O_SHARED_CHURN_MB] * cl->chmb[it] - S->ayx[q];
    if (s > 0 && cl->cyc[k].icol_start[it + 1] > cl->cyc[k].icol_start[it]) v += s;
  }
  return v;
}

/* The Lagrangian dual bound of cycle k's bound LP at row prices yd (clipped to >= 0; weak duality,
   every column lies in [0, ub]):
     value = sum_r rub_r y_r + sum_j ub_j max(0, obj_j - (A'y)_j)  >=  LP optimum,
   equal to it at an optimal dual, so round-off can only make it larger, never invalid.
   The same y bounds every cycle's LP (same rows, other column bounds) at any prices (only the
   cloud objective moves): stale-dual data c0 + sum_cloud max(0, obj_q(mu') - (A'y)_q), kept per
   cycle when it is lower at these prices than what the cycle had. Leaves the reduced costs in U->rc. */
static PetscErrorCode DualBound(J3oCluster cl, const ClCall *call, int k, const double *yd, double *value)
{
  ClBnd  *U  = &cl->bnd;
  ClLP   *L  = &U->L;
  double *rc = U->rc, v, ry = 0;

  PetscFunctionBegin;
  for (int r = 0; r < L->nrow; r++)
    if (yd[r] > 0) ry += L->rub[r] * yd[r];
  v = ry;
  for (int j = 0, qc = 0; j < L->ncol; j++) {
    double ay = 0;
    for (int q = L->col_start[j]; q < L->col_start[j + 1]; q++) {
      double y = yd[L->row_index[q]];
      if (y > 0) ay += L->value[q] * y;
    }
    rc[j] = L->obj[j] - ay;
    if (rc[j] > 0) v += L->ub[j] * rc[j];
    if (j < U->nroute && U->col[j].kind == J3O_ROUTE_CLOUD) U->ay[qc++] = ay;
  }
  for (int k2 = 0; k2 < cl->ncyc; k2++) {
    ClCycle *cy = &cl->cyc[k2];
    ClStale *S  = &U->st[k2];
    double   c0 = ry, vk;
    for (int j = 0; j < cy->ncol; j++) {
      int ju = U->ucol[k2][j];
      if (U->col[ju].kind != J3O_ROUTE_CLOUD && rc[ju] > 0) c0 += rc[ju];
    }
    for (int q = 0; q < U->nxy; q++) {
      int it = U->xy_item[q];
      if (cy->icol_start[it + 1] > cy->icol_start[it] && rc[U->nroute + q] > 0)
        c0 += cl->chmb[it] > 0 ? 0 : rc[U->nroute + q];
    }
    for (int q = 0; q < U->nyb; q++)
      if (rc[U->b0 + q * cl->ncyc + k2] > 0) c0 += rc[U->b0 + q * cl->ncyc + k2];
    vk = c0;
    for (int q = 0; q < U->ncloud; q++)
      if (L->obj[U->cloud[q]] - U->ay[q] > 0) vk += L->obj[U->cloud[q]] - U->ay[q];
    for (int q = 0; q < U->nchx; q++) {
      int it = U->xy_item[U->chx[q] - U->nroute];
      if (rc[U->chx[q]] > 0 && cy->icol_start[it + 1] > cy->icol_start[it]) vk += rc[U->chx[q]];
    }
    if (k2 != k && S->valid && !(vk < StaleBound(cl, call, k2))) continue;
    S->valid = PETSC_TRUE;
    S->c0    = c0;
    PetscCall(PetscArraycpy(S->ay, U->ay, U->ncloud));
    for (int q = 0; q < U->nchx; q++) S->ayx[q] = L->obj[U->chx[q]] - rc[U->chx[q]];
  }
  *value = v;
  PetscFunctionReturn(0);
}

/* Solves the bound LP of cycle k at call->mu; value: DualBound at CLP's row prices. Errors unless CLP
   proves optimality, or the cutoff below. use: shared use of the LP primal.
   below > -INFINITY: another cycle's LP reaches below, and this one matters only if it does too. The
   dual simplex may then stop once it proves less (*cut = PETSC_TRUE): value is DualBound at its row
   prices (stale-dual data included), and its primal, infeasible, gives no use, floor or basis. */
static PetscErrorCode ClBoundSolve(J3oCluster cl, const ClCall *call, int k, double below, double *value,
                                   J3oShared *use, PetscBool *cut)
{
  ClBnd        *U = &cl->bnd;
  ClLP         *L = &U->L;
  J3oLPStatus   st;
  const double *xp, *yd;

  PetscFunctionBegin;
  PetscCall(BoundBuild(cl));
  PetscCall(SwitchCycle(cl, k));
  PetscCall(SetCloudObj(cl, call));
  PetscCall(J3oLPSetCutoff(L->lp, below));
  PetscCall(J3oLPSolve(L->lp, &st));
  *cut = (PetscBool)(st == J3O_LP_CUTOFF);
  PetscCheck(st == J3O_LP_OPTIMAL || *cut, PETSC_COMM_SELF, PETSC_ERR_LIB,
             "j3o: cluster %d: LP relaxation not proven optimal (status %d); no bound", cl->edge, (int)st);
  PetscCall(J3oLPGetPrimal(L->lp, &xp));
  PetscCall(J3oLPGetRowDual(L->lp, &yd));
  PetscCall(DualBound(cl, call, k, yd, value));
  *use = J3oSharedConst(0);
  if (*cut) {
    PetscCall(J3oLPKeepBasis(L->lp, &U->cut_basis[k]));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscFree(U->cut_basis[k]));
  PetscCall(J3oLPKeepBasis(L->lp, &U->basis[k]));
  U->shadow[k] = U->row_churn >= 0 && yd[U->row_churn] > 0 ? yd[U->row_churn] / cl->chref : 0;
  /* The primal without its cloud routes and its churn columns (with the routes they enable) stays
     feasible (those columns only load <= rows, a churn column's linking rows are freed with its
     routes) and its value does not depend on the prices: a floor under LP_e(mu') for every mu'. */
  double    fl = 0;
  J3oShared u  = J3oSharedConst(0);
  for (int j = 0; j < L->ncol; j++) {
    double f = PetscMin(PetscMax(xp[j], 0), L->ub[j]);
    if (j < U->nroute && U->col[j].kind == J3O_ROUTE_CLOUD) {
      J3oShared load;
      J3oClColShared(cl, &U->col[j], &load);
      for (int r = 0; r < J3O_NSHARED; r++) u.r[r] += load.r[r] * f;
    } else if (j < U->nroute && cl->chmb[U->col[j].item] > 0) continue;
    else if (j >= U->nroute && j < U->b0 && cl->chmb[U->xy_item[j - U->nroute]] > 0)
      u.r[J3O_SHARED_CHURN_MB] += cl->chmb[U->xy_item[j - U->nroute]] * f;
    else fl += L->obj[j] * f;
  }
  U->floor = PetscMax(U->floor, fl);
  *use     = u;
  PetscFunctionReturn(0);
}

/* A re-plan's first solve of cycle k's bound LP when the previous plan's basis of it is at hand
   (J3oClWarmBasisAdopt): that basis's row duals, at no simplex iteration, bound the LP at today's
   data too (DualBound: any y >= 0). When that bound is at most best, another cycle's LP value, the
   cycle cannot be the maximum and is not solved (*screened, *value that bound). */
static PetscErrorCode WarmBasisScreen(J3oCluster cl, const ClCall *call, int k, double best, double *value,
                                      PetscBool *screened)
{
  ClBnd               *U = &cl->bnd;
  const double        *yd;
  const unsigned char *b;

  PetscFunctionBegin;
  *screened = PETSC_FALSE;
  if (!isfinite(best) || U->basis[k] || U->cut_basis[k] || !cl->warm_basis || !cl->warm_basis[k])
    PetscFunctionReturn(0);
  PetscCall(BoundBuild(cl));
  PetscCall(SwitchCycle(cl, k)); /* adopts the previous basis when it fits this LP */
  b = U->cut_basis[k] ? U->cut_basis[k] : U->basis[k];
  if (!b) PetscFunctionReturn(0);
  PetscCall(SetCloudObj(cl, call));
  PetscCall(J3oLPBasisDuals(U->L.lp, b, &yd)); /* the solve, if any, starts as SwitchCycle set it */
  PetscCall(DualBound(cl, call, k, yd, value));
  *screened = (PetscBool)(*value < best); /* a tie is solved, as after a cutoff (its use and shadow price) */
  PetscFunctionReturn(0);
}

/* max over the cycles of their bound LP at call->mu. Repeatedly solves the cycle of largest
   stale-dual bound (unsolved ones first, the one whose bounds are set first among ties) until no
   remaining cycle's stale bound exceeds the best value solved: those LPs cannot be the maximum.
   A cycle's solve stops once it proves its LP below the best value solved (J3oLPSetCutoff).
   vals[k] (optional) gets the exact value of the maximum's cycle and a bound on each other one
   (its solve's dual bound, or its stale-dual bound). */
static PetscErrorCode BoundMaxSolve(J3oCluster cl, const ClCall *call, double *value, J3oShared *use, double *vals)
{
  int        K    = cl->ncyc;
  double     best = -INFINITY;
  J3oShared  buse = J3oSharedConst(0);
  PetscBool *done;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(K, &done));
  for (;;) {
    int    kb = -1, cur = cl->bnd.built ? cl->bnd.cur : -1;
    double ub = -INFINITY;
    for (int k = 0; k < K; k++) {
      if (done[k]) continue;
      double u = cl->cyc[k].ncol == 0 ? 0 : StaleBound(cl, call, k);
      if (vals) vals[k] = u;
      if (kb < 0 || u > ub || (u == ub && k == cur)) {
        kb = k;
        ub = u;
      }
    }
    if (kb < 0) break;
    if (cl->opt.bound_screen && ub <= best) break;
    double    v;
    J3oShared u   = J3oSharedConst(0);
    PetscBool cut = PETSC_FALSE;
    done[kb]      = PETSC_TRUE;
    if (cl->cyc[kb].ncol == 0) v = 0;
    else {
      PetscBool screened = PETSC_FALSE;
      if (cl->opt.bound_screen) PetscCall(WarmBasisScreen(cl, call, kb, best, &v, &screened));
      /* with the screen, only a value above best matters: the solve may stop once it proves less */
      if (!screened) PetscCall(ClBoundSolve(cl, call, kb, cl->opt.bound_screen ? best : -INFINITY, &v, &u, &cut));
      if (cut && !(v < best)) PetscCall(ClBoundSolve(cl, call, kb, -INFINITY, &v, &u, &cut));
    }
    if (vals) vals[kb] = v;
    if (v > best) {
      best = v;
      buse = u;
    }
  }
  *value = best;
  if (use) *use = buse;
  PetscCall(PetscFree(done));
  PetscFunctionReturn(0);
}

/* BoundMaxSolve, or its answer at these prices when already evaluated (cluster_bound_memo.c). */
PetscErrorCode J3oClBoundMax(J3oCluster cl, const ClCall *call, double *value, J3oShared *use, double *vals)
{
  J3oShared u;
  double   *v;

  PetscFunctionBegin;
  if (J3oClBoundMemoGet(cl, &call->mu, value, use, vals)) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(cl->ncyc, &v));
  PetscCall(BoundMaxSolve(cl, call, value, &u, v));
  J3oClBoundMemoPut(cl, &call->mu, *value, &u, v);
  if (use) *use = u;
  if (vals) PetscCall(PetscArraycpy(vals, v, cl->ncyc));
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClBoundChurnShadow(J3oCluster cl, const ClCall *call, double *shadow)
{
  double *vals, bv;
  int     kb = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(cl->ncyc, &vals));
  PetscCall(BoundMaxSolve(cl, call, &bv, NULL, vals)); /* solved: the shadow prices are those of these prices */
  for (int k = 1; k < cl->ncyc; k++)
    if (vals[k] > vals[kb]) kb = k;
  *shadow = cl->bnd.built ? cl->bnd.shadow[kb] : 0;
  PetscCall(PetscFree(vals));
  PetscFunctionReturn(0);
}

/* Fractional x / y of every item in cycle k's bound LP at call->mu, in val[nitem] (0 without a column). */
PetscErrorCode J3oClBoundItemValues(J3oCluster cl, const ClCall *call, int k, double *val)
{
  ClBnd        *U = &cl->bnd;
  const double *xp;
  double        v;
  J3oShared     u;
  PetscBool     cut;

  PetscFunctionBegin;
  PetscCall(ClBoundSolve(cl, call, k, -INFINITY, &v, &u, &cut));
  PetscCall(J3oLPGetPrimal(U->L.lp, &xp));
  for (int it = 0; it < cl->nitem; it++) val[it] = U->xycol[it] >= 0 ? xp[U->xycol[it]] : 0;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterBoundFloor(J3oCluster cl, double *floor)
{
  PetscFunctionBegin;
  *floor = cl->bnd.floor; /* 0 until a bound LP is solved (PetscMemzero / BoundBuild) */
  PetscFunctionReturn(0);
}

/* max over duty cycles of the bound LP; the usage is that of the maximizing cycle's LP. */
PetscErrorCode J3oClusterBound(J3oCluster cl, const J3oShared *p, double *value, J3oShared *use)
{
  ClCall run, *call = &run;

  PetscFunctionBegin;
  PetscCheck(cl && p && value, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "cluster, prices and value must be given");
  PetscCheck(J3oSharedNonNegative(p), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "prices must be >= 0");
  run = J3oClCallMake(*p, J3oSharedConst(INFINITY));
  PetscCall(J3oClBoundMax(cl, call, value, use, NULL));
  PetscFunctionReturn(0);
}
