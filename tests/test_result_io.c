/* test_result_io.c: result files round-trip, are written atomically, are identical across rank counts, and bad ones are
 * rejected. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>
#include "j3o_test.h"
#include "j3o/result.h"
#include "io/h5util.h"

#define NE 3
#define NC 6 /* two clients per edge */

/* Whole instance: 2 tasks, 3 models (m2 in the cloud), 3 edges of 2 clients, C = {0.1, 0.2};
   every client has positive demand lambda_nt = 1 + (n + t) % 3. Only sizes matter here. */
static void BuildInstance(J3oInstance *in)
{
  J3O_OK(J3oInstanceAllocate(in, 2, 3, NE, NC, 2, 0, NE, 0, NC));
  for (int t = 0; t < 2; t++) {
    in->input_mb[t]   = 1;
    in->deadline_s[t] = 1;
    in->weight[t]     = 1;
  }
  for (int m = 0; m < 3; m++) {
    in->memory_mb[m]       = 100;
    in->gflop_fixed[m]     = 1;
    in->gflop_per_query[m] = 1;
  }
  for (int k = 0; k < 6; k++) in->accuracy[k] = 0.5;
  in->cloud[2] = 1;
  for (int e = 0; e <= NE; e++) in->edge_client_start[e] = 2 * e;
  for (int n = 0; n < NC; n++) {
    in->client_edge[n] = n / 2;
    for (int t = 0; t < 2; t++) in->demand[n * 2 + t] = 1 + (n + t) % 3;
  }
  in->duty_cycles_s[0] = 0.1;
  in->duty_cycles_s[1] = 0.2;
  in->rho              = 0.9;
  J3O_OK(J3oInstanceFinalize(in));
  in->total_weighted_demand = J3oInstanceLocalWeightedDemand(in);
}

/* The block [e0, e1) of a whole instance, sharing its arrays (do not free). */
static J3oInstance Block(const J3oInstance *whole, int e0, int e1)
{
  J3oInstance b  = *whole;
  b.edge_first   = e0;
  b.edge_last    = e1;
  b.client_first = whole->edge_client_start[e0];
  b.client_count = whole->edge_client_start[e1] - b.client_first;
  return b;
}

/* A result for the block `in` holds, with rows added in reverse order (the writer sorts them). */
static void BuildResult(const J3oInstance *in, J3oResult *r, int ntrace)
{
  J3O_OK(J3oResultAllocate(r, in, "j3o"));
  r->status          = J3O_STATUS_OPTIMAL;
  r->accuracy        = 0.625;
  r->served_fraction = 0.75;
  r->upper_bound     = 0.7;
  r->gap             = (0.7 - 0.625) / 0.7;
  r->wall_s          = 1.5;
  for (int64_t i = in->client_count - 1; i >= 0; i--) {
    int64_t n       = in->client_first + i;
    r->x[i * 3 + 0] = 1;
    if (n % 2 == 0) J3O_OK(J3oResultAddRoute(r, n, 0, J3O_ROUTE_CLOUD, 2, 0.125));
    J3O_OK(J3oResultAddRoute(r, n, 1, J3O_ROUTE_EDGE, 1, 0.25));
    J3O_OK(J3oResultAddRoute(r, n, 0, J3O_ROUTE_LOCAL, 0, 0.5 + 0.0625 * (double)n));
  }
  for (int e = in->edge_first; e < in->edge_last; e++) {
    r->y[(e - in->edge_first) * 3 + 1]  = 1;
    r->duty_cycle_s[e - in->edge_first] = e % 2 ? 0.2 : 0.1;
  }
  for (int k = 0; k < ntrace; k++) {
    double row[J3O_TRACE_COLUMNS] = {k, 2 * k, 0.9 - 0.1 * k, 0.5, NAN, 0.01 * k, 3 * k};
    J3O_OK(J3oResultAddTrace(r, row));
  }
  r->trace_churn     = PETSC_TRUE;
  r->has_shared      = PETSC_TRUE;
  r->shared_price    = (J3oShared){{0.5, 0, 0.25}};
  r->shared_capacity = (J3oShared){{100, 20, INFINITY}};
  r->shared_use      = (J3oShared){{99.5, 3, 7}};
}

static int SameDouble(double a, double b)
{
  return (isnan(a) && isnan(b)) || a == b;
}

