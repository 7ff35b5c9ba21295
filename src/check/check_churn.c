/* check_churn.c: the checker's churn arithmetic for a re-plan (constraints 12 and 13 of docs/formulation.md), written
 * apart from the solver's. */
#include <math.h>
#include <string.h>
#include "j3o/check.h"

#define CHURN_REL  1e-6 /* stated vs recomputed churn, and the budgets, relative */
#define CHURN_ZERO 1e-9 /* absolute, at 0 */

/* a <= b within CHURN_REL relative to b, or CHURN_ZERO absolute when b = 0 */
static int Over(double a, double b)
{
  return !(a <= b + (b != 0 ? CHURN_REL * fabs(b) : CHURN_ZERO));
}

/* |a - b| within CHURN_REL relative to the larger, or CHURN_ZERO absolute */
static int Differs(double a, double b)
{
  return !(fabs(a - b) <= PetscMax(CHURN_REL * PetscMax(fabs(a), fabs(b)), CHURN_ZERO));
}

PetscErrorCode J3oCheckChurn(const J3oInstance *in, const J3oResult *r, const J3oPrevious *prev, FILE *out,
                             int *nviolations)
{
  double *load, total = 0;
  int     n = 0, M = in->M;

  PetscFunctionBegin;
  *nviolations = 0;
  PetscCall(PetscCalloc1(in->E, &load));
  /* churn_e = sum over the cluster's devices of the sizes of models held now and not before */
  for (int e = 0; e < in->E; e++)
    for (int m = 0; m < M; m++) {
      unsigned char now = r->y[(size_t)e * M + m], before = prev->y[(size_t)e * M + m];
      load[e] += now == 1 && before == 0 ? in->memory_mb[m] : 0.0;
    }
  for (int64_t i = 0; i < in->N; i++)
    for (int m = 0; m < M; m++) {
      unsigned char now = r->x[(size_t)i * M + m], before = prev->x[(size_t)i * M + m];
      load[in->client_edge[i]] += now == 1 && before == 0 ? in->memory_mb[m] : 0.0;
    }
  for (int e = 0; e < in->E; e++) {
    total += load[e];
    if (!r->churn_mb) continue;
    if (Differs(r->churn_mb[e], load[e])) {
      if (out)
        fprintf(out, "churn: edge %d: stated /churn/cluster_mb %.17g, recomputed %.17g\n", e, r->churn_mb[e], load[e]);
      n++;
    }
    if (isfinite(r->swap_budget_mb) && Over(load[e], r->swap_budget_mb)) {
      if (out)
        fprintf(out, "constraint 12: edge %d: churn %.17g MB > swap budget %.17g MB\n", e, load[e], r->swap_budget_mb);
      n++;
    }
  }
  if (!r->churn_mb) {
    if (out) fprintf(out, "churn: /churn/cluster_mb is missing\n");
    n++;
  } else if (Differs(r->churn_total_mb, total)) {
    if (out) fprintf(out, "churn: stated /churn@total_mb %.17g, recomputed %.17g\n", r->churn_total_mb, total);
    n++;
  }
  if (isfinite(r->swap_budget_total_mb) && Over(total, r->swap_budget_total_mb)) {
    if (out)
      fprintf(out, "constraint 13: total churn %.17g MB > swap budget %.17g MB\n", total, r->swap_budget_total_mb);
    n++;
  }
  PetscCall(PetscFree(load));
  *nviolations = n;
  PetscFunctionReturn(0);
}
