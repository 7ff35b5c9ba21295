/* warm_read.c: the /warm group of a previous result (-j3o_save_basis): each cluster's bound-LP and
 * offloading-LP bases and search gap, read for this rank's clusters and checked with the rest of the previous result.
 */
#include <math.h>
#include "j3o/cluster.h"
#include "j3o/previous.h"
#include "io/h5util.h"

/* Rows [row0, row0+n) of an integer dataset already checked by J3oH5Shape, each in [lo, hi]. */
static PetscErrorCode ReadIntRows(J3oH5Check *c, hid_t f, const char *path, hsize_t row0, hsize_t n, hsize_t width,
                                  int64_t lo, int64_t hi, const char *rule, int64_t **out)
{
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n * width + 1, out));
  PetscCall(J3oH5ReadRowsI64(c, f, path, row0, n, *out));
  for (hsize_t k = 0; k < n * width && !c->bad; k++)
    if ((*out)[k] < lo || (*out)[k] > hi)
      PetscCall(J3oH5Fail(c, path, "row %llu: %lld is not %s", (unsigned long long)(row0 + k / width),
                          (long long)(*out)[k], rule));
  PetscFunctionReturn(0);
}

/* Twice the most columns and rows a cluster's LP of this instance can have: of its two LPs the bound LP is
   the larger, with at most 2M+1 route columns per client and task (local, edge and cloud models) and a
   linking row each, (nc+1) M x/y columns, M K batch-load columns; rows for the client-task pairs, two per
   client, three for the edge, nc+1 for memory, M batch loads, churn and the caps. A wider dataset is no
   basis of this instance's (and would only cost memory). */
static hsize_t WidestBasis(const J3oInstance *in)
{
  hsize_t nc = 0, T = (hsize_t)in->T, M = (hsize_t)in->M, K = (hsize_t)PetscMax(in->K, 1);
  for (int e = 0; e < in->E; e++) nc = PetscMax(nc, (hsize_t)(in->edge_client_start[e + 1] - in->edge_client_start[e]));
  return 2 * (2 * nc * T * (2 * M + 1) + nc * T + 2 * nc + 3 + (nc + 1) * (M + 1) + M * (K + 1) + 8);
}

/* /warm/NAME u8 [E*K][width] and /warm/NAME_size i32 [E*K] (sizes in [0, width]), this rank's rows; *width
   0 when the file has no NAME. */