/* b (read back, whole) must equal a (written, whole) with a's rows in sorted order. */
static void AssertSame(const J3oResult *a, const J3oResult *b)
{
  assert_string_equal(a->method, b->method);
  assert_int_equal(a->status, b->status);
  assert_true(SameDouble(a->accuracy, b->accuracy) && SameDouble(a->served_fraction, b->served_fraction));
  assert_true(SameDouble(a->upper_bound, b->upper_bound) && SameDouble(a->gap, b->gap) &&
              SameDouble(a->wall_s, b->wall_s));
  assert_int_equal(a->client_count, b->client_count);
  assert_memory_equal(a->x, b->x, (size_t)a->client_count * a->M);
  assert_memory_equal(a->y, b->y, (size_t)(a->edge_last - a->edge_first) * a->M);
  for (int e = 0; e < a->edge_last - a->edge_first; e++) assert_true(a->duty_cycle_s[e] == b->duty_cycle_s[e]);
  assert_int_equal(a->nroutes, b->nroutes);
  for (int64_t k = 0; k < b->nroutes; k++) {
    const J3oRoute *q     = &b->routes[k];
    int             found = 0;
    if (k) { /* sorted by (client, task, route, model) */
      const J3oRoute *p = &b->routes[k - 1];
      assert_true(p->client < q->client ||
                  (p->client == q->client && (p->task < q->task || (p->task == q->task && p->route < q->route))));
    }
    for (int64_t j = 0; j < a->nroutes; j++) {
      const J3oRoute *o = &a->routes[j];
      found |= o->client == q->client && o->task == q->task && o->route == q->route && o->model == q->model &&
               o->fraction == q->fraction;
    }
    assert_true(found);
  }
  assert_int_equal(a->ntrace, b->ntrace);
  assert_int_equal(a->ntrace > 0 && a->trace_churn, b->trace_churn);
  for (int c = 0; c < J3O_TRACE_COLUMNS; c++)
    for (int k = 0; k < a->ntrace; k++)
      assert_true(c == J3O_TRACE_MU_CHURN && !a->trace_churn ? isnan(b->trace[c][k])
                                                             : SameDouble(a->trace[c][k], b->trace[c][k]));
  assert_int_equal(a->has_shared, b->has_shared);
  for (int r = 0; a->has_shared && r < J3O_NSHARED; r++)
    assert_true(a->shared_price.r[r] == b->shared_price.r[r] && a->shared_capacity.r[r] == b->shared_capacity.r[r] &&
                a->shared_use.r[r] == b->shared_use.r[r]);
}

static void TempDir(char dir[64])
{
  strcpy(dir, "/tmp/j3o_result_io_XXXXXX");
  assert_non_null(mkdtemp(dir));
}

/* Files in dir other than `keep` (leftover temporaries). */
static int Leftovers(const char *dir, const char *keep)
{
  DIR           *d = opendir(dir);
  struct dirent *ent;
  int            n = 0;
  assert_non_null(d);
  while ((ent = readdir(d)))
    if (strcmp(ent->d_name, ".") && strcmp(ent->d_name, "..") && (!keep || strcmp(ent->d_name, keep))) n++;
  closedir(d);
  return n;
}

