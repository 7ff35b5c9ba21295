/* j3o/result.h: a solution (onloading, duty cycles, sparse routes), its summary and trace, and its HDF5 file. */
#ifndef J3O_RESULT_H
#define J3O_RESULT_H

#include <petscsys.h>
#include <stdint.h>
#include "j3o/instance.h"
#include "j3o/previous.h"
#include "j3o/shared.h"

/* One positive route fraction (a row of /offload). */
typedef struct {
  int64_t client; /* global client index */
  int     task;
  int8_t  route;    /* J3oRouteKind */
  int     model;    /* for cloud: c(t) */
  double  fraction; /* > 0 */
} J3oRoute;

typedef enum {
  J3O_STATUS_OPTIMAL     = 0,
  J3O_STATUS_FEASIBLE    = 1,
  J3O_STATUS_TIME_LIMIT  = 2,
  J3O_STATUS_INTERRUPTED = 3,
  J3O_STATUS_COUNT
} J3oStatus;
extern const char *const J3oStatusNames[J3O_STATUS_COUNT]; /* "optimal", "feasible", "time_limit", "interrupted" */

#define J3O_TRACE_COLUMNS  7
#define J3O_TRACE_MU_CHURN 6 /* the column written only when churn is priced (J3oResult.trace_churn) */
extern const char
  *const J3oTraceNames[J3O_TRACE_COLUMNS]; /* mu_F, mu_B, dual_value, best_primal, gap, elapsed_s, mu_churn */

/* A result for the clusters [edge_first, edge_last) of an instance (all of them when serial).
   Arrays are indexed locally like J3oInstance: x row i = client_first + i, y row e - edge_first. */
typedef struct {
  char      method[32];
  J3oStatus status;
  double    accuracy, served_fraction; /* normalized, global */
  double    upper_bound, gap;          /* normalized; NAN when no bound */
  double    wall_s;
  char      instance_sha256[65]; /* set by J3oResultRead: /@instance_sha256 */

  int            M, edge_first, edge_last;
  int64_t        client_first, client_count;
  unsigned char *x;            /* [client_count*M] */
  unsigned char *y;            /* [(edge_last-edge_first)*M] */
  double        *duty_cycle_s; /* [edge_last-edge_first], 0 when batching off */
  J3oRoute      *routes;       /* [nroutes], this rank's rows, clients in its block */
  int64_t        nroutes;
  PetscCount     route_capacity;

  /* re-planning, set by J3oResultRead (the writer takes them from J3oProvenance) */
  char    previous_sha256[65];                  /* /@previous_sha256, "" when the run had no previous plan */
  double  swap_budget_mb, swap_budget_total_mb; /* INFINITY when not given */
  double *churn_mb;                             /* [edge_last-edge_first] /churn/cluster_mb, NULL when absent */
  double  churn_total_mb;                       /* /churn@total_mb, NAN when absent */

  /* -j3o_save_basis (/warm), basis_ncyc duty cycles per cluster: the bound-LP bases, basis_dual[row] 1 when
     one is the dual feasible basis of a solve stopped at its cutoff (bound_bases.width 0: no /warm), and the
     offloading-LP bases */
  int            basis_ncyc;
  J3oBasisRows   bound_bases, offload_bases;
  unsigned char *basis_dual;
  double        *search_gap; /* [edge_last-edge_first] with the bases: J3oClusterGetSearchGap of each cluster */

  /* per-iteration history, meaningful on rank 0 only: trace[c][k], k < ntrace */
  double    *trace[J3O_TRACE_COLUMNS];
  int        ntrace;
  PetscCount trace_capacity;
  PetscBool  trace_churn; /* the trace has the mu_churn column (the churn budget is priced) */

  /* /shared: the shared resources of a priced run (J3O, bound), the same on every rank: the best
     dual's prices (unnormalized), the capacities (INFINITY: none) and the returned solution's use */
  PetscBool has_shared;
  J3oShared shared_price, shared_capacity, shared_use;
} J3oResult;

/* Provenance attributes of the root group. */
typedef struct {
  const char        *instance_path; /* as given on the command line */
  char               instance_sha256[65];
  int                ranks;
  const char        *git;      /* source revision */
  const J3oPrevious *previous; /* -previous (NULL: none): /@previous, /@previous_sha256, /churn */
  double             swap_budget_mb, swap_budget_total_mb; /* written when finite */
} J3oProvenance;

PetscErrorCode J3oResultAllocate(J3oResult *r, const J3oInstance *inst, const char *method);
PetscErrorCode J3oResultFree(J3oResult *r);
PetscErrorCode J3oResultAddRoute(J3oResult *r, int64_t client, int task, J3oRouteKind route, int model,
                                 double fraction);
PetscErrorCode J3oResultAddTrace(J3oResult *r, const double row[J3O_TRACE_COLUMNS]);

/* qsort comparator of routes by (client, task, route, model), the row order of /offload. */
int J3oRouteCompare(const void *a, const void *b);

/* Lowercase hex SHA-256 of a file's bytes (OpenSSL EVP). */
PetscErrorCode J3oFileSha256(const char *path, char hex[65]);

/* Collective on comm: every rank passes its block; rows are gathered into one file written
   with parallel HDF5 under a temporary name, renamed to `path` by rank 0 when complete.
   On failure no file named `path` is created or replaced. */
PetscErrorCode J3oResultWrite(MPI_Comm comm, const char *path, const J3oInstance *inst, const J3oResult *r,
                              const J3oProvenance *prov);

/* Serial: reads a whole result file and validates it against the result layout of docs/file-formats.md for
   this instance (shapes, types, route/model ranges, duplicates); errors like the instance reader. */
PetscErrorCode J3oResultRead(const char *path, const J3oInstance *inst, J3oResult *r);
/* Serial: the /@instance_sha256 a result file records, before its layout is checked against an
   instance (a result of another instance fails that check on some shape first); "" when the file
   or the attribute cannot be read (J3oResultRead then says why). */
PetscErrorCode J3oResultPeekInstanceSha256(const char *path, char sha256[65]);

#endif
