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

/* A 60 x 60 assignment LP (max sum c_ij x_ij, each row and column sum <= 1, x in [0, 1]) with
   pseudo-random c in [1, 2): solved (f0), then three in five columns closed, which the dual simplex
   re-solves in some 170 pivots to f1. With a cutoff halfway between f0 and f1 it stops early
   (J3O_LP_CUTOFF, fewer pivots), and its row duals bound the LP by weak duality
   (sum rub y + sum ub max(0, c - A'y) >= f1); cleared, the re-solve reaches f1. A cutoff below the
   optimum is never reached: the optimum itself (J3O_LP_OPTIMAL). On the small LP above, x <= 2 moves
   the optimum from 11 to 10 in a pivot or two: with a cutoff of 10.5 CLP finishes, finds the optimum
   below the cutoff and says so; that is the optimum (J3O_LP_OPTIMAL, 10 at (2, 2)). */
enum {
  ASSIGN_N = 60
};
static PetscErrorCode AssignLoad(J3oLP lp, double *c)
{
  int      n = ASSIGN_N, nc = n * n, *start, *rows;
  double  *val, *lb, *ub, *rlb, *rub;
  unsigned s = 12345;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(nc + 1, &start, 2 * nc, &rows, 2 * nc, &val));
  PetscCall(PetscMalloc4(nc, &lb, nc, &ub, 2 * n, &rlb, 2 * n, &rub));
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      int k           = i * n + j;
      s               = s * 1103515245u + 12345u;
      c[k]            = 1 + (s >> 16) % 1000 / 1000.0;
      start[k]        = 2 * k;
      rows[2 * k]     = i;
      rows[2 * k + 1] = n + j;
      val[2 * k] = val[2 * k + 1] = 1;
      lb[k]                       = 0;
      ub[k]                       = 1;
    }
  start[nc] = 2 * nc;
  for (int r = 0; r < 2 * n; r++) {
    rlb[r] = -INFINITY;
    rub[r] = 1;
  }
  PetscCall(J3oLPLoad(lp, nc, 2 * n, start, rows, val, lb, ub, c, rlb, rub));
  PetscCall(PetscFree3(start, rows, val));
  PetscCall(PetscFree4(lb, ub, rlb, rub));
  PetscFunctionReturn(0);
}

/* Closes the columns of the assignment LP whose objective is above 1.4 (three in five). */
static void AssignClose(J3oLP lp, const double *c)
{
  for (int k = 0; k < ASSIGN_N * ASSIGN_N; k++)
    if (c[k] > 1.4) J3O_OK(J3oLPSetColBounds(lp, k, 0, 0));
}

/* Solves lp (the assignment LP) and closes those columns; returns the optimum. */
static double AssignSolveAndClose(J3oLP lp, const double *c)
{
  J3oLPStatus st;
  double      f;
  J3O_OK(J3oLPSolve(lp, &st));
  assert_int_equal(st, J3O_LP_OPTIMAL);
  J3O_OK(J3oLPGetObjective(lp, &f));
  AssignClose(lp, c);
  return f;
}

/* Two assignment LPs a and b of objective c, solved (f0) and closed: a re-solved to its optimum f1
   (*full pivots), b with a cutoff halfway between, where it stops (J3O_LP_CUTOFF). */
static void AssignPair(J3oLP *a, J3oLP *b, double *c, double *f0, double *f1, int *full)
{
  J3oLPStatus st;
  J3O_OK(J3oLPCreate(a));
  J3O_OK(J3oLPCreate(b));
  J3O_OK(AssignLoad(*a, c));
  J3O_OK(AssignLoad(*b, c));
  *f0 = AssignSolveAndClose(*a, c);
  (void)AssignSolveAndClose(*b, c);
  J3O_OK(J3oLPSolve(*a, &st));
  assert_int_equal(st, J3O_LP_OPTIMAL);
  J3O_OK(J3oLPGetObjective(*a, f1));
  J3O_OK(J3oLPIterations(*a, full));
  assert_true(*f1 < *f0 - 1e-6);
  J3O_OK(J3oLPSetCutoff(*b, (*f0 + *f1) / 2));
  J3O_OK(J3oLPSolve(*b, &st));
  assert_int_equal(st, J3O_LP_CUTOFF);
}