static void Cleanup(const char *dir)
{
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

static J3oProvenance Prov(void)
{
  J3oProvenance p = {.instance_path = "inputs/tiny.h5", .ranks = 1, .git = "abc123"};
  memset(p.instance_sha256, 'a', 64);
  p.instance_sha256[64] = '\0';
  return p;
}

static void test_roundtrip(void **state)
{
  J3oInstance   in;
  J3oResult     w, r;
  J3oProvenance p = Prov();
  char          dir[64], path[128];
  (void)state;
  BuildInstance(&in);
  TempDir(dir);
  snprintf(path, sizeof path, "%s/out.h5", dir);
  BuildResult(&in, &w, 4);
  J3O_OK(J3oResultWrite(PETSC_COMM_SELF, path, &in, &w, &p));
  assert_int_equal(Leftovers(dir, "out.h5"), 0);
  J3O_OK(J3oResultRead(path, &in, &r));
  AssertSame(&w, &r);
  assert_int_equal(r.nroutes, 15); /* 6 local + 6 edge + 3 cloud */
  J3O_OK(J3oResultFree(&r));
  /* churn not priced: no /trace/mu_churn, read back as NaN */
  w.trace_churn = PETSC_FALSE;
  J3O_OK(J3oResultWrite(PETSC_COMM_SELF, path, &in, &w, &p));
  J3O_OK(J3oResultRead(path, &in, &r));
  AssertSame(&w, &r);
  assert_true(!r.trace_churn && isnan(r.trace[J3O_TRACE_MU_CHURN][0]) && r.trace[0][1] == 1);
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oResultFree(&w));

  /* nothing routed, no bound, no trace: zero-length /offload, no /trace */
  J3O_OK(J3oResultAllocate(&w, &in, "none"));
  for (int e = 0; e < NE; e++) w.duty_cycle_s[e] = 0.2;
  J3O_OK(J3oResultWrite(PETSC_COMM_SELF, path, &in, &w, &p)); /* replaces the previous file */
  J3O_OK(J3oResultRead(path, &in, &r));
  AssertSame(&w, &r);
  assert_true(isnan(r.upper_bound) && isnan(r.gap));
  {
    hid_t   f       = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT), d, s;
    hsize_t dims[1] = {99};
    assert_true(f >= 0);
    assert_true(H5Lexists(f, "trace", H5P_DEFAULT) == 0);
    assert_true(H5Lexists(f, "shared", H5P_DEFAULT) == 0); /* no priced run: no /shared */
    d = H5Dopen2(f, "/offload/fraction", H5P_DEFAULT);
    s = H5Dget_space(d);
    assert_int_equal(H5Sget_simple_extent_dims(s, dims, NULL), 1);
    assert_int_equal(dims[0], 0);
    H5Sclose(s);
    H5Dclose(d);
    H5Fclose(f);
  }
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oResultFree(&w));
  J3O_OK(J3oInstanceFree(&in));
  Cleanup(dir);
}

/* A re-plan's additions: /@previous*, the budgets given, /churn, /onload/demand_hash. The previous
   plan held m0 on clients 0-3 and m1 on edge 0; the result holds m0 on every client and m1 on every
   edge (100 MB each): churn by hand is edge 0: 0, edge 1: 100 (m1), edge 2: 2 * 100 + 100 = 300.
   Read back as a previous plan, the file gives the same onloading and demand hashes. */
static void test_replan_roundtrip(void **state)
{
  J3oInstance   in;
  J3oResult     w, r;
  J3oPrevious   prev, back;
  J3oProvenance p = Prov();
  char          dir[64], path[128];
  const double  churn[NE] = {0, 100, 300};
  (void)state;
  BuildInstance(&in);
  TempDir(dir);
  snprintf(path, sizeof path, "%s/out.h5", dir);
  BuildResult(&in, &w, 0);
  J3O_OK(PetscMemzero(&prev, sizeof(prev)));
  strcpy(prev.path, "prev.h5");
  memset(prev.sha256, 'b', 64);
  prev.M = 3, prev.edge_first = 0, prev.edge_last = NE, prev.client_first = 0, prev.client_count = NC;
  J3O_OK(PetscCalloc1(NC * 3, &prev.x));
  J3O_OK(PetscCalloc1(NE * 3, &prev.y));
  for (int n = 0; n < 4; n++) prev.x[n * 3 + 0] = 1;
  prev.y[0 * 3 + 1]      = 1;
  p.previous             = &prev;
  p.swap_budget_mb       = 300;
  p.swap_budget_total_mb = INFINITY;
  J3O_OK(J3oResultWrite(PETSC_COMM_SELF, path, &in, &w, &p));
  J3O_OK(J3oResultRead(path, &in, &r));
  assert_string_equal(r.previous_sha256, prev.sha256);
  assert_true(r.swap_budget_mb == 300 && isinf(r.swap_budget_total_mb));
  assert_non_null(r.churn_mb);
  for (int e = 0; e < NE; e++) assert_true(r.churn_mb[e] == churn[e]);
  assert_true(r.churn_total_mb == 400);
  J3O_OK(J3oResultFree(&r));

  J3O_OK(J3oPreviousRead(PETSC_COMM_SELF, path, &in, PETSC_TRUE, &back));
  assert_memory_equal(back.x, w.x, NC * 3);
  assert_memory_equal(back.y, w.y, NE * 3);
  assert_non_null(back.demand_hash);
  for (int e = 0; e < NE; e++) {
    assert_true(back.duty_cycle_s[e] == w.duty_cycle_s[e]);
    assert_true(back.demand_hash[e] == J3oDemandHash(&in, e));
  }
  assert_true(J3oDemandHash(&in, 0) != J3oDemandHash(&in, 1)); /* lambda rows (1,2),(2,3) vs (3,1),(1,2) */
  assert_string_equal(back.status, "optimal");
  J3O_OK(J3oPreviousFree(&back));
  J3O_OK(J3oPreviousFree(&prev));
  J3O_OK(J3oResultFree(&w));
  J3O_OK(J3oInstanceFree(&in));
  Cleanup(dir);
}

