/* previous.c: the previous plan in memory: its release and the churn of a plan against it (constraint 12's left-hand
 * side). */
#include "j3o/previous.h"

PetscErrorCode J3oBasisRowsFree(J3oBasisRows *b)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(b->size));
  PetscCall(PetscFree(b->basis));
  b->width = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oPreviousFree(J3oPrevious *prev)
{
  PetscFunctionBegin;
  if (!prev) PetscFunctionReturn(0);
  PetscCall(PetscFree(prev->x));
  PetscCall(PetscFree(prev->y));
  PetscCall(PetscFree(prev->duty_cycle_s));
  PetscCall(PetscFree(prev->demand_hash));
  PetscCall(PetscFree(prev->shared_name));
  PetscCall(PetscFree(prev->shared_price));
  PetscCall(J3oBasisRowsFree(&prev->warm_bound));
  PetscCall(J3oBasisRowsFree(&prev->warm_offload));
  PetscCall(PetscFree(prev->warm_dual));
  PetscCall(PetscFree(prev->search_gap));
  PetscCall(PetscMemzero(prev, sizeof(*prev)));
  PetscFunctionReturn(0);
}

/* Loading costs the model's size; unloading is free. */
void J3oChurn(const J3oInstance *inst, const J3oPrevious *prev, const unsigned char *x, const unsigned char *y,
              double churn[])
{
  int M = inst->M, nedge = inst->edge_last - inst->edge_first;

  for (int le = 0; le < nedge; le++) {
    double c = 0;
    for (int m = 0; m < M; m++)
      if (y[(size_t)le * M + m] && !prev->y[(size_t)le * M + m]) c += inst->memory_mb[m];
    churn[le] = c;
  }
  for (int64_t i = 0; i < inst->client_count; i++) {
    int le = inst->client_edge[i] - inst->edge_first;
    for (int m = 0; m < M; m++)
      if (x[(size_t)i * M + m] && !prev->x[(size_t)i * M + m]) churn[le] += inst->memory_mb[m];
  }
}

double J3oChurnBudgetEffective(const J3oInstance *inst, double budget_mb)
{
  double smallest = INFINITY;

  for (int m = 0; m < inst->M; m++) smallest = PetscMin(smallest, inst->memory_mb[m]);
  return budget_mb < smallest ? 0 : budget_mb;
}
