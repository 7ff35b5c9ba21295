/* bound_basis.c: the clusters' bound-LP bases in a result (/warm, -j3o_save_basis): written with the
   result, read by a re-plan's warm start so that its first bound evaluation starts from them. */
#include "io/h5util.h"
#include "j3o/previous.h"
#include "j3o/result.h"

/* Rows [row0, row0 + nrows) of the u8 dataset `name` [dim0][cols], chunked by rows and deflated,
   collectively (a rank without rows selects none). */
static PetscErrorCode WriteDeflated(hid_t loc, const char *name, hid_t ftype, hid_t mtype, int rank, hsize_t dim0, hsize_t cols, hsize_t row0, hsize_t nrows, const void *buf, hid_t dxpl)
{
  hsize_t dims[2] = {dim0, cols}, start[2] = {row0, 0}, count[2] = {nrows, cols}, chunk[2];
  hid_t   fspace, mspace, dset, dcpl;
  char    dummy = 0;

  PetscFunctionBegin;
  chunk[0] = PetscMax(1, PetscMin(dim0, (hsize_t)(J3O_H5_CHUNK_ELEMS / PetscMax(cols, 1))));
  chunk[1] = cols;
  J3oH5Id(fspace, H5Screate_simple(rank, dims, NULL));
  J3oH5Id(dcpl, H5Pcreate(H5P_DATASET_CREATE));
  J3oH5Call(H5Pset_chunk(dcpl, rank, chunk));
  J3oH5Call(H5Pset_deflate(dcpl, 4));
  J3oH5Id(dset, H5Dcreate2(loc, name, ftype, fspace, H5P_DEFAULT, dcpl, H5P_DEFAULT));
  J3oH5Id(mspace, H5Screate_simple(rank, count, NULL));
  if (nrows > 0) J3oH5Call(H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL));
  else {
    J3oH5Call(H5Sselect_none(fspace));
    J3oH5Call(H5Sselect_none(mspace));
  }
  J3oH5Call(H5Dwrite(dset, mtype, mspace, fspace, dxpl, nrows ? buf : (const void *)&dummy));
  J3oH5Call(H5Sclose(mspace));
  J3oH5Call(H5Dclose(dset));
  J3oH5Call(H5Pclose(dcpl));
  J3oH5Call(H5Sclose(fspace));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oBoundBasisWrite(hid_t file, hid_t dxpl, int E, const J3oResult *r)
{
  hid_t   g;
  int     K = r->basis_ncyc;
  hsize_t rows = (hsize_t)E * K, row0 = (hsize_t)r->edge_first * K, mine = (hsize_t)(r->edge_last - r->edge_first) * K;

  PetscFunctionBegin;
  if (r->basis_width <= 0) PetscFunctionReturn(0);
  J3oH5Id(g, H5Gcreate2(file, "warm", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  PetscCall(WriteDeflated(g, "bound_basis", H5T_STD_U8LE, H5T_NATIVE_UCHAR, 2, rows, (hsize_t)r->basis_width, row0, mine, r->basis, dxpl));
  PetscCall(WriteDeflated(g, "bound_basis_size", H5T_STD_I32LE, H5T_NATIVE_INT, 1, rows, 1, row0, mine, r->basis_size, dxpl));
  J3oH5Call(H5Gclose(g));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oBoundBasisRead(const char *path, int E, int edge_first, int edge_last, int ncyc, int *width, int **size, unsigned char **basis)
{
  hid_t   f, d, s;
  hsize_t dims[2], start[2], count[2];
  int     nd;
  htri_t  has;

  PetscFunctionBegin;
  *width = 0; *size = NULL; *basis = NULL;
  J3oH5Id(f, H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT));
  has = H5Lexists(f, "warm", H5P_DEFAULT);
  if (has > 0) has = H5Lexists(f, "warm/bound_basis", H5P_DEFAULT);
  if (has > 0) has = H5Lexists(f, "warm/bound_basis_size", H5P_DEFAULT);
  if (has <= 0) {
    J3oH5Call(H5Fclose(f));
    PetscFunctionReturn(0);
  }
  J3oH5Id(d, H5Dopen2(f, "warm/bound_basis", H5P_DEFAULT));
  J3oH5Id(s, H5Dget_space(d));
  nd = H5Sget_simple_extent_dims(s, dims, NULL);
  PetscCheck(nd == 2 && dims[0] == (hsize_t)E * ncyc && dims[1] > 0 && dims[1] < ((hsize_t)1 << 30), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "j3o: %s: /warm/bound_basis: expected [E*K = %d][width > 0] (one row per cluster and duty cycle)", path, E * ncyc);
  *width   = (int)dims[1];
  start[0] = (hsize_t)edge_first * ncyc; start[1] = 0;
  count[0] = (hsize_t)(edge_last - edge_first) * ncyc; count[1] = dims[1];
  PetscCall(PetscCalloc1(count[0] * count[1] + 1, basis));
  PetscCall(PetscCalloc1(count[0] + 1, size));
  if (count[0] > 0) {
    hid_t m;
    J3oH5Call(H5Sselect_hyperslab(s, H5S_SELECT_SET, start, NULL, count, NULL));
    J3oH5Id(m, H5Screate_simple(2, count, NULL));
    J3oH5Call(H5Dread(d, H5T_NATIVE_UCHAR, m, s, H5P_DEFAULT, *basis));
    J3oH5Call(H5Sclose(m));
  }
  J3oH5Call(H5Sclose(s));
  J3oH5Call(H5Dclose(d));
  J3oH5Id(d, H5Dopen2(f, "warm/bound_basis_size", H5P_DEFAULT));
  J3oH5Id(s, H5Dget_space(d));
  nd = H5Sget_simple_extent_dims(s, dims, NULL);
  PetscCheck(nd == 1 && dims[0] == (hsize_t)E * ncyc, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "j3o: %s: /warm/bound_basis_size: expected [E*K = %d]", path, E * ncyc);
  if (count[0] > 0) {
    hid_t m;
    J3oH5Call(H5Sselect_hyperslab(s, H5S_SELECT_SET, start, NULL, count, NULL));
    J3oH5Id(m, H5Screate_simple(1, count, NULL));
    J3oH5Call(H5Dread(d, H5T_NATIVE_INT, m, s, H5P_DEFAULT, *size));
    J3oH5Call(H5Sclose(m));
  }
  J3oH5Call(H5Sclose(s));
  J3oH5Call(H5Dclose(d));
  J3oH5Call(H5Fclose(f));
  for (hsize_t q = 0; q < count[0]; q++) PetscCheck((*size)[q] >= 0 && (*size)[q] <= *width, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "j3o: %s: /warm/bound_basis_size: row %d: %d is not in [0, width %d]", path, (int)(start[0] + q), (*size)[q], *width);
  PetscFunctionReturn(0);
}
