/* result_read.c: serial read of a whole result file, validated against the result layout of docs/file-formats.md. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "j3o/result.h"
#include "io/h5util.h"

/* Float attribute that may be NaN (upper_bound, gap); infinities are still rejected. */
static PetscErrorCode ReadAttrF64OrNaN(J3oH5Check *c, hid_t file, const char *obj, const char *attr, double *v)
{
  char  where[128];
  hid_t a = -1, t = -1, s = -1;

  PetscFunctionBegin;
  *v = NAN;
  snprintf(where, sizeof where, "%s@%s", obj, attr);
  if (H5Lexists(file, obj, H5P_DEFAULT) <= 0 || H5Aexists_by_name(file, obj, attr, H5P_DEFAULT) <= 0) {
    PetscCall(J3oH5Fail(c, where, "missing (required attribute)"));
    PetscFunctionReturn(0);
  }
  if ((a = H5Aopen_by_name(file, obj, attr, H5P_DEFAULT, H5P_DEFAULT)) < 0 || (t = H5Aget_type(a)) < 0 ||
      (s = H5Aget_space(a)) < 0)
    PetscCall(J3oH5Fail(c, where, "cannot be opened"));
  else if (H5Tget_class(t) != H5T_FLOAT) PetscCall(J3oH5Fail(c, where, "must be f64 (floating point)"));
  else if (H5Sget_simple_extent_npoints(s) != 1) PetscCall(J3oH5Fail(c, where, "must be a single value"));
  else if (H5Aread(a, H5T_NATIVE_DOUBLE, v) < 0) PetscCall(J3oH5Fail(c, where, "cannot be read"));
  else if (isinf(*v)) PetscCall(J3oH5Fail(c, where, "must be finite or NaN (is %g)", *v));
  J3oH5Close(H5Sclose, s);
  J3oH5Close(H5Tclose, t);
  J3oH5Close(H5Aclose, a);
  PetscFunctionReturn(0);
}

/* A root attribute holding a SHA-256 (64 lowercase hex digits) into out[65]. */
static PetscErrorCode ReadSha256(J3oH5Check *c, hid_t file, const char *attr, char out[65])
{
  char buf[PETSC_MAX_PATH_LEN], where[64];
  int  k;

  PetscFunctionBegin;
  snprintf(where, sizeof where, "/@%s", attr);
  J3oH5Try(c, J3oH5ReadAttrStr(c, file, "/", attr, buf, sizeof buf));
  for (k = 0; buf[k]; k++)
    if (!((buf[k] >= '0' && buf[k] <= '9') || (buf[k] >= 'a' && buf[k] <= 'f'))) break;
  if (buf[k] || k != 64) J3oH5Try(c, J3oH5Fail(c, where, "must be 64 lowercase hex digits"));
  PetscCall(PetscStrncpy(out, buf, 65));
  PetscFunctionReturn(0);
}

