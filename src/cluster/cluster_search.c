/* cluster_search.c: the J3O alternation (greedy <-> LP), the second start from LP rounding, and swap local search. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cluster/cluster_impl.h"
#include "core/grow.h"
#include "j3o/tolerances.h"

PetscErrorCode J3oClStateAlloc(J3oCluster cl, ClState *s)
{
  PetscFunctionBegin;
  PetscCall(PetscCalloc1((size_t)cl->nc * cl->M + 1, &s->x));
  PetscCall(PetscCalloc1(cl->M + 1, &s->y));
  PetscCall(PetscCalloc1(cl->maxcol + 1, &s->frac));
  s->k   = 0;
  s->val = -INFINITY;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClStateFree(ClState *s)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(s->x));
  PetscCall(PetscFree(s->y));
  PetscCall(PetscFree(s->frac));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClStateCopy(J3oCluster cl, const ClState *a, ClState *b)
{
  PetscFunctionBegin;
  PetscCall(PetscArraycpy(b->x, a->x, (size_t)cl->nc * cl->M));
  PetscCall(PetscArraycpy(b->y, a->y, cl->M));
  PetscCall(PetscArraycpy(b->frac, a->frac, cl->maxcol));
  b->k   = a->k;
  b->val = a->val;
  PetscFunctionReturn(0);
}

/* Keeps (x, y) on cycle k with value val (just evaluated: cyc[k].frac holds its fractions) if better. */
PetscErrorCode J3oClConsider(J3oCluster cl, int k, const unsigned char *x, const unsigned char *y, double val,
                             ClState *best, PetscBool *improved)
{
  PetscFunctionBegin;
  *improved = PETSC_FALSE;
  if (!(val > best->val + J3O_ROUNDOFF * cl->wsum)) PetscFunctionReturn(0);
  *improved = PETSC_TRUE;
  PetscCall(PetscArraycpy(best->x, x, (size_t)cl->nc * cl->M));
  PetscCall(PetscArraycpy(best->y, y, cl->M));
  PetscCall(PetscArraycpy(best->frac, cl->cyc[k].frac, cl->cyc[k].ncol));
  best->k   = k;
  best->val = val;
  PetscFunctionReturn(0);
}

/* Alternation on cycle k: (ii) LP with the residency fixed, (i) priced greedy on that LP's duals,
   until the priced LP value has not improved for two rounds, the residency repeats, or
   max_alternations LPs. Starts from (x0, y0), or from the greedy at zero prices when x0 is NULL. */
PetscErrorCode J3oClAlternate(J3oCluster cl, ClCall *call, int k, const unsigned char *x0, const unsigned char *y0,
                              ClState *best)
{
  unsigned char *wx = cl->wx, *wy = cl->wy, *tx = cl->tx, *ty = cl->ty;
  size_t         nx = (size_t)cl->nc * cl->M;
  double         ecprice, local = -INFINITY;
  int            noimp = 0;

  PetscFunctionBegin;
  if (x0) {
    PetscCall(PetscArraycpy(wx, x0, nx));
    PetscCall(PetscArraycpy(wy, y0, cl->M));
  } else {
    PetscCall(J3oClNetValues(cl, call, k, PETSC_TRUE, cl->net, &ecprice));
    PetscCall(J3oClGreedy(cl, call, k, cl->net, ecprice, wx, wy));
  }
  for (int it = 0; it < PetscMax(cl->opt.max_alternations, 1); it++) {
    double    v;
    PetscBool ok, imp;
    PetscCall(J3oClEvaluate(cl, call, k, wx, wy, &v, &ok)); /* every start gets its first LP, budget or not */
    if (!ok) break;
    PetscCall(J3oClConsider(cl, k, wx, wy, v, best, &imp));
    if (v > local + J3O_ROUNDOFF * cl->wsum) {
      local = v;
      noimp = 0;
    } else if (++noimp >= 2) break;
    if (call->lp_left <= 0) break; /* no LP left to value the greedy's next onloading */
    PetscCall(J3oClNetValues(cl, call, k, PETSC_FALSE, cl->net, &ecprice));
    PetscCall(J3oClGreedy(cl, call, k, cl->net, ecprice, tx, ty));
    if (!memcmp(tx, wx, nx) && !memcmp(ty, wy, cl->M)) break;
    PetscCall(PetscArraycpy(wx, tx, nx));
    PetscCall(PetscArraycpy(wy, ty, cl->M));
  }
  PetscFunctionReturn(0);
}

