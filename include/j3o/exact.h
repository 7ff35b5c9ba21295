/* j3o/exact.h: the full MILP of docs/formulation.md (batching included) solved by CBC. Serial. */
#ifndef J3O_EXACT_H
#define J3O_EXACT_H

#include <petscsys.h>
#include "j3o/instance.h"
#include "j3o/result.h"

/* inst must hold all clusters. Fills r (allocated by the caller with J3oResultAllocate) with
   x, y, duty cycles, routes, accuracy, served_fraction, status (optimal or time_limit) and
   upper_bound / gap from CBC's best bound (normalized like accuracy). time_limit_s <= 0: none. */
PetscErrorCode J3oExactSolve(const J3oInstance *inst, double time_limit_s, J3oResult *r);

#endif
