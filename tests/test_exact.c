/* test_exact.c: the exact MILP baseline on tiny instances whose optimum is computed by hand. */
#include <math.h>
#include "j3o_test.h"
#include "j3o/exact.h"
#include "j3o/gen.h"
#include "j3o/check.h"

#define assert_near(a, b, tol) \
  do { \
    double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= (tol))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); \
  } while (0)

/* One edge, N clients, everything zero except rho = 1, unit weights and a late deadline;
   tests fill in what matters. */
static PetscErrorCode NewInstance(J3oInstance *in, int T, int M, int N, int K)
{
  PetscFunctionBegin;
  PetscCall(J3oInstanceAllocate(in, T, M, 1, N, K, 0, 1, 0, N));
  in->edge_client_start[0] = 0;
  in->edge_client_start[1] = N;
  in->rho                  = 1;
  for (int t = 0; t < T; t++) {
    in->input_mb[t]   = 1;
    in->deadline_s[t] = 10;
    in->weight[t]     = 1;
  }
  for (int m = 0; m < M; m++) {
    in->memory_mb[m]       = 1;
    in->gflop_per_query[m] = 1;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Solve(J3oInstance *in, J3oResult *r)
{
  PetscFunctionBegin;
  PetscCall(J3oInstanceFinalize(in));
  in->total_weighted_demand = J3oInstanceLocalWeightedDemand(in);
  PetscCall(J3oResultAllocate(r, in, "exact"));
  PetscCall(J3oExactSolve(in, 60, r));
  PetscFunctionReturn(0);
}

/* The route row (client, task, kind, model) or NULL. */
static const J3oRoute *FindRoute(const J3oResult *r, int64_t n, int t, int kind, int m)
{
  for (int64_t q = 0; q < r->nroutes; q++)
    if (r->routes[q].client == n && r->routes[q].task == t && r->routes[q].route == kind && r->routes[q].model == m)
      return &r->routes[q];
  return NULL;
}

/* (a) Batching off; one client, local only (r_n = 0 closes edge and cloud). Memory S_n = 100
   holds model 0 (60 MB, a = 0.9 on t0, 0 on t1) or model 1 (50 MB, a = 0.5 on t0, 0.8 on t1),
   not both. lambda = (3, 1), compute ample.
   x0: 3 * 0.9 = 2.7;  x1: 3 * 0.5 + 1 * 0.8 = 2.3.  Optimum model 0: A = 2.7 / 4 = 0.675,
   served 3 / 4 = 0.75, one route (0, t0, local, m0, 1). */
static void test_exact_memory_choice(void **state)
{
  (void)state;
  J3oInstance in;
  J3oResult   r;
  J3O_OK(NewInstance(&in, 2, 2, 1, 0));
  in.memory_mb[0]        = 60;
  in.memory_mb[1]        = 50;
  in.accuracy[0 * 2 + 0] = 0.9;
  in.accuracy[1 * 2 + 0] = 0.5;
  in.accuracy[1 * 2 + 1] = 0.8;
  in.client_memory_mb[0] = 100;
  in.client_gflops[0]    = 1000;
  in.demand[0]           = 3;
  in.demand[1]           = 1;
  J3O_OK(Solve(&in, &r));
  assert_int_equal(r.status, J3O_STATUS_OPTIMAL);
  assert_near(r.accuracy, 0.675, 1e-9);
  assert_near(r.served_fraction, 0.75, 1e-9);
  assert_near(r.upper_bound, 0.675, 1e-9);
  assert_near(r.gap, 0, 1e-9);
  assert_int_equal(r.x[0], 1);
  assert_int_equal(r.x[1], 0);
  assert_int_equal(r.y[0] + r.y[1], 0);
  assert_near(r.duty_cycle_s[0], 0, 0);
  assert_int_equal(r.nroutes, 1);
  assert_non_null(FindRoute(&r, 0, 0, J3O_ROUTE_LOCAL, 0));
  assert_near(r.routes[0].fraction, 1, 1e-9);
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oInstanceFree(&in));
}

/* (b) Batching on; one client, edge only (F_n = 0, no cloud model), r_n = 100 so d/r = 0.01 s.
   Model 0: g0 = 5, g1 = 1, a = 0.8 on t0, 0.6 on t1. F_e = 100, C = {0.1, 1.0}.
   t0 has D = 0.5: 0.01 + 2c <= 0.5 only for c = 0.1; t1 has D = 10: both cycles.
   c = 0.1: fixed 5 / 0.1 = 50, 50 GFLOP/s left for queries (g1 = 1 each).
   c = 1.0: fixed 5, 95 left, but t0 cannot use the edge.
   lambda = (20, 60): c = 0.1: t0 all 20 (16) + t1 30 of 60 (18) = 34;  c = 1.0: t1 all 60 -> 36.
     Optimum c = 1.0: A = 36 / 80 = 0.45, route (0, t1, edge, m0, 1).
   lambda = (40, 40): c = 0.1: t0 all 40 (32) + t1 10 (6) = 38;  c = 1.0: t1 40 -> 24.
     Optimum c = 0.1: A = 38 / 80 = 0.475, routes t0 at 1 and t1 at 10 / 40 = 0.25.
   Uplink 80 <= r_n and cell W_e = 1000 never bind. */
static void test_exact_duty_cycle(void **state)
{
  (void)state;
  for (int variant = 0; variant < 2; variant++) {
    J3oInstance in;
    J3oResult   r;
    J3O_OK(NewInstance(&in, 2, 1, 1, 2));
    in.duty_cycles_s[0]      = 0.1;
    in.duty_cycles_s[1]      = 1.0;
    in.deadline_s[0]         = 0.5;
    in.gflop_fixed[0]        = 5;
    in.accuracy[0]           = 0.8;
    in.accuracy[1]           = 0.6;
    in.edge_memory_mb[0]     = 10;
    in.edge_gflops[0]        = 100;
    in.edge_cell_mb_s[0]     = 1000;
    in.client_uplink_mb_s[0] = 100;
    in.demand[0]             = variant == 0 ? 20 : 40;
    in.demand[1]             = variant == 0 ? 60 : 40;
    J3O_OK(Solve(&in, &r));
    assert_int_equal(r.status, J3O_STATUS_OPTIMAL);
    assert_int_equal(r.y[0], 1);
    if (variant == 0) {
      assert_near(r.accuracy, 0.45, 1e-9);
      assert_near(r.served_fraction, 0.75, 1e-9);
      assert_near(r.duty_cycle_s[0], 1.0, 0);
      assert_int_equal(r.nroutes, 1);
      assert_non_null(FindRoute(&r, 0, 1, J3O_ROUTE_EDGE, 0));
      assert_near(FindRoute(&r, 0, 1, J3O_ROUTE_EDGE, 0)->fraction, 1, 1e-9);
    } else {
      assert_near(r.accuracy, 0.475, 1e-9);
      assert_near(r.served_fraction, 50.0 / 80, 1e-9);
      assert_near(r.duty_cycle_s[0], 0.1, 0);
      assert_int_equal(r.nroutes, 2);
      assert_non_null(FindRoute(&r, 0, 0, J3O_ROUTE_EDGE, 0));
      assert_non_null(FindRoute(&r, 0, 1, J3O_ROUTE_EDGE, 0));
      assert_near(FindRoute(&r, 0, 0, J3O_ROUTE_EDGE, 0)->fraction, 1, 1e-9);
      assert_near(FindRoute(&r, 0, 1, J3O_ROUTE_EDGE, 0)->fraction, 0.25, 1e-9);
    }
    assert_near(r.upper_bound, r.accuracy, 1e-9);
    J3O_OK(J3oResultFree(&r));
    J3O_OK(J3oInstanceFree(&in));
  }
}

/* (c) Cloud only (F_n = 0, S_e = 0 so no edge model fits), one client, two tasks both served by
   the cloud model 0 (a = 0.7, g = g1 = 2), weights w = (2, 1), lambda = (10, 30), d = 1.
   Latency 1/100 + delta_e 0.1 <= 10. Variant 0: cloud compute F_c = 50 binds:
   2 (10 z0 + 30 z1) <= 50. Variant 1: ingress B_c = 25 binds: 10 z0 + 30 z1 <= 25.
   Both: t0 has the larger weight per unit of capacity, so z0 = 1, then 30 z1 = 15: z1 = 0.5.
   A = (2*10*0.7 + 30*0.5*0.7) / (2*10 + 30) = 24.5 / 50 = 0.49; served (20 + 15) / 50 = 0.7. */
static void test_exact_cloud_fractional(void **state)
{
  (void)state;
  for (int variant = 0; variant < 2; variant++) {
    J3oInstance in;
    J3oResult   r;
    J3O_OK(NewInstance(&in, 2, 1, 1, 0));
    in.weight[0]               = 2;
    in.cloud[0]                = 1;
    in.gflop_per_query[0]      = 2;
    in.accuracy[0]             = 0.7;
    in.accuracy[1]             = 0.7;
    in.edge_gflops[0]          = 1000;
    in.edge_cell_mb_s[0]       = 1000;
    in.edge_backhaul_mb_s[0]   = 1000;
    in.edge_cloud_latency_s[0] = 0.1;
    in.client_uplink_mb_s[0]   = 100;
    in.demand[0]               = 10;
    in.demand[1]               = 30;
    in.cloud_gflops            = variant == 0 ? 50 : 1e6;
    in.cloud_ingress_mb_s      = variant == 0 ? 1e6 : 25;
    J3O_OK(Solve(&in, &r));
    assert_int_equal(r.status, J3O_STATUS_OPTIMAL);
    assert_near(r.accuracy, 0.49, 1e-9);
    assert_near(r.served_fraction, 0.7, 1e-9);
    assert_int_equal(r.nroutes, 2);
    assert_non_null(FindRoute(&r, 0, 0, J3O_ROUTE_CLOUD, 0));
    assert_non_null(FindRoute(&r, 0, 1, J3O_ROUTE_CLOUD, 0));
    assert_near(FindRoute(&r, 0, 0, J3O_ROUTE_CLOUD, 0)->fraction, 1, 1e-9);
    assert_near(FindRoute(&r, 0, 1, J3O_ROUTE_CLOUD, 0)->fraction, 0.5, 1e-9);
    assert_int_equal(r.x[0], 0);
    assert_int_equal(r.y[0], 0);
    J3O_OK(J3oResultFree(&r));
    J3O_OK(J3oInstanceFree(&in));
  }
}

/* (d) Latency: one client, local only (r_n = 0), F_n = 10, D = 1, lambda = 0.1.
   Model 0: a = 0.9, g = 20 -> 20 / 10 = 2 s > 1: inadmissible (its compute 0.1 * 20 = 2 <= 10
   would fit, so only rule 11 excludes it). Model 1: a = 0.6, g = 5 -> 0.5 s. Memory fits both.
   Optimum: model 1 alone, A = 0.6, x = (0, 1). Model 0 must not even be resident. */
static void test_exact_latency_excludes(void **state)
{
  (void)state;
  J3oInstance in;
  J3oResult   r;
  J3O_OK(NewInstance(&in, 1, 2, 1, 0));
  in.deadline_s[0]       = 1;
  in.accuracy[0]         = 0.9;
  in.accuracy[1]         = 0.6;
  in.gflop_per_query[0]  = 20;
  in.gflop_per_query[1]  = 5;
  in.client_memory_mb[0] = 100;
  in.client_gflops[0]    = 10;
  in.demand[0]           = 0.1;
  J3O_OK(Solve(&in, &r));
  assert_int_equal(r.status, J3O_STATUS_OPTIMAL);
  assert_near(r.accuracy, 0.6, 1e-9);
  assert_near(r.served_fraction, 1, 1e-9);
  assert_int_equal(r.x[0], 0);
  assert_int_equal(r.x[1], 1);
  assert_int_equal(r.nroutes, 1);
  assert_non_null(FindRoute(&r, 0, 0, J3O_ROUTE_LOCAL, 1));
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oInstanceFree(&in));
}

