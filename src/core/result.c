/* result.c: allocation of a result for the clusters an instance holds, and growth of its routes and trace. */
#include <math.h>
#include "j3o/result.h"
#include "core/grow.h"

const char *const J3oStatusNames[J3O_STATUS_COUNT] = {"optimal", "feasible", "time_limit", "interrupted"};
const char *const J3oTraceNames[J3O_TRACE_COLUMNS] = {"mu_F", "mu_B",      "dual_value", "best_primal",
                                                      "gap",  "elapsed_s", "mu_churn"};

/* Sizes follow the block held by inst: x for its client rows, y and duty cycles for its edges.
   Nothing is routed (every query dropped), which is always feasible; no bound yet. */
PetscErrorCode J3oResultAllocate(J3oResult *r, const J3oInstance *inst, const char *method)
{
  int nedge = inst->edge_last - inst->edge_first;

  PetscFunctionBegin;
  PetscCheck(nedge >= 0 && inst->client_count >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "instance block is not a valid range of clusters");
  PetscCall(PetscMemzero(r, sizeof(*r)));
  PetscCall(PetscStrncpy(r->method, method ? method : "", sizeof(r->method)));
  r->status               = J3O_STATUS_FEASIBLE;
  r->accuracy             = 0;
  r->served_fraction      = 0;
  r->upper_bound          = NAN;
  r->gap                  = NAN;
  r->wall_s               = 0;
  r->M                    = inst->M;
  r->edge_first           = inst->edge_first;
  r->edge_last            = inst->edge_last;
  r->client_first         = inst->client_first;
  r->client_count         = inst->client_count;
  r->swap_budget_mb       = INFINITY;
  r->swap_budget_total_mb = INFINITY;
  r->churn_total_mb       = NAN;
  PetscCall(PetscCalloc1((size_t)inst->client_count * inst->M, &r->x));
  PetscCall(PetscCalloc1((size_t)nedge * inst->M, &r->y));
  PetscCall(PetscCalloc1(nedge, &r->duty_cycle_s));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oResultFree(J3oResult *r)
{
  PetscFunctionBegin;
  if (!r) PetscFunctionReturn(0);
  PetscCall(PetscFree(r->x));
  PetscCall(PetscFree(r->y));
  PetscCall(PetscFree(r->duty_cycle_s));
  PetscCall(PetscFree(r->routes));
  PetscCall(PetscFree(r->churn_mb));
  PetscCall(J3oBasisRowsFree(&r->bound_bases));
  PetscCall(J3oBasisRowsFree(&r->offload_bases));
  PetscCall(PetscFree(r->basis_dual));
  PetscCall(PetscFree(r->search_gap));
  for (int c = 0; c < J3O_TRACE_COLUMNS; c++) PetscCall(PetscFree(r->trace[c]));
  PetscCall(PetscMemzero(r, sizeof(*r)));
  PetscFunctionReturn(0);
}

/* Appends one row; capacity doubles so n appends cost O(n). */
PetscErrorCode J3oResultAddRoute(J3oResult *r, int64_t client, int task, J3oRouteKind route, int model, double fraction)
{
  PetscFunctionBegin;
  PetscCall(J3oGrow(r->nroutes, &r->route_capacity, 64, 1, J3O_GROW_ARRAY(r->routes)));
  r->routes[r->nroutes].client   = client;
  r->routes[r->nroutes].task     = task;
  r->routes[r->nroutes].route    = (int8_t)route;
  r->routes[r->nroutes].model    = model;
  r->routes[r->nroutes].fraction = fraction;
  r->nroutes++;
  PetscFunctionReturn(0);
}

/* Appends one iteration (one value per J3oTraceNames column). */
PetscErrorCode J3oResultAddTrace(J3oResult *r, const double row[J3O_TRACE_COLUMNS])
{
  PetscFunctionBegin;
  PetscCount cap = r->trace_capacity;
  for (int c = 0; c < J3O_TRACE_COLUMNS; c++) {
    cap = r->trace_capacity; /* the columns share one capacity */
    PetscCall(J3oGrow(r->ntrace, &cap, 64, 1, J3O_GROW_ARRAY(r->trace[c])));
  }
  r->trace_capacity = cap;
  for (int c = 0; c < J3O_TRACE_COLUMNS; c++) r->trace[c][r->ntrace] = row[c];
  r->ntrace++;
  PetscFunctionReturn(0);
}

/* qsort order of /offload rows: (client, task, route, model) */
int J3oRouteCompare(const void *pa, const void *pb)
{
  const J3oRoute *a = pa, *b = pb;
  if (a->client != b->client) return a->client < b->client ? -1 : 1;
  if (a->task != b->task) return a->task < b->task ? -1 : 1;
  if (a->route != b->route) return a->route < b->route ? -1 : 1;
  if (a->model != b->model) return a->model < b->model ? -1 : 1;
  return 0;
}
