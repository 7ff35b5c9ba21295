/* j3o/previous.h: a previous plan (a j3o result) as the starting point of a re-plan: its onloading for
   the churn constraints 12 and 13 of docs/formulation.md, and its prices and per-cluster state for a warm start. */
#ifndef J3O_PREVIOUS_H
#define J3O_PREVIOUS_H

#include <petscsys.h>
#include <stdint.h>
#include "j3o/instance.h"

/* The rows of a previous result for the clusters [edge_first, edge_last) an instance holds, indexed
   locally like J3oInstance and J3oResult (x row i = client_first + i, y row e - edge_first). */
/* LP bases of a block of clusters (-j3o_save_basis, /warm): row le*ncyc + k is cluster edge_first + le's
   basis of duty cycle k, size[row] status bytes at J3oBasisRowsAt(rows, row) (0: none); width (the same on
   every rank, the rows' padding) 0 when there are none. */
typedef struct {
  int            width;
  int           *size;
  unsigned char *basis;
} J3oBasisRows;

static inline const unsigned char *J3oBasisRowsAt(const J3oBasisRows *b, size_t row)
{
  return b->basis + row * (size_t)b->width;
}
PetscErrorCode J3oBasisRowsFree(J3oBasisRows *b);

typedef struct {
  char           path[4096]; /* as given on the command line */
  char           sha256[65]; /* SHA-256 of the file's bytes */
  int            M, edge_first, edge_last;
  int64_t        client_first, client_count;
  unsigned char *x;            /* [client_count*M] x^P */
  unsigned char *y;            /* [(edge_last-edge_first)*M] y^P */
  double        *duty_cycle_s; /* [edge_last-edge_first] */
  uint64_t      *demand_hash;  /* [edge_last-edge_first] /onload/demand_hash; NULL when the file has none */
  char           status[32];   /* its /summary@status */
  PetscBool      reusable;     /* a J3O plan finished unconstrained (method j3o, status optimal or feasible, no churn
                                  budget): its answer for a cluster whose demand is unchanged is today's answer */
  PetscBool own_instance;      /* its own instance (/@instance, with the SHA-256 it recorded) was found and compared */
  char      instance_sha256[65]; /* its /@instance_sha256 */
  int       nshared;             /* rows of its /shared group (0 when absent) */
  char (*shared_name)[32];       /* [nshared] */
  double *shared_price;          /* [nshared] mu, unnormalized */
  /* /warm (a result written with -j3o_save_basis), warm_ncyc duty cycles per cluster: the bound-LP bases,
     warm_dual[row] 1 for a dual feasible one, and the offloading-LP bases */
  int            warm_ncyc;
  J3oBasisRows   warm_bound, warm_offload;
  unsigned char *warm_dual;
  double        *search_gap; /* [edge_last-edge_first] /warm/search_gap, NULL when the file has none */
} J3oPrevious;

/* Collective on comm. Reads the previous result `path` for the clusters `inst` holds and checks that it
   belongs to an instance with the same entities: the sizes T, M, E, N and K, every client's edge, and,
   where both files have them, the task, model, edge and client names (a clear error naming the file,
   the dataset and the first difference otherwise, PETSC_ERR_FILE_UNEXPECTED on every rank). warm: its
   /warm group, when present, is read and checked too (shapes, status bytes, 0/1 flags, gaps), for a
   warm start; else it is not read (the churn accounting and the checker need only the plan). */
PetscErrorCode J3oPreviousRead(MPI_Comm comm, const char *path, const J3oInstance *inst, PetscBool warm,
                               J3oPrevious *prev);
PetscErrorCode J3oPreviousFree(J3oPrevious *prev);

/* Churn of the clusters `inst` holds: the memory of models a device holds in (x, y) and did not hold
   in prev, churn[le] per cluster le = e - edge_first, in MB (constraint 12's left-hand side). */
void J3oChurn(const J3oInstance *inst, const J3oPrevious *prev, const unsigned char *x, const unsigned char *y,
              double churn[]);

/* A churn budget as the solvers apply it: churn is a sum of whole models' memory_mb, so a budget
   below the smallest model admits exactly what 0 admits, and is 0 (whose rows and prices are well
   scaled, where 1e-20 MB is not); any other budget, INFINITY included, as given. */
double J3oChurnBudgetEffective(const J3oInstance *inst, double budget_mb);

/* The hash of cluster e's demand rows (/onload/demand_hash): the first 8 bytes of the SHA-256 of its
   lambda block, little-endian. e must be held by inst. */
uint64_t J3oDemandHash(const J3oInstance *inst, int e);

#endif