/* (e) Two clusters, batching off, everything at once. Edge e has clients n_e; one task (d = 1,
   D = 10), models 0 (a = 0.9, g = 4, 10 MB, not in the cloud) and 1 (a = 0.5, g = 1, cloud).
   Clients: S_n = 5 (no local model fits), r_n = 100. Edges: S_e = 10 (model 0 xor model 1),
   F_e = 40, W_e = B_e = 1000, delta = 0.1. lambda = 20 per client; total weight 40.
   Edge with model 0: 4 * 20 v <= 40 -> v = 0.5 (acc 0.9 * 10 = 9); rest to cloud at 0.5.
   Cloud compute F_c = 10 (g_c = 1) is shared: 20 z_1 + 20 z_2 <= 10 in total -> 5 acc overall.
   Per edge, model 0 gives 9 plus cloud; model 1 at the edge: 20 v <= 40 -> v = 1: 10 acc,
   leaving nothing for the cloud; model 1 beats model 0 (10 > 9 + cloud share).
   Candidates: both edges model 1: 20 acc.  One edge model 0 (9 + its cloud 10 * 0.5 = 5 -> 14;
   the 10 units of cloud go to its 10 remaining queries) + other model 1 (10): 24.
   Both model 0: 9 + 9 + 5 (10 cloud units) = 23. Optimum 24 / 40 = 0.6, served (10+10+20)/40 = 1. */
