/* cluster_greedy.c: priced submodular greedy onloading under the memory knapsacks, with a knapsack safeguard. */
#include <math.h>
#include "cluster/cluster_impl.h"
#include "core/log.h"
#include "j3o/tolerances.h"

/* Items: client n, model m is item n*M+m (knapsack n); the edge's model m is item nc*M+m (knapsack nc). */
unsigned char J3oClItemGet(J3oCluster cl, const unsigned char *x, const unsigned char *y, int item)
{
  return item < cl->nc * cl->M ? x[item] : y[item - cl->nc * cl->M];
}

void J3oClItemSet(J3oCluster cl, unsigned char *x, unsigned char *y, int item, unsigned char v)
{
  if (item < cl->nc * cl->M) x[item] = v;
  else y[item - cl->nc * cl->M] = v;
}

static double KnapsackCap(J3oCluster cl, int kk)
{
  return kk < cl->nc ? cl->inst->client_memory_mb[cl->i0 + kk] : cl->inst->edge_memory_mb[cl->edge];
}

static double KnapsackUsed(J3oCluster cl, const unsigned char *x, const unsigned char *y, int kk)
{
  double s = 0;
  for (int m = 0; m < cl->M; m++)
    if (J3oClItemGet(cl, x, y, kk * cl->M + m)) s += cl->inst->memory_mb[m];
  return s;
}

/* Can a non-resident item with routes be added to (x, y)? Memory, the call's churn cap, and with
   batching the edge's fixed load. */
PetscBool J3oClItemFits(J3oCluster cl, const ClCall *call, int k, const unsigned char *x, const unsigned char *y,
                        int item)
{
  ClCycle *cy = &cl->cyc[k];
  int      kk = item / cl->M, m = item % cl->M;
  if (J3oClItemGet(cl, x, y, item) || cy->icol_start[item + 1] == cy->icol_start[item]) return PETSC_FALSE;
  if (!J3oClFitsMemory(KnapsackUsed(cl, x, y, kk), cl->inst->memory_mb[m], KnapsackCap(cl, kk))) return PETSC_FALSE;
  if (cl->chmb[item] > 0 && J3oClChurnCapped(call) && !J3oClChurnFits(call, J3oClChurn(cl, x, y), cl->chmb[item]))
    return PETSC_FALSE;
  if (kk == cl->nc && J3oClFixedLoad(cl, k, y) + cy->fc[m] > 1) return PETSC_FALSE;
  return PETSC_TRUE;
}

/* Share of its knapsack(s) an item takes: s_m / S, at a batching edge at least its fixed load, and
   under a churn cap at least its share of that cap. */
static double ItemWeight(J3oCluster cl, const ClCall *call, int k, int item)
{
  int    kk = item / cl->M, m = item % cl->M;
  double w = cl->inst->memory_mb[m] / KnapsackCap(cl, kk), B = call->cap.r[J3O_SHARED_CHURN_MB];
  if (kk == cl->nc) w = PetscMax(w, cl->cyc[k].fc[m]);
  if (cl->chmb[item] > 0 && B > 0 && isfinite(B)) w = PetscMax(w, cl->chmb[item] / B);
  return w;
}

/* Room for churn of knapsack kk's items given the rest of (x, y): the call's cap minus the others' churn. */
static double ChurnRoom(J3oCluster cl, const ClCall *call, const unsigned char *x, const unsigned char *y, int kk)
{
  if (!cl->held || !J3oClChurnCapped(call)) return INFINITY;
  return call->cap.r[J3O_SHARED_CHURN_MB] - (J3oClChurn(cl, x, y) - J3oClKnapsackChurn(cl, x, y, kk));
}

/* Can an item with churn ch join a knapsack whose items hold `used` of a churn room `room`? */
static PetscBool FitsRoom(double used, double ch, double room)
{
  return ch <= 0 || used + ch <= room + J3O_ROUNDOFF * PetscAbs(room) ? PETSC_TRUE : PETSC_FALSE;
}

/* Marginal priced value of an item: sum over its routes of max(0, net_j - val_p) minus ecprice * fc_m
   minus the churn price of loading it. */
static double ItemGain(J3oCluster cl, const ClCall *call, int k, const double *net, double ecprice, const double *val,
                       int item)
{
  ClCycle *cy = &cl->cyc[k];
  double   g  = 0;
  for (int q = cy->icol_start[item]; q < cy->icol_start[item + 1]; q++) {
    int    j = cy->icol[q];
    double d = net[j] - val[cy->col[j].pair];
    if (d > 0) g += d;
  }
  if (item >= cl->nc * cl->M) g -= ecprice * cy->fc[item % cl->M];
  return g - call->mu.r[J3O_SHARED_CHURN_MB] * cl->chmb[item];
}

