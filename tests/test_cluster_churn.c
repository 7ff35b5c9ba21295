/* test_cluster_churn.c: a cluster's churn (constraint 12 and the churn price) in the J3O search, the
   baselines and the bound, on tiny clusters whose optima under each budget are computed by hand, and
   the bound against the exact MILP under the same budget. */
#include <math.h>
#include "j3o_test.h"
#include "j3o/cluster.h"
#include "j3o/exact.h"
#include "exact/exact_impl.h"

#define assert_near(a, b, tol) \
  do { \
    double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= (tol))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); \
  } while (0)

/* Two edges with one client each; one task, lambda = 1 per client, local routes only (uplinks 0
   close edge and cloud). Models m0 50 MB a = 0.9, m1 30 MB a = 0.6, m2 20 MB a = 0.3; a client's
   50 MB hold m0, or m1 and m2. The previous plan: client 0 held m2, client 1 held m1. A cluster's
   value is the accuracy of its client's best model. */
static const double        Mem[3]     = {50, 30, 20};
static const unsigned char Held[2][3] = {{0, 0, 1}, {0, 1, 0}};

static PetscErrorCode NewInstance(J3oInstance *in)
{
  static const double acc[3] = {0.9, 0.6, 0.3};

  PetscFunctionBegin;
  PetscCall(J3oInstanceAllocate(in, 1, 3, 2, 2, 0, 0, 2, 0, 2));
  in->edge_client_start[0] = 0;
  in->edge_client_start[1] = 1;
  in->edge_client_start[2] = 2;
  in->rho = 1, in->input_mb[0] = 1, in->deadline_s[0] = 10, in->weight[0] = 1;
  for (int m = 0; m < 3; m++) in->memory_mb[m] = Mem[m], in->gflop_per_query[m] = 1, in->accuracy[m] = acc[m];
  for (int i = 0; i < 2; i++)
    in->client_edge[i] = i, in->client_memory_mb[i] = 50, in->client_gflops[i] = 1000, in->demand[i] = 1;
  PetscCall(J3oInstanceFinalize(in));
  in->total_weighted_demand = J3oInstanceLocalWeightedDemand(in);
  PetscFunctionReturn(0);
}

/* The churn of a cluster's solution against Held, by hand. */
static double ChurnOf(int e, const J3oClusterSolution *s)
{
  double c = 0;
  for (int m = 0; m < 3; m++)
    if (s->x[m] && !Held[e][m]) c += Mem[m];
  return c;
}

/* Cluster e at budget B and churn price mu_c: value, priced value, reported churn and its onloading.
   search: 0 default options, 1 the greedy alternation alone (no second start, no swaps). */
static void SolveCluster(int e, J3oOnloadRule rule, int search, double B, double capc, double mu_c, double value,
                         const char *x)
{
  J3oInstance        in;
  J3oCluster         c;
  J3oClusterOptions  o;
  J3oClusterSolution s = {0};
  J3oShared          p = J3oSharedConst(0), cap = J3oSharedConst(INFINITY);
  unsigned char      y[3] = {0, 0, 0};

  J3O_OK(NewInstance(&in));
  J3O_OK(J3oClusterOptionsDefault(&o));
  o.rule = rule;
  if (search == 1) o.second_start = o.swaps = PETSC_FALSE;
  J3O_OK(J3oClusterCreate(&in, e, &o, &c));
  J3O_OK(J3oClusterSetPrevious(c, Held[e], y, 0, B));
  p.r[J3O_SHARED_CHURN_MB]   = mu_c;
  cap.r[J3O_SHARED_CHURN_MB] = capc;
  J3O_OK(J3oClusterSolve(c, &(J3oClusterRequest){p, cap, J3O_CLUSTER_SEARCH_EXHAUSTIVE, 0}, &s));
  if (!(fabs(s.value - value) <= 1e-9))
    fail_msg("cluster %d B %g cap %g mu %g: value %.12g, expected %.12g (x %d%d%d)", e, B, capc, mu_c, s.value, value,
             s.x[0], s.x[1], s.x[2]);
  assert_near(s.use.r[J3O_SHARED_CHURN_MB], ChurnOf(e, &s), 1e-12);
  assert_true(ChurnOf(e, &s) <= PetscMin(B, capc));
  assert_near(s.priced_value, value - mu_c * ChurnOf(e, &s), 1e-9);
  for (int m = 0; m < 3; m++)
    if (x[m] != '?' && s.x[m] != x[m] - '0')
      fail_msg("cluster %d B %g cap %g mu %g: x[%d] = %d, expected %c", e, B, capc, mu_c, m, s.x[m], x[m]);
  for (int m = 0; m < 3; m++) assert_int_equal(s.y[m], 0);
  J3O_OK(J3oClusterSolutionFree(&s));
  J3O_OK(J3oClusterDestroy(&c));
  J3O_OK(J3oInstanceFree(&in));
}