static PetscErrorCode ReadBases(J3oH5Check *c, hid_t f, const J3oInstance *in, const char *name, hsize_t rows,
                                hsize_t row0, hsize_t mine, J3oBasisRows *b)
{
  hsize_t   want[2] = {rows, J3O_H5_ANY}, dims[2];
  PetscBool has;
  int64_t  *v = NULL;
  char      path[64], spath[64], shape[64], range[64], rule[64];

  PetscFunctionBegin;
  b->width = 0;
  snprintf(path, sizeof path, "/warm/%s", name);
  snprintf(spath, sizeof spath, "/warm/%s_size", name);
  snprintf(range, sizeof range, "[E*K = %llu]", (unsigned long long)rows);
  snprintf(shape, sizeof shape, "[E*K = %llu][width]", (unsigned long long)rows);
  J3oH5Try(c, J3oH5Shape(c, f, path, J3O_H5_INT, 2, shape, want, dims, PETSC_TRUE, &has));
  if (!has) PetscFunctionReturn(0);
  hsize_t widest = PetscMin(WidestBasis(in), ((hsize_t)1 << 30) - 1);
  if (dims[1] > widest)
    J3oH5Try(c, J3oH5Fail(c, path, "width %llu is more than an LP of this instance's clusters can have (at most %llu)",
                          (unsigned long long)dims[1], (unsigned long long)widest));
  b->width = (int)dims[1];
  PetscCall(PetscMalloc1(mine * dims[1] + 1, &b->basis));
  PetscCall(J3oH5ReadRowsBytes(c, f, path, row0, mine, dims[1], b->basis));
  /* CLP's status of a column or row is in the low 3 bits (0 free, 1 basic, 2 at upper, 3 at lower, 4
     superbasic, 5 fixed; 6 and 7 are none of them and make CLP abort); the bits above are its flags
     of that solve, which a new solve sets itself */
  for (hsize_t k = 0; k < mine * dims[1] && !c->bad; k++) {
    if ((b->basis[k] & 7) > 5) {
      PetscCall(J3oH5Fail(c, path, "row %llu: %u is not a CLP status (its low 3 bits must be 0-5)",
                          (unsigned long long)(row0 + k / dims[1]), (unsigned)b->basis[k]));
      break;
    }
    b->basis[k] &= 7;
  }
  J3oH5Try(c, J3oH5Shape(c, f, spath, J3O_H5_INT, 1, range, want, dims, PETSC_FALSE, NULL));
  snprintf(rule, sizeof rule, "in [0, width %d]", b->width);
  PetscCall(ReadIntRows(c, f, spath, row0, mine, 1, 0, b->width, rule, &v));
  PetscCall(PetscMalloc1(mine + 1, &b->size));
  for (hsize_t k = 0; k < mine && !c->bad; k++) b->size[k] = (int)v[k];
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oWarmRead(J3oH5Check *c, hid_t f, const J3oInstance *in, J3oPrevious *p)
{
  int       K = in->K > 0 ? in->K : 1, nedge = in->edge_last - in->edge_first;
  hsize_t   rows = (hsize_t)in->E * K, row0 = (hsize_t)in->edge_first * K, mine = (hsize_t)nedge * K;
  hsize_t   want[2] = {rows, J3O_H5_ANY}, dims[2], E = (hsize_t)in->E;
  PetscBool has;
  int64_t  *v = NULL;
  char      range[64];

  PetscFunctionBegin;
  snprintf(range, sizeof range, "[E*K = %llu]", (unsigned long long)rows);
  p->warm_ncyc = K;
  J3oH5Try(c, ReadBases(c, f, in, "bound_basis", rows, row0, mine, &p->warm_bound));
  if (p->warm_bound.width > 0) {
    /* optional: without it every basis is an optimal (primal feasible) one */
    PetscCall(PetscCalloc1(mine + 1, &p->warm_dual));
    J3oH5Try(c, J3oH5Shape(c, f, "/warm/bound_basis_dual", J3O_H5_INT, 1, range, want, dims, PETSC_TRUE, &has));
    if (has) {
      PetscCall(ReadIntRows(c, f, "/warm/bound_basis_dual", row0, mine, 1, 0, 1, "0 or 1", &v));
      for (hsize_t k = 0; k < mine && !c->bad; k++) p->warm_dual[k] = (unsigned char)v[k];
      PetscCall(PetscFree(v));
    }
  }
  J3oH5Try(c, ReadBases(c, f, in, "offload_basis", rows, row0, mine, &p->warm_offload));
  J3oH5Try(c, J3oH5Shape(c, f, "/warm/search_gap", J3O_H5_FLOAT, 1, "[E]", &E, dims, PETSC_TRUE, &has));
  if (has) {
    PetscCall(PetscMalloc1(nedge + 1, &p->search_gap));
    PetscCall(J3oH5ReadRowsF64(c, f, "/warm/search_gap", (hsize_t)in->edge_first, (hsize_t)nedge, p->search_gap));
    for (int k = 0; k < nedge && !c->bad; k++)
      if (!J3oSearchGapValid(p->search_gap[k]))
        PetscCall(J3oH5Fail(c, "/warm/search_gap", "row %d: %g is neither NaN (none) nor in [0, 1]", in->edge_first + k,
                            p->search_gap[k]));
  }
  PetscFunctionReturn(0);
}
