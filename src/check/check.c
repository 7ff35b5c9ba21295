/* check.c: the independent checker; re-derives constraints 1-11 of docs/formulation.md from the data, sharing no solver
 * code. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include "j3o/check.h"

#define CHECK_REL     1e-6 /* constraints 1-10, relative to the rhs */
#define CHECK_ZERO    1e-9 /* absolute, for a zero rhs */
#define CHECK_LAT     1e-9 /* rule 11, relative to D_t */
#define CHECK_SUM     1e-6 /* stated vs recomputed accuracy / served fraction / gap */
#define CHECK_UB      1e-9 /* upper_bound >= accuracy */
#define CHECK_OPT_GAP 1e-6 /* status optimal: gap zero up to the summary tolerance */

static const char *const RouteWord[] = {"local", "edge", "cloud"};

/* Counts and prints the violations found so far. */
typedef struct {
  FILE *out;
  int   n;
} Report;

static void Violation(Report *rep, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void Violation(Report *rep, const char *fmt, ...)
{
  va_list ap;
  rep->n++;
  if (!rep->out) return;
  va_start(ap, fmt);
  vfprintf(rep->out, fmt, ap);
  va_end(ap);
  fputc('\n', rep->out);
}

/* lhs <= rhs within 1e-6 relative to rhs, or 1e-9 absolute when rhs = 0; NaN never passes. */
static int Exceeds(double lhs, double rhs)
{
  double tol = rhs != 0 ? CHECK_REL * fabs(rhs) : CHECK_ZERO;
  return !(lhs <= rhs + tol);
}

/* c(t), derived here from its definition rather than taken from the instance:
   among cloud-hosted models with a_mt > 0 the most accurate, lowest index on ties; -1 if none. */
static int CloudModel(const J3oInstance *in, int t)
{
  int best = -1;
  for (int m = 0; m < in->M; m++) {
    double a = in->accuracy[(size_t)m * in->T + t];
    if (in->cloud[m] != 1 || !(a > 0)) continue;
    if (best < 0 || a > in->accuracy[(size_t)best * in->T + t]) best = m;
  }
  return best;
}

/* Worst-case latency of a route (rule 11); INFINITY when a rate or capacity on it is zero.
   local g_m/F_n; edge d_t/r_n + g_m/F_e, or d_t/r_n + 2c with duty cycle c; cloud d_t/r_n + delta_e. */
static double Latency(const J3oInstance *in, int64_t i, int t, int kind, int m, double c)
{
  int    e  = in->client_edge[i];
  double Fn = in->client_gflops[i], rn = in->client_uplink_mb_s[i], Fe = in->edge_gflops[e];
  double g  = in->gflop_fixed[m] + in->gflop_per_query[m];
  double up = rn > 0 ? in->input_mb[t] / rn : INFINITY;

  switch (kind) {
  case J3O_ROUTE_LOCAL:
    return Fn > 0 ? g / Fn : INFINITY;
  case J3O_ROUTE_EDGE:
    if (!(Fe > 0)) return INFINITY;
    return up + (c > 0 ? 2 * c : g / Fe);
  default:
    return up + in->edge_cloud_latency_s[e];
  }
}

/* Rows that cannot be interpreted (out of range, bad fraction, zero demand, duplicates). Sets ok[k]. */
static PetscErrorCode CheckRows(const J3oInstance *in, const J3oResult *r, Report *rep, char *ok)
{
  J3oRoute *sorted;

  PetscFunctionBegin;
  for (int64_t k = 0; k < r->nroutes; k++) {
    const J3oRoute *q = &r->routes[k];
    int64_t         i = q->client - in->client_first;
    ok[k]             = 0;
    if (i < 0 || i >= in->client_count || q->task < 0 || q->task >= in->T || q->route < 0 || q->route > 2 ||
        q->model < 0 || q->model >= in->M) {
      Violation(rep, "offload row %" PRId64 ": client %" PRId64 " task %d route %d model %d: index out of range", k,
                q->client, q->task, (int)q->route, q->model);
      continue;
    }
    if (!isfinite(q->fraction) || !(q->fraction > 0)) {
      Violation(rep,
                "offload row %" PRId64 ": client %" PRId64 " task %d %s model %d: fraction %.9g is not finite and > 0",
                k, q->client, q->task, RouteWord[(int)q->route], q->model, q->fraction);
      continue;
    }
    if (!(in->demand[(size_t)i * in->T + q->task] > 0)) {
      Violation(rep, "offload row %" PRId64 ": client %" PRId64 " task %d %s model %d: row for a pair with zero demand",
                k, q->client, q->task, RouteWord[(int)q->route], q->model);
      continue;
    }
    ok[k] = 1;
  }
  PetscCall(PetscMalloc1(r->nroutes, &sorted));
  if (r->nroutes) PetscCall(PetscArraycpy(sorted, r->routes, r->nroutes));
  if (r->nroutes > 1) qsort(sorted, (size_t)r->nroutes, sizeof(*sorted), J3oRouteCompare);
  for (int64_t k = 1; k < r->nroutes; k++)
    if (!J3oRouteCompare(&sorted[k - 1], &sorted[k]))
      Violation(rep, "offload: client %" PRId64 " task %d route %d model %d: duplicate row", sorted[k].client,
                sorted[k].task, (int)sorted[k].route, sorted[k].model);
  PetscCall(PetscFree(sorted));
  PetscFunctionReturn(0);
}

/* Binary onloading (2), memory knapsacks (3) and duty cycles (member of C, or 0 without batching). */
static void CheckOnload(const J3oInstance *in, const J3oResult *r, Report *rep)
{
  for (int64_t i = 0; i < in->client_count; i++) {
    double mem = 0;
    for (int m = 0; m < in->M; m++) {
      unsigned char x = r->x[(size_t)i * in->M + m];
      if (x > 1)
        Violation(rep, "constraint 2 (residency): client %" PRId64 " model %d: x = %u is not 0 or 1",
                  in->client_first + i, m, (unsigned)x);
      if (x) mem += in->memory_mb[m];
    }
    if (Exceeds(mem, in->client_memory_mb[i]))
      Violation(rep, "constraint 3 (client memory): client %" PRId64 ": lhs %.9g > rhs %.9g", in->client_first + i, mem,
                in->client_memory_mb[i]);
  }
  for (int e = in->edge_first; e < in->edge_last; e++) {
    int    le  = e - in->edge_first;
    double mem = 0, c = r->duty_cycle_s[le];
    for (int m = 0; m < in->M; m++) {
      unsigned char y = r->y[(size_t)le * in->M + m];
      if (y > 1) Violation(rep, "constraint 2 (residency): edge %d model %d: y = %u is not 0 or 1", e, m, (unsigned)y);
      if (y) mem += in->memory_mb[m];
    }
    if (Exceeds(mem, in->edge_memory_mb[e]))
      Violation(rep, "constraint 3 (edge memory): edge %d: lhs %.9g > rhs %.9g", e, mem, in->edge_memory_mb[e]);
    if (in->K == 0) {
      if (c != 0)
        Violation(rep, "constraint 5 (edge compute): edge %d: duty cycle %.9g but batching is off (must be 0)", e, c);
    } else {
      int member = 0;
      for (int k = 0; k < in->K; k++) member |= fabs(c - in->duty_cycles_s[k]) <= 1e-12 * in->duty_cycles_s[k];
      if (!member) Violation(rep, "constraint 5 (edge compute): edge %d: duty cycle %.9g is not a member of C", e, c);
    }
  }
}

/* Constraints 1-11 over the offload rows, accuracy and served fraction recomputed.
   Loads accumulated per route (lambda = lambda_nt, f = fraction):
     client compute  += lambda g_m f (local);  edge compute += lambda g_m f, or lambda g1_m f with batching (edge);
     uplinks         += lambda d_t f (edge, cloud);  backhaul, cloud ingress += lambda d_t f (cloud);
     cloud compute   += lambda g_c(t) f (cloud). */
static PetscErrorCode CheckRoutes(const J3oInstance *in, const J3oResult *r, Report *rep, double *acc, double *served)
{
  int     T = in->T, nedge = in->edge_last - in->edge_first;
  int64_t nc = in->client_count;
  char   *ok;
  int    *cm;
  double *share, *ccpu, *cup, *ecpu, *eup, *ebh, ccloud = 0, icloud = 0, W = 0, wa = 0, ws = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(r->nroutes, &ok));
  PetscCall(PetscMalloc1(T, &cm));
  PetscCall(PetscCalloc3((size_t)nc * T, &share, nc, &ccpu, nc, &cup));
  PetscCall(PetscCalloc3(nedge, &ecpu, nedge, &eup, nedge, &ebh));
  PetscCall(CheckRows(in, r, rep, ok));
  for (int t = 0; t < T; t++) cm[t] = CloudModel(in, t);

  for (int64_t k = 0; k < r->nroutes; k++) {
    const J3oRoute *q = &r->routes[k];
    if (!ok[k]) continue;
    int64_t i = q->client - in->client_first, n = q->client;
    int     t = q->task, m = q->model, kind = q->route, e = in->client_edge[i], le = e - in->edge_first;
    double  f = q->fraction, lam = in->demand[(size_t)i * T + t], a = in->accuracy[(size_t)m * T + t];
    double  g = in->gflop_fixed[m] + in->gflop_per_query[m], d = in->input_mb[t];
    double  c   = in->K > 0 ? r->duty_cycle_s[le] : 0;
    double  lat = Latency(in, i, t, kind, m, c), D = in->deadline_s[t];

    /* 2: residency and who may serve t */
    if (kind == J3O_ROUTE_LOCAL && r->x[(size_t)i * in->M + m] != 1)
      Violation(rep, "constraint 2 (residency): client %" PRId64 " task %d local model %d: lhs %.9g > rhs 0 (x = 0)", n,
                t, m, f);
    if (kind == J3O_ROUTE_EDGE && r->y[(size_t)le * in->M + m] != 1)
      Violation(rep, "constraint 2 (residency): client %" PRId64 " task %d edge %d model %d: lhs %.9g > rhs 0 (y = 0)",
                n, t, e, m, f);
    if (kind != J3O_ROUTE_CLOUD && !(a > 0))
      Violation(rep, "constraint 2 (residency): client %" PRId64 " task %d %s model %d: lhs %.9g > rhs 0 (a_mt = 0)", n,
                t, RouteWord[kind], m, f);
    if (kind == J3O_ROUTE_CLOUD && m != cm[t]) {
      if (cm[t] < 0)
        Violation(rep,
                  "constraint 2 (residency): client %" PRId64
                  " task %d cloud model %d: lhs %.9g > rhs 0 (no cloud model serves the task)",
                  n, t, m, f);
      else
        Violation(rep,
                  "constraint 2 (residency): client %" PRId64 " task %d cloud model %d: lhs %.9g > rhs 0 (c(t) = %d)",
                  n, t, m, f, cm[t]);
    }
    /* 11: the route exists only if its latency meets the deadline */
    if (!(lat <= D * (1 + CHECK_LAT)))
      Violation(rep, "constraint 11 (latency): client %" PRId64 " task %d %s model %d: lhs %.9g > rhs %.9g", n, t,
                RouteWord[kind], m, lat, D);

    share[(size_t)i * T + t] += f;
    wa += in->weight[t] * lam * a * f;
    ws += in->weight[t] * lam * f;
    if (kind == J3O_ROUTE_LOCAL) ccpu[i] += lam * g * f;
    else {
      cup[i] += lam * d * f;
      eup[le] += lam * d * f;
      if (kind == J3O_ROUTE_EDGE) ecpu[le] += lam * (in->K > 0 ? in->gflop_per_query[m] : g) * f;
      else {
        ebh[le] += lam * d * f;
        ccloud += lam * g * f;
        icloud += lam * d * f;
      }
    }
  }

  for (int64_t i = 0; i < nc; i++) {
    int64_t n = in->client_first + i;
    for (int t = 0; t < T; t++)
      if (Exceeds(share[(size_t)i * T + t], 1))
        Violation(rep, "constraint 1 (routing): client %" PRId64 " task %d: lhs %.9g > rhs 1", n, t,
                  share[(size_t)i * T + t]);
    if (Exceeds(ccpu[i], in->rho * in->client_gflops[i]))
      Violation(rep, "constraint 4 (client compute): client %" PRId64 ": lhs %.9g > rhs %.9g", n, ccpu[i],
                in->rho * in->client_gflops[i]);
    if (Exceeds(cup[i], in->client_uplink_mb_s[i]))
      Violation(rep, "constraint 6 (client uplink): client %" PRId64 ": lhs %.9g > rhs %.9g", n, cup[i],
                in->client_uplink_mb_s[i]);
  }
  for (int le = 0; le < nedge; le++) {
    int    e = in->edge_first + le;
    double c = r->duty_cycle_s[le], lhs = ecpu[le];
    /* 5 with batching: every resident model runs one batch per cycle, sum_m y_em g0_m / c_e */
    if (in->K > 0 && c > 0)
      for (int m = 0; m < in->M; m++)
        if (r->y[(size_t)le * in->M + m]) lhs += in->gflop_fixed[m] / c;
    if (Exceeds(lhs, in->rho * in->edge_gflops[e]))
      Violation(rep, "constraint 5 (edge compute): edge %d: lhs %.9g > rhs %.9g", e, lhs, in->rho * in->edge_gflops[e]);
    if (Exceeds(eup[le], in->edge_cell_mb_s[e]))
      Violation(rep, "constraint 7 (cell uplink): edge %d: lhs %.9g > rhs %.9g", e, eup[le], in->edge_cell_mb_s[e]);
    if (Exceeds(ebh[le], in->edge_backhaul_mb_s[e]))
      Violation(rep, "constraint 8 (backhaul): edge %d: lhs %.9g > rhs %.9g", e, ebh[le], in->edge_backhaul_mb_s[e]);
  }
  if (Exceeds(ccloud, in->rho * in->cloud_gflops))
    Violation(rep, "constraint 9 (cloud compute): cloud: lhs %.9g > rhs %.9g", ccloud, in->rho * in->cloud_gflops);
  if (Exceeds(icloud, in->cloud_ingress_mb_s))
    Violation(rep, "constraint 10 (cloud ingress): cloud: lhs %.9g > rhs %.9g", icloud, in->cloud_ingress_mb_s);

  /* A = sum w lambda a f / sum w lambda, both 0 when there is no weighted demand */
  for (int64_t i = 0; i < nc; i++)
    for (int t = 0; t < T; t++) W += in->weight[t] * in->demand[(size_t)i * T + t];
  *acc    = W > 0 ? wa / W : 0;
  *served = W > 0 ? ws / W : 0;

  PetscCall(PetscFree3(ecpu, eup, ebh));
  PetscCall(PetscFree3(share, ccpu, cup));
  PetscCall(PetscFree(cm));
  PetscCall(PetscFree(ok));
  PetscFunctionReturn(0);
}

