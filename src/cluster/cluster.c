/* cluster.c: J3oCluster create/destroy, options, solution helpers and the solve driver. */
#include <limits.h>
#include <math.h>
#include "cluster/cluster_impl.h"

/* The defaults of every cluster option: the one place they are written (-help prints them). */
static const J3oClusterOptions OptionsDefault = {
  .rule             = J3O_ONLOAD_J3O,
  .routes           = J3O_ROUTES_ALL,
  .max_alternations = 10,
  .swaps            = PETSC_TRUE,
  .second_start     = PETSC_TRUE,
  .seed             = 1,
  .bound_screen     = PETSC_TRUE,
};
static const ClSearchOptions SearchDefault = {
  .large_clients   = 40,
  .budget_small    = PETSC_TRUE, /* measured: loses nothing at paper scale, 3-4x faster */
  .large_lp_budget = 16,
  .cycle_margin    = 0.003,
  .lean            = PETSC_TRUE,
  .lp_scaling      = PETSC_FALSE, /* measured: the 1,000-edge solve 25-30 % faster without */
  .cluster_gap     = 5e-4,
  .warm_gap        = 2e-3,
  .warm_slack      = 2e-3,
};

PetscErrorCode J3oClusterOptionsDefault(J3oClusterOptions *o)
{
  PetscFunctionBegin;
  PetscCheck(o, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "options pointer is NULL");
  *o = OptionsDefault;
  PetscFunctionReturn(0);
}

