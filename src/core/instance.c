/* instance.c: allocation, derived data and the rule-11 route tests of an in-memory instance. */
#include "j3o/instance.h"

PetscErrorCode J3oInstanceAllocate(J3oInstance *in, int T, int M, int E, int64_t N, int K, int edge_first,
                                   int edge_last, int64_t client_first, int64_t client_count)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(in, sizeof(*in)));
  in->T            = T;
  in->M            = M;
  in->E            = E;
  in->N            = N;
  in->K            = K;
  in->edge_first   = edge_first;
  in->edge_last    = edge_last;
  in->client_first = client_first;
  in->client_count = client_count;
  PetscCall(PetscCalloc1(T, &in->task_name));
  PetscCall(PetscCalloc3(T, &in->input_mb, T, &in->deadline_s, T, &in->weight));
  PetscCall(PetscCalloc1(M, &in->model_name));
  PetscCall(
    PetscCalloc4(M, &in->memory_mb, M, &in->gflop_fixed, M, &in->gflop_per_query, (size_t)M * T, &in->accuracy));
  PetscCall(PetscCalloc1(M, &in->cloud));
  PetscCall(PetscCalloc5(E, &in->edge_memory_mb, E, &in->edge_gflops, E, &in->edge_cell_mb_s, E,
                         &in->edge_backhaul_mb_s, E, &in->edge_cloud_latency_s));
  PetscCall(PetscCalloc1(E + 1, &in->edge_client_start));
  PetscCall(PetscCalloc5(client_count, &in->client_edge, client_count, &in->client_memory_mb, client_count,
                         &in->client_gflops, client_count, &in->client_uplink_mb_s, (size_t)client_count * T,
                         &in->demand));
  PetscCall(PetscCalloc1(K, &in->duty_cycles_s));
  PetscCall(PetscCalloc1(T, &in->cloud_model));
  PetscFunctionReturn(0);
}

/* c(t): the most accurate cloud-hosted model serving t, lowest index on ties. */
PetscErrorCode J3oInstanceFinalize(J3oInstance *in)
{
  PetscFunctionBegin;
  for (int t = 0; t < in->T; t++) {
    int best = -1;
    for (int m = 0; m < in->M; m++) {
      double a = J3oAcc(in, m, t);
      if (!in->cloud[m] || a <= 0) continue;
      if (best < 0 || a > J3oAcc(in, best, t)) best = m;
    }
    in->cloud_model[t] = best;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oInstanceFree(J3oInstance *in)
{
  PetscFunctionBegin;
  if (in->task_name)
    for (int t = 0; t < in->T; t++) PetscCall(PetscFree(in->task_name[t]));
  if (in->model_name)
    for (int m = 0; m < in->M; m++) PetscCall(PetscFree(in->model_name[m]));
  PetscCall(PetscFree(in->task_name));
  PetscCall(PetscFree(in->model_name));
  PetscCall(PetscFree3(in->input_mb, in->deadline_s, in->weight));
  PetscCall(PetscFree4(in->memory_mb, in->gflop_fixed, in->gflop_per_query, in->accuracy));
  PetscCall(PetscFree(in->cloud));
  PetscCall(PetscFree5(in->edge_memory_mb, in->edge_gflops, in->edge_cell_mb_s, in->edge_backhaul_mb_s,
                       in->edge_cloud_latency_s));
  PetscCall(PetscFree(in->edge_client_start));
  PetscCall(PetscFree5(in->client_edge, in->client_memory_mb, in->client_gflops, in->client_uplink_mb_s, in->demand));
  PetscCall(PetscFree(in->duty_cycles_s));
  PetscCall(PetscFree(in->cloud_model));
  PetscCall(PetscMemzero(in, sizeof(*in)));
  PetscFunctionReturn(0);
}

/* local: g_m / F_n <= D_t */
PetscBool J3oLocalAdmissible(const J3oInstance *in, int64_t i, int m, int t)
{
  double F = in->client_gflops[i];
  if (J3oAcc(in, m, t) <= 0 || F <= 0) return PETSC_FALSE;
  return J3oModelCost(in, m) / F <= in->deadline_s[t] ? PETSC_TRUE : PETSC_FALSE;
}

/* edge: d_t / r_n + g_m / F_e (no batching) or d_t / r_n + 2c (duty cycle c) <= D_t */
PetscBool J3oEdgeAdmissible(const J3oInstance *in, int64_t i, int m, int t, double c)
{
  double r = in->client_uplink_mb_s[i], F = in->edge_gflops[in->client_edge[i]];
  if (J3oAcc(in, m, t) <= 0 || r <= 0 || F <= 0) return PETSC_FALSE;
  double lat = in->input_mb[t] / r + (c > 0 ? 2 * c : J3oModelCost(in, m) / F);
  return lat <= in->deadline_s[t] ? PETSC_TRUE : PETSC_FALSE;
}

/* cloud: d_t / r_n + delta_e <= D_t, and some cloud model serves t */
PetscBool J3oCloudAdmissible(const J3oInstance *in, int64_t i, int t)
{
  double r = in->client_uplink_mb_s[i];
  if (in->cloud_model[t] < 0 || r <= 0) return PETSC_FALSE;
  return in->input_mb[t] / r + in->edge_cloud_latency_s[in->client_edge[i]] <= in->deadline_s[t] ? PETSC_TRUE
                                                                                                 : PETSC_FALSE;
}

/* sum_nt w_t lambda_nt over the client rows held (the reader reduces it over ranks). */
double J3oInstanceLocalWeightedDemand(const J3oInstance *in)
{
  double s = 0;
  for (int64_t i = 0; i < in->client_count; i++)
    for (int t = 0; t < in->T; t++) s += in->weight[t] * J3oDemand(in, i, t);
  return s;
}
