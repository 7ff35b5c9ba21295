/* cluster_churn.c: a cluster's previous onloading and its churn tallies (constraints 12 and 13 of docs/formulation.md).
 */
#include <math.h>
#include "cluster/cluster_impl.h"

PetscErrorCode J3oClusterSetPrevious(J3oCluster cl, const unsigned char *x_prev, const unsigned char *y_prev,
                                     double duty_cycle_s, double budget_mb)
{
  int M = cl->M, nc = cl->nc;

  PetscFunctionBegin;
  PetscCheck(cl && x_prev && y_prev, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL,
             "cluster and previous onloading must be given");
  PetscCheck(budget_mb >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "the churn budget must be >= 0 (INFINITY for none), got %g", budget_mb);
  if (!cl->held) PetscCall(PetscMalloc1(cl->nitem + 1, &cl->held));
  PetscCall(PetscArraycpy(cl->held, x_prev, (size_t)nc * M));
  PetscCall(PetscArraycpy(cl->held + (size_t)nc * M, y_prev, M));
  cl->chref = 0;
  for (int it = 0; it < cl->nitem; it++) {
    cl->held[it] = cl->held[it] ? 1 : 0;
    cl->chmb[it] = cl->held[it] ? 0 : cl->inst->memory_mb[it % M];
    cl->chref += cl->chmb[it];
  }
  cl->budget = budget_mb;
  cl->warm   = PETSC_FALSE;
  /* the bound LP's churn columns and row (and its memo of answers) follow the previous plan: rebuilt at the next bound
   */
  PetscCall(J3oClBoundFree(cl));
  /* a dominated model the previous plan held is a candidate again on that device */
  PetscBool again = PETSC_FALSE;
  for (int it = 0; it < cl->nitem && !again; it++) again = (PetscBool)(cl->dominated[it % M] && cl->held[it]);
  if (again) PetscCall(J3oClRebuild(cl));
  cl->held_duty = duty_cycle_s;
  PetscFunctionReturn(0);
}

PetscBool J3oClItemDominated(J3oCluster cl, int item)
{
  return cl->dominated[item % cl->M] && !(cl->held && cl->held[item]) ? PETSC_TRUE : PETSC_FALSE;
}

double J3oClChurn(J3oCluster cl, const unsigned char *x, const unsigned char *y)
{
  double c = 0;
  if (!cl->held) return 0;
  for (int it = 0; it < cl->nitem; it++)
    if (cl->chmb[it] > 0 && J3oClItemGet(cl, x, y, it)) c += cl->chmb[it];
  return c;
}

double J3oClKnapsackChurn(J3oCluster cl, const unsigned char *x, const unsigned char *y, int kk)
{
  double c = 0;
  if (!cl->held) return 0;
  for (int it = kk * cl->M; it < (kk + 1) * cl->M; it++)
    if (cl->chmb[it] > 0 && J3oClItemGet(cl, x, y, it)) c += cl->chmb[it];
  return c;
}

PetscErrorCode J3oClusterChurnPriceLimit(J3oCluster cl, double *mu_max)
{
  PetscFunctionBegin;
  *mu_max = 0;
  for (int k = 0; k < cl->ncyc; k++) {
    ClCycle *cy = &cl->cyc[k];
    for (int it = 0; it < cl->nitem; it++) {
      double v = 0;
      if (!(cl->chmb[it] > 0)) continue;
      for (int q = cy->icol_start[it]; q < cy->icol_start[it + 1]; q++) v += cy->col[cy->icol[q]].obj0;
      *mu_max = PetscMax(*mu_max, v / cl->chmb[it]);
    }
  }
  PetscFunctionReturn(0);
}
