/* cluster_baselines.c: baseline onloading rules (greedy by accuracy, random) on the places their routes allow, then the
 * LP. */
#include <stdlib.h>
#include "cluster/cluster_impl.h"
#include "core/rng.h"

typedef struct {
  double v;
  int    i;
} Scored;
static int ScoredDesc(const void *a, const void *b)
{
  const Scored *p = a, *q = b;
  if (p->v != q->v) return p->v < q->v ? 1 : -1;
  return p->i - q->i;
}

/* Accuracy of an item summed over the distinct tasks it can serve (tasks with demand and an admissible route). */
static double ItemScore(J3oCluster cl, int k, int item, unsigned char *seen)
{
  ClCycle *cy = &cl->cyc[k];
  int      m  = item % cl->M;
  double   s  = 0;
  for (int t = 0; t < cl->T; t++) seen[t] = 0;
  for (int q = cy->icol_start[item]; q < cy->icol_start[item + 1]; q++) {
    int t = cl->pair_task[cy->col[cy->icol[q]].pair];
    if (!seen[t]) {
      seen[t] = 1;
      s += J3oAcc(cl->inst, m, t);
    }
  }
  return s;
}

/* Fills knapsack kk in the order of the rule: most accurate first, or a seeded random order. */
static PetscErrorCode FillKnapsack(J3oCluster cl, const ClCall *call, int k, int kk, PetscBool random, J3oRng *rng,
                                   unsigned char *x, unsigned char *y)
{
  ClCycle       *cy = &cl->cyc[k];
  int            M = cl->M, n = 0;
  Scored        *sc;
  unsigned char *seen;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(M, &sc, cl->T + 1, &seen));
  for (int m = 0; m < M; m++) {
    int it = kk * M + m;
    if (cy->icol_start[it + 1] == cy->icol_start[it]) continue;
    sc[n].v   = random ? 0 : ItemScore(cl, k, it, seen);
    sc[n++].i = it;
  }
  if (random)
    for (int a = n - 1; a > 0; a--) {
      int    b   = (int)(J3oRngNext(rng) % (uint64_t)(a + 1));
      Scored tmp = sc[a];
      sc[a]      = sc[b];
      sc[b]      = tmp;
    }
  else qsort(sc, n, sizeof *sc, ScoredDesc);
  for (int q = 0; q < n; q++)
    if (J3oClItemFits(cl, call, k, x, y, sc[q].i)) J3oClItemSet(cl, x, y, sc[q].i, 1);
  PetscCall(PetscFree2(sc, seen));
  PetscFunctionReturn(0);
}

/* Baseline residency on every duty cycle, each evaluated by the offloading LP; keeps the best cycle.
   Models go where the allowed routes use them: clients for local routes, the edge for edge routes. */
PetscErrorCode J3oClBaseline(J3oCluster cl, ClCall *call, ClState *best)
{
  PetscBool clients = (PetscBool) !!(cl->opt.routes & J3O_ROUTES_LOCAL);
  PetscBool edge    = (PetscBool) !!(cl->opt.routes & J3O_ROUTES_EDGE);
  PetscBool random  = (PetscBool)(cl->opt.rule == J3O_ONLOAD_RANDOM);

  PetscFunctionBegin;
  call->allow_cloud = (PetscBool) !!(cl->opt.routes & J3O_ROUTES_CLOUD);
  for (int k = 0; k < cl->ncyc; k++) {
    J3oRng    rng = {(uint64_t)cl->opt.seed ^ (0xD1B54A32D192ED03ULL * (uint64_t)(cl->edge + 1))};
    double    v;
    PetscBool ok, imp;
    if (cl->cyc[k].ncol == 0) continue;
    PetscCall(PetscArrayzero(cl->wx, (size_t)cl->nc * cl->M));
    PetscCall(PetscArrayzero(cl->wy, cl->M));
    if (edge) PetscCall(FillKnapsack(cl, call, k, cl->nc, random, &rng, cl->wx, cl->wy));
    if (clients)
      for (int n = 0; n < cl->nc; n++) PetscCall(FillKnapsack(cl, call, k, n, random, &rng, cl->wx, cl->wy));
    PetscCall(J3oClEvaluate(cl, call, k, cl->wx, cl->wy, &v, &ok));
    if (ok) PetscCall(J3oClConsider(cl, k, cl->wx, cl->wy, v, best, &imp));
  }
  PetscFunctionReturn(0);
}