/* Root provenance and /summary. */
static PetscErrorCode ReadHeader(J3oH5Check *c, hid_t file, J3oResult *r)
{
  char    buf[PETSC_MAX_PATH_LEN], method[sizeof(r->method)];
  int64_t ranks;
  int     k;

  PetscFunctionBegin;
  J3oH5Try(c, J3oH5CheckIdentity(c, file, "j3o-result"));
  J3oH5Try(c, J3oH5ReadAttrPath(c, file, "/", "instance", buf, sizeof buf));
  J3oH5Try(c, ReadSha256(c, file, "instance_sha256", r->instance_sha256));
  J3oH5Try(c, J3oH5ReadAttrStr(c, file, "/", "method", method, sizeof method));
  J3oH5Try(c, J3oH5ReadAttrI64(c, file, "/", "ranks", &ranks));
  if (ranks < 1) J3oH5Try(c, J3oH5Fail(c, "/@ranks", "must be >= 1 (is %lld)", (long long)ranks));
  J3oH5Try(c, J3oH5ReadAttrStr(c, file, "/", "git", buf, sizeof buf));
  PetscCall(PetscStrncpy(r->method, method, sizeof(r->method)));

  J3oH5Try(c, J3oH5ReadAttrF64(c, file, "/summary", "accuracy", &r->accuracy));
  J3oH5Try(c, J3oH5ReadAttrF64(c, file, "/summary", "served_fraction", &r->served_fraction));
  J3oH5Try(c, ReadAttrF64OrNaN(c, file, "/summary", "upper_bound", &r->upper_bound));
  J3oH5Try(c, ReadAttrF64OrNaN(c, file, "/summary", "gap", &r->gap));
  if (isnan(r->upper_bound) && !isnan(r->gap))
    J3oH5Try(c, J3oH5Fail(c, "/summary@gap", "must be NaN when upper_bound is NaN (is %g)", r->gap));
  if (!isnan(r->upper_bound) && isnan(r->gap))
    J3oH5Try(c, J3oH5Fail(c, "/summary@gap", "must be a number when upper_bound is one"));
  J3oH5Try(c, J3oH5ReadAttrF64(c, file, "/summary", "wall_s", &r->wall_s));
  if (r->wall_s < 0) J3oH5Try(c, J3oH5Fail(c, "/summary@wall_s", "must be >= 0 (is %g)", r->wall_s));
  J3oH5Try(c, J3oH5ReadAttrStr(c, file, "/summary", "status", buf, sizeof buf));
  for (k = 0; k < J3O_STATUS_COUNT; k++)
    if (!strcmp(buf, J3oStatusNames[k])) break;
  if (k == J3O_STATUS_COUNT)
    J3oH5Try(c,
             J3oH5Fail(c, "/summary@status", "must be optimal, feasible, time_limit or interrupted (is \"%s\")", buf));
  r->status = (J3oStatus)k;
  PetscFunctionReturn(0);
}

