/* test_exact_churn.c: the churn rows 12 and 13 of the exact MILP on a two-cluster instance whose optima under each
 * budget are computed by hand. */
#include <math.h>
#include "j3o_test.h"
#include "j3o/exact.h"
#include "j3o/check.h"
#include "exact/exact_impl.h"

#define assert_near(a, b, tol) \
  do { \
    double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= (tol))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); \
  } while (0)

/* Two edges with one client each; one task, lambda = 1 per client, local routes only (uplinks 0
   close edge and cloud, edge memory 0 holds nothing). Models: m0 50 MB a = 0.9, m1 30 MB a = 0.6,
   m2 20 MB a = 0.3; a client's memory 50 MB holds m0, or m1 and m2. The previous plan: client 0
   held m2, client 1 held m1. A = (a of client 0's best model + client 1's) / 2. */
static PetscErrorCode NewInstance(J3oInstance *in, J3oPrevious *prev)
{
  static const double mem[3] = {50, 30, 20}, acc[3] = {0.9, 0.6, 0.3};

  PetscFunctionBegin;
  PetscCall(J3oInstanceAllocate(in, 1, 3, 2, 2, 0, 0, 2, 0, 2));
  in->edge_client_start[0] = 0;
  in->edge_client_start[1] = 1;
  in->edge_client_start[2] = 2;
  in->rho                  = 1;
  in->input_mb[0]          = 1;
  in->deadline_s[0]        = 10;
  in->weight[0]            = 1;
  for (int m = 0; m < 3; m++) {
    in->memory_mb[m]       = mem[m];
    in->gflop_per_query[m] = 1;
    in->accuracy[m]        = acc[m];
  }
  for (int i = 0; i < 2; i++) {
    in->client_edge[i]      = i;
    in->client_memory_mb[i] = 50;
    in->client_gflops[i]    = 1000;
    in->demand[i]           = 1;
  }
  PetscCall(J3oInstanceFinalize(in));
  in->total_weighted_demand = J3oInstanceLocalWeightedDemand(in);
  PetscCall(PetscMemzero(prev, sizeof(*prev)));
  prev->M = 3, prev->edge_first = 0, prev->edge_last = 2, prev->client_first = 0, prev->client_count = 2;
  PetscCall(PetscCalloc1(6, &prev->x));
  PetscCall(PetscCalloc1(6, &prev->y));
  PetscCall(PetscCalloc1(2, &prev->duty_cycle_s));
  prev->x[0 * 3 + 2] = 1;
  prev->x[1 * 3 + 1] = 1;
  PetscFunctionReturn(0);
}

/* Solves under budgets B (per cluster) and G (total), checks A and the onloading, and that the
   result passes the independent checker and J3oChurn stays within both budgets. */
static void SolveAndCheck(double B, double G, double A, const unsigned char x[6])
{
  J3oInstance   in;
  J3oPrevious   prev;
  J3oResult     r;
  J3oExactChurn churn;
  double        c[2];
  int           nviol = -1;

  J3O_OK(NewInstance(&in, &prev));
  churn.prev = &prev, churn.budget_mb = B, churn.budget_total_mb = G;
  J3O_OK(J3oResultAllocate(&r, &in, "exact"));
  J3O_OK(J3oExactSolveChurn(&in, 60, &churn, &r));
  assert_int_equal(r.status, J3O_STATUS_OPTIMAL);
  assert_near(r.accuracy, A, 1e-9);
  assert_near(r.upper_bound, A, 1e-9);
  for (int k = 0; k < 6; k++)
    if (x[k] <= 1 && r.x[k] != x[k])
      fail_msg("B %g G %g: x[%d][%d] = %d, expected %d", B, G, k / 3, k % 3, r.x[k], x[k]);
  J3oChurn(&in, &prev, r.x, r.y, c);
  assert_true(c[0] <= B && c[1] <= B && c[0] + c[1] <= G);
  J3O_OK(J3oCheck(&in, &r, NULL, &nviol));
  assert_int_equal(nviol, 0);
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oPreviousFree(&prev));
  J3O_OK(J3oInstanceFree(&in));
}

/* 2 (x[k] = 2): not asserted (a model the optimum may or may not keep). */

