/* test_check.c: the checker accepts a hand-checked feasible result and rejects one broken result per constraint family.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "j3o_test.h"
#include "j3o/check.h"

/* Instance (one edge, two clients, rho = 0.9):
   tasks   d = {1, 2} MB, D = {1, 1} s, w = {1, 2}
   models  m0: s 100, g0 1, g1 1 (g 2),   a = {0.6, 0},   not in cloud
           m1: s 200, g0 2, g1 2 (g 4),   a = {0.7, 0.5}, not in cloud
           m2: s 500, g0 10, g1 10 (g 20), a = {0.9, 0.8}, cloud  -> c(0) = c(1) = 2
   edge 0  S 300, F 100, W 50, B 20, delta 0.2
   clients S 150, F 10, r 10; demand c0 = {2, 1}, c1 = {1, 0}
   cloud   F_c 100, B_c 10.   Total weighted demand 1*2 + 2*1 + 1*1 = 5.
   K = 2 adds duty cycles C = {0.1, 0.2}. */
static void BuildInstance(J3oInstance *in, int K)
{
  const double d[] = {1, 2}, D[] = {1, 1}, w[] = {1, 2};
  const double s[] = {100, 200, 500}, g0[] = {1, 2, 10}, g1[] = {1, 2, 10};
  const double a[] = {0.6, 0, 0.7, 0.5, 0.9, 0.8}, lam[] = {2, 1, 1, 0};

  J3O_OK(J3oInstanceAllocate(in, 2, 3, 1, 2, K, 0, 1, 0, 2));
  strcpy(in->name, "tiny");
  for (int t = 0; t < 2; t++) {
    in->input_mb[t]   = d[t];
    in->deadline_s[t] = D[t];
    in->weight[t]     = w[t];
  }
  for (int m = 0; m < 3; m++) {
    in->memory_mb[m]       = s[m];
    in->gflop_fixed[m]     = g0[m];
    in->gflop_per_query[m] = g1[m];
  }
  memcpy(in->accuracy, a, sizeof(a));
  in->cloud[2]                = 1;
  in->edge_memory_mb[0]       = 300;
  in->edge_gflops[0]          = 100;
  in->edge_cell_mb_s[0]       = 50;
  in->edge_backhaul_mb_s[0]   = 20;
  in->edge_cloud_latency_s[0] = 0.2;
  in->edge_client_start[0]    = 0;
  in->edge_client_start[1]    = 2;
  for (int i = 0; i < 2; i++) {
    in->client_edge[i]        = 0;
    in->client_memory_mb[i]   = 150;
    in->client_gflops[i]      = 10;
    in->client_uplink_mb_s[i] = 10;
  }
  memcpy(in->demand, lam, sizeof(lam));
  in->cloud_gflops       = 100;
  in->cloud_ingress_mb_s = 10;
  in->rho                = 0.9;
  if (K == 2) {
    in->duty_cycles_s[0] = 0.1;
    in->duty_cycles_s[1] = 0.2;
  }
  J3O_OK(J3oInstanceFinalize(in));
  in->total_weighted_demand = J3oInstanceLocalWeightedDemand(in);
  assert_true(in->total_weighted_demand == 5);
}

/* Feasible result: x = {c0: m0, c1: m0}, y = {m1}, duty cycle 0.2 with batching.
   c0 t0: local m0 0.5, edge m1 0.25, cloud m2 0.25   latencies 0.2, 0.14 (0.5 batched), 0.3
   c0 t1: edge m1 1                                   latency 0.24 (0.6 batched)
   c1 t0: cloud m2 1                                  latency 0.3
   A = (1*2*(0.6*.5 + 0.7*.25 + 0.9*.25) + 2*1*0.5 + 1*1*0.9) / 5 = (1.4 + 1 + 0.9) / 5 = 0.66
   served = (2 + 2 + 1) / 5 = 1; bound 0.8, gap (0.8 - 0.66) / 0.8 = 0.175.
   Loads: client0 compute 2*2*.5 = 2 <= 9, uplink 2*1*.5 + 1*2*1 = 3 <= 10; client1 uplink 1 <= 10;
   edge compute 2*4*.25 + 1*4*1 = 6 <= 90 (batched: 2*2*.25 + 1*2*1 = 3 plus 2/0.2 = 13);
   cell 4 <= 50; backhaul 0.5 + 1 = 1.5 <= 20; cloud compute 2*20*.25 + 20 = 30 <= 90; ingress 1.5 <= 10. */
