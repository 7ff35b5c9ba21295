/* j3o/solve.h: J3oSolve, the one solve entry point for every method of the table (j3o/methods.h), and the run options.
 */
#ifndef J3O_SOLVE_H
#define J3O_SOLVE_H

#include <petsctao.h>
#include "j3o/instance.h"
#include "j3o/result.h"
#include "j3o/cluster.h"
#include "j3o/methods.h"
#include "j3o/previous.h"

/* Default -tao_max_it of the coordinator: Kelley needs 4-8 price evaluations on the reference instances. */
#define J3O_DUAL_MAX_IT 50

/* The coordinator's TAO types: multi-cut Kelley (the default) and projected subgradient (-j3o_subgradient). */
#define J3O_TAO_KELLEY      "j3okelley"
#define J3O_TAO_SUBGRADIENT "j3osubgradient"

typedef struct J3oSolveOptions_s {
  int       method;       /* row of J3oMethods (include/j3o/methods.h) */
  double    time_limit_s; /* <= 0: none */
  double    dual_tol;     /* stop when (best dual - lower model) <= dual_tol * best dual */
  int       primal_every; /* also run the integer heuristic at every k-th price iterate (0: only at the final prices) */
  PetscBool quiet;        /* no per-iteration or phase progress lines */
  double    progress_s;   /* seconds between two progress lines of a long phase (rank 0) */
  int       quota_levels; /* recovery: quota levels per cluster for the knapsack choice (< 2: proportional quotas) */
  int quota_whole_max; /* recovery: instances with at most this many clusters price each quota level by a whole integer
                          solve too */
  double resolve_loss; /* recovery on larger instances: a cut cluster re-runs its integer search when the LP re-route
                          lost more than this fraction of its value */
  int    resolve_lp_budget; /* ... and spends at most this many offloading-LP solves on it */
  double polish_loss; /* recovery: the whole-search polish for clusters whose cap cost more than this fraction of their
                         value */
  PetscBool subgradient; /* the coordinator's default TAO type is j3osubgradient instead of j3okelley */
  int price_sample; /* Kelley first runs on about this many sampled clusters to find its starting prices (0: off; used
                       when E >= 4x this) */
  const J3oPrevious *previous;             /* the plan of -previous (read and set by the CLI); NULL: a cold run */
  double             swap_budget_mb;       /* constraint 12: churn of each cluster <= this (INFINITY: none) */
  double             swap_budget_total_mb; /* constraint 13: churn of all clusters <= this (INFINITY: none) */
  PetscBool          warm;                 /* with a previous plan: warm-start from it (else only churn uses it) */
  int warm_lp_budget; /* with a warm start: the clusters' first search is the light one from the previous onloading
                         within this many LP solves (0: the usual search) */
  PetscBool         save_basis; /* the result keeps each cluster's bound-LP bases (/warm) for a later warm start */
  J3oClusterOptions cluster;
} J3oSolveOptions;

/* Defaults of every field (the one place they are written; -help prints them). */
PetscErrorCode J3oSolveOptionsDefault(J3oSolveOptions *opt);
/* Reads -method, -time_limit, -j3o_* from the options database (listed by -help), the cluster's own
   options through J3oClusterOptionsFromDatabase. */
PetscErrorCode J3oSolveOptionsFromDatabase(J3oSolveOptions *opt);

/* Collective-safe: the budgets need a previous plan (has_previous) and a method of the table that
   honours them (its churn flag); PETSC_ERR_ARG_WRONG with one line otherwise. */
PetscErrorCode J3oSolveOptionsCheckChurn(MPI_Comm comm, const J3oSolveOptions *opt, PetscBool has_previous);
/* Collective: without a previous plan (has_previous false), one note line on comm's rank 0 for each
   option given that only tunes a re-plan's warm start (-j3o_warm*, -tao_kelley_warm_*): it has no
   effect, and a cold run with it stays a valid run (the same options may serve a trace's cold and
   warm solves). */
PetscErrorCode J3oSolveOptionsNoteReplanOnly(MPI_Comm comm, PetscBool has_previous);

/* Registers j3o's TAO types (J3O_TAO_KELLEY, J3O_TAO_SUBGRADIENT) with TaoRegister; once per process. */
PetscErrorCode J3oTaoRegisterAll(void);

/* Collective: the coordinator's options as J3oCoordinatorCreate reads them (-tao_type names a type it
   can run, every -tao_* value in its range; PETSC_ERR_ARG_WRONG or _OUTOFRANGE naming the option),
   so that a mistake stops a run before any work. */
PetscErrorCode J3oCoordinatorCheckOptions(MPI_Comm comm, const J3oSolveOptions *opt);
/* Collective. The coordinator's TAO on comm: j3o's default type, -tao_max_it J3O_DUAL_MAX_IT, the
   relative tolerance -j3o_dual_tol, then the options database (-tao_type, -tao_monitor, ...; -tao_type
   shell names the default type). The caller gives it the prices and the dual (J3oSolveDistributed does). */
PetscErrorCode J3oCoordinatorCreate(MPI_Comm comm, const J3oSolveOptions *opt, Tao *tao);

/* Collective. Contiguous blocks of clusters balanced by clients x tasks: this rank gets
   [*edge_first, *edge_last). With more ranks than clusters, ranks E, E+1, ... get an empty block
   and the others the blocks of a run on E ranks. */
PetscErrorCode J3oPartitionClusters(MPI_Comm comm, int E, const int64_t edge_client_start[], int T, int *edge_first,
                                    int *edge_last);

/* Collective. The clusters this rank reads for opt->method, [*edge_first, *edge_last): a balanced
   block (J3oPartitionClusters) for a distributed method, all on rank 0 for a rank-0 one. A
   distributed run with more ranks than clusters says which ranks stay idle. */
PetscErrorCode J3oSolveBlock(MPI_Comm comm, const J3oSolveOptions *opt, int E, const int64_t edge_client_start[], int T,
                             int *edge_first, int *edge_last);

/* Collective. The one solve entry point: solves `inst` (the rank's block from J3oSolveBlock) with
   opt->method and fills r (allocated by the caller for the same block): onloading, routes,
   accuracy, bound, gap, status, trace. A rank-0 method's summary reaches every rank. The
   returned solution satisfies constraints 1-11, the global ones (9, 10) included. */
PetscErrorCode J3oSolve(MPI_Comm comm, const J3oInstance *inst, const J3oSolveOptions *opt, J3oResult *r);

/* Collective. Prints the summary table (accuracy, served, bound, gap, status, wall time, with a previous
   plan prev (NULL: none) the churn, tightest resources) on rank 0 of comm. */
PetscErrorCode J3oSummaryPrint(MPI_Comm comm, const J3oInstance *inst, const J3oResult *r, const J3oPrevious *prev);

#endif
