/* previous_read.c: collective read of a previous result (-previous) for this rank's clusters, checked against the
 * instance it re-plans. */
#include <libgen.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "j3o/previous.h"
#include "j3o/io.h"
#include "j3o/result.h"
#include "io/h5util.h"

#define SAME_ENTITIES "-previous needs a result on an instance with the same tasks, models, edges and clients"

/* Opens path read-only on this rank alone (every rank reads its own rows). */
static PetscErrorCode OpenPrevious(J3oH5Check *c, const char *path, hid_t *file)
{
  struct stat st;
  hid_t       fapl;

  PetscFunctionBegin;
  *file = -1;
  if (access(path, R_OK)) J3oH5Try(c, J3oH5Fail(c, "/", "cannot be opened for reading (missing or no permission)"));
  if (stat(path, &st) || !S_ISREG(st.st_mode)) J3oH5Try(c, J3oH5Fail(c, "/", "must be a regular file"));
  J3oH5Id(fapl, H5Pcreate(H5P_FILE_ACCESS));
  J3oH5Call(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG));
  *file = H5Fopen(path, H5F_ACC_RDONLY, fapl);
  (void)H5Pclose(fapl);
  if (*file < 0) PetscCall(J3oH5Fail(c, "/", "not an HDF5 file (or a corrupt one): -previous takes a j3o result"));
  PetscFunctionReturn(0);
}