/* val_p = max(0, net of the available routes of pair p), skipping knapsack `skip`'s items (-1: none). */
static void PairValues(J3oCluster cl, const ClCall *call, int k, const double *net, const unsigned char *x,
                       const unsigned char *y, int skip, int p0, int p1, double *val)
{
  ClCycle *cy = &cl->cyc[k];
  for (int p = p0; p < p1; p++) {
    double v = 0;
    for (int j = cy->pcol[p]; j < cy->pcol[p + 1]; j++) {
      const ClCol *c     = &cy->col[j];
      PetscBool    avail = c->kind == J3O_ROUTE_CLOUD
                           ? call->allow_cloud
                           : (PetscBool)(J3oClItemGet(cl, x, y, c->item) && c->item / cl->M != skip);
      if (avail && net[j] > v) v = net[j];
    }
    val[p] = v;
  }
}

/* Greedy fill of knapsack kk alone, the rest of the residency fixed and summarized by val (a copy
   of the base pair values, updated in place): starting from `seed` (-1: empty), add the item of best
   gain / weight while one fits (memory, fixed load, churn room) with positive gain. Returns the set in
   mark[M] and its value (sum of val over the knapsack's pairs minus fixed-load and churn prices);
   -INFINITY with an empty set when the seed does not fit the churn room. */
static double KnapsackFill(J3oCluster cl, const ClCall *call, int k, const double *net, double ecprice, int kk,
                           int seed, double room, double *val, int p0, int p1, unsigned char *mark)
{
  ClCycle  *cy  = &cl->cyc[k];
  int       M   = cl->M;
  double    cap = KnapsackCap(cl, kk), used = 0, fload = 0, fixed = 0, tol = J3O_ROUNDOFF * cl->wsum, churn = 0;
  PetscBool edge = (PetscBool)(kk == cl->nc);

  for (int m = 0; m < M; m++) mark[m] = 0;
  if (seed >= 0 && !FitsRoom(0, cl->chmb[seed], room)) return -INFINITY;
  for (int it = seed; it >= 0;) {
    int m   = it % M;
    mark[m] = 1;
    used += cl->inst->memory_mb[m];
    churn += cl->chmb[it];
    fixed += call->mu.r[J3O_SHARED_CHURN_MB] * cl->chmb[it];
    if (edge) {
      fload += cy->fc[m];
      fixed += ecprice * cy->fc[m];
    }
    for (int q = cy->icol_start[it]; q < cy->icol_start[it + 1]; q++) {
      int j = cy->icol[q], p = cy->col[j].pair;
      if (net[j] > val[p]) val[p] = net[j];
    }
    it          = -1;
    double best = 0;
    for (int m2 = 0; m2 < M; m2++) {
      int it2 = kk * M + m2;
      if (mark[m2] || cy->icol_start[it2 + 1] == cy->icol_start[it2]) continue;
      if (!J3oClFitsMemory(used, cl->inst->memory_mb[m2], cap) || (edge && fload + cy->fc[m2] > 1) ||
          !FitsRoom(churn, cl->chmb[it2], room))
        continue;
      double g = ItemGain(cl, call, k, net, ecprice, val, it2);
      if (g <= tol) continue;
      double r = g / ItemWeight(cl, call, k, it2);
      if (r > best) {
        best = r;
        it   = it2;
      }
    }
  }
  double v = -fixed;
  for (int p = p0; p < p1; p++) v += val[p];
  return v;
}

/* Re-optimizes knapsack kk given the rest: the better of the current set, the greedy fill from
   empty, and greedy fills seeded with each of the three best single items (partial enumeration
   of size 1 restricted to the strongest seeds: the classic safeguard against one big valuable
   item that the ratio rule skips). */
