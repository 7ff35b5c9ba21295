/* solve_impl.h: private state of one distributed J3O solve, shared by the driver, the dual object (dual.h), the price sample and recovery. */
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
  J3oResult             *result;        /* for the trace */
  double                 t0;            /* solve start (MPI_Wtime) */

  int         ncl;                      /* clusters of this rank: edges inst->edge_first + k */
  J3oCluster *clusters;                 /* [ncl] */
  int        *cl_counts, *cl_displs;    /* rank 0: clusters per rank and offsets, for gathers */

  double total_demand;                  /* total weighted demand sum w lambda (objective normalizer) */
  double capF, capB;                    /* rho F_c, B_c */
  double mu_max[2];                     /* prices beyond which no cloud route has positive value */

  /* last dual evaluation, this rank's clusters */
  double *cl_value, *cl_useF, *cl_useB; /* [ncl] */
  double *cl_floor;                     /* [ncl] price-independent lower bounds of cl_value */
  double  dual_value;                   /* sum_e LP_e(mu) + mu'cap, unnormalized */
  double  grad[2];                      /* cap - usage */
  int     nevals;
  PetscBool header_done;                /* progress header printed */

  /* best certified bound and where */
  double best_dual, best_mu[2];

  /* primal: integer solutions of this rank's clusters */
  J3oClusterSolution *sol;              /* [ncl] at the last heuristic pass */
  J3oClusterSolution *best_sol;         /* [ncl] best globally feasible set so far */
  double              best_primal;      /* its unnormalized value, -1 when none */
  double              last_mu[2];       /* prices of `sol` */
  PetscBool           time_up;          /* rank-local: the time limit passed or a stop signal came */
  PetscBool           stop;             /* agreed by every rank at the last progress point: stop the price search */
  PetscBool           partial;          /* the last bound evaluation was cut short by a signal: not a bound */
  double              tick;             /* rank 0: time of the last phase progress line */

  /* a re-plan's warm start (J3oWarmStart) */
  PetscBool           warm;             /* -previous with -j3o_warm: the price search starts at warm_mu, no sample */
  J3oShared           prev_mu;          /* the previous plan's final prices (0 where it has none) */
  double              warm_mu[2];       /* prev_mu within the price box */
  PetscBool           warm_same;        /* every cluster's demand unchanged and warm_mu == prev_mu: one price evaluation */
} J3oSolveCtx;

/* Collective: the bound LPs at mu (rank 0's, broadcast into mu) of this rank's clusters where mask
   (NULL: all) is set, into ctx->cl_*; sum = global sums of value, cloud GFLOP/s and ingress MB/s. */
PetscErrorCode J3oBoundEvaluate(J3oSolveCtx *ctx, double mu[2], const PetscBool *mask, double sum[3]);

/* Collective: the progress line of sample iteration `it` (not a bound: not in the trace). */
PetscErrorCode J3oProgressSample(J3oSolveCtx *ctx, int it, const double mu[2], double estimate);

/* Collective: the heuristic at mu for this rank's clusters into ctx->sol, then records a globally
   feasible set as best. */
PetscErrorCode J3oPrimalPass(J3oSolveCtx *ctx, const double mu[2]);

/* Rank-local: whether the -time_limit has passed or a stop signal came (latches ctx->time_up). */
PetscBool J3oTimeUp(J3oSolveCtx *ctx);

/* Collective: the last progress line and trace row, after recovery (iteration "final"). */
PetscErrorCode J3oProgressFinal(J3oSolveCtx *ctx);





/* Collective: from ctx->sol (possibly over the cloud capacities), a set within constraints 9 and 10
   into ctx->sol; keeps ctx->best_sol if better. */
PetscErrorCode J3oRecover(J3oSolveCtx *ctx);

/* Collective: each cluster's quota level chosen by a multiple-choice knapsack over L levels of its
   own cloud use (0, 1/(L-1), ..., 1) and the proportional quota f * use; the chosen set fits the cloud. */
PetscErrorCode J3oRecoverByLevels(J3oSolveCtx *ctx, int L, const double f[2]);

/* Whether recovery may afford whole integer solves for every quota level and every hand-on of
   unused quota (instances of at most -j3o_quota_whole_max clusters); larger ones use the LP re-route there. */
PetscBool J3oRecoverWhole(const J3oSolveCtx *ctx);

/* Collective: sum over ranks of this rank's solutions' value and cloud usage. */
PetscErrorCode J3oSolutionTotals(J3oSolveCtx *ctx, const J3oClusterSolution *sol, double *value, double *useF, double *useB);
/* The cloud test: use within the capacities up to the checker's relative tolerance of 9 and 10
   (J3O_CLOUD_RELTOL) plus abstol (J3O_CLOUD_ABSTOL_PRIMAL or J3O_CLOUD_ABSTOL_RECOVERY). */
PetscBool      J3oWithinCloud(const J3oSolveCtx *ctx, double useF, double useB, double abstol);

/* Collective, after the clusters are created: with opt->previous and opt->warm, the price start
   (ctx->warm, warm_mu, warm_same) and each J3O cluster's warm start (J3oClusterWarmStart; the previous
   prices for reuse where the cluster's demand hash is the previous plan's). Nothing otherwise. */
PetscErrorCode J3oWarmStart(J3oSolveCtx *ctx);

/* Collective (-j3o_save_basis): every cluster's bound-LP basis of each duty cycle into r (basis_*),
   rows padded to the widest over all ranks. */
PetscErrorCode J3oWarmSaveBases(J3oSolveCtx *ctx, J3oResult *r);

/* Collective. Solves the rank's block with a distributed method of the table (not rank 0's). */
PetscErrorCode J3oSolveDistributed(MPI_Comm comm, const J3oInstance *inst, const J3oSolveOptions *opt, J3oResult *r);

#endif
