/* test_cluster.c: the J3O cluster solver, its LP-relaxation bound and the baselines on hand-solved and random clusters.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "j3o_test.h"
#include "j3o/cluster.h"
#include "j3o/exact.h"
#include "j3o/lp.h"

#define assert_near(a, b, tol) \
  do { \
    double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= (tol))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); \
  } while (0)
#define assert_le(a, b, tol) \
  do { \
    double a_ = (a), b_ = (b); \
    if (!(a_ <= b_ + (tol))) fail_msg("%s = %.17g > %s = %.17g", #a, a_, #b, b_); \
  } while (0)

static const J3oShared zero = {{0, 0}};

/* caps on the two cloud resources, none on the others */
static J3oShared Caps(double gflops, double ingress)
{
  J3oShared c                   = J3oSharedConst(INFINITY);
  c.r[J3O_SHARED_CLOUD_GFLOPS]  = gflops;
  c.r[J3O_SHARED_CLOUD_INGRESS] = ingress;
  return c;
}

/* Every LP / MILP solve of the library, counted, and every basis's row duals taken without a solve:
   the Makefile links this test with -Wl,--wrap=J3oLPSolve,J3oLPBasisDuals, so the library's calls
   land here. */
static long    lp_solves, lp_pivots, lp_cutoffs, lp_basis_duals;
PetscErrorCode __real_J3oLPBasisDuals(J3oLP lp, const unsigned char *basis, const double **y);
PetscErrorCode __wrap_J3oLPBasisDuals(J3oLP lp, const unsigned char *basis, const double **y);
PetscErrorCode __wrap_J3oLPBasisDuals(J3oLP lp, const unsigned char *basis, const double **y)
{
  lp_basis_duals++;
  return __real_J3oLPBasisDuals(lp, basis, y);
}
PetscErrorCode __real_J3oLPSolve(J3oLP lp, J3oLPStatus *status);
PetscErrorCode __wrap_J3oLPSolve(J3oLP lp, J3oLPStatus *status);
PetscErrorCode __wrap_J3oLPSolve(J3oLP lp, J3oLPStatus *status)
{
  int it;
  lp_solves++;
  PetscCall(__real_J3oLPSolve(lp, status));
  PetscCall(J3oLPIterations(lp, &it));
  lp_pivots += it;
  if (*status == J3O_LP_CUTOFF) lp_cutoffs++;
  return 0;
}

/* One edge with nc clients, T tasks, M models, K cycles; everything zero but rho = 1 and huge cloud. */
static void Alloc(J3oInstance *in, int T, int M, int nc, int K)
{
  J3O_OK(J3oInstanceAllocate(in, T, M, 1, nc, K, 0, 1, 0, nc));
  in->edge_client_start[0] = 0;
  in->edge_client_start[1] = nc;
  in->rho                  = 1;
  in->cloud_gflops = in->cloud_ingress_mb_s = 1e9;
  for (int t = 0; t < T; t++) {
    in->input_mb[t]   = 1;
    in->deadline_s[t] = 1;
    in->weight[t]     = 1;
  }
  for (int m = 0; m < M; m++) {
    in->memory_mb[m]       = 1;
    in->gflop_per_query[m] = 1;
  }
}

static void Finish(J3oInstance *in)
{
  J3O_OK(J3oInstanceFinalize(in));
  in->total_weighted_demand = J3oInstanceLocalWeightedDemand(in);
}

static void Solve(J3oInstance *in, const J3oClusterOptions *o, const J3oShared *p, double capF, double capB,
                  J3oClusterSolution *s)
{
  J3oCluster c = NULL;
  J3O_OK(J3oClusterCreate(in, 0, o, &c));
  J3O_OK(J3oClusterSolve(c, &(J3oClusterRequest){*p, Caps(capF, capB), J3O_CLUSTER_SEARCH_DEFAULT, 0}, s));
  J3O_OK(J3oClusterDestroy(&c));
  assert_null(c);
}

static double Bound(J3oInstance *in, const J3oShared *p)
{
  J3oCluster c = NULL;
  double     v;
  J3oShared  use;
  J3O_OK(J3oClusterCreate(in, 0, NULL, &c));
  J3O_OK(J3oClusterBound(c, p, &v, &use));
  J3O_OK(J3oClusterDestroy(&c));
  return v;
}

/* Two clients, two tasks (w = 1, 2), m0 serves t0 at 0.9, m1 serves t1 at 0.8, memory and compute
   ample, no edge compute, no cloud model: both models local everywhere is optimal:
   1*2*0.9 + 2*1*0.8 + 1*1*0.9 + 2*3*0.8 = 9.1 (demands [2,1] and [1,3]); the LP relaxation is tight. */
static void test_greedy_optimal(void **state)
{
  (void)state;
  J3oInstance        in;
  J3oClusterSolution s = {0};
  Alloc(&in, 2, 2, 2, 0);
  in.weight[1]           = 2;
  in.accuracy[0 * 2 + 0] = 0.9;
  in.accuracy[1 * 2 + 1] = 0.8;
  for (int n = 0; n < 2; n++) {
    in.client_memory_mb[n]   = 10;
    in.client_gflops[n]      = 100;
    in.client_uplink_mb_s[n] = 10;
  }
  in.demand[0] = 2;
  in.demand[1] = 1;
  in.demand[2] = 1;
  in.demand[3] = 3;
  Finish(&in);
  Solve(&in, NULL, &zero, INFINITY, INFINITY, &s);
  assert_near(s.value, 9.1, 1e-9);
  assert_near(s.priced_value, 9.1, 1e-9);
  assert_near(s.served, 2 + 2 + 1 + 6, 1e-9);
  assert_int_equal(s.x[0] + s.x[1] + s.x[2] + s.x[3], 4);
  assert_int_equal(s.nroutes, 4);
  for (int r = 0; r < s.nroutes; r++) {
    assert_int_equal(s.routes[r].route, J3O_ROUTE_LOCAL);
    assert_near(s.routes[r].fraction, 1, 1e-12);
  }
  assert_near(Bound(&in, &zero), 9.1, 1e-9);
  J3O_OK(J3oClusterSolutionFree(&s));
  J3O_OK(J3oInstanceFree(&in));
}

/* One client, two tasks (lambda 1, w 1), m0 serves t0 at 0.9, m1 serves t1 at 0.8, both 2 MB,
   client memory 3: one model fits, integer optimum 0.9 (m0). LP relaxation: x0 + x1 <= 1.5,
   u0 <= x0, u1 <= x1: x0 = 1, x1 = 0.5 gives 0.9 + 0.4 = 1.3 (better than x1 = 1: 0.8 + 0.45). */
static void test_bound_hand_lp(void **state)
{
  (void)state;
  J3oInstance        in;
  J3oClusterSolution s = {0};
  Alloc(&in, 2, 2, 1, 0);
  in.accuracy[0]  = 0.9;
  in.accuracy[3]  = 0.8;
  in.memory_mb[0] = in.memory_mb[1] = 2;
  in.client_memory_mb[0]            = 3;
  in.client_gflops[0]               = 100;
  in.client_uplink_mb_s[0]          = 10;
  in.demand[0] = in.demand[1] = 1;
  Finish(&in);
  Solve(&in, NULL, &zero, INFINITY, INFINITY, &s);
  assert_near(s.value, 0.9, 1e-9);
  assert_int_equal(s.x[0], 1);
  assert_int_equal(s.x[1], 0);
  assert_near(Bound(&in, &zero), 1.3, 1e-9);
  J3O_OK(J3oClusterSolutionFree(&s));
  J3O_OK(J3oInstanceFree(&in));
}

/* Knapsack safeguard: client memory 10; big m0 (10 MB) serves three tasks at 0.9 (value 2.7),
   small m1..m3 (1 MB) serve one task each at 0.5. Ratio greedy takes the small ones (0.5 per
   10% of memory vs 2.7 per 100%) and gets 1.5; the best single item m0 alone gives 2.7 = optimum.
   Checked with and without the second start and swaps (the safeguard alone must find it). */
static void test_knapsack_safeguard(void **state)
{
  (void)state;
  J3oInstance        in;
  J3oClusterSolution s = {0};
  J3oClusterOptions  o;
  Alloc(&in, 3, 4, 1, 0);
  in.memory_mb[0] = 10;
  for (int t = 0; t < 3; t++) {
    in.accuracy[0 * 3 + t]       = 0.9;
    in.accuracy[(1 + t) * 3 + t] = 0.5;
    in.demand[t]                 = 1;
  }
  in.client_memory_mb[0]   = 10;
  in.client_gflops[0]      = 100;
  in.client_uplink_mb_s[0] = 10;
  Finish(&in);
  J3O_OK(J3oClusterOptionsDefault(&o));
  o.second_start     = PETSC_FALSE;
  o.swaps            = PETSC_FALSE;
  o.max_alternations = 1;
  Solve(&in, &o, &zero, INFINITY, INFINITY, &s);
  assert_near(s.value, 2.7, 1e-9);
  assert_int_equal(s.x[0], 1);
  Solve(&in, NULL, &zero, INFINITY, INFINITY, &s);
  assert_near(s.value, 2.7, 1e-9);
  o.rule = J3O_ONLOAD_GREEDY; /* by accuracy summed over tasks: m0 (2.7) first, then nothing fits */
  Solve(&in, &o, &zero, INFINITY, INFINITY, &s);
  assert_near(s.value, 2.7, 1e-9);
  J3O_OK(J3oClusterSolutionFree(&s));
  J3O_OK(J3oInstanceFree(&in));
}

/* Batching, C = {0.05, 0.2, 0.3}: one client (lambda 50, d 0.1, r 10, D 0.45), edge F 10, one model
   g0 1.5, g1 0.1, acc 0.8. c = 0.05: fixed load 1.5/0.05 = 30 > 10, the model cannot run (value 0).
   c = 0.3: 0.01 + 0.6 > 0.45, inadmissible. c = 0.2: 7.5 + 5 v <= 10 -> v = 0.5, value 50*0.8*0.5 = 20.
   Bound: c = 0.2, 7.5 y + 5 v <= 10, v <= y -> v = y = 0.8, 32; c = 0.05: 30 y + 5 v <= 10 -> 2/7, 11.43. */
static void test_batching_cycle(void **state)
{
  (void)state;
  J3oInstance        in;
  J3oClusterSolution s = {0};
  Alloc(&in, 1, 1, 1, 3);
  in.duty_cycles_s[0]      = 0.05;
  in.duty_cycles_s[1]      = 0.2;
  in.duty_cycles_s[2]      = 0.3;
  in.input_mb[0]           = 0.1;
  in.deadline_s[0]         = 0.45;
  in.gflop_fixed[0]        = 1.5;
  in.gflop_per_query[0]    = 0.1;
  in.accuracy[0]           = 0.8;
  in.edge_memory_mb[0]     = 1;
  in.edge_gflops[0]        = 10;
  in.edge_cell_mb_s[0]     = 100;
  in.client_uplink_mb_s[0] = 10;
  in.demand[0]             = 50;
  Finish(&in);
  Solve(&in, NULL, &zero, INFINITY, INFINITY, &s);
  assert_near(s.duty_cycle_s, 0.2, 0);
  assert_near(s.value, 20, 1e-9);
  assert_int_equal(s.y[0], 1);
  assert_int_equal(s.nroutes, 1);
  assert_int_equal(s.routes[0].route, J3O_ROUTE_EDGE);
  assert_near(Bound(&in, &zero), 32, 1e-9);
  J3oClusterOptions o;
  J3O_OK(J3oClusterOptionsDefault(&o));
  o.rule   = J3O_ONLOAD_GREEDY; /* edge-only: baselines choose the cycle by the LP too */
  o.routes = J3O_ROUTES_EDGE;
  Solve(&in, &o, &zero, INFINITY, INFINITY, &s);
  assert_near(s.duty_cycle_s, 0.2, 0);
  assert_near(s.value, 20, 1e-9);
  J3O_OK(J3oClusterSolutionFree(&s));
  J3O_OK(J3oInstanceFree(&in));
}

/* Caps: two clients, only a cloud route (acc 0.9, g_c = 1, d = 1), lambda 10 each.
   cap_F = 4: sum 10 z <= 4 -> served 0.4 queries' worth: value 0.9 * 4 = 3.6, usage 4.
   cap_B = 3 (with cap_F = 4): ingress sum 10 z <= 3 -> value 2.7.  Prices: mu_F = 0.95 > 0.9 per
   GFLOP makes every cloud query lose value -> nothing served, priced value 0. */
