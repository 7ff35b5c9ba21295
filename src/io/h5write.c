/* h5write.c: HDF5 writing helpers: attributes, (chunked, deflated) arrays, fixed-length strings, atomic files. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include "io/h5util.h"

/* Fixed-length ASCII NUL-terminated string type holding `size` bytes (size >= 1). */
static PetscErrorCode StringType(size_t size, hid_t *t)
{
  PetscFunctionBegin;
  J3oH5Id(*t, H5Tcopy(H5T_C_S1));
  J3oH5Call(H5Tset_size(*t, size ? size : 1));
  J3oH5Call(H5Tset_strpad(*t, H5T_STR_NULLTERM));
  J3oH5Call(H5Tset_cset(*t, H5T_CSET_ASCII));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteScalarAttr(hid_t obj, const char *name, hid_t filetype, hid_t memtype, const void *v)
{
  hid_t s, a;

  PetscFunctionBegin;
  J3oH5Id(s, H5Screate(H5S_SCALAR));
  J3oH5Id(a, H5Acreate2(obj, name, filetype, s, H5P_DEFAULT, H5P_DEFAULT));
  J3oH5Call(H5Awrite(a, memtype, v));
  J3oH5Call(H5Aclose(a));
  J3oH5Call(H5Sclose(s));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5WriteAttrStr(hid_t obj, const char *name, const char *value)
{
  hid_t t;

  PetscFunctionBegin;
  PetscCall(StringType(strlen(value) + 1, &t));
  PetscCall(WriteScalarAttr(obj, name, t, t, value));
  J3oH5Call(H5Tclose(t));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5WriteAttrF64(hid_t obj, const char *name, double value)
{
  PetscFunctionBegin;
  PetscCall(WriteScalarAttr(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5WriteAttrI32(hid_t obj, const char *name, int value)
{
  PetscFunctionBegin;
  PetscCall(WriteScalarAttr(obj, name, H5T_STD_I32LE, H5T_NATIVE_INT, &value));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5WriteArray(hid_t loc, const char *name, hid_t filetype, hid_t memtype, int rank,
                               const hsize_t *dims, const void *buf)
{
  hid_t   s, d, dcpl, lcpl;
  hsize_t n = 1, row = 1, chunk[H5S_MAX_RANK];

  PetscFunctionBegin;
  PetscCheck(rank >= 1 && rank <= H5S_MAX_RANK, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "rank %d", rank);
  for (int i = 0; i < rank; i++) n *= dims[i];
  for (int i = 1; i < rank; i++) row *= dims[i];
  J3oH5Id(s, H5Screate_simple(rank, dims, NULL));
  J3oH5Id(dcpl, H5Pcreate(H5P_DATASET_CREATE));
  J3oH5Id(lcpl, H5Pcreate(H5P_LINK_CREATE));
  J3oH5Call(H5Pset_create_intermediate_group(lcpl, 1));
  if (n > J3O_H5_CHUNK_ELEMS) {
    /* whole rows, about J3O_H5_CHUNK_ELEMS elements per chunk, so a rank's row range reads few chunks */
    chunk[0] = J3O_H5_CHUNK_ELEMS / row;
    if (chunk[0] < 1) chunk[0] = 1;
    if (chunk[0] > dims[0]) chunk[0] = dims[0];
    for (int i = 1; i < rank; i++) chunk[i] = dims[i];
    J3oH5Call(H5Pset_chunk(dcpl, rank, chunk));
    if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) J3oH5Call(H5Pset_deflate(dcpl, 4));
  }
  J3oH5Id(d, H5Dcreate2(loc, name, filetype, s, lcpl, dcpl, H5P_DEFAULT));
  if (n > 0) J3oH5Call(H5Dwrite(d, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf));
  J3oH5Call(H5Dclose(d));
  J3oH5Call(H5Pclose(lcpl));
  J3oH5Call(H5Pclose(dcpl));
  J3oH5Call(H5Sclose(s));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5WriteStrings(hid_t loc, const char *name, hsize_t n, char *const *str)
{
  size_t  w = 1;
  char   *buf;
  hid_t   t;
  hsize_t dims[1] = {n};

  PetscFunctionBegin;
  for (hsize_t i = 0; i < n; i++) w = PetscMax(w, strlen(str[i]) + 1);
  PetscCall(PetscCalloc1(n * w + 1, &buf));
  for (hsize_t i = 0; i < n; i++) memcpy(buf + i * w, str[i], strlen(str[i]));
  PetscCall(StringType(w, &t));
  PetscCall(J3oH5WriteArray(loc, name, t, t, 1, dims, buf));
  J3oH5Call(H5Tclose(t));
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5CreateAtomic(const char *path, char *tmp, hid_t *file)
{
  int    fd, k;
  mode_t um;
  hid_t  fapl;

  PetscFunctionBegin;
  *file = -1;
  k     = snprintf(tmp, PETSC_MAX_PATH_LEN, "%s.tmp.XXXXXX", path);
  PetscCheck(k > 0 && k < PETSC_MAX_PATH_LEN, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "j3o: %s: path too long", path);
  fd = mkstemp(tmp);
  PetscCheck(fd >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "j3o: %s: cannot create a temporary file next to it: %s",
             path, strerror(errno));
  /* mkstemp makes the file 0600; give the final file the usual umask permissions */
  um = umask(0);
  umask(um);
  (void)fchmod(fd, 0666 & ~um);
  close(fd);
  J3oH5Id(fapl, H5Pcreate(H5P_FILE_ACCESS));
  /* STRONG: closing the file closes every object left open by a failed write */
  J3oH5Call(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG));
  *file = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  (void)H5Pclose(fapl);
  if (*file < 0) {
    (void)unlink(tmp);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "j3o: %s: cannot create HDF5 file %s", path, tmp);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5FinishAtomic(hid_t file, const char *tmp, const char *path, PetscErrorCode ierr)
{
  herr_t closed = file >= 0 ? H5Fclose(file) : -1;

  PetscFunctionBegin;
  if (ierr) {
    (void)unlink(tmp);
    PetscFunctionReturn(ierr);
  }
  if (closed < 0) {
    (void)unlink(tmp);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "j3o: %s: closing the HDF5 file failed", path);
  }
  if (rename(tmp, path)) {
    int e = errno;
    (void)unlink(tmp);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "j3o: %s: cannot rename %s to it: %s", path, tmp, strerror(e));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5WriteRows(hid_t loc, const char *name, hid_t ftype, hid_t mtype, int rank, hsize_t dim0,
                              hsize_t cols, hsize_t row0, hsize_t nrows, const void *buf, hid_t dxpl, PetscBool deflate)
{
  hsize_t dims[2] = {dim0, cols}, start[2] = {row0, 0}, count[2] = {nrows, cols}, chunk[2] = {1, cols};
  hid_t   fspace, mspace, dset, dcpl                                                       = H5P_DEFAULT;
  char    dummy = 0;

  PetscFunctionBegin;
  J3oH5Id(fspace, H5Screate_simple(rank, dims, NULL));
  if (deflate && dim0 > 0 && cols > 0) { /* chunks of whole rows, about J3O_H5_CHUNK_ELEMS elements */
    chunk[0] = PetscMax(1, PetscMin(dim0, (hsize_t)J3O_H5_CHUNK_ELEMS / cols));
    J3oH5Id(dcpl, H5Pcreate(H5P_DATASET_CREATE));
    J3oH5Call(H5Pset_chunk(dcpl, rank, chunk));
    J3oH5Call(H5Pset_deflate(dcpl, 4));
  }
  J3oH5Id(dset, H5Dcreate2(loc, name, ftype, fspace, H5P_DEFAULT, dcpl, H5P_DEFAULT));
  if (dim0 > 0 && cols > 0) {
    J3oH5Id(mspace, H5Screate_simple(rank, count, NULL));
    if (nrows > 0) J3oH5Call(H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL));
    else {
      J3oH5Call(H5Sselect_none(fspace));
      J3oH5Call(H5Sselect_none(mspace));
    }
    J3oH5Call(H5Dwrite(dset, mtype, mspace, fspace, dxpl, nrows ? buf : (const void *)&dummy));
    J3oH5Call(H5Sclose(mspace));
  }
  if (dcpl != H5P_DEFAULT) J3oH5Call(H5Pclose(dcpl));
  J3oH5Call(H5Dclose(dset));
  J3oH5Call(H5Sclose(fspace));
  PetscFunctionReturn(0);
}
