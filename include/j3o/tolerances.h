/* j3o/tolerances.h: every numerical tolerance of the solver in one place, each with what it protects.
   Values are fixed: the results and the tests depend on them bit for bit. */
#ifndef J3O_TOLERANCES_H
#define J3O_TOLERANCES_H

/* Relative round-off of a sum of doubles: two sums of the same terms in another order differ by about
   this much. Comparisons of sums allow it (a memory fit is used + s <= cap (1 + J3O_ROUNDOFF); a search
   move counts as better only above J3O_ROUNDOFF times the cluster's total weight), and a row scaled
   down onto its bound is scaled by (1 - J3O_ROUNDOFF) so that it stays within it. */
#define J3O_ROUNDOFF 1e-12

/* LP fractions at or below this are solver noise: the route is dropped (it would serve nothing). */
#define J3O_FRACTION_NOISE 1e-12

/* Smallest scale of a relative test |a - b| <= tol * max(|x|, J3O_SCALE_FLOOR): keeps it meaningful at 0. */
#define J3O_SCALE_FLOOR 1e-12

/* The checker's relative tolerance on the cloud constraints (9, 10): use <= cap (1 + J3O_CLOUD_RELTOL) + abs. */
#define J3O_CLOUD_RELTOL 1e-9
/* Absolute slack of the cloud test when a primal pass is accepted as feasible (the best primal). */
#define J3O_CLOUD_ABSTOL_PRIMAL 1e-12
/* Absolute slack of the cloud test that guards recovery's result (a failure is a bug). */
#define J3O_CLOUD_ABSTOL_RECOVERY 1e-9

/* Relative gap at or below which a J3O run reports status optimal. */
#define J3O_GAP_OPTIMAL 1e-9

/* Round-off allowed between the dual bound and the accuracy (bound >= accuracy - this, else a bug). */
#define J3O_BOUND_SLACK 1e-7

/* Scaled prices closer than this fraction of the price box count as the same point. */
#define J3O_PRICE_EPS 1e-9

/* Absolute gradient tolerance handed to TAO: off in effect, the coordinator stops on its gap tests. */
#define J3O_TAO_GATOL 1e-12

/* Margin of the quota-level knapsack's cloud rows (1 - margin): CBC accepts a row up to its primal
   tolerance (1e-7) over its bound, so the rows keep this margin and the choice is checked after.
   The proportional quota level shrinks by ten margins so that choosing it everywhere fits the rows. */
#define J3O_KNAPSACK_MARGIN    1e-6
#define J3O_QUOTA_LEVEL_SHRINK (10 * J3O_KNAPSACK_MARGIN)
/* seconds the recovery's knapsack gets once -time_limit has passed (it starts from a feasible choice) */
#define J3O_KNAPSACK_LATE_S 0.1
/* CBC's relative gap on the knapsack: its values are accuracies, reported to 1e-6 (measured: a 300-edge
   re-plan's knapsack 0.58 s at 1e-9, 0.03 s here, the same accuracy to 1e-6) */
#define J3O_KNAPSACK_GAP 1e-6

/* LP-relaxation item values at or below this count as zero (the second start does not rank them). */
#define J3O_ITEM_VALUE_MIN 1e-6

#endif
