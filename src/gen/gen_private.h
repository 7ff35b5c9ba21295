/* gen_private.h: the generator's published-figure tables (gen_zoo.c), its PRNG and the catalogue builder shared by
 * gen*.c. */
#ifndef J3O_GEN_PRIVATE_H
#define J3O_GEN_PRIVATE_H

#include <petscsys.h>
#include <stdint.h>
#include "j3o/instance.h"
#include "core/rng.h"

#define J3O_ZOO_NTASKS 6 /* segmentation, depth, normals, edge, detection, instance_seg */

/* One task of the zoo: assumed compressed input size and deadline (see docs/data.md). */
typedef struct {
  const char *name;
  double      input_mb;   /* d_t before the per-instance jitter */
  double      deadline_s; /* D_t before the per-instance jitter */
} J3oZooTask;

/* One row of model_zoo.csv, converted to the project's units. */
typedef struct {
  const char *name;
  double      weights_mb;          /* FP32 weights, 4 B/param (csv memory_mb) */
  double      gflop;               /* per query, 2xMAC convention where known */
  double      acc[J3O_ZOO_NTASKS]; /* csv acc_<task>, ratio to the best of the group; 0 = does not serve */
} J3oZooModel;

/* A client device class: RAM, usable model-memory share, fitted throughput range, draw probability. */
typedef struct {
  const char *name;
  double      ram_mb;               /* device RAM */
  double      share_lo, share_hi;   /* S_n = ram * U(share_lo, share_hi) */
  double      gflops_lo, gflops_hi; /* F_n = U(lo, hi), 2xMAC GFLOP/s */
  double      prob;
} J3oZooClient;

/* An edge accelerator class. */
typedef struct {
  const char *name;
  double      mem_mb;               /* GPU memory */
  double      gflops_lo, gflops_hi; /* F_e = U(lo, hi) */
  double      prob;
} J3oZooEdge;

/* An access-link class for client uplinks r_n. */
typedef struct {
  const char *name;
  double      mb_s_lo, mb_s_hi;
  double      prob;
} J3oZooLink;

/* A model variant: multipliers on weights, GFLOP and accuracy. */
typedef struct {
  const char *suffix;
  double      weights, gflop, acc;
} J3oZooVariant;

extern const J3oZooTask    J3oZooTasks[J3O_ZOO_NTASKS];
extern const J3oZooModel   J3oZooModels[];
extern const int           J3oZooNModels;
extern const J3oZooClient  J3oZooClients[];
extern const int           J3oZooNClients;
extern const J3oZooEdge    J3oZooEdges[];
extern const int           J3oZooNEdges;
extern const J3oZooLink    J3oZooLinks[];
extern const int           J3oZooNLinks;
extern const J3oZooVariant J3oZooVariants[]; /* [0] is the original model (all multipliers 1) */
extern const int           J3oZooNVariants;
extern const double        J3oZooDutyCycles[];
extern const int           J3oZooNDutyCycles;

/* Scalar figures (sources in gen_zoo.c and docs/data.md). */
extern const double J3oZooG0Gflop;                      /* g0_m, fixed per-invocation cost, GFLOP-eq */
extern const double J3oZooWorkspaceMB;                  /* added to each model's weights: s_m = weights + workspace */
extern const double J3oZooEdgeUsable;                   /* usable fraction of GPU memory (runtime reserve) */
extern const double J3oZooWanRttLo, J3oZooWanRttHi;     /* s */
extern const double J3oZooCloudSvcLo, J3oZooCloudSvcHi; /* s */
extern const double J3oZooAccessFixed;                  /* s, fixed-line access latency edge->cloud */

/* gen_catalogue.c: fills tasks and models of inst (already allocated with T, M) from the zoo.
   zoo_task[T] are the chosen zoo task indices. Fails if M exceeds the rows x variants available. */
PetscErrorCode J3oGenCatalogue(J3oRng *rng, const int zoo_task[], J3oInstance *inst);
/* Largest M J3oGenCatalogue accepts for these tasks. */
int J3oGenCatalogueMax(int T, const int zoo_task[]);

#endif
