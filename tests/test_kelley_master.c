/* test_kelley_master.c: the Kelley coordinator's rank-local parts: a cut's coefficients and right-hand side from
   a cluster's value and usage, and the master LP's optimum and minimizer, all computed by hand. */
#include "j3o_test.h"
#include <math.h>
#include "coord/kelley_impl.h"

#define assert_near(a, b, tol) \
  do { \
    double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= (tol))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); \
  } while (0)

#define TOL 1e-9

/* the two cloud resources active, churn inactive: the master has E + 2 columns */
static const J3oSharedSet two = {2, {J3O_SHARED_CLOUD_GFLOPS, J3O_SHARED_CLOUD_INGRESS}};

static J3oShared S2(double F, double B)
{
  return (J3oShared){{F, B, 0}};
}

/* A cut in scaled prices: aF = useF / sF, aB = useB / sB, rhs = v + aF p_F + aB p_B.
   useF 2, useB 4 at s = (2, 4) and p = (0.5, 0.25), v = 1: aF = aB = 1, rhs = 1 + 0.5 + 0.25 = 1.75;
   the churn use (5) of an inactive churn gets no coefficient. */
static void test_cut_coefficients(void **state)
{
  (void)state;
  J3oCutSet       cuts = {0};
  const J3oShared s = S2(2, 4), p = S2(0.5, 0.25), use = {{2.0, 4.0, 5.0}}, none = S2(0, 0);
  J3O_OK(J3oCutSetAdd(&cuts, &two, 3, 1.0, &use, &s, &p));
  assert_int_equal(cuts.n, 1);
  assert_int_equal(cuts.cluster[0], 3);
  assert_true(cuts.a[0].r[0] == 1.0 && cuts.a[0].r[1] == 1.0);
  assert_true(cuts.a[0].r[2] == 0.0); /* churn inactive: no coefficient */
  assert_true(cuts.rhs[0] == 1.75);
  /* more cuts than the first allocation: all kept in order */
  for (int k = 1; k < 3000; k++) J3O_OK(J3oCutSetAdd(&cuts, &two, k % 7, k, &none, &s, &p));
  assert_int_equal(cuts.n, 3000);
  assert_int_equal(cuts.cluster[2999], 2999 % 7);
  assert_true(cuts.rhs[2999] == 2999.0);
  J3O_OK(J3oCutSetFree(&cuts));
  assert_int_equal(cuts.n, 0);
}

/* Three clusters, s = (1, 1), c = (1, 0.25), floors (0.1, 0.2, 0.05):
     cluster 0: at p = (0, 0) v 1, useF 2 -> theta0 + 2 pF >= 1; at (0.5, 0) v 0.2, useF 0.4 -> theta0 + 0.4 pF >= 0.4
     cluster 1: at p = (0, 0) v 0.5, useB 1 -> theta1 + pB >= 0.5
     cluster 2: no cut, theta2 = its floor 0.05.
   The model separates: max(0.1, 1 - 2 pF, 0.4 - 0.4 pF) + pF falls (slope -1) until pF = 0.375, where
   1 - 2 pF = 0.4 - 0.4 pF = 0.25, then rises (slope 0.6): 0.625. max(0.2, 0.5 - pB) + 0.25 pB falls
   (slope -0.75) until pB = 0.3: 0.275. Optimum 0.625 + 0.275 + 0.05 = 0.95 at p = (0.375, 0.3). */
static void Model(J3oCutSet *cuts)
{
  const J3oShared s = S2(1, 1), zero = S2(0, 0), half = S2(0.5, 0), u0 = S2(2, 0), u1 = S2(0, 1), u2 = S2(0.4, 0);
  J3O_OK(J3oCutSetAdd(cuts, &two, 0, 1.0, &u0, &s, &zero));
  J3O_OK(J3oCutSetAdd(cuts, &two, 1, 0.5, &u1, &s, &zero));
  J3O_OK(J3oCutSetAdd(cuts, &two, 0, 0.2, &u2, &s, &half));
}

/* The model above in the box [lo, hi]: its optimum and minimizer. */
static void CheckModel(J3oShared lo, J3oShared hi, double expect, double pF, double pB)
{
  J3oCutSet       cuts     = {0};
  const double    floor[3] = {0.1, 0.2, 0.05};
  const J3oShared c        = S2(1, 0.25);
  double          lower;
  J3oShared       p;
  Model(&cuts);
  for (int scaled = 0; scaled < 2; scaled++) { /* the scaled master: the same optimum and minimizer */
    J3O_OK(J3oKelleyMaster(&cuts, &two, 3, floor, &c, &lo, &hi, (PetscBool)scaled, &lower, &p));
    assert_near(lower, expect, TOL);
    assert_near(p.r[0], pF, TOL);
    assert_near(p.r[1], pB, TOL);
    assert_true(p.r[2] == 0); /* inactive: price 0 */
  }
  J3O_OK(J3oCutSetFree(&cuts));
}

static void test_master_optimum(void **state)
{
  (void)state;
  CheckModel(S2(0, 0), S2(1, 1), 0.95, 0.375, 0.3);
}

/* The same model in the box pF <= 0.2, pB >= 0.4: pF = 0.2 gives 1 - 0.4 + 0.2 = 0.8; pB = 0.4 gives
   0.2 + 0.1 = 0.3 (the floor binds); 0.8 + 0.3 + 0.05 = 1.15 at p = (0.2, 0.4). */