static void test_caps(void **state)
{
  (void)state;
  J3oInstance        in;
  J3oClusterSolution s = {0};
  Alloc(&in, 1, 1, 2, 0);
  in.accuracy[0]             = 0.9;
  in.cloud[0]                = 1;
  in.edge_cell_mb_s[0]       = 100;
  in.edge_backhaul_mb_s[0]   = 100;
  in.edge_cloud_latency_s[0] = 0.1;
  for (int n = 0; n < 2; n++) {
    in.client_uplink_mb_s[n] = 50;
    in.demand[n]             = 10;
  }
  Finish(&in);
  Solve(&in, NULL, &zero, INFINITY, INFINITY, &s);
  assert_near(s.value, 18, 1e-9);
  assert_near(s.use.r[J3O_SHARED_CLOUD_GFLOPS], 20, 1e-9);
  Solve(&in, NULL, &zero, 4, INFINITY, &s);
  assert_le(s.use.r[J3O_SHARED_CLOUD_GFLOPS], 4, 0);
  assert_near(s.value, 3.6, 1e-9);
  Solve(&in, NULL, &zero, 4, 3, &s);
  assert_le(s.use.r[J3O_SHARED_CLOUD_GFLOPS], 4, 0);
  assert_le(s.use.r[J3O_SHARED_CLOUD_INGRESS], 3, 0);
  assert_near(s.value, 2.7, 1e-9);
  Solve(&in, NULL, &zero, 0, INFINITY, &s);
  assert_int_equal(s.nroutes, 0);
  J3oShared p = {{0.95, 0}};
  Solve(&in, NULL, &p, INFINITY, INFINITY, &s);
  assert_near(s.priced_value, 0, 1e-12);
  p.r[J3O_SHARED_CLOUD_GFLOPS] = 0.5; /* each GFLOP nets 0.9 - 0.5: serve everything; bound = priced optimum = 20 * 0.4
                                       */
  Solve(&in, NULL, &p, INFINITY, INFINITY, &s);
  assert_near(s.priced_value, 8, 1e-9);
  assert_near(Bound(&in, &p), 8, 1e-9);
  J3O_OK(J3oClusterSolutionFree(&s));
  J3O_OK(J3oInstanceFree(&in));
}

/* A random paper-like instance with E edges and nc clients each (all held). */
static double U(unsigned *s, double a, double b)
{
  *s = *s * 1103515245u + 12345u;
  return a + (b - a) * ((*s >> 8) & 0xFFFF) / 65535.0;
}

static void Random(J3oInstance *in, unsigned seed, int E, int nc, int T, int M, int K, double mem)
{
  unsigned s = seed;
  int      N = E * nc;
  J3O_OK(J3oInstanceAllocate(in, T, M, E, N, K, 0, E, 0, N));
  in->rho                = 0.9;
  in->cloud_gflops       = 1e9;
  in->cloud_ingress_mb_s = 1e9;
  for (int k = 0; k < K; k++) in->duty_cycles_s[k] = 0.02 * (k + 1);
  for (int t = 0; t < T; t++) {
    in->input_mb[t]   = U(&s, 0.05, 0.5);
    in->deadline_s[t] = U(&s, 0.1, 0.6);
    in->weight[t]     = U(&s, 0.5, 2);
  }
  for (int m = 0; m < M; m++) {
    in->memory_mb[m]       = U(&s, 50, 400);
    in->gflop_fixed[m]     = U(&s, 0, 1);
    in->gflop_per_query[m] = U(&s, 0.5, 4);
    in->cloud[m]           = U(&s, 0, 1) < 0.4;
    int any                = 0;
    for (int t = 0; t < T; t++)
      if (U(&s, 0, 1) < 0.5) {
        in->accuracy[m * T + t] = U(&s, 0.4, 0.95);
        any                     = 1;
      }
    if (!any) in->accuracy[m * T + m % T] = U(&s, 0.4, 0.95);
  }
  for (int e = 0; e < E; e++) {
    in->edge_memory_mb[e]       = mem * U(&s, 300, 900);
    in->edge_gflops[e]          = U(&s, 30, 150);
    in->edge_cell_mb_s[e]       = U(&s, 10, 60);
    in->edge_backhaul_mb_s[e]   = U(&s, 2, 20);
    in->edge_cloud_latency_s[e] = U(&s, 0.05, 0.3);
    in->edge_client_start[e]    = (int64_t)e * nc;
  }
  in->edge_client_start[E] = N;
  for (int i = 0; i < N; i++) {
    in->client_edge[i]        = i / nc;
    in->client_memory_mb[i]   = mem * U(&s, 80, 500);
    in->client_gflops[i]      = U(&s, 2, 20);
    in->client_uplink_mb_s[i] = U(&s, 2, 15);
    for (int t = 0; t < T; t++) in->demand[i * T + t] = U(&s, 0, 1) < 0.2 ? 0 : U(&s, 0.5, 8);
  }
  Finish(in);
}

/* J3oClusterSolve at prices p without caps, default search: the offloading- and bound-LP solves it took. */
static long SolveCounted(J3oCluster c, J3oShared p, J3oClusterSolution *s)
{
  long before = lp_solves;
  J3O_OK(J3oClusterSolve(c, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, s));
  return lp_solves - before;
}

/* Fractions feasible for constraints 1-8 and 11 of the cluster (within 1e-9 relative). */
static void CheckFeasible(const J3oInstance *in, const J3oClusterSolution *s)
{
  int    T = in->T, M = in->M, nc = s->nclients;
  double ecomp = 0, cell = 0, bh = 0, mem = 0, c = s->duty_cycle_s;
  int    e             = s->edge;
  double route[64 * 8] = {0}, ccomp[64] = {0}, up[64] = {0};
  assert_true(nc <= 64 && T <= 8);
  for (int m = 0; m < M; m++)
    if (s->y[m]) {
      mem += in->memory_mb[m];
      if (c > 0) ecomp += in->gflop_fixed[m] / c;
    }
  assert_le(mem, in->edge_memory_mb[e], 1e-9 * in->edge_memory_mb[e]);
  for (int n = 0; n < nc; n++) {
    double cm = 0;
    for (int m = 0; m < M; m++)
      if (s->x[n * M + m]) cm += in->memory_mb[m];
    assert_le(cm, in->client_memory_mb[in->edge_client_start[e] + n], 1e-9 * cm);
  }
  for (int r = 0; r < s->nroutes; r++) {
    const J3oRoute *q = &s->routes[r];
    int64_t         i = q->client;
    int             n = (int)(i - in->edge_client_start[e]), t = q->task, m = q->model;
    double          lam = J3oDemand(in, i, t), f = q->fraction;
    assert_true(f > 0 && f <= 1);
    route[n * T + t] += f;
    if (q->route == J3O_ROUTE_LOCAL) {
      assert_true(s->x[n * M + m]);
      assert_true(J3oLocalAdmissible(in, i, m, t));
      ccomp[n] += lam * J3oModelCost(in, m) * f;
    } else {
      up[n] += lam * in->input_mb[t] * f;
      cell += lam * in->input_mb[t] * f;
      if (q->route == J3O_ROUTE_EDGE) {
        assert_true(s->y[m]);
        assert_true(J3oEdgeAdmissible(in, i, m, t, c));
        ecomp += lam * (c > 0 ? in->gflop_per_query[m] : J3oModelCost(in, m)) * f;
      } else {
        assert_int_equal(m, in->cloud_model[t]);
        assert_true(J3oCloudAdmissible(in, i, t));
        bh += lam * in->input_mb[t] * f;
      }
    }
  }
  for (int n = 0; n < nc; n++) {
    int64_t i = in->edge_client_start[e] + n;
    for (int t = 0; t < T; t++) assert_le(route[n * T + t], 1, 1e-9);
    assert_le(ccomp[n], in->rho * in->client_gflops[i], 1e-9 * ccomp[n]);
    assert_le(up[n], in->client_uplink_mb_s[i], 1e-9 * up[n]);
  }
  assert_le(ecomp, in->rho * in->edge_gflops[e], 1e-9 * ecomp);
  assert_le(cell, in->edge_cell_mb_s[e], 1e-9 * cell);
  assert_le(bh, in->edge_backhaul_mb_s[e], 1e-9 * bh);
}

/* bound >= J3O's priced value, and both feasible, over random clusters, prices and batching. */
static void test_bound_dominates(void **state)
{
  (void)state;
  for (unsigned seed = 1; seed <= 12; seed++) {
    J3oInstance        in;
    J3oClusterSolution s = {0};
    Random(&in, seed, 2, 6, 3 + seed % 2, 10, seed % 3 == 0 ? 3 : 0, 1);
    for (int e = 0; e < 2; e++) {
      J3oShared  p = {{0.02 * (seed % 4), 0.1 * (seed % 3)}};
      J3oCluster c = NULL;
      double     b;
      J3oShared  use;
      J3O_OK(J3oClusterCreate(&in, e, NULL, &c));
      J3O_OK(J3oClusterSolve(c, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &s));
      J3O_OK(J3oClusterBound(c, &p, &b, &use));
      CheckFeasible(&in, &s);
      assert_le(s.priced_value, b, 1e-9 * b);
      assert_true(s.value > 0);
      J3O_OK(J3oClusterSolve(c,
                             &(J3oClusterRequest){p,
                                                  Caps(0.5 * s.use.r[J3O_SHARED_CLOUD_GFLOPS],
                                                       0.5 * s.use.r[J3O_SHARED_CLOUD_INGRESS]),
                                                  J3O_CLUSTER_SEARCH_DEFAULT, 0},
                             &s)); /* caps bind */
      CheckFeasible(&in, &s);
      J3O_OK(J3oClusterDestroy(&c));
    }
    J3O_OK(J3oClusterSolutionFree(&s));
    J3O_OK(J3oInstanceFree(&in));
  }
}

/* Each baseline's defining property, and J3O >= every baseline (same LP, better onloading). */
static void test_baselines(void **state)
{
  (void)state;
  for (unsigned seed = 20; seed < 26; seed++) {
    J3oInstance        in;
    J3oClusterSolution s = {0}, j = {0};
    Random(&in, seed, 1, 8, 4, 12, seed % 2 ? 2 : 0, 1);
    J3oClusterOptions o;
    J3O_OK(J3oClusterOptionsDefault(&o));
    Solve(&in, &o, &zero, INFINITY, INFINITY, &j);
    /* greedy, random, local-only, edge-only, cloud-only */
    const J3oOnloadRule rules[] = {J3O_ONLOAD_GREEDY, J3O_ONLOAD_RANDOM, J3O_ONLOAD_GREEDY, J3O_ONLOAD_GREEDY,
                                   J3O_ONLOAD_GREEDY};
    const unsigned routes[]     = {J3O_ROUTES_ALL, J3O_ROUTES_ALL, J3O_ROUTES_LOCAL, J3O_ROUTES_EDGE, J3O_ROUTES_CLOUD};
    for (int b = 0; b < 5; b++) {
      J3oOnloadRule rule = rules[b];
      o.rule             = rule;
      o.routes           = routes[b];
      Solve(&in, &o, &zero, INFINITY, INFINITY, &s);
      CheckFeasible(&in, &s);
      assert_le(s.value, j.value, 1e-9 * j.value);
      int nx = 0, ny = 0;
      for (int q = 0; q < 8 * in.M; q++) nx += s.x[q];
      for (int m = 0; m < in.M; m++) ny += s.y[m];
      for (int r = 0; r < s.nroutes; r++) assert_true(o.routes & (1u << s.routes[r].route));
      if (o.routes == J3O_ROUTES_LOCAL) {
        assert_int_equal(ny, 0);
        assert_true(nx > 0);
      }
      if (o.routes == J3O_ROUTES_EDGE) {
        assert_int_equal(nx, 0);
        assert_true(ny > 0);
      }
      if (o.routes == J3O_ROUTES_CLOUD) assert_int_equal(nx + ny, 0);
      if (rule == J3O_ONLOAD_RANDOM) { /* deterministic per seed and cluster */
        J3oClusterSolution s2 = {0};
        Solve(&in, &o, &zero, INFINITY, INFINITY, &s2);
        assert_memory_equal(s.x, s2.x, 8 * in.M);
        assert_memory_equal(s.y, s2.y, in.M);
        J3O_OK(J3oClusterSolutionFree(&s2));
      }
    }
    J3oClusterSolution cp = {0};
    J3O_OK(J3oClusterSolutionCopy(&j, &cp));
    assert_int_equal(cp.nroutes, j.nroutes);
    assert_memory_equal(cp.x, j.x, 8 * in.M);
    assert_memory_equal(cp.routes, j.routes, sizeof(J3oRoute) * j.nroutes);
    J3O_OK(J3oClusterSolutionFree(&cp));
    J3O_OK(J3oClusterSolutionFree(&s));
    J3O_OK(J3oClusterSolutionFree(&j));
    J3O_OK(J3oInstanceFree(&in));
  }
}

/* J3O vs the exact MILP on small single-cluster instances (prices 0, cloud ample): never above it,
   and close. Prints the ratios. */
