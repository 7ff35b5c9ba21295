/* log.h: the -log_view events of j3o's phases (registered once by J3oLogRegister). */
#ifndef J3O_LOG_H
#define J3O_LOG_H

#include <petscsys.h>

extern PetscLogEvent J3oEventRead, J3oEventOnload, J3oEventLP, J3oEventBound, J3oEventDual, J3oEventRecovery,
  J3oEventWrite, J3oEventExact, J3oEventReuse, J3oEventSetup, J3oEventSearch;

PetscErrorCode J3oLogRegister(void);

#endif
