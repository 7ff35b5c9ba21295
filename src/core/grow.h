/* grow.h: the one array-growth helper (amortized doubling, like CSparse's cs_sprealloc). */
#ifndef J3O_GROW_H
#define J3O_GROW_H

#include <petscsys.h>

/* Makes room at index n (n <= *cap) in narrays parallel arrays that share the capacity *cap: when
   n == *cap the capacity doubles (to `first` from zero) and every array is reallocated, its first n
   elements kept. After narrays come, per array, its element size and the address of its pointer;
   J3O_GROW_ARRAY(p) writes both. */
PetscErrorCode J3oGrow(PetscCount n, PetscCount *cap, PetscCount first, int narrays, ...);
#define J3O_GROW_ARRAY(p) sizeof(*(p)), (void *)&(p)

#endif