static void test_vs_exact(void **state)
{
  (void)state;
  double sum = 0, worst = 1;
  int    cnt = 0;
  for (unsigned seed = 100; seed < 112; seed++) {
    J3oInstance        in;
    J3oResult          r;
    J3oClusterSolution s = {0};
    Random(&in, seed, 1, 5 + seed % 4, 3 + seed % 2, 8 + seed % 5, seed % 3 == 1 ? 3 : 0, 0.6 + 0.1 * (seed % 3));
    Solve(&in, NULL, &zero, INFINITY, INFINITY, &s);
    J3O_OK(J3oResultAllocate(&r, &in, "exact"));
    J3O_OK(J3oExactSolve(&in, 60, &r));
    double a = s.value / in.total_weighted_demand, b = Bound(&in, &zero) / in.total_weighted_demand;
    assert_le(a, r.accuracy, 1e-9);
    assert_le(r.accuracy, b, 1e-7);
    double ratio = r.accuracy > 0 ? a / r.accuracy : 1;
    printf("# exact seed %u: J3O %.6f exact %.6f (%s) bound %.6f ratio %.5f\n", seed, a, r.accuracy,
           J3oStatusNames[r.status], b, ratio);
    sum += ratio;
    cnt++;
    if (ratio < worst) worst = ratio;
    J3O_OK(J3oResultFree(&r));
    J3O_OK(J3oClusterSolutionFree(&s));
    J3O_OK(J3oInstanceFree(&in));
  }
  printf("# J3O / exact: mean %.5f min %.5f over %d\n", sum / cnt, worst, cnt);
  assert_true(sum / cnt >= 0.99);
}

/* Timing on a scale cluster (100 clients x 5 tasks x 20 models): printed; loose asserts. */
static void test_scale_timing(void **state)
{
  (void)state;
  for (int K = 0; K <= 3; K += 3) {
    J3oInstance        in;
    J3oClusterSolution s = {0};
    J3oCluster         c = NULL;
    double             b;
    J3oShared          use;
    Random(&in, 7 + K, 1, 100, 5, 20, K, 1);
    clock_t t0 = clock();
    J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
    clock_t t1 = clock();
    J3O_OK(J3oClusterBound(c, &zero, &b, &use));
    clock_t   t2 = clock();
    J3oShared p  = {{0.01, 0.01}};
    J3O_OK(J3oClusterBound(c, &p, &b, &use));
    clock_t t3 = clock();
    J3O_OK(J3oClusterSolve(c, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &s));
    clock_t t4 = clock();
    double  tb = (double)(t2 - t1) / CLOCKS_PER_SEC, tb2 = (double)(t3 - t2) / CLOCKS_PER_SEC,
           ts = (double)(t4 - t3) / CLOCKS_PER_SEC;
    printf("# scale K=%d: create %.3fs bound %.3fs bound(warm) %.3fs solve %.3fs  J3O/bound %.5f\n", K,
           (double)(t1 - t0) / CLOCKS_PER_SEC, tb, tb2, ts, s.priced_value / b);
    assert_le(s.priced_value, b, 1e-9 * b);
    assert_true(ts < 10);
    J3O_OK(J3oClusterDestroy(&c));
    J3O_OK(J3oClusterSolutionFree(&s));
    J3O_OK(J3oInstanceFree(&in));
  }
}

/* The screening tests' random cluster of this seed, and the default options with (on) and without
   (off) the duty-cycle screening. */
static void ScreenPair(unsigned seed, J3oInstance *in, J3oClusterOptions *on, J3oClusterOptions *off)
{
  J3O_OK(J3oClusterOptionsDefault(on));
  *off              = *on;
  off->bound_screen = PETSC_FALSE;
  Random(in, seed, 1, 8 + 4 * (seed % 3), 4, 12, 3, 0.7);
}

/* The stale-dual screening of duty cycles is exact: over a price sequence, J3oClusterBound with
   and without it returns the same value (to LP round-off). It also skips: over the whole sequence it
   solves fewer LPs. Some of its solves stop at the cutoff (a cycle proved below the best one solved)
   and the value holds. At prices it has just evaluated it solves nothing (test_bound_memo). */
static void test_bound_screen_exact(void **state)
{
  (void)state;
  long            cut0   = lp_cutoffs;
  const J3oShared seq[5] = {{{0, 0}}, {{0.5, 0.5}}, {{0.02, 0}}, {{0.01, 0.1}}, {{0.02, 0}}};
  for (unsigned seed = 3; seed <= 12; seed += 3) {
    J3oInstance       in;
    J3oClusterOptions on, off;
    ScreenPair(seed, &in, &on, &off);
    J3oCluster a = NULL, b = NULL;
    J3O_OK(J3oClusterCreate(&in, 0, &on, &a));
    J3O_OK(J3oClusterCreate(&in, 0, &off, &b));
    long na = 0, nb = 0;
    for (int q = 0; q < 5; q++) {
      double    va, vb;
      J3oShared use;
      long      n0 = lp_solves;
      J3O_OK(J3oClusterBound(a, &seq[q], &va, &use));
      na += lp_solves - n0;
      n0 = lp_solves;
      J3O_OK(J3oClusterBound(b, &seq[q], &vb, &use));
      nb += lp_solves - n0;
      assert_near(va, vb, 1e-7 * PetscMax(1, vb));
    }
    assert_true(na < nb);
    J3O_OK(J3oClusterDestroy(&a));
    J3O_OK(J3oClusterDestroy(&b));
    J3O_OK(J3oInstanceFree(&in));
  }
  print_message("bound screening: %ld solves stopped at the cutoff\n", lp_cutoffs - cut0);
  assert_true(lp_cutoffs > cut0);
}

/* The bound's memo (cluster_bound_memo.c): at prices evaluated before, among the last J3O_BOUND_MEMO,
   J3oClusterBound solves no LP and returns that evaluation's value and use bit for bit; prices that
   differ in one resource only are other prices; past J3O_BOUND_MEMO others the oldest is solved again,
   to the same value; a previous plan given afterwards is another bound LP. Each value is a fresh
   cluster's at the same prices. */
static void test_bound_memo(void **state)
{
  (void)state;
  const J3oShared p[4] = {{{0.02, 0}}, {{0.02, 0.3}}, {{0.5, 0.3}}, {{0, 0}}};
  for (unsigned seed = 3; seed <= 12; seed += 3) {
    J3oInstance       in;
    J3oClusterOptions on, off;
    J3oCluster        a = NULL;
    double            v[4], w;
    J3oShared         u[4], uw;
    ScreenPair(seed, &in, &on, &off);
    J3O_OK(J3oClusterCreate(&in, 0, &on, &a));
    for (int q = 0; q < 4; q++) {
      J3oCluster f = NULL;
      J3O_OK(J3oClusterBound(a, &p[q], &v[q], &u[q]));
      J3O_OK(J3oClusterCreate(&in, 0, &on, &f));
      J3O_OK(J3oClusterBound(f, &p[q], &w, &uw));
      assert_near(v[q], w, 1e-9 * PetscMax(1, w));
      J3O_OK(J3oClusterDestroy(&f));
    }
    for (int q = 3; q >= 0; q--) { /* again, backwards: no solve, the same answer */
      long n0 = lp_solves;
      J3O_OK(J3oClusterBound(a, &p[q], &w, &uw));
      assert_int_equal(lp_solves - n0, 0);
      assert_true(w == v[q]);
      assert_memory_equal(&uw, &u[q], sizeof(uw));
    }
    for (int i = 1; i <= J3O_BOUND_MEMO; i++) { /* J3O_BOUND_MEMO other prices push the first out */
      J3oShared o = {{0.001 * i, 0.002 * i}};
      J3O_OK(J3oClusterBound(a, &o, &w, &uw));
    }
    long n0 = lp_solves;
    J3O_OK(J3oClusterBound(a, &p[0], &w, &uw));
    assert_true(lp_solves - n0 >= 1);
    assert_near(w, v[0], 1e-9 * PetscMax(1, v[0]));
    { /* a previous plan given after a bound (nothing held, a budget of 0 MB) is another bound LP:
         its answer is a fresh cluster's with that plan, not the memo's */
      int            nc = (int)in.client_count;
      unsigned char *none;
      J3oCluster     f = NULL;
      J3O_OK(PetscCalloc1((size_t)nc * in.M + in.M, &none));
      J3O_OK(J3oClusterSetPrevious(a, none, none + (size_t)nc * in.M, 0, 0));
      J3O_OK(J3oClusterBound(a, &p[0], &w, &uw));
      J3O_OK(J3oClusterCreate(&in, 0, &on, &f));
      J3O_OK(J3oClusterSetPrevious(f, none, none + (size_t)nc * in.M, 0, 0));
      J3O_OK(J3oClusterBound(f, &p[0], &v[0], &u[0]));
      assert_near(w, v[0], 1e-9 * PetscMax(1, v[0]));
      J3O_OK(J3oClusterDestroy(&f));
      J3O_OK(PetscFree(none));
    }
    J3O_OK(J3oClusterDestroy(&a));
    J3O_OK(J3oInstanceFree(&in));
  }
}

/* Screening with a previous plan: the churn columns' objective moves with the churn price, and
   their stale-dual terms must keep every skipped cycle below the max. Along a price path that moves
   the churn price up and down, under no budget and under a binding one, the bound is the same with
   screening on and off. */
static void test_bound_screen_churn(void **state)
{
  (void)state;
  const J3oShared seq[6]     = {{{0, 0, 0}},       {{0, 0, 0.002}},       {{0.5, 0.5, 0}},
                                {{0.02, 0, 0.01}}, {{0.01, 0.1, 0.0005}}, {{0, 0, 0.02}}};
  const double    budgets[2] = {INFINITY, 150};
  for (unsigned seed = 3; seed <= 12; seed += 3)
    for (int b = 0; b < 2; b++) {
      J3oInstance       in;
      J3oClusterOptions on, off;
      ScreenPair(seed, &in, &on, &off);
      int            nc = (int)in.client_count, M = in.M;
      unsigned char *xp, yp[12];
      J3O_OK(PetscCalloc1((size_t)nc * M, &xp));
      for (int i = 0; i < nc * M; i++) xp[i] = (unsigned char)(i % 3 == 0);
      for (int m = 0; m < M; m++) yp[m] = (unsigned char)(m % 2);
      J3oCluster a = NULL, c = NULL;
      J3O_OK(J3oClusterCreate(&in, 0, &on, &a));
      J3O_OK(J3oClusterCreate(&in, 0, &off, &c));
      J3O_OK(J3oClusterSetPrevious(a, xp, yp, 0, budgets[b]));
      J3O_OK(J3oClusterSetPrevious(c, xp, yp, 0, budgets[b]));
      for (int q = 0; q < 6; q++) {
        double    va, vc;
        J3oShared ua, uc;
        J3O_OK(J3oClusterBound(a, &seq[q], &va, &ua));
        J3O_OK(J3oClusterBound(c, &seq[q], &vc, &uc));
        if (!(fabs(va - vc) <= 1e-7 * PetscMax(1, vc)))
          fail_msg("seed %u budget %g price %d: screened bound %.12g, unscreened %.12g", seed, budgets[b], q, va, vc);
        assert_true(uc.r[J3O_SHARED_CHURN_MB] <= budgets[b] * (1 + 1e-9));
      }
      J3O_OK(J3oClusterDestroy(&a));
      J3O_OK(J3oClusterDestroy(&c));
      J3O_OK(PetscFree(xp));
      J3O_OK(J3oInstanceFree(&in));
    }
}

/* Each duty cycle re-entering from its own saved basis gives the LP optimum: over a price sequence
   that switches cycles (screening off: every cycle solved each time), the bound of a cluster that
   saw the whole sequence equals that of a fresh cluster at each price. */
static void test_bound_cycle_bases(void **state)
{
  (void)state;
  const J3oShared seq[6] = {{{0, 0}}, {{0.05, 0.2}}, {{0.01, 0}}, {{0, 0.3}}, {{0.5, 0.5}}, {{0.01, 0}}};
  for (unsigned seed = 5; seed <= 9; seed += 2) {
    J3oInstance       in;
    J3oClusterOptions o;
    J3O_OK(J3oClusterOptionsDefault(&o));
    o.bound_screen = PETSC_FALSE;
    Random(&in, seed, 1, 10 + 3 * (seed % 3), 4, 12, 3, 0.7);
    J3oCluster a = NULL;
    J3O_OK(J3oClusterCreate(&in, 0, &o, &a));
    for (int q = 0; q < 6; q++) {
      J3oCluster b = NULL;
      double     va, vb;
      J3oShared  use;
      J3O_OK(J3oClusterCreate(&in, 0, &o, &b));
      J3O_OK(J3oClusterBound(a, &seq[q], &va, &use));
      J3O_OK(J3oClusterBound(b, &seq[q], &vb, &use));
      assert_near(va, vb, 1e-7 * PetscMax(1, vb));
      J3O_OK(J3oClusterDestroy(&b));
    }
    J3O_OK(J3oClusterDestroy(&a));
    J3O_OK(J3oInstanceFree(&in));
  }
}