/* Stated summary against the recomputed values; bound and gap against their definitions. */
static void CheckSummary(const J3oResult *r, double acc, double served, Report *rep)
{
  double A = r->accuracy, ub = r->upper_bound;

  if ((int)r->status < 0 || (int)r->status >= J3O_STATUS_COUNT)
    Violation(rep, "summary (status): %d is not optimal, feasible, time_limit or interrupted", (int)r->status);
  if (!isfinite(r->wall_s) || r->wall_s < 0) Violation(rep, "summary (wall_s): %.9g is not finite and >= 0", r->wall_s);
  if (!(fabs(A - acc) <= CHECK_SUM)) Violation(rep, "summary (accuracy): stated %.9g != recomputed %.9g", A, acc);
  if (!(fabs(r->served_fraction - served) <= CHECK_SUM))
    Violation(rep, "summary (served_fraction): stated %.9g != recomputed %.9g", r->served_fraction, served);
  if (isnan(ub)) {
    if (r->status == J3O_STATUS_OPTIMAL)
      Violation(rep, "summary (status): optimal without a bound (upper_bound is NaN)");
    if (!isnan(r->gap)) Violation(rep, "summary (gap): %.9g but there is no bound (must be NaN)", r->gap);
    return;
  }
  if (!isfinite(ub)) {
    Violation(rep, "summary (upper_bound): %.9g is neither finite nor NaN", ub);
    return;
  }
  if (!(ub >= A - CHECK_UB))
    Violation(rep, "summary (upper_bound): lhs %.9g > rhs %.9g (accuracy above its bound)", A, ub);
  /* gap = (bound - A) / bound, 0 when bound = A = 0 */
  double gap = ub != 0 ? (ub - A) / ub : (A == 0 ? 0 : NAN);
  if (!(fabs(r->gap - gap) <= CHECK_SUM))
    Violation(rep, "summary (gap): stated %.9g != (upper_bound - accuracy) / upper_bound = %.9g", r->gap, gap);
  /* optimal is a proof: the bound meets the accuracy (up to the solvers' relative gap) */
  if (r->status == J3O_STATUS_OPTIMAL && !(r->gap <= CHECK_OPT_GAP))
    Violation(rep, "summary (status): optimal with gap %.9g (must be <= %g)", r->gap, CHECK_OPT_GAP);
}

PetscErrorCode J3oCheck(const J3oInstance *inst, const J3oResult *r, FILE *out, int *nviolations)
{
  Report rep = {out, 0};
  double acc = 0, served = 0;

  PetscFunctionBegin;
  PetscCheck(inst->edge_first == 0 && inst->edge_last == inst->E && inst->client_first == 0 &&
               inst->client_count == inst->N,
             PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "J3oCheck needs the whole instance (constraints 9 and 10 are global)");
  PetscCheck(r->M == inst->M && r->edge_first == inst->edge_first && r->edge_last == inst->edge_last &&
               r->client_first == inst->client_first && r->client_count == inst->client_count,
             PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "result and instance cover different clusters or models");
  CheckOnload(inst, r, &rep);
  PetscCall(CheckRoutes(inst, r, &rep, &acc, &served));
  CheckSummary(r, acc, served, &rep);
  *nviolations = rep.n;
  PetscFunctionReturn(0);
}
