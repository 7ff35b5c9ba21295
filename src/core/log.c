/* log.c: registers the -log_view events of j3o's phases. */
#include "core/log.h"

PetscLogEvent J3oEventRead, J3oEventOnload, J3oEventLP, J3oEventBound, J3oEventDual, J3oEventRecovery, J3oEventWrite,
  J3oEventExact, J3oEventReuse, J3oEventSetup, J3oEventSearch;

PetscErrorCode J3oLogRegister(void)
{
  static PetscBool done = PETSC_FALSE;
  PetscClassId     id;

  PetscFunctionBegin;
  if (done) PetscFunctionReturn(0);
  done = PETSC_TRUE;
  PetscCall(PetscClassIdRegister("J3O", &id));
  PetscCall(PetscLogEventRegister("J3oRead", id, &J3oEventRead));
  PetscCall(PetscLogEventRegister("J3oOnload", id, &J3oEventOnload));
  PetscCall(PetscLogEventRegister("J3oLP", id, &J3oEventLP));
  PetscCall(PetscLogEventRegister("J3oBound", id, &J3oEventBound));
  PetscCall(PetscLogEventRegister("J3oDualUpdate", id, &J3oEventDual));
  PetscCall(PetscLogEventRegister("J3oRecovery", id, &J3oEventRecovery));
  PetscCall(PetscLogEventRegister("J3oWrite", id, &J3oEventWrite));
  PetscCall(PetscLogEventRegister("J3oExact", id, &J3oEventExact));
  PetscCall(PetscLogEventRegister("J3oReuse", id, &J3oEventReuse));   /* a re-plan's clusters reused whole */
  PetscCall(PetscLogEventRegister("J3oSetup", id, &J3oEventSetup));   /* clusters built, a re-plan's previous plan */
  PetscCall(PetscLogEventRegister("J3oSearch", id, &J3oEventSearch)); /* the integer search at given prices */
  PetscFunctionReturn(0);
}
