/* test_lp.c: the J3oLP interface on hand-solved LPs (optimum, duals, warm start, infeasible) and a knapsack MILP. */
#include <math.h>
#include "j3o_test.h"
#include "j3o/lp.h"

/* cmocka here has no double assert: |a - b| <= tol, with the values in the message. */
#define assert_near(a, b, tol) \
  do { \
    double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= (tol))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); \
  } while (0)

/* max 3x + 2y  s.t.  r0: x + y <= 4,  r1: x + 3y <= 9,  r2: x <= 3,  x, y >= 0.
   Vertex x = 3, y = 1 (r0, r2 binding; r1 = 6 slack), obj 11.
   Duals from c = A_B' d: y: 2 = d0;  x: 3 = d0 + d2 -> d2 = 1; d1 = 0.
   Check by perturbation: r0 rhs 5 -> (3,2) obj 13 (+2); r2 rhs 4 -> (4,0) obj 12 (+1). */
static PetscErrorCode LoadSmallLP(J3oLP lp)
{
  /* columns x, y; CSC */
  static const int    start[] = {0, 3, 5};
  static const int    rows[]  = {0, 1, 2, 0, 1};
  static const double vals[]  = {1, 1, 1, 1, 3};
  const double        lb[] = {0, 0}, ub[] = {INFINITY, INFINITY}, obj[] = {3, 2};
  const double        rlb[] = {-INFINITY, -INFINITY, -INFINITY}, rub[] = {4, 9, 3};
  PetscFunctionBegin;
  PetscCall(J3oLPLoad(lp, 2, 3, start, rows, vals, lb, ub, obj, rlb, rub));
  PetscFunctionReturn(0);
}

/* Solves lp and expects a proven optimum of value f at (x0, x1). */
static void SolveExpect(J3oLP lp, double f, double x0, double x1)
{
  J3oLPStatus   st;
  const double *x;
  double        v;
  J3O_OK(J3oLPSolve(lp, &st));
  assert_int_equal(st, J3O_LP_OPTIMAL);
  J3O_OK(J3oLPGetObjective(lp, &v));
  assert_near(v, f, 1e-9);
  J3O_OK(J3oLPGetPrimal(lp, &x));
  assert_near(x[0], x0, 1e-9);
  assert_near(x[1], x1, 1e-9);
}

static void test_lp_optimum_and_duals(void **state)
{
  (void)state;
  J3oLP         lp = NULL;
  J3oLPStatus   st;
  const double *x, *y, *ax;
  double        f, b;
  J3O_OK(J3oLPCreate(&lp));
  J3O_OK(LoadSmallLP(lp));
  J3O_OK(J3oLPSolve(lp, &st));
  assert_int_equal(st, J3O_LP_OPTIMAL);
  J3O_OK(J3oLPGetObjective(lp, &f));
  J3O_OK(J3oLPGetBestBound(lp, &b));
  assert_near(f, 11.0, 1e-9);
  assert_near(b, 11.0, 1e-9);
  J3O_OK(J3oLPGetPrimal(lp, &x));
  assert_near(x[0], 3.0, 1e-9);
  assert_near(x[1], 1.0, 1e-9);
  J3O_OK(J3oLPGetRowDual(lp, &y));
  assert_near(y[0], 2.0, 1e-9); /* d obj / d rhs >= 0 on a binding <= row of a max */
  assert_near(y[1], 0.0, 1e-9);
  assert_near(y[2], 1.0, 1e-9);
  J3O_OK(J3oLPGetRowActivity(lp, &ax));
  assert_near(ax[0], 4.0, 1e-9);
  assert_near(ax[1], 6.0, 1e-9);
  assert_near(ax[2], 3.0, 1e-9);
  J3O_OK(J3oLPDestroy(&lp));
  assert_null(lp);
  J3O_OK(J3oLPDestroy(&lp)); /* NULL accepted */
}

