/* h5util.h: private HDF5 helpers shared by the instance and result readers and writers. */
#ifndef J3O_H5UTIL_H
#define J3O_H5UTIL_H

#include <hdf5.h>
#include <petscsys.h>
#include <stdint.h>
#include "io/h5check.h"
#include "j3o/result.h"

/* Largest array one rank may be asked to hold from a file (16 GiB); checked before allocating. */
#define J3O_H5_MAX_BYTES ((uint64_t)1 << 34)
/* Longest string content accepted (names): J3oInstance.name is char[256]. */
#define J3O_H5_MAX_STR 255
/* Writers chunk and deflate datasets with more elements than this. */
#define J3O_H5_CHUNK_ELEMS 65536

/* Soft validation state of a reader. Helpers never raise a PETSc error for bad input:
   they record the first broken rule as "j3o: FILE: WHERE: RULE" in msg, set bad, and
   return 0; callers test `bad` (see J3oH5Try). A PETSc error is returned only when
   something other than the file broke (out of memory). WHERE is a dataset path
   ("/tasks/input_mb") or an attribute as "/object@attribute" ("/params@rho", "/@format"). */
typedef struct {
  const char *file;      /* file name as given, used in messages */
  PetscBool   bad;       /* set once a rule is broken */
  char        msg[1024]; /* the first broken rule, one line without newline */
} J3oH5Check;

/* Calls a helper and returns from the calling function (with 0) once c->bad is set. */
#define J3oH5Try(c, call) \
  do { \
    PetscCall(call); \
    if ((c)->bad) PetscFunctionReturn(0); \
  } while (0)

/* Element classes a dataset or attribute may be required to hold. */
typedef enum {
  J3O_H5_FLOAT, /* H5T_FLOAT of 4 or 8 bytes, read as double */
  J3O_H5_INT,   /* H5T_INTEGER of any width, read as int64_t (range checks are the caller's) */
  J3O_H5_STRING /* fixed or variable length, ASCII or UTF-8 with ASCII content */
} J3oH5Kind;

/* Any extent in a `want` shape. */
#define J3O_H5_ANY ((hsize_t)-1)

void J3oH5CheckInit(J3oH5Check *c, const char *file);
/* Records a broken rule (only the first one is kept). Always returns 0. */
PetscErrorCode J3oH5Fail(J3oH5Check *c, const char *where, const char *fmt, ...) PETSC_ATTRIBUTE_FORMAT(3, 4);
/* Prints c->msg to stderr as one line and keeps it for J3oH5LastError. */
PetscErrorCode J3oH5Report(const J3oH5Check *c);
/* The last line printed by J3oH5Report in this process ("" if none): for tests. */
const char *J3oH5LastError(void);
/* Collective on comm: every rank learns whether any rank is bad (c->bad is set on all);
   the lowest bad rank prints its own message, so exactly one line appears. */
PetscErrorCode J3oH5Agree(MPI_Comm comm, J3oH5Check *c);

/* Root identity of a j3o file: /@format equal to `format` and /@version equal to 1 (soft check). */
PetscErrorCode J3oH5CheckIdentity(J3oH5Check *c, hid_t f, const char *format);

/* Closes the HDF5 library now with its stderr diverted: after a failed open of a corrupt file its
   exit-time shutdown would print "infinite loop closing library" (call once, before PetscFinalize). */
void J3oH5Shutdown(void);

/* Turns HDF5's own error-stack printing off (saving the old handler) and back on. */
typedef struct {
  H5E_auto2_t func;
  void       *data;
} J3oH5Quiet;
void J3oH5QuietBegin(J3oH5Quiet *q);
void J3oH5QuietEnd(const J3oH5Quiet *q);

/* Rejects n elements of elsize bytes beyond J3O_H5_MAX_BYTES (overflow-safe). */
PetscErrorCode J3oH5CheckBytes(J3oH5Check *c, const char *where, uint64_t n, size_t elsize);

/* Dataset `path` must exist (unless `optional`: then *exists says), hold `kind` and have
   `rank` dimensions; want[rank] (NULL: any) gives required extents, J3O_H5_ANY for free ones.
   dims[rank] receives the extents. An H5S_NULL dataspace counts as rank 1, extent 0.
   sym names the shape in messages, e.g. "[M][T]" (may be NULL). */
PetscErrorCode J3oH5Shape(J3oH5Check *c, hid_t loc, const char *path, J3oH5Kind kind, int rank, const char *sym,
                          const hsize_t *want, hsize_t *dims, PetscBool optional, PetscBool *exists);

/* Reads rows [row0, row0+nrows) of a rank-1 or rank-2 dataset (all columns) into buf,
   converted to double / int64_t. Shape and class must have been checked with J3oH5Shape. */
PetscErrorCode J3oH5ReadRowsF64(J3oH5Check *c, hid_t loc, const char *path, hsize_t row0, hsize_t nrows, double *buf);
PetscErrorCode J3oH5ReadRowsI64(J3oH5Check *c, hid_t loc, const char *path, hsize_t row0, hsize_t nrows, int64_t *buf);
/* The same for an integer dataset of `width` columns read as bytes: as stored when it is unsigned 8-bit,
   else each value checked to be in [0, 255] (the first other one is an error naming its row). */
