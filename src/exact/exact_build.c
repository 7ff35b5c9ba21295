/* exact_build.c: the full MILP of docs/formulation.md (constraints 1-11, batching included) built in memory. */
#include <math.h>
#include "exact/exact_impl.h"
#include "core/grow.h"

static PetscErrorCode AddCol(J3oExactModel *mod, double lb, double ub, double obj, PetscBool integer, int *col)
{
  PetscFunctionBegin;
  PetscCall(J3oGrow(mod->ncols, &mod->colcap, 256, 4, J3O_GROW_ARRAY(mod->clb), J3O_GROW_ARRAY(mod->cub),
                    J3O_GROW_ARRAY(mod->cobj), J3O_GROW_ARRAY(mod->cint)));
  mod->clb[mod->ncols]  = lb;
  mod->cub[mod->ncols]  = ub;
  mod->cobj[mod->ncols] = obj;
  mod->cint[mod->ncols] = integer ? 1 : 0;
  *col                  = mod->ncols++;
  PetscFunctionReturn(0);
}

/* Appends the row lb <= sum_k val[k] x_{col[k]} <= ub (entries with col < 0 skipped). */
static PetscErrorCode AddRow(J3oExactModel *mod, int n, const int col[], const double val[], double lb, double ub)
{
  PetscFunctionBegin;
  PetscCall(J3oGrow(mod->nrows, &mod->rowcap, 256, 2, J3O_GROW_ARRAY(mod->rlb), J3O_GROW_ARRAY(mod->rub)));
  for (int k = 0; k < n; k++) {
    if (col[k] < 0 || val[k] == 0) continue;
    PetscCall(J3oTripletsAdd(&mod->A, mod->nrows, col[k], val[k]));
  }
  mod->rlb[mod->nrows] = lb;
  mod->rub[mod->nrows] = ub;
  mod->nrows++;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oExactAddRow(J3oExactModel *mod, int n, const int col[], const double val[], double lb, double ub)
{
  PetscFunctionBegin;
  PetscCall(AddRow(mod, n, col, val, lb, ub));
  PetscFunctionReturn(0);
}

/* A growable scratch row. */
typedef struct {
  int        n;
  PetscCount cap;
  int       *col;
  double    *val;
} Row;

static PetscErrorCode RowPush(Row *r, int col, double val)
{
  PetscFunctionBegin;
  if (col < 0) PetscFunctionReturn(0);
  PetscCall(J3oGrow(r->n, &r->cap, 64, 2, J3O_GROW_ARRAY(r->col), J3O_GROW_ARRAY(r->val)));
  r->col[r->n] = col;
  r->val[r->n] = val;
  r->n++;
  PetscFunctionReturn(0);
}

static PetscErrorCode RowFree(Row *r)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(r->col));
  PetscCall(PetscFree(r->val));
  PetscFunctionReturn(0);
}

static double DutyCycle(const J3oInstance *in, int c)
{
  return in->K > 0 ? in->duty_cycles_s[c] : 0;
}

/* Columns. Rule 11 decides which route variables exist; x / y exist only when some route could
   use them and the model fits the memory; k / w only for edges with some y. */