typedef struct {
  double v;
  int    i;
} Ranked;
static int RankedDesc(const void *a, const void *b)
{
  const Ranked *p = a, *q = b;
  if (p->v != q->v) return p->v < q->v ? 1 : -1;
  return p->i - q->i;
}

/* Second start: solve the LP relaxation (x, y in [0,1]) of cycle k, take models in decreasing order
   of their fractional x / y while they fit, then alternate from there. */
PetscErrorCode J3oClSecondStart(J3oCluster cl, ClCall *call, int k, ClState *best)
{
  double *val;
  Ranked *r;
  int     nr = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(cl->nitem + 1, &val, cl->nitem + 1, &r));
  PetscCall(J3oClBoundItemValues(cl, call, k, val));
  for (int it = 0; it < cl->nitem; it++)
    if (val[it] > J3O_ITEM_VALUE_MIN) {
      r[nr].v   = val[it];
      r[nr++].i = it;
    }
  qsort(r, nr, sizeof *r, RankedDesc);
  PetscCall(PetscArrayzero(cl->wx, (size_t)cl->nc * cl->M));
  PetscCall(PetscArrayzero(cl->wy, cl->M));
  for (int q = 0; q < nr; q++)
    if (J3oClItemFits(cl, call, k, cl->wx, cl->wy, r[q].i)) J3oClItemSet(cl, cl->wx, cl->wy, r[q].i, 1);
  PetscCall(PetscFree2(val, r));
  /* J3oClAlternate copies from its arguments into wx/wy: hand it copies */
  unsigned char *x0, *y0;
  PetscCall(PetscMalloc2((size_t)cl->nc * cl->M + 1, &x0, cl->M + 1, &y0));
  PetscCall(PetscArraycpy(x0, cl->wx, (size_t)cl->nc * cl->M));
  PetscCall(PetscArraycpy(y0, cl->wy, cl->M));
  PetscCall(J3oClAlternate(cl, call, k, x0, y0, best));
  PetscCall(PetscFree2(x0, y0));
  PetscFunctionReturn(0);
}

typedef struct {
  double est;
  int    drop, add;
} Move;
static int MoveDesc(const void *a, const void *b)
{
  const Move *p = a, *q = b;
  if (p->est != q->est) return p->est < q->est ? 1 : -1;
  if (p->drop != q->drop) return p->drop - q->drop;
  return p->add - q->add;
}

/* Estimated moves of knapsack kk (drop one resident and/or add one that then fits) from the priced
   values: per pair the best (v1, arg1) and second best (v2) resident route of kk and the base value
   of the other knapsacks' routes; dropping r loses max(base, v1) - max(base, v2) where arg1 = r. */
