/* test_instance_io.c: instance HDF5 round trip, partial and layout reads, and one rejected file per rule of
 * docs/file-formats.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hdf5.h>
#include "j3o_test.h"
#include "j3o/io.h"
#include "io/h5util.h"

#define assert_near(a, b, tol) \
  do { \
    double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= (tol))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); \
  } while (0)

static char dir[256]; /* per-process temporary directory (rank 0's for shared files) */
static int  serial;   /* unique file names */

/* A tiny instance: T = 3, M = 4, E = 3, N = 7 (clients per edge 2, 3, 2), K = 2.
   lambda_nt = (n+1)(t+1)/2, w = (1, 2, 0.5): total weighted demand
   = 1/2 * sum_n (n+1) * sum_t w_t (t+1) = 1/2 * 28 * (1 + 4 + 1.5) = 91. */
static PetscErrorCode Tiny(J3oInstance *in)
{
  static const char  *tasks[]  = {"seg", "depth", "det"};
  static const char  *models[] = {"m0", "m1", "m2", "m3"};
  static const int    edge[]   = {0, 0, 1, 1, 1, 2, 2};
  static const double acc[]    = {0.5, 0, 0.25, 0, 0.75, 0.5, 0.625, 0.125, 0, 1, 0, 0.375};
  PetscFunctionBegin;
  PetscCall(J3oInstanceAllocate(in, 3, 4, 3, 7, 2, 0, 3, 0, 7));
  PetscCall(PetscStrncpy(in->name, "tiny", sizeof in->name));
  for (int t = 0; t < 3; t++) {
    PetscCall(PetscStrallocpy(tasks[t], &in->task_name[t]));
    in->input_mb[t]   = (double[]){1, 0.5, 2}[t];
    in->deadline_s[t] = (double[]){0.1, 0.2, 0.5}[t];
    in->weight[t]     = (double[]){1, 2, 0.5}[t];
  }
  for (int m = 0; m < 4; m++) {
    PetscCall(PetscStrallocpy(models[m], &in->model_name[m]));
    in->memory_mb[m]       = (double[]){100, 200, 150, 50}[m];
    in->gflop_fixed[m]     = (double[]){1, 0, 2, 0.5}[m];
    in->gflop_per_query[m] = (double[]){0.5, 1, 0.25, 2}[m];
    in->cloud[m]           = (unsigned char[]){0, 1, 1, 0}[m];
  }
  PetscCall(PetscArraycpy(in->accuracy, acc, 12));
  for (int e = 0; e < 3; e++) {
    in->edge_memory_mb[e]       = 1000 + e;
    in->edge_gflops[e]          = 50 + e;
    in->edge_cell_mb_s[e]       = 20 + e;
    in->edge_backhaul_mb_s[e]   = 10 + e;
    in->edge_cloud_latency_s[e] = 0.05 * (e + 1);
  }
  in->edge_client_start[0] = 0, in->edge_client_start[1] = 2, in->edge_client_start[2] = 5,
  in->edge_client_start[3] = 7;
  for (int n = 0; n < 7; n++) {
    in->client_edge[n]        = edge[n];
    in->client_memory_mb[n]   = 300 + n;
    in->client_gflops[n]      = n; /* client 0 has no compute: allowed (>= 0) */
    in->client_uplink_mb_s[n] = 5 + 0.5 * n;
    for (int t = 0; t < 3; t++) in->demand[n * 3 + t] = (n + 1) * (t + 1) * 0.5;
  }
  in->duty_cycles_s[0]   = 0.01;
  in->duty_cycles_s[1]   = 0.02;
  in->cloud_gflops       = 1000;
  in->cloud_ingress_mb_s = 500;
  in->rho                = 0.9;
  PetscCall(J3oInstanceFinalize(in));
  in->total_weighted_demand = J3oInstanceLocalWeightedDemand(in);
  PetscFunctionReturn(0);
}

/* Writes the tiny instance to a fresh file dir/<tag>-<serial>.h5. */
static void WriteTiny(const char *tag, char *path)
{
  J3oInstance in;
  snprintf(path, PETSC_MAX_PATH_LEN, "%s/%s-%d.h5", dir, tag, serial++);
  J3O_OK(Tiny(&in));
  J3O_OK(J3oInstanceWrite(path, &in));
  J3O_OK(J3oInstanceFree(&in));
}

/* Low-level mutations of a file, with the plain HDF5 API. */
static hid_t OpenRW(const char *path)
{
  hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
  assert_true(f >= 0);
  return f;
}