PetscErrorCode J3oH5ReadRowsBytes(J3oH5Check *c, hid_t loc, const char *path, hsize_t row0, hsize_t nrows,
                                  hsize_t width, unsigned char *buf);

/* Reads the n strings of a rank-1 string dataset; out[i] is PetscMalloc'ed (free each with
   PetscFree). Content must be ASCII, at most J3O_H5_MAX_STR bytes. On failure out[] holds
   NULL or allocated strings (free them all). */
PetscErrorCode J3oH5ReadStrings(J3oH5Check *c, hid_t loc, const char *path, hsize_t n, char **out);

/* Required attribute `attr` of object `obj` (a path such as "/" or "/params"): scalar or one element. */
PetscErrorCode J3oH5ReadAttrF64(J3oH5Check *c, hid_t loc, const char *obj, const char *attr, double *v);
PetscErrorCode J3oH5ReadAttrI64(J3oH5Check *c, hid_t loc, const char *obj, const char *attr, int64_t *v);
/* String attribute into buf[len] (NUL-terminated; longer content is an error). */
PetscErrorCode J3oH5ReadAttrStr(J3oH5Check *c, hid_t loc, const char *obj, const char *attr, char *buf, size_t len);
/* A path attribute (a result's /@instance, /@previous: as the user typed it, in any encoding): like
   J3oH5ReadAttrStr without the ASCII rule. */
PetscErrorCode J3oH5ReadAttrPath(J3oH5Check *c, hid_t loc, const char *obj, const char *attr, char *buf, size_t len);
/* n strings of dataset `path` of any bytes (names a user gave: /edges/name, /clients/name). */
PetscErrorCode J3oH5ReadNames(J3oH5Check *c, hid_t loc, const char *path, hsize_t n, char **out);

/* Every value finite; with lo_strict / lo: every value > lo or >= lo (row-major rows x cols). */
PetscErrorCode J3oH5CheckFinite(J3oH5Check *c, const char *where, const double *v, size_t n, size_t cols, int64_t row0);
PetscErrorCode J3oH5CheckLower(J3oH5Check *c, const char *where, const double *v, size_t n, size_t cols, int64_t row0,
                               double lo, PetscBool strict);

/* Writers (PETSC_ERR_LIB on HDF5 failure). Strings are written fixed-length ASCII, NUL-terminated. */
PetscErrorCode J3oH5WriteAttrStr(hid_t obj, const char *name, const char *value);
PetscErrorCode J3oH5WriteAttrF64(hid_t obj, const char *name, double value);
PetscErrorCode J3oH5WriteAttrI32(hid_t obj, const char *name, int value);
/* Creates dataset `name` in loc with the given file type and writes buf (memory type memtype).
   More than J3O_H5_CHUNK_ELEMS elements: chunked along dim 0 and deflate-compressed. */
PetscErrorCode J3oH5WriteArray(hid_t loc, const char *name, hid_t filetype, hid_t memtype, int rank,
                               const hsize_t *dims, const void *buf);
PetscErrorCode J3oH5WriteStrings(hid_t loc, const char *name, hsize_t n, char *const *s);

/* Atomic file creation: J3oH5CreateAtomic makes a temporary file next to `path` (tmp receives
   its name, length PETSC_MAX_PATH_LEN) opened for writing with close degree STRONG; after
   writing, J3oH5FinishAtomic(file, tmp, path, ierr) closes it and renames it to path when ierr
   is 0, or removes it otherwise, returning ierr (or the close/rename error). */
/* Collective: creates dataset `name` [dim0] or [dim0][cols] (chunked by rows and deflated when
   deflate) and writes rows [row0, row0+nrows) of it from buf; a rank with no rows selects none. */
PetscErrorCode J3oH5WriteRows(hid_t loc, const char *name, hid_t ftype, hid_t mtype, int rank, hsize_t dim0,
                              hsize_t cols, hsize_t row0, hsize_t nrows, const void *buf, hid_t dxpl,
                              PetscBool deflate);
/* Collective: the result's bound-LP bases as /warm/bound_basis u8 [E*K][width], /warm/bound_basis_size
   i32 [E*K] and /warm/bound_basis_dual u8 [E*K], its offloading-LP bases as /warm/offload_basis and
   /warm/offload_basis_size alike, chunked and deflated, and the clusters' search gaps as
   /warm/search_gap f64 [E]; nothing when r->bound_bases.width is 0 (warm_write.c). */
PetscErrorCode J3oWarmWrite(hid_t file, hid_t dxpl, int E, const J3oResult *r);
/* A previous result's /warm group for the clusters in holds, into p's warm fields (warm_read.c). */
PetscErrorCode J3oWarmRead(J3oH5Check *c, hid_t f, const J3oInstance *in, J3oPrevious *p);
PetscErrorCode J3oH5CreateAtomic(const char *path, char *tmp, hid_t *file);
PetscErrorCode J3oH5FinishAtomic(hid_t file, const char *tmp, const char *path, PetscErrorCode ierr);

#endif