static PetscErrorCode KnapsackMoves(J3oCluster cl, const ClCall *call, int k, const double *net, double ecprice, int kk,
                                    const unsigned char *x, const unsigned char *y, Move **mv, int *nmv,
                                    PetscCount *cap)
{
  ClCycle           *cy = &cl->cyc[k];
  int                M = cl->M, p0 = kk < cl->nc ? cl->cpair[kk] : 0, p1 = kk < cl->nc ? cl->cpair[kk + 1] : cl->npair;
  double            *v1 = cl->pv, *v2 = cl->pv2, *base = cl->pbase, *tmp;
  int               *arg  = cl->parg;
  PetscBool          edge = (PetscBool)(kk == cl->nc), batch = (PetscBool)(edge && cy->c > 0);
  const J3oInstance *in = cl->inst;

  PetscFunctionBegin;
  if (p1 <= p0) PetscFunctionReturn(0);
  /* base: all available routes outside kk */
  for (int p = p0; p < p1; p++) {
    double b = 0;
    v1[p] = v2[p] = -INFINITY;
    arg[p]        = -1;
    for (int j = cy->pcol[p]; j < cy->pcol[p + 1]; j++) {
      const ClCol *c = &cy->col[j];
      if (c->kind == J3O_ROUTE_CLOUD) {
        if (call->allow_cloud && net[j] > b) b = net[j];
        continue;
      }
      if (!J3oClItemGet(cl, x, y, c->item)) continue;
      if (c->item / M != kk) {
        if (net[j] > b) b = net[j];
        continue;
      }
      if (net[j] > v1[p]) {
        v2[p]  = v1[p];
        v1[p]  = net[j];
        arg[p] = c->item;
      } else if (net[j] > v2[p]) v2[p] = net[j];
    }
    base[p] = b;
  }
  double used = 0, fload = 0, capm = kk < cl->nc ? in->client_memory_mb[cl->i0 + kk] : in->edge_memory_mb[cl->edge];
  double churn = J3oClChurn(cl, x, y), chprice = call->mu.r[J3O_SHARED_CHURN_MB];
  for (int m = 0; m < M; m++)
    if (J3oClItemGet(cl, x, y, kk * M + m)) {
      used += in->memory_mb[m];
      fload += cy->fc[m];
    }
  PetscCall(PetscMalloc1(cl->npair, &tmp));
  for (int dm = -1; dm < M; dm++) {
    int r = dm < 0 ? -1 : kk * M + dm;
    if (r >= 0 && !J3oClItemGet(cl, x, y, r)) continue;
    double loss = 0, u = used - (r >= 0 ? in->memory_mb[dm] : 0), fl = fload - (r >= 0 ? cy->fc[dm] : 0);
    /* pair values without r */
    if (r >= 0)
      for (int q = cy->icol_start[r]; q < cy->icol_start[r + 1]; q++) {
        int    p   = cy->col[cy->icol[q]].pair;
        double cur = PetscMax(base[p], v1[p]);
        tmp[p]     = arg[p] == r ? PetscMax(base[p], v2[p]) : cur;
        loss += tmp[p] - cur;
        arg[p] = -2 - arg[p]; /* mark: tmp[p] valid */
      }
    if (batch && r >= 0) loss += ecprice * cy->fc[dm];
    if (r >= 0) loss += chprice * cl->chmb[r];
    double ch = churn - (r >= 0 ? cl->chmb[r] : 0);
    for (int am = -1; am < M; am++) {
      int a = am < 0 ? -1 : kk * M + am;
      if (a < 0 && !(r >= 0 && (batch || chprice * cl->chmb[r] > 0)))
        continue; /* a pure drop only frees a batch's fixed load or a churn price */
      if (a >= 0 && (J3oClItemGet(cl, x, y, a) || cy->icol_start[a + 1] == cy->icol_start[a])) continue;
      if (a >= 0 && (!J3oClFitsMemory(u, in->memory_mb[am], capm) || (edge && fl + cy->fc[am] > 1) ||
                     !J3oClChurnFits(call, ch, cl->chmb[a])))
        continue;
      double d = loss;
      if (a >= 0) {
        for (int q = cy->icol_start[a]; q < cy->icol_start[a + 1]; q++) {
          int    j = cy->icol[q], p = cy->col[j].pair;
          double cur = arg[p] <= -2 ? tmp[p] : PetscMax(base[p], v1[p]);
          if (net[j] > cur) d += net[j] - cur;
        }
        if (batch) d -= ecprice * cy->fc[am];
        d -= chprice * cl->chmb[a];
      }
      PetscCall(J3oGrow(*nmv, cap, 64, 1, J3O_GROW_ARRAY(*mv)));
      (*mv)[(*nmv)++] = (Move){d, r, a};
    }
    if (r >= 0)
      for (int q = cy->icol_start[r]; q < cy->icol_start[r + 1]; q++) {
        int p = cy->col[cy->icol[q]].pair;
        if (arg[p] <= -2) arg[p] = -2 - arg[p];
      }
  }
  PetscCall(PetscFree(tmp));
  PetscFunctionReturn(0);
}

