/* h5util.c: soft-validating HDF5 reading helpers: messages, shapes, rows, strings, attributes, value rules. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include "io/h5util.h"

static char j3o_h5_last_error[1024];

void J3oH5CheckInit(J3oH5Check *c, const char *file)
{
  c->file   = file;
  c->bad    = PETSC_FALSE;
  c->msg[0] = '\0';
}

PetscErrorCode J3oH5Fail(J3oH5Check *c, const char *where, const char *fmt, ...)
{
  va_list ap;
  int     k;

  PetscFunctionBegin;
  if (c->bad) PetscFunctionReturn(0);
  c->bad = PETSC_TRUE;
  k      = snprintf(c->msg, sizeof c->msg, "j3o: %s: %s: ", c->file, where);
  if (k < 0) k = 0;
  if ((size_t)k >= sizeof c->msg) k = (int)sizeof c->msg - 1;
  va_start(ap, fmt);
  vsnprintf(c->msg + k, sizeof c->msg - (size_t)k, fmt, ap);
  va_end(ap);
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5Report(const J3oH5Check *c)
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(j3o_h5_last_error, c->msg, sizeof j3o_h5_last_error));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR, "%s\n", c->msg));
  PetscFunctionReturn(0);
}

const char *J3oH5LastError(void)
{
  return j3o_h5_last_error;
}

PetscErrorCode J3oH5Agree(MPI_Comm comm, J3oH5Check *c)
{
  PetscMPIInt rank, size, mine, first;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  mine = c->bad ? rank : size;
  PetscCallMPI(MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm));
  if (first == size) PetscFunctionReturn(0);
  if (first == rank) PetscCall(J3oH5Report(c));
  else if (!c->bad) {
    c->bad = PETSC_TRUE;
    snprintf(c->msg, sizeof c->msg, "j3o: %s: invalid (reported by rank %d)", c->file, first);
  }
  PetscFunctionReturn(0);
}

void J3oH5QuietBegin(J3oH5Quiet *q)
{
  if (H5Eget_auto2(H5E_DEFAULT, &q->func, &q->data) < 0) {
    q->func = NULL;
    q->data = NULL;
  }
  (void)H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void J3oH5QuietEnd(const J3oH5Quiet *q)
{
  (void)H5Eset_auto2(H5E_DEFAULT, q->func, q->data);
}

PetscErrorCode J3oH5CheckBytes(J3oH5Check *c, const char *where, uint64_t n, size_t elsize)
{
  PetscFunctionBegin;
  if (elsize && n > J3O_H5_MAX_BYTES / elsize)
    PetscCall(J3oH5Fail(c, where, "too large: %llu elements of %zu bytes exceed the limit of %llu bytes per rank",
                        (unsigned long long)n, elsize, (unsigned long long)J3O_H5_MAX_BYTES));
  PetscFunctionReturn(0);
}

static const char *ClassName(H5T_class_t cls)
{
  switch (cls) {
  case H5T_INTEGER:
    return "integer";
  case H5T_FLOAT:
    return "floating point";
  case H5T_STRING:
    return "string";
  case H5T_BITFIELD:
    return "bitfield";
  case H5T_OPAQUE:
    return "opaque";
  case H5T_COMPOUND:
    return "compound";
  case H5T_REFERENCE:
    return "reference";
  case H5T_ENUM:
    return "enum";
  case H5T_VLEN:
    return "variable-length sequence";
  case H5T_ARRAY:
    return "array";
  default:
    return "unknown";
  }
}

/* Type rule of `kind` for an HDF5 type; *ok = false with a reason in why[len]. */
static void CheckKind(hid_t type, J3oH5Kind kind, PetscBool *ok, char *why, size_t len)
{
  H5T_class_t cls  = H5Tget_class(type);
  size_t      size = H5Tget_size(type);

  *ok = PETSC_TRUE;
  switch (kind) {
  case J3O_H5_FLOAT:
    if (cls != H5T_FLOAT)
      snprintf(why, len, "must be f64 (floating point), found %s", ClassName(cls)), *ok = PETSC_FALSE;
    else if (size != 4 && size != 8) snprintf(why, len, "must be f64, found a %zu-byte float", size), *ok = PETSC_FALSE;
    break;
  case J3O_H5_INT:
    if (cls != H5T_INTEGER) snprintf(why, len, "must be an integer type, found %s", ClassName(cls)), *ok = PETSC_FALSE;
    break;
  case J3O_H5_STRING:
    if (cls != H5T_STRING) snprintf(why, len, "must be a string, found %s", ClassName(cls)), *ok = PETSC_FALSE;
    else {
      H5T_cset_t cs = H5Tget_cset(type);
      if (cs != H5T_CSET_ASCII && cs != H5T_CSET_UTF8)
        snprintf(why, len, "must be an ASCII or UTF-8 string"), *ok = PETSC_FALSE;
    }
    break;
  }
}

