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
  PetscBool      ok;
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
  for (int i = 0; i < cl->memo_cap; i++) {
    PetscCall(PetscFree(cl->memo[i].x));
    PetscCall(PetscFree2(cl->memo[i].frac, cl->memo[i].dual));
  }
  PetscCall(PetscFree(cl->memo));
  cl->memo_cap = cl->memo_n = 0;
  cl->memo_on               = PETSC_FALSE;
  PetscFunctionReturn(0);
}

static PetscBool SameShared(const J3oShared *a, const J3oShared *b)
{
  return memcmp(a, b, sizeof(*a)) == 0 ? PETSC_TRUE : PETSC_FALSE;
}

PetscErrorCode J3oClMemoFind(J3oCluster cl, const ClCall *call, int k, const unsigned char *x, const unsigned char *y,
                             const ClMemoEntry **hit)
{
  size_t nx = (size_t)cl->nc * cl->M;

  PetscFunctionBegin;
  *hit = NULL;
  if (!cl->memo_on) PetscFunctionReturn(0);
  for (int i = 0; i < cl->memo_n && !*hit; i++) {
    const ClMemoEntry *e = &cl->memo[i];
    if (e->k == k && e->allow_cloud == call->allow_cloud && SameShared(&e->mu, &call->mu) &&
        SameShared(&e->cap, &call->cap) && !memcmp(e->x, x, nx) && !memcmp(e->x + nx, y, cl->M))
      *hit = e;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClMemoAdd(J3oCluster cl, const ClCall *call, int k, const unsigned char *x, const unsigned char *y,
                            double val, PetscBool ok)
{
  size_t   nx = (size_t)cl->nc * cl->M;
  ClCycle *cy = &cl->cyc[k];

  PetscFunctionBegin;
  if (!cl->memo_on || cl->memo_n >= MEMO_MAX) PetscFunctionReturn(0);
  if (!cl->memo) PetscCall(PetscCalloc1(MEMO_MAX, &cl->memo));
  ClMemoEntry *e = &cl->memo[cl->memo_n];
  PetscCall(PetscMalloc1(nx + cl->M, &e->x));
  PetscCall(PetscMalloc2(cy->ncol + 1, &e->frac, cy->off.nrow + 1, &e->dual));
  cl->memo_cap   = ++cl->memo_n; /* slots allocated, freed by J3oClMemoEnd */
  e->k           = k;
  e->allow_cloud = call->allow_cloud;
  e->mu          = call->mu;
  e->cap         = call->cap;
  PetscCall(PetscArraycpy(e->x, x, nx));
  PetscCall(PetscArraycpy(e->x + nx, y, cl->M));
  e->val = val;
  e->ok  = ok;
  if (ok) {
    PetscCall(PetscArraycpy(e->frac, cy->frac, cy->ncol));
    PetscCall(PetscArraycpy(e->dual, cy->dual, cy->off.nrow));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oClMemoRestore(J3oCluster cl, const ClMemoEntry *e)
{
  ClCycle *cy = &cl->cyc[e->k];

  PetscFunctionBegin;
  if (!e->ok) PetscFunctionReturn(0);
  PetscCall(PetscArraycpy(cy->frac, e->frac, cy->ncol));
  PetscCall(PetscArraycpy(cy->dual, e->dual, cy->off.nrow));
  PetscFunctionReturn(0);
}

double J3oClMemoValue(const ClMemoEntry *e, PetscBool *ok)
{
  *ok = e->ok;
  return e->val;
}
