/* test_gen.c: the instance generator: determinism, family sizes, file-format sanity, "interesting" instances. */
#include <math.h>
#include <string.h>
#include "j3o_test.h"
#include <unistd.h>
#include "j3o/gen.h"
#include "j3o/io.h"
#include "gen/gen_private.h"

static J3oGenOptions Opt(const char *family, unsigned long seed)
{
  J3oGenOptions o;
  memset(&o, 0, sizeof(o));
  strncpy(o.family, family, sizeof(o.family) - 1);
  o.seed  = seed;
  o.edges = o.clients_per_edge = o.tasks = o.models = -1;
  o.batching                                        = -1;
  return o;
}

#define SAME(a, b, n) (memcmp((a), (b), (size_t)(n) * sizeof(*(a))) == 0)

/* byte-identical data arrays */
static int Identical(const J3oInstance *a, const J3oInstance *b)
{
  if (a->T != b->T || a->M != b->M || a->E != b->E || a->N != b->N || a->K != b->K) return 0;
  int     T = a->T, M = a->M, E = a->E;
  int64_t N = a->N;
  for (int t = 0; t < T; t++)
    if (strcmp(a->task_name[t], b->task_name[t])) return 0;
  for (int m = 0; m < M; m++)
    if (strcmp(a->model_name[m], b->model_name[m])) return 0;
  return SAME(a->input_mb, b->input_mb, T) && SAME(a->deadline_s, b->deadline_s, T) && SAME(a->weight, b->weight, T) &&
         SAME(a->memory_mb, b->memory_mb, M) && SAME(a->gflop_fixed, b->gflop_fixed, M) &&
         SAME(a->gflop_per_query, b->gflop_per_query, M) && SAME(a->accuracy, b->accuracy, M * T) &&
         SAME(a->cloud, b->cloud, M) && SAME(a->edge_memory_mb, b->edge_memory_mb, E) &&
         SAME(a->edge_gflops, b->edge_gflops, E) && SAME(a->edge_cell_mb_s, b->edge_cell_mb_s, E) &&
         SAME(a->edge_backhaul_mb_s, b->edge_backhaul_mb_s, E) &&
         SAME(a->edge_cloud_latency_s, b->edge_cloud_latency_s, E) &&
         SAME(a->edge_client_start, b->edge_client_start, E + 1) && SAME(a->client_edge, b->client_edge, N) &&
         SAME(a->client_memory_mb, b->client_memory_mb, N) && SAME(a->client_gflops, b->client_gflops, N) &&
         SAME(a->client_uplink_mb_s, b->client_uplink_mb_s, N) && SAME(a->demand, b->demand, N * T) &&
         a->cloud_gflops == b->cloud_gflops && a->cloud_ingress_mb_s == b->cloud_ingress_mb_s && a->rho == b->rho &&
         SAME(a->duty_cycles_s, b->duty_cycles_s, a->K) && !strcmp(a->name, b->name);
}

static int Finite(double x)
{
  return isfinite(x) ? 1 : 0;
}

