/* fit.c: the part of a device's models that fits it (fit.h). */
#include "core/fit.h"
#include "j3o/tolerances.h"

static PetscBool Fits(const J3oInstance *in, const double *load, double cap_mb, const unsigned char *on)
{
  double used = 0, fixed = 0;
  for (int m = 0; m < in->M; m++)
    if (on[m]) {
      used += in->memory_mb[m];
      if (load) fixed += load[m];
    }
  return used <= cap_mb * (1 + J3O_ROUNDOFF) && fixed <= 1 + J3O_ROUNDOFF ? PETSC_TRUE : PETSC_FALSE;
}

PetscErrorCode J3oFitDevice(const J3oInstance *in, const double *load, double cap_mb, const unsigned char *held,
                            unsigned char *kept, int *unloaded)
{
  int M = in->M, *order;

  PetscFunctionBegin;
  *unloaded = 0;
  if (M <= 0) PetscFunctionReturn(0);
  PetscCall(PetscArraycpy(kept, held, M));
  if (Fits(in, load, cap_mb, held)) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(M, &order));
  for (int i = 0; i < M; i++) { /* models by size, ties by index (M is small) */
    int j = i;
    for (; j > 0 && in->memory_mb[order[j - 1]] > in->memory_mb[i]; j--) order[j] = order[j - 1];
    order[j] = i;
  }
  PetscCall(PetscArrayzero(kept, M));
  for (int i = 0; i < M; i++) {
    int m = order[i];
    if (!held[m]) continue;
    kept[m] = 1;
    if (!Fits(in, load, cap_mb, kept)) {
      kept[m] = 0;
      ++*unloaded;
    }
  }
  PetscCall(PetscFree(order));
  PetscFunctionReturn(0);
}