static void test_exact_two_clusters(void **state)
{
  (void)state;
  J3oInstance in;
  J3oResult   r;
  J3O_OK(J3oInstanceAllocate(&in, 1, 2, 2, 2, 0, 0, 2, 0, 2));
  in.edge_client_start[0] = 0;
  in.edge_client_start[1] = 1;
  in.edge_client_start[2] = 2;
  in.client_edge[0]       = 0;
  in.client_edge[1]       = 1;
  in.rho                  = 1;
  in.input_mb[0]          = 1;
  in.deadline_s[0]        = 10;
  in.weight[0]            = 1;
  in.memory_mb[0]         = 10;
  in.memory_mb[1]         = 10;
  in.gflop_per_query[0]   = 4;
  in.gflop_per_query[1]   = 1;
  in.accuracy[0]          = 0.9;
  in.accuracy[1]          = 0.5;
  in.cloud[1]             = 1;
  for (int e = 0; e < 2; e++) {
    in.edge_memory_mb[e] = 10;
    in.edge_gflops[e]    = 40;
    in.edge_cell_mb_s[e] = in.edge_backhaul_mb_s[e] = 1000;
    in.edge_cloud_latency_s[e]                      = 0.1;
    in.client_memory_mb[e]                          = 5;
    in.client_gflops[e]                             = 100;
    in.client_uplink_mb_s[e]                        = 100;
    in.demand[e]                                    = 20;
  }
  in.cloud_gflops       = 10;
  in.cloud_ingress_mb_s = 1000;
  J3O_OK(Solve(&in, &r));
  assert_int_equal(r.status, J3O_STATUS_OPTIMAL);
  assert_near(r.accuracy, 0.6, 1e-9);
  assert_near(r.served_fraction, 1, 1e-9);
  assert_int_equal(r.y[0 * 2 + 0] + r.y[1 * 2 + 0], 1); /* model 0 on exactly one edge */
  assert_int_equal(r.y[0 * 2 + 1] + r.y[1 * 2 + 1], 1);
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oInstanceFree(&in));
}