static void test_master_box(void **state)
{
  (void)state;
  CheckModel(S2(0, 0.4), S2(0.2, 1), 1.15, 0.2, 0.4);
}

/* No cuts: every theta at its floor and the prices at their lower bounds (c > 0): 0.1 + 0.2 + 0.3 + 0.5 (1 x 0.5). */
static void test_master_floors_only(void **state)
{
  (void)state;
  J3oCutSet       cuts     = {0};
  const double    floor[3] = {0.1, 0.2, 0.3};
  const J3oShared c = S2(1, 2), lo = S2(0.5, 0), hi = S2(1, 1);
  double          lower;
  J3oShared       p;
  for (int scaled = 0; scaled < 2; scaled++) { /* no cuts: the scaled master is the master */
    J3O_OK(J3oKelleyMaster(&cuts, &two, 3, floor, &c, &lo, &hi, (PetscBool)scaled, &lower, &p));
    assert_near(lower, 1.1, TOL);
    assert_near(p.r[0], 0.5, TOL);
    assert_near(p.r[1], 0.0, TOL);
  }
}

/* E = 1,000 clusters whose values are about 1/E of the dual, as at scale (one active resource): the
   master's optimum against the exact minimum of the model, the smallest value of the convex piecewise
   linear function sum_e max(floor_e, cuts of e) + c p over its breakpoints, to 1e-9 of it. Twelve cuts
   per cluster from prices close together, as in a price search's tail: the master as posed is off by
   5.5e-8 of it here (CLP's absolute tolerances on rows of size 1/E); scaled, by 1e-16. */
static void test_master_small_values(void **state)
{
  (void)state;
  enum {
    E    = 1000,
    NCUT = 12
  };
  static const J3oSharedSet one  = {1, {J3O_SHARED_CLOUD_GFLOPS}};
  J3oCutSet                 cuts = {0};
  double                   *floor, rhs[E][NCUT], a[E][NCUT], csum = 0;
  unsigned long             seed = 12345;
  J3O_OK(PetscMalloc1(E, &floor));
  for (int e = 0; e < E; e++)
    for (int k = 0; k < NCUT; k++) {
      J3oShared use = S2(0, 0), at = S2(0, 0), unit = S2(1, 1);
      seed     = seed * 6364136223846793005UL + 1442695040888963407UL;
      double u = (double)(seed >> 11) / 9007199254740992.0; /* [0, 1) */
      at.r[0]  = 0.9 + 0.02 * k + 0.01 * u;                 /* prices evaluated close together */
      use.r[0] = (2.0 - k * 0.1 + 0.05 * u) / E;            /* falling with the price: convex */
      double v = (1.0 - 0.2 * at.r[0]) / E;
      J3O_OK(J3oCutSetAdd(&cuts, &one, e, v, &use, &unit, &at));
      rhs[e][k] = cuts.rhs[cuts.n - 1];
      a[e][k]   = cuts.a[cuts.n - 1].r[0];
      floor[e]  = 0.05 / E;
      if (k == 0) csum += use.r[0];
    }
  const J3oShared c = S2(0.4 * csum, 0), lo = S2(0, 0), hi = S2(2, 0);
  /* the model at p, exactly enough (long double), and its minimum over the breakpoints and the ends */
  long double best = INFINITY;
  for (int e = -1; e < E; e++)
    for (int i = 0; i <= NCUT; i++)
      for (int j = i + 1; j <= NCUT; j++) {
        double p;
        if (e < 0) p = i == 0 ? lo.r[0] : hi.r[0];
        else {
          /* piece i: rhs - a p (i < NCUT) or the floor (i = NCUT) */
          double ri = rhs[e][i], ai = a[e][i], rj = j < NCUT ? rhs[e][j] : floor[e], aj = j < NCUT ? a[e][j] : 0;
          if (ai == aj) continue;
          p = (ri - rj) / (ai - aj);
          if (!(p >= lo.r[0] && p <= hi.r[0])) continue;
        }
        long double f = (long double)c.r[0] * p;
        for (int q = 0; q < E; q++) {
          long double t = floor[q];
          for (int k = 0; k < NCUT; k++) t = fmaxl(t, (long double)rhs[q][k] - (long double)a[q][k] * p);
          f += t;
        }
        if (f < best) best = f;
      }
  double lower[2];
  for (int scaled = 0; scaled < 2; scaled++) {
    J3oShared p;
    J3O_OK(J3oKelleyMaster(&cuts, &one, E, floor, &c, &lo, &hi, (PetscBool)scaled, &lower[scaled], &p));
  }
  print_message("model minimum %.17Lg; master %.17g (as posed), %.17g (scaled)\n", best, lower[0], lower[1]);
  assert_near(lower[1], (double)best, 1e-9 * (double)best);
  J3O_OK(J3oCutSetFree(&cuts));
  J3O_OK(PetscFree(floor));
}

static const struct CMUnitTest tests[] = {
  cmocka_unit_test(test_cut_coefficients),    cmocka_unit_test(test_master_optimum),
  cmocka_unit_test(test_master_box),          cmocka_unit_test(test_master_floors_only),
  cmocka_unit_test(test_master_small_values),
};
J3O_TEST_MAIN(tests)