/* Budget 0: only the held model (client 0: m2, 0.3; client 1: m1, 0.6), whatever the search. */
static void test_budget_zero(void **state)
{
  (void)state;
  for (int search = 0; search < 2; search++) {
    SolveCluster(0, J3O_ONLOAD_J3O, search, 0, INFINITY, 0, 0.3, "001");
    SolveCluster(1, J3O_ONLOAD_J3O, search, 0, INFINITY, 0, 0.6, "?1?");
    SolveCluster(0, J3O_ONLOAD_J3O, search, INFINITY, 0, 0, 0.3, "001"); /* a churn cap of 0 from the request */
  }
  SolveCluster(0, J3O_ONLOAD_GREEDY, 0, 0, INFINITY, 0, 0.3, "001");
  SolveCluster(1, J3O_ONLOAD_RANDOM, 0, 0, INFINITY, 0, 0.6, "?1?");
}

/* A budget of one model's size: client 0 may load m1 (30 MB) next to m2 but not m0 (50 MB): 0.6;
   at 50 MB, m0: 0.9; client 1 at 20 MB gains nothing (m2 is worse than its m1): 0.6. */
static void test_budget_one_model(void **state)
{
  (void)state;
  for (int search = 0; search < 2; search++) {
    SolveCluster(0, J3O_ONLOAD_J3O, search, 30, INFINITY, 0, 0.6, "01?");
    SolveCluster(0, J3O_ONLOAD_J3O, search, 50, INFINITY, 0, 0.9, "100");
    SolveCluster(0, J3O_ONLOAD_J3O, search, 50, 30, 0, 0.6, "01?"); /* the smaller of budget and cap */
    SolveCluster(1, J3O_ONLOAD_J3O, search, 20, INFINITY, 0, 0.6, "?1?");
    SolveCluster(1, J3O_ONLOAD_J3O, search, 50, INFINITY, 0, 0.9, "100");
  }
}

/* A churn price mu per MB, client 0: m0 nets 0.9 - 50 mu, m1 next to the held m2 nets 0.6 - 30 mu,
   the held m2 alone 0.3. mu = 0.005: m0 (0.65); 0.011: m0 (0.35 > 0.3 > 0.27); 0.0125: m0 nets
   0.275 < 0.3, nothing new; 0.02: nothing new. */
static void test_churn_price(void **state)
{
  (void)state;
  SolveCluster(0, J3O_ONLOAD_J3O, 0, INFINITY, INFINITY, 0.005, 0.9, "100");
  SolveCluster(0, J3O_ONLOAD_J3O, 0, INFINITY, INFINITY, 0.011, 0.9, "100");
  SolveCluster(0, J3O_ONLOAD_J3O, 0, INFINITY, INFINITY, 0.0125, 0.3, "001");
  SolveCluster(0, J3O_ONLOAD_J3O, 0, INFINITY, INFINITY, 0.02, 0.3, "001");
  SolveCluster(1, J3O_ONLOAD_J3O, 0, INFINITY, INFINITY, 1, 0.6, "010");
}