/* A u8 [rows][M] 0/1 matrix into out. */
static PetscErrorCode ReadBinary(J3oH5Check *c, hid_t file, const char *path, const char *sym, hsize_t rows, hsize_t M,
                                 unsigned char *out)
{
  hsize_t  want[2] = {rows, M}, dims[2];
  int64_t *v;

  PetscFunctionBegin;
  J3oH5Try(c, J3oH5Shape(c, file, path, J3O_H5_INT, 2, sym, want, dims, PETSC_FALSE, NULL));
  PetscCall(PetscMalloc1(rows * M, &v));
  PetscCall(J3oH5ReadRowsI64(c, file, path, 0, rows, v));
  for (hsize_t k = 0; k < rows * M && !c->bad; k++)
    if (v[k] != 0 && v[k] != 1)
      PetscCall(J3oH5Fail(c, path, "must be 0 or 1 (row %llu, column %llu is %lld)", (unsigned long long)(k / M),
                          (unsigned long long)(k % M), (long long)v[k]));
    else out[k] = (unsigned char)v[k];
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

/* /onload: x, y and the duty cycles (members of C, or 0 when batching is off). */
static PetscErrorCode ReadOnload(J3oH5Check *c, hid_t file, const J3oInstance *in, J3oResult *r)
{
  hsize_t want = (hsize_t)in->E, dims;

  PetscFunctionBegin;
  J3oH5Try(c, ReadBinary(c, file, "/onload/client", "[N][M]", (hsize_t)in->N, (hsize_t)in->M, r->x));
  J3oH5Try(c, ReadBinary(c, file, "/onload/edge", "[E][M]", (hsize_t)in->E, (hsize_t)in->M, r->y));
  J3oH5Try(c, J3oH5Shape(c, file, "/onload/duty_cycle_s", J3O_H5_FLOAT, 1, "[E]", &want, &dims, PETSC_FALSE, NULL));
  J3oH5Try(c, J3oH5ReadRowsF64(c, file, "/onload/duty_cycle_s", 0, want, r->duty_cycle_s));
  for (int e = 0; e < in->E; e++) {
    double d      = r->duty_cycle_s[e];
    int    member = 0;
    for (int k = 0; k < in->K; k++) member |= d == in->duty_cycles_s[k];
    if (in->K == 0 && d != 0)
      J3oH5Try(c, J3oH5Fail(c, "/onload/duty_cycle_s", "must be 0 when batching is off (row %d is %g)", e, d));
    if (in->K > 0 && !member)
      J3oH5Try(c,
               J3oH5Fail(c, "/onload/duty_cycle_s", "must be a member of /params/duty_cycles_s (row %d is %g)", e, d));
  }
  PetscFunctionReturn(0);
}

/* /offload: equal lengths, ranges, positive finite fractions, positive demand, no duplicates. */
static PetscErrorCode ReadOffload(J3oH5Check *c, hid_t file, const J3oInstance *in, J3oResult *r)
{
  static const char *const col[4] = {"/offload/client", "/offload/task", "/offload/route", "/offload/model"};
  const int64_t            hi[4]  = {in->N, in->T, 3, in->M};
  hsize_t                  R      = 0, dims;
  int64_t                 *v[4]   = {NULL, NULL, NULL, NULL};
  double                  *f      = NULL;
  J3oRoute                *s;

  PetscFunctionBegin;
  J3oH5Try(c, J3oH5Shape(c, file, "/offload/fraction", J3O_H5_FLOAT, 1, "[R]", NULL, &R, PETSC_FALSE, NULL));
  for (int j = 0; j < 4; j++)
    J3oH5Try(c, J3oH5Shape(c, file, col[j], J3O_H5_INT, 1, "[R] (the length of /offload/fraction)", &R, &dims,
                           PETSC_FALSE, NULL));
  J3oH5Try(c, J3oH5CheckBytes(c, "/offload/fraction", R, sizeof(J3oRoute) + 5 * sizeof(int64_t)));
  PetscCall(PetscMalloc5(R, &v[0], R, &v[1], R, &v[2], R, &v[3], R, &f));
  for (int j = 0; j < 4 && !c->bad; j++) PetscCall(J3oH5ReadRowsI64(c, file, col[j], 0, R, v[j]));
  if (!c->bad) PetscCall(J3oH5ReadRowsF64(c, file, "/offload/fraction", 0, R, f));
  for (int j = 0; j < 4 && !c->bad; j++)
    for (hsize_t k = 0; k < R; k++)
      if (v[j][k] < 0 || v[j][k] >= hi[j]) {
        PetscCall(J3oH5Fail(c, col[j],
                            j == 2 ? "must be 0, 1 or 2 (row %llu is %lld)"
                                   : "out of range (row %llu is %lld, must be in [0, %lld))",
                            (unsigned long long)k, (long long)v[j][k], (long long)hi[j]));
        break;
      }
  for (hsize_t k = 0; k < R && !c->bad; k++) {
    if (!isfinite(f[k]) || !(f[k] > 0))
      PetscCall(
        J3oH5Fail(c, "/offload/fraction", "must be finite and > 0 (row %llu is %g)", (unsigned long long)k, f[k]));
    else if (!(in->demand[(size_t)v[0][k] * in->T + v[1][k]] > 0))
      PetscCall(J3oH5Fail(c, "/offload/client",
                          "row %llu: client %lld has no demand for task %lld (rows only for positive demand)",
                          (unsigned long long)k, (long long)v[0][k], (long long)v[1][k]));
    else PetscCall(J3oResultAddRoute(r, v[0][k], (int)v[1][k], (J3oRouteKind)v[2][k], (int)v[3][k], f[k]));
  }
  PetscCall(PetscFree5(v[0], v[1], v[2], v[3], f));
  if (c->bad) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(r->nroutes, &s));
  if (r->nroutes) PetscCall(PetscArraycpy(s, r->routes, r->nroutes));
  if (r->nroutes > 1) qsort(s, (size_t)r->nroutes, sizeof(*s), J3oRouteCompare);
  for (int64_t k = 1; k < r->nroutes; k++)
    if (!J3oRouteCompare(&s[k - 1], &s[k])) {
      PetscCall(J3oH5Fail(c, "/offload", "duplicate row (client %lld, task %d, route %d, model %d)",
                          (long long)s[k].client, s[k].task, (int)s[k].route, s[k].model));
      break;
    }
  PetscCall(PetscFree(s));
  PetscFunctionReturn(0);
}

/* Re-planning (optional): /@previous and /@previous_sha256 together, the budgets (>= 0) only with
   them, /churn only with them; /onload/demand_hash [E] when present. */
