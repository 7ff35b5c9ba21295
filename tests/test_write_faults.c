/* test_write_faults.c: J3oResultWrite on a full and on a read-only file system (a small tmpfs in a
   private mount namespace): it fails, an existing result keeps its SHA-256, nothing appears at the
   target and no temporary file is left. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include "j3o_test.h"
#include "j3o/gen.h"
#include "j3o/result.h"

static char fs[64]; /* the tmpfs mount point */

/* Before MPI starts threads: a private mount namespace (as root, or as a user namespace's root). */
static int PrivateTmpfs(void)
{
  if (unshare(getuid() == 0 ? CLONE_NEWNS : CLONE_NEWUSER | CLONE_NEWNS)) return perror("unshare"), -1;
  if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL)) return perror("mount --make-rprivate /"), -1;
  snprintf(fs, sizeof fs, "/tmp/j3o-faults-XXXXXX");
  if (!mkdtemp(fs)) return perror("mkdtemp"), -1;
  if (mount("tmpfs", fs, "tmpfs", 0, "size=1m")) return perror("mount tmpfs"), -1;
  return 0;
}

/* A paper instance and a result routing every demand locally through model 0 (not feasible, but
   the writer checks shapes and ranges, not constraints). */
static void Build(J3oInstance *in, J3oResult *r)
{
  J3oGenOptions g = {.family = "paper", .seed = 5, .batching = -1};
  J3O_OK(J3oGenerate(&g, in));
  J3O_OK(J3oResultAllocate(r, in, "j3o"));
  for (int64_t n = 0; n < in->N; n++)
    for (int t = 0; t < in->T; t++)
      if (in->demand[n * in->T + t] > 0) J3O_OK(J3oResultAddRoute(r, n, t, J3O_ROUTE_LOCAL, 0, 1.0));
  for (int e = 0; e < in->E; e++) r->duty_cycle_s[e] = in->K > 0 ? in->duty_cycles_s[0] : 0;
}

/* Names in fs other than the expected ones (a temporary file, or anything at a new target). */
static int Strays(const char *keep1, const char *keep2)
{
  DIR           *d = opendir(fs);
  struct dirent *e;
  int            n = 0;
  assert_non_null(d);
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, keep1) || !strcmp(e->d_name, keep2))
      continue;
    fprintf(stderr, "stray file %s/%s\n", fs, e->d_name);
    n++;
  }
  closedir(d);
  return n;
}

/* Fills fs up to `left` bytes. */
static void Fill(const char *filler, long left)
{
  static char buf[4096];
  int         fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  assert_true(fd >= 0);
  while (write(fd, buf, sizeof buf) > 0) continue;
  assert_int_equal(errno, ENOSPC);
  off_t size = lseek(fd, 0, SEEK_END);
  assert_int_equal(ftruncate(fd, size > left ? size - left : 0), 0);
  close(fd);
}

static void test_full_and_read_only(void **state)
{
  J3oInstance   in;
  J3oResult     r;
  J3oProvenance p = {.instance_path = "paper.h5", .ranks = 1, .git = "test"};
  char          path[96], fresh[96], filler[96], sum0[65], sum1[65];

  (void)state;
  memset(p.instance_sha256, 'a', 64);
  Build(&in, &r);
  snprintf(path, sizeof path, "%s/res.h5", fs);
  snprintf(fresh, sizeof fresh, "%s/new.h5", fs);
  snprintf(filler, sizeof filler, "%s/filler", fs);
  J3O_OK(J3oResultWrite(PETSC_COMM_SELF, path, &in, &r, &p));
  J3O_OK(J3oFileSha256(path, sum0));

  /* full: a replacement and a new file both fail; the old result stays, nothing else appears */
  Fill(filler, 8192);
  assert_int_equal(J3oResultWrite(PETSC_COMM_SELF, path, &in, &r, &p), PETSC_ERR_FILE_WRITE);
  assert_int_equal(J3oResultWrite(PETSC_COMM_SELF, fresh, &in, &r, &p), PETSC_ERR_FILE_WRITE);
  J3O_OK(J3oFileSha256(path, sum1));
  assert_string_equal(sum0, sum1);
  assert_int_equal(Strays("res.h5", "filler"), 0);

  /* room again, read-only: the temporary file cannot be created */
  assert_int_equal(unlink(filler), 0);
  assert_int_equal(mount(NULL, fs, NULL, MS_REMOUNT | MS_RDONLY, NULL), 0);
  assert_int_equal(J3oResultWrite(PETSC_COMM_SELF, path, &in, &r, &p), PETSC_ERR_FILE_WRITE);
  J3O_OK(J3oFileSha256(path, sum1));
  assert_string_equal(sum0, sum1);
  assert_int_equal(Strays("res.h5", "res.h5"), 0);

  /* writable again: the same call succeeds (the failures above were the file system's) */
  assert_int_equal(mount(NULL, fs, NULL, MS_REMOUNT, NULL), 0);
  J3O_OK(J3oResultWrite(PETSC_COMM_SELF, fresh, &in, &r, &p));
  assert_int_equal(Strays("res.h5", "new.h5"), 0);
  J3O_OK(J3oResultFree(&r));
  J3O_OK(J3oInstanceFree(&in));
}

int main(int argc, char **argv)
{
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_full_and_read_only)};
  int                     failed;

  if (PrivateTmpfs()) {
    fprintf(stderr, "test_write_faults: cannot mount a private tmpfs: the faults cannot be injected\n");
    return 1;
  }
  if (PetscInitialize(&argc, &argv, NULL, NULL)) return 1;
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  failed = cmocka_run_group_tests(tests, NULL, NULL);
  PetscCall(PetscPopErrorHandler());
  if (PetscFinalize()) return 1;
  (void)umount(fs);
  (void)rmdir(fs);
  return failed;
}