/* The search knobs from the options database (defaults where unset); comm reports a bad value. */
static PetscErrorCode SearchFromDatabase(MPI_Comm comm, ClSearchOptions *s)
{
  PetscInt lcl, lbud;

  PetscFunctionBegin;
  *s   = SearchDefault;
  lcl  = s->large_clients;
  lbud = s->large_lp_budget;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-j3o_large_clients", &lcl, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-j3o_budget_small", &s->budget_small, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-j3o_large_lp_budget", &lbud, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-j3o_cycle_margin", &s->cycle_margin, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-j3o_lean", &s->lean, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-j3o_lp_scaling", &s->lp_scaling, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-j3o_cluster_gap", &s->cluster_gap, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-j3o_warm_cluster_gap", &s->warm_gap, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-j3o_warm_gap_slack", &s->warm_slack, NULL));
  PetscCheck(s->cluster_gap >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-j3o_cluster_gap must be >= 0");
  PetscCheck(s->warm_gap >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-j3o_warm_cluster_gap must be >= 0");
  PetscCheck(!isnan(s->warm_slack), comm, PETSC_ERR_ARG_OUTOFRANGE, "-j3o_warm_gap_slack must be a number");
  PetscCheck(lbud >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-j3o_large_lp_budget must be >= 1");
  s->large_clients   = (int)lcl;
  s->large_lp_budget = (int)lbud;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterOptionsFromDatabase(MPI_Comm comm, J3oClusterOptions *o)
{
  PetscInt        alt, seed;
  ClSearchOptions s   = SearchDefault;
  PetscInt        lcl = s.large_clients, lbud = s.large_lp_budget;

  PetscFunctionBegin;
  PetscCall(J3oClusterOptionsDefault(o));
  alt  = o->max_alternations;
  seed = (PetscInt)o->seed;
  PetscOptionsBegin(comm, NULL, "j3o cluster search options", NULL);
  PetscCall(
    PetscOptionsInt("-j3o_alternations", "Greedy onloading / LP offloading rounds per cluster", NULL, alt, &alt, NULL));
  PetscCall(PetscOptionsBool("-j3o_swaps", "Swap local search after the alternation", NULL, o->swaps, &o->swaps, NULL));
  PetscCall(PetscOptionsBool("-j3o_second_start", "Second start from rounding the cluster LP relaxation", NULL,
                             o->second_start, &o->second_start, NULL));
  PetscCall(PetscOptionsInt("-j3o_seed", "Seed of the random baseline", NULL, seed, &seed, NULL));
  PetscCall(
    PetscOptionsBool("-j3o_bound_screen",
                     "Skip duty cycles whose stale-dual bound cannot be the cluster's max (same bound either way)",
                     NULL, o->bound_screen, &o->bound_screen, NULL));
  /* the search knobs: listed here, read and checked by each cluster at creation (SearchFromDatabase) */
  PetscCall(PetscOptionsInt("-j3o_large_clients", "Clusters with more clients than this always use the budgeted search",
                            NULL, lcl, &lcl, NULL));
  PetscCall(PetscOptionsBool("-j3o_budget_small",
                             "Smaller clusters use the budgeted search too (recovery still polishes its capped "
                             "clusters with the whole search)",
                             NULL, s.budget_small, &s.budget_small, NULL));
  PetscCall(PetscOptionsInt("-j3o_large_lp_budget", "Offloading-LP solves per cluster solve on a large cluster", NULL,
                            lbud, &lbud, NULL));
  PetscCall(
    PetscOptionsReal("-j3o_cycle_margin",
                     "Large clusters search duty cycles whose LP bound is within this relative margin of the best",
                     NULL, s.cycle_margin, &s.cycle_margin, NULL));
  PetscCall(PetscOptionsBool("-j3o_lean", "Large clusters release their offloading LPs after each solve", NULL, s.lean,
                             &s.lean, NULL));
  PetscCall(PetscOptionsBool("-j3o_lp_scaling",
                             "CLP scales a large cluster's LPs (rows are scaled to <= 1 by construction; CLP's "
                             "scaling makes their many re-solves slower); smaller clusters keep it",
                             NULL, s.lp_scaling, &s.lp_scaling, NULL));
  PetscCall(PetscOptionsReal("-j3o_cluster_gap",
                             "A large cluster's budgeted search stops once its best value is within this fraction "
                             "of the cluster's weighted demand of its LP bound (0: it spends its budget)",
                             NULL, s.cluster_gap, &s.cluster_gap, NULL));
  PetscCall(PetscOptionsReal("-j3o_warm_cluster_gap",
                             "Re-planning: a large cluster's first search ends at its previous onloading (re-routed "
                             "and re-alternated) once that is within this fraction of its weighted demand of its LP "
                             "bound (at most -j3o_cluster_gap: no effect)",
                             NULL, s.warm_gap, &s.warm_gap, NULL));
  PetscCall(PetscOptionsReal("-j3o_warm_gap_slack",
                             "Re-planning from a result saved with -j3o_save_basis: a large cluster's first search "
                             "also ends at its previous onloading once that is within the gap of its last whole "
                             "search (/warm/search_gap) plus this fraction of its weighted demand (< 0: not used)",
                             NULL, s.warm_slack, &s.warm_slack, NULL));
  PetscOptionsEnd();
  PetscCheck(alt >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-j3o_alternations must be >= 1");
  PetscCall(SearchFromDatabase(comm, &s)); /* the search knobs' checks: the clusters' own reader */
  o->max_alternations = (int)alt;
  o->seed             = (unsigned long)seed;
  PetscFunctionReturn(0);
}

/* The cycles' route columns and what their column count sizes: the priced net values and the search states. */
static PetscErrorCode CyclesSetup(J3oCluster cl)
{
  PetscFunctionBegin;
  cl->maxcol = 0;
  for (int k = 0; k < cl->ncyc; k++) {
    cl->cyc[k].c = cl->inst->K > 0 ? cl->inst->duty_cycles_s[k] : 0;
    PetscCall(J3oClCycleSetup(cl, k));
    cl->maxcol = PetscMax(cl->maxcol, cl->cyc[k].ncol);
  }
  PetscCall(PetscMalloc1(cl->maxcol + 1, &cl->net));
  PetscCall(J3oClStateAlloc(cl, &cl->best));
  PetscCall(J3oClStateAlloc(cl, &cl->cur));
  for (int k = 0; k < cl->ncyc; k++) PetscCall(J3oClStateAlloc(cl, &cl->cst[k]));
  PetscFunctionReturn(0);
}

static PetscErrorCode CyclesFree(J3oCluster cl)
{
  PetscFunctionBegin;
  PetscCall(J3oClBoundFree(cl));
  for (int k = 0; k < cl->ncyc; k++) PetscCall(J3oClCycleFree(cl, k));
  PetscCall(PetscFree(cl->net));
  PetscCall(J3oClStateFree(&cl->best));
  PetscCall(J3oClStateFree(&cl->cur));
  for (int k = 0; k < cl->ncyc; k++) PetscCall(J3oClStateFree(&cl->cst[k]));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClRebuild(J3oCluster cl)
{
  PetscFunctionBegin;
  PetscCall(CyclesFree(cl));
  PetscCall(PetscMemzero(cl->cyc, (size_t)cl->ncyc * sizeof(*cl->cyc)));
  PetscCall(CyclesSetup(cl));
  cl->warm = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterCreate(const J3oInstance *inst, int edge, const J3oClusterOptions *opt, J3oCluster *out)
{
  J3oCluster cl;

  PetscFunctionBegin;
  PetscCheck(inst && out, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "instance and output must be given");
  PetscCheck(edge >= inst->edge_first && edge < inst->edge_last, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "edge %d not in the held range [%d,%d)", edge, inst->edge_first, inst->edge_last);
  /* the J3O search places models and routes on every level; only the baselines honour a subset */
  PetscCheck(!opt || opt->rule != J3O_ONLOAD_J3O || opt->routes == J3O_ROUTES_ALL, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "the J3O onloading rule takes every route kind");
  PetscCheck(!opt || !(opt->routes & ~J3O_ROUTES_ALL), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "routes %#x: only J3O_ROUTES_* bits", opt->routes);
  PetscCall(PetscCalloc1(1, &cl));
  cl->inst       = inst;
  cl->search_gap = NAN;
  cl->deadline   = INFINITY;
  cl->edge       = edge;
  cl->T          = inst->T;
  cl->M          = inst->M;
  if (opt) cl->opt = *opt;
  else PetscCall(J3oClusterOptionsDefault(&cl->opt));
  PetscCall(SearchFromDatabase(PETSC_COMM_SELF, &cl->search));
  cl->i0 = inst->edge_client_start[edge] - inst->client_first;
  cl->nc = (int)(inst->edge_client_start[edge + 1] - inst->edge_client_start[edge]);
  PetscCheck(cl->i0 >= 0 && cl->nc >= 0 && cl->i0 + cl->nc <= inst->client_count, PETSC_COMM_SELF,
             PETSC_ERR_ARG_OUTOFRANGE, "clients of edge %d not held", edge);
  int np   = 0;
  cl->wsum = 0;
  for (int n = 0; n < cl->nc; n++)
    for (int t = 0; t < cl->T; t++)
      if (J3oDemand(inst, cl->i0 + n, t) > 0) {
        np++;
        cl->wsum += inst->weight[t] * J3oDemand(inst, cl->i0 + n, t);
      }
  cl->npair = np;
  PetscCall(PetscMalloc2(np + 1, &cl->pair_client, np + 1, &cl->pair_task));
  PetscCall(PetscMalloc1(cl->nc + 1, &cl->cpair));
  np = 0;
  for (int n = 0; n < cl->nc; n++) {
    cl->cpair[n] = np;
    for (int t = 0; t < cl->T; t++)
      if (J3oDemand(inst, cl->i0 + n, t) > 0) {
        cl->pair_client[np] = n;
        cl->pair_task[np++] = t;
      }
  }
  cl->cpair[cl->nc] = np;
  cl->nitem         = (cl->nc + 1) * cl->M;
  cl->ncyc          = inst->K > 0 ? inst->K : 1;
  /* the baselines keep their own rules over every model */
  PetscCall(PetscCalloc1(cl->M + 1, &cl->dominated));
  if (cl->opt.rule == J3O_ONLOAD_J3O) J3oDominatedModels(inst, cl->dominated);
  PetscCall(PetscCalloc1(cl->ncyc, &cl->cyc));
  PetscCall(PetscCalloc1(cl->ncyc, &cl->cst));
  PetscCall(CyclesSetup(cl));
  PetscCall(PetscMalloc4(np + 1, &cl->pv, np + 1, &cl->pbase, np + 1, &cl->pv2, np + 1, &cl->parg));
  PetscCall(PetscMalloc1(cl->nitem + 1, &cl->gain));
  size_t nx = (size_t)cl->nc * cl->M + 1;
  PetscCall(PetscMalloc4(nx, &cl->wx, cl->M + 1, &cl->wy, nx, &cl->tx, cl->M + 1, &cl->ty));
  cl->large = (PetscBool)(cl->nc > cl->search.large_clients);
  PetscCall(PetscCalloc1(cl->nitem + 1, &cl->chmb)); /* no previous plan: no churn */
  cl->budget = INFINITY;
  *out       = cl;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterDestroy(J3oCluster *c)
{
  PetscFunctionBegin;
  if (!c || !*c) PetscFunctionReturn(0);
  J3oCluster cl = *c;
  PetscCall(J3oClMemoEnd(cl));
  PetscCall(CyclesFree(cl));
  PetscCall(PetscFree(cl->cyc));
  PetscCall(PetscFree2(cl->pair_client, cl->pair_task));
  PetscCall(PetscFree(cl->cpair));
  PetscCall(PetscFree4(cl->pv, cl->pbase, cl->pv2, cl->parg));
  PetscCall(PetscFree(cl->gain));
  PetscCall(PetscFree4(cl->wx, cl->wy, cl->tx, cl->ty));
  PetscCall(PetscFree(cl->cst));
  PetscCall(J3oClWarmFree(cl));
  PetscCall(PetscFree(cl->dominated));
  PetscCall(PetscFree(cl->held));
  PetscCall(PetscFree(cl->chmb));
  PetscCall(PetscFree(*c));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterSolutionFree(J3oClusterSolution *sol)
{
  PetscFunctionBegin;
  if (!sol) PetscFunctionReturn(0);
  PetscCall(PetscFree(sol->x));
  PetscCall(PetscFree(sol->y));
  PetscCall(PetscFree(sol->routes));
  PetscCall(PetscMemzero(sol, sizeof(*sol)));
  PetscFunctionReturn(0);
}

static PetscErrorCode SolutionAlloc(J3oClusterSolution *s, int nc, int M, int nroutes)
{
  PetscFunctionBegin;
  PetscCall(PetscCalloc1((size_t)nc * M + 1, &s->x));
  PetscCall(PetscCalloc1(M + 1, &s->y));
  PetscCall(PetscCalloc1(nroutes + 1, &s->routes));
  s->nclients       = nc;
  s->M              = M;
  s->route_capacity = nroutes + 1;
  PetscFunctionReturn(0);
}

/* dst must be zeroed or hold a solution: it is freed first. */
PetscErrorCode J3oClusterSolutionCopy(const J3oClusterSolution *src, J3oClusterSolution *dst)
{
  PetscFunctionBegin;
  PetscCheck(src && dst, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "solutions must be given");
  PetscCheck(src != dst, PETSC_COMM_SELF, PETSC_ERR_ARG_IDN, "source and destination are the same");
  PetscCall(J3oClusterSolutionFree(dst));
  J3oClusterSolution tmp = *src;
  PetscCall(SolutionAlloc(&tmp, src->nclients, src->M, src->nroutes));
  if (src->x) PetscCall(PetscArraycpy(tmp.x, src->x, (size_t)src->nclients * src->M));
  if (src->y) PetscCall(PetscArraycpy(tmp.y, src->y, src->M));
  if (src->nroutes) PetscCall(PetscArraycpy(tmp.routes, src->routes, src->nroutes));
  *dst = tmp;
  PetscFunctionReturn(0);
}

/* Writes the state's residency and fractions (cycle best->k) into sol, with global client indices. */
static PetscErrorCode FillSolution(J3oCluster cl, const ClCall *call, const ClState *b, J3oClusterSolution *sol)
{
  ClCycle *cy = &cl->cyc[b->k];
  int      nr = 0;

  PetscFunctionBegin;
  for (int j = 0; j < cy->ncol; j++)
    if (b->frac[j] > 0) nr++;
  PetscCall(SolutionAlloc(sol, cl->nc, cl->M, nr));
  sol->edge = cl->edge;
  PetscCall(PetscArraycpy(sol->x, b->x, (size_t)cl->nc * cl->M));
  PetscCall(PetscArraycpy(sol->y, b->y, cl->M));
  sol->duty_cycle_s = cy->c;
  int64_t   g0      = cl->inst->client_first + cl->i0;
  double    val = 0, srv = 0;
  J3oShared use = J3oSharedConst(0);
  nr            = 0;
  for (int j = 0; j < cy->ncol; j++) {
    double       f = b->frac[j];
    const ClCol *c = &cy->col[j];
    if (!(f > 0)) continue;
    int p             = c->pair;
    sol->routes[nr++] = (J3oRoute){g0 + cl->pair_client[p], cl->pair_task[p], (int8_t)c->kind, c->model, f};
    val += c->obj0 * f;
    srv += cl->inst->weight[cl->pair_task[p]] * J3oDemand(cl->inst, cl->i0 + cl->pair_client[p], cl->pair_task[p]) * f;
    if (c->kind == J3O_ROUTE_CLOUD) {
      J3oShared load;
      J3oClColShared(cl, c, &load);
      for (int r = 0; r < J3O_NSHARED; r++) use.r[r] += load.r[r] * f;
    }
  }
  use.r[J3O_SHARED_CHURN_MB] = J3oClChurn(cl, b->x, b->y);
  sol->nroutes               = nr;
  sol->value                 = val;
  sol->served                = srv;
  sol->use                   = use;
  sol->priced_value          = val;
  for (int r = 0; r < J3O_NSHARED; r++) sol->priced_value -= call->mu.r[r] * use.r[r];
  PetscFunctionReturn(0);
}

/* Evaluates every cycle's best residency on every other cycle (when its batches fit there). */
static PetscErrorCode CrossCycles(J3oCluster cl, ClCall *call)
{
  PetscFunctionBegin;
  for (int k = 0; k < cl->ncyc; k++) {
    if (cl->cyc[k].ncol == 0) continue;
    for (int k2 = 0; k2 < cl->ncyc; k2++) {
      ClState  *src = &cl->cst[k2];
      double    v;
      PetscBool ok, imp;
      if (k2 == k || !isfinite(src->val) || call->lp_left <= 0) continue;
      PetscCall(J3oClStateCopy(cl, src, &cl->cur)); /* src may be replaced below; evaluate a copy */
      PetscCall(J3oClEvaluate(cl, call, k, cl->cur.x, cl->cur.y, &v, &ok));
      if (ok) PetscCall(J3oClConsider(cl, k, cl->cur.x, cl->cur.y, v, &cl->cst[k], &imp));
    }
  }
  PetscFunctionReturn(0);
}

/* Large clusters release their offloading LPs after each call (search.lean: memory at scale) and keep
   each solved one's last basis, a byte per column and row: the next call (recovery's re-routes under
   quotas and its re-solves) starts there, a few pivots from its optimum. */
static PetscErrorCode ReleaseLean(J3oCluster cl)
{
  PetscFunctionBegin;
  if (!cl->large || !cl->search.lean) PetscFunctionReturn(0);
  for (int k = 0; k < cl->ncyc; k++) {
    PetscCall(J3oClOffKeep(cl, k));
    PetscCall(J3oClOffFree(cl, k));
  }
  PetscFunctionReturn(0);
}

/* How far below its LP bound a re-plan's first search may end at the previous onloading, over the
   cluster's weighted demand: warm_gap, or the previous plan's own search gap plus warm_slack when that
   is wider (a cluster whose whole search ended 1 % below its bound gains nothing from searching again
   for a re-plan that ends there too). */
static double WarmStopGap(J3oCluster cl)
{
  double g = cl->search.warm_gap;
  if (cl->search.warm_slack >= 0 && isfinite(cl->search_gap)) g = PetscMax(g, cl->search_gap + cl->search.warm_slack);
  return g;
}

/* Large clusters: the duty cycles whose LP bound at these prices is within cycle_margin of the best
   (the relaxation tells which are promising; at scale it is nearly integral), each from the rounding
   of its LP relaxation and from the previous call's residency, then swaps on the best, all within
   an LP-solve budget; the offloading LPs are released at the end (lean). */
static PetscErrorCode SolveLarge(J3oCluster cl, ClCall *call)
{
  int     K = cl->ncyc, *ord, nk = 0;
  double *vals, bv = NAN;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(K, &vals, K, &ord));
  call->lp_left = PetscMax(cl->search.large_lp_budget, 1);
  /* a re-plan's light first search: from the previous onloading alone, on its own LP budget */
  PetscBool light = (PetscBool)(cl->warm_first && cl->warm_lp_budget > 0);
  if (light) call->lp_left = cl->warm_lp_budget;
  /* under a cloud cap (recovery) the previous residency, re-routed and re-alternated, is the only
     start: the LP relaxation knows no caps, and its rounding would cost as much again */
  /* the churn cap is not one: every start of the search keeps within it */
  PetscBool cloud_cap = J3oClRoutesCapped(&call->cap);
  PetscBool capped    = (PetscBool)(cloud_cap && cl->warm && cl->cyc[cl->best.k].ncol > 0 &&
                                 J3oClChurnFits(call, 0, J3oClChurn(cl, cl->best.x, cl->best.y)));
  if (call->lp_budget > 0) call->lp_left = call->lp_budget; /* the request's own (recovery's re-solves) */
  for (int k = 0; k < K; k++) {
    cl->cst[k].val = -INFINITY;
    cl->cst[k].k   = k;
  }
  if (!capped && !light) {
    PetscCall(J3oClBoundMax(cl, call, &bv, NULL, vals));
    for (int k = 0; k < K; k++)
      if (cl->cyc[k].ncol > 0 && vals[k] >= bv - cl->search.cycle_margin * PetscAbs(bv)) ord[nk++] = k;
    /* within cluster_gap of the bound more search gains at most that: a large cluster stops there */
    if (cl->large && cl->search.cluster_gap > 0) call->stop_at = bv - cl->search.cluster_gap * cl->wsum;
  }
  for (int a = 1; a < nk; a++) /* by bound, best first */
    for (int b = a; b > 0 && vals[ord[b]] > vals[ord[b - 1]]; b--) {
      int t      = ord[b];
      ord[b]     = ord[b - 1];
      ord[b - 1] = t;
    }
  PetscBool warm_stopped = PETSC_FALSE;           /* the search ended at the previous onloading (WarmStopGap) */
  if (cl->warm && cl->cyc[cl->best.k].ncol > 0) { /* the previous residency (e.g. before a cloud cap) */
    int    k    = cl->best.k;
    double stop = call->stop_at, g = WarmStopGap(cl);
    /* a re-plan's first search: the previous onloading is the outcome of a search under nearly this demand, and
       within warm_gap of this bound the rest of the search gains little (measured in method.md) */
    PetscBool first = (PetscBool)(cl->large && cl->warm_first && isfinite(bv) && g > cl->search.cluster_gap);
    if (first) call->stop_at = bv - g * cl->wsum;
    PetscCall(J3oClStateCopy(cl, &cl->best, &cl->cur));
    PetscCall(J3oClAlternate(cl, call, k, cl->cur.x, cl->cur.y, &cl->cst[k]));
    warm_stopped  = (PetscBool)(first && cl->cst[k].val >= call->stop_at);
    call->stop_at = stop; /* reached (lp_left = 0) or not: the rest of the search stops at cluster_gap */
  }
  for (int a = 0; a < nk && call->lp_left > 0; a++) PetscCall(J3oClSecondStart(cl, call, ord[a], &cl->cst[ord[a]]));
  if (nk > 1) PetscCall(CrossCycles(cl, call));
  int kb = -1;
  for (int k = 0; k < K; k++)
    if (isfinite(cl->cst[k].val) && (kb < 0 || cl->cst[k].val > cl->cst[kb].val)) kb = k;
  if (kb >= 0 && cl->opt.swaps) PetscCall(J3oClSwaps(cl, call, &cl->cst[kb]));
  /* the gap of a search without cloud caps (recovery's capped searches have no bound to compare): a whole
     one's, or one that ended at the previous onloading when it was given none (then within warm_gap) */
  if (cl->large && isfinite(bv) && !cloud_cap && cl->wsum > 0 && (!warm_stopped || isnan(cl->search_gap)))
    cl->search_gap = kb >= 0 ? PetscMin(PetscMax(bv - cl->cst[kb].val, 0) / cl->wsum, 1) : NAN;
  call->lp_left = INT_MAX;
  call->stop_at = INFINITY;
  PetscCall(PetscFree2(vals, ord));
  PetscFunctionReturn(0);
}

/* The J3O search at call's prices into the cycles' states cl->cst: the budgeted search for large
   clusters, and for the others unless the request asks for the whole search (recovery's final polish
   under a cloud cap). */
static PetscErrorCode Search(J3oCluster cl, J3oClusterSearch search, ClCall *call)
{
  PetscFunctionBegin;
  if (cl->large || (cl->search.budget_small && search != J3O_CLUSTER_SEARCH_EXHAUSTIVE))
    PetscCall(SolveLarge(cl, call));
  else {
    for (int k = 0; k < cl->ncyc; k++) {
      cl->cst[k].val = -INFINITY;
      cl->cst[k].k   = k;
      if (cl->cyc[k].ncol == 0) continue;
      PetscCall(J3oClAlternate(cl, call, k, NULL, NULL, &cl->cst[k]));
      if (cl->opt.second_start) PetscCall(J3oClSecondStart(cl, call, k, &cl->cst[k]));
    }
    PetscCall(J3oClWarmAlternate(cl, call)); /* a re-plan: from the previous onloading too */
    /* a residency found on one cycle is often better on another: try each on every cycle */
    for (int pass = 0; pass < 2; pass++) {
      if (cl->ncyc > 1) PetscCall(CrossCycles(cl, call));
      if (!cl->opt.swaps) break;
      for (int k = 0; k < cl->ncyc; k++) PetscCall(J3oClSwaps(cl, call, &cl->cst[k]));
      if (cl->ncyc == 1) break;
    }
  }
  PetscFunctionReturn(0);
}

/* Multiples of the bound LP's churn shadow price tried by SearchAtShadow: the LP relaxation spreads a
   churn budget fractionally, so its shadow price understates what churn is worth to the integer
   search (measured on paper-batch seed 2 under a binding B: 0.975 of exact at 1x, 1.000 at 16x). */
static const double ShadowLadder[] = {1, 4, 16};

/* Under a churn cap that binds the bound LP (shadow price of its churn row > 0), the search again at
   the churn price raised by multiples of that shadow price: the cap is cluster-wide, and the greedy
   and the moves weigh it per knapsack, where a price steers every knapsack at once (as the
   coordinator's price does for constraint 13). Each cycle's state is valued at call's prices and
   kept in best if better. */
static PetscErrorCode SearchAtShadow(J3oCluster cl, J3oClusterSearch search, ClCall *call, ClState *best)
{
  double shadow;

  PetscFunctionBegin;
  if (!cl->held || !isfinite(call->cap.r[J3O_SHARED_CHURN_MB])) PetscFunctionReturn(0);
  PetscCall(J3oClBoundChurnShadow(cl, call, &shadow));
  if (!(shadow > 0)) PetscFunctionReturn(0);
  for (int q = 0; q < (int)(sizeof(ShadowLadder) / sizeof(ShadowLadder[0])); q++) {
    ClCall steer = *call;
    steer.mu.r[J3O_SHARED_CHURN_MB] += shadow * ShadowLadder[q];
    PetscCall(Search(cl, search, &steer));
    for (int k = 0; k < cl->ncyc; k++) {
      double    v;
      PetscBool ok, imp;
      if (!isfinite(cl->cst[k].val) || cl->cyc[k].ncol == 0) continue;
      PetscCall(J3oClEvaluate(cl, call, k, cl->cst[k].x, cl->cst[k].y, &v, &ok));
      if (ok) PetscCall(J3oClConsider(cl, k, cl->cst[k].x, cl->cst[k].y, v, best, &imp));
    }
  }
  call->lp_left = INT_MAX;
  PetscFunctionReturn(0);
}

/* J3O: per duty cycle, the alternation from the zero-price greedy and from the rounded LP
   relaxation; residencies exchanged between cycles; swaps on every cycle (a cycle whose
   alternation stalls low is often the best after a swap at the edge); the best cycle wins.
   Large clusters: SolveLarge. Baselines: their residency rule, then the LP. */
PetscErrorCode J3oClusterSolve(J3oCluster cl, const J3oClusterRequest *req, J3oClusterSolution *sol)
{
  ClState *best = &cl->best;
  ClCall   run, *call = &run;

  PetscFunctionBegin;
  PetscCheck(cl && req && sol, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "cluster, request and solution must be given");
  PetscCheck(J3oSharedNonNegative(&req->prices), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "prices must be >= 0");
  PetscCheck(J3oSharedNonNegative(&req->cap), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "caps must be >= 0 (INFINITY for none)");
  PetscCall(J3oClusterSolutionFree(sol));
  PetscCall(J3oClMemoBegin(cl));
  run                            = J3oClCallMake(req->prices, req->cap);
  run.lp_budget                  = req->lp_budget;
  run.cap.r[J3O_SHARED_CHURN_MB] = PetscMin(run.cap.r[J3O_SHARED_CHURN_MB], cl->budget); /* constraint 12 always */
  PetscBool reused               = PETSC_FALSE;
  if (cl->opt.rule == J3O_ONLOAD_J3O) PetscCall(J3oClWarmReuse(cl, call, req, &reused));
  if (reused) goto done; /* a re-plan's unchanged cluster at the previous prices */
  if (cl->opt.rule == J3O_ONLOAD_J3O) PetscCall(Search(cl, req->search, call));
  best->val = -INFINITY;
  best->k   = 0;
  PetscCall(PetscArrayzero(best->x, (size_t)cl->nc * cl->M));
  PetscCall(PetscArrayzero(best->y, cl->M));
  PetscCall(PetscArrayzero(best->frac, cl->maxcol));
  if (cl->opt.rule == J3O_ONLOAD_J3O) {
    for (int k = 0; k < cl->ncyc; k++)
      if (cl->cst[k].val > best->val) PetscCall(J3oClStateCopy(cl, &cl->cst[k], best));
    PetscCall(SearchAtShadow(cl, req->search, call, best));
    PetscCall(J3oClWarmKeep(cl, call, req));
  } else PetscCall(J3oClBaseline(cl, call, best));
  if (!isfinite(best->val)) { /* no route at all: nothing resident, everything dropped */
    best->k = 0;
    PetscCall(PetscArrayzero(best->frac, cl->maxcol));
  }
done:
  PetscCall(J3oClMemoEnd(cl));
  cl->warm       = (PetscBool)isfinite(best->val);
  cl->warm_first = PETSC_FALSE;
  PetscCall(FillSolution(cl, call, best, sol));
  PetscCall(ReleaseLean(cl));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterKeep(J3oCluster cl, const J3oShared *p, J3oClusterSolution *sol)
{
  const J3oShared none = J3oSharedConst(INFINITY);

  PetscFunctionBegin;
  PetscCheck(cl && p && sol, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "cluster, prices and solution must be given");
  PetscCall(J3oClusterSolutionFree(sol));
  if (!cl->warm && cl->held) { /* no solve or warm start yet: the previous plan's onloading, the part that fits */
    int    k, unloaded;
    size_t nx = (size_t)cl->nc * cl->M;
    /* where the method's routes use models (a baseline of one route kind: clients or the edge alone) */
    PetscCall(PetscArraycpy(cl->wx, cl->held, nx));
    PetscCall(PetscArraycpy(cl->wy, cl->held + nx, cl->M));
    if (!(cl->opt.routes & J3O_ROUTES_LOCAL)) PetscCall(PetscArrayzero(cl->wx, nx));
    if (!(cl->opt.routes & J3O_ROUTES_EDGE)) PetscCall(PetscArrayzero(cl->wy, cl->M));
    PetscCall(J3oClFitPrevious(cl, cl->wx, cl->wy, cl->held_duty, cl->best.x, cl->best.y, &k, &unloaded));
    if (k < 0) {
      PetscCall(PetscInfo(NULL, "cluster %d: the previous duty cycle %g s has no route here: nothing to keep\n",
                          cl->edge, cl->held_duty));
      PetscFunctionReturn(0);
    }
    if (unloaded > 0)
      PetscCall(PetscInfo(NULL,
                          "cluster %d: the previous onloading does not fit this instance: %d of its models unloaded, "
                          "the rest kept\n",
                          cl->edge, unloaded));
    PetscCall(PetscArrayzero(cl->best.frac, cl->maxcol));
    cl->best.k   = k;
    cl->best.val = -INFINITY;
    cl->warm     = PETSC_TRUE;
  }
  if (cl->warm) PetscCall(J3oClusterReroute(cl, p, 1, &none, sol));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterSetDeadline(J3oCluster cl, double wtime)
{
  PetscFunctionBegin;
  PetscCheck(cl, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "cluster must be given");
  cl->deadline = wtime;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterReroute(J3oCluster cl, const J3oShared *p, int n, const J3oShared cap[],
                                 J3oClusterSolution sol[])
{
  ClCall         run, *call = &run;
  int            k;
  double         v;
  PetscBool      ok;
  unsigned char *top = NULL;

  PetscFunctionBegin;
  PetscCheck(cl && p && (n == 0 || (cap && sol)), PETSC_COMM_SELF, PETSC_ERR_ARG_NULL,
             "cluster, prices, caps and solutions must be given");
  for (int i = 0; i < n; i++)
    PetscCheck(J3oSharedNonNegative(&cap[i]), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "caps must be >= 0 (INFINITY for none)");
  /* nothing kept (no route at all): the solve is as cheap and says so itself */
  if (!cl->warm) {
    for (int i = 0; i < n; i++) {
      J3oClusterRequest req = {*p, cap[i], J3O_CLUSTER_SEARCH_DEFAULT, 0};
      PetscCall(J3oClusterSolve(cl, &req, &sol[i]));
    }
    PetscFunctionReturn(0);
  }
  run             = J3oClCallMake(*p, J3oSharedConst(INFINITY));
  run.allow_cloud = (PetscBool) !!(cl->opt.routes & J3O_ROUTES_CLOUD); /* a baseline without cloud routes */
  k               = cl->best.k;
  PetscCall(J3oClStateCopy(cl, &cl->best, &cl->cur)); /* the onloading evaluated; best stays the solve's */
  /* a rebuilt (lean) LP starts from its kept basis, the uncapped routes: from the largest cap down each
     solve is a few dual pivots from the one before (measured: recovery 0.75 s against 0.90 s at 300
     edges). A live LP goes in the callers' order: which of equally priced routings a re-route ends at
     sets the knapsack's candidates, and small instances are sensitive to it (p6 of test_tight_cloud.sh
     0.66 % lower from the largest cap down) */
  PetscBool down = (PetscBool)(cl->large && cl->search.lean);
  /* the kept basis is the cycle's last solve's when that solve had no caps (a re-route keeps its largest
     cap's and records a capped solve); when it was the kept onloading's at these prices (the same
     value, bit for bit) it is optimal there, so dual feasible under any caps */
  const ClCycle *cy = &cl->cyc[k];
  call->keep_dual   = (PetscBool)(cy->last_free && cy->last_val == cl->best.val && J3oClSamePrices(&cy->last_mu, p));
  for (int j = 0; j < n; j++) {
    int i = down ? n - 1 - j : j;
    PetscCall(J3oClusterSolutionFree(&sol[i]));
    call->cap                        = cap[i];
    call->cap.r[J3O_SHARED_CHURN_MB] = INFINITY; /* fixed by the kept onloading: routes cannot change it */
    PetscCall(J3oClEvaluate(cl, call, k, cl->cur.x, cl->cur.y, &v, &ok));
    PetscCheck(ok, PETSC_COMM_SELF, PETSC_ERR_PLIB, "cluster %d: the kept onloading no longer fits its duty cycle",
               cl->edge);
    PetscCall(PetscArraycpy(cl->cur.frac, cl->cyc[k].frac, cl->cyc[k].ncol));
    cl->cur.val = v;
    PetscCall(FillSolution(cl, call, &cl->cur, &sol[i]));
    if (down && i == n - 1 && n > 1) PetscCall(J3oLPKeepBasis(cl->cyc[k].off.lp, &top));
  }
  /* the next call (recovery hands unused capacity on) starts from the largest cap's routes */
  if (top) PetscCall(J3oLPSetBasis(cl->cyc[k].off.lp, top));
  PetscCall(PetscFree(top));
  PetscCall(ReleaseLean(cl));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterHasWholeSearch(J3oCluster cl, PetscBool *whole)
{
  PetscFunctionBegin;
  PetscCheck(cl && whole, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "cluster and output must be given");
  *whole = (PetscBool)!cl->large;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClusterWeightedDemand(J3oCluster cl, double *w)
{
  PetscFunctionBegin;
  *w = cl->wsum;
  PetscFunctionReturn(0);
}