static PetscErrorCode ReadReplan(J3oH5Check *c, hid_t file, const J3oInstance *in, J3oResult *r)
{
  static const char *const budget[2] = {"swap_budget_mb", "swap_budget_total_mb"};
  char                     buf[PETSC_MAX_PATH_LEN];
  hsize_t                  want = (hsize_t)in->E, dims;
  PetscBool                has;
  int                      k;

  PetscFunctionBegin;
  J3oH5Try(c, J3oH5Shape(c, file, "/onload/demand_hash", J3O_H5_INT, 1, "[E]", &want, &dims, PETSC_TRUE, NULL));
  has = H5Aexists_by_name(file, "/", "previous_sha256", H5P_DEFAULT) > 0 ? PETSC_TRUE : PETSC_FALSE;
  if (!has) {
    for (k = 0; k < 2; k++)
      if (H5Aexists_by_name(file, "/", budget[k], H5P_DEFAULT) > 0)
        J3oH5Try(c, J3oH5Fail(c, "/@previous_sha256", "missing: /@%s is given, and a budget needs a previous plan",
                              budget[k]));
    if (H5Lexists(file, "/churn", H5P_DEFAULT) > 0)
      J3oH5Try(c, J3oH5Fail(c, "/@previous_sha256", "missing: /churn is present, and churn needs a previous plan"));
    PetscFunctionReturn(0);
  }
  J3oH5Try(c, J3oH5ReadAttrPath(c, file, "/", "previous", buf, sizeof buf));
  J3oH5Try(c, ReadSha256(c, file, "previous_sha256", r->previous_sha256));
  for (k = 0; k < 2; k++) {
    double v = INFINITY;
    char   where[64];
    if (H5Aexists_by_name(file, "/", budget[k], H5P_DEFAULT) <= 0) continue;
    snprintf(where, sizeof where, "/@%s", budget[k]);
    J3oH5Try(c, J3oH5ReadAttrF64(c, file, "/", budget[k], &v));
    if (v < 0) J3oH5Try(c, J3oH5Fail(c, where, "must be >= 0 (is %g)", v));
    if (k == 0) r->swap_budget_mb = v;
    else r->swap_budget_total_mb = v;
  }
  J3oH5Try(c, J3oH5Shape(c, file, "/churn/cluster_mb", J3O_H5_FLOAT, 1, "[E]", &want, &dims, PETSC_FALSE, NULL));
  PetscCall(PetscMalloc1(in->E, &r->churn_mb));
  J3oH5Try(c, J3oH5ReadRowsF64(c, file, "/churn/cluster_mb", 0, want, r->churn_mb));
  J3oH5Try(c, J3oH5ReadAttrF64(c, file, "/churn", "total_mb", &r->churn_total_mb));
  PetscFunctionReturn(0);
}

/* /trace (optional): the known columns present share one length; missing ones read as NaN. */
static PetscErrorCode ReadTrace(J3oH5Check *c, hid_t file, J3oResult *r)
{
  char      path[64];
  hsize_t   nI = 0, len;
  PetscBool exists, any = PETSC_FALSE;
  double   *col[J3O_TRACE_COLUMNS] = {NULL}, row[J3O_TRACE_COLUMNS];

  PetscFunctionBegin;
  if (H5Lexists(file, "/trace", H5P_DEFAULT) <= 0) PetscFunctionReturn(0);
  for (int j = 0; j < J3O_TRACE_COLUMNS; j++) {
    snprintf(path, sizeof path, "/trace/%s", J3oTraceNames[j]);
    J3oH5Try(c, J3oH5Shape(c, file, path, J3O_H5_FLOAT, 1, "[I]", any ? &nI : NULL, &len, PETSC_TRUE, &exists));
    if (exists && !any) {
      any = PETSC_TRUE;
      nI  = len;
      J3oH5Try(c, J3oH5CheckBytes(c, path, nI, J3O_TRACE_COLUMNS * sizeof(double)));
    }
  }
  for (int j = 0; j < J3O_TRACE_COLUMNS; j++) {
    snprintf(path, sizeof path, "/trace/%s", J3oTraceNames[j]);
    PetscCall(PetscMalloc1(nI, &col[j]));
    for (hsize_t k = 0; k < nI; k++) col[j][k] = NAN;
    if (H5Lexists(file, path, H5P_DEFAULT) > 0 && !c->bad) {
      PetscCall(J3oH5ReadRowsF64(c, file, path, 0, nI, col[j]));
      if (j == J3O_TRACE_MU_CHURN) r->trace_churn = PETSC_TRUE;
    }
  }
  for (hsize_t k = 0; k < nI && !c->bad; k++) {
    for (int j = 0; j < J3O_TRACE_COLUMNS; j++) row[j] = col[j][k];
    PetscCall(J3oResultAddTrace(r, row));
  }
  for (int j = 0; j < J3O_TRACE_COLUMNS; j++) PetscCall(PetscFree(col[j]));
  PetscFunctionReturn(0);
}

