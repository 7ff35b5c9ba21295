/* exact_method.c: the exact method's rank-0 solve: CBC on the whole MILP under -time_limit, the J3oExact event, stop
 * signals. */
#include "j3o/exact.h"
#include "j3o/interrupt.h"
#include "j3o/solve.h"
#include "core/log.h"

PetscErrorCode J3oExactMethodSolve(const J3oInstance *inst, const J3oSolveOptions *opt, J3oResult *r)
{
  double t0 = MPI_Wtime();

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(J3oEventExact, 0, 0, 0, 0));
  J3oExactChurn churn = {opt->previous, J3oChurnBudgetEffective(inst, opt->swap_budget_mb),
                         J3oChurnBudgetEffective(inst, opt->swap_budget_total_mb)};
  PetscCall(J3oExactSolveChurn(inst, opt->time_limit_s, &churn, r));
  /* the CBC event handler (src/lp/cbc_stop.cpp) ends the search at a stop signal like a time limit */
  if (J3oInterrupted() && r->status != J3O_STATUS_OPTIMAL) r->status = J3O_STATUS_INTERRUPTED;
  PetscCall(PetscLogEventEnd(J3oEventExact, 0, 0, 0, 0));
  r->wall_s = MPI_Wtime() - t0;
  PetscFunctionReturn(0);
}
