/* tao_subgradient.c: the j3osubgradient TAO type: projected subgradient on the price dual with Polyak steps towards the
   best feasible primal. Compared with Kelley in docs/evaluation.md. */
#include <petsc/private/taoimpl.h>
#include "coord/dual.h"
#include "core/log.h"
#include "j3o/tolerances.h"

typedef struct {
  J3oDual dual; /* first member: the dual function it minimizes (J3oTaoSetDual) */
} TAO_J3oSubgradient;

static PetscErrorCode TaoSolve_J3oSubgradient(Tao tao)
{
  J3oDual            dual = ((TAO_J3oSubgradient *)tao->data)->dual;
  J3oDualInfo        d;
  J3oShared          p = J3oSharedConst(0), mu = J3oSharedConst(0);
  TaoConvergedReason reason = TAO_DIVERGED_MAXITS;

  PetscFunctionBegin;
  PetscCheck(dual, PetscObjectComm((PetscObject)tao), PETSC_ERR_ORDER,
             "j3osubgradient needs the dual function (J3oTaoSetDual) before TaoSolve");
  PetscCall(J3oDualGetInfo(dual, &d));
  PetscCall(J3oDualGetPrices(dual, tao->solution, &mu));
  PetscCallMPI(MPI_Bcast(mu.r, J3O_NSHARED, MPI_DOUBLE, 0, d.comm)); /* every rank takes the same steps */
  for (int j = 0; j < d.active.n; j++) p.r[d.active.r[j]] = mu.r[d.active.r[j]] * d.s.r[d.active.r[j]] / d.total_demand;
  for (PetscInt it = 0; it < tao->max_it; it++) {
    double    value, best_dual, best_primal, best, target, gg = 0, step;
    J3oShared grad, g          = J3oSharedConst(0);
    PetscBool partial, at_zero = PETSC_TRUE, all_slack = PETSC_TRUE;
    PetscCall(J3oDualEvaluate(dual, &mu, &value, &grad, &partial));
    if (partial) {
      reason = TAO_DIVERGED_USER;
      break;
    } /* cut short by a signal */
    PetscCall(PetscLogEventBegin(J3oEventDual, 0, 0, 0, 0));
    PetscCall(J3oDualGetBest(dual, &best_dual, &best_primal));
    best = best_dual / d.total_demand;
    /* dD/dp_r = (cap_r - use_r) / s_r, the same on every rank (reduced) */
    for (int j = 0; j < d.active.n; j++) {
      int r  = d.active.r[j];
      g.r[r] = grad.r[r] / d.s.r[r];
      gg += g.r[r] * g.r[r];
      if (mu.r[r] != 0) at_zero = PETSC_FALSE;
      if (!(grad.r[r] >= 0)) all_slack = PETSC_FALSE;
    }
    target = best_primal >= 0 ? best_primal / d.total_demand : -INFINITY;
    PetscCall(TaoSetIterationNumber(tao, it));
    PetscCall(TaoMonitor(tao, it, best, isfinite(target) ? best - target : best, 0.0, 0.0));
    PetscCall(PetscLogEventEnd(J3oEventDual, 0, 0, 0, 0));
    if (it == 0 && at_zero && all_slack) {
      reason = TAO_CONVERGED_GATOL;
      break;
    }
    if (isfinite(target) && J3oDualWithin(best, target, tao->grtol)) {
      reason = TAO_CONVERGED_GRTOL;
      break;
    }
    if (J3oDualStopRequested(dual)) {
      reason = TAO_DIVERGED_USER;
      break;
    }
    if (gg <= 0) {
      reason = TAO_CONVERGED_GATOL;
      break;
    }
    /* Polyak step to the best primal when known, else a diminishing step */
    step = isfinite(target) ? (value / d.total_demand - target) / gg : 0.1 / (it + 1) / PetscSqrtReal(gg);
    for (int j = 0; j < d.active.n; j++) {
      int r   = d.active.r[j];
      p.r[r]  = PetscMin(PetscMax(p.r[r] - step * g.r[r], 0), d.pmax.r[r]);
      mu.r[r] = p.r[r] * d.total_demand / d.s.r[r];
    }
  }
  PetscCall(TaoSetConvergedReason(tao, reason));
  PetscCall(J3oDualSetBestPrices(dual, tao->solution));
  PetscFunctionReturn(0);
}

static PetscErrorCode TaoDestroy_J3oSubgradient(Tao tao)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(tao->data));
  PetscFunctionReturn(0);
}

/* The constructor TaoRegister calls for -tao_type j3osubgradient. */
PetscErrorCode J3oTaoCreateSubgradient(Tao tao)
{
  TAO_J3oSubgradient *sub;

  PetscFunctionBegin;
  tao->ops->solve   = TaoSolve_J3oSubgradient;
  tao->ops->destroy = TaoDestroy_J3oSubgradient;
  PetscCall(PetscNew(&sub));
  tao->data = (void *)sub;
  PetscFunctionReturn(0);
}
