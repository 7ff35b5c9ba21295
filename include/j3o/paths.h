/* j3o/paths.h: checks of input and output paths before any work, so a mistake costs no solve and destroys nothing. */
#ifndef J3O_PATHS_H
#define J3O_PATHS_H

#include <petscsys.h>

/* Into msg (empty when fine): why `path` cannot be an input file: missing, unreadable, or not a
   regular file (a FIFO would block, a directory is no file). Never opens anything but a regular file. */
PetscErrorCode J3oCheckInputPath(const char *path, char *msg, size_t len);

/* Into msg (empty when fine): why `out` cannot receive a result for input `in`: it is the input
   itself (same device and inode, so through symlinks and hard links too), it is not a regular
   file, it holds something other than a j3o result (unless force), or its directory does not take
   a new file (probed by creating and removing one). */
PetscErrorCode J3oCheckOutputPath(const char *in, const char *out, PetscBool force, char *msg, size_t len);

/* Into msg (empty when fine): `out` is the -previous file itself (same device and inode), which a
   re-plan must never replace. */
PetscErrorCode J3oCheckOutputNotPrevious(const char *previous, const char *out, char *msg, size_t len);

#endif