/* A u8 0/1 matrix [rows][M] of which this rank reads rows [row0, row0+n). */
static PetscErrorCode ReadBinaryRows(J3oH5Check *c, hid_t f, const char *path, const char *sym, hsize_t rows, hsize_t M,
                                     const char *what, hsize_t row0, hsize_t n, unsigned char *out)
{
  hsize_t  want[2] = {J3O_H5_ANY, J3O_H5_ANY}, dims[2];
  int64_t *v;

  PetscFunctionBegin;
  J3oH5Try(c, J3oH5Shape(c, f, path, J3O_H5_INT, 2, sym, want, dims, PETSC_FALSE, NULL));
  if (dims[0] != rows)
    J3oH5Try(c, J3oH5Fail(c, path, "has %llu rows but the instance has %llu %s (" SAME_ENTITIES ")",
                          (unsigned long long)dims[0], (unsigned long long)rows, what));
  if (dims[1] != M)
    J3oH5Try(c, J3oH5Fail(c, path, "has %llu columns but the instance has %llu models (" SAME_ENTITIES ")",
                          (unsigned long long)dims[1], (unsigned long long)M));
  PetscCall(PetscMalloc1(n * M, &v));
  PetscCall(J3oH5ReadRowsI64(c, f, path, row0, n, v));
  for (hsize_t k = 0; k < n * M && !c->bad; k++) {
    if (v[k] != 0 && v[k] != 1)
      PetscCall(J3oH5Fail(c, path, "must be 0 or 1 (row %llu, column %llu is %lld)", (unsigned long long)(row0 + k / M),
                          (unsigned long long)(k % M), (long long)v[k]));
    else out[k] = (unsigned char)v[k];
  }
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

/* Rows [row0, row0+n) of a u64 dataset [E] (the demand hashes: full 64-bit values). */
static PetscErrorCode ReadU64Rows(J3oH5Check *c, hid_t f, const char *path, hsize_t row0, hsize_t n, uint64_t *out)
{
  hid_t   d = -1, fs = -1, ms = -1;
  hsize_t start = row0, count = n;

  PetscFunctionBegin;
  if ((d = H5Dopen2(f, path, H5P_DEFAULT)) < 0 || (fs = H5Dget_space(d)) < 0 ||
      (ms = H5Screate_simple(1, &count, NULL)) < 0)
    PetscCall(J3oH5Fail(c, path, "cannot be opened"));
  else if (n && (H5Sselect_hyperslab(fs, H5S_SELECT_SET, &start, NULL, &count, NULL) < 0 ||
                 H5Dread(d, H5T_NATIVE_UINT64, ms, fs, H5P_DEFAULT, out) < 0))
    PetscCall(J3oH5Fail(c, path, "cannot be read"));
  J3oH5Close(H5Sclose, ms);
  J3oH5Close(H5Sclose, fs);
  J3oH5Close(H5Dclose, d);
  PetscFunctionReturn(0);
}

/* /onload of this rank's clusters: x, y, duty cycles (each 0 without batching, else a member of
   the instance's /params/duty_cycles_s) and, when present, the demand hashes. */
static PetscErrorCode ReadOnload(J3oH5Check *c, hid_t f, const J3oInstance *in, J3oPrevious *p)
{
  hsize_t   nedge = (hsize_t)(p->edge_last - p->edge_first), want = (hsize_t)in->E, dims;
  PetscBool has;

  PetscFunctionBegin;
  J3oH5Try(c, ReadBinaryRows(c, f, "/onload/client", "[N][M]", (hsize_t)in->N, (hsize_t)in->M, "clients",
                             (hsize_t)p->client_first, (hsize_t)p->client_count, p->x));
  J3oH5Try(c, ReadBinaryRows(c, f, "/onload/edge", "[E][M]", (hsize_t)in->E, (hsize_t)in->M, "edges",
                             (hsize_t)p->edge_first, nedge, p->y));
  J3oH5Try(c, J3oH5Shape(c, f, "/onload/duty_cycle_s", J3O_H5_FLOAT, 1, "[E]", &want, &dims, PETSC_FALSE, NULL));
  J3oH5Try(c, J3oH5ReadRowsF64(c, f, "/onload/duty_cycle_s", (hsize_t)p->edge_first, nedge, p->duty_cycle_s));
  for (hsize_t le = 0; le < nedge; le++) {
    double d      = p->duty_cycle_s[le];
    int    member = 0;
    for (int k = 0; k < in->K; k++) member |= d == in->duty_cycles_s[k];
    if (in->K == 0 && d != 0)
      J3oH5Try(c, J3oH5Fail(c, "/onload/duty_cycle_s",
                            "row %llu is %g but the instance has batching off (" SAME_ENTITIES " and duty cycles)",
                            (unsigned long long)(le + p->edge_first), d));
    if (in->K > 0 && !member)
      J3oH5Try(c, J3oH5Fail(c, "/onload/duty_cycle_s",
                            "row %llu is %g, not one of the instance's /params/duty_cycles_s (" SAME_ENTITIES
                            " and duty cycles)",
                            (unsigned long long)(le + p->edge_first), d));
  }
  J3oH5Try(c, J3oH5Shape(c, f, "/onload/demand_hash", J3O_H5_INT, 1, "[E]", &want, &dims, PETSC_TRUE, &has));
  if (has) {
    PetscCall(PetscMalloc1(nedge, &p->demand_hash));
    PetscCall(ReadU64Rows(c, f, "/onload/demand_hash", (hsize_t)p->edge_first, nedge, p->demand_hash));
  }
  PetscFunctionReturn(0);
}

/* Rank 0: every /offload/task below T (the tasks the previous plan routed exist here), its status,
   and the name lists the result carries, compared with the instance's. */
static PetscErrorCode ReadRank0(J3oH5Check *c, hid_t f, const J3oInstance *in, J3oPrevious *p)
{
  static const char *const lists[2] = {"/tasks/name", "/models/name"};
  hsize_t                  R, dims;
  int64_t                 *task;
  PetscBool                has;

  PetscFunctionBegin;
  J3oH5Try(c, J3oH5ReadAttrStr(c, f, "/summary", "status", p->status, sizeof(p->status)));
  {
    char method[64];
    J3oH5Try(c, J3oH5ReadAttrStr(c, f, "/", "method", method, sizeof(method)));
    p->reusable = (PetscBool)(!strcmp(method, "j3o") &&
                              (!strcmp(p->status, "optimal") || !strcmp(p->status, "feasible")) &&
                              H5Aexists_by_name(f, "/", "swap_budget_mb", H5P_DEFAULT) <= 0 &&
                              H5Aexists_by_name(f, "/", "swap_budget_total_mb", H5P_DEFAULT) <= 0);
    if (!strcmp(method, "bound"))
      PetscCall(J3oH5Fail(c, "/@method",
                          "is bound: a bound-only run places no model, so it is no plan to re-plan from (give a "
                          "result of another method)"));
  }
  J3oH5Try(c, J3oH5Shape(c, f, "/offload/task", J3O_H5_INT, 1, "[R]", NULL, &R, PETSC_FALSE, NULL));
  J3oH5Try(c, J3oH5CheckBytes(c, "/offload/task", R, sizeof(int64_t)));
  PetscCall(PetscMalloc1(R, &task));
  PetscCall(J3oH5ReadRowsI64(c, f, "/offload/task", 0, R, task));
  for (hsize_t k = 0; k < R && !c->bad; k++)
    if (task[k] < 0 || task[k] >= in->T)
      PetscCall(J3oH5Fail(c, "/offload/task", "row %llu is task %lld but the instance has %d tasks (" SAME_ENTITIES ")",
                          (unsigned long long)k, (long long)task[k], in->T));
  PetscCall(PetscFree(task));
  for (int l = 0; l < 2 && !c->bad; l++) {
    hsize_t      n    = l == 0 ? (hsize_t)in->T : (hsize_t)in->M;
    char *const *mine = l == 0 ? in->task_name : in->model_name;
    char       **s;
    J3oH5Try(c, J3oH5Shape(c, f, lists[l], J3O_H5_STRING, 1, NULL, NULL, &dims, PETSC_TRUE, &has));
    if (!has) continue;
    if (dims != n)
      J3oH5Try(c, J3oH5Fail(c, lists[l], "has %llu names but the instance has %llu (" SAME_ENTITIES ")",
                            (unsigned long long)dims, (unsigned long long)n));
    PetscCall(PetscCalloc1(n, &s));
    PetscCall(J3oH5ReadStrings(c, f, lists[l], n, s));
    for (hsize_t k = 0; k < n && !c->bad; k++)
      if (strcmp(s[k], mine[k]))
        PetscCall(J3oH5Fail(c, lists[l], "row %llu is \"%s\" but the instance has \"%s\" (" SAME_ENTITIES ")",
                            (unsigned long long)k, s[k], mine[k]));
    for (hsize_t k = 0; k < n; k++) PetscCall(PetscFree(s[k]));
    PetscCall(PetscFree(s));
  }
  PetscFunctionReturn(0);
}

/* /shared (optional): the previous final prices by resource name, for a warm start. */
static PetscErrorCode ReadShared(J3oH5Check *c, hid_t f, J3oPrevious *p)
{
  hsize_t   R, want;
  PetscBool has;
  char    **s;

  PetscFunctionBegin;
  J3oH5Try(c, J3oH5Shape(c, f, "/shared/name", J3O_H5_STRING, 1, "[R]", NULL, &R, PETSC_TRUE, &has));
  if (!has) PetscFunctionReturn(0);
  want = R;
  J3oH5Try(c, J3oH5Shape(c, f, "/shared/price", J3O_H5_FLOAT, 1, "[R] (the length of /shared/name)", &want, &R,
                         PETSC_FALSE, NULL));
  J3oH5Try(c, J3oH5CheckBytes(c, "/shared/name", R, 64));
  p->nshared = (int)R;
  PetscCall(PetscCalloc1(R, &p->shared_name));
  PetscCall(PetscMalloc1(R, &p->shared_price));
  PetscCall(PetscCalloc1(R, &s));
  PetscCall(J3oH5ReadStrings(c, f, "/shared/name", R, s));
  for (hsize_t k = 0; k < R && !c->bad; k++)
    PetscCall(PetscStrncpy(p->shared_name[k], s[k], sizeof(p->shared_name[k])));
  for (hsize_t k = 0; k < R; k++) PetscCall(PetscFree(s[k]));
  PetscCall(PetscFree(s));
  if (!c->bad) PetscCall(J3oH5ReadRowsF64(c, f, "/shared/price", 0, R, p->shared_price));
  PetscFunctionReturn(0);
}

/* Rank 0: the previous result's own instance (/@instance), when that file is still there with the
   SHA-256 the result recorded (a relative path is tried as given, then next to the result). */
static PetscErrorCode FindPreviousInstance(hid_t f, const char *path, char *ipath, size_t len, char sha256[65])
{
  char       given[PETSC_MAX_PATH_LEN], sha[65], want[65], dir[PETSC_MAX_PATH_LEN];
  J3oH5Check c;

  PetscFunctionBegin;
  ipath[0] = 0;
  J3oH5CheckInit(&c, path);
  PetscCall(J3oH5ReadAttrPath(&c, f, "/", "instance", given, sizeof given));
  PetscCall(J3oH5ReadAttrStr(&c, f, "/", "instance_sha256", want, sizeof want));
  if (!c.bad) PetscCall(PetscStrncpy(sha256, want, 65));
  if (c.bad || !given[0]) PetscFunctionReturn(0);
  for (int k = 0; k < 2; k++) {
    char        cand[2 * PETSC_MAX_PATH_LEN + 2];
    struct stat st;
    if (k == 1 && given[0] == '/') break;
    PetscCall(PetscStrncpy(dir, path, sizeof dir));
    snprintf(cand, sizeof cand, k == 0 ? "%s" : "%s/%s", k == 0 ? given : dirname(dir), given);
    if (access(cand, R_OK) || stat(cand, &st) || !S_ISREG(st.st_mode)) continue;
    if (J3oFileSha256(cand, sha) || strcmp(sha, want)) continue;
    PetscCall(PetscStrncpy(ipath, cand, len));
    break;
  }
  PetscFunctionReturn(0);
}

/* Reads `dset` (n names) of file `path` into *names when the file has it with that length (else
 *names NULL: nothing to compare). */
static PetscErrorCode ReadNamesIfAny(J3oH5Check *c, const char *path, const char *dset, hsize_t n, char ***names)
{
  hid_t   f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT), d = -1, sp = -1;
  hsize_t len = 0;

  PetscFunctionBegin;
  *names = NULL;
  if (f >= 0 && H5Lexists(f, dset, H5P_DEFAULT) > 0 && (d = H5Dopen2(f, dset, H5P_DEFAULT)) >= 0 &&
      (sp = H5Dget_space(d)) >= 0 && H5Sget_simple_extent_ndims(sp) == 1) {
    (void)H5Sget_simple_extent_dims(sp, &len, NULL);
    if (len == n) {
      PetscCall(PetscCalloc1(n + 1, names));
      PetscCall(J3oH5ReadNames(c, f, dset, n, *names));
    }
  }
  if (sp >= 0) (void)H5Sclose(sp);
  if (d >= 0) (void)H5Dclose(d);
  if (f >= 0) (void)H5Fclose(f);
  PetscFunctionReturn(0);
}