/* Refill moves of every knapsack: replace its set by the priced greedy fill seeded with one
   non-resident item that fits alone (covers drop-two-add-one and the like). Encoded drop = -2. */
static PetscErrorCode RefillMoves(J3oCluster cl, const ClCall *call, int k, const double *net, double ecprice,
                                  const unsigned char *x, const unsigned char *y, Move **mv, int *nmv, PetscCount *cap)
{
  ClCycle           *cy = &cl->cyc[k];
  int                M  = cl->M;
  unsigned char     *mark;
  const J3oInstance *in = cl->inst;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(M, &mark));
  for (int kk = 0; kk <= cl->nc; kk++) {
    double capm = kk < cl->nc ? in->client_memory_mb[cl->i0 + kk] : in->edge_memory_mb[cl->edge];
    for (int m = 0; m < M; m++) {
      int a = kk * M + m;
      if (J3oClItemGet(cl, x, y, a) || cy->icol_start[a + 1] == cy->icol_start[a] || in->memory_mb[m] > capm ||
          (kk == cl->nc && cy->fc[m] > 1))
        continue;
      double d = J3oClRefill(cl, call, k, net, ecprice, kk, a, x, y, mark);
      if (!isfinite(d)) continue; /* the seed alone is over the churn cap */
      PetscCall(J3oGrow(*nmv, cap, 64, 1, J3O_GROW_ARRAY(*mv)));
      (*mv)[(*nmv)++] = (Move){d, -2, a};
    }
  }
  PetscCall(PetscFree(mark));
  PetscFunctionReturn(0);
}

/* Compound edge moves (encoded drop = -3): refill the edge seeded with a non-resident item, then
   re-optimize every client given it; estimated by the priced valuation. */
static PetscErrorCode CompoundMoves(J3oCluster cl, const ClCall *call, int k, const double *net, double ecprice,
                                    const unsigned char *x, const unsigned char *y, Move **mv, int *nmv,
                                    PetscCount *cap)
{
  ClCycle           *cy = &cl->cyc[k];
  int                M = cl->M, nc = cl->nc;
  size_t             nx = (size_t)nc * M;
  const J3oInstance *in = cl->inst;

  PetscFunctionBegin;
  double v0 = J3oClPricedValue(cl, call, k, net, ecprice, x, y);
  for (int m = 0; m < M; m++) {
    int a = nc * M + m;
    if (y[m] || cy->icol_start[a + 1] == cy->icol_start[a] || in->memory_mb[m] > in->edge_memory_mb[cl->edge] ||
        cy->fc[m] > 1)
      continue;
    PetscCall(PetscArraycpy(cl->tx, x, nx));
    PetscCall(PetscArraycpy(cl->ty, y, M));
    if (J3oClChurnCapped(call) &&
        !J3oClChurnFits(call, J3oClChurn(cl, x, y) - J3oClKnapsackChurn(cl, x, y, nc), cl->chmb[a]))
      continue;
    PetscCall(J3oClEdgeCompound(cl, call, k, net, ecprice, a, cl->tx, cl->ty));
    double d = J3oClPricedValue(cl, call, k, net, ecprice, cl->tx, cl->ty) - v0;
    PetscCall(J3oGrow(*nmv, cap, 64, 1, J3O_GROW_ARRAY(*mv)));
    (*mv)[(*nmv)++] = (Move){d, -3, a};
  }
  PetscFunctionReturn(0);
}