/* No demand at all: A = 0 proven, bound 0, gap 0, nothing routed. */
static void test_exact_no_demand(void **state)
{
  (void)state;
  J3oInstance in;
  J3oResult   r;
  J3O_OK(NewInstance(&in, 1, 1, 1, 2));
  in.duty_cycles_s[0] = 0.5;
  in.duty_cycles_s[1] = 1;
  J3O_OK(Solve(&in, &r));
  assert_int_equal(r.status, J3O_STATUS_OPTIMAL);
  assert_near(r.accuracy, 0, 0);
  assert_near(r.upper_bound, 0, 0);
  assert_near(r.gap, 0, 0);
  assert_near(r.duty_cycle_s[0], 0.5, 0);
  assert_int_equal(r.nroutes, 0);
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oInstanceFree(&in));
}

/* A generated paper-batch instance: the optimal result passes the independent checker; a run cut
   short by a time limit (1 ms: before or right after the root) returns a feasible solution no
   better than the optimum and a bound no smaller than it, with a consistent gap. */
static void test_exact_generated_time_limit(void **state)
{
  (void)state;
  J3oGenOptions g;
  J3oInstance   in;
  J3oResult     opt, cut;
  int           nv;
  J3O_OK(PetscMemzero(&g, sizeof(g)));
  J3O_OK(PetscStrncpy(g.family, "paper-batch", sizeof(g.family)));
  g.seed  = 1;
  g.edges = g.clients_per_edge = g.tasks = g.models = 0;
  g.batching                                        = -1;
  J3O_OK(J3oGenerate(&g, &in));
  in.total_weighted_demand = J3oInstanceLocalWeightedDemand(&in);
  J3O_OK(J3oResultAllocate(&opt, &in, "exact"));
  J3O_OK(J3oExactSolve(&in, 60, &opt));
  assert_int_equal(opt.status, J3O_STATUS_OPTIMAL);
  assert_true(opt.gap <= 1e-9);
  J3O_OK(J3oCheck(&in, &opt, stderr, &nv));
  assert_int_equal(nv, 0);
  J3O_OK(J3oResultAllocate(&cut, &in, "exact"));
  J3O_OK(J3oExactSolve(&in, 1e-3, &cut));
  J3O_OK(J3oCheck(&in, &cut, stderr, &nv));
  assert_int_equal(nv, 0);
  assert_true(cut.accuracy <= opt.accuracy + 1e-9);
  assert_true(cut.upper_bound >= opt.accuracy - 1e-9);
  assert_true(cut.upper_bound <= 1);
  assert_near(cut.gap, (cut.upper_bound - cut.accuracy) / cut.upper_bound, 1e-12);
  if (cut.status != J3O_STATUS_OPTIMAL) assert_int_equal(cut.status, J3O_STATUS_TIME_LIMIT);
  J3O_OK(J3oResultFree(&cut));
  J3O_OK(J3oResultFree(&opt));
  J3O_OK(J3oInstanceFree(&in));
}