/* Warm start: x <= 2 as a column bound -> (2, 2): r0 binding (d0 = 2 from y), r2 slack, obj 10.
   Then objective 3x + 2y -> 1x + 2y: y limited by r1 (x + 3y <= 9) and r0: vertex of r0, r1:
   x + y = 4, x + 3y = 9 -> y = 2.5, x = 1.5 obj 6.5; vs (0,3) obj 6; vs x=2 bound... (2,2) obj 6.
   So 6.5 at (1.5, 2.5): d from [1 1; 1 3]' d = (1, 2): d0 + d1 = 1, d0 + 3 d1 = 2 -> d1 = 0.5, d0 = 0.5.
   Then r1 rhs -> 30: y free of r1, r0 limits: max x + 2y, x + y <= 4 -> (0, 4) obj 8, d0 = 2. */
static void test_lp_warm_start(void **state)
{
  (void)state;
  J3oLP         lp = NULL;
  J3oLPStatus   st;
  const double *y;
  double        f;
  J3O_OK(J3oLPCreate(&lp));
  J3O_OK(LoadSmallLP(lp));
  J3O_OK(J3oLPSolve(lp, &st));
  J3O_OK(J3oLPSetColBounds(lp, 0, 0, 2));
  SolveExpect(lp, 10.0, 2.0, 2.0);
  J3O_OK(J3oLPGetRowDual(lp, &y));
  assert_near(y[0], 2.0, 1e-9);
  assert_near(y[2], 0.0, 1e-9);

  J3O_OK(J3oLPSetObjCoef(lp, 0, 1.0));
  SolveExpect(lp, 6.5, 1.5, 2.5);
  J3O_OK(J3oLPGetRowDual(lp, &y));
  assert_near(y[0], 0.5, 1e-9);
  assert_near(y[1], 0.5, 1e-9);

  J3O_OK(J3oLPSetRowBounds(lp, 1, -INFINITY, 30));
  J3O_OK(J3oLPSolve(lp, &st));
  assert_int_equal(st, J3O_LP_OPTIMAL);
  J3O_OK(J3oLPGetObjective(lp, &f));
  assert_near(f, 8.0, 1e-9);
  J3O_OK(J3oLPGetRowDual(lp, &y));
  assert_near(y[0], 2.0, 1e-9);
  assert_near(y[1], 0.0, 1e-9);
  J3O_OK(J3oLPDestroy(&lp));
}

/* Cutoff: from the optimum 11 at (3, 1), x <= 2 moves it to 10 at (2, 2) (test_lp_warm_start).
   With a cutoff of 10.5 the dual simplex proves the maximum below it: status CUTOFF, best bound
   10.5, and its row duals bound the LP by weak duality (sum rub y + sum ub max(0, c - A'y) >= 10).
   The cutoff cleared, the same LP re-solves to 10 from there. x <= 1 with a cutoff of 8, below the
   new optimum 8 1/3 at (1, 8/3) (x + 3y <= 9 binds): solved to optimality. */
static void test_lp_cutoff(void **state)
{
  (void)state;
  J3oLP         lp = NULL;
  J3oLPStatus   st;
  const double *y;
  double        b;
  J3O_OK(J3oLPCreate(&lp));
  J3O_OK(LoadSmallLP(lp));
  SolveExpect(lp, 11.0, 3.0, 1.0);
  J3O_OK(J3oLPSetColBounds(lp, 0, 0, 2));
  J3O_OK(J3oLPSetCutoff(lp, 10.5));
  J3O_OK(J3oLPSolve(lp, &st));
  assert_int_equal(st, J3O_LP_CUTOFF);
  J3O_OK(J3oLPGetBestBound(lp, &b));
  assert_near(b, 10.5, 0);
  J3O_OK(J3oLPGetRowDual(lp, &y));
  const double rub[] = {4, 9, 3}, a[2][3] = {{1, 1, 1}, {1, 3, 0}}, c[] = {3, 2}, ub[] = {2, INFINITY};
  double       weak = 0;
  for (int r = 0; r < 3; r++) weak += rub[r] * PetscMax(y[r], 0);
  for (int j = 0; j < 2; j++) {
    double rc = c[j];
    for (int r = 0; r < 3; r++) rc -= a[j][r] * PetscMax(y[r], 0);
    if (rc > 0) weak += ub[j] * rc;
  }
  assert_true(weak >= 10 - 1e-9);
  J3O_OK(J3oLPSetCutoff(lp, -INFINITY));
  SolveExpect(lp, 10.0, 2.0, 2.0);
  J3O_OK(J3oLPSetColBounds(lp, 0, 0, 1));
  J3O_OK(J3oLPSetCutoff(lp, 8));
  SolveExpect(lp, 25.0 / 3, 1.0, 8.0 / 3);
  J3O_OK(J3oLPDestroy(&lp));
}

