/* exact_extract.c: a MILP solution turned into a result that satisfies constraints 1-10 exactly. */
#include <math.h>
#include "exact/exact_impl.h"
#include "core/grow.h"
#include "j3o/tolerances.h"

typedef struct {
  int64_t i; /* local client row */
  int     t, kind, m;
  double  f;
} Rt;

typedef enum {
  ROW_ROUTING,
  ROW_CLIENT_CPU,
  ROW_UPLINK,
  ROW_BACKHAUL,
  ROW_EDGE_CPU,
  ROW_CLOUD_CPU,
  ROW_CLOUD_IN
} RowKind;

/* Coefficient of route fraction r in a constraint of kind k (0 when r is not in it). */
static double Coef(const J3oInstance *in, const Rt *r, RowKind k, int t)
{
  double lam = J3oDemand(in, r->i, r->t);
  switch (k) {
  case ROW_ROUTING:
    return r->t == t ? 1 : 0;
  case ROW_CLIENT_CPU:
    return r->kind == J3O_ROUTE_LOCAL ? lam * J3oModelCost(in, r->m) : 0;
  case ROW_UPLINK:
    return r->kind != J3O_ROUTE_LOCAL ? lam * in->input_mb[r->t] : 0;
  case ROW_BACKHAUL:
  case ROW_CLOUD_IN:
    return r->kind == J3O_ROUTE_CLOUD ? lam * in->input_mb[r->t] : 0;
  case ROW_EDGE_CPU:
    return r->kind == J3O_ROUTE_EDGE ? lam * (in->K > 0 ? in->gflop_per_query[r->m] : J3oModelCost(in, r->m)) : 0;
  case ROW_CLOUD_CPU:
    return r->kind == J3O_ROUTE_CLOUD ? lam * J3oModelCost(in, r->m) : 0;
  }
  return 0;
}

/* fixed + sum_r coef_r f_r <= rhs over routes [lo, hi): when violated, scale the routes in the row
   by one factor so that it holds (with a hair to spare for rounding). Scaling down never breaks
   another row: every coefficient is >= 0. Returns PETSC_FALSE when fixed alone exceeds rhs. */
static PetscBool ScaleRow(const J3oInstance *in, Rt *rt, int64_t lo, int64_t hi, RowKind k, int t, double rhs,
                          double fixed)
{
  double var = 0;
  for (int64_t q = lo; q < hi; q++) var += Coef(in, &rt[q], k, t) * rt[q].f;
  if (fixed + var <= rhs) return PETSC_TRUE;
  double avail = rhs - fixed, s = avail > 0 && var > 0 ? avail / var * (1 - J3O_ROUNDOFF) : 0;
  for (int64_t q = lo; q < hi; q++)
    if (Coef(in, &rt[q], k, t) > 0) rt[q].f *= s;
  return avail >= 0 ? PETSC_TRUE : PETSC_FALSE;
}

/* x and y from the routes actually used (a resident model nothing uses is dropped: it only costs). */
static void Residency(const J3oInstance *in, const Rt *rt, int64_t nr, J3oResult *r)
{
  int M = in->M;
  for (int64_t k = 0; k < in->client_count * M; k++) r->x[k] = 0;
  for (int64_t k = 0; k < (int64_t)(in->edge_last - in->edge_first) * M; k++) r->y[k] = 0;
  for (int64_t q = 0; q < nr; q++) {
    if (!(rt[q].f > 0)) continue;
    if (rt[q].kind == J3O_ROUTE_LOCAL) r->x[(size_t)rt[q].i * M + rt[q].m] = 1;
    if (rt[q].kind == J3O_ROUTE_EDGE) r->y[(size_t)(in->client_edge[rt[q].i] - in->edge_first) * M + rt[q].m] = 1;
  }
}

static double FixedEdgeLoad(const J3oInstance *in, const J3oResult *r, int le)
{
  double s = 0;
  if (in->K == 0) return 0;
  for (int m = 0; m < in->M; m++)
    if (r->y[(size_t)le * in->M + m]) s += in->gflop_fixed[m] / r->duty_cycle_s[le];
  return s;
}

