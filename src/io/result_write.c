/* result_write.c: collective, atomic write of a result file (docs/file-formats.md) with parallel HDF5. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include "j3o/result.h"
#include "io/h5util.h"
#include "core/ordered_sum.h"
#include "j3o/interrupt.h"

/* Everything written as an attribute, taken from rank 0 so every rank writes the same bytes. */
typedef struct {
  char      instance[PETSC_MAX_PATH_LEN];
  char      sha256[65];
  char      git[128];
  char      method[32];
  double    accuracy, served, bound, gap, wall;
  int       status, ranks, ntrace, trace_churn, has_shared;
  long      pid;
  int       has_previous;
  char      previous[PETSC_MAX_PATH_LEN], previous_sha256[65];
  double    budget, budget_total, churn_total; /* budgets written when has_previous and finite */
  J3oShared shared_price, shared_capacity, shared_use;
} Header;

/* Per-cluster rows of this rank's edges computed from the plan: churn (with a previous plan) and
   the demand hashes. */
typedef struct {
  double   *churn;
  uint64_t *hash;
} EdgeRows;

/* This rank's /offload rows as columns, sorted by (client, task, route, model). */
typedef struct {
  int64_t      n, first, total; /* local rows, global offset, global rows */
  int64_t     *client;
  int         *task, *model;
  signed char *route;
  double      *fraction;
} Rows;

/* Local work before any file exists: block sizes, row ranges, sorted columns. */
static PetscErrorCode PackRows(const J3oInstance *inst, const J3oResult *r, Rows *rows)
{
  J3oRoute *s;

  PetscFunctionBegin;
  PetscCheck(r->M == inst->M && r->edge_first == inst->edge_first && r->edge_last == inst->edge_last &&
               r->client_first == inst->client_first && r->client_count == inst->client_count,
             PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "result block does not match the instance block");
  PetscCheck(r->status >= J3O_STATUS_OPTIMAL && r->status < J3O_STATUS_COUNT, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "result status %d is not a J3oStatus", (int)r->status);
  for (int64_t k = 0; k < r->nroutes; k++) {
    const J3oRoute *q = &r->routes[k];
    PetscCheck(q->client >= r->client_first && q->client < r->client_first + r->client_count, PETSC_COMM_SELF,
               PETSC_ERR_ARG_OUTOFRANGE, "route %" PRId64 ": client %" PRId64 " is not in this rank's block", k,
               q->client);
    PetscCheck(q->task >= 0 && q->task < inst->T && q->model >= 0 && q->model < inst->M && q->route >= 0 &&
                 q->route <= 2,
               PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "route %" PRId64 ": task, model or route out of range", k);
    PetscCheck(isfinite(q->fraction) && q->fraction > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "route %" PRId64 ": fraction %g is not finite and > 0", k, q->fraction);
  }
  rows->n = r->nroutes;
  PetscCall(PetscMalloc1(rows->n, &s));
  if (rows->n) PetscCall(PetscArraycpy(s, r->routes, rows->n));
  if (rows->n > 1) qsort(s, (size_t)rows->n, sizeof(*s), J3oRouteCompare); /* qsort(NULL, 0) is undefined */
  PetscCall(PetscMalloc5(rows->n, &rows->client, rows->n, &rows->task, rows->n, &rows->model, rows->n, &rows->route,
                         rows->n, &rows->fraction));
  for (int64_t k = 0; k < rows->n; k++) {
    rows->client[k]   = s[k].client;
    rows->task[k]     = s[k].task;
    rows->model[k]    = s[k].model;
    rows->route[k]    = (signed char)s[k].route;
    rows->fraction[k] = s[k].fraction;
  }
  PetscCall(PetscFree(s));
  PetscFunctionReturn(0);
}

/* Creates dataset `name` [dim0] or [dim0][cols] and writes rows [row0, row0+nrows) of it from buf,
   collectively; a rank with no rows selects none. */