static PetscErrorCode BuildColumns(J3oExactModel *mod)
{
  const J3oInstance *in = mod->in;
  int                T = in->T, M = in->M, K = in->K, Kc = mod->Kc;

  PetscFunctionBegin;
  for (int64_t i = 0; i < in->client_count; i++) {
    int le = in->client_edge[i] - in->edge_first;
    for (int t = 0; t < T; t++) {
      double lam = J3oDemand(in, i, t);
      if (!(lam > 0)) continue;
      double wl = in->weight[t] * lam * mod->scale / mod->twd;
      for (int m = 0; m < M; m++) {
        double a = J3oAcc(in, m, t);
        if (in->memory_mb[m] <= in->client_memory_mb[i] && J3oLocalAdmissible(in, i, m, t)) {
          PetscCall(AddCol(mod, 0, 1, wl * a, PETSC_FALSE, &mod->ucol[((size_t)i * T + t) * M + m]));
          if (mod->xcol[(size_t)i * M + m] < 0)
            PetscCall(AddCol(mod, 0, 1, 0, PETSC_TRUE, &mod->xcol[(size_t)i * M + m]));
        }
        if (in->memory_mb[m] > in->edge_memory_mb[le + in->edge_first]) continue;
        for (int c = 0; c < Kc; c++) {
          if (!J3oEdgeAdmissible(in, i, m, t, DutyCycle(in, c))) continue;
          PetscCall(AddCol(mod, 0, 1, wl * a, PETSC_FALSE, &mod->vcol[(((size_t)i * T + t) * M + m) * Kc + c]));
          if (mod->ycol[(size_t)le * M + m] < 0)
            PetscCall(AddCol(mod, 0, 1, 0, PETSC_TRUE, &mod->ycol[(size_t)le * M + m]));
        }
      }
      if (J3oCloudAdmissible(in, i, t))
        PetscCall(
          AddCol(mod, 0, 1, wl * J3oAcc(in, in->cloud_model[t], t), PETSC_FALSE, &mod->zcol[(size_t)i * T + t]));
    }
  }
  if (K > 0) {
    for (int le = 0; le < mod->nedge; le++) {
      PetscBool any = PETSC_FALSE;
      for (int m = 0; m < M; m++) any = any || mod->ycol[(size_t)le * M + m] >= 0;
      if (!any) continue; /* hosts nothing: reported with the first duty cycle */
      for (int c = 0; c < K; c++) PetscCall(AddCol(mod, 0, 1, 0, PETSC_TRUE, &mod->kcol[(size_t)le * K + c]));
      for (int m = 0; m < M; m++) {
        if (mod->ycol[(size_t)le * M + m] < 0 || !(in->gflop_fixed[m] > 0)) continue;
        for (int c = 0; c < K; c++)
          PetscCall(AddCol(mod, 0, 1, 0, PETSC_FALSE, &mod->wcol[((size_t)le * M + m) * K + c]));
      }
    }
  }
  PetscFunctionReturn(0);
}

/* Rows that belong to one client i: routing (1), residency (2, local and edge), memory (3),
   compute (4), uplink (6), and with batching the cycle links sum_m v_itmc <= k_ec. */
static PetscErrorCode BuildClientRows(J3oExactModel *mod, int64_t i, Row *row)
{
  const J3oInstance *in = mod->in;
  int                T = in->T, M = in->M, K = in->K, Kc = mod->Kc;
  int                le = in->client_edge[i] - in->edge_first;

  PetscFunctionBegin;
  for (int t = 0; t < T; t++) {
    /* 1: sum_m u + sum_mc v + z <= 1 (only when more than one variable; each is <= 1 anyway) */
    row->n = 0;
    for (int m = 0; m < M; m++) {
      PetscCall(RowPush(row, mod->ucol[((size_t)i * T + t) * M + m], 1));
      for (int c = 0; c < Kc; c++) PetscCall(RowPush(row, mod->vcol[(((size_t)i * T + t) * M + m) * Kc + c], 1));
    }
    PetscCall(RowPush(row, mod->zcol[(size_t)i * T + t], 1));
    if (row->n > 1) PetscCall(AddRow(mod, row->n, row->col, row->val, -INFINITY, 1));
    for (int m = 0; m < M; m++) {
      /* 2: u_itm <= x_im;  sum_c v_itmc <= y_em (the v_itmc of different cycles exclude each other) */
      int u = mod->ucol[((size_t)i * T + t) * M + m];
      if (u >= 0) {
        int    cols[2] = {u, mod->xcol[(size_t)i * M + m]};
        double vals[2] = {1, -1};
        PetscCall(AddRow(mod, 2, cols, vals, -INFINITY, 0));
      }
      row->n = 0;
      for (int c = 0; c < Kc; c++) PetscCall(RowPush(row, mod->vcol[(((size_t)i * T + t) * M + m) * Kc + c], 1));
      if (row->n) {
        PetscCall(RowPush(row, mod->ycol[(size_t)le * M + m], -1));
        PetscCall(AddRow(mod, row->n, row->col, row->val, -INFINITY, 0));
      }
    }
    /* batching: sum_m v_itmc <= k_ec (queries use the edge only at its chosen cycle) */
    for (int c = 0; c < K; c++) {
      row->n = 0;
      for (int m = 0; m < M; m++) PetscCall(RowPush(row, mod->vcol[(((size_t)i * T + t) * M + m) * Kc + c], 1));
      if (row->n) {
        PetscCall(RowPush(row, mod->kcol[(size_t)le * K + c], -1));
        PetscCall(AddRow(mod, row->n, row->col, row->val, -INFINITY, 0));
      }
    }
  }
  /* 3: sum_m s_m x_im <= S_n */
  row->n = 0;
  for (int m = 0; m < M; m++) PetscCall(RowPush(row, mod->xcol[(size_t)i * M + m], in->memory_mb[m]));
  if (row->n > 1) PetscCall(AddRow(mod, row->n, row->col, row->val, -INFINITY, in->client_memory_mb[i]));
  /* 4: sum_tm lambda_it g_m u_itm <= rho F_n */
  row->n = 0;
  for (int t = 0; t < T; t++)
    for (int m = 0; m < M; m++)
      PetscCall(RowPush(row, mod->ucol[((size_t)i * T + t) * M + m], J3oDemand(in, i, t) * J3oModelCost(in, m)));
  if (row->n) PetscCall(AddRow(mod, row->n, row->col, row->val, -INFINITY, in->rho * in->client_gflops[i]));
  /* 6: sum_t lambda_it d_t (sum_mc v_itmc + z_it) <= r_n */
  row->n = 0;
  for (int t = 0; t < T; t++) {
    double ld = J3oDemand(in, i, t) * in->input_mb[t];
    for (int m = 0; m < M; m++)
      for (int c = 0; c < Kc; c++) PetscCall(RowPush(row, mod->vcol[(((size_t)i * T + t) * M + m) * Kc + c], ld));
    PetscCall(RowPush(row, mod->zcol[(size_t)i * T + t], ld));
  }
  if (row->n) PetscCall(AddRow(mod, row->n, row->col, row->val, -INFINITY, in->client_uplink_mb_s[i]));
  PetscFunctionReturn(0);
}

