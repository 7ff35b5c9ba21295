/* h5check.h: the project's HDF5 return-code checks (HDF5 calls return a negative value on failure). */
#ifndef J3O_H5CHECK_H
#define J3O_H5CHECK_H

#include <hdf5.h>
#include <petscsys.h>

/* For writers and trusted files: a failing HDF5 call is a library error. */
#define J3oH5Call(call) \
  do { \
    if ((call) < 0) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "HDF5 call failed: %s", #call); \
  } while (0)

/* Same, keeping the returned identifier: J3oH5Id(dset, H5Dcreate2(...)). */
#define J3oH5Id(id, call) \
  do { \
    if (((id) = (call)) < 0) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "HDF5 call failed: %s", #call); \
  } while (0)

/* Closes an identifier if open and marks it closed (cleanup paths; ignores failures). */
#define J3oH5Close(fn, id) \
  do { \
    if ((id) >= 0) (void)fn(id); \
    (id) = -1; \
  } while (0)

#endif