/* Every instance rule of docs/file-formats.md, plus: each task is served when M >= T. */
static void AssertSane(const J3oInstance *in)
{
  int T = in->T, M = in->M, E = in->E;
  assert_true(T >= 1 && M >= 1 && E >= 1 && in->N >= E);
  assert_int_equal(in->client_first, 0);
  assert_true(in->client_count == in->N && in->edge_first == 0 && in->edge_last == E);
  for (int t = 0; t < T; t++) {
    assert_true(in->input_mb[t] > 0 && Finite(in->input_mb[t]));
    assert_true(in->deadline_s[t] > 0 && Finite(in->deadline_s[t]));
    assert_true(in->weight[t] > 0 && Finite(in->weight[t]));
    for (int u = 0; u < t; u++) assert_string_not_equal(in->task_name[t], in->task_name[u]);
    int served = 0;
    for (int m = 0; m < M; m++) served += J3oAcc(in, m, t) > 0;
    if (M >= T) assert_true(served >= 1);
  }
  for (int m = 0; m < M; m++) {
    assert_true(in->memory_mb[m] > 0 && Finite(in->memory_mb[m]));
    assert_true(in->gflop_fixed[m] >= 0 && Finite(in->gflop_fixed[m]));
    assert_true(in->gflop_per_query[m] > 0 && Finite(in->gflop_per_query[m]));
    assert_true(in->cloud[m] <= 1);
    int serves = 0;
    for (int t = 0; t < T; t++) {
      double a = J3oAcc(in, m, t);
      assert_true(a >= 0 && a <= 1);
      serves += a > 0;
    }
    assert_true(serves >= 1); /* no useless model in the catalogue */
    for (int u = 0; u < m; u++) assert_string_not_equal(in->model_name[m], in->model_name[u]);
  }
  assert_int_equal(in->edge_client_start[0], 0);
  assert_true(in->edge_client_start[E] == in->N);
  for (int e = 0; e < E; e++) {
    assert_true(in->edge_client_start[e + 1] > in->edge_client_start[e]); /* every edge has a client */
    double v[5] = {in->edge_memory_mb[e], in->edge_gflops[e], in->edge_cell_mb_s[e], in->edge_backhaul_mb_s[e],
                   in->edge_cloud_latency_s[e]};
    for (int k = 0; k < 5; k++) assert_true(v[k] >= 0 && Finite(v[k]));
    for (int64_t n = in->edge_client_start[e]; n < in->edge_client_start[e + 1]; n++)
      assert_int_equal(in->client_edge[n], e);
  }
  for (int64_t n = 0; n < in->N; n++) {
    if (n) assert_true(in->client_edge[n] >= in->client_edge[n - 1]);
    assert_true(in->client_memory_mb[n] >= 0 && Finite(in->client_memory_mb[n]));
    assert_true(in->client_gflops[n] >= 0 && Finite(in->client_gflops[n]));
    assert_true(in->client_uplink_mb_s[n] >= 0 && Finite(in->client_uplink_mb_s[n]));
    for (int t = 0; t < T; t++) assert_true(J3oDemand(in, n, t) >= 0 && Finite(J3oDemand(in, n, t)));
  }
  assert_true(in->cloud_gflops >= 0 && Finite(in->cloud_gflops));
  assert_true(in->cloud_ingress_mb_s >= 0 && Finite(in->cloud_ingress_mb_s));
  assert_true(in->rho > 0 && in->rho <= 1);
  for (int k = 0; k < in->K; k++) {
    assert_true(in->duty_cycles_s[k] > 0 && Finite(in->duty_cycles_s[k]));
    for (int j = 0; j < k; j++) assert_true(in->duty_cycles_s[j] != in->duty_cycles_s[k]);
  }
  assert_true(in->total_weighted_demand > 0);
  assert_true(fabs(in->total_weighted_demand - J3oInstanceLocalWeightedDemand(in)) <= 1e-9 * in->total_weighted_demand);
}

/* Interesting: latency removes some routes and keeps others; memory binds at the edge and on clients. */
static void AssertInteresting(const J3oInstance *in)
{
  int    local_out = 0, local_in = 0, off_out = 0, off_in = 0, edge_tight = 0, client_tight = 0;
  double catalogue = 0, c_min = in->K ? in->duty_cycles_s[0] : 0;
  for (int m = 0; m < in->M; m++) catalogue += in->memory_mb[m];
  for (int64_t i = 0; i < in->N; i++) {
    for (int t = 0; t < in->T; t++) {
      for (int m = 0; m < in->M; m++) {
        if (J3oAcc(in, m, t) <= 0) continue;
        if (in->client_gflops[i] > 0) {
          if (J3oLocalAdmissible(in, i, m, t)) local_in++;
          else local_out++;
        }
        if (J3oEdgeAdmissible(in, i, m, t, c_min)) off_in++;
        else off_out++;
      }
      if (in->cloud_model[t] >= 0) {
        if (J3oCloudAdmissible(in, i, t)) off_in++;
        else off_out++;
      }
    }
    if (in->client_memory_mb[i] > 0 && in->client_memory_mb[i] < catalogue) client_tight++;
  }
  for (int e = 0; e < in->E; e++) edge_tight += in->edge_memory_mb[e] < catalogue;
  assert_true(local_out > 0 && local_in > 0);
  assert_true(off_out > 0 && off_in > 0);
  assert_int_equal(edge_tight, in->E); /* S_e <= 0.7 x catalogue by construction */
  assert_true(client_tight > 0);
}

/* splitmix64 reference output for state 0 (Vigna's splitmix64.c): 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4 */
static void test_rng_reference(void **state)
{
  (void)state;
  J3oRng r = {0};
  assert_true(J3oRngNext(&r) == 0xE220A8397B1DCDAFULL);
  assert_true(J3oRngNext(&r) == 0x6E789E6AA1B965F4ULL);
  for (int k = 0; k < 1000; k++) {
    double u = J3oRngUniform(&r);
    int    i = J3oRngInt(&r, 3, 4);
    assert_true(u >= 0 && u < 1 && (i == 3 || i == 4));
  }
}

