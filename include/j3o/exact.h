/* j3o/exact.h: the full MILP of docs/formulation.md (batching included) solved by CBC. Serial. */
#ifndef J3O_EXACT_H
#define J3O_EXACT_H

#include <petscsys.h>
#include "j3o/instance.h"
#include "j3o/result.h"
#include "j3o/previous.h"

/* inst must hold all clusters. Fills r (allocated by the caller with J3oResultAllocate) with
   x, y, duty cycles, routes, accuracy, served_fraction, status (optimal or time_limit) and
   upper_bound / gap from CBC's best bound (normalized like accuracy). time_limit_s <= 0: none. */
PetscErrorCode J3oExactSolve(const J3oInstance *inst, double time_limit_s, J3oResult *r);

/* The churn budgets of a re-plan: constraint 12 (per cluster, budget_mb) and 13 (all clusters,
   budget_total_mb) against the previous plan prev (held for every cluster); INFINITY: no row. */
typedef struct {
  const J3oPrevious *prev;
  double             budget_mb, budget_total_mb;
} J3oExactChurn;

/* J3oExactSolve with the churn rows of `churn` (NULL: none, the same as J3oExactSolve). */
PetscErrorCode J3oExactSolveChurn(const J3oInstance *inst, double time_limit_s, const J3oExactChurn *churn,
                                  J3oResult *r);

struct J3oSolveOptions_s;
/* The exact method's rank-0 solve (its row in the method table): J3oExactSolve with -time_limit
   under the J3oExact event; a stop signal ends CBC's search like a time limit and gives the status
   interrupted unless the answer is optimal; r->wall_s is the solve's wall time. */
PetscErrorCode J3oExactMethodSolve(const J3oInstance *inst, const struct J3oSolveOptions_s *opt, J3oResult *r);

#endif
