/* summary.c: the end-of-run summary table: accuracy, served fraction, bound, gap, status, wall time and the tightest
 * resources. */
#include "j3o/solve.h"
#include "core/ordered_sum.h"

/* the cluster-local resource families, then one row per shared resource (J3oSharedTitles) */
enum {
  R_CMEM,
  R_CCPU,
  R_CUP,
  R_EMEM,
  R_ECPU,
  R_CELL,
  R_BACK,
  R_SHARED,
  R_COUNT = R_SHARED + J3O_NSHARED
};
static const char *const LocalNames[R_SHARED] = {"client memory", "client compute", "client uplink", "edge memory",
                                                 "edge compute",  "cell uplink",    "backhaul"};

static const char *ResourceName(int f)
{
  return f < R_SHARED ? LocalNames[f] : J3oSharedTitles[f - R_SHARED];
}

/* utilization use / cap of one resource instance into the family's max and near-binding count */
static void Note(double use, double cap, double *mx, long *nbind, long *count)
{
  double u = cap > 0 ? use / cap : (use > 0 ? INFINITY : 0);
  if (u > *mx) *mx = u;
  if (u >= 0.99) (*nbind)++;
  (*count)++;
}

/* A re-plan's churn: MB (summed in edge order, as /churn@total_mb) and models loaded that prev did not hold. */
static PetscErrorCode PrintChurn(MPI_Comm comm, const J3oInstance *in, const J3oResult *r, const J3oPrevious *prev)
{
  int     M = in->M, ne = in->edge_last - in->edge_first;
  double *churn, mb;
  long    n = 0, all;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(ne + 1, &churn));
  J3oChurn(in, prev, r->x, r->y, churn);
  PetscCall(J3oOrderedSum(comm, ne, 1, churn, &mb));
  for (int64_t q = 0; q < in->client_count * M; q++) n += r->x[q] && !prev->x[q];
  for (int q = 0; q < ne * M; q++) n += r->y[q] && !prev->y[q];
  PetscCall(PetscFree(churn));
  PetscCallMPI(MPI_Allreduce(&n, &all, 1, MPI_LONG, MPI_SUM, comm));
  PetscCall(PetscPrintf(comm, "  %-18s %.1f MB, %ld model%s loaded that %s did not hold\n", "churn", mb, all,
                        all == 1 ? "" : "s", prev->path));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oSummaryPrint(MPI_Comm comm, const J3oInstance *in, const J3oResult *r, const J3oPrevious *prev)
{
  int       M = in->M, ne = in->edge_last - in->edge_first;
  int64_t   nc = in->client_count;
  double   *ccpu, *cup, *ecpu, *ecell, *eback, mx[R_COUNT] = {0}, gmx[R_COUNT];
  J3oShared shared      = J3oSharedConst(0), shared_g, cap;
  long      nb[R_COUNT] = {0}, cnt[R_COUNT] = {0}, gnb[R_COUNT], gcnt[R_COUNT];

  PetscFunctionBegin;
  PetscCall(PetscCalloc5(nc, &ccpu, nc, &cup, ne, &ecpu, ne, &ecell, ne, &eback));
  for (int64_t q = 0; q < r->nroutes; q++) {
    const J3oRoute *rt = &r->routes[q];
    int64_t         i  = rt->client - in->client_first;
    int             k = in->client_edge[i] - in->edge_first, t = rt->task, m = rt->model;
    double          lam = J3oDemand(in, i, t) * rt->fraction, batching = r->duty_cycle_s[k] > 0;
    if (rt->route == J3O_ROUTE_LOCAL) ccpu[i] += lam * J3oModelCost(in, m);
    else {
      cup[i] += lam * in->input_mb[t];
      ecell[k] += lam * in->input_mb[t];
      if (rt->route == J3O_ROUTE_EDGE) ecpu[k] += lam * (batching ? in->gflop_per_query[m] : J3oModelCost(in, m));
      else eback[k] += lam * in->input_mb[t];
    }
    J3oSharedRouteLoad(in, i, t, (J3oRouteKind)rt->route, m, lam, &shared);
  }
  for (int64_t i = 0; i < nc; i++) {
    double mem = 0;
    for (int m = 0; m < M; m++) mem += r->x[i * M + m] * in->memory_mb[m];
    Note(mem, in->client_memory_mb[i], &mx[R_CMEM], &nb[R_CMEM], &cnt[R_CMEM]);
    Note(ccpu[i], in->rho * in->client_gflops[i], &mx[R_CCPU], &nb[R_CCPU], &cnt[R_CCPU]);
    Note(cup[i], in->client_uplink_mb_s[i], &mx[R_CUP], &nb[R_CUP], &cnt[R_CUP]);
  }
  for (int k = 0; k < ne; k++) {
    int    e   = in->edge_first + k;
    double mem = 0, fixed = 0;
    for (int m = 0; m < M; m++) {
      mem += r->y[k * M + m] * in->memory_mb[m];
      if (r->duty_cycle_s[k] > 0) fixed += r->y[k * M + m] * in->gflop_fixed[m] / r->duty_cycle_s[k];
    }
    Note(mem, in->edge_memory_mb[e], &mx[R_EMEM], &nb[R_EMEM], &cnt[R_EMEM]);
    Note(ecpu[k] + fixed, in->rho * in->edge_gflops[e], &mx[R_ECPU], &nb[R_ECPU], &cnt[R_ECPU]);
    Note(ecell[k], in->edge_cell_mb_s[e], &mx[R_CELL], &nb[R_CELL], &cnt[R_CELL]);
    Note(eback[k], in->edge_backhaul_mb_s[e], &mx[R_BACK], &nb[R_BACK], &cnt[R_BACK]);
  }
  PetscCallMPI(MPI_Allreduce(shared.r, shared_g.r, J3O_NSHARED, MPI_DOUBLE, MPI_SUM, comm));
  PetscCallMPI(MPI_Allreduce(mx, gmx, R_COUNT, MPI_DOUBLE, MPI_MAX, comm));
  PetscCallMPI(MPI_Allreduce(nb, gnb, R_COUNT, MPI_LONG, MPI_SUM, comm));
  PetscCallMPI(MPI_Allreduce(cnt, gcnt, R_COUNT, MPI_LONG, MPI_SUM, comm));
  J3oSharedCapacity(in, &cap); /* a resource without a capacity has no utilization: no row */
  for (int s = 0; s < J3O_NSHARED; s++) {
    int f   = R_SHARED + s;
    gcnt[f] = cap.r[s] < INFINITY ? 1 : 0;
    gmx[f]  = cap.r[s] > 0 && cap.r[s] < INFINITY ? shared_g.r[s] / cap.r[s] : 0;
    gnb[f]  = gcnt[f] && gmx[f] >= 0.99;
  }

  PetscCall(PetscPrintf(comm, "\n== j3o summary: %s, %s ==\n", r->method, in->name));
  PetscCall(PetscPrintf(comm, "  %-18s %.6f\n", "accuracy", r->accuracy));
  PetscCall(PetscPrintf(comm, "  %-18s %.6f\n", "served fraction", r->served_fraction));
  if (isnan(r->upper_bound))
    PetscCall(PetscPrintf(comm, "  %-18s %s\n  %-18s %s\n", "upper bound", "none", "gap", "none"));
  else
    PetscCall(PetscPrintf(comm, "  %-18s %.6f\n  %-18s %.4f %%\n", "upper bound", r->upper_bound, "gap", 100 * r->gap));
  PetscCall(
    PetscPrintf(comm, "  %-18s %s\n  %-18s %.3f s\n", "status", J3oStatusNames[r->status], "wall time", r->wall_s));
  if (prev) PetscCall(PrintChurn(comm, in, r, prev));
  PetscCall(PetscPrintf(comm, "  tightest resources (max utilization; instances at >= 99%%):\n"));
  /* the five most utilized families, largest first */
  PetscBool shown[R_COUNT] = {PETSC_FALSE};
  for (int rank = 0; rank < 5; rank++) {
    int best = -1;
    for (int f = 0; f < R_COUNT; f++)
      if (!shown[f] && gcnt[f] > 0 && (best < 0 || gmx[f] > gmx[best])) best = f;
    if (best < 0) break;
    shown[best] = PETSC_TRUE;
    PetscCall(PetscPrintf(comm, "    %-16s %7.2f %%  (%ld of %ld)\n", ResourceName(best), 100 * gmx[best], gnb[best],
                          gcnt[best]));
  }
  PetscCall(PetscFree5(ccpu, cup, ecpu, ecell, eback));
  PetscFunctionReturn(0);
}