/* J3oClusterReroute keeps the last solve's onloading and re-routes it by the LP: uncapped it
   reaches the solve's own value (same residency, same LP), capped it stays within the caps
   (0: no cloud at all), always feasible and never above the uncapped value. */
static void test_reroute(void **state)
{
  (void)state;
  int tested = 0;
  for (unsigned seed = 50; seed < 70; seed++) {
    J3oInstance        in;
    J3oClusterOptions  o;
    J3oClusterSolution s = {0}, r[3] = {{0}};
    J3oShared          p = {{0, 0}};
    J3O_OK(J3oClusterOptionsDefault(&o));
    Random(&in, seed, 1, 12, 4, 12, seed % 3 ? 3 : 0, 0.7);
    J3oCluster c = NULL;
    if (seed % 2) J3O_OK(PetscOptionsSetValue(NULL, "-j3o_large_clients", "5")); /* the lean large-cluster path too */
    J3O_OK(J3oClusterCreate(&in, 0, &o, &c));
    J3O_OK(PetscOptionsClearValue(NULL, "-j3o_large_clients"));
    J3O_OK(J3oClusterSolve(c, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &s));
    if (!(s.use.r[J3O_SHARED_CLOUD_GFLOPS] > 0)) { /* no cloud to cap on this draw */
      J3O_OK(J3oClusterDestroy(&c));
      J3O_OK(J3oClusterSolutionFree(&s));
      J3O_OK(J3oInstanceFree(&in));
      continue;
    }
    tested++;
    double capF[3]   = {INFINITY, 0, 0.5 * s.use.r[J3O_SHARED_CLOUD_GFLOPS]},
           capB[3]   = {INFINITY, 0, 0.5 * s.use.r[J3O_SHARED_CLOUD_INGRESS]};
    J3oShared cap[3] = {Caps(capF[0], capB[0]), Caps(capF[1], capB[1]), Caps(capF[2], capB[2])};
    J3O_OK(J3oClusterReroute(c, &p, 3, cap, r));
    for (int i = 0; i < 3; i++) {
      CheckFeasible(&in, &r[i]);
      assert_memory_equal(r[i].x, s.x, (size_t)s.nclients * in.M);
      assert_memory_equal(r[i].y, s.y, (size_t)in.M);
      assert_true(r[i].duty_cycle_s == s.duty_cycle_s);
      assert_le(r[i].use.r[J3O_SHARED_CLOUD_GFLOPS], capF[i], 1e-9 * s.use.r[J3O_SHARED_CLOUD_GFLOPS]);
      assert_le(r[i].use.r[J3O_SHARED_CLOUD_INGRESS], capB[i], 1e-9 * s.use.r[J3O_SHARED_CLOUD_INGRESS]);
      assert_le(r[i].priced_value, s.priced_value, 1e-9 * fabs(s.priced_value));
    }
    assert_near(r[0].priced_value, s.priced_value, 1e-9 * fabs(s.priced_value));
    assert_true(r[1].use.r[J3O_SHARED_CLOUD_GFLOPS] == 0 && r[1].use.r[J3O_SHARED_CLOUD_INGRESS] == 0);
    J3O_OK(J3oClusterDestroy(&c));
    J3O_OK(J3oClusterSolutionFree(&s));
    for (int i = 0; i < 3; i++) J3O_OK(J3oClusterSolutionFree(&r[i]));
    J3O_OK(J3oInstanceFree(&in));
  }
  assert_true(tested >= 6);
}

/* Dominance by hand: m1 needs more memory than m0 and is less accurate on t1; m2 is a copy of m0
   (the higher index goes); m3 is smaller but useless on t1; m4 has the least fixed GFLOP. */
static void test_dominated_models(void **state)
{
  (void)state;
  J3oInstance   in;
  unsigned char dom[5];
  const double  mem[5] = {100, 120, 100, 50, 100}, g0[5] = {1, 1, 1, 1, 0.5},
               acc[5][2] = {{0.8, 0.7}, {0.8, 0.6}, {0.8, 0.7}, {0.9, 0}, {0.7, 0.7}};
  Alloc(&in, 2, 5, 1, 0);
  for (int m = 0; m < 5; m++) {
    in.memory_mb[m]       = mem[m];
    in.gflop_fixed[m]     = g0[m];
    in.gflop_per_query[m] = 2;
    for (int t = 0; t < 2; t++) in.accuracy[m * 2 + t] = acc[m][t];
  }
  J3oDominatedModels(&in, dom);
  const unsigned char want[5] = {0, 1, 1, 0, 0};
  assert_memory_equal(dom, want, 5);
  J3O_OK(J3oInstanceFree(&in));
}

/* Leaving dominated models out keeps the bound exactly: J3O clusters (pruned) and greedy-rule
   clusters (every model) have the same LP-relaxation bound at several prices, on random instances
   whose zoo has dominated models. */
static void test_dominance_keeps_bound(void **state)
{
  (void)state;
  int pruned = 0;
  for (unsigned seed = 60; seed < 72; seed++) {
    J3oInstance       in;
    J3oClusterOptions oj, og;
    unsigned char     dom[16];
    J3O_OK(J3oClusterOptionsDefault(&oj));
    og      = oj;
    og.rule = J3O_ONLOAD_GREEDY;
    Random(&in, seed, 1, 8, 3, 14, seed % 2 ? 3 : 0, 0.7);
    J3oDominatedModels(&in, dom);
    for (int m = 0; m < in.M; m++) pruned += dom[m];
    J3oCluster a = NULL, b = NULL;
    J3O_OK(J3oClusterCreate(&in, 0, &oj, &a));
    J3O_OK(J3oClusterCreate(&in, 0, &og, &b));
    const J3oShared seq[3] = {{{0, 0}}, {{0.01, 0.05}}, {{0.1, 0.5}}};
    for (int q = 0; q < 3; q++) {
      double    va, vb;
      J3oShared use;
      J3O_OK(J3oClusterBound(a, &seq[q], &va, &use));
      J3O_OK(J3oClusterBound(b, &seq[q], &vb, &use));
      assert_near(va, vb, 1e-9 * PetscMax(1, vb));
    }
    J3O_OK(J3oClusterDestroy(&a));
    J3O_OK(J3oClusterDestroy(&b));
    J3O_OK(J3oInstanceFree(&in));
  }
  assert_true(pruned >= 5); /* the draws do exercise the pruning */
}

/* Large-cluster mode (budgeted search, lean memory), forced on a 30-client cluster with
   large_clients = 10: feasible, below the bound, within 3 % of the full search's priced value,
   and a capped re-solve (recovery's call, warm from the last residency) respects the caps; the
   uncapped re-solve after it, warm from that residency, is never worse; a second cluster given the
   same calls gives the same answers (no state outside the cluster object). */
static void test_large_mode(void **state)
{
  (void)state;
  for (unsigned seed = 40; seed < 44; seed++) {
    J3oInstance        in;
    J3oClusterOptions  full;
    J3oClusterSolution sf = {0}, sl = {0}, s2 = {0};
    J3oShared          p = {{0.01 * (seed % 2), 0.05}};
    double             b;
    J3oShared          use;
    J3O_OK(J3oClusterOptionsDefault(&full));
    Random(&in, seed, 1, 30, 4, 14, seed % 2 ? 3 : 0, 0.6);
    J3oCluster cf = NULL, cl = NULL;
    J3O_OK(J3oClusterCreate(&in, 0, &full, &cf));
    J3O_OK(PetscOptionsSetValue(NULL, "-j3o_large_clients", "10")); /* the search knobs are the cluster's own options */
    J3O_OK(PetscOptionsSetValue(NULL, "-j3o_large_lp_budget", "12"));
    J3O_OK(J3oClusterCreate(&in, 0, &full, &cl));
    J3O_OK(PetscOptionsClearValue(NULL, "-j3o_large_clients"));
    J3O_OK(PetscOptionsClearValue(NULL, "-j3o_large_lp_budget"));
    J3O_OK(J3oClusterSolve(cf, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &sf));
    J3O_OK(J3oClusterBound(cl, &p, &b, &use));
    J3O_OK(J3oClusterSolve(cl, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &sl));
    CheckFeasible(&in, &sl);
    assert_le(sl.priced_value, b, 1e-9 * b);
    assert_true(sl.priced_value >= 0.97 * sf.priced_value);
    J3O_OK(J3oClusterSolve(cl,
                           &(J3oClusterRequest){p,
                                                Caps(0.5 * sl.use.r[J3O_SHARED_CLOUD_GFLOPS],
                                                     0.5 * sl.use.r[J3O_SHARED_CLOUD_INGRESS]),
                                                J3O_CLUSTER_SEARCH_DEFAULT, 0},
                           &s2));
    CheckFeasible(&in, &s2);
    assert_le(s2.use.r[J3O_SHARED_CLOUD_GFLOPS], 0.5 * sl.use.r[J3O_SHARED_CLOUD_GFLOPS],
              1e-9 * sl.use.r[J3O_SHARED_CLOUD_GFLOPS]);
    assert_le(s2.use.r[J3O_SHARED_CLOUD_INGRESS], 0.5 * sl.use.r[J3O_SHARED_CLOUD_INGRESS],
              1e-9 * sl.use.r[J3O_SHARED_CLOUD_INGRESS]);
    J3O_OK(J3oClusterSolve(cl, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &s2));
    assert_true(s2.priced_value >= sl.priced_value - 1e-9 * fabs(sl.priced_value)); /* warm: never worse */
    {
      J3oCluster         c2 = NULL;
      J3oClusterSolution r  = {0};
      double             b2;
      J3O_OK(PetscOptionsSetValue(NULL, "-j3o_large_clients", "10"));
      J3O_OK(PetscOptionsSetValue(NULL, "-j3o_large_lp_budget", "12"));
      J3O_OK(J3oClusterCreate(&in, 0, &full, &c2));
      J3O_OK(PetscOptionsClearValue(NULL, "-j3o_large_clients"));
      J3O_OK(PetscOptionsClearValue(NULL, "-j3o_large_lp_budget"));
      J3O_OK(J3oClusterBound(c2, &p, &b2, &use));
      assert_true(b2 == b);
      J3O_OK(J3oClusterSolve(c2, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &r));
      assert_true(r.priced_value == sl.priced_value);
      J3O_OK(J3oClusterSolutionFree(&r));
      J3oClusterRequest capped = {p,
                                  Caps(0.5 * sl.use.r[J3O_SHARED_CLOUD_GFLOPS],
                                       0.5 * sl.use.r[J3O_SHARED_CLOUD_INGRESS]),
                                  J3O_CLUSTER_SEARCH_DEFAULT, 0};
      J3O_OK(J3oClusterSolve(c2, &capped, &r));
      J3O_OK(J3oClusterSolutionFree(&r));
      J3O_OK(J3oClusterSolve(c2, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &r));
      assert_true(r.priced_value == s2.priced_value);
      J3O_OK(J3oClusterSolutionFree(&r));
      J3O_OK(J3oClusterDestroy(&c2));
    }
    J3O_OK(J3oClusterDestroy(&cf));
    J3O_OK(J3oClusterDestroy(&cl));
    J3O_OK(J3oClusterSolutionFree(&sf));
    J3O_OK(J3oClusterSolutionFree(&sl));
    J3O_OK(J3oClusterSolutionFree(&s2));
    J3O_OK(J3oInstanceFree(&in));
  }
}

/* The request's search mode reaches the search: on small clusters (budgeted by default),
   J3O_CLUSTER_SEARCH_EXHAUSTIVE gives exactly what the whole search gives when -j3o_budget_small 0
   makes it the default, and on some of the draws it differs from the budgeted search (so a request
   whose mode were ignored fails here). Every solution is feasible. */
