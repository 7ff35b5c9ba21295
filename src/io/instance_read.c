/* instance_read.c: collective, validating read of an instance file (docs/file-formats.md) with parallel HDF5. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "j3o/io.h"
#include "io/h5util.h"

/* Extents found in the file, checked against each other and the size limits. */
typedef struct {
  hsize_t T, M, E, N, K;
} Dims;

static const char *const task_f64[]  = {"/tasks/input_mb", "/tasks/deadline_s", "/tasks/weight"};
static const char *const model_f64[] = {"/models/memory_mb", "/models/gflop_fixed", "/models/gflop_per_query"};
static const char *const edge_f64[]  = {"/edges/memory_mb", "/edges/gflops", "/edges/cell_mb_s", "/edges/backhaul_mb_s",
                                        "/edges/cloud_latency_s"};
static const char *const client_f64[] = {"/clients/memory_mb", "/clients/gflops", "/clients/uplink_mb_s"};

/* Collective: opens path read-only with the MPI-IO driver; every rank agrees on failure. */
static PetscErrorCode OpenFile(MPI_Comm comm, J3oH5Check *c, const char *path, hid_t *file)
{
  hid_t fapl;

  PetscFunctionBegin;
  *file = -1;
  struct stat st;
  if (access(path, R_OK)) PetscCall(J3oH5Fail(c, "/", "cannot be opened for reading (missing or no permission)"));
  /* a FIFO would block in open(), a directory is no file */
  else if (stat(path, &st) || !S_ISREG(st.st_mode))
    PetscCall(J3oH5Fail(c, "/", "must be a regular file (is a %s)",
                        S_ISDIR(st.st_mode)    ? "directory"
                        : S_ISFIFO(st.st_mode) ? "FIFO"
                                               : "special file"));
  PetscCall(J3oH5Agree(comm, c));
  if (c->bad) PetscFunctionReturn(0);
  J3oH5Id(fapl, H5Pcreate(H5P_FILE_ACCESS));
  J3oH5Call(H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL));
  J3oH5Call(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG)); /* closing the file closes what an error path left open */
  *file = H5Fopen(path, H5F_ACC_RDONLY, fapl);
  (void)H5Pclose(fapl);
  if (*file < 0) {
    if (H5Fis_hdf5(path) <= 0) PetscCall(J3oH5Fail(c, "/", "not an HDF5 file"));
    else PetscCall(J3oH5Fail(c, "/", "cannot be opened as HDF5 (truncated or corrupt file)"));
  }
  PetscCall(J3oH5Agree(comm, c));
  if (c->bad && *file >= 0) {
    (void)H5Fclose(*file);
    *file = -1;
  }
  PetscFunctionReturn(0);
}

/* Root identity: format "j3o-instance", version 1, name. */
static PetscErrorCode ReadRoot(J3oH5Check *c, hid_t f, char *name, size_t len)
{
  PetscFunctionBegin;
  J3oH5Try(c, J3oH5CheckIdentity(c, f, "j3o-instance"));
  PetscCall(J3oH5ReadAttrStr(c, f, "/", "name", name, len));
  PetscFunctionReturn(0);
}

/* Extent limits: counts held in int fit it; arrays one rank holds fit J3O_H5_MAX_BYTES. */
static PetscErrorCode CheckExtent(J3oH5Check *c, const char *path, hsize_t n, PetscBool is_int)
{
  PetscFunctionBegin;
  if (is_int && n > (hsize_t)INT_MAX)
    PetscCall(J3oH5Fail(c, path, "too large: %llu rows (at most %d)", (unsigned long long)n, INT_MAX));
  else PetscCall(J3oH5CheckBytes(c, path, n, sizeof(double)));
  PetscFunctionReturn(0);
}

