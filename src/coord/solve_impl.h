/* solve_impl.h: private state of one distributed J3O solve, shared by the driver, the dual object (dual.h), the price
 * sample and recovery. */
#ifndef J3O_SOLVE_IMPL_H
#define J3O_SOLVE_IMPL_H

#include <petsctao.h>
#include "j3o/solve.h"
#include "j3o/tolerances.h"
#include "coord/dual.h"

/* The solve context implements the dual object (dual.h): J3oDual is a pointer to it. */
typedef struct _p_J3oDual {
  MPI_Comm               comm;
  PetscMPIInt            rank, size;
  const J3oInstance     *inst;
  const J3oSolveOptions *opt;
  J3oResult             *result;   /* for the trace */
  double                 t0;       /* solve start (MPI_Wtime) */
  double                 deadline; /* t0 + -time_limit (MPI_Wtime), INFINITY: none */

  int          ncl;                   /* clusters of this rank: edges inst->edge_first + k */
  J3oCluster  *clusters;              /* [ncl] */
  int         *cl_counts, *cl_displs; /* rank 0: clusters per rank and offsets, for gathers */
  MPI_Datatype shared_type;           /* one J3oShared: J3O_NSHARED contiguous doubles */

  double       total_demand; /* total weighted demand sum w lambda (objective normalizer) */
  J3oShared    cap;          /* capacities of the shared resources (rho F_c, B_c, ...), INFINITY: none */
  J3oSharedSet active;       /* the resources with a capacity: the only ones priced */
  J3oShared    mu_max;       /* prices beyond which no route has positive value (0 when inactive) */

  /* last dual evaluation, this rank's clusters */
  double    *cl_value;   /* [ncl] */
  J3oShared *cl_use;     /* [ncl] shared use at the bound LPs' maximizers */
  double    *cl_floor;   /* [ncl] price-independent lower bounds of cl_value */
  double     dual_value; /* sum_e LP_e(mu) + mu'cap, unnormalized */
  J3oShared  grad;       /* cap - use on the active resources, 0 on the others */
  int        nevals;
  PetscBool  header_done; /* progress header printed */

  /* best certified bound and where */
  double    best_dual;
  J3oShared best_mu;

  /* primal: integer solutions of this rank's clusters */
  J3oClusterSolution *sol;         /* [ncl] at the last heuristic pass */
  J3oClusterSolution *best_sol;    /* [ncl] best globally feasible set so far */
  double              best_primal; /* its unnormalized value, -1 when none */
  J3oShared           last_mu;     /* prices of `sol` */
  PetscBool           time_up;     /* rank-local: the time limit passed or a stop signal came */
  PetscBool           stop;        /* agreed by every rank at the last progress point: stop the price search */
  PetscBool           partial;     /* the last bound evaluation was cut short by a signal: not a bound */
  double              tick;        /* rank 0: time of the last phase progress line */

  /* a re-plan's warm start (J3oWarmStart) */
  PetscBool warm;      /* -previous with -j3o_warm: the price search starts at warm_mu, no sample */
  J3oShared prev_mu;   /* the previous plan's final prices (0 where it has none) */
  J3oShared warm_mu;   /* prev_mu within the price box, 0 on the inactive resources */
  PetscBool warm_same; /* every cluster's demand unchanged and warm_mu == prev_mu: one price evaluation */
} J3oSolveCtx;

/* Collective: the bound LPs at mu (rank 0's, broadcast into mu) of this rank's clusters where mask
   (NULL: all) is set, into ctx->cl_*; the global sums of their values and shared uses. */
PetscErrorCode J3oBoundEvaluate(J3oSolveCtx *ctx, J3oShared *mu, const PetscBool *mask, double *value, J3oShared *use);

/* Collective: the progress line of sample iteration `it` (not a bound: not in the trace). */
PetscErrorCode J3oProgressSample(J3oSolveCtx *ctx, int it, const J3oShared *mu, double estimate);

/* Collective: the heuristic at mu for this rank's clusters into ctx->sol, then records a globally
   feasible set as best. */
PetscErrorCode J3oPrimalPass(J3oSolveCtx *ctx, const J3oShared *mu);

/* Rank-local: whether the -time_limit has passed or a stop signal came (latches ctx->time_up). */
PetscBool J3oTimeUp(J3oSolveCtx *ctx);

/* Collective: the last progress line and trace row, after recovery (iteration "final"). */
PetscErrorCode J3oProgressFinal(J3oSolveCtx *ctx);

/* Collective: from ctx->sol (possibly over the shared capacities), a set within them (constraints 9,
   10 and every other active shared resource) into ctx->sol; keeps ctx->best_sol if better. */
PetscErrorCode J3oRecover(J3oSolveCtx *ctx);

/* Collective: each cluster's quota level chosen by a multiple-choice knapsack over L levels of its
   own shared use (0, 1/(L-1), ..., 1) and the proportional quota f_r * use_r; the chosen set fits
   the capacities. */
PetscErrorCode J3oRecoverByLevels(J3oSolveCtx *ctx, int L, const J3oShared *f);

/* Whether recovery may afford whole integer solves for every quota level and every hand-on of
   unused quota (instances of at most -j3o_quota_whole_max clusters); larger ones use the LP re-route there. */
PetscBool J3oRecoverWhole(const J3oSolveCtx *ctx);

/* Collective: the solutions' value and shared use, summed in cluster order (J3oOrderedSum). */
PetscErrorCode J3oSolutionTotals(J3oSolveCtx *ctx, const J3oClusterSolution *sol, double *value, J3oShared *use);
/* The capacity test: use of every active resource within its capacity up to the checker's relative
   tolerance (J3O_CLOUD_RELTOL) plus abstol (J3O_CLOUD_ABSTOL_PRIMAL or J3O_CLOUD_ABSTOL_RECOVERY). */
PetscBool J3oWithinCaps(const J3oSolveCtx *ctx, const J3oShared *use, double abstol);

/* Collective, after the clusters are created: with opt->previous and opt->warm, the price start
   (ctx->warm, warm_mu, warm_same) and each J3O cluster's warm start (J3oClusterWarmStart; the previous
   prices for reuse where the cluster's demand hash is the previous plan's). Nothing otherwise. */
PetscErrorCode J3oWarmStart(J3oSolveCtx *ctx);

/* Collective (-j3o_save_basis): every cluster's bound-LP basis of each duty cycle into r (basis_*),
   rows padded to the widest over all ranks, and its search gap (search_gap). */
PetscErrorCode J3oWarmSaveBases(J3oSolveCtx *ctx, J3oResult *r);

/* Collective. Solves the rank's block with a distributed method of the table (not rank 0's). */
PetscErrorCode J3oSolveDistributed(MPI_Comm comm, const J3oInstance *inst, const J3oSolveOptions *opt, J3oResult *r);

#endif