/* Rows of one edge: memory (3), compute (5), cell (7), backhaul (8), one cycle (sum_c k_ec = 1).
   Batching linearization: the fixed load sum_m g0_m y_em / c counts only at the chosen cycle, i.e.
   the bilinear y_em k_ec. With w_emc >= y_em + k_ec - 1, w_emc >= 0 (w <= 1) and, per cycle c,
     sum_m (g0_m / c) w_emc + sum_{n in e} sum_tm lambda_nt g1_m v_ntmc <= rho F_e k_ec:
   at k_ec = 1, w_emc >= y_em gives exactly constraint 5 for cycle c (w above y only costs);
   at k_ec = 0, every v_ntmc = 0 (by sum_m v <= k) and w_emc = 0 is allowed, so the row is 0 <= 0.
   The right side rho F_e k_ec (instead of rho F_e) is valid for both and tightens the relaxation.
   An edge that hosts nothing still picks a cycle (its k's are absent; reported as C[0]). */
static PetscErrorCode BuildEdgeRows(J3oExactModel *mod, int le, Row *row)
{
  const J3oInstance *in = mod->in;
  int                T = in->T, M = in->M, K = in->K, Kc = mod->Kc, e = le + in->edge_first;
  int64_t i0 = in->edge_client_start[e] - in->client_first, i1 = in->edge_client_start[e + 1] - in->client_first;

  PetscFunctionBegin;
  row->n = 0;
  for (int m = 0; m < M; m++) PetscCall(RowPush(row, mod->ycol[(size_t)le * M + m], in->memory_mb[m]));
  if (row->n > 1) PetscCall(AddRow(mod, row->n, row->col, row->val, -INFINITY, in->edge_memory_mb[e]));
  if (K == 0) {
    row->n = 0;
    for (int64_t i = i0; i < i1; i++)
      for (int t = 0; t < T; t++)
        for (int m = 0; m < M; m++)
          PetscCall(RowPush(row, mod->vcol[((size_t)i * T + t) * M + m], J3oDemand(in, i, t) * J3oModelCost(in, m)));
    if (row->n) PetscCall(AddRow(mod, row->n, row->col, row->val, -INFINITY, in->rho * in->edge_gflops[e]));
  } else if (mod->kcol[(size_t)le * K] >= 0) {
    row->n = 0;
    for (int c = 0; c < K; c++) PetscCall(RowPush(row, mod->kcol[(size_t)le * K + c], 1));
    PetscCall(AddRow(mod, row->n, row->col, row->val, 1, 1));
    for (int c = 0; c < K; c++) {
      int k = mod->kcol[(size_t)le * K + c];
      for (int m = 0; m < M; m++) { /* w_emc - y_em - k_ec >= -1 */
        int w = mod->wcol[((size_t)le * M + m) * K + c];
        if (w < 0) continue;
        int    cols[3] = {w, mod->ycol[(size_t)le * M + m], k};
        double vals[3] = {1, -1, -1};
        PetscCall(AddRow(mod, 3, cols, vals, -1, INFINITY));
      }
      row->n = 0;
      for (int m = 0; m < M; m++)
        PetscCall(RowPush(row, mod->wcol[((size_t)le * M + m) * K + c], in->gflop_fixed[m] / in->duty_cycles_s[c]));
      for (int64_t i = i0; i < i1; i++)
        for (int t = 0; t < T; t++)
          for (int m = 0; m < M; m++)
            PetscCall(RowPush(row, mod->vcol[(((size_t)i * T + t) * M + m) * Kc + c],
                              J3oDemand(in, i, t) * in->gflop_per_query[m]));
      PetscCall(RowPush(row, k, -in->rho * in->edge_gflops[e]));
      PetscCall(AddRow(mod, row->n, row->col, row->val, -INFINITY, 0));
    }
  }
  /* 7: cell uplink, 8: backhaul */
  Row bh = {0, 0, NULL, NULL};
  row->n = 0;
  for (int64_t i = i0; i < i1; i++)
    for (int t = 0; t < T; t++) {
      double ld = J3oDemand(in, i, t) * in->input_mb[t];
      for (int m = 0; m < M; m++)
        for (int c = 0; c < Kc; c++) PetscCall(RowPush(row, mod->vcol[(((size_t)i * T + t) * M + m) * Kc + c], ld));
      PetscCall(RowPush(row, mod->zcol[(size_t)i * T + t], ld));
      PetscCall(RowPush(&bh, mod->zcol[(size_t)i * T + t], ld));
    }
  if (row->n) PetscCall(AddRow(mod, row->n, row->col, row->val, -INFINITY, in->edge_cell_mb_s[e]));
  if (bh.n) PetscCall(AddRow(mod, bh.n, bh.col, bh.val, -INFINITY, in->edge_backhaul_mb_s[e]));
  PetscCall(RowFree(&bh));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oExactModelBuild(const J3oInstance *in, J3oExactModel *mod)
{
  int       T = in->T, M = in->M, K = in->K;
  Row       row = {0, 0, NULL, NULL}, shared[J3O_NSHARED] = {{0, 0, NULL, NULL}};
  J3oShared cap;
  size_t    nct = (size_t)in->client_count * T;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(mod, sizeof(*mod)));
  mod->in    = in;
  mod->Kc    = K > 0 ? K : 1;
  mod->nedge = in->edge_last - in->edge_first;
  mod->twd   = in->total_weighted_demand > 0 ? in->total_weighted_demand : J3oInstanceLocalWeightedDemand(in);
  PetscCheck(mod->twd > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "instance has no demand: nothing to model");
  mod->scale = 0;
  for (size_t k = 0; k < nct; k++) mod->scale += in->demand[k] > 0;
  PetscCall(PetscMalloc1((size_t)in->client_count * M, &mod->xcol));
  PetscCall(PetscMalloc1((size_t)mod->nedge * M, &mod->ycol));
  PetscCall(PetscMalloc1((size_t)mod->nedge * K, &mod->kcol));
  PetscCall(PetscMalloc1((size_t)mod->nedge * M * K, &mod->wcol));
  PetscCall(PetscMalloc1(nct * M, &mod->ucol));
  PetscCall(PetscMalloc1(nct * M * mod->Kc, &mod->vcol));
  PetscCall(PetscMalloc1(nct, &mod->zcol));
  for (size_t k = 0; k < (size_t)in->client_count * M; k++) mod->xcol[k] = -1;
  for (size_t k = 0; k < (size_t)mod->nedge * M; k++) mod->ycol[k] = -1;
  for (size_t k = 0; k < (size_t)mod->nedge * K; k++) mod->kcol[k] = -1;
  for (size_t k = 0; k < (size_t)mod->nedge * M * K; k++) mod->wcol[k] = -1;
  for (size_t k = 0; k < nct * M; k++) mod->ucol[k] = -1;
  for (size_t k = 0; k < nct * M * mod->Kc; k++) mod->vcol[k] = -1;
  for (size_t k = 0; k < nct; k++) mod->zcol[k] = -1;

  PetscCall(BuildColumns(mod));
  for (int64_t i = 0; i < in->client_count; i++) PetscCall(BuildClientRows(mod, i, &row));
  for (int le = 0; le < mod->nedge; le++) PetscCall(BuildEdgeRows(mod, le, &row));
  /* the shared resources with a capacity, loaded by the cloud routes (J3oSharedRouteLoad):
     9: sum lambda g_c(t) z <= rho F_c;  10: sum lambda d_t z <= B_c */
  J3oSharedCapacity(in, &cap);
  for (int64_t i = 0; i < in->client_count; i++)
    for (int t = 0; t < T; t++) {
      int       z    = mod->zcol[(size_t)i * T + t];
      J3oShared load = J3oSharedConst(0);
      if (z < 0) continue;
      J3oSharedRouteLoad(in, i, t, J3O_ROUTE_CLOUD, in->cloud_model[t], J3oDemand(in, i, t), &load);
      for (int r = 0; r < J3O_NSHARED; r++)
        if (cap.r[r] < INFINITY) PetscCall(RowPush(&shared[r], z, load.r[r]));
    }
  for (int r = 0; r < J3O_NSHARED; r++)
    if (shared[r].n) PetscCall(AddRow(mod, shared[r].n, shared[r].col, shared[r].val, -INFINITY, cap.r[r]));
  PetscCall(RowFree(&row));
  for (int r = 0; r < J3O_NSHARED; r++) PetscCall(RowFree(&shared[r]));
  PetscFunctionReturn(0);
}