static void test_deterministic(void **state)
{
  (void)state;
  const char *fam[3] = {"paper", "paper-batch", "scale"};
  for (int f = 0; f < 3; f++) {
    J3oGenOptions o = Opt(fam[f], 7);
    if (f == 2) {
      o.edges            = 20;
      o.clients_per_edge = 10;
    }
    J3oInstance a, b, c;
    J3O_OK(J3oGenerate(&o, &a));
    J3O_OK(J3oGenerate(&o, &b));
    o.seed = 8;
    J3O_OK(J3oGenerate(&o, &c));
    assert_true(Identical(&a, &b));
    assert_false(Identical(&a, &c));
    /* a different seed changes the client data even when the sizes agree */
    if (a.N == c.N) assert_false(SAME(a.client_gflops, c.client_gflops, a.N));
    J3O_OK(J3oInstanceFree(&a));
    J3O_OK(J3oInstanceFree(&b));
    J3O_OK(J3oInstanceFree(&c));
  }
}

static void test_paper_families(void **state)
{
  (void)state;
  for (unsigned long s = 1; s <= 25; s++) {
    J3oGenOptions op = Opt("paper", s), ob = Opt("paper-batch", s);
    J3oInstance   p, b;
    J3O_OK(J3oGenerate(&op, &p));
    J3O_OK(J3oGenerate(&ob, &b));
    assert_true(p.E >= 2 && p.E <= 6 && p.T >= 3 && p.T <= 5 && p.M >= 8 && p.M <= 24);
    for (int e = 0; e < p.E; e++) {
      int64_t n = p.edge_client_start[e + 1] - p.edge_client_start[e];
      assert_true(n >= 5 && n <= 20);
    }
    assert_int_equal(p.K, 0);
    assert_true(b.K >= 3 && b.K <= 4);
    for (int k = 0; k < b.K; k++) {
      double c = b.duty_cycles_s[k];
      assert_true(c == 0.01 || c == 0.02 || c == 0.05 || c == 0.1);
      if (k) assert_true(c > b.duty_cycles_s[k - 1]); /* ascending */
    }
    /* paper-batch = paper of the same seed plus duty cycles */
    assert_true(b.E == p.E && b.N == p.N && b.T == p.T && b.M == p.M);
    assert_true(SAME(b.demand, p.demand, p.N * p.T) && SAME(b.edge_gflops, p.edge_gflops, p.E));
    assert_true(b.cloud_gflops == p.cloud_gflops);
    assert_true(p.rho == 0.9);
    AssertSane(&p);
    AssertSane(&b);
    AssertInteresting(&p);
    AssertInteresting(&b);
    J3O_OK(J3oInstanceFree(&p));
    J3O_OK(J3oInstanceFree(&b));
  }
}

/* In paper-batch the duty-cycle choice matters: some edge route passes at the shortest cycle only. */
static void test_duty_cycle_matters(void **state)
{
  (void)state;
  int seeds_where_it_matters = 0;
  for (unsigned long s = 1; s <= 10; s++) {
    J3oGenOptions o = Opt("paper-batch", s);
    J3oInstance   b;
    J3O_OK(J3oGenerate(&o, &b));
    int differs = 0;
    for (int64_t i = 0; i < b.N && !differs; i++)
      for (int t = 0; t < b.T && !differs; t++)
        for (int m = 0; m < b.M && !differs; m++)
          differs = J3oEdgeAdmissible(&b, i, m, t, b.duty_cycles_s[0]) &&
                    !J3oEdgeAdmissible(&b, i, m, t, b.duty_cycles_s[b.K - 1]);
    seeds_where_it_matters += differs;
    J3O_OK(J3oInstanceFree(&b));
  }
  assert_int_equal(seeds_where_it_matters, 10);
}

static void test_scale_and_overrides(void **state)
{
  (void)state;
  J3oGenOptions o    = Opt("scale", 3);
  o.edges            = 12;
  o.clients_per_edge = 7;
  J3oInstance s;
  J3O_OK(J3oGenerate(&o, &s));
  assert_int_equal(s.E, 12);
  assert_true(s.N == 84);
  assert_int_equal(s.T, 5);
  assert_int_equal(s.M, 20);
  assert_true(s.K >= 3 && s.K <= 4);
  for (int e = 0; e <= s.E; e++) assert_true(s.edge_client_start[e] == 7 * e);
  AssertSane(&s);
  AssertInteresting(&s);
  J3O_OK(J3oInstanceFree(&s));

  o.batching = 0;
  o.tasks    = 2;
  o.models   = 3;
  J3O_OK(J3oGenerate(&o, &s));
  assert_int_equal(s.K, 0);
  assert_int_equal(s.T, 2);
  assert_int_equal(s.M, 3);
  AssertSane(&s);
  J3O_OK(J3oInstanceFree(&s));

  J3oGenOptions p    = Opt("paper", 5);
  p.batching         = 1;
  p.edges            = 1;
  p.clients_per_edge = 1;
  J3O_OK(J3oGenerate(&p, &s));
  assert_true(s.K >= 3 && s.E == 1 && s.N == 1);
  AssertSane(&s);
  J3O_OK(J3oInstanceFree(&s));
}