/* The edge or client names of the previous instance (ipath) and this one (mine), where both files
   have them: a plan is matched to devices by row, so rows must name the same devices (an
   edges.csv re-sorted before j3o-import moves every plan row to another device). */
static PetscErrorCode CompareNames(J3oH5Check *c, const char *ipath, const char *mine, const char *dset,
                                   const char *what, hsize_t n)
{
  char **a = NULL, **b = NULL;

  PetscFunctionBegin;
  PetscCall(ReadNamesIfAny(c, ipath, dset, n, &a));
  if (a && !c->bad) PetscCall(ReadNamesIfAny(c, mine, dset, n, &b));
  for (hsize_t i = 0; a && b && i < n && !c->bad; i++)
    if (strcmp(a[i], b[i]))
      PetscCall(J3oH5Fail(c, "/@instance",
                          "its instance %s names %s %llu \"%s\", this instance \"%s\" (%s; " SAME_ENTITIES ")", ipath,
                          what, (unsigned long long)i, a[i], b[i], dset));
  for (hsize_t i = 0; i < n; i++) {
    if (a) PetscCall(PetscFree(a[i]));
    if (b) PetscCall(PetscFree(b[i]));
  }
  PetscCall(PetscFree(a));
  PetscCall(PetscFree(b));
  PetscFunctionReturn(0);
}

