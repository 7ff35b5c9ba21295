/* test_shared_three.c: the coordinator's master LP and recovery's quota-level knapsack run with
   THREE shared resources (cloud compute, cloud ingress, churn), and with a subset of them active,
   on tiny cases computed by hand: neither hard-codes the number of resources. */
#include "j3o_test.h"
#include <math.h>
#include "coord/kelley_impl.h"
#include "recovery/recovery_impl.h"

#define assert_near(a, b, tol) \
  do { \
    double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= (tol))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); \
  } while (0)

#define TOL 1e-9

static const J3oSharedSet all3 = {3, {J3O_SHARED_CLOUD_GFLOPS, J3O_SHARED_CLOUD_INGRESS, J3O_SHARED_CHURN_MB}};
/* cloud compute and churn priced, cloud ingress without a capacity */
static const J3oSharedSet no_ingress = {2, {J3O_SHARED_CLOUD_GFLOPS, J3O_SHARED_CHURN_MB}};

static J3oShared S3(double a, double b, double c)
{
  return (J3oShared){{a, b, c}};
}

/* Three clusters, one resource each, scaling s = (1, 2, 1), c = (0.25, 0.5, 1), floors (0.2, 0.1, 0.1):
     cluster 0 (compute): at p = 0, v 0.5, use (1, 0, 0)   -> theta0 + p0 >= 0.5
     cluster 1 (ingress): at p = 0, v 2,   use (0, 8, 0)   -> a1 = 8 / 2 = 4: theta1 + 4 p1 >= 2
     cluster 2 (churn):   at p = 0, v 1,   use (0, 0, 2)   -> theta2 + 2 p2 >= 1
                          at p = (0, 0, 0.5), v 0.2, use (0, 0, 0.4) -> rhs 0.2 + 0.4 * 0.5: theta2 + 0.4 p2 >= 0.4
   The master separates by resource:
     max(0.2, 0.5 - p0) + 0.25 p0: slope -0.75 down to p0 = 0.3, then +0.25: 0.275 at p0 = 0.3;
     max(0.1, 2 - 4 p1) + 0.5 p1:  slope -3.5 down to p1 = 0.475, then +0.5: 0.3375 at p1 = 0.475;
     max(0.1, 1 - 2 p2, 0.4 - 0.4 p2) + p2: slope -1 down to p2 = 0.375 (both cuts 0.25), then +0.6:
     0.625 at p2 = 0.375.
   Optimum 0.275 + 0.3375 + 0.625 = 1.2375 at p = (0.3, 0.475, 0.375).
   With ingress inactive its coefficient is left out: cluster 1's cut is theta1 >= 2, the optimum
   0.275 + 2 + 0.625 = 2.9 at p = (0.3, 0, 0.375). */
static void Model(const J3oSharedSet *active, J3oCutSet *cuts)
{
  const J3oShared s = S3(1, 2, 1), zero = S3(0, 0, 0), half = S3(0, 0, 0.5);
  const J3oShared u0 = S3(1, 0, 0), u1 = S3(0, 8, 0), u2 = S3(0, 0, 2), u3 = S3(0, 0, 0.4);
  J3O_OK(J3oCutSetAdd(cuts, active, 0, 0.5, &u0, &s, &zero));
  J3O_OK(J3oCutSetAdd(cuts, active, 1, 2.0, &u1, &s, &zero));
  J3O_OK(J3oCutSetAdd(cuts, active, 2, 1.0, &u2, &s, &zero));
  J3O_OK(J3oCutSetAdd(cuts, active, 2, 0.2, &u3, &s, &half));
}

static void CheckMaster(const J3oSharedSet *active, double expect, J3oShared want)
{
  J3oCutSet       cuts     = {0};
  const double    floor[3] = {0.2, 0.1, 0.1};
  const J3oShared c = S3(0.25, 0.5, 1), lo = S3(0, 0, 0), hi = S3(1, 1, 1);
  double          lower;
  J3oShared       p;
  Model(active, &cuts);
  assert_true(cuts.rhs[3] == 0.2 + 0.4 * 0.5);
  J3O_OK(J3oKelleyMaster(&cuts, active, 3, floor, &c, &lo, &hi, PETSC_TRUE, &lower, &p));
  assert_near(lower, expect, TOL);
  for (int r = 0; r < J3O_NSHARED; r++) assert_near(p.r[r], want.r[r], TOL);
  J3O_OK(J3oCutSetFree(&cuts));
}

static void test_master_three_resources(void **state)
{
  (void)state;
  CheckMaster(&all3, 1.2375, S3(0.3, 0.475, 0.375));
}

static void test_master_inactive_ingress(void **state)
{
  (void)state;
  CheckMaster(&no_ingress, 2.9, S3(0.3, 0, 0.375));
}

/* Two clusters, two levels each (level 0: nothing; level 1: more value, use (1, 1, 2) of the three
   resources), capacities (3, 3, 3):
     cluster 0: level 0 value 1, level 1 value 3;  cluster 1: level 0 value 1, level 1 value 2.
   Both at level 1 use (2, 2, 4): within the first two capacities, over the third (4 > 3). One at
   level 1 uses (1, 1, 2): it fits. Best: cluster 0 at level 1 (3 + 1 = 4) over cluster 1 (1 + 2 = 3),
   choice (1, 0). Without the third resource's row the choice would be (1, 1), value 5. */
static void test_knapsack_three_resources(void **state)
{
  (void)state;
  const double v[4]      = {1, 3, 1, 2};
  const double use[12]   = {0, 0, 0, 1, 1, 2, 0, 0, 0, 1, 1, 2};
  const double cap[3]    = {3, 3, 3};
  int          choice[2] = {-1, -1};
  J3O_OK(J3oRecoverSolveChoice(2, 2, 3, v, use, cap, 0, 30, choice));
  assert_int_equal(choice[0], 1);
  assert_int_equal(choice[1], 0);
  /* the first resource binding instead (capacity 1.5 < 2): the same choice; with room for both on
     every resource (capacities 3, 3, 5) both take level 1 */
  const double tight_first[3] = {1.5, 3, 5}, loose[3] = {3, 3, 5};
  J3O_OK(J3oRecoverSolveChoice(2, 2, 3, v, use, tight_first, 0, 30, choice));
  assert_int_equal(choice[0], 1);
  assert_int_equal(choice[1], 0);
  J3O_OK(J3oRecoverSolveChoice(2, 2, 3, v, use, loose, 0, 30, choice));
  assert_int_equal(choice[0], 1);
  assert_int_equal(choice[1], 1);
}

static const struct CMUnitTest tests[] = {
  cmocka_unit_test(test_master_three_resources),
  cmocka_unit_test(test_master_inactive_ingress),
  cmocka_unit_test(test_knapsack_three_resources),
};
J3O_TEST_MAIN(tests)