/* All 6 tasks, 30 models = the 30 zoo rows exactly once (no variants):
   sum s_m = 5682.7 MB of FP32 weights + 30 x 64 MB workspace = 7602.7 MB, sum g1_m = 4104.6981 GFLOP. */
static void test_catalogue_figures(void **state)
{
  (void)state;
  J3oGenOptions o = Opt("paper", 11);
  o.tasks         = 6;
  o.models        = 30;
  J3oInstance s;
  J3O_OK(J3oGenerate(&o, &s));
  double mem = 0, g1 = 0;
  for (int m = 0; m < s.M; m++) {
    mem += s.memory_mb[m];
    g1 += s.gflop_per_query[m];
    assert_null(strstr(s.model_name[m], "-int8"));
    assert_null(strstr(s.model_name[m], "-pruned"));
    assert_true(s.gflop_fixed[m] == 25.0);
    if (!strcmp(s.model_name[m], "YOLO11n")) { /* ultralytics yolo11.md: 2.6 M params, 6.5 GFLOP, mAP 39.5/54.7 */
      assert_true(fabs(s.memory_mb[m] - (10.4 + 64)) < 1e-12);
      assert_true(fabs(s.gflop_per_query[m] - 6.5) < 1e-12);
    }
  }
  assert_true(fabs(mem - 7602.7) < 1e-6);
  assert_true(fabs(g1 - 4104.6981) < 1e-6);
  J3O_OK(J3oInstanceFree(&s));

  /* 30 rows x 4 variants = 120 is the most; 121 is refused */
  o.models = 120;
  J3O_OK(J3oGenerate(&o, &s));
  AssertSane(&s);
  J3O_OK(J3oInstanceFree(&s));
  o.models = 121;
  assert_int_not_equal(J3oGenerate(&o, &s), 0);
}

static void test_bad_options(void **state)
{
  (void)state;
  J3oInstance   s;
  J3oGenOptions o = Opt("papr", 1);
  assert_int_not_equal(J3oGenerate(&o, &s), 0);
  o       = Opt("paper", 1);
  o.tasks = 7;
  assert_int_not_equal(J3oGenerate(&o, &s), 0);
}

/* Generated instances survive J3oInstanceWrite + J3oInstanceRead (the validating reader) bit for bit. */
static void test_write_read_roundtrip(void **state)
{
  (void)state;
  const char *fam[2] = {"paper-batch", "scale"};
  for (int f = 0; f < 2; f++) {
    J3oGenOptions o = Opt(fam[f], 42);
    if (f == 1) {
      o.edges            = 300;
      o.clients_per_edge = 50;
    } /* N*T = 75000 > 65536: chunked path */
    J3oInstance a, b;
    char        path[256];
    snprintf(path, sizeof(path), "/tmp/j3o_test_gen_%d_%d.h5", (int)getpid(), f);
    J3O_OK(J3oGenerate(&o, &a));
    J3O_OK(J3oInstanceWrite(path, &a));
    J3O_OK(J3oInstanceRead(PETSC_COMM_SELF, path, 0, -1, &b));
    assert_true(Identical(&a, &b));
    assert_true(SAME(a.cloud_model, b.cloud_model, a.T));
    assert_true(fabs(a.total_weighted_demand - b.total_weighted_demand) <= 1e-12 * a.total_weighted_demand);
    unlink(path);
    J3O_OK(J3oInstanceFree(&a));
    J3O_OK(J3oInstanceFree(&b));
  }
}

static const struct CMUnitTest tests[] = {
  cmocka_unit_test(test_rng_reference),       cmocka_unit_test(test_deterministic),
  cmocka_unit_test(test_paper_families),      cmocka_unit_test(test_duty_cycle_matters),
  cmocka_unit_test(test_scale_and_overrides), cmocka_unit_test(test_catalogue_figures),
  cmocka_unit_test(test_bad_options),         cmocka_unit_test(test_write_read_roundtrip),
};

J3O_TEST_MAIN(tests)