static void test_request_search_mode(void **state)
{
  (void)state;
  int differ = 0;
  for (unsigned seed = 80; seed < 92; seed++) {
    J3oInstance        in;
    J3oClusterSolution sb = {0}, se = {0}, sw = {0};
    J3oShared          p  = {{0.002 * (seed % 3), 0.01}};
    J3oCluster         cb = NULL, cw = NULL;
    Random(&in, seed, 1, 10, 4, 12, seed % 2 ? 3 : 0, 0.5);
    J3O_OK(J3oClusterCreate(&in, 0, NULL, &cb));
    J3O_OK(PetscOptionsSetValue(NULL, "-j3o_budget_small", "0"));
    J3O_OK(J3oClusterCreate(&in, 0, NULL, &cw));
    J3O_OK(PetscOptionsClearValue(NULL, "-j3o_budget_small"));
    J3O_OK(J3oClusterSolve(cb, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &sb));
    J3O_OK(J3oClusterSolve(cw, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &sw));
    J3O_OK(J3oClusterDestroy(&cb));
    J3O_OK(J3oClusterCreate(&in, 0, NULL, &cb)); /* fresh: no warm start from the budgeted solve */
    J3O_OK(
      J3oClusterSolve(cb, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_EXHAUSTIVE, 0}, &se));
    CheckFeasible(&in, &sb);
    CheckFeasible(&in, &se);
    assert_true(se.priced_value == sw.priced_value);
    assert_int_equal(se.nroutes, sw.nroutes);
    assert_memory_equal(se.x, sw.x, (size_t)se.nclients * se.M);
    assert_memory_equal(se.y, sw.y, se.M);
    if (se.priced_value != sb.priced_value || memcmp(se.x, sb.x, (size_t)se.nclients * se.M)) differ++;
    J3O_OK(J3oClusterDestroy(&cb));
    J3O_OK(J3oClusterDestroy(&cw));
    J3O_OK(J3oClusterSolutionFree(&sb));
    J3O_OK(J3oClusterSolutionFree(&se));
    J3O_OK(J3oClusterSolutionFree(&sw));
    J3O_OK(J3oInstanceFree(&in));
  }
  print_message("request search mode: exhaustive differs from budgeted on %d of 12 draws\n", differ);
  assert_true(differ > 0);
}

/* A re-plan's warm start (J3oClusterWarmStart): a solve at the previous prices reuses the previous
   onloading with one offloading-LP solve and reaches its value; at other prices it searches from it
   (and never ends below it); an onloading over a client's memory or a duty cycle outside C is
   refused (the normal start); every solution stays feasible. */
