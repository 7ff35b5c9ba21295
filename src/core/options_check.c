/* options_check.c: option values of their expected form, and no option given that nobody reads. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "j3o/options.h"

/* Prefixes of options PETSc, TAO and the MPI layer read themselves (some only at PetscFinalize or
   TaoSolve, so they are still unused when the check runs). */
static const char *const ForeignPrefixes[] = {"tao_",
                                              "log",
                                              "info",
                                              "malloc",
                                              "options_",
                                              "help",
                                              "version",
                                              "on_error",
                                              "no_signal_handler",
                                              "fp_trap",
                                              "mpi",
                                              "viewer",
                                              "skip_petscrc",
                                              "check_pointer_intensity",
                                              "memory_view",
                                              "objects_dump",
                                              "history",
                                              "checkstack",
                                              "petsc",
                                              "debugger",
                                              "start_in_debugger",
                                              "stop_for_debugger",
                                              "display",
                                              "nox",
                                              "x_virtual",
                                              "error_output",
                                              "get_total_flops",
                                              "citations",
                                              "saws",
                                              "use_gpu_aware_mpi",
                                              "vecscatter",
                                              "device",
                                              "omp",
                                              "timeout"};

static PetscBool Foreign(const char *name)
{
  for (size_t k = 0; k < sizeof(ForeignPrefixes) / sizeof(ForeignPrefixes[0]); k++)
    if (!strncmp(name, ForeignPrefixes[k], strlen(ForeignPrefixes[k]))) return PETSC_TRUE;
  return PETSC_FALSE;
}

int J3oEditDistance(const char *a, const char *b)
{
  int la = (int)strlen(a), lb = (int)strlen(b), row[128];

  if (la > 127 || lb > 127) return la > lb ? la : lb;
  for (int j = 0; j <= lb; j++) row[j] = j;
  for (int i = 1; i <= la; i++) {
    int diag = row[0];
    row[0]   = i;
    for (int j = 1; j <= lb; j++) {
      int up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      diag   = up;
      row[j] = best;
    }
  }
  return row[lb];
}

static PetscBool ParsesAs(J3oOptKind kind, const char *v)
{
  char *end;

  switch (kind) {
  case J3O_OPT_REAL:
    if (!v || !v[0]) return PETSC_FALSE;
    errno    = 0;
    double d = strtod(v, &end);
    /* strtod reads hexadecimal too ("0x10" is 16): a user who typed it meant something else. Beyond
       the doubles (1e400) is refused; below them (1e-310, ERANGE too) is the tiny number it reads as */
    return !*end && !(errno == ERANGE && isinf(d)) && !strpbrk(v, "xX") ? PETSC_TRUE : PETSC_FALSE;
  case J3O_OPT_INT:
    if (!v || !v[0]) return PETSC_FALSE;
    errno  = 0;
    long x = strtol(v, &end, 10);
    return !*end && errno != ERANGE && x >= -2147483647L && x <= 2147483647L ? PETSC_TRUE : PETSC_FALSE;
  case J3O_OPT_BOOL: {
    const char *ok[] = {"", "1", "0", "true", "false", "yes", "no", "on", "off"};
    if (!v) return PETSC_TRUE; /* a bare flag means true */
    for (size_t k = 0; k < sizeof(ok) / sizeof(ok[0]); k++)
      if (!strcasecmp(v, ok[k])) return PETSC_TRUE;
    return PETSC_FALSE;
  }
  default:
    return v && v[0] ? PETSC_TRUE : PETSC_FALSE;
  }
}

PetscErrorCode J3oOptionsBadValue(const J3oOptSpec spec[], int n, char *msg, size_t len)
{
  char      value[PETSC_MAX_PATH_LEN];
  PetscBool set;

  PetscFunctionBegin;
  msg[0] = 0;
  for (int k = 0; k < n; k++) {
    PetscBool has_value;
    PetscCall(PetscOptionsHasName(NULL, NULL, spec[k].name, &set));
    if (!set) continue;
    value[0] = 0;
    PetscCall(PetscOptionsGetString(NULL, NULL, spec[k].name, value, sizeof(value), &has_value));
    if (ParsesAs(spec[k].kind, value[0] ? value : (spec[k].kind == J3O_OPT_BOOL ? NULL : value))) continue;
    PetscCall(
      PetscSNPrintf(msg, len, "%s %s: expected %s", spec[k].name, value[0] ? value : "(no value)", spec[k].form));
    break;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode J3oOptionsUnknown(const J3oOptSpec spec[], int n, char *msg, size_t len)
{
  PetscInt nleft;
  char   **names, **values;

  PetscFunctionBegin;
  msg[0] = 0;
  PetscCall(PetscOptionsLeftGet(NULL, &nleft, &names, &values));
  for (PetscInt q = 0; q < nleft; q++) {
    const char *best  = NULL;
    int         dbest = 1 << 30;
    if (Foreign(names[q])) continue;
    for (int k = 0; k < n; k++) {
      int d = J3oEditDistance(names[q], spec[k].name + 1);
      if (d < dbest) {
        dbest = d;
        best  = spec[k].name;
      }
    }
    /* suggest only what a slip of the fingers explains: a third of the name's letters or fewer */
    if (best && 3 * dbest <= (int)strlen(best) + 1)
      PetscCall(
        PetscSNPrintf(msg, len, "unknown option -%s (did you mean %s?); -help lists every option", names[q], best));
    else PetscCall(PetscSNPrintf(msg, len, "unknown option -%s; -help lists every option", names[q]));
    break;
  }
  PetscCall(PetscOptionsLeftRestore(NULL, &nleft, &names, &values));
  PetscFunctionReturn(0);
}

/* True for "-name"; false for a value such as "-1" or "-2.5e-3". */
static PetscBool IsOptionWord(const char *a)
{
  char *end;

  if (a[0] != '-' || !a[1]) return PETSC_FALSE;
  (void)strtod(a, &end);
  return *end ? PETSC_TRUE : PETSC_FALSE;
}

PetscErrorCode J3oArgsCheck(char *msg, size_t len)
{
  int    argc;
  char **argv;

  PetscFunctionBegin;
  msg[0] = 0;
  PetscCall(PetscGetArgs(&argc, &argv));
  for (int i = 1; i < argc && !msg[0]; i++) {
    if (!IsOptionWord(argv[i])) {
      PetscCall(PetscSNPrintf(msg, len, "unexpected argument '%s': every argument is -option [value]; -help lists them",
                              argv[i]));
      break;
    }
    const char *value = i + 1 < argc && !IsOptionWord(argv[i + 1]) ? argv[i + 1] : "";
    for (int j = 1; j < i; j++) {
      const char *prev = j + 1 < argc && !IsOptionWord(argv[j + 1]) ? argv[j + 1] : "";
      if (IsOptionWord(argv[j]) && !strcmp(argv[j], argv[i]) && strcmp(prev, value))
        PetscCall(PetscSNPrintf(msg, len, "option %s given twice with different values ('%s', '%s'): give it once",
                                argv[i], prev, value));
    }
    if (value[0]) i++; /* its value */
  }
  PetscFunctionReturn(0);
}