/* Collective: the previous instance's sizes, client layout and names against inst (edge and client names
   compared on rank 0: J3oH5Agree after it). */
static PetscErrorCode CompareInstances(MPI_Comm comm, J3oH5Check *c, const char *ipath, const J3oInstance *in)
{
  J3oInstance pi;
  int         T, E;
  int64_t     N, *start;

  PetscFunctionBegin;
  PetscCall(J3oInstanceReadLayout(comm, ipath, &T, &E, &N, &start));
  PetscCall(J3oInstanceRead(comm, ipath, 0, 0, &pi));
  if (pi.T != in->T || pi.M != in->M || pi.E != in->E || pi.N != in->N || pi.K != in->K)
    PetscCall(J3oH5Fail(c, "/@instance",
                        "its instance %s has T=%d, M=%d, E=%d, N=%lld, K=%d but this instance has T=%d, M=%d, E=%d, "
                        "N=%lld, K=%d (" SAME_ENTITIES ")",
                        ipath, pi.T, pi.M, pi.E, (long long)pi.N, pi.K, in->T, in->M, in->E, (long long)in->N, in->K));
  for (int e = 0; e <= in->E && !c->bad; e++)
    if (start[e] != in->edge_client_start[e])
      PetscCall(J3oH5Fail(c, "/@instance",
                          "its instance %s puts different clients on edge %d (/clients/edge differs; " SAME_ENTITIES
                          ")",
                          ipath, e > 0 ? e - 1 : 0));
  for (int t = 0; t < in->T && !c->bad; t++)
    if (strcmp(pi.task_name[t], in->task_name[t]))
      PetscCall(J3oH5Fail(c, "/@instance",
                          "its instance %s names task %d \"%s\", this instance \"%s\" (" SAME_ENTITIES ")", ipath, t,
                          pi.task_name[t], in->task_name[t]));
  for (int m = 0; m < in->M && !c->bad; m++)
    if (strcmp(pi.model_name[m], in->model_name[m]))
      PetscCall(J3oH5Fail(c, "/@instance",
                          "its instance %s names model %d \"%s\", this instance \"%s\" (" SAME_ENTITIES ")", ipath, m,
                          pi.model_name[m], in->model_name[m]));
  /* the names on rank 0 alone (the caller agrees on the outcome): every client's name, twice, is too much for every
   * rank */
  PetscMPIInt rank;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0 && in->path[0]) {
    if (!c->bad) PetscCall(CompareNames(c, ipath, in->path, "/edges/name", "edge", (hsize_t)in->E));
    if (!c->bad) PetscCall(CompareNames(c, ipath, in->path, "/clients/name", "client", (hsize_t)in->N));
  }
  PetscCall(PetscFree(start));
  PetscCall(J3oInstanceFree(&pi));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadAll(MPI_Comm comm, J3oH5Check *c, const char *path, const J3oInstance *inst, PetscBool warm,
                              J3oPrevious *p)
{
  PetscMPIInt rank;
  hid_t       f                         = -1;
  char        ipath[PETSC_MAX_PATH_LEN] = "";

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(OpenPrevious(c, path, &f));
  if (!c->bad) {
    PetscCall(J3oH5CheckIdentity(c, f, "j3o-result"));
    if (c->bad) PetscCall(PetscStrlcat(c->msg, " (-previous takes a j3o result)", sizeof(c->msg)));
  }
  if (!c->bad && rank == 0) PetscCall(ReadRank0(c, f, inst, p));
  PetscCall(J3oH5Agree(comm, c));
  if (c->bad) {
    if (f >= 0) (void)H5Fclose(f);
    PetscFunctionReturn(0);
  }
  PetscCall(ReadOnload(c, f, inst, p));
  if (!c->bad) PetscCall(ReadShared(c, f, p));
  if (!c->bad && warm) PetscCall(J3oWarmRead(c, f, inst, p));
  if (!c->bad && rank == 0) PetscCall(FindPreviousInstance(f, path, ipath, sizeof ipath, p->instance_sha256));
  if (f >= 0) (void)H5Fclose(f);
  PetscCall(J3oH5Agree(comm, c));
  if (c->bad) PetscFunctionReturn(0);
  PetscCallMPI(MPI_Bcast(ipath, sizeof ipath, MPI_CHAR, 0, comm));
  PetscCallMPI(MPI_Bcast(p->instance_sha256, sizeof p->instance_sha256, MPI_CHAR, 0, comm));
  p->own_instance = ipath[0] ? PETSC_TRUE : PETSC_FALSE;
  if (ipath[0]) {
    PetscCall(CompareInstances(comm, c, ipath, inst));
    PetscCall(J3oH5Agree(comm, c));
  }
  if (rank == 0) PetscCall(J3oFileSha256(path, p->sha256));
  PetscCallMPI(MPI_Bcast(p->sha256, sizeof p->sha256, MPI_CHAR, 0, comm));
  PetscCallMPI(MPI_Bcast(p->status, sizeof p->status, MPI_CHAR, 0, comm));
  PetscCallMPI(MPI_Bcast(&p->reusable, 1, MPIU_BOOL, 0, comm));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oPreviousRead(MPI_Comm comm, const char *path, const J3oInstance *inst, PetscBool warm,
                               J3oPrevious *prev)
{
  J3oH5Check     c;
  J3oH5Quiet     q;
  PetscErrorCode ierr;
  int            nedge = inst->edge_last - inst->edge_first;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(prev, sizeof(*prev)));
  PetscCall(PetscStrncpy(prev->path, path, sizeof(prev->path)));
  prev->M            = inst->M;
  prev->edge_first   = inst->edge_first;
  prev->edge_last    = inst->edge_last;
  prev->client_first = inst->client_first;
  prev->client_count = inst->client_count;
  PetscCall(PetscCalloc1((size_t)inst->client_count * inst->M, &prev->x));
  PetscCall(PetscCalloc1((size_t)nedge * inst->M, &prev->y));
  PetscCall(PetscCalloc1(nedge, &prev->duty_cycle_s));
  J3oH5CheckInit(&c, path);
  J3oH5QuietBegin(&q);
  ierr = ReadAll(comm, &c, path, inst, warm, prev);
  J3oH5QuietEnd(&q);
  if (ierr || c.bad) PetscCall(J3oPreviousFree(prev));
  PetscCall(ierr);
  if (c.bad) PetscFunctionReturn(PETSC_ERR_FILE_UNEXPECTED);
  PetscFunctionReturn(0);
}
