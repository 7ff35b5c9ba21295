/* j3o/check.h: the independent checker of a result against constraints 1-11 (docs/formulation.md) and the tolerances of docs/file-formats.md. Serial, shares no solver code. */
#ifndef J3O_CHECK_H
#define J3O_CHECK_H

#include <petscsys.h>
#include <stdio.h>
#include "j3o/instance.h"
#include "j3o/result.h"

/* Checks r (whole result) against inst (whole instance). Prints one line per violation to `out`
   ("constraint K: entity: lhs L > rhs R"), sets *nviolations. Recomputes accuracy and served
   fraction and compares with the stated ones (1e-6), upper_bound >= accuracy (1e-9), gap. */
PetscErrorCode J3oCheck(const J3oInstance *inst, const J3oResult *r, FILE *out, int *nviolations);

#endif
