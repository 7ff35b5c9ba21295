/* solve_warm.c: a re-plan's warm start on the coordinator's side (-previous, -j3o_warm): the previous
   final prices start the price search, and each cluster starts its search from its previous onloading
   (reusing it outright when its demand is bitwise unchanged and the prices are the previous ones). */
#include <string.h>
#include "coord/solve_impl.h"

/* The previous plan's final prices by resource name (/shared/price); a resource it lacks is at 0. */
static void PreviousPrices(const J3oPrevious *prev, J3oShared *mu)
{
  *mu = J3oSharedConst(0);
  for (int r = 0; r < J3O_NSHARED; r++)
    for (int q = 0; q < prev->nshared; q++)
      if (!strcmp(prev->shared_name[q], J3oSharedNames[r])) mu->r[r] = prev->shared_price[q];
}

PetscErrorCode J3oWarmStart(J3oSolveCtx *ctx)
{
  const J3oPrevious   *prev   = ctx->opt->previous;
  const J3oInstance   *in     = ctx->inst;
  const J3oMethodInfo *method = &J3oMethods[ctx->opt->method];
  J3oShared            mu;
  int                  nfit = 0, nreuse = 0, counts[3], sums[3];
  PetscBool            same       = PETSC_TRUE;
  char                 start[256] = "";

  PetscFunctionBegin;
  ctx->warm = PETSC_FALSE;
  if (!prev || !ctx->opt->warm) PetscFunctionReturn(0);
  ctx->warm = PETSC_TRUE;
  PreviousPrices(prev, &mu);
  ctx->prev_mu = mu;
  /* the start: the previous prices within the price box, the inactive resources at 0 */
  ctx->warm_mu = J3oSharedConst(0);
  for (int j = 0; j < ctx->active.n; j++) {
    int r             = ctx->active.r[j];
    ctx->warm_mu.r[r] = PetscMin(PetscMax(mu.r[r], 0.0), ctx->mu_max.r[r]);
  }
  for (int k = 0; k < ctx->ncl; k++) {
    int     e  = in->edge_first + k;
    int64_t i0 = in->edge_client_start[e] - in->client_first;
    /* unchanged demand: the previous answer is today's, when the previous plan was J3O's own, finished
       and unconstrained by a budget (a baseline's, a stopped run's or a budgeted plan is only a start) */
    PetscBool unchanged = (PetscBool)(prev->reusable && prev->demand_hash &&
                                      prev->demand_hash[k] == J3oDemandHash(in, e)),
              used      = PETSC_FALSE;
    if (!unchanged) same = PETSC_FALSE;
    if (method->rule != J3O_ONLOAD_J3O) continue;
    PetscCall(J3oClusterWarmStart(ctx->clusters[k], prev->x + (size_t)i0 * in->M, prev->y + (size_t)k * in->M,
                                  prev->duty_cycle_s[k], unchanged ? &ctx->warm_mu : NULL, ctx->opt->warm_lp_budget,
                                  &used));
    if (used) nfit++;
    if (used && unchanged) nreuse++;
  }
  /* the bound LPs' bases a previous run saved (-j3o_save_basis): the first bound evaluation starts from them;
     its offloading LPs' bases: the first search values the previous onloading from them; and the clusters'
     search gaps: where a large cluster's first search may end (-j3o_warm_gap_slack) */
  for (int k = 0; k < ctx->ncl; k++) {
    const J3oBasisRows *b = &prev->warm_bound, *o = &prev->warm_offload;
    for (int q = 0; q < prev->warm_ncyc; q++) {
      size_t row = (size_t)k * prev->warm_ncyc + q;
      if (b->width > 0)
        PetscCall(J3oClusterSetBoundBasis(ctx->clusters[k], q, b->size[row], J3oBasisRowsAt(b, row),
                                          (PetscBool)prev->warm_dual[row]));
      if (o->width > 0) PetscCall(J3oClusterSetOffloadBasis(ctx->clusters[k], q, o->size[row], J3oBasisRowsAt(o, row)));
    }
    if (prev->search_gap) PetscCall(J3oClusterSetSearchGap(ctx->clusters[k], prev->search_gap[k]));
  }
  counts[0] = nfit;
  counts[1] = nreuse;
  counts[2] = same ? 0 : 1;
  PetscCallMPI(MPI_Allreduce(counts, sums, 3, MPI_INT, MPI_SUM, ctx->comm));
  /* every cluster's demand is the previous plan's and the start is its final prices: the dual is the
     previous run's, whose price search ended there */
  ctx->warm_same = (PetscBool)(sums[2] == 0);
  for (int r = 0; r < J3O_NSHARED; r++) {
    if (ctx->warm_mu.r[r] != mu.r[r]) ctx->warm_same = PETSC_FALSE;
    PetscCall(PetscSNPrintf(start + strlen(start), sizeof(start) - strlen(start), "%s%s %g", r ? ", " : "",
                            J3oSharedShortNames[r], ctx->warm_mu.r[r]));
  }
  PetscCall(PetscInfo(NULL,
                      "re-plan: prices start at the previous plan's (%s); %d clusters start from their previous "
                      "onloading, %d of them with unchanged demand%s\n",
                      start, sums[0], sums[1],
                      ctx->warm_same ? " (every cluster unchanged: one price evaluation)" : ""));
  PetscFunctionReturn(0);
}