/* Swap local search on the state's cycle: moves ranked by their priced estimate, the best few
   checked with the LP (first improvement), then re-ranked from the new duals; when no single swap
   helps, knapsack refills, then compound edge moves are tried the same way. Bounded number of LP solves. */
PetscErrorCode J3oClSwaps(J3oCluster cl, ClCall *call, ClState *best)
{
  PetscCount     cap = 0;
  int            k = best->k, nmv, budget = 24 + cl->nc / 2, M = cl->M;
  size_t         nx = (size_t)cl->nc * cl->M;
  Move          *mv = NULL;
  double         v, ecprice;
  PetscBool      ok, imp;
  int            phase = 0; /* 0: single swaps, 1: knapsack refills, 2: compound edge moves */
  unsigned char *mark;

  PetscFunctionBegin;
  /* no LP left (the budget spent, or the search ended within its gap): not even the duals of best */
  if (!isfinite(best->val) || call->lp_left <= 0) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(M, &mark));
  PetscCall(J3oClEvaluate(cl, call, k, best->x, best->y, &v, &ok));
  while (budget > 0 && call->lp_left > 0 && ok) {
    PetscCall(J3oClNetValues(cl, call, k, PETSC_FALSE, cl->net, &ecprice));
    nmv = 0;
    if (phase == 0)
      for (int kk = 0; kk <= cl->nc; kk++)
        PetscCall(KnapsackMoves(cl, call, k, cl->net, ecprice, kk, best->x, best->y, &mv, &nmv, &cap));
    else if (phase == 1) PetscCall(RefillMoves(cl, call, k, cl->net, ecprice, best->x, best->y, &mv, &nmv, &cap));
    else PetscCall(CompoundMoves(cl, call, k, cl->net, ecprice, best->x, best->y, &mv, &nmv, &cap));
    if (nmv > 1) qsort(mv, nmv, sizeof *mv, MoveDesc);
    PetscBool found = PETSC_FALSE;
    for (int q = 0; q < nmv && q < 8 && budget > 0 && call->lp_left > 0; q++) {
      PetscCall(PetscArraycpy(cl->wx, best->x, nx));
      PetscCall(PetscArraycpy(cl->wy, best->y, cl->M));
      if (mv[q].drop == -3) PetscCall(J3oClEdgeCompound(cl, call, k, cl->net, ecprice, mv[q].add, cl->wx, cl->wy));
      else if (mv[q].drop == -2) {
        int kk = mv[q].add / M;
        (void)J3oClRefill(cl, call, k, cl->net, ecprice, kk, mv[q].add, best->x, best->y, mark);
        for (int m = 0; m < M; m++) J3oClItemSet(cl, cl->wx, cl->wy, kk * M + m, mark[m]);
      } else {
        if (mv[q].drop >= 0) J3oClItemSet(cl, cl->wx, cl->wy, mv[q].drop, 0);
        if (mv[q].add >= 0) J3oClItemSet(cl, cl->wx, cl->wy, mv[q].add, 1);
      }
      budget--;
      PetscCall(J3oClEvaluate(cl, call, k, cl->wx, cl->wy, &v, &ok));
      if (!ok) {
        ok = PETSC_TRUE;
        continue;
      }
      PetscCall(J3oClConsider(cl, k, cl->wx, cl->wy, v, best, &imp));
      if (imp) {
        found = PETSC_TRUE;
        break;
      } /* the LP just solved is at the new best: its duals are current */
    }
    if (found) {
      phase = 0;
      continue;
    }
    if (++phase > 2) break;
    PetscCall(J3oClEvaluate(cl, call, k, best->x, best->y, &v, &ok)); /* duals of the best again */
  }
  PetscCall(PetscFree(mark));
  PetscCall(PetscFree(mv));
  PetscFunctionReturn(0);
}