static void BuildResult(const J3oInstance *in, J3oResult *r)
{
  J3O_OK(J3oResultAllocate(r, in, "test"));
  r->x[0 * 3 + 0] = 1;
  r->x[1 * 3 + 0] = 1;
  r->y[1]         = 1;
  if (in->K) r->duty_cycle_s[0] = 0.2;
  J3O_OK(J3oResultAddRoute(r, 0, 0, J3O_ROUTE_LOCAL, 0, 0.5));
  J3O_OK(J3oResultAddRoute(r, 0, 0, J3O_ROUTE_EDGE, 1, 0.25));
  J3O_OK(J3oResultAddRoute(r, 0, 0, J3O_ROUTE_CLOUD, 2, 0.25));
  J3O_OK(J3oResultAddRoute(r, 0, 1, J3O_ROUTE_EDGE, 1, 1.0));
  J3O_OK(J3oResultAddRoute(r, 1, 0, J3O_ROUTE_CLOUD, 2, 1.0));
  r->accuracy        = 0.66;
  r->served_fraction = 1;
  r->upper_bound     = 0.8;
  r->gap             = 0.175;
  r->status          = J3O_STATUS_FEASIBLE;
}

/* Runs the checker, returns the number of violations and whether `expect` appears in its output. */
static int Check(const J3oInstance *in, const J3oResult *r, const char *expect, int *found)
{
  char  *text = NULL;
  size_t len  = 0;
  FILE  *out  = open_memstream(&text, &len);
  int    n    = -1;

  assert_non_null(out);
  J3O_OK(J3oCheck(in, r, out, &n));
  fclose(out);
  *found = expect ? strstr(text, expect) != NULL : 1;
  if (n && getenv("J3O_TEST_VERBOSE")) fputs(text, stderr);
  free(text);
  return n;
}

/* The result must be rejected with a line containing `expect`. */
static void ExpectRejected(const J3oInstance *in, const J3oResult *r, const char *expect)
{
  int found, n = Check(in, r, expect, &found);
  if (n < 1 || !found) fail_msg("expected a violation \"%s\", got %d violations (found %d)", expect, n, found);
}

static void ExpectValid(const J3oInstance *in, const J3oResult *r)
{
  int found, n = Check(in, r, NULL, &found);
  if (n) fail_msg("expected a valid result, got %d violations (J3O_TEST_VERBOSE=1 shows them)", n);
}

static void test_feasible_accepted(void **state)
{
  J3oInstance in;
  J3oResult   r;
  (void)state;
  BuildInstance(&in, 0);
  BuildResult(&in, &r);
  ExpectValid(&in, &r);
  r.upper_bound = NAN; /* no bound: gap must be NaN too */
  r.gap         = NAN;
  ExpectValid(&in, &r);
  r.gap = 0.175;
  ExpectRejected(&in, &r, "summary (gap)");
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oInstanceFree(&in));
}

static void test_empty_result(void **state)
{
  J3oInstance in;
  J3oResult   r;
  (void)state;
  BuildInstance(&in, 0);
  J3O_OK(J3oResultAllocate(&r, &in, "none"));
  ExpectValid(&in, &r); /* dropping everything: A = served = 0, no bound */
  r.upper_bound = 0;
  r.gap         = 0; /* bound = A = 0 -> gap 0 */
  ExpectValid(&in, &r);
  r.gap = NAN;
  ExpectRejected(&in, &r, "summary (gap)");
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oInstanceFree(&in));
}

/* Mutates a fresh instance/result pair, expects one rejection. */
typedef void (*Mutate)(J3oInstance *in, J3oResult *r);
static void Broken(int K, Mutate f, const char *expect)
{
  J3oInstance in;
  J3oResult   r;
  BuildInstance(&in, K);
  BuildResult(&in, &r);
  ExpectValid(&in, &r);
  f(&in, &r);
  ExpectRejected(&in, &r, expect);
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oInstanceFree(&in));
}