static PetscErrorCode KnapsackImprove(J3oCluster cl, const ClCall *call, int k, const double *net, double ecprice,
                                      int kk, unsigned char *x, unsigned char *y)
{
  ClCycle       *cy = &cl->cyc[k];
  int            M = cl->M, p0 = kk < cl->nc ? cl->cpair[kk] : 0, p1 = kk < cl->nc ? cl->cpair[kk + 1] : cl->npair;
  double        *base = cl->pbase, *val = cl->pv, tol = J3O_ROUNDOFF * cl->wsum;
  unsigned char *mark, *bestmark;
  int            top[3]  = {-1, -1, -1};
  double         topv[3] = {0, 0, 0};

  PetscFunctionBegin;
  if (p1 <= p0) PetscFunctionReturn(0);
  PetscCall(PetscMalloc2(M, &mark, M, &bestmark));
  PairValues(cl, call, k, net, x, y, kk, p0, p1, base);
  double room = ChurnRoom(cl, call, x, y, kk);
  /* current */
  double cur = 0;
  for (int p = p0; p < p1; p++) val[p] = base[p];
  for (int m = 0; m < M; m++) {
    int it      = kk * M + m;
    bestmark[m] = J3oClItemGet(cl, x, y, it);
    if (!bestmark[m]) continue;
    cur -= call->mu.r[J3O_SHARED_CHURN_MB] * cl->chmb[it];
    if (kk == cl->nc) cur -= ecprice * cy->fc[m];
    for (int q = cy->icol_start[it]; q < cy->icol_start[it + 1]; q++) {
      int j = cy->icol[q], p = cy->col[j].pair;
      if (net[j] > val[p]) val[p] = net[j];
    }
  }
  for (int p = p0; p < p1; p++) cur += val[p];
  double best = cur;
  /* strongest single items */
  double cap = KnapsackCap(cl, kk);
  for (int m = 0; m < M; m++) {
    int it = kk * M + m;
    if (cy->icol_start[it + 1] == cy->icol_start[it] || cl->inst->memory_mb[m] > cap ||
        (kk == cl->nc && cy->fc[m] > 1) || !FitsRoom(0, cl->chmb[it], room))
      continue;
    for (int p = p0; p < p1; p++) val[p] = base[p];
    double g = ItemGain(cl, call, k, net, ecprice, val, it);
    for (int s = 0; s < 3; s++)
      if (top[s] < 0 || g > topv[s]) {
        for (int u = 2; u > s; u--) {
          top[u]  = top[u - 1];
          topv[u] = topv[u - 1];
        }
        top[s]  = it;
        topv[s] = g;
        break;
      }
  }
  for (int s = -1; s < 3; s++) {
    if (s >= 0 && (top[s] < 0 || topv[s] <= tol)) continue;
    for (int p = p0; p < p1; p++) val[p] = base[p];
    double v = KnapsackFill(cl, call, k, net, ecprice, kk, s < 0 ? -1 : top[s], room, val, p0, p1, mark);
    if (v > best + tol) {
      best = v;
      PetscCall(PetscArraycpy(bestmark, mark, M));
    }
  }
  for (int m = 0; m < M; m++) J3oClItemSet(cl, x, y, kk * M + m, bestmark[m]);
  PetscCall(PetscFree2(mark, bestmark));
  PetscFunctionReturn(0);
}

/* Priced submodular greedy. The value of a residency is sum_p max(0, max over available routes of
   net_j), net_j = route value minus the priced resources it uses; adding an item raises it by its
   marginal gain, which only shrinks as more is resident (submodular), so stale gains are upper
   bounds and a lazy greedy is exact: repeatedly take the item of largest gain / weight (weight =
   share of its knapsack) among those that fit. Then every knapsack is re-optimized given the
   others (edge first), which also applies the knapsack safeguard. */