/* A saved basis re-entered later: solve (obj 3x + 2y: 11 at (3, 1)), save; change the objective to
   x + 2y (6.5 at (1.5, 2.5)), save; restore 3x + 2y with the first basis: 11 again with its duals.
   A second LP of the same data re-entered from the second basis reaches 6.5. */
static void test_lp_basis_restore(void **state)
{
  (void)state;
  J3oLP         lp = NULL, lp2 = NULL;
  J3oLPStatus   st;
  const double *y;
  int           n;
  unsigned char b1[5], b2[5];
  J3O_OK(J3oLPCreate(&lp));
  J3O_OK(LoadSmallLP(lp));
  J3O_OK(J3oLPBasisSize(lp, &n));
  assert_int_equal(n, 5);
  J3O_OK(J3oLPSolve(lp, &st));
  J3O_OK(J3oLPGetBasis(lp, b1));
  J3O_OK(J3oLPSetObjCoef(lp, 0, 1.0));
  SolveExpect(lp, 6.5, 1.5, 2.5);
  J3O_OK(J3oLPGetBasis(lp, b2));
  J3O_OK(J3oLPSetObjCoef(lp, 0, 3.0));
  J3O_OK(J3oLPSetBasis(lp, b1));
  SolveExpect(lp, 11.0, 3.0, 1.0);
  J3O_OK(J3oLPGetRowDual(lp, &y));
  assert_near(y[0], 2.0, 1e-9);
  assert_near(y[2], 1.0, 1e-9);

  J3O_OK(J3oLPCreate(&lp2));
  J3O_OK(LoadSmallLP(lp2));
  J3O_OK(J3oLPSetObjCoef(lp2, 0, 1.0));
  J3O_OK(J3oLPSetBasis(lp2, b2));
  SolveExpect(lp2, 6.5, 1.5, 2.5);
  J3O_OK(J3oLPDestroy(&lp));
  J3O_OK(J3oLPDestroy(&lp2));
}

/* r0 as an equality x + y = 5 with x <= 2 forces y >= 3, so x + 3y >= 15 - 2x >= 11 > 9: infeasible.
   Relaxing back to x + y <= 4 restores the optimum 10 of the warm-start test. */
static void test_lp_infeasible(void **state)
{
  (void)state;
  J3oLP       lp = NULL;
  J3oLPStatus st;
  double      f;
  J3O_OK(J3oLPCreate(&lp));
  J3O_OK(LoadSmallLP(lp));
  J3O_OK(J3oLPSetColBounds(lp, 0, 0, 2));
  J3O_OK(J3oLPSetRowBounds(lp, 0, 5, 5));
  J3O_OK(J3oLPSolve(lp, &st));
  assert_int_equal(st, J3O_LP_INFEASIBLE);
  J3O_OK(J3oLPSetRowBounds(lp, 0, -INFINITY, 4));
  J3O_OK(J3oLPSolve(lp, &st));
  assert_int_equal(st, J3O_LP_OPTIMAL);
  J3O_OK(J3oLPGetObjective(lp, &f));
  assert_near(f, 10.0, 1e-9);
  J3O_OK(J3oLPDestroy(&lp));
}

/* max y s.t. y - x <= 0 with x free above: unbounded. */
static void test_lp_unbounded(void **state)
{
  (void)state;
  J3oLP        lp = NULL;
  J3oLPStatus  st;
  const int    start[] = {0, 1, 2}, rows[] = {0, 0};
  const double vals[] = {-1, 1}, lb[] = {0, 0}, ub[] = {INFINITY, INFINITY}, obj[] = {0, 1}, rlb[] = {-INFINITY},
               rub[] = {0};
  J3O_OK(J3oLPCreate(&lp));
  J3O_OK(J3oLPLoad(lp, 2, 1, start, rows, vals, lb, ub, obj, rlb, rub));
  J3O_OK(J3oLPSolve(lp, &st));
  assert_int_equal(st, J3O_LP_UNBOUNDED);
  J3O_OK(J3oLPDestroy(&lp));
}

