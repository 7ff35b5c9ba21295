/* kelley_master.c: the multi-cut cutting-plane model of the price dual (cut set, master LP); rank-local. */
#include "coord/kelley_impl.h"
#include "j3o/lp.h"
#include "core/grow.h"
#include "lp/sparse.h"

PetscErrorCode J3oCutSetAdd(J3oCutSet *cuts, const J3oSharedSet *active, int e, double v, const J3oShared *use,
                            const J3oShared *s, const J3oShared *p)
{
  J3oShared a   = J3oSharedConst(0);
  double    rhs = v;

  PetscFunctionBegin;
  for (int j = 0; j < active->n; j++) {
    int r  = active->r[j];
    a.r[r] = use->r[r] / s->r[r];
    rhs += a.r[r] * p->r[r];
  }
  PetscCall(J3oGrow(cuts->n, &cuts->cap, 1024, 3, J3O_GROW_ARRAY(cuts->cluster), J3O_GROW_ARRAY(cuts->a),
                    J3O_GROW_ARRAY(cuts->rhs)));
  cuts->cluster[cuts->n] = e;
  cuts->a[cuts->n]       = a;
  cuts->rhs[cuts->n]     = rhs;
  cuts->n++;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oCutSetFree(J3oCutSet *cuts)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(cuts->cluster));
  PetscCall(PetscFree(cuts->a));
  PetscCall(PetscFree(cuts->rhs));
  PetscCall(PetscMemzero(cuts, sizeof(*cuts)));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oKelleyMaster(const J3oCutSet *cuts, const J3oSharedSet *active, int E, const double floor[],
                               const J3oShared *c, const J3oShared *lo, const J3oShared *hi, PetscBool scaled,
                               double *lower, J3oShared *p)
{
  int           na = active->n, ncols = E + na, nrows = cuts->n;
  int          *start, *index;
  double       *val, *clb, *cub, *obj, *rlb, *rub;
  J3oTriplets   A = {0};
  J3oLP         lp;
  J3oLPStatus   st;
  const double *x;

  PetscFunctionBegin;
  PetscCall(PetscMalloc5(ncols, &clb, ncols, &cub, ncols, &obj, nrows, &rlb, nrows, &rub));
  /* scaled: theta in units of the mean cut's right-hand side (sigma * theta is O(1)) */
  double sigma = 0;
  for (int k = 0; k < nrows; k++) sigma += PetscAbsReal(cuts->rhs[k]);
  sigma = scaled && sigma > 0 ? nrows / sigma : 1;
  /* cut k: theta of its cluster, then the price of each active resource (column E + j) */
  for (int k = 0; k < cuts->n; k++) {
    PetscCall(J3oTripletsAdd(&A, k, cuts->cluster[k], 1.0));
    for (int j = 0; j < na; j++) PetscCall(J3oTripletsAdd(&A, k, E + j, sigma * cuts->a[k].r[active->r[j]]));
  }
  PetscCall(J3oTripletsCompress(&A, ncols, &start, &index, &val));
  PetscCall(J3oTripletsFree(&A));
  for (int j = 0; j < E; j++) {
    clb[j] = sigma * floor[j];
    cub[j] = INFINITY;
    obj[j] = -1;
  }
  for (int j = 0; j < na; j++) {
    int r      = active->r[j];
    clb[E + j] = lo->r[r];
    cub[E + j] = hi->r[r];
    obj[E + j] = -sigma * c->r[r];
  }
  for (int k = 0; k < nrows; k++) {
    rlb[k] = sigma * cuts->rhs[k];
    rub[k] = INFINITY;
  }
  PetscCall(J3oLPCreate(&lp));
  PetscCall(J3oLPLoad(lp, ncols, nrows, start, index, val, clb, cub, obj, rlb, rub));
  PetscCall(J3oLPSolve(lp, &st));
  PetscCheck(st == J3O_LP_OPTIMAL, PETSC_COMM_SELF, PETSC_ERR_LIB,
             "Kelley master LP not solved to optimality (status %d)", (int)st);
  PetscCall(J3oLPGetObjective(lp, lower));
  *lower = -*lower / sigma;
  PetscCall(J3oLPGetPrimal(lp, &x));
  *p = J3oSharedConst(0);
  for (int j = 0; j < na; j++) {
    int r   = active->r[j];
    p->r[r] = PetscMin(PetscMax(x[E + j], lo->r[r]), hi->r[r]);
  }
  PetscCall(J3oLPDestroy(&lp));
  PetscCall(PetscFree(start));
  PetscCall(PetscFree(index));
  PetscCall(PetscFree(val));
  PetscCall(PetscFree5(clb, cub, obj, rlb, rub));
  PetscFunctionReturn(0);
}
