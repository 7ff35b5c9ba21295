/* kelley_master.c: the multi-cut cutting-plane model of the price dual (cut set, master LP); rank-local. */
#include "coord/kelley_impl.h"
#include "j3o/lp.h"
#include "core/grow.h"
#include "lp/sparse.h"

PetscErrorCode J3oCutSetAdd(J3oCutSet *cuts, int e, double v, double useF, double useB, const double s[2], const double p[2])
{
  double aF = useF / s[0], aB = useB / s[1];

  PetscFunctionBegin;
  PetscCall(J3oGrow(cuts->n, &cuts->cap, 1024, 4, J3O_GROW_ARRAY(cuts->cluster), J3O_GROW_ARRAY(cuts->aF), J3O_GROW_ARRAY(cuts->aB), J3O_GROW_ARRAY(cuts->rhs)));
  cuts->cluster[cuts->n] = e; cuts->aF[cuts->n] = aF; cuts->aB[cuts->n] = aB; cuts->rhs[cuts->n] = v + aF * p[0] + aB * p[1];
  cuts->n++;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oCutSetFree(J3oCutSet *cuts)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(cuts->cluster));
  PetscCall(PetscFree(cuts->aF));
  PetscCall(PetscFree(cuts->aB));
  PetscCall(PetscFree(cuts->rhs));
  PetscCall(PetscMemzero(cuts, sizeof(*cuts)));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oKelleyMaster(const J3oCutSet *cuts, int E, const double floor[], const double c[2], const double lo[2], const double hi[2], double *lower, double p[2])
{
  int     ncols = E + 2, nrows = cuts->n;
  int    *start, *index;
  double *val, *clb, *cub, *obj, *rlb, *rub;
  J3oTriplets A = {0};
  J3oLP   lp;
  J3oLPStatus st;
  const double *x;

  PetscFunctionBegin;
  PetscCall(PetscMalloc5(ncols, &clb, ncols, &cub, ncols, &obj, nrows, &rlb, nrows, &rub));
  /* cut k: theta of its cluster, p_F and p_B */
  for (int k = 0; k < cuts->n; k++) {
    PetscCall(J3oTripletsAdd(&A, k, cuts->cluster[k], 1.0));
    PetscCall(J3oTripletsAdd(&A, k, E, cuts->aF[k]));
    PetscCall(J3oTripletsAdd(&A, k, E + 1, cuts->aB[k]));
  }
  PetscCall(J3oTripletsCompress(&A, ncols, &start, &index, &val));
  PetscCall(J3oTripletsFree(&A));
  for (int j = 0; j < E; j++) { clb[j] = floor[j]; cub[j] = INFINITY; obj[j] = -1; }
  for (int j = 0; j < 2; j++) { clb[E + j] = lo[j]; cub[E + j] = hi[j]; obj[E + j] = -c[j]; }
  for (int k = 0; k < nrows; k++) { rlb[k] = cuts->rhs[k]; rub[k] = INFINITY; }
  PetscCall(J3oLPCreate(&lp));
  PetscCall(J3oLPLoad(lp, ncols, nrows, start, index, val, clb, cub, obj, rlb, rub));
  PetscCall(J3oLPSolve(lp, &st));
  PetscCheck(st == J3O_LP_OPTIMAL, PETSC_COMM_SELF, PETSC_ERR_LIB, "Kelley master LP not solved to optimality (status %d)", (int)st);
  PetscCall(J3oLPGetObjective(lp, lower));
  *lower = -*lower;
  PetscCall(J3oLPGetPrimal(lp, &x));
  p[0] = PetscMin(PetscMax(x[E], lo[0]), hi[0]);
  p[1] = PetscMin(PetscMax(x[E + 1], lo[1]), hi[1]);
  PetscCall(J3oLPDestroy(&lp));
  PetscCall(PetscFree(start));
  PetscCall(PetscFree(index));
  PetscCall(PetscFree(val));
  PetscCall(PetscFree5(clb, cub, obj, rlb, rub));
  PetscFunctionReturn(0);
}
