/* j3o/check.h: the independent checker of a result against constraints 1-11 (docs/formulation.md) and the tolerances of
 * docs/file-formats.md. Serial, shares no solver code. */
#ifndef J3O_CHECK_H
#define J3O_CHECK_H

#include <petscsys.h>
#include <stdio.h>
#include "j3o/instance.h"
#include "j3o/result.h"
#include "j3o/previous.h"

/* Checks r (whole result) against inst (whole instance). Prints one line per violation to `out`
   ("constraint K: entity: lhs L > rhs R"), sets *nviolations. Recomputes accuracy and served
   fraction and compares with the stated ones (1e-6), upper_bound >= accuracy (1e-9), gap. */
PetscErrorCode J3oCheck(const J3oInstance *inst, const J3oResult *r, FILE *out, int *nviolations);

/* Re-planning: r (whole) against the previous plan prev it was re-planned from (whole, read for inst by
   J3oPreviousRead; the caller checks that /@previous_sha256 is prev's): each cluster's churn recomputed by the
   checker's own arithmetic equals /churn/cluster_mb and the total /churn@total_mb (1e-6 relative), and churn stays
   within /@swap_budget_mb per cluster (12) and /@swap_budget_total_mb in all (13) (1e-6 relative, 1e-9 absolute at 0).
   One line per violation to out; *nviolations. */
PetscErrorCode J3oCheckChurn(const J3oInstance *inst, const J3oResult *r, const J3oPrevious *prev, FILE *out,
                             int *nviolations);

#endif
