/* cluster_bound.c: the cluster's LP relaxation (x, y in [0,1]) per duty cycle, a dual-certified upper bound. */
#include <math.h>
#include "cluster_impl.h"

/* Bound LP of cycle k: route columns as in the offloading LP, then one x column per client item
   and one y column per edge item that has routes; rows (scaled to <= 1 like the offloading LP):
   routing, client compute, client uplink, edge compute (+ fc_m y_m with batching), cell, backhaul,
   linking u - x <= 0 and v - y <= 0 per route, memory sum s_m x / S_n <= 1 and sum s_m y / S_e <= 1. */
static PetscErrorCode BoundBuild(J3oCluster cl, int k)
{
  const J3oInstance *in = cl->inst;
  ClCycle *cy = &cl->cyc[k];
  ClLP *L = &cy->bnd;
  int nc = cl->nc, M = cl->M, e = cl->edge, np = cl->npair, *rcc, *rcu, *rmem, *xycol;

  PetscFunctionBegin;
  if (cy->bbuilt) PetscFunctionReturn(0);
  PetscCall(PetscMalloc4(nc, &rcc, nc, &rcu, nc + 1, &rmem, cl->nitem, &xycol));
  for (int n = 0; n < nc; n++) rcc[n] = rcu[n] = -1;
  PetscBool anyv = PETSC_FALSE;
  int nlink = 0;
  for (int j = 0; j < cy->ncol; j++) {
    int n = cl->pair_client[cy->col[j].pair];
    if (cy->col[j].kind == J3O_ROUTE_LOCAL) rcc[n] = 0;
    else rcu[n] = 0;
    if (cy->col[j].kind == J3O_ROUTE_EDGE) anyv = PETSC_TRUE;
    if (cy->col[j].item >= 0) nlink++;
  }
  int nr = np;
  for (int n = 0; n < nc; n++) if (rcc[n] == 0) rcc[n] = nr++;
  for (int n = 0; n < nc; n++) if (rcu[n] == 0) rcu[n] = nr++;
  int row_ec = anyv ? nr++ : -1;
  int row_cell = (anyv || cy->ncloud) ? nr++ : -1;
  int row_bh = cy->ncloud ? nr++ : -1;
  int link0 = nr;
  nr += nlink;
  cy->nxy = 0;
  for (int it = 0; it < cl->nitem; it++) xycol[it] = cy->icol_start[it + 1] > cy->icol_start[it] ? cy->ncol + cy->nxy++ : -1;
  for (int kk = 0; kk <= nc; kk++) {
    rmem[kk] = -1;
    for (int m = 0; m < M; m++) if (xycol[kk * M + m] >= 0) { rmem[kk] = nr++; break; }
  }
  int ncol = cy->ncol + cy->nxy;
  size_t nnz = 8 * (size_t)cy->ncol + 4 * (size_t)cy->nxy + (size_t)nlink + 1;
  L->ncol = ncol;
  L->nrow = nr;
  PetscCall(PetscMalloc1(ncol + 1, &L->cs));
  PetscCall(PetscMalloc1(nnz, &L->ri));
  PetscCall(PetscMalloc1(nnz, &L->va));
  PetscCall(PetscMalloc1(ncol + 1, &L->ub));
  PetscCall(PetscMalloc1(ncol + 1, &L->obj));
  PetscCall(PetscMalloc1(nr + 1, &L->rub));
  PetscCall(PetscMalloc1(cy->nxy + 1, &cy->xy_item));
  double rFe = in->rho * in->edge_gflops[e], W = in->edge_cell_mb_s[e], B = in->edge_backhaul_mb_s[e];
  int q = 0, lk = link0;
  for (int j = 0; j < cy->ncol; j++) {
    const ClCol *c = &cy->col[j];
    int n = cl->pair_client[c->pair];
    int64_t i = cl->i0 + n;
    L->cs[j] = q;
    L->ri[q] = c->pair; L->va[q++] = 1;
    if (c->kind == J3O_ROUTE_LOCAL) {
      L->ri[q] = rcc[n]; L->va[q++] = c->gq / (in->rho * in->client_gflops[i]);
    } else {
      L->ri[q] = rcu[n]; L->va[q++] = c->mb / in->client_uplink_mb_s[i];
      if (c->kind == J3O_ROUTE_EDGE) { L->ri[q] = row_ec; L->va[q++] = c->gq / rFe; }
      L->ri[q] = row_cell; L->va[q++] = c->mb / W;
      if (c->kind == J3O_ROUTE_CLOUD) { L->ri[q] = row_bh; L->va[q++] = c->mb / B; }
    }
    if (c->item >= 0) { L->ri[q] = lk++; L->va[q++] = 1; }
    L->ub[j] = 1;
    L->obj[j] = c->obj0;
  }
  /* linking rows were numbered in column order; an item's columns are increasing, so are its rows */
  int *linkrow;
  PetscCall(PetscMalloc1(cy->ncol + 1, &linkrow));
  lk = link0;
  for (int j = 0; j < cy->ncol; j++) linkrow[j] = cy->col[j].item >= 0 ? lk++ : -1;
  for (int it = 0; it < cl->nitem; it++) {
    int jc = xycol[it], kk = it / M, m = it % M;
    if (jc < 0) continue;
    cy->xy_item[jc - cy->ncol] = it;
    L->cs[jc] = q;
    if (kk == nc && cy->c > 0 && cy->fc[m] > 0) { L->ri[q] = row_ec; L->va[q++] = cy->fc[m]; }
    for (int qq = cy->icol_start[it]; qq < cy->icol_start[it + 1]; qq++) { L->ri[q] = linkrow[cy->icol[qq]]; L->va[q++] = -1; }
    double S = kk < nc ? in->client_memory_mb[cl->i0 + kk] : in->edge_memory_mb[e];
    L->ri[q] = rmem[kk]; L->va[q++] = in->memory_mb[m] / S;
    L->ub[jc] = 1;
    L->obj[jc] = 0;
  }
  L->cs[ncol] = q;
  for (int r = 0; r < nr; r++) L->rub[r] = r >= link0 && r < link0 + nlink ? 0 : 1;
  L->muF = L->muB = 0;
  double *lb;
  PetscCall(PetscCalloc1(ncol + 1, &lb));
  PetscCall(J3oLPCreate(&L->lp));
  PetscCall(J3oLPLoad(L->lp, ncol, nr, L->cs, L->ri, L->va, lb, L->ub, L->obj, NULL, L->rub));
  PetscCall(PetscFree(lb));
  PetscCall(PetscFree(linkrow));
  PetscCall(PetscFree4(rcc, rcu, rmem, xycol));
  cy->bbuilt = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* Solves the bound LP of cycle k at cl->mu. value is the Lagrangian dual bound of the LP at CLP's
   row prices y >= 0 (weak duality; every column lies in [0, ub]):
     value = sum_r rub_r y_r + sum_j ub_j max(0, obj_j - (A'y)_j)  >=  LP optimum,
   equal to it at an optimal dual, so round-off can only make it larger, never invalid.
   Errors unless CLP proves optimality. useF, useB: cloud usage of the LP primal. */
PetscErrorCode ClBoundSolve(J3oCluster cl, int k, double *value, double *useF, double *useB, const double **primal)
{
  ClCycle *cy = &cl->cyc[k];
  ClLP *L = &cy->bnd;
  J3oLPStatus st;
  const double *xp, *yd;

  PetscFunctionBegin;
  PetscCall(BoundBuild(cl, k));
  PetscCall(ClLPSetCloudObj(cl, cy, L));
  PetscCall(J3oLPSolve(L->lp, &st));
  PetscCheck(st == J3O_LP_OPTIMAL, PETSC_COMM_SELF, PETSC_ERR_LIB, "j3o: cluster %d: LP relaxation not proven optimal (status %d); no bound", cl->edge, (int)st);
  PetscCall(J3oLPGetPrimal(L->lp, &xp));
  PetscCall(J3oLPGetRowDual(L->lp, &yd));
  double v = 0, uF = 0, uB = 0;
  for (int r = 0; r < L->nrow; r++) if (yd[r] > 0) v += L->rub[r] * yd[r];
  for (int j = 0; j < L->ncol; j++) {
    double s = L->obj[j];
    for (int q = L->cs[j]; q < L->cs[j + 1]; q++) {
      double y = yd[L->ri[q]];
      if (y > 0) s -= L->va[q] * y;
    }
    if (s > 0) v += L->ub[j] * s;
  }
  for (int j = 0; j < cy->ncol; j++) {
    if (cy->col[j].kind != J3O_ROUTE_CLOUD) continue;
    double f = PetscMin(PetscMax(xp[j], 0), 1);
    uF += cy->col[j].gq * f;
    uB += cy->col[j].mb * f;
  }
  *value = v;
  *useF = uF;
  *useB = uB;
  if (primal) *primal = xp;
  PetscFunctionReturn(0);
}

/* max over duty cycles of the bound LP; the usage is that of the maximizing cycle's LP. */
PetscErrorCode J3oClusterBound(J3oCluster cl, const J3oPrices *p, double *value, double *cloud_gflops, double *cloud_ingress_mb_s)
{
  PetscFunctionBegin;
  PetscCheck(cl && p, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "cluster and prices must be given");
  PetscCheck(p->mu_F >= 0 && p->mu_B >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "prices must be >= 0");
  cl->mu = *p;
  double best = -INFINITY, bF = 0, bB = 0;
  for (int k = 0; k < cl->ncyc; k++) {
    double v, uF, uB;
    if (cl->cyc[k].ncol == 0) { v = uF = uB = 0; }
    else PetscCall(ClBoundSolve(cl, k, &v, &uF, &uB, NULL));
    if (v > best) { best = v; bF = uF; bB = uB; }
  }
  *value = best;
  if (cloud_gflops) *cloud_gflops = bF;
  if (cloud_ingress_mb_s) *cloud_ingress_mb_s = bB;
  PetscFunctionReturn(0);
}
