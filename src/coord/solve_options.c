/* solve_options.c: every solver knob from the PETSc options database, so -help lists them and -options_file works. */
#include "j3o/solve.h"
#include <math.h>
#include "j3o/options.h"

/* Every option queried below, for the value and unknown-option checks (tests/sh/test_options.sh
   checks that each queried name is listed here). */
const J3oOptSpec J3oSolveOptionSpecs[] = {
  {"-method", J3O_OPT_STRING, "a method name (-help lists them)"},
  {"-time_limit", J3O_OPT_REAL, "a number of seconds >= 0"},
  {"-j3o_dual_tol", J3O_OPT_REAL, "a number >= 0"},
  {"-j3o_primal_every", J3O_OPT_INT, "an integer >= 0"},
  {"-j3o_quota_levels", J3O_OPT_INT, "an integer"},
  {"-j3o_quota_whole_max", J3O_OPT_INT, "an integer"},
  {"-j3o_resolve_loss", J3O_OPT_REAL, "a number in [0, 1]"},
  {"-j3o_polish_loss", J3O_OPT_REAL, "a number"},
  {"-j3o_subgradient", J3O_OPT_BOOL, "true or false"},
  {"-j3o_price_sample", J3O_OPT_INT, "an integer >= 0"},
  {"-j3o_quiet", J3O_OPT_BOOL, "true or false"},
  {"-j3o_progress_s", J3O_OPT_REAL, "a number of seconds > 0"},
  {"-j3o_alternations", J3O_OPT_INT, "an integer >= 1"},
  {"-j3o_swaps", J3O_OPT_BOOL, "true or false"},
  {"-j3o_second_start", J3O_OPT_BOOL, "true or false"},
  {"-j3o_seed", J3O_OPT_INT, "an integer"},
  {"-j3o_bound_screen", J3O_OPT_BOOL, "true or false"},
  {"-j3o_large_clients", J3O_OPT_INT, "an integer"},
  {"-j3o_budget_small", J3O_OPT_BOOL, "true or false"},
  {"-j3o_large_lp_budget", J3O_OPT_INT, "an integer >= 1"},
  {"-j3o_resolve_lp_budget", J3O_OPT_INT, "an integer >= 1"},
  {"-j3o_cycle_margin", J3O_OPT_REAL, "a number"},
  {"-j3o_lean", J3O_OPT_BOOL, "true or false"},
  {"-j3o_lp_scaling", J3O_OPT_BOOL, "true or false"},
  {"-j3o_cluster_gap", J3O_OPT_REAL, "a number >= 0"},
  {"-j3o_warm_cluster_gap", J3O_OPT_REAL, "a number >= 0"},
  {"-j3o_warm_gap_slack", J3O_OPT_REAL, "a number (< 0: the previous search gaps are not used)"},
  {"-swap_budget_mb", J3O_OPT_REAL, "a number of MB >= 0"},
  {"-swap_budget_total_mb", J3O_OPT_REAL, "a number of MB >= 0"},
  {"-j3o_warm", J3O_OPT_BOOL, "true or false"},
  {"-j3o_save_basis", J3O_OPT_BOOL, "true or false"},
  {"-j3o_warm_lp_budget", J3O_OPT_INT, "an integer >= 0"},
};
const int J3oSolveOptionSpecCount = (int)(sizeof(J3oSolveOptionSpecs) / sizeof(J3oSolveOptionSpecs[0]));

/* The defaults of every solver option: the one place they are written (-help prints them). */
static const J3oSolveOptions SolveDefault = {
  .method               = 0, /* the first row of the method table: j3o */
  .time_limit_s         = 0,
  .dual_tol             = 1e-6,
  .primal_every         = 0,
  .quiet                = PETSC_FALSE,
  .quota_levels         = 3,
  .quota_whole_max      = 100,
  .resolve_loss         = 0.01, /* measured: seed 6 at 1,000 edges 73 s against 79 s at 0.001, accuracy -0.005 % */
  .resolve_lp_budget    = 10, /* measured: seed 6 at 1,000 edges 296 re-solves, 2.1 s less than at 16, accuracy -6e-6 */
  .polish_loss          = 0.01,
  .subgradient          = PETSC_FALSE,
  .price_sample         = 64,
  .progress_s           = 5,
  .previous             = NULL,
  .swap_budget_mb       = INFINITY,
  .swap_budget_total_mb = INFINITY,
  .warm                 = PETSC_TRUE,
  .save_basis           = PETSC_FALSE,
  .warm_lp_budget       = 0,
};