static PetscErrorCode WriteRows(hid_t loc, const char *name, hid_t ftype, hid_t mtype, int rank, hsize_t dim0,
                                hsize_t cols, hsize_t row0, hsize_t nrows, const void *buf, hid_t dxpl)
{
  PetscFunctionBegin;
  PetscCall(J3oH5WriteRows(loc, name, ftype, mtype, rank, dim0, cols, row0, nrows, buf, dxpl, PETSC_FALSE));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteBody(hid_t file, hid_t dxpl, PetscMPIInt rank, const Header *h, const J3oInstance *inst,
                                const J3oResult *r, const Rows *rows, const EdgeRows *er)
{
  hid_t   g;
  hsize_t nedge = (hsize_t)(r->edge_last - r->edge_first), M = (hsize_t)inst->M;

  PetscFunctionBegin;
  PetscCall(J3oH5WriteAttrStr(file, "format", "j3o-result"));
  PetscCall(J3oH5WriteAttrI32(file, "version", 1));
  PetscCall(J3oH5WriteAttrStr(file, "instance", h->instance));
  PetscCall(J3oH5WriteAttrStr(file, "instance_sha256", h->sha256));
  PetscCall(J3oH5WriteAttrStr(file, "method", h->method));
  PetscCall(J3oH5WriteAttrI32(file, "ranks", h->ranks));
  PetscCall(J3oH5WriteAttrStr(file, "git", h->git));
  if (h->has_previous) {
    PetscCall(J3oH5WriteAttrStr(file, "previous", h->previous));
    PetscCall(J3oH5WriteAttrStr(file, "previous_sha256", h->previous_sha256));
    if (isfinite(h->budget)) PetscCall(J3oH5WriteAttrF64(file, "swap_budget_mb", h->budget));
    if (isfinite(h->budget_total)) PetscCall(J3oH5WriteAttrF64(file, "swap_budget_total_mb", h->budget_total));
  }

  J3oH5Id(g, H5Gcreate2(file, "summary", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  PetscCall(J3oH5WriteAttrF64(g, "accuracy", h->accuracy));
  PetscCall(J3oH5WriteAttrF64(g, "served_fraction", h->served));
  PetscCall(J3oH5WriteAttrF64(g, "upper_bound", h->bound));
  PetscCall(J3oH5WriteAttrF64(g, "gap", h->gap));
  PetscCall(J3oH5WriteAttrF64(g, "wall_s", h->wall));
  PetscCall(J3oH5WriteAttrStr(g, "status", J3oStatusNames[h->status]));
  J3oH5Call(H5Gclose(g));

  J3oH5Id(g, H5Gcreate2(file, "onload", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  PetscCall(WriteRows(g, "client", H5T_STD_U8LE, H5T_NATIVE_UCHAR, 2, (hsize_t)inst->N, M, (hsize_t)r->client_first,
                      (hsize_t)r->client_count, r->x, dxpl));
  PetscCall(WriteRows(g, "edge", H5T_STD_U8LE, H5T_NATIVE_UCHAR, 2, (hsize_t)inst->E, M, (hsize_t)r->edge_first, nedge,
                      r->y, dxpl));
  PetscCall(WriteRows(g, "duty_cycle_s", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, (hsize_t)inst->E, 1,
                      (hsize_t)r->edge_first, nedge, r->duty_cycle_s, dxpl));
  PetscCall(WriteRows(g, "demand_hash", H5T_STD_U64LE, H5T_NATIVE_UINT64, 1, (hsize_t)inst->E, 1,
                      (hsize_t)r->edge_first, nedge, er->hash, dxpl));
  J3oH5Call(H5Gclose(g));

  if (h->has_previous) {
    J3oH5Id(g, H5Gcreate2(file, "churn", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    PetscCall(J3oH5WriteAttrF64(g, "total_mb", h->churn_total));
    PetscCall(WriteRows(g, "cluster_mb", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, (hsize_t)inst->E, 1,
                        (hsize_t)r->edge_first, nedge, er->churn, dxpl));
    J3oH5Call(H5Gclose(g));
  }

  J3oH5Id(g, H5Gcreate2(file, "offload", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  PetscCall(WriteRows(g, "client", H5T_STD_I64LE, H5T_NATIVE_INT64, 1, (hsize_t)rows->total, 1, (hsize_t)rows->first,
                      (hsize_t)rows->n, rows->client, dxpl));
  PetscCall(WriteRows(g, "task", H5T_STD_I32LE, H5T_NATIVE_INT, 1, (hsize_t)rows->total, 1, (hsize_t)rows->first,
                      (hsize_t)rows->n, rows->task, dxpl));
  PetscCall(WriteRows(g, "route", H5T_STD_I8LE, H5T_NATIVE_SCHAR, 1, (hsize_t)rows->total, 1, (hsize_t)rows->first,
                      (hsize_t)rows->n, rows->route, dxpl));
  PetscCall(WriteRows(g, "model", H5T_STD_I32LE, H5T_NATIVE_INT, 1, (hsize_t)rows->total, 1, (hsize_t)rows->first,
                      (hsize_t)rows->n, rows->model, dxpl));
  PetscCall(WriteRows(g, "fraction", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, (hsize_t)rows->total, 1,
                      (hsize_t)rows->first, (hsize_t)rows->n, rows->fraction, dxpl));
  J3oH5Call(H5Gclose(g));

  PetscCall(J3oWarmWrite(file, dxpl, inst->E, r)); /* -j3o_save_basis */

  /* /trace only where the method iterated; rank 0 holds it */
  if (h->ntrace > 0) {
    hsize_t mine = r->ntrace == h->ntrace ? (hsize_t)h->ntrace : 0;
    J3oH5Id(g, H5Gcreate2(file, "trace", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    for (int c = 0; c < J3O_TRACE_COLUMNS; c++) {
      if (c == J3O_TRACE_MU_CHURN && !h->trace_churn) continue; /* churn not priced */
      PetscCall(WriteRows(g, J3oTraceNames[c], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, (hsize_t)h->ntrace, 1, 0, mine,
                          r->trace[c], dxpl));
    }
    J3oH5Call(H5Gclose(g));
  }
  /* /shared on priced runs: one row per shared resource, from rank 0's header */
  if (h->has_shared) {
    hsize_t           mine    = rank == 0 ? J3O_NSHARED : 0; /* rank 0 writes the rows */
    const J3oShared  *col[3]  = {&h->shared_price, &h->shared_capacity, &h->shared_use};
    const char *const name[3] = {"price", "capacity", "use"};
    J3oH5Id(g, H5Gcreate2(file, "shared", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    PetscCall(J3oH5WriteStrings(g, "name", J3O_NSHARED, (char *const *)J3oSharedNames));
    for (int c = 0; c < 3; c++)
      PetscCall(WriteRows(g, name[c], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, J3O_NSHARED, 1, 0, mine, col[c]->r, dxpl));
    J3oH5Call(H5Gclose(g));
  }
  PetscFunctionReturn(0);
}

/* Creates the temporary file collectively and writes it; the file is closed on return in every case. */
static PetscErrorCode WriteTemp(MPI_Comm comm, const char *tmp, const Header *h, const J3oInstance *inst,
                                const J3oResult *r, const Rows *rows, const EdgeRows *er)
{
  hid_t          fapl = -1, dxpl = -1, file = -1;
  PetscErrorCode ierr;
  PetscMPIInt    rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  J3oH5Id(fapl, H5Pcreate(H5P_FILE_ACCESS));
  J3oH5Call(H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL));
  J3oH5Call(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG)); /* an error path still closes everything */
  J3oH5Id(dxpl, H5Pcreate(H5P_DATASET_XFER));
  J3oH5Call(H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE));
  file = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  if (file < 0) ierr = PETSC_ERR_FILE_OPEN;
  else ierr = WriteBody(file, dxpl, rank, h, inst, r, rows, er);
  if (file >= 0 && H5Fclose(file) < 0 && !ierr) ierr = PETSC_ERR_FILE_WRITE;
  J3oH5Close(H5Pclose, dxpl);
  J3oH5Close(H5Pclose, fapl);
  PetscCheck(!ierr, PETSC_COMM_SELF, ierr, "%s: cannot write the temporary result file", tmp);
  PetscFunctionReturn(0);
}

/* Rank 0: whether the directory of path has room for about `bytes` (statvfs). Parallel HDF5 can
   hang in its collective close after a write failed for lack of space, so a full disk is found
   before the temporary file exists; *free_kib receives the room found. */
static PetscBool HasRoom(const char *path, double bytes, double *free_kib)
{
  char           dir[PETSC_MAX_PATH_LEN];
  struct statvfs s;

  (void)PetscStrncpy(dir, path, sizeof(dir));
  if (statvfs(dirname(dir), &s)) return PETSC_TRUE; /* unknown: the write itself will tell */
  *free_kib = (double)s.f_bavail * (double)s.f_frsize / 1024;
  return *free_kib * 1024 >= bytes ? PETSC_TRUE : PETSC_FALSE;
}

/* Every rank contributes its error code; all return the same verdict. */
static PetscErrorCode Agree(MPI_Comm comm, PetscErrorCode mine, PetscBool *ok)
{
  int bad = mine != 0, any;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Allreduce(&bad, &any, 1, MPI_INT, MPI_MAX, comm));
  *ok = any ? PETSC_FALSE : PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oResultWrite(MPI_Comm comm, const char *path, const J3oInstance *inst, const J3oResult *r,
                              const J3oProvenance *prov)
{
  Header         h;
  Rows           rows;
  PetscMPIInt    rank, size;
  char           tmp[PETSC_MAX_PATH_LEN + 32];
  PetscErrorCode ierr;
  PetscBool      ok;
  J3oH5Quiet     quiet;
  int            renamed = 0, stage = 0, err = 0; /* stage: 0 rows invalid, 1 temporary not written, 2 rename failed */

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMemzero(&h, sizeof(h)));
  PetscCall(PetscMemzero(&rows, sizeof(rows)));
  if (rank == 0) {
    PetscCall(PetscStrncpy(h.instance, prov && prov->instance_path ? prov->instance_path : "", sizeof(h.instance)));
    PetscCall(PetscStrncpy(h.sha256, prov ? prov->instance_sha256 : "", sizeof(h.sha256)));
    PetscCall(PetscStrncpy(h.git, prov && prov->git ? prov->git : "unknown", sizeof(h.git)));
    PetscCall(PetscStrncpy(h.method, r->method, sizeof(h.method)));
    h.accuracy        = r->accuracy;
    h.served          = r->served_fraction;
    h.bound           = r->upper_bound;
    h.gap             = r->gap;
    h.wall            = r->wall_s;
    h.status          = (int)r->status;
    h.ranks           = prov && prov->ranks > 0 ? prov->ranks : size;
    h.ntrace          = r->ntrace;
    h.trace_churn     = r->trace_churn ? 1 : 0;
    h.has_shared      = r->has_shared ? 1 : 0;
    h.shared_price    = r->shared_price;
    h.shared_capacity = r->shared_capacity;
    h.shared_use      = r->shared_use;
    h.pid             = (long)getpid();
    if (prov && prov->previous) {
      h.has_previous = 1;
      PetscCall(PetscStrncpy(h.previous, prov->previous->path, sizeof(h.previous)));
      PetscCall(PetscStrncpy(h.previous_sha256, prov->previous->sha256, sizeof(h.previous_sha256)));
      h.budget       = prov->swap_budget_mb;
      h.budget_total = prov->swap_budget_total_mb;
    }
  }
  PetscCallMPI(MPI_Bcast(&h, sizeof(h), MPI_BYTE, 0, comm));

  /* local preparation; nobody creates a file unless every rank is ready */
  int      nedge = inst->edge_last - inst->edge_first;
  EdgeRows er    = {NULL, NULL};
  PetscCall(PetscCalloc2(nedge, &er.churn, nedge, &er.hash));
  for (int le = 0; le < nedge; le++) er.hash[le] = J3oDemandHash(inst, inst->edge_first + le);
  if (h.has_previous) {
    const J3oPrevious *p = prov->previous;
    PetscCheck(p->edge_first == inst->edge_first && p->edge_last == inst->edge_last &&
                 p->client_first == inst->client_first && p->client_count == inst->client_count && p->M == inst->M,
               PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "the previous plan's block does not match the instance block");
    J3oChurn(inst, p, r->x, r->y, er.churn);
  }
  PetscCall(J3oOrderedSum(comm, nedge, 1, er.churn, &h.churn_total)); /* zeros without a previous plan */
  ierr = PackRows(inst, r, &rows);
  PetscCall(Agree(comm, ierr, &ok));
  if (ok) {
    stage = 1;
    PetscCallMPI(MPI_Exscan(&rows.n, &rows.first, 1, MPI_INT64_T, MPI_SUM, comm));
    if (rank == 0) rows.first = 0;
    PetscCallMPI(MPI_Allreduce(&rows.n, &rows.total, 1, MPI_INT64_T, MPI_SUM, comm));
    /* the raw bytes of every dataset plus HDF5's metadata: an upper bound of the file's size */
    double need = (double)inst->N * inst->M + (double)inst->E * (inst->M + 24) + 25.0 * (double)rows.total +
                  48.0 * h.ntrace + 65536,
           room = 0;
    int full    = rank == 0 && !HasRoom(path, need, &room);
    PetscCallMPI(MPI_Bcast(&full, 1, MPI_INT, 0, comm));
    PetscCallMPI(MPI_Bcast(&room, 1, MPI_DOUBLE, 0, comm));
    if (full) {
      PetscCall(PetscFree5(rows.client, rows.task, rows.model, rows.route, rows.fraction));
      PetscCall(PetscFree2(er.churn, er.hash));
      SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
              "%s: result not written: about %.0f KiB needed, %.0f KiB free in its directory", path, need / 1024, room);
    }
    PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, h.pid));
    J3oInterruptSetTemp(tmp); /* a second stop signal removes it before exiting */
    J3oH5QuietBegin(&quiet);
    ierr = WriteTemp(comm, tmp, &h, inst, r, &rows, &er);
    J3oH5QuietEnd(&quiet);
    PetscCall(Agree(comm, ierr, &ok));
    /* rank 0 publishes the complete file, or removes the partial one */
    if (rank == 0) {
      if (ok) {
        stage   = 2;
        renamed = rename(tmp, path) == 0;
        err     = renamed ? 0 : errno;
      }
      if (!renamed) (void)remove(tmp);
    }
    J3oInterruptSetTemp(NULL);
    PetscCallMPI(MPI_Bcast(&renamed, 1, MPI_INT, 0, comm));
    PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, comm));
    if (!renamed && err) stage = 2;
  }
  PetscCall(PetscFree5(rows.client, rows.task, rows.model, rows.route, rows.fraction));
  PetscCall(PetscFree2(er.churn, er.hash));
  PetscCheck(renamed, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: result not written: %s%s", path,
             stage == 0   ? "invalid result rows on some rank"
             : stage == 1 ? "cannot create or write the temporary file in its directory"
                          : "cannot rename the temporary file: ",
             stage == 2 ? strerror(err) : "");
  PetscFunctionReturn(0);
}
