/* exact_churn.c: the churn rows of a re-plan in the exact MILP: constraint 12 per cluster and 13 over all clusters
 * (docs/formulation.md). */
#include <math.h>
#include "exact/exact_impl.h"
#include "core/fit.h"

/* Terms s_m x_nm and s_m y_em of the models a device did not hold in the previous plan (the
   constant -s_m x^P terms of churn_e vanish: a held model costs nothing). */
static PetscErrorCode ClusterTerms(const J3oExactModel *mod, const J3oPrevious *prev, int le, int *n, int col[],
                                   double val[])
{
  const J3oInstance *in = mod->in;
  int                M = in->M, e = le + in->edge_first;
  int64_t i0 = in->edge_client_start[e] - in->client_first, i1 = in->edge_client_start[e + 1] - in->client_first;

  PetscFunctionBegin;
  for (int m = 0; m < M; m++)
    if (!prev->y[(size_t)le * M + m] && mod->ycol[(size_t)le * M + m] >= 0) {
      col[*n] = mod->ycol[(size_t)le * M + m];
      val[*n] = in->memory_mb[m];
      (*n)++;
    }
  for (int64_t i = i0; i < i1; i++)
    for (int m = 0; m < M; m++)
      if (!prev->x[(size_t)i * M + m] && mod->xcol[(size_t)i * M + m] >= 0) {
        col[*n] = mod->xcol[(size_t)i * M + m];
        val[*n] = in->memory_mb[m];
        (*n)++;
      }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oExactAddChurnRows(J3oExactModel *mod, const J3oExactChurn *churn)
{
  const J3oInstance *in   = mod->in;
  const J3oPrevious *prev = churn->prev;
  size_t             cap  = (size_t)in->client_count * in->M + (size_t)mod->nedge * in->M;
  int               *col, n = 0;
  double            *val;

  PetscFunctionBegin;
  PetscCheck(prev->edge_first == in->edge_first && prev->edge_last == in->edge_last &&
               prev->client_count == in->client_count && prev->M == in->M,
             PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "the previous plan does not cover the instance's clusters");
  if (!isfinite(churn->budget_mb) && !isfinite(churn->budget_total_mb)) PetscFunctionReturn(0);
  PetscCall(PetscMalloc2(cap, &col, cap, &val));
  /* the clusters' terms one after another: each block is a row of 12, all of them the row of 13 */
  for (int le = 0; le < mod->nedge; le++) {
    int first = n;
    PetscCall(ClusterTerms(mod, prev, le, &n, col, val));
    if (isfinite(churn->budget_mb) && n > first)
      PetscCall(J3oExactAddRow(mod, n - first, col + first, val + first, -INFINITY, churn->budget_mb));
  }
  if (isfinite(churn->budget_total_mb) && n > 0)
    PetscCall(J3oExactAddRow(mod, n, col, val, -INFINITY, churn->budget_total_mb));
  PetscCall(PetscFree2(col, val));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oExactPreviousStart(const J3oExactModel *mod, const J3oPrevious *prev, double *start, int *unloaded)
{
  const J3oInstance *in = mod->in;
  int                M = in->M, K = in->K, u;
  unsigned char     *kept;
  double            *load;

  PetscFunctionBegin;
  *unloaded = 0;
  PetscCall(PetscArrayzero(start, mod->ncols));
  PetscCall(PetscMalloc2(M + 1, &kept, M + 1, &load));
  for (int64_t i = 0; i < in->client_count; i++) {
    PetscCall(J3oFitDevice(in, NULL, in->client_memory_mb[i], prev->x + (size_t)i * M, kept, &u));
    *unloaded += u;
    for (int m = 0; m < M; m++)
      if (kept[m] && mod->xcol[(size_t)i * M + m] >= 0) start[mod->xcol[(size_t)i * M + m]] = 1;
  }
  for (int le = 0; le < mod->nedge; le++) {
    int    e = in->edge_first + le;
    double d = prev->duty_cycle_s[le], F = in->rho * in->edge_gflops[e];
    /* constraint 6 at the previous duty cycle with no route: the fixed loads of the models within the edge's compute */
    for (int m = 0; m < M; m++) load[m] = K > 0 && d > 0 && F > 0 ? in->gflop_fixed[m] / (d * F) : 0;
    PetscCall(J3oFitDevice(in, load, in->edge_memory_mb[e], prev->y + (size_t)le * M, kept, &u));
    *unloaded += u;
    for (int m = 0; m < M; m++)
      if (kept[m] && mod->ycol[(size_t)le * M + m] >= 0) start[mod->ycol[(size_t)le * M + m]] = 1;
    for (int c = 0; c < K; c++)
      if (in->duty_cycles_s[c] == d && mod->kcol[(size_t)le * K + c] >= 0) start[mod->kcol[(size_t)le * K + c]] = 1;
  }
  PetscCall(PetscFree2(kept, load));
  PetscFunctionReturn(0);
}