/* True when every component of path exists (H5Lexists needs the parents to exist). */
static PetscBool PathExists(hid_t loc, const char *path)
{
  char   buf[512];
  size_t n = strlen(path);

  if (n == 0 || n >= sizeof buf) return PETSC_FALSE;
  memcpy(buf, path, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (buf[i] != '/' && buf[i] != '\0') continue;
    char save = buf[i];
    buf[i]    = '\0';
    htri_t e  = H5Lexists(loc, buf, H5P_DEFAULT);
    buf[i]    = save;
    if (e <= 0) return PETSC_FALSE;
  }
  return PETSC_TRUE;
}

static void FormatDims(char *buf, size_t len, int rank, const hsize_t *d)
{
  size_t k = 0;
  buf[0]   = '\0';
  for (int i = 0; i < rank && k < len; i++) {
    int w = d[i] == J3O_H5_ANY ? snprintf(buf + k, len - k, "[*]")
                               : snprintf(buf + k, len - k, "[%llu]", (unsigned long long)d[i]);
    if (w < 0) break;
    k += (size_t)w;
  }
}

PetscErrorCode J3oH5Shape(J3oH5Check *c, hid_t loc, const char *path, J3oH5Kind kind, int rank, const char *sym,
                          const hsize_t *want, hsize_t *dims, PetscBool optional, PetscBool *exists)
{
  hid_t     d = -1, t = -1, s = -1;
  PetscBool ok;
  char      why[256];
  hsize_t   got[H5S_MAX_RANK];
  int       nd;

  PetscFunctionBegin;
  if (exists) *exists = PETSC_FALSE;
  for (int i = 0; i < rank; i++) dims[i] = 0;
  if (!PathExists(loc, path)) {
    if (!optional) PetscCall(J3oH5Fail(c, path, "missing (required dataset)"));
    PetscFunctionReturn(0);
  }
  if ((d = H5Dopen2(loc, path, H5P_DEFAULT)) < 0) {
    PetscCall(J3oH5Fail(c, path, "must be a dataset (cannot open it as one)"));
    goto done;
  }
  if (exists) *exists = PETSC_TRUE;
  if ((t = H5Dget_type(d)) < 0 || (s = H5Dget_space(d)) < 0) {
    PetscCall(J3oH5Fail(c, path, "unreadable type or dataspace"));
    goto done;
  }
  CheckKind(t, kind, &ok, why, sizeof why);
  if (!ok) {
    PetscCall(J3oH5Fail(c, path, "%s", why));
    goto done;
  }
  switch (H5Sget_simple_extent_type(s)) {
  case H5S_NULL:
    nd     = 1;
    got[0] = 0;
    break;
  case H5S_SCALAR:
    nd = 0;
    break;
  case H5S_SIMPLE:
    nd = H5Sget_simple_extent_ndims(s);
    if (nd < 0 || H5Sget_simple_extent_dims(s, got, NULL) < 0) nd = -1;
    break;
  default:
    nd = -1;
  }
  if (nd < 0) {
    PetscCall(J3oH5Fail(c, path, "unreadable dataspace"));
    goto done;
  }
  if (nd != rank) {
    PetscCall(J3oH5Fail(c, path, "must have %d dimension%s%s%s, found %d", rank, rank == 1 ? "" : "s", sym ? " " : "",
                        sym ? sym : "", nd));
    goto done;
  }
  for (int i = 0; i < rank; i++) dims[i] = got[i];
  if (want) {
    for (int i = 0; i < rank; i++) {
      if (want[i] != J3O_H5_ANY && want[i] != got[i]) {
        char w[128], g[128];
        FormatDims(w, sizeof w, rank, want);
        FormatDims(g, sizeof g, rank, got);
        PetscCall(J3oH5Fail(c, path, "must have shape %s%s%s, found %s", sym ? sym : "", sym ? " = " : "", w, g));
        goto done;
      }
    }
  }
done:
  J3oH5Close(H5Sclose, s);
  J3oH5Close(H5Tclose, t);
  J3oH5Close(H5Dclose, d);
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadRows(J3oH5Check *c, hid_t loc, const char *path, hsize_t row0, hsize_t nrows, hid_t memtype,
                               void *buf)
{
  hid_t   d = -1, fs = -1, ms = -1;
  hsize_t dims[2] = {0, 1}, start[2] = {row0, 0}, count[2];
  int     nd;

  PetscFunctionBegin;
  if (nrows == 0) PetscFunctionReturn(0);
  if ((d = H5Dopen2(loc, path, H5P_DEFAULT)) < 0 || (fs = H5Dget_space(d)) < 0) {
    PetscCall(J3oH5Fail(c, path, "cannot be opened"));
    goto done;
  }
  nd = H5Sget_simple_extent_ndims(fs);
  if (nd < 1 || nd > 2 || H5Sget_simple_extent_dims(fs, dims, NULL) < 0 || row0 + nrows > dims[0]) {
    PetscCall(J3oH5Fail(c, path, "rows [%llu, %llu) are not in the dataset", (unsigned long long)row0,
                        (unsigned long long)(row0 + nrows)));
    goto done;
  }
  count[0] = nrows;
  count[1] = nd == 2 ? dims[1] : 1;
  if (nd == 2 && count[1] == 0) goto done;
  if (H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
      (ms = H5Screate_simple(nd, count, NULL)) < 0 || H5Dread(d, memtype, ms, fs, H5P_DEFAULT, buf) < 0) {
    PetscCall(J3oH5Fail(c, path, "cannot be read (corrupt or truncated file?)"));
    goto done;
  }
done:
  J3oH5Close(H5Sclose, ms);
  J3oH5Close(H5Sclose, fs);
  J3oH5Close(H5Dclose, d);
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5ReadRowsF64(J3oH5Check *c, hid_t loc, const char *path, hsize_t row0, hsize_t nrows, double *buf)
{
  PetscFunctionBegin;
  PetscCall(ReadRows(c, loc, path, row0, nrows, H5T_NATIVE_DOUBLE, buf));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5ReadRowsI64(J3oH5Check *c, hid_t loc, const char *path, hsize_t row0, hsize_t nrows, int64_t *buf)
{
  PetscFunctionBegin;
  PetscCall(ReadRows(c, loc, path, row0, nrows, H5T_NATIVE_INT64, buf));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5ReadRowsBytes(J3oH5Check *c, hid_t loc, const char *path, hsize_t row0, hsize_t nrows,
                                  hsize_t width, unsigned char *buf)
{
  hid_t     d = -1, t = -1;
  PetscBool u8;
  int64_t  *v;

  PetscFunctionBegin;
  if ((d = H5Dopen2(loc, path, H5P_DEFAULT)) < 0 || (t = H5Dget_type(d)) < 0) {
    J3oH5Close(H5Dclose, d);
    PetscCall(J3oH5Fail(c, path, "cannot be opened"));
    PetscFunctionReturn(0);
  }
  u8 = (PetscBool)(H5Tget_class(t) == H5T_INTEGER && H5Tget_size(t) == 1 && H5Tget_sign(t) == H5T_SGN_NONE);
  J3oH5Close(H5Tclose, t);
  J3oH5Close(H5Dclose, d);
  if (u8) { /* every value a byte: read as is (a tenth of the time and memory of 64-bit integers) */
    PetscCall(ReadRows(c, loc, path, row0, nrows, H5T_NATIVE_UCHAR, buf));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscMalloc1(nrows * width + 1, &v));
  PetscCall(ReadRows(c, loc, path, row0, nrows, H5T_NATIVE_INT64, v));
  for (hsize_t k = 0; k < nrows * width && !c->bad; k++) {
    if (v[k] < 0 || v[k] > 255) {
      PetscCall(J3oH5Fail(c, path, "row %llu: %lld is not a byte (0-255)", (unsigned long long)(row0 + k / width),
                          (long long)v[k]));
      break;
    }
    buf[k] = (unsigned char)v[k];
  }
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

/* Content of at most maxlen bytes, ASCII when `ascii` (else any bytes: a path); row < 0 for attributes. */
static PetscErrorCode CheckText(J3oH5Check *c, const char *where, const char *s, int64_t row, size_t maxlen,
                                PetscBool ascii)
{
  size_t n = strlen(s);

  PetscFunctionBegin;
  for (size_t i = 0; ascii && i < n; i++) {
    if ((unsigned char)s[i] >= 0x80) {
      if (row >= 0) PetscCall(J3oH5Fail(c, where, "must be ASCII (row %lld is not)", (long long)row));
      else PetscCall(J3oH5Fail(c, where, "must be ASCII"));
      PetscFunctionReturn(0);
    }
  }
  if (n > maxlen) {
    if (row >= 0) PetscCall(J3oH5Fail(c, where, "longer than %zu characters (row %lld)", maxlen, (long long)row));
    else PetscCall(J3oH5Fail(c, where, "longer than %zu characters", maxlen));
  }
  PetscFunctionReturn(0);
}

/* Reads n strings (fixed or variable length) from dataset or attribute `obj` into out[]. */
static PetscErrorCode ReadStringsFrom(J3oH5Check *c, const char *where, hid_t obj, PetscBool is_attr, hsize_t n,
                                      size_t maxlen, PetscBool ascii, char **out)
{
  hid_t  ft = -1, mt = -1, sp = -1;
  htri_t vl;

  PetscFunctionBegin;
  for (hsize_t i = 0; i < n; i++) out[i] = NULL;
  ft = is_attr ? H5Aget_type(obj) : H5Dget_type(obj);
  sp = is_attr ? H5Aget_space(obj) : H5Dget_space(obj);
  if (ft < 0 || sp < 0 || (vl = H5Tis_variable_str(ft)) < 0 || (mt = H5Tcopy(H5T_C_S1)) < 0) {
    PetscCall(J3oH5Fail(c, where, "unreadable string type"));
    goto done;
  }
  if (n == 0) goto done;
  if (H5Tset_cset(mt, H5Tget_cset(ft)) < 0) {
    PetscCall(J3oH5Fail(c, where, "unsupported string character set"));
    goto done;
  }
  if (vl) {
    char **v;
    herr_t st;
    PetscCall(J3oH5CheckBytes(c, where, n, sizeof(char *)));
    if (c->bad) goto done;
    PetscCall(PetscCalloc1(n, &v));
    if (H5Tset_size(mt, H5T_VARIABLE) < 0) st = -1;
    else st = is_attr ? H5Aread(obj, mt, v) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
    if (st < 0) PetscCall(J3oH5Fail(c, where, "cannot be read (corrupt or truncated file?)"));
    for (hsize_t i = 0; i < n && !c->bad; i++) {
      PetscCall(CheckText(c, where, v[i] ? v[i] : "", is_attr ? -1 : (int64_t)i, maxlen, ascii));
      if (!c->bad) PetscCall(PetscStrallocpy(v[i] ? v[i] : "", &out[i]));
    }
    if (st >= 0) (void)H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, v);
    PetscCall(PetscFree(v));
  } else {
    size_t sz = H5Tget_size(ft);
    char  *buf;
    /* one extra byte per string so a full-width fixed string comes back NUL-terminated */
    PetscCall(J3oH5CheckBytes(c, where, n, sz + 1));
    if (c->bad) goto done;
    if (sz == 0 || H5Tset_size(mt, sz + 1) < 0 || H5Tset_strpad(mt, H5T_STR_NULLTERM) < 0) {
      PetscCall(J3oH5Fail(c, where, "unsupported string type"));
      goto done;
    }
    PetscCall(PetscCalloc1(n * (sz + 1), &buf));
    if ((is_attr ? H5Aread(obj, mt, buf) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)) < 0)
      PetscCall(J3oH5Fail(c, where, "cannot be read (corrupt or truncated file?)"));
    for (hsize_t i = 0; i < n && !c->bad; i++) {
      char *s = buf + i * (sz + 1);
      s[sz]   = '\0';
      PetscCall(CheckText(c, where, s, is_attr ? -1 : (int64_t)i, maxlen, ascii));
      if (!c->bad) PetscCall(PetscStrallocpy(s, &out[i]));
    }
    PetscCall(PetscFree(buf));
  }
done:
  J3oH5Close(H5Tclose, mt);
  J3oH5Close(H5Sclose, sp);
  J3oH5Close(H5Tclose, ft);
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadDatasetStrings(J3oH5Check *c, hid_t loc, const char *path, hsize_t n, PetscBool ascii,
                                         char **out)
{
  hid_t d;

  PetscFunctionBegin;
  for (hsize_t i = 0; i < n; i++) out[i] = NULL;
  if ((d = H5Dopen2(loc, path, H5P_DEFAULT)) < 0) {
    PetscCall(J3oH5Fail(c, path, "cannot be opened"));
    PetscFunctionReturn(0);
  }
  PetscCall(ReadStringsFrom(c, path, d, PETSC_FALSE, n, J3O_H5_MAX_STR, ascii, out));
  (void)H5Dclose(d);
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5ReadStrings(J3oH5Check *c, hid_t loc, const char *path, hsize_t n, char **out)
{
  PetscFunctionBegin;
  PetscCall(ReadDatasetStrings(c, loc, path, n, PETSC_TRUE, out));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5ReadNames(J3oH5Check *c, hid_t loc, const char *path, hsize_t n, char **out)
{
  PetscFunctionBegin;
  PetscCall(ReadDatasetStrings(c, loc, path, n, PETSC_FALSE, out));
  PetscFunctionReturn(0);
}

/* Opens attribute obj@attr after checking presence, kind and single-value dataspace. */
static PetscErrorCode OpenAttr(J3oH5Check *c, hid_t loc, const char *obj, const char *attr, J3oH5Kind kind, char *where,
                               size_t wlen, hid_t *a)
{
  hid_t     t = -1, s = -1;
  PetscBool ok;
  char      why[256];

  PetscFunctionBegin;
  *a = -1;
  snprintf(where, wlen, "%s@%s", obj, attr);
  if ((strcmp(obj, "/") && !PathExists(loc, obj)) || H5Aexists_by_name(loc, obj, attr, H5P_DEFAULT) <= 0) {
    PetscCall(J3oH5Fail(c, where, "missing (required attribute)"));
    PetscFunctionReturn(0);
  }
  if ((*a = H5Aopen_by_name(loc, obj, attr, H5P_DEFAULT, H5P_DEFAULT)) < 0 || (t = H5Aget_type(*a)) < 0 ||
      (s = H5Aget_space(*a)) < 0) {
    PetscCall(J3oH5Fail(c, where, "cannot be opened"));
    goto done;
  }
  CheckKind(t, kind, &ok, why, sizeof why);
  if (!ok) PetscCall(J3oH5Fail(c, where, "%s", why));
  else if (H5Sget_simple_extent_npoints(s) != 1) PetscCall(J3oH5Fail(c, where, "must be a single value"));
done:
  J3oH5Close(H5Sclose, s);
  J3oH5Close(H5Tclose, t);
  if (c->bad) J3oH5Close(H5Aclose, *a);
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadAttrNum(J3oH5Check *c, hid_t loc, const char *obj, const char *attr, J3oH5Kind kind,
                                  hid_t memtype, void *v)
{
  hid_t a;
  char  where[512];

  PetscFunctionBegin;
  PetscCall(OpenAttr(c, loc, obj, attr, kind, where, sizeof where, &a));
  if (c->bad) PetscFunctionReturn(0);
  if (H5Aread(a, memtype, v) < 0) PetscCall(J3oH5Fail(c, where, "cannot be read"));
  (void)H5Aclose(a);
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5ReadAttrF64(J3oH5Check *c, hid_t loc, const char *obj, const char *attr, double *v)
{
  PetscFunctionBegin;
  *v = 0;
  PetscCall(ReadAttrNum(c, loc, obj, attr, J3O_H5_FLOAT, H5T_NATIVE_DOUBLE, v));
  if (!c->bad && !isfinite(*v)) {
    char where[512];
    snprintf(where, sizeof where, "%s@%s", obj, attr);
    PetscCall(J3oH5Fail(c, where, "must be finite (is %g)", *v));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5ReadAttrI64(J3oH5Check *c, hid_t loc, const char *obj, const char *attr, int64_t *v)
{
  PetscFunctionBegin;
  *v = 0;
  PetscCall(ReadAttrNum(c, loc, obj, attr, J3O_H5_INT, H5T_NATIVE_INT64, v));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadAttrText(J3oH5Check *c, hid_t loc, const char *obj, const char *attr, PetscBool ascii,
                                   char *buf, size_t len)
{
  hid_t a;
  char  where[512], *s = NULL;

  PetscFunctionBegin;
  buf[0] = '\0';
  PetscCall(OpenAttr(c, loc, obj, attr, J3O_H5_STRING, where, sizeof where, &a));
  if (c->bad) PetscFunctionReturn(0);
  PetscCall(ReadStringsFrom(c, where, a, PETSC_TRUE, 1, len - 1, ascii, &s));
  (void)H5Aclose(a);
  if (s) PetscCall(PetscStrncpy(buf, s, len));
  PetscCall(PetscFree(s));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5ReadAttrStr(J3oH5Check *c, hid_t loc, const char *obj, const char *attr, char *buf, size_t len)
{
  PetscFunctionBegin;
  PetscCall(ReadAttrText(c, loc, obj, attr, PETSC_TRUE, buf, len));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5ReadAttrPath(J3oH5Check *c, hid_t loc, const char *obj, const char *attr, char *buf, size_t len)
{
  PetscFunctionBegin;
  PetscCall(ReadAttrText(c, loc, obj, attr, PETSC_FALSE, buf, len));
  PetscFunctionReturn(0);
}

/* Position of element k of a rows x cols block starting at global row row0, for messages. */
static void Position(char *buf, size_t len, size_t k, size_t cols, int64_t row0)
{
  if (cols <= 1) snprintf(buf, len, "row %lld", (long long)(row0 + (int64_t)k));
  else snprintf(buf, len, "row %lld, column %zu", (long long)(row0 + (int64_t)(k / cols)), k % cols);
}

PetscErrorCode J3oH5CheckFinite(J3oH5Check *c, const char *where, const double *v, size_t n, size_t cols, int64_t row0)
{
  PetscFunctionBegin;
  for (size_t k = 0; k < n; k++) {
    if (!isfinite(v[k])) {
      char pos[96];
      Position(pos, sizeof pos, k, cols, row0);
      PetscCall(J3oH5Fail(c, where, "must be finite (%s is %g)", pos, v[k]));
      break;
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oH5CheckLower(J3oH5Check *c, const char *where, const double *v, size_t n, size_t cols, int64_t row0,
                               double lo, PetscBool strict)
{
  PetscFunctionBegin;
  for (size_t k = 0; k < n; k++) {
    if (strict ? !(v[k] > lo) : !(v[k] >= lo)) {
      char pos[96];
      Position(pos, sizeof pos, k, cols, row0);
      PetscCall(J3oH5Fail(c, where, "must be %s %g (%s is %g)", strict ? ">" : ">=", lo, pos, v[k]));
      break;
    }
  }
  PetscFunctionReturn(0);
}

/* Root identity of a j3o file: /@format equal to `format`, /@version equal to 1. */
PetscErrorCode J3oH5CheckIdentity(J3oH5Check *c, hid_t f, const char *format)
{
  char    buf[64];
  int64_t version;

  PetscFunctionBegin;
  J3oH5Try(c, J3oH5ReadAttrStr(c, f, "/", "format", buf, sizeof buf));
  if (strcmp(buf, format)) J3oH5Try(c, J3oH5Fail(c, "/@format", "must be \"%s\" (is \"%s\")", format, buf));
  J3oH5Try(c, J3oH5ReadAttrI64(c, f, "/", "version", &version));
  if (version != 1) J3oH5Try(c, J3oH5Fail(c, "/@version", "must be 1 (is %lld)", (long long)version));
  PetscFunctionReturn(0);
}

void J3oH5Shutdown(void)
{
  int saved, devnull;

  /* After H5Fopen failed on corrupt metadata, HDF5 keeps internal objects and its exit-time
     shutdown prints "infinite loop closing library" to stderr; the one-line reason is out already. */
  fflush(stderr);
  saved   = dup(2);
  devnull = open("/dev/null", O_WRONLY);
  if (saved >= 0 && devnull >= 0) (void)dup2(devnull, 2);
  (void)H5close();
  fflush(stderr);
  if (saved >= 0) {
    (void)dup2(saved, 2);
    (void)close(saved);
  }
  if (devnull >= 0) (void)close(devnull);
}