/* A cluster's basis of duty cycle k, owned by the cluster, and whether it is only dual feasible
   (J3oClusterGetBoundBasis; an offloading basis is always the last solve's: GetOffload). */
typedef PetscErrorCode (*BasisGet)(J3oCluster, int k, int *n, const unsigned char **basis, PetscBool *dual);

static PetscErrorCode GetOffload(J3oCluster c, int k, int *n, const unsigned char **basis, PetscBool *dual)
{
  PetscFunctionBegin;
  PetscCall(J3oClusterGetOffloadBasis(c, k, n, basis));
  *dual = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* Collective: every cluster's basis of each of K duty cycles by get into rows, padded to the widest on
   any rank; their dual flags into *dual when it is not NULL (allocated). */
static PetscErrorCode SaveRows(J3oSolveCtx *ctx, int K, BasisGet get, J3oBasisRows *rows, unsigned char **dual)
{
  int                   w = 0, nrow = ctx->ncl * K;
  const unsigned char **from;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(nrow + 1, &from));
  PetscCall(PetscCalloc1(nrow + 1, &rows->size));
  if (dual) PetscCall(PetscCalloc1(nrow + 1, dual));
  for (int k = 0; k < ctx->ncl; k++)
    for (int q = 0; q < K; q++) {
      PetscBool d;
      PetscCall(get(ctx->clusters[k], q, &rows->size[k * K + q], &from[k * K + q], &d));
      if (dual) (*dual)[k * K + q] = (unsigned char)d;
      w = PetscMax(w, rows->size[k * K + q]);
    }
  PetscCallMPI(MPI_Allreduce(&w, &rows->width, 1, MPI_INT, MPI_MAX, ctx->comm));
  PetscCall(PetscCalloc1((size_t)nrow * rows->width + 1, &rows->basis));
  for (int j = 0; j < nrow; j++)
    if (rows->size[j]) PetscCall(PetscArraycpy(rows->basis + (size_t)j * rows->width, from[j], rows->size[j]));
  PetscCall(PetscFree(from));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oWarmSaveBases(J3oSolveCtx *ctx, J3oResult *r)
{
  int K = ctx->inst->K > 0 ? ctx->inst->K : 1;

  PetscFunctionBegin;
  r->basis_ncyc = K;
  PetscCall(SaveRows(ctx, K, J3oClusterGetBoundBasis, &r->bound_bases, &r->basis_dual));
  PetscCall(SaveRows(ctx, K, GetOffload, &r->offload_bases, NULL));
  PetscCall(PetscMalloc1(ctx->ncl + 1, &r->search_gap));
  for (int k = 0; k < ctx->ncl; k++) PetscCall(J3oClusterGetSearchGap(ctx->clusters[k], &r->search_gap[k]));
  PetscFunctionReturn(0);
}