/* /shared (optional; J3O and bound runs): name, price, capacity, use, one row per shared resource.
   Names are the known ones (J3oSharedNames), each at most once; prices finite >= 0, capacities >= 0
   (inf: none), uses finite >= 0. Read by name: a resource the file lacks has price 0, capacity inf, use 0. */
static PetscErrorCode ReadShared(J3oH5Check *c, hid_t file, J3oResult *r)
{
  static const char *const col[3] = {"/shared/price", "/shared/capacity", "/shared/use"};
  hsize_t                  R      = 0, want, len;
  PetscBool                exists;
  char                   **name  = NULL;
  double                  *v[3]  = {NULL};
  int                     *index = NULL;

  PetscFunctionBegin;
  if (H5Lexists(file, "/shared", H5P_DEFAULT) <= 0) PetscFunctionReturn(0);
  J3oH5Try(c, J3oH5Shape(c, file, "/shared/name", J3O_H5_STRING, 1, "[R]", NULL, &R, PETSC_FALSE, &exists));
  if (R < 1 || R > J3O_NSHARED)
    J3oH5Try(c, J3oH5Fail(c, "/shared/name", "must have 1 to %d rows, one per shared resource (has %llu)", J3O_NSHARED,
                          (unsigned long long)R));
  want = R;
  for (int j = 0; j < 3; j++)
    J3oH5Try(c, J3oH5Shape(c, file, col[j], J3O_H5_FLOAT, 1, "[R]", &want, &len, PETSC_FALSE, &exists));
  PetscCall(PetscCalloc1(R, &name));
  PetscCall(PetscMalloc4(R, &v[0], R, &v[1], R, &v[2], R, &index));
  PetscCall(J3oH5ReadStrings(c, file, "/shared/name", R, name));
  for (hsize_t k = 0; k < R && !c->bad; k++) {
    index[k] = -1;
    for (int s = 0; s < J3O_NSHARED; s++) {
      PetscBool same;
      PetscCall(PetscStrcmp(name[k], J3oSharedNames[s], &same));
      if (same) index[k] = s;
    }
    if (index[k] < 0)
      PetscCall(J3oH5Fail(c, "/shared/name", "row %llu: \"%s\" is not a shared resource j3o knows",
                          (unsigned long long)k, name[k]));
    for (hsize_t q = 0; q < k && !c->bad; q++)
      if (index[q] == index[k])
        PetscCall(J3oH5Fail(c, "/shared/name", "row %llu repeats \"%s\"", (unsigned long long)k, name[k]));
  }
  for (int j = 0; j < 3 && !c->bad; j++) PetscCall(J3oH5ReadRowsF64(c, file, col[j], 0, R, v[j]));
  if (!c->bad) PetscCall(J3oH5CheckFinite(c, col[0], v[0], R, 1, 0));
  if (!c->bad) PetscCall(J3oH5CheckLower(c, col[0], v[0], R, 1, 0, 0, PETSC_FALSE));
  if (!c->bad) PetscCall(J3oH5CheckLower(c, col[1], v[1], R, 1, 0, 0, PETSC_FALSE));
  if (!c->bad) PetscCall(J3oH5CheckFinite(c, col[2], v[2], R, 1, 0));
  if (!c->bad) PetscCall(J3oH5CheckLower(c, col[2], v[2], R, 1, 0, 0, PETSC_FALSE));
  if (!c->bad) {
    r->has_shared      = PETSC_TRUE;
    r->shared_price    = J3oSharedConst(0);
    r->shared_capacity = J3oSharedConst(INFINITY);
    r->shared_use      = J3oSharedConst(0);
    for (hsize_t k = 0; k < R; k++) {
      r->shared_price.r[index[k]]    = v[0][k];
      r->shared_capacity.r[index[k]] = v[1][k];
      r->shared_use.r[index[k]]      = v[2][k];
    }
  }
  for (hsize_t k = 0; k < R; k++) PetscCall(PetscFree(name[k]));
  PetscCall(PetscFree(name));
  PetscCall(PetscFree4(v[0], v[1], v[2], index));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oResultPeekInstanceSha256(const char *path, char sha256[65])
{
  J3oH5Check  c;
  J3oH5Quiet  q;
  struct stat st;

  PetscFunctionBegin;
  sha256[0] = 0;
  if (access(path, R_OK) || stat(path, &st) || !S_ISREG(st.st_mode))
    PetscFunctionReturn(0); /* J3oResultRead says why */
  J3oH5CheckInit(&c, path);
  J3oH5QuietBegin(&q);
  hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file >= 0) {
    PetscErrorCode ierr = ReadSha256(&c, file, "instance_sha256", sha256);
    (void)H5Fclose(file);
    if (ierr || c.bad) sha256[0] = 0;
  }
  J3oH5QuietEnd(&q);
  PetscFunctionReturn(0);
}

