/* j3o/methods.h: the method table, one row per -method of bin/j3o; dispatch, -help, the usage text and docs/design.md
 * read it. */
#ifndef J3O_METHODS_H
#define J3O_METHODS_H

#include <stddef.h>
#include <petscsys.h>
#include "j3o/instance.h"
#include "j3o/result.h"
#include "j3o/cluster.h"

struct J3oSolveOptions_s;

/* A method solved whole on rank 0 (inst holds every cluster there): fills r like J3oSolve. */
typedef PetscErrorCode (*J3oRank0Solve)(const J3oInstance *inst, const struct J3oSolveOptions_s *opt, J3oResult *r);

typedef struct {
  const char   *name;    /* -method NAME */
  const char   *summary; /* one line for -help and the docs */
  J3oOnloadRule rule;    /* distributed: the clusters' onloading rule */
  unsigned      routes;  /* the route kinds the method may use (J3O_ROUTES_*) */
  PetscBool     prices;  /* distributed: the coordinator searches the cloud prices (gives the bound) */
  PetscBool     primal;  /* distributed: an integer solution within the cloud caps (at the best prices, else at 0) */
  J3oRank0Solve rank0;   /* NULL: distributed over the clusters; else solved whole on rank 0 */
  PetscBool     churn;   /* honours -swap_budget_mb and -swap_budget_total_mb (constraints 12, 13) */
} J3oMethodInfo;

/* The table (src/coord/methods.c); row 0 is the default method. */
extern const J3oMethodInfo J3oMethods[];
extern const int           J3oMethodCount;

/* The row of name, or -1. */
int J3oMethodFind(const char *name);
/* The names joined by sep ("j3o|exact|..."); returns the length snprintf would write. No PETSc. */
int J3oMethodNameList(const char *sep, char *buf, size_t len);
/* "one of j3o, exact, ...": the expected form of -method in messages (a static string). */
const char *J3oMethodChoices(void);
/* One line per method for -help: name, where it runs, its routes, its summary. No PETSc. */
int J3oMethodHelp(char *buf, size_t len);

#endif