/* The bound under budget B at churn price 0 is at least the exact MILP's optimum under the same
   budget (sum of both clusters), and at most the unbudgeted bound; its churn use is within B; at a
   price beyond J3oClusterChurnPriceLimit the bound's maximizer loads no churn. */
static void test_bound_vs_exact(void **state)
{
  static const double budgets[] = {0, 20, 30, 40, 50, INFINITY};
  (void)state;
  for (size_t b = 0; b < sizeof(budgets) / sizeof(budgets[0]); b++) {
    double        B = budgets[b], bound = 0, free_bound = 0, lim;
    J3oInstance   in;
    J3oPrevious   prev = {0};
    J3oResult     r;
    J3oExactChurn churn;

    J3O_OK(NewInstance(&in));
    for (int e = 0; e < 2; e++) {
      J3oCluster    c, f;
      J3oShared     use, p = J3oSharedConst(0);
      unsigned char y[3] = {0, 0, 0};
      double        v, fl;
      J3O_OK(J3oClusterCreate(&in, e, NULL, &c));
      J3O_OK(J3oClusterCreate(&in, e, NULL, &f));
      J3O_OK(J3oClusterSetPrevious(c, Held[e], y, 0, B));
      J3O_OK(J3oClusterBound(c, &p, &v, &use));
      assert_true(use.r[J3O_SHARED_CHURN_MB] <= B * (1 + 1e-9) + 1e-9);
      bound += v;
      J3O_OK(J3oClusterBound(f, &p, &v, &use));
      free_bound += v;
      /* the floor stays below the bound at every price (held models only: client e's held value) */
      J3O_OK(J3oClusterBoundFloor(c, &fl));
      assert_true(fl <= (e == 0 ? 0.3 : 0.6) + 1e-12);
      J3O_OK(J3oClusterChurnPriceLimit(c, &lim));
      assert_near(lim, e == 0 ? 0.6 / 30 : 0.9 / 50, 1e-12); /* the best value per MB of a model not held */
      p.r[J3O_SHARED_CHURN_MB] = lim * 1.01;
      J3O_OK(J3oClusterBound(c, &p, &v, &use));
      assert_near(use.r[J3O_SHARED_CHURN_MB], 0, 1e-9);
      assert_near(v, e == 0 ? 0.3 : 0.6, 1e-9);
      J3O_OK(J3oClusterDestroy(&c));
      J3O_OK(J3oClusterDestroy(&f));
    }
    prev.M = 3, prev.edge_first = 0, prev.edge_last = 2, prev.client_first = 0, prev.client_count = 2;
    J3O_OK(PetscCalloc1(6, &prev.x));
    J3O_OK(PetscCalloc1(6, &prev.y));
    J3O_OK(PetscCalloc1(2, &prev.duty_cycle_s));
    for (int k = 0; k < 6; k++) prev.x[k] = Held[k / 3][k % 3];
    churn.prev = &prev, churn.budget_mb = B, churn.budget_total_mb = INFINITY;
    J3O_OK(J3oResultAllocate(&r, &in, "exact"));
    J3O_OK(J3oExactSolveChurn(&in, 60, &churn, &r));
    assert_int_equal(r.status, J3O_STATUS_OPTIMAL);
    double opt = r.accuracy * in.total_weighted_demand;
    if (!(bound >= opt - 1e-9)) fail_msg("B %g: bound %.12g below the exact optimum %.12g", B, bound, opt);
    assert_true(bound <= free_bound + 1e-9);
    if (B == 0) assert_near(bound, 0.9, 1e-9); /* held models only: 0.3 + 0.6, integral */
    J3O_OK(J3oResultFree(&r));
    J3O_OK(J3oPreviousFree(&prev));
    J3O_OK(J3oInstanceFree(&in));
  }
}

int                            main(int argc, char **argv);
static const struct CMUnitTest tests[] = {
  cmocka_unit_test(test_budget_zero),
  cmocka_unit_test(test_budget_one_model),
  cmocka_unit_test(test_churn_price),
  cmocka_unit_test(test_bound_vs_exact),
};
J3O_TEST_MAIN(tests)
