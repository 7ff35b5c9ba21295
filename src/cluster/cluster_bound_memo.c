/* cluster_bound_memo.c: the bound's answers at the prices already evaluated. The coordinator ends at prices it
 * evaluated, so the integer search there (J3oPrimalPass, SolveLarge) takes its bound from here instead of solving up
 * to one bound LP per duty cycle again. The bound LP's data depend on the prices alone (no caps), and its optimum at
 * given prices is one number: a memo hit returns what a new solve would, up to round-off and the stale values of
 * screened cycles (upper bounds either way). */
#include "cluster/cluster_impl.h"

PetscErrorCode J3oClBoundMemoAlloc(J3oCluster cl)
{
  ClBoundMemo *m = &cl->bnd.memo;

  PetscFunctionBegin;
  m->n = m->next = 0;
  PetscCall(PetscMalloc4(J3O_BOUND_MEMO, &m->mu, J3O_BOUND_MEMO, &m->use, J3O_BOUND_MEMO, &m->value,
                         (size_t)J3O_BOUND_MEMO * cl->ncyc, &m->vals));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClBoundMemoFree(J3oCluster cl)
{
  ClBoundMemo *m = &cl->bnd.memo;

  PetscFunctionBegin;
  PetscCall(PetscFree4(m->mu, m->use, m->value, m->vals));
  m->n = m->next = 0;
  PetscFunctionReturn(0);
}

/* The newest entry at exactly these prices, if any. */
PetscBool J3oClBoundMemoGet(J3oCluster cl, const J3oShared *mu, double *value, J3oShared *use, double *vals)
{
  const ClBoundMemo *m = &cl->bnd.memo;

  if (!cl->bnd.built) return PETSC_FALSE;
  for (int q = 1; q <= m->n; q++) {
    int i = (m->next - q + J3O_BOUND_MEMO) % J3O_BOUND_MEMO;
    if (!J3oClSamePrices(&m->mu[i], mu)) continue;
    *value = m->value[i];
    if (use) *use = m->use[i];
    if (vals)
      for (int k = 0; k < cl->ncyc; k++) vals[k] = m->vals[(size_t)i * cl->ncyc + k];
    return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

void J3oClBoundMemoPut(J3oCluster cl, const J3oShared *mu, double value, const J3oShared *use, const double *vals)
{
  ClBoundMemo *m = &cl->bnd.memo;
  int          i = m->next;

  if (!cl->bnd.built) return; /* no cycle has a route: nothing solved, nothing to keep */
  m->mu[i]    = *mu;
  m->use[i]   = *use;
  m->value[i] = value;
  for (int k = 0; k < cl->ncyc; k++) m->vals[(size_t)i * cl->ncyc + k] = vals[k];
  m->next = (i + 1) % J3O_BOUND_MEMO;
  if (m->n < J3O_BOUND_MEMO) m->n++;
}