/* Triplets -> CSC by a counting sort on the column. */
PetscErrorCode J3oExactModelLoad(const J3oExactModel *mod, const double *fix, J3oLP lp)
{
  int    *start, *ridx;
  double *val;

  PetscFunctionBegin;
  PetscCall(J3oTripletsCompress(&mod->A, mod->ncols, &start, &ridx, &val));
  PetscCall(J3oLPLoad(lp, mod->ncols, mod->nrows, start, ridx, val, mod->clb, mod->cub, mod->cobj, mod->rlb, mod->rub));
  for (int j = 0; j < mod->ncols; j++)
    if (mod->cint[j] && fix) PetscCall(J3oLPSetColBounds(lp, j, fix[j], fix[j]));
    else if (mod->cint[j]) PetscCall(J3oLPSetInteger(lp, j));
  PetscCall(PetscFree(start));
  PetscCall(PetscFree(ridx));
  PetscCall(PetscFree(val));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oExactModelFree(J3oExactModel *mod)
{
  PetscFunctionBegin;
  if (!mod) PetscFunctionReturn(0);
  PetscCall(PetscFree(mod->xcol));
  PetscCall(PetscFree(mod->ycol));
  PetscCall(PetscFree(mod->kcol));
  PetscCall(PetscFree(mod->wcol));
  PetscCall(PetscFree(mod->ucol));
  PetscCall(PetscFree(mod->vcol));
  PetscCall(PetscFree(mod->zcol));
  PetscCall(PetscFree(mod->clb));
  PetscCall(PetscFree(mod->cub));
  PetscCall(PetscFree(mod->cobj));
  PetscCall(PetscFree(mod->cint));
  PetscCall(PetscFree(mod->rlb));
  PetscCall(PetscFree(mod->rub));
  PetscCall(J3oTripletsFree(&mod->A));
  PetscCall(PetscMemzero(mod, sizeof(*mod)));
  PetscFunctionReturn(0);
}
