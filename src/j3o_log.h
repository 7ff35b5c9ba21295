/* j3o_log.h: the -log_view events of j3o's phases (registered once by J3oLogRegister). */
#ifndef J3O_LOG_H
#define J3O_LOG_H

#include <petscsys.h>

extern PetscLogEvent J3O_EVENT_READ, J3O_EVENT_ONLOAD, J3O_EVENT_LP, J3O_EVENT_BOUND, J3O_EVENT_DUAL, J3O_EVENT_RECOVERY, J3O_EVENT_WRITE, J3O_EVENT_EXACT;

PetscErrorCode J3oLogRegister(void);

#endif
