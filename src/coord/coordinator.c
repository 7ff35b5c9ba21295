/* coordinator.c: the coordinator's TAO: j3o's types registered by name, created with j3o's defaults, given the dual. */
#include <petsc/private/taoimpl.h>
#include "coord/dual.h"
#include "j3o/solve.h"
#include "j3o/tolerances.h"

PetscErrorCode J3oTaoRegisterAll(void)
{
  static PetscBool done = PETSC_FALSE;

  PetscFunctionBegin;
  if (done) PetscFunctionReturn(0);
  done = PETSC_TRUE;
  PetscCall(TaoRegister(J3O_TAO_KELLEY, J3oTaoCreateKelley));
  PetscCall(TaoRegister(J3O_TAO_SUBGRADIENT, J3oTaoCreateSubgradient));
  PetscFunctionReturn(0);
}

/* The TAO types the coordinator runs: j3o's own, and TAO's bound-constrained ones that need only
   the objective and gradient (others step outside the price box or ask for a Hessian). */
static const char *const CoordinatorTypes[] = {J3O_TAO_KELLEY, J3O_TAO_SUBGRADIENT, TAOSHELL, TAOBLMVM, TAOBQNLS};

/* -tao_type, when given, names a type the coordinator can run */
static PetscErrorCode CheckType(MPI_Comm comm)
{
  char      given[64];
  PetscBool set, known = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-tao_type", given, sizeof(given), &set));
  if (!set) PetscFunctionReturn(0);
  for (size_t k = 0; k < PETSC_STATIC_ARRAY_LENGTH(CoordinatorTypes); k++)
    known = known || !strcmp(given, CoordinatorTypes[k]);
  PetscCheck(known, comm, PETSC_ERR_ARG_WRONG,
             "-tao_type %s: expected %s (default), %s, %s or %s (%s names the default)", given, J3O_TAO_KELLEY,
             J3O_TAO_SUBGRADIENT, TAOBLMVM, TAOBQNLS, TAOSHELL);
  PetscFunctionReturn(0);
}

PetscErrorCode J3oCoordinatorCreate(MPI_Comm comm, const J3oSolveOptions *opt, Tao *tao)
{
  const char *deftype   = opt->subgradient ? J3O_TAO_SUBGRADIENT : J3O_TAO_KELLEY;
  char        given[64] = "";
  PetscBool   set, shell = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(CheckType(comm));
  PetscCall(J3oTaoRegisterAll());
  PetscCall(TaoCreate(comm, tao));
  PetscCall(TaoSetType(*tao, deftype));
  PetscCall(TaoSetMaximumIterations(*tao, J3O_DUAL_MAX_IT));
  PetscCall(TaoSetTolerances(*tao, J3O_TAO_GATOL, opt->dual_tol, 0));
  /* -tao_type shell names j3o's default type (Kelley, or the subgradient with -j3o_subgradient) */
  PetscCall(PetscOptionsGetString(NULL, NULL, "-tao_type", given, sizeof(given), &set));
  if (set) PetscCall(PetscStrcmp(given, TAOSHELL, &shell));
  if (set && shell) PetscCall(PetscOptionsSetValue(NULL, "-tao_type", deftype));
  PetscCall(TaoSetFromOptions(*tao));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oTaoSetDual(Tao tao, J3oDual dual)
{
  PetscFunctionBegin;
  /* any TAO type: the dual value and a subgradient through TAO's objective/gradient callback */
  PetscCall(TaoSetObjectiveAndGradient(tao, NULL, J3oDualObjectiveGradient, dual));
  /* j3o's types: the object itself, the first member of their tao->data */
  if (J3oTaoTypeIsJ3o(tao)) *(J3oDual *)tao->data = dual;
  PetscFunctionReturn(0);
}

PetscBool J3oTaoTypeIsJ3o(Tao tao)
{
  PetscBool ours = PETSC_FALSE;

  PetscCallAbort(PetscObjectComm((PetscObject)tao),
                 PetscObjectTypeCompareAny((PetscObject)tao, &ours, J3O_TAO_KELLEY, J3O_TAO_SUBGRADIENT, ""));
  return ours;
}

PetscErrorCode J3oCoordinatorCheckOptions(MPI_Comm comm, const J3oSolveOptions *opt)
{
  Tao tao;

  PetscFunctionBegin;
  /* TaoSetFromOptions reads and checks them; the coordinator itself is created again when it runs */
  PetscCall(J3oCoordinatorCreate(comm, opt, &tao));
  PetscCall(TaoDestroy(&tao));
  PetscFunctionReturn(0);
}
