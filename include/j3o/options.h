/* j3o/options.h: command-line checks shared by the binaries: values of their expected form, no unknown options. */
#ifndef J3O_OPTIONS_H
#define J3O_OPTIONS_H

#include <petscsys.h>

typedef enum {
  J3O_OPT_STRING,
  J3O_OPT_REAL,
  J3O_OPT_INT,
  J3O_OPT_BOOL
} J3oOptKind;

/* An option a program queries: its name ("-time_limit"), kind and, for messages, its expected form. */
typedef struct {
  const char *name;
  J3oOptKind  kind;
  const char *form;
} J3oOptSpec;

/* The solver's options (J3oSolveOptionsFromDatabase), for the checks below. */
extern const J3oOptSpec J3oSolveOptionSpecs[];
extern const int        J3oSolveOptionSpecCount;

/* Into msg (empty when fine): the first option of spec[] whose value in the options database is not
   of its kind, as "-time_limit abc: expected a number (seconds >= 0)". */
PetscErrorCode J3oOptionsBadValue(const J3oOptSpec spec[], int n, char *msg, size_t len);

/* Into msg (empty when fine), after every option was queried: the first option given but never
   used that is not one of PETSc's, TAO's or MPI's own, as "unknown option -methd (did you mean
   -method?)"; the suggestion is the spec[] name closest by edit distance. */
PetscErrorCode J3oOptionsUnknown(const J3oOptSpec spec[], int n, char *msg, size_t len);

/* Collective-safe (the same on every rank): a command-line word that is neither an option nor the
   value right after one (PETSc would drop it silently), or an option given twice with different
   values (PETSc would keep the last), into msg; msg[0] == 0 when the command line has neither. */
PetscErrorCode J3oArgsCheck(char *msg, size_t len);

/* Levenshtein distance of two short strings (for the suggestion; exposed for tests). */
int J3oEditDistance(const char *a, const char *b);

#endif
