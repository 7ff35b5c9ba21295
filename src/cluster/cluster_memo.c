/* cluster_memo.c: the offloading-LP values a cluster's search has evaluated in the current J3oClusterSolve. A
   search revisits onloadings (an alternation that cycles between two, a second start reaching the first's
   end, swaps around the best): measured on 1,000 edges of seed 6, 22 % of the final integer search's
   offloading-LP solves were repeats. A repeat returns the first solve's value, fractions and duals. */
#include <string.h>
#include "cluster/cluster_impl.h"

#define MEMO_MAX 64 /* onloadings kept per J3oClusterSolve; later ones are solved every time */

struct ClMemoEntry {
  int            k;
  PetscBool      allow_cloud;
  J3oShared      mu, cap;
  unsigned char *x; /* [nc*M + M]: x, then y */
  double         val;
  double        *frac, *dual; /* [ncol], [nrow] of cycle k's offloading LP */
};

PetscErrorCode J3oClMemoBegin(J3oCluster cl)
{
  PetscFunctionBegin;
  PetscCall(J3oClMemoEnd(cl)); /* what a solve cut short by an error left */
  cl->memo_on = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClMemoEnd(J3oCluster cl)
{
  PetscFunctionBegin;
  for (int i = 0; i < cl->memo_n; i++) {
    PetscCall(PetscFree(cl->memo[i].x));
    PetscCall(PetscFree2(cl->memo[i].frac, cl->memo[i].dual));
  }
  PetscCall(PetscFree(cl->memo));
  cl->memo_n  = 0;
  cl->memo_on = PETSC_FALSE;
  PetscFunctionReturn(0);
}

static PetscBool SameShared(const J3oShared *a, const J3oShared *b)
{
  return memcmp(a, b, sizeof(*a)) == 0 ? PETSC_TRUE : PETSC_FALSE;
}

PetscErrorCode J3oClMemoRecall(J3oCluster cl, const ClCall *call, int k, const unsigned char *x, const unsigned char *y,
                               PetscBool *hit, double *val)
{
  size_t nx = (size_t)cl->nc * cl->M;

  PetscFunctionBegin;
  *hit = PETSC_FALSE;
  for (int i = 0; cl->memo_on && i < cl->memo_n; i++) {
    const ClMemoEntry *e = &cl->memo[i];
    if (e->k != k || e->allow_cloud != call->allow_cloud || !SameShared(&e->mu, &call->mu) ||
        !SameShared(&e->cap, &call->cap) || memcmp(e->x, x, nx) || memcmp(e->x + nx, y, cl->M))
      continue;
    PetscCall(PetscArraycpy(cl->cyc[k].frac, e->frac, cl->cyc[k].ncol));
    PetscCall(PetscArraycpy(cl->cyc[k].dual, e->dual, cl->cyc[k].off.nrow));
    *hit = PETSC_TRUE;
    *val = e->val;
    break;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClMemoAdd(J3oCluster cl, const ClCall *call, int k, const unsigned char *x, const unsigned char *y,
                            double val)
{
  size_t   nx = (size_t)cl->nc * cl->M;
  ClCycle *cy = &cl->cyc[k];

  PetscFunctionBegin;
  if (!cl->memo_on || cl->memo_n >= MEMO_MAX) PetscFunctionReturn(0);
  if (!cl->memo) PetscCall(PetscCalloc1(MEMO_MAX, &cl->memo));
  ClMemoEntry *e = &cl->memo[cl->memo_n++];
  PetscCall(PetscMalloc1(nx + cl->M, &e->x));
  PetscCall(PetscMalloc2(cy->ncol + 1, &e->frac, cy->off.nrow + 1, &e->dual));
  e->k           = k;
  e->allow_cloud = call->allow_cloud;
  e->mu          = call->mu;
  e->cap         = call->cap;
  e->val         = val;
  PetscCall(PetscArraycpy(e->x, x, nx));
  PetscCall(PetscArraycpy(e->x + nx, y, cl->M));
  PetscCall(PetscArraycpy(e->frac, cy->frac, cy->ncol));
  PetscCall(PetscArraycpy(e->dual, cy->dual, cy->off.nrow));
  PetscFunctionReturn(0);
}