PetscErrorCode J3oClGreedy(J3oCluster cl, const ClCall *call, int k, const double *net, double ecprice,
                           unsigned char *x, unsigned char *y)
{
  ClCycle *cy = &cl->cyc[k];
  int      M = cl->M, nc = cl->nc, NI = cl->nitem;
  double  *val = cl->pv, *ub = cl->gain, tol = J3O_ROUNDOFF * cl->wsum;
  double  *used, fload = 0, churn = 0;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(J3oEventOnload, 0, 0, 0, 0));
  PetscCall(PetscArrayzero(x, (size_t)nc * M));
  PetscCall(PetscArrayzero(y, M));
  PetscCall(PetscCalloc1(nc + 1, &used));
  PairValues(cl, call, k, net, x, y, -1, 0, cl->npair, val);
  for (int it = 0; it < NI; it++) {
    int kk = it / M, m = it % M;
    ub[it] = -1;
    if (cy->icol_start[it + 1] == cy->icol_start[it] || cl->inst->memory_mb[m] > KnapsackCap(cl, kk) ||
        (kk == nc && cy->fc[m] > 1) || !J3oClChurnFits(call, 0, cl->chmb[it]))
      continue;
    double g = ItemGain(cl, call, k, net, ecprice, val, it);
    if (g > tol) ub[it] = g / ItemWeight(cl, call, k, it);
  }
  for (;;) {
    int    b  = -1;
    double bv = 0, second = 0;
    for (int it = 0; it < NI; it++)
      if (ub[it] > bv) {
        second = bv;
        bv     = ub[it];
        b      = it;
      } else if (ub[it] > second) second = ub[it];
    if (b < 0) break;
    int kk = b / M, m = b % M;
    if (!J3oClFitsMemory(used[kk], cl->inst->memory_mb[m], KnapsackCap(cl, kk)) ||
        (kk == nc && fload + cy->fc[m] > 1) || !J3oClChurnFits(call, churn, cl->chmb[b])) {
      ub[b] = -1;
      continue;
    }
    double g = ItemGain(cl, call, k, net, ecprice, val, b);
    if (g <= tol) {
      ub[b] = -1;
      continue;
    }
    double r = g / ItemWeight(cl, call, k, b);
    if (r < second) {
      ub[b] = r;
      continue;
    } /* stale: re-queue with its true ratio */
    ub[b] = -1;
    J3oClItemSet(cl, x, y, b, 1);
    used[kk] += cl->inst->memory_mb[m];
    churn += cl->chmb[b];
    if (kk == nc) fload += cy->fc[m];
    for (int q = cy->icol_start[b]; q < cy->icol_start[b + 1]; q++) {
      int j = cy->icol[q], p = cy->col[j].pair;
      if (net[j] > val[p]) val[p] = net[j];
    }
  }
  PetscCall(PetscFree(used));
  PetscCall(KnapsackImprove(cl, call, k, net, ecprice, nc, x, y));
  for (int n = 0; n < nc; n++) PetscCall(KnapsackImprove(cl, call, k, net, ecprice, n, x, y));
  PetscCall(PetscLogEventEnd(J3oEventOnload, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Refill move: the priced gain of replacing knapsack kk's set by the greedy fill seeded with item
   `seed`, the rest of (x, y) fixed; the new set is returned in mark[M]. */
double J3oClRefill(J3oCluster cl, const ClCall *call, int k, const double *net, double ecprice, int kk, int seed,
                   const unsigned char *x, const unsigned char *y, unsigned char *mark)
{
  ClCycle *cy = &cl->cyc[k];
  int      M = cl->M, p0 = kk < cl->nc ? cl->cpair[kk] : 0, p1 = kk < cl->nc ? cl->cpair[kk + 1] : cl->npair;
  double  *base = cl->pbase, *val = cl->pv, cur = 0, room = ChurnRoom(cl, call, x, y, kk);

  PairValues(cl, call, k, net, x, y, kk, p0, p1, base);
  for (int p = p0; p < p1; p++) val[p] = base[p];
  for (int m = 0; m < M; m++) {
    int it = kk * M + m;
    if (!J3oClItemGet(cl, x, y, it)) continue;
    cur -= call->mu.r[J3O_SHARED_CHURN_MB] * cl->chmb[it];
    if (kk == cl->nc) cur -= ecprice * cy->fc[m];
    for (int q = cy->icol_start[it]; q < cy->icol_start[it + 1]; q++) {
      int j = cy->icol[q], p = cy->col[j].pair;
      if (net[j] > val[p]) val[p] = net[j];
    }
  }
  for (int p = p0; p < p1; p++) {
    cur += val[p];
    val[p] = base[p];
  }
  return KnapsackFill(cl, call, k, net, ecprice, kk, seed, room, val, p0, p1, mark) - cur;
}

/* Priced valuation of a residency: sum_p max(0, best available net) - ecprice * fixed load - the churn price. */
double J3oClPricedValue(J3oCluster cl, const ClCall *call, int k, const double *net, double ecprice,
                        const unsigned char *x, const unsigned char *y)
{
  double chprice = call->mu.r[J3O_SHARED_CHURN_MB];
  double v       = -ecprice * J3oClFixedLoad(cl, k, y) - (chprice > 0 ? chprice * J3oClChurn(cl, x, y) : 0);
  PairValues(cl, call, k, net, x, y, -1, 0, cl->npair, cl->pv);
  for (int p = 0; p < cl->npair; p++) v += cl->pv[p];
  return v;
}

/* Compound move in place on (x, y): refill the edge seeded with item `seed`, then re-optimize
   every client's knapsack given the new edge (moves a model between the edge and its clients). */
PetscErrorCode J3oClEdgeCompound(J3oCluster cl, const ClCall *call, int k, const double *net, double ecprice, int seed,
                                 unsigned char *x, unsigned char *y)
{
  unsigned char *mark;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(cl->M, &mark));
  (void)J3oClRefill(cl, call, k, net, ecprice, cl->nc, seed, x, y, mark);
  for (int m = 0; m < cl->M; m++) y[m] = mark[m];
  for (int n = 0; n < cl->nc; n++) PetscCall(KnapsackImprove(cl, call, k, net, ecprice, n, x, y));
  PetscCall(PetscFree(mark));
  PetscFunctionReturn(0);
}
