/* grow.c: the one array-growth helper. */
#include <stdarg.h>
#include "core/grow.h"

PetscErrorCode J3oGrow(PetscCount n, PetscCount *cap, PetscCount first, int narrays, ...)
{
  PetscCount newcap;
  va_list    ap;

  PetscFunctionBegin;
  PetscCheck(n >= 0 && n <= *cap && first > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "J3oGrow: index %" PetscCount_FMT " beyond capacity %" PetscCount_FMT, n, *cap);
  if (n < *cap) PetscFunctionReturn(0);
  newcap = *cap ? 2 * *cap : first;
  va_start(ap, narrays);
  for (int a = 0; a < narrays; a++) {
    size_t         size  = va_arg(ap, size_t);
    void         **array = va_arg(ap, void **);
    PetscErrorCode ierr  = PetscRealloc(size * (size_t)newcap, array);
    if (ierr) {
      va_end(ap);
      PetscCall(ierr);
    }
  }
  va_end(ap);
  *cap = newcap;
  PetscFunctionReturn(0);
}