/* Replaces dataset `dset` by one of file type ft holding buf (memory type mt); buf NULL: chunked, unwritten. */
static void Replace(const char *path, const char *dset, hid_t ft, hid_t mt, int rank, const hsize_t *dims,
                    const void *buf)
{
  hid_t f = OpenRW(path), s, d, dcpl = H5Pcreate(H5P_DATASET_CREATE);
  if (H5Lexists(f, dset, H5P_DEFAULT) > 0) assert_true(H5Ldelete(f, dset, H5P_DEFAULT) >= 0);
  if (!buf) {
    hsize_t chunk[2] = {1, 1};
    assert_true(H5Pset_chunk(dcpl, rank, chunk) >= 0);
  }
  s = H5Screate_simple(rank, dims, NULL);
  d = H5Dcreate2(f, dset, ft, s, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  assert_true(d >= 0);
  if (buf) assert_true(H5Dwrite(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
  H5Dclose(d), H5Sclose(s), H5Pclose(dcpl), H5Fclose(f);
}

static void ReplaceF64(const char *path, const char *dset, int rank, const hsize_t *dims, const double *v)
{
  Replace(path, dset, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, rank, dims, v);
}

/* Sets element (i, j) of a float dataset (j ignored for rank 1). */
static void SetF64(const char *path, const char *dset, hsize_t i, hsize_t j, double v)
{
  hid_t   f = OpenRW(path), d = H5Dopen2(f, dset, H5P_DEFAULT), fs = H5Dget_space(d), ms;
  hsize_t coord[2] = {i, j}, one = 1;
  assert_true(H5Sselect_elements(fs, H5S_SELECT_SET, 1, coord) >= 0);
  ms = H5Screate_simple(1, &one, NULL);
  assert_true(H5Dwrite(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, &v) >= 0);
  H5Sclose(ms), H5Sclose(fs), H5Dclose(d), H5Fclose(f);
}

static void SetAttr(const char *path, const char *obj, const char *name, hid_t ft, hid_t mt, const void *v)
{
  hid_t f = OpenRW(path), s = H5Screate(H5S_SCALAR), a;
  if (H5Aexists_by_name(f, obj, name, H5P_DEFAULT) > 0) assert_true(H5Adelete_by_name(f, obj, name, H5P_DEFAULT) >= 0);
  a = H5Acreate_by_name(f, obj, name, ft, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  assert_true(a >= 0);
  assert_true(H5Awrite(a, mt, v) >= 0);
  H5Aclose(a), H5Sclose(s), H5Fclose(f);
}

static void SetAttrF64(const char *path, const char *obj, const char *name, double v)
{
  SetAttr(path, obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &v);
}

static void SetAttrStr(const char *path, const char *obj, const char *name, const char *v)
{
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, strlen(v) + 1);
  SetAttr(path, obj, name, t, t, v);
  H5Tclose(t);
}

/* Variable-length UTF-8 flagged strings, as h5py writes them. */
static void ReplaceVlenStrings(const char *path, const char *dset, hsize_t n, const char **s)
{
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  Replace(path, dset, t, t, 1, &n, s);
  H5Tclose(t);
}

static void Delete(const char *path, const char *obj)
{
  hid_t f = OpenRW(path);
  assert_true(H5Ldelete(f, obj, H5P_DEFAULT) >= 0);
  H5Fclose(f);
}

/* The read must fail with PETSC_ERR_FILE_UNEXPECTED, print "j3o: FILE: WHERE: ..." containing rule,
   and leave the instance zeroed. */
static void ExpectBad(const char *path, const char *where, const char *rule)
{
  J3oInstance in;
  char        prefix[2 * PETSC_MAX_PATH_LEN];
  memset(&in, 0x5a, sizeof in);
  PetscErrorCode ierr = J3oInstanceRead(PETSC_COMM_SELF, path, 0, -1, &in);
  assert_int_equal(ierr, PETSC_ERR_FILE_UNEXPECTED);
  snprintf(prefix, sizeof prefix, "j3o: %s: %s: ", path, where);
  if (strncmp(J3oH5LastError(), prefix, strlen(prefix)))
    fail_msg("message \"%s\" does not start with \"%s\"", J3oH5LastError(), prefix);
  if (rule && !strstr(J3oH5LastError(), rule)) fail_msg("message \"%s\" lacks \"%s\"", J3oH5LastError(), rule);
  assert_null(strchr(J3oH5LastError(), '\n'));
  assert_int_equal(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0); /* nothing left open */
  assert_null(in.task_name);
  assert_null(in.demand);
  assert_int_equal(in.T, 0);
}

static void ExpectGood(const char *path, J3oInstance *in)
{
  J3O_OK(J3oInstanceRead(PETSC_COMM_SELF, path, 0, -1, in));
  assert_int_equal(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
}

static void test_round_trip(void **state)
{
  (void)state;
  J3oInstance a, b;
  char        path[PETSC_MAX_PATH_LEN];
  WriteTiny("good", path);
  J3O_OK(Tiny(&a));
  ExpectGood(path, &b);
  assert_string_equal(b.name, "tiny");
  assert_int_equal(b.T, 3), assert_int_equal(b.M, 4), assert_int_equal(b.E, 3), assert_int_equal(b.K, 2);
  assert_int_equal(b.N, 7);
  for (int t = 0; t < 3; t++) {
    assert_string_equal(b.task_name[t], a.task_name[t]);
    assert_true(b.input_mb[t] == a.input_mb[t] && b.deadline_s[t] == a.deadline_s[t] && b.weight[t] == a.weight[t]);
    assert_int_equal(b.cloud_model[t], a.cloud_model[t]);
  }
  /* c(t): cloud models m1, m2; t0: m2 (0.625 > 0), t1: m1 (0.75 > 0.125), t2: m1 (0.5 > 0) */
  assert_int_equal(b.cloud_model[0], 2), assert_int_equal(b.cloud_model[1], 1), assert_int_equal(b.cloud_model[2], 1);
  for (int m = 0; m < 4; m++) {
    assert_string_equal(b.model_name[m], a.model_name[m]);
    assert_true(b.memory_mb[m] == a.memory_mb[m] && b.gflop_fixed[m] == a.gflop_fixed[m] &&
                b.gflop_per_query[m] == a.gflop_per_query[m]);
    assert_int_equal(b.cloud[m], a.cloud[m]);
  }
  assert_memory_equal(b.accuracy, a.accuracy, 12 * sizeof(double));
  for (int e = 0; e < 3; e++) {
    assert_true(b.edge_memory_mb[e] == a.edge_memory_mb[e] && b.edge_gflops[e] == a.edge_gflops[e] &&
                b.edge_cell_mb_s[e] == a.edge_cell_mb_s[e]);
    assert_true(b.edge_backhaul_mb_s[e] == a.edge_backhaul_mb_s[e] &&
                b.edge_cloud_latency_s[e] == a.edge_cloud_latency_s[e]);
  }
  for (int e = 0; e <= 3; e++) assert_int_equal(b.edge_client_start[e], a.edge_client_start[e]);
  assert_int_equal(b.edge_first, 0), assert_int_equal(b.edge_last, 3);
  assert_int_equal(b.client_first, 0), assert_int_equal(b.client_count, 7);
  for (int n = 0; n < 7; n++) {
    assert_int_equal(b.client_edge[n], a.client_edge[n]);
    assert_true(b.client_memory_mb[n] == a.client_memory_mb[n] && b.client_gflops[n] == a.client_gflops[n] &&
                b.client_uplink_mb_s[n] == a.client_uplink_mb_s[n]);
  }
  assert_memory_equal(b.demand, a.demand, 21 * sizeof(double));
  assert_true(b.duty_cycles_s[0] == 0.01 && b.duty_cycles_s[1] == 0.02);
  assert_true(b.cloud_gflops == 1000 && b.cloud_ingress_mb_s == 500 && b.rho == 0.9);
  assert_near(b.total_weighted_demand, 91.0, 1e-12);
  J3O_OK(J3oInstanceFree(&a));
  J3O_OK(J3oInstanceFree(&b));
  /* no temporary file left next to it */
  char cmd[2 * PETSC_MAX_PATH_LEN];
  snprintf(cmd, sizeof cmd, "ls %s | grep -q tmp", dir);
  assert_int_not_equal(system(cmd), 0);
}

/* The reader opens read-only and never modifies the file. */
static void test_input_unchanged(void **state)
{
  (void)state;
  char        path[PETSC_MAX_PATH_LEN];
  J3oInstance in;
  WriteTiny("ro", path);
  FILE *fp = fopen(path, "rb");
  assert_non_null(fp);
  static char before[1 << 16], after[1 << 16];
  size_t      nb = fread(before, 1, sizeof before, fp);
  fclose(fp);
  ExpectGood(path, &in);
  J3O_OK(J3oInstanceFree(&in));
  fp        = fopen(path, "rb");
  size_t na = fread(after, 1, sizeof after, fp);
  fclose(fp);
  assert_int_equal(na, nb);
  assert_memory_equal(before, after, nb);
}

/* Clusters [1, 3): global rows [2, 7); total weighted demand stays global (91). */
static void test_partial_read(void **state)
{
  (void)state;
  char        path[PETSC_MAX_PATH_LEN];
  J3oInstance in;
  WriteTiny("part", path);
  J3O_OK(J3oInstanceRead(PETSC_COMM_SELF, path, 1, 3, &in));
  assert_int_equal(in.edge_first, 1), assert_int_equal(in.edge_last, 3);
  assert_int_equal(in.client_first, 2), assert_int_equal(in.client_count, 5);
  for (int i = 0; i < 5; i++) {
    int n = i + 2;
    assert_int_equal(in.client_edge[i], n < 5 ? 1 : 2);
    assert_true(in.client_memory_mb[i] == 300 + n && in.client_gflops[i] == n &&
                in.client_uplink_mb_s[i] == 5 + 0.5 * n);
    for (int t = 0; t < 3; t++) assert_true(J3oDemand(&in, i, t) == (n + 1) * (t + 1) * 0.5);
  }
  /* reduced over the clusters held on the communicator (here only [1, 3)): 1/2 (3+4+5+6+7) 6.5 */
  assert_near(in.total_weighted_demand, 81.25, 1e-12);
  J3O_OK(J3oInstanceFree(&in));
  /* an empty range holds no clients; the edge range is checked */
  J3O_OK(J3oInstanceRead(PETSC_COMM_SELF, path, 2, 2, &in));
  assert_int_equal(in.client_first, 5), assert_int_equal(in.client_count, 0);
  J3O_OK(J3oInstanceFree(&in));
  assert_int_equal(J3oInstanceRead(PETSC_COMM_SELF, path, 2, 4, &in), PETSC_ERR_FILE_UNEXPECTED);
}

static void test_layout(void **state)
{
  (void)state;
  char    path[PETSC_MAX_PATH_LEN];
  int     T, E;
  int64_t N, *start;
  WriteTiny("layout", path);
  J3O_OK(J3oInstanceReadLayout(PETSC_COMM_SELF, path, &T, &E, &N, &start));
  assert_int_equal(T, 3), assert_int_equal(E, 3), assert_int_equal(N, 7);
  assert_int_equal(start[0], 0), assert_int_equal(start[1], 2), assert_int_equal(start[2], 5),
    assert_int_equal(start[3], 7);
  J3O_OK(PetscFree(start));
  Delete(path, "/clients/edge");
  assert_int_equal(J3oInstanceReadLayout(PETSC_COMM_SELF, path, &T, &E, &N, &start), PETSC_ERR_FILE_UNEXPECTED);
  assert_null(start);
}

/* Variable-length UTF-8 flagged names (h5py's default) and a scalar-int64 version are accepted;
   no duty cycles means batching off. */
static void test_variants_accepted(void **state)
{
  (void)state;
  char        path[PETSC_MAX_PATH_LEN];
  const char *names[] = {"a", "bb", "ccc"};
  int64_t     v       = 1;
  J3oInstance in;
  WriteTiny("vlen", path);
  ReplaceVlenStrings(path, "/tasks/name", 3, names);
  SetAttr(path, "/", "version", H5T_STD_I64LE, H5T_NATIVE_INT64, &v);
  Delete(path, "/params/duty_cycles_s");
  ExpectGood(path, &in);
  assert_string_equal(in.task_name[2], "ccc");
  assert_int_equal(in.K, 0);
  J3O_OK(J3oInstanceFree(&in));
  /* zero-length duty cycles: batching off too */
  WriteTiny("k0", path);
  hsize_t zero = 0;
  ReplaceF64(path, "/params/duty_cycles_s", 1, &zero, NULL);
  ExpectGood(path, &in);
  assert_int_equal(in.K, 0);
  J3O_OK(J3oInstanceFree(&in));
  /* g0 = 0 and rho = 1 are allowed */
  WriteTiny("edges", path);
  SetF64(path, "/models/gflop_fixed", 0, 0, 0);
  SetAttrF64(path, "/params", "rho", 1);
  ExpectGood(path, &in);
  assert_true(in.gflop_fixed[0] == 0 && in.rho == 1);
  J3O_OK(J3oInstanceFree(&in));
}

/* The optional display names (/edges/name, /clients/name: UTF-8, any text) and a derived instance's
   /derived group (docs/file-formats.md) are accepted and change nothing that is read. */
static void test_optional_names_accepted(void **state)
{
  (void)state;
  char         path[PETSC_MAX_PATH_LEN];
  const char  *edges[]   = {"Bâtiment A", "north, gate", "lab 3"};
  const char  *clients[] = {"cam 1", "caméra 2", "pi-1", "pi-2", "phone", "nano", "orin"};
  const char  *targets[] = {"/edges/backhaul_mb_s", "/cloud@gflops"};
  const double factors[] = {0.5, 2};
  hsize_t      two       = 2;
  J3oInstance  a, b;
  WriteTiny("names", path);
  ReplaceVlenStrings(path, "/edges/name", 3, edges);
  ReplaceVlenStrings(path, "/clients/name", 7, clients);
  hid_t f = OpenRW(path), g = H5Gcreate2(f, "/derived", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  assert_true(g >= 0);
  H5Gclose(g), H5Fclose(f);
  SetAttrStr(path, "/derived", "base_sha256", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  ReplaceVlenStrings(path, "/derived/target", 2, targets);
  ReplaceF64(path, "/derived/factor", 1, &two, factors);
  J3O_OK(Tiny(&a));
  ExpectGood(path, &b);
  assert_int_equal(b.E, 3), assert_int_equal(b.N, 7);
  assert_memory_equal(b.demand, a.demand, 21 * sizeof(double));
  assert_memory_equal(b.edge_backhaul_mb_s, a.edge_backhaul_mb_s, 3 * sizeof(double));
  for (int n = 0; n < 7; n++) assert_int_equal(b.client_edge[n], a.client_edge[n]);
  assert_true(b.cloud_gflops == a.cloud_gflops);
  J3O_OK(J3oInstanceFree(&a));
  J3O_OK(J3oInstanceFree(&b));
}

/* Instances with N*T > 65536 are chunked and compressed, and read back exactly. */
static void test_large_chunked(void **state)
{
  (void)state;
  J3oInstance a, b;
  char        path[PETSC_MAX_PATH_LEN];
  int64_t     N = 30000;
  J3O_OK(J3oInstanceAllocate(&a, 3, 1, 2, N, 0, 0, 2, 0, N));
  for (int t = 0; t < 3; t++) {
    J3O_OK(PetscStrallocpy((const char *[]){"x", "y", "z"}[t], &a.task_name[t]));
    a.input_mb[t] = a.deadline_s[t] = a.weight[t] = 1;
    a.accuracy[t]                                 = 0.5;
  }
  J3O_OK(PetscStrallocpy("only", &a.model_name[0]));
  a.memory_mb[0] = a.gflop_per_query[0] = 1;
  a.rho                                 = 0.5;
  a.edge_client_start[1] = N / 2, a.edge_client_start[2] = N;
  for (int64_t n = 0; n < N; n++) {
    a.client_edge[n] = n < N / 2 ? 0 : 1;
    for (int t = 0; t < 3; t++) a.demand[n * 3 + t] = (double)(n % 97) / 7 + t;
  }
  snprintf(path, sizeof path, "%s/large.h5", dir);
  J3O_OK(J3oInstanceWrite(path, &a));
  hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT), d = H5Dopen2(f, "/clients/demand", H5P_DEFAULT),
        p = H5Dget_create_plist(d);
  assert_int_equal(H5Pget_layout(p), H5D_CHUNKED);
  assert_int_equal(H5Pget_nfilters(p), 1);
  H5Pclose(p), H5Dclose(d), H5Fclose(f);
  J3O_OK(J3oInstanceRead(PETSC_COMM_SELF, path, 1, 2, &b));
  assert_int_equal(b.client_first, N / 2), assert_int_equal(b.client_count, N - N / 2);
  assert_memory_equal(b.demand, a.demand + (N / 2) * 3, (size_t)(N - N / 2) * 3 * sizeof(double));
  J3O_OK(J3oInstanceFree(&a));
  J3O_OK(J3oInstanceFree(&b));
}

/* A failed write leaves nothing behind. */
static void test_write_failure(void **state)
{
  (void)state;
  J3oInstance a;
  char        path[PETSC_MAX_PATH_LEN];
  J3O_OK(Tiny(&a));
  snprintf(path, sizeof path, "%s/no/such/dir/x.h5", dir);
  J3O_OK(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  assert_int_not_equal(J3oInstanceWrite(path, &a), 0);
  J3O_OK(PetscPopErrorHandler());
  assert_int_not_equal(access(path, F_OK), 0);
  J3O_OK(J3oInstanceFree(&a));
}

/* One malformed file per case. */
typedef struct {
  const char *tag;
  void (*mutate)(const char *path);
  const char *where, *rule;
} BadCase;

static void NotHdf5(const char *p)
{
  FILE *f = fopen(p, "w");
  fputs("this is not HDF5\n", f);
  fclose(f);
}
static void Truncated(const char *p)
{
  assert_int_equal(truncate(p, 3000), 0);
}
static void Empty(const char *p)
{
  assert_int_equal(truncate(p, 0), 0);
}
static void WrongFormat(const char *p)
{
  SetAttrStr(p, "/", "format", "j3o-result");
}
static void WrongVersion(const char *p)
{
  int v = 2;
  SetAttr(p, "/", "version", H5T_STD_I32LE, H5T_NATIVE_INT, &v);
}
static void VersionAsString(const char *p)
{
  SetAttrStr(p, "/", "version", "1");
}
static void NoFormat(const char *p)
{
  hid_t f = OpenRW(p);
  H5Adelete(f, "format");
  H5Fclose(f);
}
static void MissingWeight(const char *p)
{
  Delete(p, "/tasks/weight");
}
static void MissingModels(const char *p)
{
  Delete(p, "/models");
}
static void MissingRho(const char *p)
{
  hid_t f = OpenRW(p);
  H5Adelete_by_name(f, "/params", "rho", H5P_DEFAULT);
  H5Fclose(f);
}
static void AccuracyTransposed(const char *p)
{
  hsize_t d[2]  = {3, 4};
  double  v[12] = {0};
  ReplaceF64(p, "/models/accuracy", 2, d, v);
}
static void AccuracyRank1(const char *p)
{
  hsize_t d[1]  = {12};
  double  v[12] = {0};
  ReplaceF64(p, "/models/accuracy", 1, d, v);
}
static void DemandShape(const char *p)
{
  hsize_t d[2]  = {7, 4};
  double  v[28] = {0};
  ReplaceF64(p, "/clients/demand", 2, d, v);
}
static void DemandShort(const char *p)
{
  hsize_t d[2]  = {6, 3};
  double  v[18] = {0};
  ReplaceF64(p, "/clients/demand", 2, d, v);
}
static void EdgeAsF64(const char *p)
{
  hsize_t d    = 7;
  double  v[7] = {0, 0, 1, 1, 1, 2, 2};
  ReplaceF64(p, "/clients/edge", 1, &d, v);
}
static void CloudAsF64(const char *p)
{
  hsize_t d    = 4;
  double  v[4] = {0, 1, 1, 0};
  ReplaceF64(p, "/models/cloud", 1, &d, v);
}
static void NamesAsNumbers(const char *p)
{
  hsize_t d    = 3;
  double  v[3] = {1, 2, 3};
  ReplaceF64(p, "/tasks/name", 1, &d, v);
}
static void InputAsInt(const char *p)
{
  hsize_t d    = 3;
  int     v[3] = {1, 1, 2};
  Replace(p, "/tasks/input_mb", H5T_STD_I32LE, H5T_NATIVE_INT, 1, &d, v);
}
static void RhoAsString(const char *p)
{
  SetAttrStr(p, "/params", "rho", "0.9");
}
static void NanDemand(const char *p)
{
  SetF64(p, "/clients/demand", 4, 1, NAN);
}
static void InfEdge(const char *p)
{
  SetF64(p, "/edges/gflops", 2, 0, INFINITY);
}
static void InfCloud(const char *p)
{
  SetAttrF64(p, "/cloud", "gflops", -INFINITY);
}
static void NegUplink(const char *p)
{
  SetF64(p, "/clients/uplink_mb_s", 3, 0, -1);
}
static void NegDemand(const char *p)
{
  SetF64(p, "/clients/demand", 6, 2, -0.5);
}
static void NegEdgeMem(const char *p)
{
  SetF64(p, "/edges/memory_mb", 1, 0, -1);
}
static void NegLatency(const char *p)
{
  SetF64(p, "/edges/cloud_latency_s", 0, 0, -0.1);
}
static void NegIngress(const char *p)
{
  SetAttrF64(p, "/cloud", "ingress_mb_s", -5);
}
static void ZeroInput(const char *p)
{
  SetF64(p, "/tasks/input_mb", 2, 0, 0);
}
static void ZeroDeadline(const char *p)
{
  SetF64(p, "/tasks/deadline_s", 0, 0, 0);
}
static void ZeroWeight(const char *p)
{
  SetF64(p, "/tasks/weight", 1, 0, 0);
}
static void ZeroModelMem(const char *p)
{
  SetF64(p, "/models/memory_mb", 3, 0, 0);
}
static void ZeroG1(const char *p)
{
  SetF64(p, "/models/gflop_per_query", 1, 0, 0);
}
static void NegG0(const char *p)
{
  SetF64(p, "/models/gflop_fixed", 2, 0, -1);
}
static void AccHigh(const char *p)
{
  SetF64(p, "/models/accuracy", 2, 1, 1.5);
}
static void AccLow(const char *p)
{
  SetF64(p, "/models/accuracy", 0, 2, -0.25);
}
static void CloudTwo(const char *p)
{
  hsize_t       d    = 4;
  unsigned char v[4] = {0, 2, 1, 0};
  Replace(p, "/models/cloud", H5T_STD_U8LE, H5T_NATIVE_UCHAR, 1, &d, v);
}
/* /clients/edge of the 7-client fixture replaced by v */
static void ClientEdges(const char *p, const int v[7])
{
  hsize_t d = 7;
  Replace(p, "/clients/edge", H5T_STD_I32LE, H5T_NATIVE_INT, 1, &d, v);
}
static void EdgeRange(const char *p)
{
  ClientEdges(p, (const int[7]){0, 0, 1, 1, 1, 2, 3});
}
static void EdgeNeg(const char *p)
{
  ClientEdges(p, (const int[7]){-1, 0, 1, 1, 1, 2, 2});
}
static void EdgeDecreasing(const char *p)
{
  ClientEdges(p, (const int[7]){0, 1, 0, 1, 1, 2, 2});
}
static void EdgeEmpty(const char *p)
{
  ClientEdges(p, (const int[7]){0, 0, 0, 0, 2, 2, 2});
}
static void DupTask(const char *p)
{
  const char *s[] = {"seg", "depth", "seg"};
  ReplaceVlenStrings(p, "/tasks/name", 3, s);
}
static void DupModel(const char *p)
{
  hsize_t d       = 4;
  char    s[4][3] = {"m0", "m1", "m0", "m3"};
  hid_t   t       = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, 3);
  Replace(p, "/models/name", t, t, 1, &d, s);
  H5Tclose(t);
}
static void NonAsciiName(const char *p)
{
  const char *s[] = {"seg", "d\xc3\xa9pth", "det"};
  ReplaceVlenStrings(p, "/tasks/name", 3, s);
}
static void RhoZero(const char *p)
{
  SetAttrF64(p, "/params", "rho", 0);
}
static void RhoHigh(const char *p)
{
  SetAttrF64(p, "/params", "rho", 1.5);
}
static void RhoNan(const char *p)
{
  SetAttrF64(p, "/params", "rho", NAN);
}
static void DutyDup(const char *p)
{
  hsize_t d    = 3;
  double  v[3] = {0.02, 0.01, 0.02};
  ReplaceF64(p, "/params/duty_cycles_s", 1, &d, v);
}
static void DutyZero(const char *p)
{
  SetF64(p, "/params/duty_cycles_s", 1, 0, 0);
}
static void DutyRank2(const char *p)
{
  hsize_t d[2] = {1, 2};
  double  v[2] = {0.01, 0.02};
  ReplaceF64(p, "/params/duty_cycles_s", 2, d, v);
}
/* Unwritten chunked datasets: huge extents cost nothing on disk; the reader must refuse before allocating. */
static void HugeT(const char *p)
{
  hsize_t d = (hsize_t)1 << 31;
  hid_t   t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, 8);
  Replace(p, "/tasks/name", t, t, 1, &d, NULL);
  H5Tclose(t);
}
static void HugeN(const char *p)
{
  hsize_t d = (hsize_t)1 << 40;
  Replace(p, "/clients/edge", H5T_STD_I32LE, H5T_NATIVE_INT, 1, &d, NULL);
}
/* T = M = 2^17: every [T] and [M] dataset consistent, T*M*8 = 2^37 bytes */
static void HugeTM(const char *p)
{
  hsize_t n = (hsize_t)1 << 17, d2[2] = {n, n};
  hid_t   t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, 8);
  Replace(p, "/tasks/name", t, t, 1, &n, NULL);
  Replace(p, "/models/name", t, t, 1, &n, NULL);
  H5Tclose(t);
  for (int k = 0; k < 3; k++)
    Replace(p, (const char *[]){"/tasks/input_mb", "/tasks/deadline_s", "/tasks/weight"}[k], H5T_IEEE_F64LE,
            H5T_NATIVE_DOUBLE, 1, &n, NULL);
  for (int k = 0; k < 3; k++)
    Replace(p, (const char *[]){"/models/memory_mb", "/models/gflop_fixed", "/models/gflop_per_query"}[k],
            H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &n, NULL);
  Replace(p, "/models/cloud", H5T_STD_U8LE, H5T_NATIVE_UCHAR, 1, &n, NULL);
  Replace(p, "/models/accuracy", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, d2, NULL);
}

static const BadCase bad_cases[] = {
  {"nothdf5", NotHdf5, "/", "not an HDF5 file"},
  {"truncated", Truncated, "/", NULL},
  {"empty", Empty, "/", "not an HDF5 file"},
  {"format", WrongFormat, "/@format", "must be \"j3o-instance\""},
  {"noformat", NoFormat, "/@format", "missing"},
  {"version", WrongVersion, "/@version", "must be 1"},
  {"version-str", VersionAsString, "/@version", "must be an integer"},
  {"missing", MissingWeight, "/tasks/weight", "missing"},
  {"nomodels", MissingModels, "/models/name", "missing"},
  {"norho", MissingRho, "/params@rho", "missing"},
  {"acc-TM", AccuracyTransposed, "/models/accuracy", "must have shape [M][T] = [4][3], found [3][4]"},
  {"acc-rank", AccuracyRank1, "/models/accuracy", "must have 2 dimensions"},
  {"demand-shape", DemandShape, "/clients/demand", "must have shape [N][T]"},
  {"demand-short", DemandShort, "/clients/demand", "found [6][3]"},
  {"edge-f64", EdgeAsF64, "/clients/edge", "must be an integer type"},
  {"cloud-f64", CloudAsF64, "/models/cloud", "must be an integer type"},
  {"name-num", NamesAsNumbers, "/tasks/name", "must be a string"},
  {"input-int", InputAsInt, "/tasks/input_mb", "must be f64"},
  {"rho-str", RhoAsString, "/params@rho", "must be f64"},
  {"nan", NanDemand, "/clients/demand", "must be finite (row 4, column 1 is nan)"},
  {"inf", InfEdge, "/edges/gflops", "must be finite (row 2 is inf)"},
  {"inf-cloud", InfCloud, "/cloud@gflops", "must be finite"},
  {"neg-uplink", NegUplink, "/clients/uplink_mb_s", "must be >= 0 (row 3 is -1)"},
  {"neg-demand", NegDemand, "/clients/demand", "must be >= 0 (row 6, column 2 is -0.5)"},
  {"neg-edge-mem", NegEdgeMem, "/edges/memory_mb", "must be >= 0 (row 1 is -1)"},
  {"neg-latency", NegLatency, "/edges/cloud_latency_s", "must be >= 0"},
  {"neg-ingress", NegIngress, "/cloud@ingress_mb_s", "must be >= 0"},
  {"zero-d", ZeroInput, "/tasks/input_mb", "must be > 0 (row 2 is 0)"},
  {"zero-D", ZeroDeadline, "/tasks/deadline_s", "must be > 0 (row 0 is 0)"},
  {"zero-w", ZeroWeight, "/tasks/weight", "must be > 0 (row 1 is 0)"},
  {"zero-s", ZeroModelMem, "/models/memory_mb", "must be > 0 (row 3 is 0)"},
  {"zero-g1", ZeroG1, "/models/gflop_per_query", "must be > 0 (row 1 is 0)"},
  {"neg-g0", NegG0, "/models/gflop_fixed", "must be >= 0 (row 2 is -1)"},
  {"acc-high", AccHigh, "/models/accuracy", "must be in [0, 1] (row 2, column 1 is 1.5)"},
  {"acc-low", AccLow, "/models/accuracy", "must be >= 0 (row 0, column 2 is -0.25)"},
  {"cloud-2", CloudTwo, "/models/cloud", "must be 0 or 1 (row 1 is 2)"},
  {"edge-range", EdgeRange, "/clients/edge", "must be in [0, E) = [0, 3) (row 6 is 3)"},
  {"edge-neg", EdgeNeg, "/clients/edge", "(row 0 is -1)"},
  {"edge-decr", EdgeDecreasing, "/clients/edge", "must be non-decreasing"},
  {"edge-empty", EdgeEmpty, "/clients/edge", "edge 1 has none"},
  {"dup-task", DupTask, "/tasks/name", "must be unique (\"seg\""},
  {"dup-model", DupModel, "/models/name", "must be unique (\"m0\""},
  {"non-ascii", NonAsciiName, "/tasks/name", "must be ASCII (row 1"},
  {"rho-0", RhoZero, "/params@rho", "must be in (0, 1] (is 0)"},
  {"rho-1.5", RhoHigh, "/params@rho", "must be in (0, 1]"},
  {"rho-nan", RhoNan, "/params@rho", "must be finite"},
  {"duty-dup", DutyDup, "/params/duty_cycles_s", "must be distinct (0.02"},
  {"duty-zero", DutyZero, "/params/duty_cycles_s", "must be > 0 (row 1 is 0)"},
  {"duty-rank", DutyRank2, "/params/duty_cycles_s", "must have 1 dimension"},
  {"huge-T", HugeT, "/tasks/name", "too large"},
  {"huge-N", HugeN, "/clients/edge", "too large"},
  {"huge-TM", HugeTM, "/models/accuracy", "too large"},
};

static void test_bad(void **state)
{
  const BadCase *bc = (const BadCase *)*state;
  char           path[PETSC_MAX_PATH_LEN];
  WriteTiny(bc->tag, path);
  bc->mutate(path);
  ExpectBad(path, bc->where, bc->rule);
}

static void test_missing_file(void **state)
{
  (void)state;
  char path[PETSC_MAX_PATH_LEN];
  snprintf(path, sizeof path, "%s/does-not-exist.h5", dir);
  ExpectBad(path, "/", "cannot be opened");
}

/* Collective on PETSC_COMM_WORLD (meaningful under mpirun -n 2/3, see tests/sh/test_bad_input.sh):
   each rank reads its share of the clusters; an error in the last client's row, seen only by the
   last rank, fails the read on every rank with exactly one printed line. */
static void test_world(void **state)
{
  (void)state;
  PetscMPIInt rank, size;
  char        path[PETSC_MAX_PATH_LEN];
  J3oInstance in;
  int         printed = 0, total;
  (void)MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  (void)MPI_Comm_size(PETSC_COMM_WORLD, &size);
  if (rank == 0) WriteTiny("world", path);
  (void)MPI_Bcast(path, sizeof path, MPI_CHAR, 0, PETSC_COMM_WORLD);
  int e0 = 3 * rank / size, e1 = 3 * (rank + 1) / size;
  J3O_OK(J3oInstanceRead(PETSC_COMM_WORLD, path, e0, e1, &in));
  int64_t start[] = {0, 2, 5, 7};
  assert_int_equal(in.client_first, start[e0]);
  assert_int_equal(in.client_count, start[e1] - start[e0]);
  for (int64_t i = 0; i < in.client_count; i++) assert_true(J3oDemand(&in, i, 2) == (in.client_first + i + 1) * 1.5);
  assert_near(in.total_weighted_demand, 91.0, 1e-12);
  J3O_OK(J3oInstanceFree(&in));
  (void)MPI_Barrier(PETSC_COMM_WORLD);
  if (rank == 0) SetF64(path, "/clients/demand", 6, 0, -1);
  (void)MPI_Barrier(PETSC_COMM_WORLD);
  assert_int_equal(J3oInstanceRead(PETSC_COMM_WORLD, path, e0, e1, &in), PETSC_ERR_FILE_UNEXPECTED);
  if (strstr(J3oH5LastError(), path)) {
    printed = 1;
    assert_non_null(strstr(J3oH5LastError(), "/clients/demand: must be >= 0 (row 6, column 0 is -1)"));
  }
  (void)MPI_Allreduce(&printed, &total, 1, MPI_INT, MPI_SUM, PETSC_COMM_WORLD);
  assert_int_equal(total, 1);
  assert_null(in.demand);
}

static int Setup(void **state)
{
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/j3o-io-XXXXXX");
  return mkdtemp(dir) ? 0 : -1;
}

static int Teardown(void **state)
{
  (void)state;
  char cmd[PETSC_MAX_PATH_LEN + 16];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd) == 0 ? 0 : -1;
}

#define BAD(i) cmocka_unit_test_prestate(test_bad, (void *)&bad_cases[i])

int main(int argc, char **argv)
{
  struct CMUnitTest tests[8 + PETSC_STATIC_ARRAY_LENGTH(bad_cases)] = {
    cmocka_unit_test(test_round_trip),        cmocka_unit_test(test_input_unchanged),
    cmocka_unit_test(test_partial_read),      cmocka_unit_test(test_layout),
    cmocka_unit_test(test_variants_accepted), cmocka_unit_test(test_optional_names_accepted),
    cmocka_unit_test(test_large_chunked),     cmocka_unit_test(test_write_failure),
    cmocka_unit_test(test_missing_file),
  };
  size_t n = 8;
  for (size_t i = 0; i < PETSC_STATIC_ARRAY_LENGTH(bad_cases); i++) tests[n++] = (struct CMUnitTest)BAD(i);
  struct CMUnitTest world[] = {cmocka_unit_test(test_world)};
  if (PetscInitialize(&argc, &argv, NULL, NULL)) return 1;
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  int failed = cmocka_run_group_tests(tests, Setup, Teardown);
  failed += cmocka_run_group_tests(world, Setup, Teardown);
  PetscCall(PetscPopErrorHandler());
  if (PetscFinalize()) return 1;
  return failed;
}
