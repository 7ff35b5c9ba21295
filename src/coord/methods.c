/* methods.c: the method table (every -method of bin/j3o) and the lookups that dispatch, -help and the usage text share.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "j3o/methods.h"
#include "j3o/exact.h"

/* Adding a method: a row here, and its onloading rule (cluster) or rank-0 solve in its own file.
   The churn flag: every method honours rows 12 and 13: exact carries them in its MILP; the cluster
   solves of the distributed ones keep within constraint 12 and the churn quotas of recovery, which
   prices constraint 13 like the cloud capacities; bound relaxes both. */
const J3oMethodInfo J3oMethods[] = {
  {"j3o",
   "cloud prices by the coordinator's TAO, the J3O cluster search at the best prices, recovery of the cloud caps",
   J3O_ONLOAD_J3O, J3O_ROUTES_ALL, PETSC_TRUE, PETSC_TRUE, NULL, PETSC_TRUE},
  {"exact", "the whole MILP by CBC (-time_limit and a stop signal end its search)", J3O_ONLOAD_J3O, J3O_ROUTES_ALL,
   PETSC_FALSE, PETSC_FALSE, J3oExactMethodSolve, PETSC_TRUE},
  {"bound", "the coordinator's price search alone: the certified upper bound, no onloading", J3O_ONLOAD_J3O,
   J3O_ROUTES_ALL, PETSC_TRUE, PETSC_FALSE, NULL, PETSC_TRUE},
  {"greedy", "most accurate models that fit, no prices, then the LP and recovery", J3O_ONLOAD_GREEDY, J3O_ROUTES_ALL,
   PETSC_FALSE, PETSC_TRUE, NULL, PETSC_TRUE},
  {"random", "seeded random models that fit (-j3o_seed), then the LP and recovery", J3O_ONLOAD_RANDOM, J3O_ROUTES_ALL,
   PETSC_FALSE, PETSC_TRUE, NULL, PETSC_TRUE},
  {"local-only", "greedy on the clients, local routes only", J3O_ONLOAD_GREEDY, J3O_ROUTES_LOCAL, PETSC_FALSE,
   PETSC_TRUE, NULL, PETSC_TRUE},
  {"edge-only", "greedy on the edge, edge routes only", J3O_ONLOAD_GREEDY, J3O_ROUTES_EDGE, PETSC_FALSE, PETSC_TRUE,
   NULL, PETSC_TRUE},
  {"cloud-only", "nothing resident, cloud routes only", J3O_ONLOAD_GREEDY, J3O_ROUTES_CLOUD, PETSC_FALSE, PETSC_TRUE,
   NULL, PETSC_TRUE},
};
const int J3oMethodCount = (int)(sizeof(J3oMethods) / sizeof(J3oMethods[0]));

int J3oMethodFind(const char *name)
{
  for (int k = 0; k < J3oMethodCount; k++)
    if (!strcmp(name, J3oMethods[k].name)) return k;
  return -1;
}

/* snprintf at offset at of buf that keeps counting past its end */
static int Append(char *buf, size_t len, int at, const char *fmt, ...)
{
  size_t  room = (size_t)at < len ? len - (size_t)at : 0;
  va_list ap;
  int     n;

  va_start(ap, fmt);
  n = vsnprintf(room ? buf + at : NULL, room, fmt, ap);
  va_end(ap);
  return at + n;
}

int J3oMethodNameList(const char *sep, char *buf, size_t len)
{
  int n = 0;
  if (len) buf[0] = 0;
  for (int k = 0; k < J3oMethodCount; k++) n = Append(buf, len, n, "%s%s", k ? sep : "", J3oMethods[k].name);
  return n;
}

const char *J3oMethodChoices(void)
{
  static char choices[512];
  if (!choices[0]) {
    int n = snprintf(choices, sizeof(choices), "one of ");
    J3oMethodNameList(", ", choices + n, sizeof(choices) - (size_t)n);
  }
  return choices;
}

/* "local,edge,cloud" from a J3O_ROUTES_* set */
static const char *RouteList(unsigned routes)
{
  static const char *const lists[8] = {"none",  "local",       "edge",       "local,edge",
                                       "cloud", "local,cloud", "edge,cloud", "local,edge,cloud"};
  return lists[routes & J3O_ROUTES_ALL];
}

int J3oMethodHelp(char *buf, size_t len)
{
  int n = 0;
  if (len) buf[0] = 0;
  for (int k = 0; k < J3oMethodCount; k++) {
    const J3oMethodInfo *m = &J3oMethods[k];
    n = Append(buf, len, n, "  %-11s %-12s %-17s %s\n", m->name, m->rank0 ? "rank 0" : "distributed",
               RouteList(m->routes), m->summary);
  }
  return n;
}