/* No budget: both clients load m0 (100 MB of churn), A = (0.9 + 0.9) / 2 = 0.9. */
static void test_churn_unbudgeted(void **state)
{
  static const unsigned char x[6] = {1, 0, 0, 1, 0, 0};
  (void)state;
  SolveAndCheck(INFINITY, INFINITY, 0.9, x);
}

/* B = 0: only held models: client 0 m2, client 1 m1, A = (0.3 + 0.6) / 2 = 0.45. */
static void test_churn_budget_zero(void **state)
{
  static const unsigned char x[6] = {0, 0, 1, 0, 1, 0};
  (void)state;
  SolveAndCheck(0, INFINITY, 0.45, x);
}

/* B = 30 (m1's size): client 0 loads m1 (30 MB, 0.6; m0's 50 MB is over), client 1 gains nothing
   within 30 MB, A = (0.6 + 0.6) / 2 = 0.6. */
static void test_churn_budget_one_model(void **state)
{
  static const unsigned char x[6] = {0, 1, 2, 0, 1, 0};
  (void)state;
  SolveAndCheck(30, INFINITY, 0.6, x);
}

/* G = 50 in all, B unlimited: one switch to m0; client 0 gains 0.9 - 0.3, client 1 only 0.9 - 0.6,
   so client 0 loads m0: A = (0.9 + 0.6) / 2 = 0.75. With B = 50 per cluster both switch (0.9). */
static void test_churn_total_budget(void **state)
{
  static const unsigned char x[6]  = {1, 0, 0, 0, 1, 0};
  static const unsigned char xb[6] = {1, 0, 0, 1, 0, 0};
  (void)state;
  SolveAndCheck(INFINITY, 50, 0.75, x);
  SolveAndCheck(50, INFINITY, 0.9, xb);
}

/* The rows themselves: B and G finite add one row per cluster and one over both; cluster 0's row
   holds x_0,m0 (50) and x_0,m1 (30), not the held m2; cluster 1's x_1,m0 (50) and x_1,m2 (20). */
static void test_churn_rows(void **state)
{
  J3oInstance   in;
  J3oPrevious   prev;
  J3oExactModel mod;
  J3oExactChurn churn;
  int           rows0;
  double        want[3][3] = {{50, 30, 0}, {50, 0, 20}, {100, 30, 20}}; /* per row, by model: the coefficient sums */
  double        got[3][3]  = {{0}};
  (void)state;

  J3O_OK(NewInstance(&in, &prev));
  J3O_OK(J3oExactModelBuild(&in, &mod));
  rows0      = mod.nrows;
  churn.prev = &prev, churn.budget_mb = 40, churn.budget_total_mb = 70;
  J3O_OK(J3oExactAddChurnRows(&mod, &churn));
  assert_int_equal(mod.nrows, rows0 + 3);
  assert_near(mod.rub[rows0], 40, 0);
  assert_near(mod.rub[rows0 + 1], 40, 0);
  assert_near(mod.rub[rows0 + 2], 70, 0);
  for (PetscCount k = 0; k < mod.A.n; k++) {
    int row = mod.A.row[k] - rows0, hit = 0;
    if (row < 0) continue;
    for (int i = 0; i < 2; i++)
      for (int m = 0; m < 3; m++)
        if (mod.xcol[i * 3 + m] == mod.A.col[k]) got[row][m] += mod.A.val[k], hit = 1;
    assert_true(hit); /* only x columns: the edges hold nothing */
  }
  for (int row = 0; row < 3; row++)
    for (int m = 0; m < 3; m++) assert_near(got[row][m], want[row][m], 0);
  J3O_OK(J3oExactModelFree(&mod));
  J3O_OK(J3oPreviousFree(&prev));
  J3O_OK(J3oInstanceFree(&in));
}

static const struct CMUnitTest tests[] = {
  cmocka_unit_test(test_churn_unbudgeted),
  cmocka_unit_test(test_churn_budget_zero),
  cmocka_unit_test(test_churn_budget_one_model),
  cmocka_unit_test(test_churn_total_budget),
  cmocka_unit_test(test_churn_rows),
};
J3O_TEST_MAIN(tests)