static void M_routing(J3oInstance *in, J3oResult *r)
{
  (void)in;
  J3O_OK(J3oResultAddRoute(r, 0, 1, J3O_ROUTE_CLOUD, 2, 0.5));
} /* c0 t1: 1 + 0.5 */
static void M_no_x(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->x[0] = 0;
}
static void M_no_y(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->y[1] = 0;
}
static void M_a_zero(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->routes[0].task = 1;
} /* c0 t1 local m0, a_01 = 0 */
static void M_cloud_model(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->routes[4].model = 1;
} /* c(0) = 2 */
static void M_no_cloud(J3oInstance *in, J3oResult *r)
{
  in->cloud[2] = 0;
  (void)r;
} /* no task has a cloud route */
static void M_binary(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->x[0] = 2;
}
static void M_client_mem(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->x[1] = 1;
} /* 100 + 200 > 150 */
static void M_edge_mem(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->y[2] = 1;
} /* 200 + 500 > 300 */
static void M_client_cpu(J3oInstance *in, J3oResult *r)
{
  in->client_gflops[0] = 2.1;
  (void)r;
} /* 2 > 1.89, latency 0.95 ok */
static void M_edge_cpu(J3oInstance *in, J3oResult *r)
{
  in->edge_gflops[0] = 6;
  (void)r;
} /* 6 > 5.4, latency 0.87 ok */
static void M_client_up(J3oInstance *in, J3oResult *r)
{
  in->client_uplink_mb_s[0] = 2.9;
  (void)r;
} /* 3 > 2.9 */
static void M_cell(J3oInstance *in, J3oResult *r)
{
  in->edge_cell_mb_s[0] = 3.5;
  (void)r;
} /* 4 > 3.5 */
static void M_backhaul(J3oInstance *in, J3oResult *r)
{
  in->edge_backhaul_mb_s[0] = 1.4;
  (void)r;
} /* 1.5 > 1.4 */
static void M_cloud_cpu(J3oInstance *in, J3oResult *r)
{
  in->cloud_gflops = 30;
  (void)r;
} /* 30 > 27 */
static void M_ingress(J3oInstance *in, J3oResult *r)
{
  in->cloud_ingress_mb_s = 1.4;
  (void)r;
} /* 1.5 > 1.4 */
static void M_lat_local(J3oInstance *in, J3oResult *r)
{
  in->deadline_s[0] = 0.19;
  (void)r;
} /* local 0.2 */
static void M_lat_edge(J3oInstance *in, J3oResult *r)
{
  in->deadline_s[1] = 0.23;
  (void)r;
} /* edge 0.24 */
static void M_lat_cloud(J3oInstance *in, J3oResult *r)
{
  in->edge_cloud_latency_s[0] = 0.95;
  (void)r;
} /* 0.1 + 0.95 */
static void M_lat_zero(J3oInstance *in, J3oResult *r)
{
  in->client_uplink_mb_s[1] = 0;
  (void)r;
} /* r_n = 0: no cloud route */
static void M_lat_batch(J3oInstance *in, J3oResult *r)
{
  in->deadline_s[1] = 0.55;
  (void)r;
} /* batched edge 0.2 + 2*0.2 */
static void M_accuracy(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->accuracy = 0.67;
  r->gap      = (0.8 - 0.67) / 0.8;
}
static void M_served(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->served_fraction = 0.9;
}
static void M_bound(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->upper_bound = 0.65;
  r->gap         = (0.65 - 0.66) / 0.65;
}
static void M_gap(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->gap = 0.2;
}
static void M_dup(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->routes[0].fraction = 0.25;
  J3O_OK(J3oResultAddRoute(r, 0, 0, J3O_ROUTE_LOCAL, 0, 0.25));
}
static void M_zero_demand(J3oInstance *in, J3oResult *r)
{
  (void)in;
  J3O_OK(J3oResultAddRoute(r, 1, 1, J3O_ROUTE_CLOUD, 2, 0.5));
}
static void M_range(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->routes[1].model = 3;
}
static void M_fraction(J3oInstance *in, J3oResult *r)
{
  (void)in;
  r->routes[1].fraction = -0.25;
}

static void test_routing(void **s)
{
  (void)s;
  Broken(0, M_routing, "constraint 1 (routing): client 0 task 1: lhs 1.5 > rhs 1");
}
static void test_residency(void **s)
{
  (void)s;
  Broken(0, M_no_x, "constraint 2 (residency): client 0 task 0 local model 0");
  Broken(0, M_no_y, "constraint 2 (residency): client 0 task 0 edge 0 model 1");
  Broken(0, M_a_zero, "(a_mt = 0)");
  Broken(0, M_cloud_model, "constraint 2 (residency): client 1 task 0 cloud model 1: lhs 1 > rhs 0 (c(t) = 2)");
  Broken(0, M_no_cloud, "(no cloud model serves the task)");
  Broken(0, M_binary, "x = 2 is not 0 or 1");
}
static void test_memory(void **s)
{
  (void)s;
  Broken(0, M_client_mem, "constraint 3 (client memory): client 0: lhs 300 > rhs 150");
  Broken(0, M_edge_mem, "constraint 3 (edge memory): edge 0: lhs 700 > rhs 300");
}
static void test_client_compute(void **s)
{
  (void)s;
  Broken(0, M_client_cpu, "constraint 4 (client compute): client 0: lhs 2 > rhs 1.89");
}
static void test_edge_compute(void **s)
{
  (void)s;
  Broken(0, M_edge_cpu, "constraint 5 (edge compute): edge 0: lhs 6 > rhs 5.4");
}

/* Batching, C = {0.1, 0.2}, y = {m0, m1}: m0 is resident but idle and still pays its batch.
   Cycle 0.2: 1/0.2 + 2/0.2 + (2*2*.25 + 1*2*1) = 5 + 10 + 3 = 18 = rho F_e with F_e = 20.
   Cycle 0.1: 10 + 20 + 3 = 33 > 18. With F_e = 19: 18 > 17.1 (accepted if idle models were free: 13). */