/* 0/1 knapsack: values 10, 13, 7, 8; weights 3, 4, 2, 3; capacity 7.
   Feasible pairs of weight <= 7: ab 23, ac 17, ad 18, bc 20, bd 21, cd 15; triples weigh >= 8
   except none (a+c+d = 8). Optimum 23 = {a, b}. LP relaxation: c, a whole, half of b: 23.5. */
static void test_milp_knapsack(void **state)
{
  (void)state;
  J3oLP        lp = NULL;
  J3oLPStatus  st;
  const int    start[] = {0, 1, 2, 3, 4}, rows[] = {0, 0, 0, 0};
  const double w[] = {3, 4, 2, 3}, lb[] = {0, 0, 0, 0}, ub[] = {1, 1, 1, 1}, v[] = {10, 13, 7, 8}, rlb[] = {-INFINITY},
               rub[] = {7};
  const double *x, *ax;
  double        f, b;
  PetscBool     has;
  J3O_OK(J3oLPCreate(&lp));
  J3O_OK(J3oLPLoad(lp, 4, 1, start, rows, w, lb, ub, v, rlb, rub));
  J3O_OK(J3oLPSolve(lp, &st)); /* as an LP first */
  J3O_OK(J3oLPGetObjective(lp, &f));
  assert_near(f, 23.5, 1e-9);
  for (int j = 0; j < 4; j++) J3O_OK(J3oLPSetInteger(lp, j));
  J3O_OK(J3oLPSetTimeLimit(lp, 30));
  J3O_OK(J3oLPSolve(lp, &st));
  assert_int_equal(st, J3O_LP_OPTIMAL);
  J3O_OK(J3oLPHasSolution(lp, &has));
  assert_true(has);
  J3O_OK(J3oLPGetObjective(lp, &f));
  J3O_OK(J3oLPGetBestBound(lp, &b));
  assert_near(f, 23.0, 1e-9);
  assert_near(b, 23.0, 1e-9);
  J3O_OK(J3oLPGetPrimal(lp, &x));
  assert_near(x[0], 1, 1e-9);
  assert_near(x[1], 1, 1e-9);
  assert_near(x[2], 0, 1e-9);
  assert_near(x[3], 0, 1e-9);
  J3O_OK(J3oLPGetRowActivity(lp, &ax));
  assert_near(ax[0], 7, 1e-9);
  J3O_OK(J3oLPDestroy(&lp));
}

/* Infeasible MILP: x binary, 2x = 1. */
static void test_milp_infeasible(void **state)
{
  (void)state;
  J3oLP        lp = NULL;
  J3oLPStatus  st;
  PetscBool    has;
  const int    start[] = {0, 1}, rows[] = {0};
  const double vals[] = {2}, lb[] = {0}, ub[] = {1}, obj[] = {1}, rlb[] = {1}, rub[] = {1};
  J3O_OK(J3oLPCreate(&lp));
  J3O_OK(J3oLPLoad(lp, 1, 1, start, rows, vals, lb, ub, obj, rlb, rub));
  J3O_OK(J3oLPSetInteger(lp, 0));
  J3O_OK(J3oLPSolve(lp, &st));
  assert_int_equal(st, J3O_LP_INFEASIBLE);
  J3O_OK(J3oLPHasSolution(lp, &has));
  assert_false(has);
  J3O_OK(J3oLPDestroy(&lp));
}

static const struct CMUnitTest tests[] = {
  cmocka_unit_test(test_lp_optimum_and_duals), cmocka_unit_test(test_lp_warm_start),
  cmocka_unit_test(test_lp_basis_restore),     cmocka_unit_test(test_lp_cutoff),
  cmocka_unit_test(test_lp_infeasible),        cmocka_unit_test(test_lp_unbounded),
  cmocka_unit_test(test_milp_knapsack),        cmocka_unit_test(test_milp_infeasible),
};
J3O_TEST_MAIN(tests)
