/* cluster_lp.c: route columns of a cluster and its offloading LP (residency fixed by column bounds). */
#include <limits.h>
#include <math.h>
#include "cluster/cluster_impl.h"
#include "j3o/interrupt.h"
#include "core/log.h"
#include "j3o/tolerances.h"

/* Route columns of cycle k: every admissible route with positive demand and accuracy whose
   resources can be positive (a zero cell uplink or backhaul capacity kills its routes). */
PetscErrorCode J3oClCycleSetup(J3oCluster cl, int k)
{
  const J3oInstance *in = cl->inst;
  ClCycle           *cy = &cl->cyc[k];
  int                M = cl->M, e = cl->edge, nc = cl->nc;
  double             Se = in->edge_memory_mb[e], Fe = in->rho * in->edge_gflops[e];
  PetscBool          cell = in->edge_cell_mb_s[e] > 0, bh = in->edge_backhaul_mb_s[e] > 0;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(M, &cy->fc));
  for (int m = 0; m < M; m++) cy->fc[m] = (cy->c > 0 && Fe > 0) ? in->gflop_fixed[m] / (cy->c * Fe) : 0;
  /* which routes exist, once: the first pass counts them, the second fills the columns */
  int            W = 2 * M + 1, j = 0;
  unsigned char *ok;
  PetscCall(PetscMalloc1((size_t)cl->npair * W + 1, &ok));
  for (int p = 0; p < cl->npair; p++) {
    int            n = cl->pair_client[p], t = cl->pair_task[p];
    int64_t        i = cl->i0 + n;
    unsigned char *o = ok + (size_t)p * W;
    for (int m = 0; m < M; m++) {
      o[m] = !J3oClItemDominated(cl, n * M + m) && J3oLocalAdmissible(in, i, m, t) &&
             !(in->memory_mb[m] > in->client_memory_mb[i]);
      o[M + m] = cell && !J3oClItemDominated(cl, nc * M + m) && J3oEdgeAdmissible(in, i, m, t, cy->c) &&
                 !(in->memory_mb[m] > Se) && !(cy->fc[m] > 1);
      j += o[m] + o[M + m];
    }
    o[2 * M] = cell && bh && J3oCloudAdmissible(in, i, t);
    j += o[2 * M];
  }
  cy->ncol = j;
  PetscCall(PetscMalloc1(j, &cy->col));
  PetscCall(PetscMalloc1(cl->npair + 1, &cy->pcol));
  j = 0;
  for (int p = 0; p < cl->npair; p++) {
    int                  n = cl->pair_client[p], t = cl->pair_task[p];
    int64_t              i   = cl->i0 + n;
    double               lam = J3oDemand(in, i, t), w = in->weight[t], d = in->input_mb[t];
    const unsigned char *o = ok + (size_t)p * W;
    cy->pcol[p]            = j;
    for (int m = 0; m < M; m++)
      if (o[m])
        cy->col[j++] = (ClCol){J3O_ROUTE_LOCAL,           p, m, n * M + m, w * lam * J3oAcc(in, m, t),
                               lam * J3oModelCost(in, m), 0};
    for (int m = 0; m < M; m++) {
      if (!o[M + m]) continue;
      double g     = cy->c > 0 ? in->gflop_per_query[m] : J3oModelCost(in, m);
      cy->col[j++] = (ClCol){J3O_ROUTE_EDGE, p, m, nc * M + m, w * lam * J3oAcc(in, m, t), lam * g, lam * d};
    }
    if (o[2 * M]) {
      int m        = in->cloud_model[t];
      cy->col[j++] = (ClCol){J3O_ROUTE_CLOUD, p, m, -1, w * lam * J3oAcc(in, m, t), lam * J3oModelCost(in, m), lam * d};
    }
  }
  cy->pcol[cl->npair] = j;
  PetscCall(PetscFree(ok));
  /* item -> columns */
  PetscCall(PetscCalloc1(cl->nitem + 1, &cy->icol_start));
  PetscCall(PetscMalloc1(cy->ncol, &cy->icol));
  cy->ncloud = 0;
  for (int j = 0; j < cy->ncol; j++) {
    if (cy->col[j].item >= 0) cy->icol_start[cy->col[j].item + 1]++;
    else cy->ncloud++;
  }
  for (int it = 0; it < cl->nitem; it++) cy->icol_start[it + 1] += cy->icol_start[it];
  int *fill;
  PetscCall(PetscMalloc1(cl->nitem, &fill));
  for (int it = 0; it < cl->nitem; it++) fill[it] = cy->icol_start[it];
  for (int j = 0; j < cy->ncol; j++)
    if (cy->col[j].item >= 0) cy->icol[fill[cy->col[j].item]++] = j;
  PetscCall(PetscFree(fill));
  PetscFunctionReturn(0);
}