PetscErrorCode J3oExactExtract(const J3oExactModel *mod, const double *sol, J3oResult *r)
{
  const J3oInstance *in = mod->in;
  int                T = in->T, M = in->M, K = in->K, Kc = mod->Kc;
  int               *cyc;
  int64_t           *cstart, nr = 0;
  PetscCount         cap = 0;
  Rt                *rt  = NULL;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(mod->nedge, &cyc));
  PetscCall(PetscMalloc1(in->client_count + 1, &cstart));
  /* duty cycle: the k_ec at 1 (argmax against noise); an edge without k's takes C[0] */
  for (int le = 0; le < mod->nedge; le++) {
    cyc[le] = 0;
    for (int c = 1; c < K; c++) {
      int kb = mod->kcol[(size_t)le * K + cyc[le]], kc = mod->kcol[(size_t)le * K + c];
      if (sol && kc >= 0 && kb >= 0 && sol[kc] > sol[kb]) cyc[le] = c;
    }
    r->duty_cycle_s[le] = K > 0 ? in->duty_cycles_s[cyc[le]] : 0;
  }
  /* routes of rounded residency at the chosen cycle, clipped to [0, 1] */
  for (int64_t i = 0; i < in->client_count; i++) {
    int le    = in->client_edge[i] - in->edge_first;
    cstart[i] = nr;
    for (int t = 0; t < T && sol; t++) {
      for (int kind = 0; kind < 3; kind++)
        for (int m = 0; m < (kind == J3O_ROUTE_CLOUD ? 1 : M); m++) {
          int col = -1, res = -1, mm = m;
          if (kind == J3O_ROUTE_LOCAL) {
            col = mod->ucol[((size_t)i * T + t) * M + m];
            res = mod->xcol[(size_t)i * M + m];
          }
          if (kind == J3O_ROUTE_EDGE) {
            col = mod->vcol[(((size_t)i * T + t) * M + m) * Kc + cyc[le]];
            res = mod->ycol[(size_t)le * M + m];
          }
          if (kind == J3O_ROUTE_CLOUD) {
            col = mod->zcol[(size_t)i * T + t];
            mm  = in->cloud_model[t];
          }
          if (col < 0 || !(sol[col] > J3O_FRACTION_NOISE) || (res >= 0 && !(sol[res] > 0.5))) continue;
          PetscCall(J3oGrow(nr, &cap, 256, 1, J3O_GROW_ARRAY(rt)));
          rt[nr].i    = i;
          rt[nr].t    = t;
          rt[nr].kind = kind;
          rt[nr].m    = mm;
          rt[nr].f    = PetscMin(sol[col], 1.0);
          nr++;
        }
    }
  }
  cstart[in->client_count] = nr;
  Residency(in, rt, nr, r);

  /* per client: 1 (each task), 4, 6 */
  for (int64_t i = 0; i < in->client_count; i++) {
    for (int t = 0; t < T; t++) (void)ScaleRow(in, rt, cstart[i], cstart[i + 1], ROW_ROUTING, t, 1, 0);
    (void)ScaleRow(in, rt, cstart[i], cstart[i + 1], ROW_CLIENT_CPU, 0, in->rho * in->client_gflops[i], 0);
    (void)ScaleRow(in, rt, cstart[i], cstart[i + 1], ROW_UPLINK, 0, in->client_uplink_mb_s[i], 0);
  }
  /* per edge: 5, 7, 8. With batching, a fixed load beyond the capacity (only possible from a
     rounded y) cannot be scaled away: that edge then serves nothing. */
  for (int le = 0; le < mod->nedge; le++) {
    int     e  = le + in->edge_first;
    int64_t lo = cstart[in->edge_client_start[e] - in->client_first],
            hi = cstart[in->edge_client_start[e + 1] - in->client_first];
    if (!ScaleRow(in, rt, lo, hi, ROW_EDGE_CPU, 0, in->rho * in->edge_gflops[e], FixedEdgeLoad(in, r, le))) {
      for (int64_t q = lo; q < hi; q++)
        if (rt[q].kind == J3O_ROUTE_EDGE) rt[q].f = 0;
      for (int m = 0; m < M; m++) r->y[(size_t)le * M + m] = 0;
    }
    (void)ScaleRow(in, rt, lo, hi, ROW_UPLINK, 0, in->edge_cell_mb_s[e], 0);
    (void)ScaleRow(in, rt, lo, hi, ROW_BACKHAUL, 0, in->edge_backhaul_mb_s[e], 0);
  }
  /* global: 9, 10 */
  (void)ScaleRow(in, rt, 0, nr, ROW_CLOUD_CPU, 0, in->rho * in->cloud_gflops, 0);
  (void)ScaleRow(in, rt, 0, nr, ROW_CLOUD_IN, 0, in->cloud_ingress_mb_s, 0);

  /* drop what scaling made negligible, then residency, routes and the objective from the routes */
  for (int64_t q = 0; q < nr; q++)
    if (!(rt[q].f > J3O_FRACTION_NOISE)) rt[q].f = 0;
  Residency(in, rt, nr, r);
  double acc = 0, served = 0;
  r->nroutes = 0;
  for (int64_t q = 0; q < nr; q++) {
    if (!(rt[q].f > 0)) continue;
    double wl = in->weight[rt[q].t] * J3oDemand(in, rt[q].i, rt[q].t);
    acc += wl * J3oAcc(in, rt[q].m, rt[q].t) * rt[q].f;
    served += wl * rt[q].f;
    PetscCall(J3oResultAddRoute(r, in->client_first + rt[q].i, rt[q].t, (J3oRouteKind)rt[q].kind, rt[q].m, rt[q].f));
  }
  r->accuracy        = acc / mod->twd;
  r->served_fraction = served / mod->twd;
  PetscCall(PetscFree(rt));
  PetscCall(PetscFree(cstart));
  PetscCall(PetscFree(cyc));
  PetscFunctionReturn(0);
}