/* Every dataset's class, rank and shape, and the size limits, before anything is read or allocated. */
static PetscErrorCode CheckShapes(J3oH5Check *c, hid_t f, Dims *d)
{
  hsize_t   dims[2], w[2];
  PetscBool has_duty;

  PetscFunctionBegin;
  J3oH5Try(c, J3oH5Shape(c, f, "/tasks/name", J3O_H5_STRING, 1, "[T]", NULL, dims, PETSC_FALSE, NULL));
  d->T = dims[0];
  J3oH5Try(c, CheckExtent(c, "/tasks/name", d->T, PETSC_TRUE));
  w[0] = d->T;
  for (size_t k = 0; k < PETSC_STATIC_ARRAY_LENGTH(task_f64); k++)
    J3oH5Try(c, J3oH5Shape(c, f, task_f64[k], J3O_H5_FLOAT, 1, "[T]", w, dims, PETSC_FALSE, NULL));

  J3oH5Try(c, J3oH5Shape(c, f, "/models/name", J3O_H5_STRING, 1, "[M]", NULL, dims, PETSC_FALSE, NULL));
  d->M = dims[0];
  J3oH5Try(c, CheckExtent(c, "/models/name", d->M, PETSC_TRUE));
  w[0] = d->M;
  for (size_t k = 0; k < PETSC_STATIC_ARRAY_LENGTH(model_f64); k++)
    J3oH5Try(c, J3oH5Shape(c, f, model_f64[k], J3O_H5_FLOAT, 1, "[M]", w, dims, PETSC_FALSE, NULL));
  J3oH5Try(c, J3oH5Shape(c, f, "/models/cloud", J3O_H5_INT, 1, "[M]", w, dims, PETSC_FALSE, NULL));
  w[1] = d->T;
  J3oH5Try(c, J3oH5Shape(c, f, "/models/accuracy", J3O_H5_FLOAT, 2, "[M][T]", w, dims, PETSC_FALSE, NULL));
  J3oH5Try(c, J3oH5CheckBytes(c, "/models/accuracy", d->M * d->T, sizeof(double)));

  J3oH5Try(c, J3oH5Shape(c, f, edge_f64[0], J3O_H5_FLOAT, 1, "[E]", NULL, dims, PETSC_FALSE, NULL));
  d->E = dims[0];
  if (d->E == 0) J3oH5Try(c, J3oH5Fail(c, edge_f64[0], "must have at least one edge (E >= 1)"));
  J3oH5Try(c, CheckExtent(c, edge_f64[0], d->E, PETSC_TRUE));
  w[0] = d->E;
  for (size_t k = 1; k < PETSC_STATIC_ARRAY_LENGTH(edge_f64); k++)
    J3oH5Try(c, J3oH5Shape(c, f, edge_f64[k], J3O_H5_FLOAT, 1, "[E]", w, dims, PETSC_FALSE, NULL));

  J3oH5Try(c, J3oH5Shape(c, f, "/clients/edge", J3O_H5_INT, 1, "[N]", NULL, dims, PETSC_FALSE, NULL));
  d->N = dims[0];
  /* rank 0 holds the whole edge column as int64 */
  J3oH5Try(c, CheckExtent(c, "/clients/edge", d->N, PETSC_FALSE));
  w[0] = d->N;
  for (size_t k = 0; k < PETSC_STATIC_ARRAY_LENGTH(client_f64); k++)
    J3oH5Try(c, J3oH5Shape(c, f, client_f64[k], J3O_H5_FLOAT, 1, "[N]", w, dims, PETSC_FALSE, NULL));
  w[1] = d->T;
  J3oH5Try(c, J3oH5Shape(c, f, "/clients/demand", J3O_H5_FLOAT, 2, "[N][T]", w, dims, PETSC_FALSE, NULL));

  J3oH5Try(c, J3oH5Shape(c, f, "/params/duty_cycles_s", J3O_H5_FLOAT, 1, "[K]", NULL, dims, PETSC_TRUE, &has_duty));
  d->K = has_duty ? dims[0] : 0;
  PetscCall(CheckExtent(c, "/params/duty_cycles_s", d->K, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/* Rank 0: e(n) in [0,E), non-decreasing, every edge has a client; start[e] = first row of edge e. */
static PetscErrorCode ReadEdgeColumn(J3oH5Check *c, hid_t f, const Dims *d, int64_t *start)
{
  int64_t    *col;
  const char *p = "/clients/edge";

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(d->N, &col));
  PetscCall(J3oH5ReadRowsI64(c, f, p, 0, d->N, col));
  for (hsize_t n = 0; n < d->N && !c->bad; n++) {
    if (col[n] < 0 || col[n] >= (int64_t)d->E)
      PetscCall(J3oH5Fail(c, p, "must be in [0, E) = [0, %llu) (row %llu is %lld)", (unsigned long long)d->E,
                          (unsigned long long)n, (long long)col[n]));
    else if (n > 0 && col[n] < col[n - 1])
      PetscCall(J3oH5Fail(c, p, "must be non-decreasing, clients grouped by edge (row %llu is %lld after %lld)",
                          (unsigned long long)n, (long long)col[n], (long long)col[n - 1]));
  }
  if (!c->bad) {
    /* start[e] = number of clients of edges < e (counting sort of a sorted column) */
    for (hsize_t e = 0; e <= d->E; e++) start[e] = 0;
    for (hsize_t n = 0; n < d->N; n++) start[col[n] + 1]++;
    for (hsize_t e = 0; e < d->E; e++) {
      if (start[e + 1] == 0 && !c->bad)
        PetscCall(J3oH5Fail(c, p, "every edge needs at least one client (edge %llu has none)", (unsigned long long)e));
      start[e + 1] += start[e];
    }
  }
  PetscCall(PetscFree(col));
  PetscFunctionReturn(0);
}

/* Collective: open, identity, shapes and the cluster layout (start[E+1], PetscMalloc'ed, on every rank).
   On bad input c->bad is set on every rank and the file is closed. */
static PetscErrorCode ReadLayout(MPI_Comm comm, J3oH5Check *c, const char *path, hid_t *file, Dims *d, char *name,
                                 size_t len, int64_t **start)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  *start = NULL;
  PetscCall(PetscMemzero(d, sizeof(*d)));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(OpenFile(comm, c, path, file));
  if (c->bad) PetscFunctionReturn(0);
  PetscCall(ReadRoot(c, *file, name, len));
  if (!c->bad) PetscCall(CheckShapes(c, *file, d));
  if (!c->bad) PetscCall(PetscMalloc1(d->E + 1, start));
  if (!c->bad && rank == 0) PetscCall(ReadEdgeColumn(c, *file, d, *start));
  PetscCall(J3oH5Agree(comm, c));
  if (c->bad) {
    (void)H5Fclose(*file);
    *file = -1;
    PetscCall(PetscFree(*start));
    PetscFunctionReturn(0);
  }
  /* every rank found the same extents; the layout comes from rank 0 */
  PetscCallMPI(MPI_Bcast(*start, (PetscMPIInt)(d->E + 1), MPI_INT64_T, 0, comm));
  PetscFunctionReturn(0);
}

/* Magnitudes the LP represents soundly: a nonzero value outside [J3O_VALUE_MIN, J3O_VALUE_MAX] (a
   weight of 1e308, a duty cycle of 1e-308) would make CLP fail or lose all precision
   (docs/file-formats.md); the cloud's totals may be larger (J3O_CLOUD_MAX). */
#define J3O_VALUE_MIN 1e-6
#define J3O_VALUE_MAX 1e9
#define J3O_CLOUD_MAX 1e12

static PetscErrorCode CheckMagnitude(J3oH5Check *c, const char *path, const double *v, size_t n, size_t cols,
                                     int64_t row0, double max)
{
  PetscFunctionBegin;
  for (size_t k = 0; k < n; k++) {
    double a = fabs(v[k]);
    if (a != 0 && (a < J3O_VALUE_MIN || a > max)) {
      if (cols > 1)
        PetscCall(J3oH5Fail(c, path, "nonzero values must lie in [%g, %g] for a sound LP (row %lld, column %zu is %g)",
                            J3O_VALUE_MIN, max, (long long)(row0 + (int64_t)(k / cols)), k % cols, v[k]));
      else
        PetscCall(J3oH5Fail(c, path, "nonzero values must lie in [%g, %g] for a sound LP (row %lld is %g)",
                            J3O_VALUE_MIN, max, (long long)(row0 + (int64_t)k), v[k]));
      break;
    }
  }
  PetscFunctionReturn(0);
}

/* Reads rows [row0, row0+n) of a float dataset with `cols` columns and checks finite and > / >= lo. */
static PetscErrorCode ReadChecked(J3oH5Check *c, hid_t f, const char *path, hsize_t row0, hsize_t n, hsize_t cols,
                                  double lo, PetscBool strict, double *v)
{
  PetscFunctionBegin;
  J3oH5Try(c, J3oH5ReadRowsF64(c, f, path, row0, n, v));
  J3oH5Try(c, J3oH5CheckFinite(c, path, v, n * cols, cols, (int64_t)row0));
  J3oH5Try(c, J3oH5CheckLower(c, path, v, n * cols, cols, (int64_t)row0, lo, strict));
  PetscCall(CheckMagnitude(c, path, v, n * cols, cols, (int64_t)row0, J3O_VALUE_MAX));
  PetscFunctionReturn(0);
}

static int CompareStr(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}
static int CompareDouble(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static PetscErrorCode CheckUnique(J3oH5Check *c, const char *path, int n, char **s)
{
  char **sorted;

  PetscFunctionBegin;
  if (n < 2) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(n, &sorted));
  PetscCall(PetscArraycpy(sorted, s, n));
  qsort(sorted, (size_t)n, sizeof(char *), CompareStr);
  for (int i = 1; i < n; i++) {
    if (!strcmp(sorted[i], sorted[i - 1])) {
      PetscCall(J3oH5Fail(c, path, "must be unique (\"%s\" appears more than once)", sorted[i]));
      break;
    }
  }
  PetscCall(PetscFree(sorted));
  PetscFunctionReturn(0);
}

/* Tasks, models, edges, cloud and params, whole, with their value rules. */
static PetscErrorCode ReadGlobals(J3oH5Check *c, hid_t f, J3oInstance *in)
{
  double  *task[3]  = {in->input_mb, in->deadline_s, in->weight};
  double  *model[3] = {in->memory_mb, in->gflop_fixed, in->gflop_per_query};
  double  *edge[5]  = {in->edge_memory_mb, in->edge_gflops, in->edge_cell_mb_s, in->edge_backhaul_mb_s,
                       in->edge_cloud_latency_s};
  int64_t *cloud;
  int      T = in->T, M = in->M;

  PetscFunctionBegin;
  J3oH5Try(c, J3oH5ReadStrings(c, f, "/tasks/name", T, in->task_name));
  J3oH5Try(c, CheckUnique(c, "/tasks/name", T, in->task_name));
  for (int k = 0; k < 3; k++) J3oH5Try(c, ReadChecked(c, f, task_f64[k], 0, T, 1, 0, PETSC_TRUE, task[k]));

  J3oH5Try(c, J3oH5ReadStrings(c, f, "/models/name", M, in->model_name));
  J3oH5Try(c, CheckUnique(c, "/models/name", M, in->model_name));
  /* s_m > 0, g0_m >= 0, g1_m > 0 */
  for (int k = 0; k < 3; k++)
    J3oH5Try(c, ReadChecked(c, f, model_f64[k], 0, M, 1, 0, k != 1 ? PETSC_TRUE : PETSC_FALSE, model[k]));
  J3oH5Try(c, ReadChecked(c, f, "/models/accuracy", 0, M, T, 0, PETSC_FALSE, in->accuracy));
  for (size_t k = 0; k < (size_t)M * T; k++) {
    if (in->accuracy[k] > 1)
      J3oH5Try(c, J3oH5Fail(c, "/models/accuracy", "must be in [0, 1] (row %zu, column %zu is %g)", k / T, k % T,
                            in->accuracy[k]));
  }
  PetscCall(PetscMalloc1(M, &cloud));
  PetscCall(J3oH5ReadRowsI64(c, f, "/models/cloud", 0, M, cloud));
  for (int m = 0; m < M && !c->bad; m++) {
    if (cloud[m] != 0 && cloud[m] != 1)
      PetscCall(J3oH5Fail(c, "/models/cloud", "must be 0 or 1 (row %d is %lld)", m, (long long)cloud[m]));
    in->cloud[m] = (unsigned char)cloud[m];
  }
  PetscCall(PetscFree(cloud));
  if (c->bad) PetscFunctionReturn(0);

  for (int k = 0; k < 5; k++) J3oH5Try(c, ReadChecked(c, f, edge_f64[k], 0, in->E, 1, 0, PETSC_FALSE, edge[k]));

  J3oH5Try(c, J3oH5ReadAttrF64(c, f, "/cloud", "gflops", &in->cloud_gflops));
  if (in->cloud_gflops < 0) J3oH5Try(c, J3oH5Fail(c, "/cloud@gflops", "must be >= 0 (is %g)", in->cloud_gflops));
  J3oH5Try(c, CheckMagnitude(c, "/cloud@gflops", &in->cloud_gflops, 1, 1, 0, J3O_CLOUD_MAX));
  J3oH5Try(c, J3oH5ReadAttrF64(c, f, "/cloud", "ingress_mb_s", &in->cloud_ingress_mb_s));
  if (in->cloud_ingress_mb_s < 0)
    J3oH5Try(c, J3oH5Fail(c, "/cloud@ingress_mb_s", "must be >= 0 (is %g)", in->cloud_ingress_mb_s));
  J3oH5Try(c, CheckMagnitude(c, "/cloud@ingress_mb_s", &in->cloud_ingress_mb_s, 1, 1, 0, J3O_CLOUD_MAX));
  J3oH5Try(c, J3oH5ReadAttrF64(c, f, "/params", "rho", &in->rho));
  if (!(in->rho > 0 && in->rho <= 1)) J3oH5Try(c, J3oH5Fail(c, "/params@rho", "must be in (0, 1] (is %g)", in->rho));
  J3oH5Try(c, CheckMagnitude(c, "/params@rho", &in->rho, 1, 1, 0, 1));

  if (in->K > 0) {
    double *sorted;
    J3oH5Try(c, ReadChecked(c, f, "/params/duty_cycles_s", 0, in->K, 1, 0, PETSC_TRUE, in->duty_cycles_s));
    PetscCall(PetscMalloc1(in->K, &sorted));
    PetscCall(PetscArraycpy(sorted, in->duty_cycles_s, in->K));
    qsort(sorted, (size_t)in->K, sizeof(double), CompareDouble);
    for (int k = 1; k < in->K; k++) {
      if (sorted[k] == sorted[k - 1]) {
        PetscCall(J3oH5Fail(c, "/params/duty_cycles_s", "must be distinct (%g appears more than once)", sorted[k]));
        break;
      }
    }
    PetscCall(PetscFree(sorted));
  }
  PetscFunctionReturn(0);
}

/* This rank's client rows: S_n, F_n, r_n >= 0 and lambda_nt >= 0; e(n) from the layout. */
static PetscErrorCode ReadClients(J3oH5Check *c, hid_t f, J3oInstance *in)
{
  double *col[3] = {in->client_memory_mb, in->client_gflops, in->client_uplink_mb_s};
  hsize_t row0 = (hsize_t)in->client_first, n = (hsize_t)in->client_count;

  PetscFunctionBegin;
  for (int e = in->edge_first; e < in->edge_last; e++)
    for (int64_t i = in->edge_client_start[e]; i < in->edge_client_start[e + 1]; i++)
      in->client_edge[i - in->client_first] = e;
  for (int k = 0; k < 3; k++) J3oH5Try(c, ReadChecked(c, f, client_f64[k], row0, n, 1, 0, PETSC_FALSE, col[k]));
  PetscCall(ReadChecked(c, f, "/clients/demand", row0, n, in->T, 0, PETSC_FALSE, in->demand));
  PetscFunctionReturn(0);
}

/* Collective: sum_e sum_{n in e} sum_t w_t lambda_nt over the clusters held by any rank of comm.
   Per edge, MAX over ranks: ranks not holding e give 0, ranks holding e the same value, so ranks
   may hold overlapping cluster ranges (e.g. each the whole instance) without double counting. */
static PetscErrorCode TotalWeightedDemand(MPI_Comm comm, J3oInstance *in)
{
  double *per_edge;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(in->E, &per_edge));
  for (int64_t i = 0; i < in->client_count; i++)
    for (int t = 0; t < in->T; t++) per_edge[in->client_edge[i]] += in->weight[t] * J3oDemand(in, i, t);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, per_edge, in->E, MPI_DOUBLE, MPI_MAX, comm));
  in->total_weighted_demand = 0;
  for (int e = 0; e < in->E; e++) in->total_weighted_demand += per_edge[e];
  PetscCall(PetscFree(per_edge));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadInstance(MPI_Comm comm, J3oH5Check *c, const char *path, int edge_first, int edge_last,
                                   J3oInstance *inst)
{
  hid_t    f;
  Dims     d;
  int64_t *start;
  char     name[256];
  int64_t  first, count;

  PetscFunctionBegin;
  PetscCall(ReadLayout(comm, c, path, &f, &d, name, sizeof name, &start));
  if (c->bad) PetscFunctionReturn(0);
  if (edge_last < 0) edge_last = (int)d.E;
  if (edge_first < 0 || edge_first > edge_last || edge_last > (int)d.E) {
    PetscCall(
      J3oH5Fail(c, "/edges", "requested clusters [%d, %d) are not within [0, %d)", edge_first, edge_last, (int)d.E));
    first = count = 0;
  } else {
    first = start[edge_first];
    count = start[edge_last] - first;
    PetscCall(J3oH5CheckBytes(c, "/clients/demand", (uint64_t)count * d.T, sizeof(double)));
  }
  if (!c->bad) {
    PetscCall(J3oInstanceAllocate(inst, (int)d.T, (int)d.M, (int)d.E, (int64_t)d.N, (int)d.K, edge_first, edge_last,
                                  first, count));
    PetscCall(PetscStrncpy(inst->name, name, sizeof inst->name));
    PetscCall(PetscArraycpy(inst->edge_client_start, start, d.E + 1));
    PetscCall(ReadGlobals(c, f, inst));
    if (!c->bad) PetscCall(ReadClients(c, f, inst));
  }
  PetscCall(PetscFree(start));
  (void)H5Fclose(f); /* collective: every rank gets here */
  PetscCall(J3oH5Agree(comm, c));
  if (c->bad) {
    PetscCall(J3oInstanceFree(inst));
    PetscFunctionReturn(0);
  }
  PetscCall(J3oInstanceFinalize(inst));
  PetscCall(TotalWeightedDemand(comm, inst));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oInstanceRead(MPI_Comm comm, const char *path, int edge_first, int edge_last, J3oInstance *inst)
{
  J3oH5Check     c;
  J3oH5Quiet     q;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(inst, sizeof(*inst)));
  J3oH5CheckInit(&c, path);
  J3oH5QuietBegin(&q);
  ierr = ReadInstance(comm, &c, path, edge_first, edge_last, inst);
  J3oH5QuietEnd(&q);
  PetscCall(ierr);
  PetscCall(PetscStrncpy(inst->path, path, sizeof(inst->path))); /* after J3oInstanceAllocate's zeroing */
  /* bad input: the message is printed once; no PETSc traceback */
  if (c.bad) PetscFunctionReturn(PETSC_ERR_FILE_UNEXPECTED);
  PetscFunctionReturn(0);
}

PetscErrorCode J3oInstanceReadLayout(MPI_Comm comm, const char *path, int *T, int *E, int64_t *N,
                                     int64_t **edge_client_start)
{
  J3oH5Check     c;
  J3oH5Quiet     q;
  PetscErrorCode ierr;
  hid_t          f = -1;
  Dims           d;
  char           name[256];

  PetscFunctionBegin;
  *edge_client_start = NULL;
  J3oH5CheckInit(&c, path);
  J3oH5QuietBegin(&q);
  ierr = ReadLayout(comm, &c, path, &f, &d, name, sizeof name, edge_client_start);
  if (f >= 0) (void)H5Fclose(f);
  J3oH5QuietEnd(&q);
  PetscCall(ierr);
  if (c.bad) PetscFunctionReturn(PETSC_ERR_FILE_UNEXPECTED);
  *T = (int)d.T;
  *E = (int)d.E;
  *N = (int64_t)d.N;
  PetscFunctionReturn(0);
}
