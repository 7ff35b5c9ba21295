/* j3o/gen.h: the instance generator (families paper, paper-batch, scale) from published figures. */
#ifndef J3O_GEN_H
#define J3O_GEN_H

#include <petscsys.h>
#include "j3o/instance.h"

typedef struct {
  char          family[32]; /* "paper", "paper-batch", "scale" */
  unsigned long seed;
  int           edges, clients_per_edge, tasks, models; /* <= 0: the family's seeded default */
  int           batching;                               /* -1: the family's default, 0 off, 1 on */
} J3oGenOptions;

/* Fills a complete instance (all clusters), deterministic for the options. */
PetscErrorCode J3oGenerate(const J3oGenOptions *opt, J3oInstance *inst);

#endif