static void test_lp_cutoff(void **state)
{
  (void)state;
  J3oLP         a = NULL, b = NULL;
  J3oLPStatus   st;
  const double *y;
  double        c[ASSIGN_N * ASSIGN_N], f0, f1, bound;
  int           full, cut;
  AssignPair(&a, &b, c, &f0, &f1, &full);
  J3O_OK(J3oLPIterations(b, &cut));
  J3O_OK(J3oLPGetBestBound(b, &bound));
  assert_near(bound, (f0 + f1) / 2, 0);
  print_message("assignment LP re-solve: %d pivots to the optimum, %d to the cutoff\n", full, cut);
  assert_true(cut < full);
  /* weak duality from the stopped solve's row duals, over the bounds then in force */
  J3O_OK(J3oLPGetRowDual(b, &y));
  double weak = 0;
  for (int r = 0; r < 2 * ASSIGN_N; r++) weak += PetscMax(y[r], 0);
  for (int i = 0; i < ASSIGN_N; i++)
    for (int j = 0; j < ASSIGN_N; j++) {
      int    k  = i * ASSIGN_N + j;
      double rc = c[k] - PetscMax(y[i], 0) - PetscMax(y[ASSIGN_N + j], 0);
      if (rc > 0 && !(c[k] > 1.4)) weak += rc; /* ub 1; a closed column's ub is 0 */
    }
  assert_true(weak >= f1 - 1e-9);
  J3O_OK(J3oLPSetCutoff(b, -INFINITY));
  J3O_OK(J3oLPSolve(b, &st));
  assert_int_equal(st, J3O_LP_OPTIMAL);
  J3O_OK(J3oLPGetObjective(b, &bound));
  assert_near(bound, f1, 1e-9);
  /* a cutoff below the optimum: solved to it */
  J3O_OK(J3oLPSetColBounds(b, 0, 0, 0));
  J3O_OK(J3oLPSetCutoff(b, f1 - 1));
  J3O_OK(J3oLPSolve(b, &st));
  assert_int_equal(st, J3O_LP_OPTIMAL);
  J3O_OK(J3oLPDestroy(&a));
  J3O_OK(J3oLPDestroy(&b));
  J3O_OK(J3oLPCreate(&a));
  J3O_OK(LoadSmallLP(a));
  SolveExpect(a, 11.0, 3.0, 1.0);
  J3O_OK(J3oLPSetColBounds(a, 0, 0, 2));
  J3O_OK(J3oLPSetCutoff(a, 10.5));
  SolveExpect(a, 10.0, 2.0, 2.0);
  J3O_OK(J3oLPDestroy(&a));
}

/* The bases a cutoff leaves, re-entered (J3oLPSetDualBasis, J3oLPBasisDuals) on the assignment LP
   above. The basis of the re-solve stopped at the cutoff, handed to a fresh LP of the same data as a
   dual feasible one, stops again at the same cutoff in fewer pivots than the first stop took; handed
   over as an optimal one (J3oLPSetBasis: the primal simplex, which knows no cutoff) it is solved to
   the optimum f1 instead. Re-entered as dual feasible on the stopped LP itself, with no bound
   changed, it stops at the cutoff again. After the
   stopped basis's row duals are taken (no iteration), a solve without a cutoff still reaches f1.
   The row duals of the optimal basis, at no iteration, are the solve's own; the solve that follows
   starts there and takes no pivot. */