static void test_failures_leave_no_file(void **state)
{
  J3oInstance   in;
  J3oResult     w, bad, r;
  J3oProvenance p = Prov();
  char          dir[64], path[128], sub[128];
  (void)state;
  BuildInstance(&in);
  TempDir(dir);
  BuildResult(&in, &w, 0);

  /* directory does not exist: cannot even create the temporary */
  snprintf(path, sizeof path, "%s/missing/out.h5", dir);
  assert_int_not_equal(J3oResultWrite(PETSC_COMM_SELF, path, &in, &w, &p), 0);
  assert_int_equal(Leftovers(dir, NULL), 0);

  /* the target is a directory: the temporary is complete but cannot be renamed, so it is removed */
  snprintf(sub, sizeof sub, "%s/isdir.h5", dir);
  assert_int_equal(mkdir(sub, 0700), 0);
  assert_int_not_equal(J3oResultWrite(PETSC_COMM_SELF, sub, &in, &w, &p), 0);
  assert_int_equal(Leftovers(dir, "isdir.h5"), 0);
  assert_int_equal(Leftovers(sub, NULL), 0);

  /* an existing file survives a failed write untouched */
  snprintf(path, sizeof path, "%s/out.h5", dir);
  J3O_OK(J3oResultWrite(PETSC_COMM_SELF, path, &in, &w, &p));
  char before[65], after[65];
  J3O_OK(J3oFileSha256(path, before));
  BuildResult(&in, &bad, 0);
  bad.routes[0].client = NC; /* outside the block */
  assert_int_not_equal(J3oResultWrite(PETSC_COMM_SELF, path, &in, &bad, &p), 0);
  bad.routes[0].client   = 0;
  bad.routes[0].fraction = NAN;
  assert_int_not_equal(J3oResultWrite(PETSC_COMM_SELF, path, &in, &bad, &p), 0);
  J3O_OK(J3oFileSha256(path, after));
  assert_string_equal(before, after);
  assert_int_equal(Leftovers(dir, "out.h5"), 1); /* isdir.h5 only */
  J3O_OK(J3oResultRead(path, &in, &r));
  AssertSame(&w, &r);
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oResultFree(&bad));
  J3O_OK(J3oResultFree(&w));
  J3O_OK(J3oInstanceFree(&in));
  Cleanup(dir);
}

/* Known digests: SHA-256("") and SHA-256("abc"). */
static void test_sha256(void **state)
{
  char  dir[64], path[128], hex[65];
  FILE *f;
  (void)state;
  TempDir(dir);
  snprintf(path, sizeof path, "%s/f", dir);
  f = fopen(path, "wb");
  fclose(f);
  J3O_OK(J3oFileSha256(path, hex));
  assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  f = fopen(path, "wb");
  fputs("abc", f);
  fclose(f);
  J3O_OK(J3oFileSha256(path, hex));
  assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  snprintf(path, sizeof path, "%s/none", dir);
  assert_int_not_equal(J3oFileSha256(path, hex), 0);
  Cleanup(dir);
}

/* Overwrites element k of a rank-1 dataset with v (as f64 or i64 in memory). */
static void Poke(const char *path, const char *dset, hsize_t k, double v, int is_int)
{
  hid_t   f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT), d = H5Dopen2(f, dset, H5P_DEFAULT), fs = H5Dget_space(d), ms;
  hsize_t one = 1;
  int64_t iv  = (int64_t)v;
  assert_true(f >= 0 && d >= 0);
  ms = H5Screate_simple(1, &one, NULL);
  assert_true(H5Sselect_hyperslab(fs, H5S_SELECT_SET, &k, NULL, &one, NULL) >= 0);
  assert_true(H5Dwrite(d, is_int ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT,
                       is_int ? (void *)&iv : (void *)&v) >= 0);
  H5Sclose(ms);
  H5Sclose(fs);
  H5Dclose(d);
  H5Fclose(f);
}