PetscErrorCode J3oResultRead(const char *path, const J3oInstance *inst, J3oResult *r)
{
  J3oH5Check c;
  J3oH5Quiet q;
  hid_t      file;

  PetscFunctionBegin;
  PetscCheck(inst->edge_first == 0 && inst->edge_last == inst->E && inst->client_first == 0 &&
               inst->client_count == inst->N,
             PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "J3oResultRead needs the whole instance");
  PetscCall(J3oResultAllocate(r, inst, ""));
  J3oH5CheckInit(&c, path);
  J3oH5QuietBegin(&q);
  struct stat st;
  hid_t       fapl = H5Pcreate(H5P_FILE_ACCESS);
  /* closing the file closes whatever an error path left open */
  if (fapl >= 0) (void)H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG);
  /* only a regular file is opened: a FIFO would block in open() */
  PetscBool regular = !stat(path, &st) && S_ISREG(st.st_mode) ? PETSC_TRUE : PETSC_FALSE;
  file              = access(path, R_OK) || !regular ? -1 : H5Fopen(path, H5F_ACC_RDONLY, fapl);
  if (fapl >= 0) (void)H5Pclose(fapl);
  if (file < 0 && access(path, R_OK)) PetscCall(J3oH5Fail(&c, "/", "cannot be read (%s)", strerror(errno)));
  else if (!regular)
    PetscCall(J3oH5Fail(&c, "/", "must be a regular file (is a %s)",
                        S_ISDIR(st.st_mode)    ? "directory"
                        : S_ISFIFO(st.st_mode) ? "FIFO"
                                               : "special file"));
  else if (file < 0) PetscCall(J3oH5Fail(&c, "/", "cannot be opened as an HDF5 file"));
  else {
    PetscErrorCode ierr = ReadHeader(&c, file, r);
    if (!ierr && !c.bad) ierr = ReadOnload(&c, file, inst, r);
    if (!ierr && !c.bad) ierr = ReadOffload(&c, file, inst, r);
    if (!ierr && !c.bad) ierr = ReadTrace(&c, file, r);
    if (!ierr && !c.bad) ierr = ReadReplan(&c, file, inst, r);
    if (!ierr && !c.bad) ierr = ReadShared(&c, file, r);
    (void)H5Fclose(file);
    if (ierr) {
      J3oH5QuietEnd(&q);
      PetscCall(J3oResultFree(r));
      PetscCall(ierr);
    }
  }
  J3oH5QuietEnd(&q);
  if (c.bad) {
    PetscCall(J3oH5Report(&c));
    PetscCall(J3oResultFree(r));
    PetscFunctionReturn(PETSC_ERR_FILE_UNEXPECTED);
  }
  PetscFunctionReturn(0);
}
