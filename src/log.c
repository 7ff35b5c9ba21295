/* log.c: registers the -log_view events of j3o's phases. */
#include "j3o_log.h"

PetscLogEvent J3O_EVENT_READ, J3O_EVENT_ONLOAD, J3O_EVENT_LP, J3O_EVENT_BOUND, J3O_EVENT_DUAL, J3O_EVENT_RECOVERY, J3O_EVENT_WRITE, J3O_EVENT_EXACT;

PetscErrorCode J3oLogRegister(void)
{
  static PetscBool done = PETSC_FALSE;
  PetscClassId     id;

  PetscFunctionBegin;
  if (done) PetscFunctionReturn(0);
  done = PETSC_TRUE;
  PetscCall(PetscClassIdRegister("J3O", &id));
  PetscCall(PetscLogEventRegister("J3oRead", id, &J3O_EVENT_READ));
  PetscCall(PetscLogEventRegister("J3oOnload", id, &J3O_EVENT_ONLOAD));
  PetscCall(PetscLogEventRegister("J3oLP", id, &J3O_EVENT_LP));
  PetscCall(PetscLogEventRegister("J3oBound", id, &J3O_EVENT_BOUND));
  PetscCall(PetscLogEventRegister("J3oDualUpdate", id, &J3O_EVENT_DUAL));
  PetscCall(PetscLogEventRegister("J3oRecovery", id, &J3O_EVENT_RECOVERY));
  PetscCall(PetscLogEventRegister("J3oWrite", id, &J3O_EVENT_WRITE));
  PetscCall(PetscLogEventRegister("J3oExact", id, &J3O_EVENT_EXACT));
  PetscFunctionReturn(0);
}