static void SetAttrStr(const char *path, const char *obj, const char *name, const char *value)
{
  hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT), o = H5Oopen(f, obj, H5P_DEFAULT);
  assert_true(f >= 0 && o >= 0);
  assert_true(H5Adelete(o, name) >= 0);
  J3O_OK(J3oH5WriteAttrStr(o, name, value));
  H5Oclose(o);
  H5Fclose(f);
}

/* A fresh valid file is broken one way and must be rejected naming `expect`. */
typedef void (*Break)(const char *path);
static void B_route(const char *p)
{
  Poke(p, "/offload/route", 1, 7, 1);
}
static void B_model(const char *p)
{
  Poke(p, "/offload/model", 0, 3, 1);
}
static void B_client(const char *p)
{
  Poke(p, "/offload/client", 0, -1, 1);
}
static void B_task(const char *p)
{
  Poke(p, "/offload/task", 0, 2, 1);
}
static void B_fraction(const char *p)
{
  Poke(p, "/offload/fraction", 2, 0, 0);
}
static void B_dup(const char *p)
{
  Poke(p, "/offload/model", 1, 0, 1);
  Poke(p, "/offload/route", 1, 0, 1);
  Poke(p, "/offload/task", 1, 0, 1);
} /* row 1 := row 0's key */
static void B_duty(const char *p)
{
  Poke(p, "/onload/duty_cycle_s", 0, 0.15, 0);
}
static void B_format(const char *p)
{
  SetAttrStr(p, "/", "format", "j3o-instance");
}
static void B_status(const char *p)
{
  SetAttrStr(p, "/summary", "status", "great");
}
static void B_sha(const char *p)
{
  SetAttrStr(p, "/", "instance_sha256", "XYZ");
}
/* dataset `dset` replaced by two 1s: the wrong length */
static void Shorten(const char *p, const char *dset)
{
  hid_t   f    = H5Fopen(p, H5F_ACC_RDWR, H5P_DEFAULT);
  hsize_t n    = 2;
  double  v[2] = {1, 1};
  assert_true(H5Ldelete(f, dset, H5P_DEFAULT) >= 0);
  J3O_OK(J3oH5WriteArray(f, dset, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &n, v));
  H5Fclose(f);
}
static void B_length(const char *p)
{
  Shorten(p, "/offload/fraction");
}
static void B_zero_demand(const char *p)
{
  (void)p;
}
static void B_shared_price(const char *p)
{
  Poke(p, "/shared/price", 2, -1, 0);
}
static void B_shared_use(const char *p)
{
  Poke(p, "/shared/use", 0, NAN, 0);
}
static void B_shared_name(const char *p)
{
  hid_t       f        = H5Fopen(p, H5F_ACC_RDWR, H5P_DEFAULT);
  char *const names[3] = {"cloud_gflops", "cloud_gflops", "churn_mb"};
  assert_true(H5Ldelete(f, "/shared/name", H5P_DEFAULT) >= 0);
  J3O_OK(J3oH5WriteStrings(f, "/shared/name", 3, names));
  H5Fclose(f);
}
static void B_shared_length(const char *p)
{
  Shorten(p, "/shared/capacity");
}

static void Rejected(J3oInstance *in, Break f, const char *expect)
{
  J3oResult     w, r;
  J3oProvenance p = Prov();
  char          dir[64], path[128];
  TempDir(dir);
  snprintf(path, sizeof path, "%s/out.h5", dir);
  BuildResult(in, &w, 2);
  J3O_OK(J3oResultWrite(PETSC_COMM_SELF, path, in, &w, &p));
  f(path);
  assert_int_equal(J3oResultRead(path, in, &r), PETSC_ERR_FILE_UNEXPECTED);
  if (!strstr(J3oH5LastError(), expect)) fail_msg("expected \"%s\" in \"%s\"", expect, J3oH5LastError());
  assert_null(r.routes); /* freed on failure */
  J3O_OK(J3oResultFree(&w));
  Cleanup(dir);
}

