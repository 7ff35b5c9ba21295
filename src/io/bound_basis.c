/* bound_basis.c: the clusters' warm-start state in a result (/warm, -j3o_save_basis): their bound-LP
   bases, so that a re-plan's first bound evaluation starts from them, and their search gaps, which
   anchor where a re-plan's first search may end. Written with the result, read by a re-plan's warm start. */
#include <math.h>
#include <string.h>
#include "io/h5util.h"
#include "j3o/previous.h"
#include "j3o/result.h"

PetscErrorCode J3oBoundBasisWrite(hid_t file, hid_t dxpl, int E, const J3oResult *r)
{
  hid_t   g;
  int     K    = r->basis_ncyc;
  hsize_t rows = (hsize_t)E * K, row0 = (hsize_t)r->edge_first * K, mine = (hsize_t)(r->edge_last - r->edge_first) * K;

  PetscFunctionBegin;
  if (r->basis_width <= 0) PetscFunctionReturn(0);
  J3oH5Id(g, H5Gcreate2(file, "warm", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  PetscCall(J3oH5WriteRows(g, "bound_basis", H5T_STD_U8LE, H5T_NATIVE_UCHAR, 2, rows, (hsize_t)r->basis_width, row0,
                           mine, r->basis, dxpl, PETSC_TRUE));
  PetscCall(J3oH5WriteRows(g, "bound_basis_size", H5T_STD_I32LE, H5T_NATIVE_INT, 1, rows, 1, row0, mine, r->basis_size,
                           dxpl, PETSC_TRUE));
  PetscCall(J3oH5WriteRows(g, "bound_basis_dual", H5T_STD_U8LE, H5T_NATIVE_UCHAR, 1, rows, 1, row0, mine, r->basis_dual,
                           dxpl, PETSC_TRUE));
  if (r->search_gap)
    PetscCall(J3oH5WriteRows(g, "search_gap", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, (hsize_t)E, 1,
                             (hsize_t)r->edge_first, (hsize_t)(r->edge_last - r->edge_first), r->search_gap, dxpl,
                             PETSC_TRUE));
  J3oH5Call(H5Gclose(g));
  PetscFunctionReturn(0);
}

/* Rows [row0, row0 + count[0]) of dataset `name` (rank nd, dims[0] rows) into buf; dims receives its
   shape (checked by the caller before any row is read: want_rows and, for nd 2, a width > 0). */
static PetscErrorCode ReadRows(const char *path, hid_t f, const char *name, const char *type, int nd, hsize_t want_rows,
                               const char *rows, hid_t mtype, hsize_t row0, hsize_t nrows, hsize_t *width, void **buf,
                               size_t elsize)
{
  hid_t   d, s;
  hsize_t dims[2] = {0, 1}, start[2] = {row0, 0}, count[2];

  PetscFunctionBegin;
  J3oH5Id(d, H5Dopen2(f, name, H5P_DEFAULT));
  J3oH5Id(s, H5Dget_space(d));
  PetscCheck(H5Sget_simple_extent_ndims(s) == nd && H5Sget_simple_extent_dims(s, dims, NULL) == nd &&
               dims[0] == want_rows && dims[1] > 0 && dims[1] < ((hsize_t)1 << 30),
             PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: /%s: expected %s [%s = %d]%s (one row per %s)", path,
             name, type, rows, (int)want_rows, nd == 2 ? "[width]" : "",
             strcmp(rows, "E") ? "cluster and duty cycle" : "cluster");
  if (width) *width = dims[1];
  count[0] = nrows;
  count[1] = dims[1];
  PetscCall(PetscCalloc(count[0] * count[1] * elsize + 1, buf));
  if (nrows > 0) {
    hid_t m;
    J3oH5Call(H5Sselect_hyperslab(s, H5S_SELECT_SET, start, NULL, count, NULL));
    J3oH5Id(m, H5Screate_simple(nd, count, NULL));
    J3oH5Call(H5Dread(d, mtype, m, s, H5P_DEFAULT, *buf));
    J3oH5Call(H5Sclose(m));
  }
  J3oH5Call(H5Sclose(s));
  J3oH5Call(H5Dclose(d));
  PetscFunctionReturn(0);
}

/* Every rank reads and checks the small per-row datasets whole (the same error on every rank: no
   rank waits for another that stopped) and keeps its own rows; each reads only its rows of the bases. */
PetscErrorCode J3oBoundBasisRead(const char *path, int E, int edge_first, int edge_last, int ncyc, int *width,
                                 int **size, unsigned char **basis, unsigned char **dual)
{
  hid_t   f;
  hsize_t rows = (hsize_t)E * ncyc, row0 = (hsize_t)edge_first * ncyc, mine = (hsize_t)(edge_last - edge_first) * ncyc,
          w;
  htri_t has;
  int   *flag = NULL; /* bound_basis_dual as read, whatever its integer type (HDF5 converts), checked below */

  PetscFunctionBegin;
  *width = 0;
  *size  = NULL;
  *basis = NULL;
  *dual  = NULL;
  J3oH5Id(f, H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT));
  has = H5Lexists(f, "warm", H5P_DEFAULT);
  if (has > 0) has = H5Lexists(f, "warm/bound_basis", H5P_DEFAULT);
  if (has > 0) has = H5Lexists(f, "warm/bound_basis_size", H5P_DEFAULT);
  if (has > 0) {
    PetscCall(
      ReadRows(path, f, "warm/bound_basis", "u8", 2, rows, "E*K", H5T_NATIVE_UCHAR, row0, mine, &w, (void **)basis, 1));
    *width = (int)w;
    PetscCall(ReadRows(path, f, "warm/bound_basis_size", "i32", 1, rows, "E*K", H5T_NATIVE_INT, 0, rows, NULL,
                       (void **)size, sizeof(int)));
    /* optional: without it every basis is an optimal (primal feasible) one */
    if (H5Lexists(f, "warm/bound_basis_dual", H5P_DEFAULT) > 0)
      PetscCall(ReadRows(path, f, "warm/bound_basis_dual", "u8", 1, rows, "E*K", H5T_NATIVE_INT, 0, rows, NULL,
                         (void **)&flag, sizeof(int)));
    else PetscCall(PetscCalloc1(rows + 1, &flag));
    PetscCall(PetscMalloc1(rows + 1, dual));
  }
  J3oH5Call(H5Fclose(f));
  for (hsize_t q = 0; q < rows && *size; q++) {
    PetscCheck((*size)[q] >= 0 && (*size)[q] <= *width, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: /warm/bound_basis_size: row %d: %d is not in [0, width %d]", path, (int)q, (*size)[q], *width);
    PetscCheck(flag[q] == 0 || flag[q] == 1, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: /warm/bound_basis_dual: row %d: %d is not 0 or 1", path, (int)q, flag[q]);
    (*dual)[q] = (unsigned char)flag[q];
  }
  PetscCall(PetscFree(flag));
  if (*size) { /* this rank's rows first */
    PetscCall(PetscArraymove(*size, *size + row0, mine));
    PetscCall(PetscArraymove(*dual, *dual + row0, mine));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oSearchGapRead(const char *path, int E, int edge_first, int edge_last, double **gap)
{
  hid_t  f;
  htri_t has;

  PetscFunctionBegin;
  *gap = NULL;
  J3oH5Id(f, H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT));
  has = H5Lexists(f, "warm", H5P_DEFAULT);
  if (has > 0) has = H5Lexists(f, "warm/search_gap", H5P_DEFAULT);
  if (has > 0)
    PetscCall(ReadRows(path, f, "warm/search_gap", "f64", 1, (hsize_t)E, "E", H5T_NATIVE_DOUBLE, 0, (hsize_t)E, NULL,
                       (void **)gap, sizeof(double)));
  J3oH5Call(H5Fclose(f));
  for (int e = 0; e < E && *gap; e++)
    PetscCheck(isnan((*gap)[e]) || ((*gap)[e] >= 0 && (*gap)[e] <= 1), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: /warm/search_gap: row %d: %g is neither NaN (none) nor in [0, 1]", path, e, (*gap)[e]);
  if (*gap) PetscCall(PetscArraymove(*gap, *gap + edge_first, edge_last - edge_first));
  PetscFunctionReturn(0);
}
