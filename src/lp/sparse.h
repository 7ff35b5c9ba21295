/* sparse.h: the one compressed-column builder: entries collected as triplets in any order,
   then compressed by column (CSparse's cs_compress). Every LP and MILP matrix of j3o is built here. */
#ifndef J3O_SPARSE_H
#define J3O_SPARSE_H

#include <petscsys.h>

typedef struct {
  PetscCount n, cap;
  int       *row, *col;
  double    *val;
} J3oTriplets;

/* Appends entry (row, col) = val; explicit zeros are kept (the caller decides what to skip). */
PetscErrorCode J3oTripletsAdd(J3oTriplets *t, int row, int col, double val);
/* The column-compressed form over ncols columns: column j holds index[start[j] .. start[j+1]-1] and
   the matching value[]; within a column the entries keep the order they were added in. The three
   arrays come from PetscMalloc1 and belong to the caller. */
PetscErrorCode J3oTripletsCompress(const J3oTriplets *t, int ncols, int **start, int **index, double **value);
PetscErrorCode J3oTripletsFree(J3oTriplets *t);

#endif