static void test_lp_dual_basis(void **state)
{
  (void)state;
  J3oLP          a = NULL, b = NULL, d = NULL;
  J3oLPStatus    st;
  const double  *y, *ya;
  double         c[ASSIGN_N * ASSIGN_N], f0, f1, f;
  int            n, full, cut, again;
  unsigned char *cb, *ob;
  AssignPair(&a, &b, c, &f0, &f1, &full);
  J3O_OK(J3oLPIterations(b, &cut));
  J3O_OK(J3oLPBasisSize(b, &n));
  J3O_OK(PetscMalloc2(n, &cb, n, &ob));
  J3O_OK(J3oLPGetBasis(b, cb));
  J3O_OK(J3oLPGetBasis(a, ob));
  for (int dual = 1; dual >= 0; dual--) {
    J3O_OK(J3oLPCreate(&d));
    J3O_OK(AssignLoad(d, c));
    AssignClose(d, c);
    if (dual) J3O_OK(J3oLPSetDualBasis(d, cb));
    else J3O_OK(J3oLPSetBasis(d, cb));
    J3O_OK(J3oLPSetCutoff(d, (f0 + f1) / 2));
    J3O_OK(J3oLPSolve(d, &st));
    J3O_OK(J3oLPIterations(d, &again));
    if (dual) {
      print_message("assignment LP: stopped at the cutoff in %d pivots, again from its basis in %d\n", cut, again);
      assert_int_equal(st, J3O_LP_CUTOFF);
      assert_true(again < cut);
    } else {
      assert_int_equal(st, J3O_LP_OPTIMAL);
      J3O_OK(J3oLPGetObjective(d, &f));
      assert_near(f, f1, 1e-9);
    }
    J3O_OK(J3oLPDestroy(&d));
  }
  /* on the stopped LP b, no bound changed since: its basis re-entered as dual feasible still stops at
     the cutoff (the dual simplex, not the primal that an unchanged LP otherwise gets) */
  J3O_OK(J3oLPSetCutoff(b, -INFINITY));
  J3O_OK(J3oLPSolve(b, &st));
  assert_int_equal(st, J3O_LP_OPTIMAL);
  J3O_OK(J3oLPSetDualBasis(b, cb));
  J3O_OK(J3oLPSetCutoff(b, (f0 + f1) / 2));
  J3O_OK(J3oLPSolve(b, &st));
  assert_int_equal(st, J3O_LP_CUTOFF);
  /* the stopped basis's row duals at no iteration leave a solver that still solves: to f1 */
  J3O_OK(J3oLPBasisDuals(b, cb, &y));
  J3O_OK(J3oLPSetCutoff(b, -INFINITY));
  J3O_OK(J3oLPSolve(b, &st));
  assert_int_equal(st, J3O_LP_OPTIMAL);
  J3O_OK(J3oLPIterations(b, &again));
  assert_true(again > 0);
  J3O_OK(J3oLPGetObjective(b, &f));
  assert_near(f, f1, 1e-9);
  /* the optimal basis's row duals without an iteration, then a solve from it without a pivot */
  J3O_OK(J3oLPCreate(&d));
  J3O_OK(AssignLoad(d, c));
  AssignClose(d, c);
  J3O_OK(J3oLPBasisDuals(d, ob, &y));
  J3O_OK(J3oLPGetRowDual(a, &ya));
  for (int r = 0; r < 2 * ASSIGN_N; r++) assert_near(y[r], ya[r], 1e-9);
  J3O_OK(J3oLPSolve(d, &st));
  assert_int_equal(st, J3O_LP_OPTIMAL);
  J3O_OK(J3oLPIterations(d, &again));
  assert_int_equal(again, 0);
  J3O_OK(J3oLPGetObjective(d, &f));
  assert_near(f, f1, 1e-9);
  J3O_OK(PetscFree2(cb, ob));
  J3O_OK(J3oLPDestroy(&a));
  J3O_OK(J3oLPDestroy(&b));
  J3O_OK(J3oLPDestroy(&d));
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
static void LoadKnapsack(J3oLP lp)
{
  const int    start[] = {0, 1, 2, 3, 4}, rows[] = {0, 0, 0, 0};
  const double w[] = {3, 4, 2, 3}, lb[] = {0, 0, 0, 0}, ub[] = {1, 1, 1, 1}, v[] = {10, 13, 7, 8}, rlb[] = {-INFINITY},
               rub[] = {7};
  J3O_OK(J3oLPLoad(lp, 4, 1, start, rows, w, lb, ub, v, rlb, rub));
}

static void test_milp_knapsack(void **state)
{
  (void)state;
  J3oLP         lp = NULL;
  J3oLPStatus   st;
  const double *x, *ax;
  double        f, b;
  PetscBool     has;
  J3O_OK(J3oLPCreate(&lp));
  LoadKnapsack(lp);
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

/* The knapsack of test_milp_knapsack from a start: items 1 and 2 (value 20). At a relative gap of 0.5
   (the LP bound is 23.5) CBC stops at the start, where it would not end on its own (without the start
   it returns 23); at the default gap it finds the optimum 23. */
static void test_milp_start(void **state)
{
  (void)state;
  J3oLP        lp = NULL;
  J3oLPStatus  st;
  const double x0[] = {0, 1, 1, 0};
  double       f;
  PetscBool    has;
  J3O_OK(J3oLPCreate(&lp));
  LoadKnapsack(lp);
  for (int j = 0; j < 4; j++) J3O_OK(J3oLPSetInteger(lp, j));
  J3O_OK(J3oLPSetMIPStart(lp, x0));
  J3O_OK(J3oLPSetMIPGap(lp, 0.5));
  J3O_OK(J3oLPSolve(lp, &st));
  J3O_OK(J3oLPHasSolution(lp, &has));
  assert_true(has);
  J3O_OK(J3oLPGetObjective(lp, &f));
  print_message("from the start at gap 0.5: status %d, value %g\n", (int)st, f);
  assert_near(f, 20, 1e-9);
  J3O_OK(J3oLPSetMIPGap(lp, 1e-9));
  J3O_OK(J3oLPSolve(lp, &st));
  assert_int_equal(st, J3O_LP_OPTIMAL);
  J3O_OK(J3oLPGetObjective(lp, &f));
  assert_near(f, 23, 1e-9);
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
  cmocka_unit_test(test_lp_dual_basis),        cmocka_unit_test(test_lp_infeasible),
  cmocka_unit_test(test_lp_unbounded),         cmocka_unit_test(test_milp_knapsack),
  cmocka_unit_test(test_milp_start),           cmocka_unit_test(test_milp_infeasible),
};
J3O_TEST_MAIN(tests)