/* Demand but no admissible route (F_n = 0 and r_n = 0): an empty MILP, A = 0 proven, served 0. */
static void test_exact_nothing_admissible(void **state)
{
  (void)state;
  J3oInstance in;
  J3oResult   r;
  J3O_OK(NewInstance(&in, 1, 1, 1, 0));
  in.accuracy[0]  = 0.9;
  in.cloud[0]     = 1;
  in.demand[0]    = 5;
  in.cloud_gflops = in.cloud_ingress_mb_s = 100;
  J3O_OK(Solve(&in, &r));
  assert_int_equal(r.status, J3O_STATUS_OPTIMAL);
  assert_near(r.accuracy, 0, 0);
  assert_near(r.served_fraction, 0, 0);
  assert_near(r.upper_bound, 0, 1e-12);
  assert_int_equal(r.nroutes, 0);
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oInstanceFree(&in));
}

static const struct CMUnitTest tests[] = {
  cmocka_unit_test(test_exact_nothing_admissible), cmocka_unit_test(test_exact_generated_time_limit),
  cmocka_unit_test(test_exact_memory_choice),      cmocka_unit_test(test_exact_duty_cycle),
  cmocka_unit_test(test_exact_cloud_fractional),   cmocka_unit_test(test_exact_latency_excludes),
  cmocka_unit_test(test_exact_two_clusters),       cmocka_unit_test(test_exact_no_demand),
};
J3O_TEST_MAIN(tests)