static void test_read_rejects(void **state)
{
  J3oInstance in;
  (void)state;
  BuildInstance(&in);
  Rejected(&in, B_route, "/offload/route: must be 0, 1 or 2 (row 1 is 7)");
  Rejected(&in, B_model, "/offload/model: out of range");
  Rejected(&in, B_client, "/offload/client: out of range");
  Rejected(&in, B_task, "/offload/task: out of range");
  Rejected(&in, B_fraction, "/offload/fraction: must be finite and > 0");
  Rejected(&in, B_dup, "/offload: duplicate row");
  Rejected(&in, B_duty, "/onload/duty_cycle_s: must be a member");
  Rejected(&in, B_format, "/@format: must be \"j3o-result\"");
  Rejected(&in, B_status, "/summary@status");
  Rejected(&in, B_sha, "/@instance_sha256");
  Rejected(&in, B_length, "/offload/client: must have shape");
  Rejected(&in, B_shared_price, "/shared/price: must be >= 0");
  Rejected(&in, B_shared_use, "/shared/use: must be finite");
  Rejected(&in, B_shared_name, "/shared/name: row 1 repeats \"cloud_gflops\"");
  Rejected(&in, B_shared_length, "/shared/capacity: must have shape");
  in.demand[0 * 2 + 0] = 0; /* client 0 task 0 now has no demand but the file routes it */
  Rejected(&in, B_zero_demand, "no demand for task 0");
  J3O_OK(J3oInstanceFree(&in));
}

/* Collective on PETSC_COMM_WORLD: every rank writes its block of edges (some ranks none when
   ranks > edges); the file read back equals a serial write of the whole result, row for row. */
static void test_parallel_equals_serial(void **state)
{
  J3oInstance   in, blk;
  J3oResult     whole, mine, a, b;
  J3oProvenance p = Prov();
  PetscMPIInt   rank, size;
  char          dir[64] = "", path[128], spath[128];
  (void)state;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  if (rank == 0) TempDir(dir);
  assert_int_equal(MPI_Bcast(dir, sizeof dir, MPI_CHAR, 0, PETSC_COMM_WORLD), MPI_SUCCESS);
  snprintf(path, sizeof path, "%s/par.h5", dir);
  snprintf(spath, sizeof spath, "%s/ser.h5", dir);
  BuildInstance(&in);
  blk = Block(&in, rank * NE / size, (rank + 1) * NE / size);
  BuildResult(&blk, &mine, 0);
  if (rank == 0)
    for (int k = 0; k < 3; k++) {
      double row[J3O_TRACE_COLUMNS] = {k, k, k, k, k, k};
      J3O_OK(J3oResultAddTrace(&mine, row));
    }
  J3O_OK(J3oResultWrite(PETSC_COMM_WORLD, path, &blk, &mine, &p));
  if (rank == 0) {
    BuildResult(&in, &whole, 0);
    for (int k = 0; k < 3; k++) {
      double row[J3O_TRACE_COLUMNS] = {k, k, k, k, k, k};
      J3O_OK(J3oResultAddTrace(&whole, row));
    }
    J3O_OK(J3oResultWrite(PETSC_COMM_SELF, spath, &in, &whole, &p));
    J3O_OK(J3oResultRead(path, &in, &a));
    J3O_OK(J3oResultRead(spath, &in, &b));
    AssertSame(&whole, &a);
    AssertSame(&a, &b);
    for (int64_t k = 0; k < a.nroutes; k++) {
      const J3oRoute *x = &a.routes[k], *y = &b.routes[k];
      assert_true(x->client == y->client && x->task == y->task && x->route == y->route && x->model == y->model &&
                  x->fraction == y->fraction);
    }
    J3O_OK(J3oResultFree(&a));
    J3O_OK(J3oResultFree(&b));
    J3O_OK(J3oResultFree(&whole));
    Cleanup(dir);
  }
  J3O_OK(J3oResultFree(&mine));
  J3O_OK(J3oInstanceFree(&in));
  assert_int_equal(MPI_Barrier(PETSC_COMM_WORLD), MPI_SUCCESS);
}

static const struct CMUnitTest tests[] = {
  cmocka_unit_test(test_roundtrip),
  cmocka_unit_test(test_replan_roundtrip),
  cmocka_unit_test(test_failures_leave_no_file),
  cmocka_unit_test(test_sha256),
  cmocka_unit_test(test_read_rejects),
  cmocka_unit_test(test_parallel_equals_serial),
};
J3O_TEST_MAIN(tests)
