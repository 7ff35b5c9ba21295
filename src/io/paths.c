/* paths.c: input and output paths checked before any work (j3o, j3o-check). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <hdf5.h>
#include "j3o/paths.h"
#include "io/h5util.h"

static const char *KindOf(mode_t m)
{
  if (S_ISDIR(m)) return "a directory";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
  return "not a regular file";
}

PetscErrorCode J3oCheckInputPath(const char *path, char *msg, size_t len)
{
  struct stat st;

  PetscFunctionBegin;
  msg[0] = 0;
  if (stat(path, &st)) PetscCall(PetscSNPrintf(msg, len, "%s: cannot be read: %s", path, strerror(errno)));
  else if (!S_ISREG(st.st_mode))
    PetscCall(PetscSNPrintf(msg, len, "%s: is %s, not an HDF5 file", path, KindOf(st.st_mode)));
  else if (access(path, R_OK)) PetscCall(PetscSNPrintf(msg, len, "%s: cannot be read: %s", path, strerror(errno)));
  PetscFunctionReturn(0);
}

/* Whether a regular file is a j3o result: HDF5 with /@format = "j3o-result". */
static PetscBool IsResult(const char *path)
{
  J3oH5Quiet q;
  J3oH5Check c;
  char       format[32] = "";
  hid_t      f;

  J3oH5QuietBegin(&q);
  f = H5Fis_hdf5(path) > 0 ? H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT) : -1;
  if (f >= 0) {
    J3oH5CheckInit(&c, path);
    if (J3oH5ReadAttrStr(&c, f, "/", "format", format, sizeof(format)) || c.bad) format[0] = 0;
    (void)H5Fclose(f);
  }
  J3oH5QuietEnd(&q);
  return !strcmp(format, "j3o-result") ? PETSC_TRUE : PETSC_FALSE;
}

PetscErrorCode J3oCheckOutputPath(const char *in, const char *out, PetscBool force, char *msg, size_t len)
{
  struct stat si, so;
  char        dir[PETSC_MAX_PATH_LEN], probe[PETSC_MAX_PATH_LEN + 64];
  int         fd;

  PetscFunctionBegin;
  msg[0] = 0;
  if (!stat(out, &so)) {
    if (!stat(in, &si) && si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
      PetscCall(
        PetscSNPrintf(msg, len, "-o %s is the input file -i %s (the same file): choose another output", out, in));
      PetscFunctionReturn(0);
    }
    if (!S_ISREG(so.st_mode)) {
      PetscCall(PetscSNPrintf(msg, len, "-o %s is %s: the output must be a file", out, KindOf(so.st_mode)));
      PetscFunctionReturn(0);
    }
    if (!force && !IsResult(out)) {
      PetscCall(
        PetscSNPrintf(msg, len, "-o %s exists and is not a j3o result: not replaced (-force replaces it)", out));
      PetscFunctionReturn(0);
    }
  }
  PetscCall(PetscStrncpy(dir, out, sizeof(dir)));
  PetscCall(PetscSNPrintf(probe, sizeof(probe), "%s/.j3o-probe.%ld", dirname(dir), (long)getpid()));
  fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    PetscCall(PetscStrncpy(dir, out, sizeof(dir)));
    PetscCall(PetscSNPrintf(msg, len, "-o %s: cannot create a file in %s: %s", out, dirname(dir), strerror(errno)));
  } else {
    (void)close(fd);
    (void)unlink(probe);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oCheckOutputNotPrevious(const char *previous, const char *out, char *msg, size_t len)
{
  struct stat sp, so;

  PetscFunctionBegin;
  msg[0] = 0;
  if (!stat(out, &so) && !stat(previous, &sp) && sp.st_dev == so.st_dev && sp.st_ino == so.st_ino)
    PetscCall(PetscSNPrintf(msg, len, "-o %s is the previous plan -previous %s (the same file): choose another output",
                            out, previous));
  PetscFunctionReturn(0);
}