static void test_warm_start(void **state)
{
  (void)state;
  for (unsigned seed = 80; seed < 86; seed++) {
    J3oInstance        in;
    J3oClusterOptions  o;
    J3oClusterSolution s = {0}, w = {0}, v = {0};
    J3oShared          p = {{0.02 * (seed % 3), 0.1 * (seed % 2)}}, q = {{0.05, 0.05}};
    J3oCluster         a = NULL, b = NULL;
    PetscBool          used;
    long               before;
    J3O_OK(J3oClusterOptionsDefault(&o));
    Random(&in, seed, 1, 12, 4, 12, seed % 2 ? 3 : 0, 0.7);
    J3O_OK(J3oClusterCreate(&in, 0, &o, &a));
    J3O_OK(J3oClusterSolve(a, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &s));
    /* reuse: one LP, the same onloading and value */
    J3O_OK(J3oClusterCreate(&in, 0, &o, &b));
    J3O_OK(J3oClusterWarmStart(b, s.x, s.y, s.duty_cycle_s, &p, 0, &used));
    assert_true(used);
    before = lp_solves;
    J3O_OK(J3oClusterSolve(b, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &w));
    assert_int_equal(lp_solves - before, 1);
    assert_memory_equal(w.x, s.x, (size_t)s.nclients * in.M);
    assert_memory_equal(w.y, s.y, (size_t)in.M);
    assert_true(w.duty_cycle_s == s.duty_cycle_s);
    assert_near(w.priced_value, s.priced_value, 1e-9 * PetscMax(1, fabs(s.priced_value)));
    CheckFeasible(&in, &w);
    J3O_OK(J3oClusterDestroy(&b));
    /* other prices: a search from the previous onloading, at least as good as it re-routed */
    J3O_OK(J3oClusterCreate(&in, 0, &o, &b));
    J3O_OK(J3oClusterWarmStart(b, s.x, s.y, s.duty_cycle_s, &p, 0, &used));
    J3O_OK(J3oClusterReroute(b, &q, 1, &(J3oShared){{INFINITY, INFINITY, INFINITY}}, &v));
    before = lp_solves;
    J3O_OK(J3oClusterSolutionFree(&w));
    J3O_OK(J3oClusterSolve(b, &(J3oClusterRequest){q, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &w));
    assert_true(lp_solves - before > 1);
    assert_le(v.priced_value, w.priced_value, 1e-9 * PetscMax(1, fabs(v.priced_value)));
    CheckFeasible(&in, &w);
    J3O_OK(J3oClusterDestroy(&b));
    /* refused: every model on client 0 (over its memory), or a duty cycle outside C */
    unsigned char *x;
    J3O_OK(PetscMalloc1((size_t)s.nclients * in.M, &x));
    J3O_OK(PetscArraycpy(x, s.x, (size_t)s.nclients * in.M));
    for (int m = 0; m < in.M; m++) x[m] = 1;
    J3O_OK(J3oClusterCreate(&in, 0, &o, &b));
    J3O_OK(J3oClusterWarmStart(b, x, s.y, s.duty_cycle_s, &p, 0, &used));
    assert_false(used);
    J3O_OK(J3oClusterWarmStart(b, s.x, s.y, 0.123, &p, 0, &used));
    assert_true(used == (in.K == 0)); /* without batching the duty cycle is ignored */
    J3O_OK(J3oClusterDestroy(&b));
    J3O_OK(PetscFree(x));
    J3O_OK(J3oClusterDestroy(&a));
    J3O_OK(J3oClusterSolutionFree(&s));
    J3O_OK(J3oClusterSolutionFree(&w));
    J3O_OK(J3oClusterSolutionFree(&v));
    J3O_OK(J3oInstanceFree(&in));
  }
}

/* A request's LP budget (recovery's re-solves of the clusters it cuts, -j3o_resolve_lp_budget): a large
   cluster's search under a cloud cap from its onloading spends at most that many offloading-LP solves, not
   -j3o_large_lp_budget (16: its searches here take 19-33 at a budget of 40), and stays within the caps. */
static void test_request_lp_budget(void **state)
{
  (void)state;
  for (unsigned seed = 90; seed < 94; seed++) {
    J3oInstance in;
    long        n[2];
    double      v[2];
    Random(&in, seed, 1, 30, 4, 14, seed % 2 ? 3 : 0, 0.6);
    for (int i = 0; i < 2; i++) {
      J3oCluster         c = NULL;
      J3oClusterSolution s = {0}, t = {0};
      J3oShared          p = {{0.01 * (seed % 2), 0.05}};
      J3O_OK(PetscOptionsSetValue(NULL, "-j3o_large_clients", "10"));
      J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
      J3O_OK(PetscOptionsClearValue(NULL, "-j3o_large_clients"));
      (void)SolveCounted(c, p, &s);
      J3oShared cap    = Caps(0.5 * s.use.r[J3O_SHARED_CLOUD_GFLOPS], 0.5 * s.use.r[J3O_SHARED_CLOUD_INGRESS]);
      long      before = lp_solves;
      J3O_OK(J3oClusterSolve(c, &(J3oClusterRequest){p, cap, J3O_CLUSTER_SEARCH_DEFAULT, i ? 2 : 40}, &t));
      n[i] = lp_solves - before;
      v[i] = t.priced_value;
      CheckFeasible(&in, &t);
      assert_le(t.use.r[J3O_SHARED_CLOUD_GFLOPS], cap.r[J3O_SHARED_CLOUD_GFLOPS],
                1e-9 * s.use.r[J3O_SHARED_CLOUD_GFLOPS]);
      assert_le(t.use.r[J3O_SHARED_CLOUD_INGRESS], cap.r[J3O_SHARED_CLOUD_INGRESS],
                1e-9 * s.use.r[J3O_SHARED_CLOUD_INGRESS]);
      J3O_OK(J3oClusterSolutionFree(&s));
      J3O_OK(J3oClusterSolutionFree(&t));
      J3O_OK(J3oClusterDestroy(&c));
    }
    print_message("seed %u: capped search %ld LP solves at budget 40 (value %.6g), %ld at 2 (%.6g)\n", seed, n[0], v[0],
                  n[1], v[1]);
    assert_true(n[1] <= 2 && n[1] >= 1);
    assert_true(n[0] > 16 && n[0] <= 40);
    J3O_OK(J3oInstanceFree(&in));
  }
}

/* Past the time limit (J3oClusterSetDeadline in the past): a search stops at its next offloading-LP
   solve with a feasible solution, in far fewer LP solves than the whole search, while the bound is
   the same; J3oClusterKeep re-routes the kept onloading (a warm start's previous one, or without a warm
   start the one J3oClusterSetPrevious gave, or the part of it that fits) in one LP solve, and without one (or
   when the previous duty cycle is not the instance's) returns the empty solution without a solve. Small (12 clients)
   and large (50). */
static void test_deadline(void **state)
{
  (void)state;
  long full = 0, cut = 0;
  for (unsigned seed = 80; seed < 86; seed++) {
    J3oInstance        in;
    J3oClusterSolution s = {0}, d = {0}, k = {0}, e = {0}, h = {0}, t = {0};
    J3oShared          p = {{0.02 * (seed % 3), 0.1 * (seed % 2)}}, q = {{0.05, 0.05}}, ua, ub;
    J3oCluster         a = NULL, b = NULL, c = NULL;
    PetscBool          used;
    double             bva, bvb;
    Random(&in, seed, 1, seed % 2 ? 12 : 50, 4, 12, seed % 3 ? 3 : 0, 0.7);
    J3O_OK(J3oClusterCreate(&in, 0, NULL, &a));
    J3O_OK(J3oClusterCreate(&in, 0, NULL, &b));
    J3O_OK(J3oClusterSetDeadline(b, 0)); /* long past */
    full += SolveCounted(a, p, &s);
    long n = SolveCounted(b, p, &d);
    cut += n;
    CheckFeasible(&in, &d);
    assert_true(d.value >= 0 && d.value <= s.value + 1e-9 * PetscMax(1, s.value));
    J3O_OK(J3oClusterBound(a, &q, &bva, &ua));
    J3O_OK(J3oClusterBound(b, &q, &bvb, &ub));
    assert_true(bva == bvb);
    /* keep: the previous onloading re-routed at q, one LP; nothing kept: empty, no LP */
    J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
    J3O_OK(J3oClusterWarmStart(c, s.x, s.y, s.duty_cycle_s, NULL, 0, &used));
    assert_true(used);
    long before = lp_solves;
    J3O_OK(J3oClusterKeep(c, &q, &k));
    assert_int_equal(lp_solves - before, 1);
    assert_memory_equal(k.x, s.x, (size_t)s.nclients * in.M);
    assert_memory_equal(k.y, s.y, (size_t)in.M);
    assert_true(k.value > 0);
    CheckFeasible(&in, &k);
    J3O_OK(J3oClusterDestroy(&c));
    /* without a warm start (-j3o_warm false, a baseline): the previous plan J3oClusterSetPrevious gave */
    J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
    J3O_OK(J3oClusterSetPrevious(c, s.x, s.y, s.duty_cycle_s, INFINITY));
    before = lp_solves;
    J3O_OK(J3oClusterKeep(c, &q, &h));
    assert_int_equal(lp_solves - before, 1);
    assert_memory_equal(h.x, s.x, (size_t)s.nclients * in.M);
    assert_memory_equal(h.y, s.y, (size_t)in.M);
    assert_true(fabs(h.value - k.value) <= 1e-9 * k.value && h.duty_cycle_s == s.duty_cycle_s);
    J3O_OK(J3oClusterDestroy(&c));
    /* a previous onloading over this instance's memory (every model on client 0 and the edge): the part
       that fits kept (the other clients' models as they were), re-routed in one LP */
    {
      size_t         nx = (size_t)s.nclients * in.M;
      unsigned char *xa, *ya;
      xa = malloc(nx);
      ya = malloc(in.M);
      memcpy(xa, s.x, nx);
      memset(xa, 1, in.M);
      memset(ya, 1, in.M);
      J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
      J3O_OK(J3oClusterSetPrevious(c, xa, ya, s.duty_cycle_s, INFINITY));
      before = lp_solves;
      J3O_OK(J3oClusterKeep(c, &q, &t));
      assert_int_equal(lp_solves - before, 1);
      CheckFeasible(&in, &t);
      assert_true(t.value > 0 && t.duty_cycle_s == s.duty_cycle_s);
      assert_memory_equal(t.x + in.M, s.x + in.M, nx - in.M);
      /* client 0 keeps its models by increasing size (ties by index), each where it fits next to those kept */
      {
        double cap = in.client_memory_mb[in.edge_client_start[0]], used = 0;
        int   *by_size = malloc(sizeof(int) * in.M);
        for (int q = 0; q < in.M; q++) {
          int rank = 0;
          for (int r = 0; r < in.M; r++)
            rank += in.memory_mb[r] < in.memory_mb[q] || (in.memory_mb[r] == in.memory_mb[q] && r < q);
          by_size[rank] = q;
        }
        for (int i = 0; i < in.M; i++) {
          int m = by_size[i], fits = used + in.memory_mb[m] <= cap * (1 + 1e-12);
          assert_int_equal(t.x[m], fits);
          if (fits) used += in.memory_mb[m];
        }
        free(by_size);
      }
      J3O_OK(J3oClusterDestroy(&c));
      free(xa);
      free(ya);
    }
    /* nothing kept: none given, or a previous duty cycle this instance does not have (batching) */
    for (int i = 0; i < (in.K > 0 ? 2 : 1); i++) {
      J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
      if (i == 1) J3O_OK(J3oClusterSetPrevious(c, s.x, s.y, s.duty_cycle_s + 0.5, INFINITY));
      before = lp_solves;
      J3O_OK(J3oClusterKeep(c, &q, &e));
      assert_int_equal(lp_solves - before, 0);
      assert_true(e.nroutes == 0 && e.value == 0);
      J3O_OK(J3oClusterDestroy(&c));
    }
    J3O_OK(J3oClusterDestroy(&a));
    J3O_OK(J3oClusterDestroy(&b));
    J3O_OK(J3oClusterSolutionFree(&s));
    J3O_OK(J3oClusterSolutionFree(&d));
    J3O_OK(J3oClusterSolutionFree(&k));
    J3O_OK(J3oClusterSolutionFree(&e));
    J3O_OK(J3oClusterSolutionFree(&h));
    J3O_OK(J3oClusterSolutionFree(&t));
    J3O_OK(J3oInstanceFree(&in));
  }
  print_message("LP solves of 6 searches: %ld whole, %ld past their deadline\n", full, cut);
  assert_true(3 * cut < full); /* one LP per search start past the deadline; a whole search, 94 here */
}

/* The large-cluster fixture of this seed: a single-cycle cluster of 50 clients (more than
   -j3o_large_clients = 40: its offloading LP is rebuilt at every call) solved at prices p into s by
   cluster a, and n more clusters warm-started from s (the previous onloading, reusable at p). */
static void SolvedAndWarm(unsigned seed, J3oInstance *in, J3oShared *p, J3oCluster *a, J3oClusterSolution *s, int n,
                          J3oCluster warm[])
{
  PetscBool used;
  *p = (J3oShared){{0.01 * (seed % 3), 0.05 * (seed % 2)}};
  Random(in, seed, 1, 50, 4, 12, 0, 0.7);
  J3O_OK(J3oClusterCreate(in, 0, NULL, a));
  J3O_OK(J3oClusterSolve(*a, &(J3oClusterRequest){*p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, s));
  for (int i = 0; i < n; i++) {
    J3O_OK(J3oClusterCreate(in, 0, NULL, &warm[i]));
    J3O_OK(J3oClusterWarmStart(warm[i], s->x, s->y, s->duty_cycle_s, p, 0, &used));
    assert_true(used);
  }
}

/* A large cluster's offloading LP (more than -j3o_large_clients = 40 clients: it is rebuilt at every
   call) starts its first solve from the bound LP's basis of its cycle when there is one:
   the previous onloading re-routed at the previous prices (one offloading-LP solve, the reuse
   of test_warm_start) reaches the same value after a bound evaluation at those prices, in fewer
   pivots than from the slack basis (one cycle, so the bound LP of that cycle is solved to optimality). */
static void test_off_start_from_bound(void **state)
{
  (void)state;
  long with = 0, without = 0;
  for (unsigned seed = 90; seed < 94; seed++) {
    J3oInstance        in;
    J3oClusterSolution s = {0}, w = {0}, v = {0};
    J3oShared          p, use;
    J3oCluster         a = NULL, bc[2] = {NULL, NULL}, b, c;
    double             bv;
    long               before;
    SolvedAndWarm(seed, &in, &p, &a, &s, 2, bc);
    b = bc[0];
    c = bc[1];
    J3O_OK(J3oClusterBound(c, &p, &bv, &use));
    before = lp_pivots;
    J3O_OK(J3oClusterSolve(b, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &w));
    without += lp_pivots - before;
    before      = lp_solves;
    long pivots = lp_pivots;
    J3O_OK(J3oClusterSolve(c, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &v));
    assert_int_equal(lp_solves - before, 1);
    with += lp_pivots - pivots;
    assert_near(v.priced_value, w.priced_value, 1e-9 * PetscMax(1, fabs(w.priced_value)));
    assert_near(v.priced_value, s.priced_value, 1e-9 * PetscMax(1, fabs(s.priced_value)));
    assert_le(v.priced_value, bv, 1e-9 * PetscMax(1, bv));
    CheckFeasible(&in, &v);
    J3O_OK(J3oClusterDestroy(&a));
    J3O_OK(J3oClusterDestroy(&b));
    J3O_OK(J3oClusterDestroy(&c));
    J3O_OK(J3oClusterSolutionFree(&s));
    J3O_OK(J3oClusterSolutionFree(&w));
    J3O_OK(J3oClusterSolutionFree(&v));
    J3O_OK(J3oInstanceFree(&in));
  }
  print_message("offloading LP of the previous onloading: %ld pivots from the bound basis, %ld from slack\n", with,
                without);
  assert_true(2 * with < without);
}

/* J3oClusterHasWholeSearch (recovery polishes only clusters that have one): a cluster of more than
   -j3o_large_clients (40) clients has none, a smaller one has; raising the threshold gives it back. */
static void test_whole_search(void **state)
{
  (void)state;
  const int   nc[3]   = {50, 10, 50};
  const char *lcl[3]  = {NULL, NULL, "60"};
  PetscBool   want[3] = {PETSC_FALSE, PETSC_TRUE, PETSC_TRUE};
  for (int i = 0; i < 3; i++) {
    J3oInstance in;
    J3oCluster  c = NULL;
    PetscBool   whole;
    Random(&in, 70 + i, 1, nc[i], 4, 12, 3, 0.7);
    if (lcl[i]) J3O_OK(PetscOptionsSetValue(NULL, "-j3o_large_clients", lcl[i]));
    J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
    J3O_OK(PetscOptionsClearValue(NULL, "-j3o_large_clients"));
    J3O_OK(J3oClusterHasWholeSearch(c, &whole));
    assert_int_equal(whole, want[i]);
    J3O_OK(J3oClusterDestroy(&c));
    J3O_OK(J3oInstanceFree(&in));
  }
}

/* A large cluster keeps the last basis of its released (-j3o_lean) offloading LP: re-routing its
   onloading under caps of half its cloud use (a recovery quota) starts there, in fewer pivots than a
   cluster that holds the same onloading from a warm start and starts from its bound LP's basis;
   the re-routed value is the same. */
static void test_off_keep_basis(void **state)
{
  (void)state;
  long kept = 0, bound = 0;
  for (unsigned seed = 90; seed < 94; seed++) {
    J3oInstance        in;
    J3oClusterSolution s = {0}, ra = {0}, rb = {0};
    J3oShared          p, use, cap;
    J3oCluster         a = NULL, b = NULL;
    double             bv;
    long               before;
    SolvedAndWarm(seed, &in, &p, &a, &s, 1, &b);
    cap    = Caps(s.use.r[J3O_SHARED_CLOUD_GFLOPS] / 2, s.use.r[J3O_SHARED_CLOUD_INGRESS] / 2);
    before = lp_pivots;
    J3O_OK(J3oClusterReroute(a, &p, 1, &cap, &ra));
    kept += lp_pivots - before;
    J3O_OK(J3oClusterBound(b, &p, &bv, &use));
    before = lp_pivots;
    J3O_OK(J3oClusterReroute(b, &p, 1, &cap, &rb));
    bound += lp_pivots - before;
    assert_near(ra.priced_value, rb.priced_value, 1e-9 * PetscMax(1, fabs(rb.priced_value)));
    CheckFeasible(&in, &ra);
    J3O_OK(J3oClusterDestroy(&a));
    J3O_OK(J3oClusterDestroy(&b));
    J3O_OK(J3oClusterSolutionFree(&s));
    J3O_OK(J3oClusterSolutionFree(&ra));
    J3O_OK(J3oClusterSolutionFree(&rb));
    J3O_OK(J3oInstanceFree(&in));
  }
  print_message("re-route under a quota: %ld pivots from the kept basis, %ld from the bound basis\n", kept, bound);
  assert_true(2 * kept < bound);
}

/* A previous plan's offloading basis (J3oClusterSetOffloadBasis) is not the run's own until solved from
   (J3oClusterGetOffloadBasis gives none before). A re-plan's first search (-j3o_warm_cluster_gap 1:
   one LP, the previous onloading's) starts from it in fewer pivots than from the bound LP's basis; one
   of another size is not used (the same pivots as none); after the solve the basis given back is the
   LP's, of its size. */
static void test_offload_basis_handover(void **state)
{
  (void)state;
  long from_prev = 0, from_bound = 0;
  for (unsigned seed = 90; seed < 94; seed++) {
    J3oInstance          in;
    J3oClusterSolution   s = {0};
    J3oShared            p, use;
    J3oCluster           a = NULL;
    int                  n, m;
    const unsigned char *basis, *b2;
    long                 piv[3];
    double               bv;
    SolvedAndWarm(seed, &in, &p, &a, &s, 0, NULL);
    J3O_OK(J3oClusterGetOffloadBasis(a, 0, &n, &basis));
    assert_true(n > 1);
    for (int v = 0; v < 3; v++) { /* the previous plan's basis, none, one of another size */
      J3oCluster         c = NULL;
      J3oClusterSolution w = {0};
      PetscBool          used;
      J3O_OK(PetscOptionsSetValue(NULL, "-j3o_warm_cluster_gap", "1"));
      J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
      J3O_OK(PetscOptionsClearValue(NULL, "-j3o_warm_cluster_gap"));
      J3O_OK(J3oClusterSetOffloadBasis(c, 0, v == 0 ? n : v == 2 ? n - 1 : 0, basis));
      J3O_OK(J3oClusterGetOffloadBasis(c, 0, &m, &b2));
      assert_int_equal(m, 0);
      J3O_OK(J3oClusterWarmStart(c, s.x, s.y, s.duty_cycle_s, NULL, 0, &used));
      assert_true(used);
      J3O_OK(J3oClusterBound(c, &p, &bv, &use));
      long before = lp_pivots;
      assert_int_equal(SolveCounted(c, p, &w), 1);
      piv[v] = lp_pivots - before;
      assert_near(w.priced_value, s.priced_value, 1e-9 * PetscMax(1, fabs(s.priced_value)));
      J3O_OK(J3oClusterGetOffloadBasis(c, 0, &m, &b2));
      assert_int_equal(m, n);
      J3O_OK(J3oClusterSolutionFree(&w));
      J3O_OK(J3oClusterDestroy(&c));
    }
    assert_int_equal(piv[2], piv[1]);
    from_prev += piv[0];
    from_bound += piv[1];
    J3O_OK(J3oClusterDestroy(&a));
    J3O_OK(J3oClusterSolutionFree(&s));
    J3O_OK(J3oInstanceFree(&in));
  }
  print_message("the previous onloading re-routed: %ld pivots from the previous plan's basis, %ld from the bound's\n",
                from_prev, from_bound);
  assert_true(from_prev < from_bound);
}

/* -j3o_cluster_gap g: a large cluster's budgeted search stops once its value is within g times its
   weighted demand of its LP bound. These random clusters end 1.4-4 % of it below their bound; with
   g = 5 % against g = 0 (the whole budget), fewer offloading-LP solves over four clusters, and each
   value either the same as without the stop or within the gap. */
static void test_cluster_gap(void **state)
{
  (void)state;
  long solves[2] = {0, 0};
  for (unsigned seed = 60; seed < 64; seed++) {
    J3oInstance        in;
    J3oClusterSolution s[2] = {{0}, {0}};
    J3oShared          p    = {{0.01 * (seed % 3), 0.05 * (seed % 2)}}, use;
    double             bv, w;
    Random(&in, seed, 1, 50, 4, 12, 3, 0.7);
    for (int on = 0; on < 2; on++) {
      J3oCluster c = NULL;
      J3O_OK(PetscOptionsSetValue(NULL, "-j3o_cluster_gap", on ? "0.05" : "0"));
      J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
      J3O_OK(PetscOptionsClearValue(NULL, "-j3o_cluster_gap"));
      J3O_OK(J3oClusterBound(c, &p, &bv, &use));
      J3O_OK(J3oClusterWeightedDemand(c, &w));
      solves[on] += SolveCounted(c, p, &s[on]);
      CheckFeasible(&in, &s[on]);
      J3O_OK(J3oClusterDestroy(&c));
    }
    double floor = PetscMin(s[0].priced_value, bv - 0.05 * w);
    assert_true(s[1].priced_value >= floor - 1e-9 * PetscMax(1, fabs(floor)));
    for (int on = 0; on < 2; on++) J3O_OK(J3oClusterSolutionFree(&s[on]));
    J3O_OK(J3oInstanceFree(&in));
  }
  print_message("LP solves of 4 searches: %ld with the whole budget, %ld stopping within 5 %%\n", solves[0], solves[1]);
  assert_true(solves[1] < solves[0]);
}

/* -j3o_warm_cluster_gap g: a re-plan's first budgeted search on a large cluster ends after the
   alternation from its previous onloading once that is within g times its weighted demand of its LP
   bound; otherwise the usual search goes on. With g = 5 % (these clusters end 1.4-4 % below their
   bound) the search from the cold solve's onloading, at other prices, ends within the gap and in
   fewer offloading-LP solves than with g = 0 (the usual search); from an empty onloading, far below
   the bound, it goes on (more LP solves) and still ends within the gap. With g = 1 the search is the
   previous onloading re-routed: one offloading-LP solve, and no further one (not even the swaps'
   first). */
static void test_warm_cluster_gap(void **state)
{
  (void)state;
  long solves[3] = {0, 0, 0};
  for (unsigned seed = 60; seed < 64; seed++) {
    J3oInstance        in;
    J3oClusterSolution s = {0}, w[3] = {{0}, {0}, {0}};
    J3oShared          p = {{0.01 * (seed % 3), 0.05 * (seed % 2)}}, q = {{0.02, 0.02}}, use;
    J3oCluster         a = NULL;
    double             bv, wd;
    PetscBool          used;
    unsigned char     *x0, *y0;
    Random(&in, seed, 1, 50, 4, 12, 3, 0.7);
    J3O_OK(PetscOptionsSetValue(NULL, "-j3o_cluster_gap", "0"));
    J3O_OK(J3oClusterCreate(&in, 0, NULL, &a));
    J3O_OK(J3oClusterSolve(a, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &s));
    J3O_OK(PetscCalloc2((size_t)s.nclients * in.M, &x0, in.M, &y0));
    for (int i = 0; i < 3; i++) { /* from s at g = 0, at g = 5 %; from nothing at g = 5 % */
      J3oCluster c = NULL;
      J3O_OK(PetscOptionsSetValue(NULL, "-j3o_warm_cluster_gap", i ? "0.05" : "0"));
      J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
      J3O_OK(PetscOptionsClearValue(NULL, "-j3o_warm_cluster_gap"));
      J3O_OK(J3oClusterWarmStart(c, i < 2 ? s.x : x0, i < 2 ? s.y : y0, s.duty_cycle_s, NULL, 0, &used));
      assert_true(used);
      J3O_OK(J3oClusterBound(c, &q, &bv, &use));
      J3O_OK(J3oClusterWeightedDemand(c, &wd));
      solves[i] += SolveCounted(c, q, &w[i]);
      CheckFeasible(&in, &w[i]);
      if (i) assert_true(w[i].priced_value >= bv - 0.05 * wd - 1e-9 * PetscMax(1, fabs(bv)));
      J3O_OK(J3oClusterDestroy(&c));
    }
    { /* g = 1 (any value is within it): the previous onloading re-routed, one LP and nothing more */
      J3oCluster         c = NULL;
      J3oClusterSolution v = {0};
      J3O_OK(PetscOptionsSetValue(NULL, "-j3o_warm_cluster_gap", "1"));
      J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
      J3O_OK(PetscOptionsClearValue(NULL, "-j3o_warm_cluster_gap"));
      J3O_OK(J3oClusterWarmStart(c, s.x, s.y, s.duty_cycle_s, NULL, 0, &used));
      J3O_OK(J3oClusterBound(c, &q, &bv, &use));
      assert_int_equal(SolveCounted(c, q, &v), 1); /* the bound at q is known (above): one re-route */
      assert_memory_equal(v.x, s.x, (size_t)s.nclients * in.M);
      assert_memory_equal(v.y, s.y, (size_t)in.M);
      CheckFeasible(&in, &v);
      J3O_OK(J3oClusterSolutionFree(&v));
      J3O_OK(J3oClusterDestroy(&c));
    }
    J3O_OK(PetscOptionsClearValue(NULL, "-j3o_cluster_gap"));
    J3O_OK(PetscFree2(x0, y0));
    J3O_OK(J3oClusterDestroy(&a));
    J3O_OK(J3oClusterSolutionFree(&s));
    for (int i = 0; i < 3; i++) J3O_OK(J3oClusterSolutionFree(&w[i]));
    J3O_OK(J3oInstanceFree(&in));
  }
  print_message("LP solves of 4 warm first searches: %ld the usual one, %ld ending within 5 %%, %ld from nothing\n",
                solves[0], solves[1], solves[2]);
  assert_true(solves[1] < solves[0]);
  assert_true(solves[1] < solves[2]);
}

/* A large cluster's search gap (J3oClusterGetSearchGap) and a re-plan's first search anchored to the
   previous plan's (J3oClusterSetSearchGap, -j3o_warm_gap_slack). A whole search records its LP bound
   minus its value over the weighted demand (checked against J3oClusterBound); a re-plan's first
   search ends at the previous onloading within the anchor plus the slack (warm_gap 0: without an
   anchor it is the usual search), in fewer LP solves, and keeps the anchor: over a chain of such
   re-plans at other prices the anchor stays the whole search's and every value stays within
   anchor + slack of its own bound. A negative slack ignores the anchor; a first search stopped
   without an anchor records its own gap; from an empty onloading, far below the bound, the whole
   search runs and records its own gap. */
static void test_warm_gap_anchor(void **state)
{
  (void)state;
  long solves[2] = {0, 0};
  for (unsigned seed = 60; seed < 64; seed++) {
    J3oInstance        in;
    J3oClusterSolution s = {0};
    J3oShared          p = {{0.01 * (seed % 3), 0.05 * (seed % 2)}}, use;
    J3oCluster         a = NULL;
    double             bv, wd, ga, g;
    PetscBool          used;
    unsigned char     *x0, *y0;
    Random(&in, seed, 1, 50, 4, 12, 3, 0.7);
    J3O_OK(PetscOptionsSetValue(NULL, "-j3o_cluster_gap", "0"));
    J3O_OK(PetscOptionsSetValue(NULL, "-j3o_warm_cluster_gap", "0"));
    J3O_OK(J3oClusterCreate(&in, 0, NULL, &a));
    J3O_OK(J3oClusterGetSearchGap(a, &g));
    assert_true(isnan(g)); /* no search yet */
    J3O_OK(J3oClusterSolve(a, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &s));
    J3O_OK(J3oClusterGetSearchGap(a, &ga));
    J3O_OK(J3oClusterBound(a, &p, &bv, &use));
    J3O_OK(J3oClusterWeightedDemand(a, &wd));
    assert_near(ga, (bv - s.priced_value) / wd, 1e-9);
    assert_true(ga > 0.01); /* these clusters end 1.4-4 % below their bound */
    J3O_OK(PetscCalloc2((size_t)s.nclients * in.M, &x0, in.M, &y0));
    /* from s at other prices, anchored at ga: slack 0.02 and -1 (the anchor ignored: the usual search) */
    long per[2];
    for (int i = 0; i < 2; i++) {
      J3oCluster         c = NULL;
      J3oClusterSolution w = {0};
      J3oShared          q = {{0.02, 0.02}};
      J3O_OK(PetscOptionsSetValue(NULL, "-j3o_warm_gap_slack", i ? "-1" : "0.02"));
      J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
      J3O_OK(J3oClusterSetSearchGap(c, ga));
      J3O_OK(J3oClusterWarmStart(c, s.x, s.y, s.duty_cycle_s, NULL, 0, &used));
      assert_true(used);
      J3O_OK(J3oClusterBound(c, &q, &bv, &use));
      per[i] = SolveCounted(c, q, &w);
      solves[i] += per[i];
      CheckFeasible(&in, &w);
      assert_true(w.priced_value >= bv - (ga + 0.02) * wd - 1e-9 * PetscMax(1, fabs(bv)));
      J3O_OK(J3oClusterGetSearchGap(c, &g));
      if (!i) assert_true(g == ga); /* ended at the previous onloading: the anchor kept */
      else assert_near(g, (bv - w.priced_value) / wd, 1e-9);
      J3O_OK(J3oClusterSolutionFree(&w));
      J3O_OK(J3oClusterDestroy(&c));
    }
    { /* a chain of three re-plans, each from the one before, at prices moving on: anchored at ga throughout */
      J3oClusterSolution prev   = {0};
      double             anchor = ga;
      J3O_OK(PetscOptionsSetValue(NULL, "-j3o_warm_gap_slack", "0.02"));
      J3O_OK(J3oClusterSolutionCopy(&s, &prev));
      for (int step = 1; step <= 3; step++) {
        J3oCluster         c = NULL;
        J3oClusterSolution w = {0};
        J3oShared          q = {{0.01 * step, 0.03 * step}};
        J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
        J3O_OK(J3oClusterSetSearchGap(c, anchor));
        J3O_OK(J3oClusterWarmStart(c, prev.x, prev.y, prev.duty_cycle_s, NULL, 0, &used));
        J3O_OK(J3oClusterBound(c, &q, &bv, &use));
        J3O_OK(
          J3oClusterSolve(c, &(J3oClusterRequest){q, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &w));
        CheckFeasible(&in, &w);
        assert_true(w.priced_value >= bv - (ga + 0.02) * wd - 1e-9 * PetscMax(1, fabs(bv)));
        J3O_OK(J3oClusterGetSearchGap(c, &anchor));
        /* kept, or a whole search's own */
        assert_true(anchor == ga || fabs(anchor - (bv - w.priced_value) / wd) <= 1e-9);
        J3O_OK(J3oClusterSolutionFree(&prev));
        prev = w;
        J3O_OK(J3oClusterDestroy(&c));
      }
      J3O_OK(J3oClusterSolutionFree(&prev));
    }
    { /* from s without an anchor, stopped by -j3o_warm_cluster_gap 0.05: it records its own gap, within 0.05 */
      J3oCluster         c = NULL;
      J3oClusterSolution w = {0};
      J3oShared          q = {{0.02, 0.02}};
      J3O_OK(PetscOptionsSetValue(NULL, "-j3o_warm_cluster_gap", "0.05"));
      J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
      J3O_OK(PetscOptionsSetValue(NULL, "-j3o_warm_cluster_gap", "0"));
      J3O_OK(J3oClusterWarmStart(c, s.x, s.y, s.duty_cycle_s, NULL, 0, &used));
      assert_true(SolveCounted(c, q, &w) < per[1]); /* stopped: fewer LPs than the whole search's */
      J3O_OK(J3oClusterBound(c, &q, &bv, &use));
      J3O_OK(J3oClusterGetSearchGap(c, &g));
      assert_near(g, (bv - w.priced_value) / wd, 1e-9);
      assert_true(g <= 0.05 + 1e-12);
      J3O_OK(J3oClusterSolutionFree(&w));
      J3O_OK(J3oClusterDestroy(&c));
    }
    { /* from nothing, anchored: far below the bound, the whole search runs and records its gap */
      J3oCluster         c = NULL;
      J3oClusterSolution w = {0};
      J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
      J3O_OK(J3oClusterSetSearchGap(c, 0));
      J3O_OK(J3oClusterWarmStart(c, x0, y0, s.duty_cycle_s, NULL, 0, &used));
      J3O_OK(J3oClusterSolve(c, &(J3oClusterRequest){p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0}, &w));
      J3O_OK(J3oClusterBound(c, &p, &bv, &use));
      J3O_OK(J3oClusterGetSearchGap(c, &g));
      assert_near(g, (bv - w.priced_value) / wd, 1e-9);
      assert_true(g > 0.01);
      { /* a search under a cloud cap (recovery's; here a whole one, with no residency to keep) has no
           bound to compare with: the gap stays */
        J3oCluster         c2  = NULL;
        J3oClusterSolution v   = {0};
        J3oShared          cap = J3oSharedConst(INFINITY);
        double             g2;
        cap.r[J3O_SHARED_CLOUD_GFLOPS] = 0.5 * w.use.r[J3O_SHARED_CLOUD_GFLOPS];
        J3O_OK(J3oClusterCreate(&in, 0, NULL, &c2));
        J3O_OK(J3oClusterSetSearchGap(c2, 0.3));
        J3O_OK(J3oClusterSolve(c2, &(J3oClusterRequest){p, cap, J3O_CLUSTER_SEARCH_DEFAULT, 0}, &v));
        CheckFeasible(&in, &v);
        J3O_OK(J3oClusterGetSearchGap(c2, &g2));
        assert_true(g2 == 0.3);
        J3O_OK(J3oClusterSolutionFree(&v));
        J3O_OK(J3oClusterDestroy(&c2));
      }
      /* a gap is in [0, 1] or NAN */
      assert_int_not_equal(J3oClusterSetSearchGap(c, -0.1), 0);
      assert_int_not_equal(J3oClusterSetSearchGap(c, 1.5), 0);
      J3O_OK(J3oClusterSetSearchGap(c, NAN));
      J3O_OK(J3oClusterSolutionFree(&w));
      J3O_OK(J3oClusterDestroy(&c));
    }
    J3O_OK(PetscOptionsClearValue(NULL, "-j3o_warm_gap_slack"));
    J3O_OK(PetscOptionsClearValue(NULL, "-j3o_warm_cluster_gap"));
    J3O_OK(PetscOptionsClearValue(NULL, "-j3o_cluster_gap"));
    J3O_OK(PetscFree2(x0, y0));
    J3O_OK(J3oClusterDestroy(&a));
    J3O_OK(J3oClusterSolutionFree(&s));
    J3O_OK(J3oInstanceFree(&in));
  }
  print_message("LP solves of 4 warm first searches: %ld anchored, %ld with the anchor ignored\n", solves[0],
                solves[1]);
  assert_true(solves[0] < solves[1]);
}

/* -j3o_lp_scaling: a large cluster (50 clients) gives the same bound with CLP's scaling as without
   (the default); the knob reaches CLP (the two take other pivot counts). */
static void test_lp_scaling(void **state)
{
  (void)state;
  long piv[2] = {0, 0};
  for (unsigned seed = 95; seed < 99; seed++) {
    J3oInstance in;
    J3oShared   p = {{0.01 * (seed % 3), 0.05 * (seed % 2)}}, use;
    double      bv[2];
    Random(&in, seed, 1, 50, 4, 12, 3, 0.7);
    for (int on = 0; on < 2; on++) {
      J3oCluster c = NULL;
      if (on) J3O_OK(PetscOptionsSetValue(NULL, "-j3o_lp_scaling", "true"));
      J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
      J3O_OK(PetscOptionsClearValue(NULL, "-j3o_lp_scaling"));
      long before = lp_pivots;
      J3O_OK(J3oClusterBound(c, &p, &bv[on], &use));
      piv[on] += lp_pivots - before;
      J3O_OK(J3oClusterDestroy(&c));
    }
    assert_near(bv[0], bv[1], 1e-7 * PetscMax(1, fabs(bv[1])));
    J3O_OK(J3oInstanceFree(&in));
  }
  print_message("bound LPs of 4 clusters of 50 clients: %ld pivots unscaled, %ld scaled\n", piv[0], piv[1]);
  assert_true(piv[0] != piv[1]);
}

/* Hands every bound-LP basis cluster `from` saved to `to`, each shortened by `drop` entries (drop 1: a
   basis of the wrong size); returns how many, *duals (optional) how many of them are dual feasible. */
static int HandBases(J3oCluster from, J3oCluster to, int K, int drop, int *duals)
{
  int handed = 0;
  if (duals) *duals = 0;
  for (int k = 0; k < K; k++) {
    int                  n;
    const unsigned char *basis;
    PetscBool            dual;
    J3O_OK(J3oClusterGetBoundBasis(from, k, &n, &basis, &dual));
    if (!n) continue;
    handed++;
    if (duals) *duals += dual;
    J3O_OK(J3oClusterSetBoundBasis(to, k, n - drop, basis, dual));
  }
  return handed;
}

/* A bound-LP basis handed to a fresh cluster (J3oClusterSetBoundBasis) gives the same bound as the
   cluster that saved it; a basis of the wrong size is dropped (the slack start pivots), the bound
   unchanged. Every cycle solved saves its basis: the optimal one, or with the duty-cycle screen (the
   default) the dual feasible one of a solve stopped at its cutoff (dual). The fresh cluster re-enters
   without a pivot either way: the maximum's cycle from its optimal basis, every other one screened
   by the row duals of its saved basis (at no iteration). */
static void test_warm_bases(void **state)
{
  (void)state;
  const J3oShared p     = {{0.01, 0.2}};
  int             ndual = 0;
  for (unsigned seed = 5; seed <= 9; seed += 2) {
    J3oInstance       in;
    J3oClusterOptions opts[2];
    ScreenPair(seed, &in, &opts[1], &opts[0]);
    for (int screen = 0; screen < 2; screen++) {
      J3oCluster a = NULL, b = NULL, c = NULL;
      double     va, vb, vc;
      J3oShared  use;
      int        saved, duals;
      J3O_OK(J3oClusterCreate(&in, 0, &opts[screen], &a));
      J3O_OK(J3oClusterBound(a, &p, &va, &use));
      J3O_OK(J3oClusterCreate(&in, 0, &opts[screen], &b));
      J3O_OK(J3oClusterCreate(&in, 0, &opts[screen], &c));
      saved = HandBases(a, b, in.K, 0, &duals);
      HandBases(a, c, in.K, 1, NULL);
      assert_true(saved > 0);
      if (!screen) assert_int_equal(duals, 0);
      ndual += duals;
      long pivots = lp_pivots, pb, pc;
      J3O_OK(J3oClusterBound(b, &p, &vb, &use));
      pb     = lp_pivots - pivots;
      pivots = lp_pivots;
      J3O_OK(J3oClusterBound(c, &p, &vc, &use));
      pc = lp_pivots - pivots;
      assert_int_equal(pb, 0);
      assert_true(pb < pc);
      assert_near(vb, va, 1e-7 * PetscMax(1, va));
      assert_near(vc, va, 1e-7 * PetscMax(1, va));
      J3O_OK(J3oClusterDestroy(&a));
      J3O_OK(J3oClusterDestroy(&b));
      J3O_OK(J3oClusterDestroy(&c));
    }
    J3O_OK(J3oInstanceFree(&in));
  }
  print_message("bases saved from solves stopped at their cutoff: %d\n", ndual);
  assert_true(ndual > 0);
}

/* Constraint 12's row is the bound LP's last, present under a per-cluster budget alone: a basis saved
   without it (a cold plan's, or a re-plan's without a budget) re-enters an LP with it, and one saved
   with a budget that does not bind re-enters an LP without it, each without a pivot and with the same
   bound (a basis one row off is otherwise dropped: test_warm_bases). */
static void test_warm_bases_churn_row(void **state)
{
  (void)state;
  const J3oShared p     = {{0.01, 0.2}};
  int             cases = 0;
  for (unsigned seed = 5; seed <= 9; seed += 2) {
    J3oInstance        in;
    J3oClusterOptions  on, off;
    J3oClusterSolution s   = {0};
    J3oCluster         sol = NULL;
    ScreenPair(seed, &in, &on, &off);
    J3O_OK(J3oClusterCreate(&in, 0, &on, &sol));
    J3oClusterRequest req = {p, J3oSharedConst(INFINITY), J3O_CLUSTER_SEARCH_DEFAULT, 0};
    J3O_OK(J3oClusterSolve(sol, &req, &s)); /* the previous plan */
    /* saved by: no previous plan, a previous plan without a budget, with one; re-entered with / without */
    const double saved_budget[3] = {-1, INFINITY, 1e9}, used_budget[3] = {1e9, 1e9, INFINITY};
    for (int t = 0; t < 3; t++) {
      J3oCluster a = NULL, b = NULL;
      double     va, vb;
      J3oShared  use;
      J3O_OK(J3oClusterCreate(&in, 0, &on, &a));
      if (saved_budget[t] >= 0) J3O_OK(J3oClusterSetPrevious(a, s.x, s.y, s.duty_cycle_s, saved_budget[t]));
      J3O_OK(J3oClusterBound(a, &p, &va, &use));
      J3O_OK(J3oClusterCreate(&in, 0, &on, &b));
      J3O_OK(J3oClusterSetPrevious(b, s.x, s.y, s.duty_cycle_s, used_budget[t]));
      assert_true(HandBases(a, b, in.K, 0, NULL) > 0);
      long pivots = lp_pivots;
      J3O_OK(J3oClusterBound(b, &p, &vb, &use));
      assert_int_equal(lp_pivots - pivots, 0);
      assert_near(vb, va, 1e-7 * PetscMax(1, va));
      cases++;
      J3O_OK(J3oClusterDestroy(&a));
      J3O_OK(J3oClusterDestroy(&b));
    }
    J3O_OK(J3oClusterSolutionFree(&s));
    J3O_OK(J3oClusterDestroy(&sol));
    J3O_OK(J3oInstanceFree(&in));
  }
  assert_int_equal(cases, 9);
}

/* A re-plan's duty-cycle screen by saved bases (WarmBasisScreen): bases saved at one price vector,
   handed to a fresh cluster that evaluates another (the first evaluation of a re-plan), give the
   bound of a cold cluster without the screen there (to LP round-off), over 30 random clusters and
   12 ordered pairs of four price vectors. The screen runs (row duals taken from saved bases) and
   skips cycles: fewer bound-LP solves than cycles with a saved basis. */
static void test_warm_screen(void **state)
{
  (void)state;
  const J3oShared ps[4]  = {{{0.01, 0.2}}, {{0, 0}}, {{0.05, 0.02}}, {{0.3, 0.3}}};
  long            solves = 0, saved = 0, duals = 0;
  int             ncases = 0;
  for (unsigned seed = 1; seed <= 30; seed++) {
    J3oInstance       in;
    J3oClusterOptions on, off;
    ScreenPair(seed, &in, &on, &off);
    for (int i = 0; i < 4 && in.K >= 2; i++)
      for (int j = 0; j < 4; j++) {
        J3oCluster a = NULL, b = NULL, c = NULL;
        double     va, vb, vc;
        J3oShared  use;
        if (i == j) continue;
        J3O_OK(J3oClusterCreate(&in, 0, &on, &a));
        J3O_OK(J3oClusterBound(a, &ps[i], &va, &use));
        J3O_OK(J3oClusterCreate(&in, 0, &on, &b));
        J3O_OK(J3oClusterCreate(&in, 0, &off, &c));
        saved += HandBases(a, b, in.K, 0, NULL);
        long s0 = lp_solves, d0 = lp_basis_duals;
        J3O_OK(J3oClusterBound(b, &ps[j], &vb, &use));
        solves += lp_solves - s0;
        duals += lp_basis_duals - d0;
        J3O_OK(J3oClusterBound(c, &ps[j], &vc, &use));
        assert_near(vb, vc, 1e-7 * PetscMax(1, fabs(vc)));
        ncases++;
        J3O_OK(J3oClusterDestroy(&a));
        J3O_OK(J3oClusterDestroy(&b));
        J3O_OK(J3oClusterDestroy(&c));
      }
    J3O_OK(J3oInstanceFree(&in));
  }
  print_message("screen by saved bases: %d re-plans, %ld bases saved, row duals of %ld taken, %ld LP solves\n", ncases,
                saved, duals, solves);
  assert_true(ncases > 100);
  assert_true(duals > 0);
  assert_true(solves < saved);
}

static const struct CMUnitTest tests[] = {
  cmocka_unit_test(test_greedy_optimal),
  cmocka_unit_test(test_bound_hand_lp),
  cmocka_unit_test(test_knapsack_safeguard),
  cmocka_unit_test(test_batching_cycle),
  cmocka_unit_test(test_caps),
  cmocka_unit_test(test_bound_dominates),
  cmocka_unit_test(test_baselines),
  cmocka_unit_test(test_vs_exact),
  cmocka_unit_test(test_scale_timing),
  cmocka_unit_test(test_bound_screen_exact),
  cmocka_unit_test(test_bound_memo),
  cmocka_unit_test(test_bound_screen_churn),
  cmocka_unit_test(test_large_mode),
  cmocka_unit_test(test_bound_cycle_bases),
  cmocka_unit_test(test_reroute),
  cmocka_unit_test(test_dominated_models),
  cmocka_unit_test(test_dominance_keeps_bound),
  cmocka_unit_test(test_request_search_mode),
  cmocka_unit_test(test_warm_start),
  cmocka_unit_test(test_deadline),
  cmocka_unit_test(test_request_lp_budget),
  cmocka_unit_test(test_off_start_from_bound),
  cmocka_unit_test(test_lp_scaling),
  cmocka_unit_test(test_whole_search),
  cmocka_unit_test(test_off_keep_basis),
  cmocka_unit_test(test_offload_basis_handover),
  cmocka_unit_test(test_cluster_gap),
  cmocka_unit_test(test_warm_cluster_gap),
  cmocka_unit_test(test_warm_gap_anchor),
  cmocka_unit_test(test_warm_screen),
  cmocka_unit_test(test_warm_bases),
  cmocka_unit_test(test_warm_bases_churn_row),
};
J3O_TEST_MAIN(tests)