/* Hands L (ncol, nrow, matrix, ub, obj, rub filled in; columns from 0, rows <= rub) to CLP at zero
   prices; a large cluster's LP without CLP's scaling unless -j3o_lp_scaling. */
PetscErrorCode J3oClLPLoad(J3oCluster cl, ClLP *L)
{
  PetscFunctionBegin;
  L->mu = J3oSharedConst(0);
  PetscCall(J3oLPCreate(&L->lp));
  PetscCall(
    J3oLPLoad(L->lp, L->ncol, L->nrow, L->col_start, L->row_index, L->value, NULL, L->ub, L->obj, NULL, L->rub));
  PetscCall(J3oLPSetScaling(L->lp, (PetscBool)(!cl->large || cl->search.lp_scaling)));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClLPFree(ClLP *L)
{
  PetscFunctionBegin;
  PetscCall(J3oLPDestroy(&L->lp));
  PetscCall(PetscFree(L->col_start));
  PetscCall(PetscFree(L->row_index));
  PetscCall(PetscFree(L->value));
  PetscCall(PetscFree(L->rub));
  PetscCall(PetscFree(L->ub));
  PetscCall(PetscFree(L->obj));
  PetscCall(PetscMemzero(L, sizeof(*L)));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClOffKeep(J3oCluster cl, int k)
{
  ClCycle *cy = &cl->cyc[k];
  int      n;

  PetscFunctionBegin;
  if (!cy->built || cy->fresh) PetscFunctionReturn(0);
  PetscCall(J3oLPBasisSize(cy->off.lp, &n));
  if (cy->keep && cy->keep_n != n) PetscCall(PetscFree(cy->keep)); /* J3oLPKeepBasis fills a buffer of n bytes */
  PetscCall(J3oLPKeepBasis(cy->off.lp, &cy->keep));
  cy->keep_n    = n;
  cy->keep_prev = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* Releases cycle k's offloading LP (rebuilt on the next use). */
PetscErrorCode J3oClOffFree(J3oCluster cl, int k)
{
  ClCycle *cy = &cl->cyc[k];

  PetscFunctionBegin;
  PetscCall(J3oClLPFree(&cy->off));
  PetscCall(PetscFree(cy->frac));
  PetscCall(PetscFree(cy->dual));
  PetscCall(J3oClRouteRowsFree(&cy->rows));
  cy->built = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClCycleFree(J3oCluster cl, int k)
{
  ClCycle *cy = &cl->cyc[k];

  PetscFunctionBegin;
  PetscCall(PetscFree(cy->fc));
  PetscCall(PetscFree(cy->col));
  PetscCall(PetscFree(cy->pcol));
  PetscCall(PetscFree(cy->icol_start));
  PetscCall(PetscFree(cy->icol));
  PetscCall(PetscFree(cy->keep));
  PetscCall(J3oClOffFree(cl, k));
  PetscFunctionReturn(0);
}

void J3oClColShared(J3oCluster cl, const ClCol *c, J3oShared *load)
{
  int     t = cl->pair_task[c->pair];
  int64_t i = cl->i0 + cl->pair_client[c->pair];

  *load = (J3oShared){{0}};
  J3oSharedRouteLoad(cl->inst, i, t, (J3oRouteKind)c->kind, c->model, J3oDemand(cl->inst, i, t), load);
}

double J3oClColPriced(J3oCluster cl, const ClCol *c, const J3oShared *mu)
{
  J3oShared load;
  double    v = c->obj0;

  J3oClColShared(cl, c, &load);
  for (int r = 0; r < J3O_NSHARED; r++) v -= mu->r[r] * load.r[r];
  return v;
}

PetscBool J3oClSamePrices(const J3oShared *a, const J3oShared *b)
{
  for (int r = 0; r < J3O_NSHARED; r++)
    if (a->r[r] != b->r[r]) return PETSC_FALSE;
  return PETSC_TRUE;
}

/* Objective of the cloud columns: w lambda a^c - sum_r mu_r load_r. */
static PetscErrorCode ClLPSetCloudObj(J3oCluster cl, const ClCall *call, ClCycle *cy, ClLP *L)
{
  PetscFunctionBegin;
  if (J3oClSamePrices(&L->mu, &call->mu)) PetscFunctionReturn(0);
  for (int j = 0; j < cy->ncol; j++) {
    const ClCol *c = &cy->col[j];
    if (c->kind != J3O_ROUTE_CLOUD) continue;
    L->obj[j] = J3oClColPriced(cl, c, &call->mu);
    PetscCall(J3oLPSetObjCoef(L->lp, j, L->obj[j]));
  }
  L->mu = call->mu;
  PetscFunctionReturn(0);
}

/* Offloading LP of cycle k. Rows, each divided by its right-hand side so that it reads <= 1:
   routing per pair; client compute sum lambda g u / (rho F_n); client uplink sum lambda d (v+z) / r_n;
   edge compute sum lambda g v / (rho F_e) <= 1 - sum_m y_m fc_m; cell sum lambda d (v+z) / W_e;
   backhaul sum lambda d z / B_e; caps sum_z load_r z / ref_r <= cap_r / ref_r per shared resource r
   the routes load. */
/* Entries of route column c in the cluster's capacity rows, each scaled by its right-hand side:
   its routing pair; client compute (local) or client uplink, edge compute (edge), cell uplink and
   backhaul (cloud). Writes ri/va, returns the count. */
PetscErrorCode J3oClRouteRowsLayout(J3oCluster cl, const ClCol *col, int ncol, ClRouteRows *rr)
{
  int       nc = cl->nc, nr = cl->npair, ncloud = 0;
  PetscBool anyv = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(nc, &rr->cc, nc, &rr->cu));
  for (int n = 0; n < nc; n++) rr->cc[n] = rr->cu[n] = -1;
  for (int j = 0; j < ncol; j++) {
    int n = cl->pair_client[col[j].pair];
    if (col[j].kind == J3O_ROUTE_LOCAL) rr->cc[n] = 0;
    else rr->cu[n] = 0;
    if (col[j].kind == J3O_ROUTE_EDGE) anyv = PETSC_TRUE;
    if (col[j].kind == J3O_ROUTE_CLOUD) ncloud++;
  }
  for (int n = 0; n < nc; n++)
    if (rr->cc[n] == 0) rr->cc[n] = nr++;
  for (int n = 0; n < nc; n++)
    if (rr->cu[n] == 0) rr->cu[n] = nr++;
  rr->ec   = anyv ? nr++ : -1;
  rr->cell = (anyv || ncloud) ? nr++ : -1;
  rr->bh   = ncloud ? nr++ : -1;
  rr->nrow = nr;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClRouteRowsFree(ClRouteRows *rr)
{
  PetscFunctionBegin;
  PetscCall(PetscFree2(rr->cc, rr->cu));
  PetscFunctionReturn(0);
}

int J3oClRouteEntries(J3oCluster cl, const ClCol *c, const ClRouteRows *rr, int *ri, double *va)
{
  const J3oInstance *in = cl->inst;
  int                n = cl->pair_client[c->pair], q = 0;
  int64_t            i = cl->i0 + n;

  ri[q]   = c->pair;
  va[q++] = 1;
  if (c->kind == J3O_ROUTE_LOCAL) {
    ri[q]   = rr->cc[n];
    va[q++] = c->gq / (in->rho * in->client_gflops[i]);
    return q;
  }
  ri[q]   = rr->cu[n];
  va[q++] = c->mb / in->client_uplink_mb_s[i];
  if (c->kind == J3O_ROUTE_EDGE) {
    ri[q]   = rr->ec;
    va[q++] = c->gq / (in->rho * in->edge_gflops[cl->edge]);
  }
  ri[q]   = rr->cell;
  va[q++] = c->mb / in->edge_cell_mb_s[cl->edge];
  if (c->kind == J3O_ROUTE_CLOUD) {
    ri[q]   = rr->bh;
    va[q++] = c->mb / in->edge_backhaul_mb_s[cl->edge];
  }
  return q;
}

static PetscErrorCode ClOffBuild(J3oCluster cl, int k)
{
  ClCycle *cy = &cl->cyc[k];
  ClLP    *L  = &cy->off;

  PetscFunctionBegin;
  if (cy->built) PetscFunctionReturn(0);
  PetscCall(J3oClRouteRowsLayout(cl, cy->col, cy->ncol, &cy->rows));
  int nr = cy->rows.nrow;
  for (int r = 0; r < J3O_NSHARED; r++) cy->ref[r] = 0;
  for (int j = 0; j < cy->ncol; j++)
    if (cy->col[j].kind == J3O_ROUTE_CLOUD) {
      J3oShared load;
      J3oClColShared(cl, &cy->col[j], &load);
      for (int r = 0; r < J3O_NSHARED; r++) cy->ref[r] += load.r[r];
    }
  for (int r = 0; r < J3O_NSHARED; r++)
    cy->row_cap[r] = cy->ref[r] > 0 ? nr++ : -1; /* a row per resource the routes load */

  L->ncol = cy->ncol;
  L->nrow = nr;
  PetscCall(PetscMalloc1(cy->ncol + 1, &L->ub));
  PetscCall(PetscMalloc1(cy->ncol + 1, &L->obj));
  PetscCall(PetscMalloc1(nr, &L->rub));
  J3oTriplets A = {0};
  for (int j = 0; j < cy->ncol; j++) {
    const ClCol *c = &cy->col[j];
    int          ri[J3O_ROUTE_ENTRIES_MAX];
    double       va[J3O_ROUTE_ENTRIES_MAX];
    int          q = J3oClRouteEntries(cl, c, &cy->rows, ri, va);
    for (int i = 0; i < q; i++) PetscCall(J3oTripletsAdd(&A, ri[i], j, va[i]));
    if (c->kind == J3O_ROUTE_CLOUD) {
      J3oShared load;
      J3oClColShared(cl, c, &load);
      for (int r = 0; r < J3O_NSHARED; r++)
        if (cy->row_cap[r] >= 0) PetscCall(J3oTripletsAdd(&A, cy->row_cap[r], j, load.r[r] / cy->ref[r]));
    }
    L->ub[j]  = 0; /* nothing resident yet */
    L->obj[j] = c->obj0;
  }
  PetscCall(J3oTripletsCompress(&A, L->ncol, &L->col_start, &L->row_index, &L->value));
  PetscCall(J3oTripletsFree(&A));
  for (int r = 0; r < nr; r++) L->rub[r] = 1;
  for (int r = 0; r < J3O_NSHARED; r++)
    if (cy->row_cap[r] >= 0) L->rub[cy->row_cap[r]] = INFINITY;
  PetscCall(J3oClLPLoad(cl, L));
  PetscCall(PetscCalloc1(cy->ncol + 1, &cy->frac));
  PetscCall(PetscCalloc1(nr + 1, &cy->dual));
  cy->built = PETSC_TRUE;
  cy->fresh = PETSC_TRUE;
  PetscCall(J3oClWarmOffloadCheck(cl, k));
  PetscFunctionReturn(0);
}

/* sum_m y_m g0_m / (c rho F_e): the share of the edge compute taken by resident batches. */
double J3oClFixedLoad(J3oCluster cl, int k, const unsigned char *y)
{
  double s = 0;
  for (int m = 0; m < cl->M; m++)
    if (y[m]) s += cl->cyc[k].fc[m];
  return s;
}

static PetscErrorCode SetRowUb(ClLP *L, int r, double ub)
{
  PetscFunctionBegin;
  if (r < 0 || L->rub[r] == ub) PetscFunctionReturn(0);
  L->rub[r] = ub;
  PetscCall(J3oLPSetRowBounds(L->lp, r, -INFINITY, ub));
  PetscFunctionReturn(0);
}

/* After an evaluation valued `priced`: every search path keeps what it evaluates when better, so close enough to
   the bound it ends; past the deadline (or signalled) it ends too, its best so far the solution. */
static void SearchStops(J3oCluster cl, ClCall *call, double priced)
{
  if (priced >= call->stop_at) call->lp_left = 0;
  if (MPI_Wtime() > cl->deadline || J3oInterrupted()) call->lp_left = 0;
}

/* Solves the offloading LP of cycle k for residency (x, y) under cl's current prices, caps and
   route permissions. The CLP primal is clipped to [0, ub], fractions <= J3O_FRACTION_NOISE dropped, and every
   row still above its bound by round-off scaled down (all coefficients are >= 0, so multiplying
   each column by the smallest ratio rub/activity of its rows makes every row feasible at once).
   Stores the fractions in cy->frac, the duals in cy->dual, and returns sum obj'frac.
   ok = false when the residency is infeasible (resident batches exceed the edge compute). */
PetscErrorCode J3oClEvaluate(J3oCluster cl, ClCall *call, int k, const unsigned char *x, const unsigned char *y,
                             double *priced, PetscBool *ok)
{
  ClCycle      *cy = &cl->cyc[k];
  ClLP         *L  = &cy->off;
  J3oLPStatus   st;
  const double *xp, *yd;

  PetscFunctionBegin;
  PetscBool hit;
  PetscCall(J3oClMemoRecall(cl, call, k, x, y, &hit, priced));
  if (hit) { /* solved before in this solve: counted as the LP solve it replaces */
    *ok = PETSC_TRUE;
    if (call->lp_left != INT_MAX) call->lp_left--;
    SearchStops(cl, call, *priced);
    PetscFunctionReturn(0);
  }
  PetscCall(ClOffBuild(cl, k));
  *ok     = PETSC_TRUE;
  *priced = -INFINITY;
  /* churn is fixed by the onloading: over the call's churn cap, no routing makes it feasible */
  double churn = J3oClChurn(cl, x, y);
  if (!J3oClChurnFits(call, 0, churn)) {
    *ok = PETSC_FALSE;
    PetscFunctionReturn(0);
  }
  double rhs = 1 - J3oClFixedLoad(cl, k, y);
  if (rhs < 0) {
    if (rhs < -J3O_ROUNDOFF) {
      *ok = PETSC_FALSE;
      PetscFunctionReturn(0);
    }
    rhs = 0;
  }
  PetscCall(SetRowUb(L, cy->rows.ec, rhs));
  for (int r = 0; r < J3O_NSHARED; r++) {
    if (cy->row_cap[r] < 0) continue;
    double u = call->cap.r[r] / cy->ref[r];
    PetscCall(SetRowUb(L, cy->row_cap[r], u >= 1 ? INFINITY : PetscMax(u, 0)));
  }
  PetscCall(ClLPSetCloudObj(cl, call, cy, L));
  /* large clusters rebuild their offloading LPs at every call (-j3o_lean): start them near the optimum;
     any cluster's first build starts from a previous plan's basis of it (J3oClusterSetOffloadBasis,
     its size checked by ClOffBuild) */
  if (cy->fresh && (cl->large || cy->keep)) {
    if (cy->keep && call->keep_dual) PetscCall(J3oLPSetDualBasis(L->lp, cy->keep));
    else if (cy->keep) PetscCall(J3oLPSetBasis(L->lp, cy->keep));
    else PetscCall(J3oClBoundOffStart(cl, k));
  }
  cy->fresh     = PETSC_FALSE;
  cy->keep_prev = PETSC_FALSE; /* solved from: this run's now */
  for (int j = 0; j < cy->ncol; j++) {
    const ClCol *c  = &cy->col[j];
    double       ub = c->kind == J3O_ROUTE_CLOUD ? (call->allow_cloud ? 1 : 0) : J3oClItemGet(cl, x, y, c->item);
    if (ub != L->ub[j]) {
      L->ub[j] = ub;
      PetscCall(J3oLPSetColBounds(L->lp, j, 0, ub));
    }
  }
  if (call->lp_left != INT_MAX) call->lp_left--;
  PetscCall(PetscLogEventBegin(J3oEventLP, 0, 0, 0, 0));
  PetscCall(J3oLPSolve(L->lp, &st));
  PetscCall(PetscLogEventEnd(J3oEventLP, 0, 0, 0, 0));
  PetscCheck(st == J3O_LP_OPTIMAL, PETSC_COMM_SELF, PETSC_ERR_LIB,
             "j3o: cluster %d: offloading LP not solved to optimality (status %d)", cl->edge, (int)st);
  PetscCall(J3oLPGetPrimal(L->lp, &xp));
  PetscCall(J3oLPGetRowDual(L->lp, &yd));
  for (int r = 0; r < L->nrow; r++) cy->dual[r] = yd[r] > 0 ? yd[r] : 0;
  double *f = cy->frac, *act;
  PetscCall(PetscCalloc1(L->nrow + 1, &act));
  for (int j = 0; j < cy->ncol; j++) {
    double v = xp[j];
    if (v > L->ub[j]) v = L->ub[j];
    if (!(v > J3O_FRACTION_NOISE)) v = 0;
    f[j] = v;
    for (int q = L->col_start[j]; q < L->col_start[j + 1]; q++) act[L->row_index[q]] += L->value[q] * v;
  }
  PetscBool repair = PETSC_FALSE;
  for (int r = 0; r < L->nrow; r++) {
    if (act[r] > L->rub[r]) {
      act[r] = L->rub[r] > 0 ? L->rub[r] / act[r] * (1 - J3O_ROUNDOFF) : 0;
      repair = PETSC_TRUE;
    } else act[r] = 1;
  }
  if (repair)
    for (int j = 0; j < cy->ncol; j++) {
      double s = 1;
      for (int q = L->col_start[j]; q < L->col_start[j + 1]; q++) s = PetscMin(s, act[L->row_index[q]]);
      f[j] *= s;
      if (!(f[j] > J3O_FRACTION_NOISE)) f[j] = 0;
    }
  PetscCall(PetscFree(act));
  double v = 0;
  for (int j = 0; j < cy->ncol; j++) v += L->obj[j] * f[j];
  *priced       = v - call->mu.r[J3O_SHARED_CHURN_MB] * churn;
  cy->last_val  = *priced;
  cy->last_mu   = call->mu;
  cy->last_free = (PetscBool)!J3oClRoutesCapped(&call->cap);
  SearchStops(cl, call, *priced);
  PetscCall(J3oClMemoAdd(cl, call, k, x, y, *priced));
  PetscFunctionReturn(0);
}

/* Priced net value of every column from the last LP's duals:
   net_j = obj_j - sum over its capacity rows (all but routing) A_rj dual_r.
   ecprice = dual of the edge compute row (prices the fixed batch loads fc_m). zero_prices: net = obj. */
PetscErrorCode J3oClNetValues(J3oCluster cl, const ClCall *call, int k, PetscBool zero_prices, double *net,
                              double *ecprice)
{
  ClCycle *cy = &cl->cyc[k];
  ClLP    *L  = &cy->off;

  PetscFunctionBegin;
  PetscCall(ClOffBuild(cl, k));
  PetscCall(ClLPSetCloudObj(cl, call, cy, L));
  for (int j = 0; j < cy->ncol; j++) {
    double s = L->obj[j];
    if (!zero_prices)
      for (int q = L->col_start[j] + 1; q < L->col_start[j + 1]; q++) s -= L->value[q] * cy->dual[L->row_index[q]];
    net[j] = s;
  }
  *ecprice = (!zero_prices && cy->rows.ec >= 0) ? cy->dual[cy->rows.ec] : 0;
  PetscFunctionReturn(0);
}