PetscErrorCode J3oSolveOptionsDefault(J3oSolveOptions *opt)
{
  PetscFunctionBegin;
  *opt = SolveDefault;
  PetscCall(J3oClusterOptionsDefault(&opt->cluster));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oSolveOptionsFromDatabase(J3oSolveOptions *opt)
{
  PetscInt     method, every, levels, sample, qwhole, wlp, rbud;
  PetscReal    tl, tol, polish, rloss, progress, budget, budget_total;
  const char **names;

  PetscFunctionBegin;
  PetscCall(J3oSolveOptionsDefault(opt));
  PetscCall(PetscMalloc1(J3oMethodCount, &names));
  for (int k = 0; k < J3oMethodCount; k++) names[k] = J3oMethods[k].name;
  method       = opt->method;
  every        = opt->primal_every;
  levels       = opt->quota_levels;
  sample       = opt->price_sample;
  qwhole       = opt->quota_whole_max;
  tl           = opt->time_limit_s;
  tol          = opt->dual_tol;
  polish       = opt->polish_loss;
  rloss        = opt->resolve_loss;
  rbud         = opt->resolve_lp_budget;
  progress     = opt->progress_s;
  budget       = opt->swap_budget_mb;
  budget_total = opt->swap_budget_total_mb;
  wlp          = opt->warm_lp_budget;
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "j3o solver options", NULL);
  PetscCall(PetscOptionsEList("-method", "Solution method (the Methods lines above)", NULL, names, J3oMethodCount,
                              names[method], &method, NULL));
  PetscCall(PetscOptionsReal("-time_limit", "Wall-time limit of the solve in seconds (0: none)", NULL, tl, &tl, NULL));
  PetscCall(PetscOptionsReal("-j3o_dual_tol",
                             "Relative gap between the best dual value and the cutting-plane model at which the price "
                             "search stops",
                             NULL, tol, &tol, NULL));
  PetscCall(PetscOptionsInt("-j3o_primal_every",
                            "Run the integer heuristic also at every k-th price iterate (0: only at the final prices, "
                            "measured as accurate and 2-6x faster)",
                            NULL, every, &every, NULL));
  PetscCall(PetscOptionsInt("-j3o_quota_levels",
                            "Recovery: cloud quota levels per cluster chosen by a knapsack (< 2: proportional quotas)",
                            NULL, levels, &levels, NULL));
  PetscCall(PetscOptionsInt("-j3o_quota_whole_max",
                            "Recovery: instances with at most this many clusters also price each quota level by the "
                            "cluster's whole integer solve (larger ones by its LP re-route alone)",
                            NULL, qwhole, &qwhole, NULL));
  PetscCall(PetscOptionsReal("-j3o_resolve_loss",
                             "Recovery above -j3o_quota_whole_max clusters: a cluster the knapsack cut re-runs its "
                             "integer search when its LP re-route lost more than this fraction of its value",
                             NULL, rloss, &rloss, NULL));
  PetscCall(PetscOptionsInt("-j3o_resolve_lp_budget",
                            "Recovery above -j3o_quota_whole_max clusters: the offloading-LP solves of each such "
                            "re-solve's search (from the cluster's onloading, under its quota; under a binding churn "
                            "budget each of its searches at raised churn prices has as many)",
                            NULL, rbud, &rbud, NULL));
  PetscCall(PetscOptionsReal("-j3o_polish_loss",
                             "Recovery: polish with the whole search the clusters whose cloud cap cost more than this "
                             "fraction of their value",
                             NULL, polish, &polish, NULL));
  PetscCall(PetscOptionsBool("-j3o_subgradient",
                             "The coordinator's default TAO type is j3osubgradient (projected subgradient with Polyak "
                             "steps) instead of j3okelley (Kelley cutting planes)",
                             NULL, opt->subgradient, &opt->subgradient, NULL));
  PetscCall(PetscOptionsInt("-j3o_price_sample",
                            "Kelley first runs on about this many sampled clusters for its starting prices (0: off; "
                            "used when there are at least 4x as many clusters; -tao_kelley_price_sample wins)",
                            NULL, sample, &sample, NULL));
  PetscCall(
    PetscOptionsBool("-j3o_quiet",
                     "No progress lines (per price iteration, and per long phase: bound evaluation, integer search)",
                     NULL, opt->quiet, &opt->quiet, NULL));
  PetscCall(
    PetscOptionsReal("-j3o_progress_s",
                     "Seconds between two progress lines of a long phase (clusters done on rank 0, elapsed time)", NULL,
                     progress, &progress, NULL));
  PetscCall(PetscOptionsReal("-swap_budget_mb",
                             "Re-planning (needs -previous): at most this many MB of models loaded that the previous "
                             "plan did not hold, per edge cluster (constraint 12; inf: none)",
                             NULL, budget, &budget, NULL));
  PetscCall(PetscOptionsReal("-swap_budget_total_mb",
                             "Re-planning (needs -previous): at most this many MB loaded over all clusters (constraint "
                             "13; inf: none)",
                             NULL, budget_total, &budget_total, NULL));
  PetscCall(PetscOptionsBool("-j3o_warm",
                             "Re-planning: warm-start from the -previous plan (prices, first search state, unchanged "
                             "clusters); false: only the budgets use it",
                             NULL, opt->warm, &opt->warm, NULL));
  PetscCall(PetscOptionsInt("-j3o_warm_lp_budget",
                            "Re-planning with -j3o_warm: each cluster's first search is a light one, from its previous "
                            "onloading only (alternation and swaps) within this many offloading-LP solves (0: the "
                            "usual search, from the previous onloading and the LP roundings)",
                            NULL, wlp, &wlp, NULL));
  PetscCall(
    PetscOptionsBool("-j3o_save_basis",
                     "The result keeps each cluster's bound-LP and offloading-LP bases and search gap (/warm, "
                     "deflated) so that a re-plan from it (-previous) starts its first bound evaluation and its "
                     "first searches from them and ends those searches sooner (-j3o_warm_gap_slack)",
                     NULL, opt->save_basis, &opt->save_basis, NULL));
  PetscOptionsEnd();
  PetscCall(PetscFree(names));
  PetscCheck(progress > 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE, "-j3o_progress_s must be > 0, got %g",
             (double)progress);
  PetscCheck(tl >= 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE, "-time_limit must be >= 0, got %g", (double)tl);
  PetscCheck(rloss >= 0 && rloss <= 1, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE,
             "-j3o_resolve_loss must be in [0, 1], got %g", (double)rloss);
  PetscCheck(rbud >= 1, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE, "-j3o_resolve_lp_budget must be >= 1, got %d",
             (int)rbud);
  PetscCheck(tol >= 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE, "-j3o_dual_tol must be >= 0, got %g", (double)tol);
  PetscCheck(every >= 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE, "-j3o_primal_every must be >= 0");
  PetscCheck(sample >= 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE, "-j3o_price_sample must be >= 0, got %d",
             (int)sample);
  PetscCheck(budget >= 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE, "-swap_budget_mb must be >= 0, got %g",
             (double)budget);
  PetscCheck(budget_total >= 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE,
             "-swap_budget_total_mb must be >= 0, got %g", (double)budget_total);
  PetscCheck(wlp >= 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE, "-j3o_warm_lp_budget must be >= 0, got %d",
             (int)wlp);
  opt->warm_lp_budget       = (int)wlp;
  opt->swap_budget_mb       = budget;
  opt->swap_budget_total_mb = budget_total;
  opt->method               = (int)method;
  opt->time_limit_s         = tl;
  opt->dual_tol             = tol;
  opt->primal_every         = (int)every;
  opt->price_sample         = (int)sample;
  opt->quota_levels         = (int)levels;
  opt->polish_loss          = polish;
  opt->resolve_loss         = rloss;
  opt->resolve_lp_budget    = (int)rbud;
  opt->quota_whole_max      = (int)qwhole;
  opt->progress_s           = progress;
  /* the cluster's own options (its search knobs stay private to it) */
  PetscCall(J3oClusterOptionsFromDatabase(PETSC_COMM_WORLD, &opt->cluster));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oSolveOptionsCheckChurn(MPI_Comm comm, const J3oSolveOptions *opt, PetscBool has_previous)
{
  PetscBool b           = isfinite(opt->swap_budget_mb) ? PETSC_TRUE : PETSC_FALSE,
            g           = isfinite(opt->swap_budget_total_mb) ? PETSC_TRUE : PETSC_FALSE;
  const char *which     = b ? "-swap_budget_mb" : "-swap_budget_total_mb";
  char        list[256] = "";

  PetscFunctionBegin;
  for (int k = 0; k < J3oMethodCount; k++)
    if (J3oMethods[k].churn) {
      PetscCall(PetscStrlcat(list, list[0] ? ", " : "", sizeof list));
      PetscCall(PetscStrlcat(list, J3oMethods[k].name, sizeof list));
    }
  if (!b && !g) PetscFunctionReturn(0);
  PetscCheck(has_previous, comm, PETSC_ERR_ARG_WRONG,
             "%s needs -previous PREV.h5 (the plan whose onloading the budget counts from; usage: mpirun -n P j3o -i "
             "INSTANCE.h5 -o RESULT.h5 -previous PREV.h5 %s MB)",
             which, which);
  PetscCheck(J3oMethods[opt->method].churn, comm, PETSC_ERR_ARG_WRONG,
             "method %s does not support %s (methods that do: %s)", J3oMethods[opt->method].name, which, list);
  PetscFunctionReturn(0);
}

PetscErrorCode J3oSolveOptionsNoteReplanOnly(MPI_Comm comm, PetscBool has_previous)
{
  /* the warm start's knobs: without a previous plan there is nothing to start from */
  static const char *const warm_only[] = {"-j3o_warm",           "-j3o_warm_lp_budget",     "-j3o_warm_cluster_gap",
                                          "-j3o_warm_gap_slack", "-tao_kelley_warm_radius", "-tao_kelley_warm_tol"};

  PetscFunctionBegin;
  if (has_previous) PetscFunctionReturn(0);
  for (size_t k = 0; k < PETSC_STATIC_ARRAY_LENGTH(warm_only); k++) {
    PetscBool set;
    PetscCall(PetscOptionsHasName(NULL, NULL, warm_only[k], &set));
    if (set)
      PetscCall(PetscPrintf(comm, "j3o: note: %s has no effect without -previous (it tunes a re-plan's warm start)\n",
                            warm_only[k]));
  }
  PetscFunctionReturn(0);
}
