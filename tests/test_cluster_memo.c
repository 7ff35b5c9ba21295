/* test_cluster_memo.c: within one cluster solve (J3oClMemoBegin .. End) an onloading evaluated before on the
   same duty cycle at the same prices and caps takes no LP solve and returns its first evaluation's value and
   fractions; other prices, caps, cycles or onloadings, and any evaluation outside a solve, solve the LP. */
#include <math.h>
#include <string.h>
#include "j3o_test.h"
#include "j3o/lp.h"
#include "cluster/cluster_impl.h"

static long    lp_solves;
PetscErrorCode __real_J3oLPSolve(J3oLP lp, J3oLPStatus *status);
PetscErrorCode __wrap_J3oLPSolve(J3oLP lp, J3oLPStatus *status);
PetscErrorCode __wrap_J3oLPSolve(J3oLP lp, J3oLPStatus *status)
{
  lp_solves++;
  return __real_J3oLPSolve(lp, status);
}

/* One edge, one client, one task (lambda 1); models 50, 30 and 20 MB of accuracy 0.9, 0.6, 0.3 on a 50 MB
   client that computes them locally: the value is the accuracy of the client's model. */
static PetscErrorCode NewInstance(J3oInstance *in)
{
  static const double acc[3] = {0.9, 0.6, 0.3}, mem[3] = {50, 30, 20};

  PetscFunctionBegin;
  PetscCall(J3oInstanceAllocate(in, 1, 3, 1, 1, 0, 0, 1, 0, 1));
  in->edge_client_start[0] = 0;
  in->edge_client_start[1] = 1;
  in->rho = 1, in->input_mb[0] = 1, in->deadline_s[0] = 10, in->weight[0] = 1;
  for (int m = 0; m < 3; m++) in->memory_mb[m] = mem[m], in->gflop_per_query[m] = 1, in->accuracy[m] = acc[m];
  in->client_edge[0] = 0, in->client_memory_mb[0] = 50, in->client_gflops[0] = 1000, in->demand[0] = 1;
  PetscCall(J3oInstanceFinalize(in));
  in->total_weighted_demand = J3oInstanceLocalWeightedDemand(in);
  PetscFunctionReturn(0);
}

/* Evaluates (x, y) on cycle 0 at call: its value, with the LP solves it took in *n. */
static double Eval(J3oCluster c, ClCall *call, const unsigned char *x, const unsigned char *y, long *n)
{
  double    v;
  PetscBool ok;
  long      before = lp_solves;
  J3O_OK(J3oClEvaluate(c, call, 0, x, y, &v, &ok));
  assert_true(ok);
  *n = lp_solves - before;
  return v;
}

static void test_memo(void **state)
{
  (void)state;
  J3oInstance         in;
  J3oCluster          c     = NULL;
  const unsigned char x0[3] = {1, 0, 0}, x1[3] = {0, 1, 0}, none[3] = {0, 0, 0};
  long                n;
  J3O_OK(NewInstance(&in));
  J3O_OK(J3oClusterCreate(&in, 0, NULL, &c));
  ClCall call  = J3oClCallMake(J3oSharedConst(0), J3oSharedConst(INFINITY));
  call.lp_left = 10;
  J3O_OK(J3oClMemoBegin(c));
  double v0 = Eval(c, &call, x0, none, &n);
  assert_int_equal(n, 1);
  assert_true(fabs(v0 - 0.9) <= 1e-9); /* m0 on the client serves the query at 0.9 */
  double *frac0;
  J3O_OK(PetscMalloc1(c->cyc[0].ncol + 1, &frac0));
  J3O_OK(PetscArraycpy(frac0, c->cyc[0].frac, c->cyc[0].ncol));
  double v1 = Eval(c, &call, x1, none, &n);
  assert_int_equal(n, 1);
  assert_true(fabs(v1 - 0.6) <= 1e-9);
  /* x0 again: no LP, the first value and fractions, and the budget counts it */
  int left = call.lp_left;
  assert_true(Eval(c, &call, x0, none, &n) == v0);
  assert_int_equal(n, 0);
  assert_int_equal(call.lp_left, left - 1);
  assert_memory_equal(c->cyc[0].frac, frac0, (size_t)c->cyc[0].ncol * sizeof(double));
  /* other prices or caps: solved */
  ClCall other                        = call;
  other.mu.r[J3O_SHARED_CLOUD_GFLOPS] = 0.5;
  (void)Eval(c, &other, x0, none, &n);
  assert_int_equal(n, 1);
  other                                 = call;
  other.cap.r[J3O_SHARED_CLOUD_INGRESS] = 0;
  (void)Eval(c, &other, x0, none, &n);
  assert_int_equal(n, 1);
  J3O_OK(J3oClMemoEnd(c));
  /* outside a solve: solved */
  assert_true(fabs(Eval(c, &call, x0, none, &n) - v0) <= 1e-12);
  assert_int_equal(n, 1);
  J3O_OK(PetscFree(frac0));
  J3O_OK(J3oClusterDestroy(&c));
  J3O_OK(J3oInstanceFree(&in));
}

static const struct CMUnitTest tests[] = {
  cmocka_unit_test(test_memo),
};
J3O_TEST_MAIN(tests)
