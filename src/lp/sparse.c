/* sparse.c: the one compressed-column builder (triplets, then a stable counting sort by column). */
#include "lp/sparse.h"
#include "core/grow.h"

PetscErrorCode J3oTripletsAdd(J3oTriplets *t, int row, int col, double val)
{
  PetscFunctionBegin;
  PetscCall(J3oGrow(t->n, &t->cap, 1024, 3, J3O_GROW_ARRAY(t->row), J3O_GROW_ARRAY(t->col), J3O_GROW_ARRAY(t->val)));
  t->row[t->n] = row;
  t->col[t->n] = col;
  t->val[t->n] = val;
  t->n++;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oTripletsCompress(const J3oTriplets *t, int ncols, int **start, int **index, double **value)
{
  int    *s, *pos, *ri;
  double *v;

  PetscFunctionBegin;
  PetscCheck(t->n <= PETSC_MAX_INT, PETSC_COMM_SELF, PETSC_ERR_SUP,
             "%" PetscCount_FMT " matrix entries exceed the LP interface's int indices", t->n);
  PetscCall(PetscCalloc1(ncols + 1, &s));
  PetscCall(PetscMalloc1(ncols + 1, &pos));
  PetscCall(PetscMalloc1(t->n + 1, &ri));
  PetscCall(PetscMalloc1(t->n + 1, &v));
  for (PetscCount k = 0; k < t->n; k++) {
    PetscCheck(t->col[k] >= 0 && t->col[k] < ncols, PETSC_COMM_SELF, PETSC_ERR_PLIB, "matrix entry in column %d of %d",
               t->col[k], ncols);
    s[t->col[k] + 1]++;
  }
  for (int j = 0; j < ncols; j++) s[j + 1] += s[j];
  for (int j = 0; j <= ncols; j++) pos[j] = s[j];
  for (PetscCount k = 0; k < t->n; k++) {
    int p = pos[t->col[k]]++;
    ri[p] = t->row[k];
    v[p]  = t->val[k];
  }
  PetscCall(PetscFree(pos));
  *start = s;
  *index = ri;
  *value = v;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oTripletsFree(J3oTriplets *t)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(t->row));
  PetscCall(PetscFree(t->col));
  PetscCall(PetscFree(t->val));
  PetscCall(PetscMemzero(t, sizeof(*t)));
  PetscFunctionReturn(0);
}