static void test_edge_compute_batching(void **state)
{
  J3oInstance in;
  J3oResult   r;
  (void)state;
  BuildInstance(&in, 2);
  BuildResult(&in, &r);
  in.edge_gflops[0] = 20;
  r.y[0]            = 1;
  ExpectValid(&in, &r);
  r.duty_cycle_s[0] = 0.1;
  ExpectRejected(&in, &r, "constraint 5 (edge compute): edge 0: lhs 33 > rhs 18");
  r.duty_cycle_s[0] = 0.2;
  in.edge_gflops[0] = 19;
  ExpectRejected(&in, &r, "constraint 5 (edge compute): edge 0: lhs 18 > rhs 17.1");
  in.edge_gflops[0] = 20;
  r.duty_cycle_s[0] = 0.15;
  ExpectRejected(&in, &r, "duty cycle 0.15 is not a member of C");
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oInstanceFree(&in));

  BuildInstance(&in, 0); /* batching off: the duty cycle must be 0 */
  BuildResult(&in, &r);
  r.duty_cycle_s[0] = 0.2;
  ExpectRejected(&in, &r, "batching is off");
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oInstanceFree(&in));
}
static void test_bandwidth(void **s)
{
  (void)s;
  Broken(0, M_client_up, "constraint 6 (client uplink): client 0: lhs 3 > rhs 2.9");
  Broken(0, M_cell, "constraint 7 (cell uplink): edge 0: lhs 4 > rhs 3.5");
  Broken(0, M_backhaul, "constraint 8 (backhaul): edge 0: lhs 1.5 > rhs 1.4");
}
static void test_cloud(void **s)
{
  (void)s;
  Broken(0, M_cloud_cpu, "constraint 9 (cloud compute): cloud: lhs 30 > rhs 27");
  Broken(0, M_ingress, "constraint 10 (cloud ingress): cloud: lhs 1.5 > rhs 1.4");
}
static void test_latency(void **s)
{
  (void)s;
  Broken(0, M_lat_local, "constraint 11 (latency): client 0 task 0 local model 0: lhs 0.2 > rhs 0.19");
  Broken(0, M_lat_edge, "constraint 11 (latency): client 0 task 1 edge model 1: lhs 0.24 > rhs 0.23");
  Broken(0, M_lat_cloud, "constraint 11 (latency): client 1 task 0 cloud model 2: lhs 1.05 > rhs 1");
  Broken(0, M_lat_zero, "constraint 11 (latency): client 1 task 0 cloud model 2: lhs inf > rhs 1");
  Broken(2, M_lat_batch, "constraint 11 (latency): client 0 task 1 edge model 1: lhs 0.6 > rhs 0.55");
}

/* Rule 11 has 1e-9 relative slack: a deadline 1e-10 below the latency still admits the route. */
static void test_latency_slack(void **state)
{
  J3oInstance in;
  J3oResult   r;
  (void)state;
  BuildInstance(&in, 0);
  BuildResult(&in, &r);
  in.deadline_s[1] = 0.24 * (1 - 1e-10);
  ExpectValid(&in, &r);
  in.deadline_s[1] = 0.24 * (1 - 1e-8);
  ExpectRejected(&in, &r, "constraint 11 (latency)");
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oInstanceFree(&in));
}
static void test_summary(void **s)
{
  (void)s;
  Broken(0, M_accuracy, "summary (accuracy): stated 0.67 != recomputed 0.66");
  Broken(0, M_served, "summary (served_fraction): stated 0.9 != recomputed 1");
  Broken(0, M_bound, "summary (upper_bound)");
  Broken(0, M_gap, "summary (gap): stated 0.2");
}
static void test_rows(void **s)
{
  (void)s;
  Broken(0, M_dup, "client 0 task 0 route 0 model 0: duplicate row");
  Broken(0, M_zero_demand, "row for a pair with zero demand");
  Broken(0, M_range, "index out of range");
  Broken(0, M_fraction, "is not finite and > 0");
}

static const struct CMUnitTest tests[] = {
  cmocka_unit_test(test_feasible_accepted),
  cmocka_unit_test(test_empty_result),
  cmocka_unit_test(test_routing),
  cmocka_unit_test(test_residency),
  cmocka_unit_test(test_memory),
  cmocka_unit_test(test_client_compute),
  cmocka_unit_test(test_edge_compute),
  cmocka_unit_test(test_edge_compute_batching),
  cmocka_unit_test(test_bandwidth),
  cmocka_unit_test(test_cloud),
  cmocka_unit_test(test_latency),
  cmocka_unit_test(test_latency_slack),
  cmocka_unit_test(test_summary),
  cmocka_unit_test(test_rows),
};
J3O_TEST_MAIN(tests)
