/* tao_kelley.c: the j3okelley TAO type: multi-cut Kelley cutting planes on the price dual (one epigraph variable per
   cluster), prices scaled by the capacities, a sampled start and a trust box around it. */
#include <petsc/private/taoimpl.h>
#include "coord/kelley_impl.h"
#include "core/grow.h"
#include "core/log.h"
#include "j3o/tolerances.h"

/* The price box [0, pmax] of the active resources, cut to the trust box where it is on (0 elsewhere). */
static void BoxBounds(const J3oSharedSet *act, const J3oTrustBox *tb, const J3oShared *pmax, J3oShared *lo,
                      J3oShared *hi)
{
  *lo = *hi = J3oSharedConst(0);
  for (int j = 0; j < act->n; j++) {
    int r    = act->r[j];
    hi->r[r] = pmax->r[r];
    if (!tb->on || !(tb->radius.r[r] > 0)) continue;
    lo->r[r] = PetscMax(0, tb->center.r[r] - tb->radius.r[r]);
    hi->r[r] = PetscMin(pmax->r[r], tb->center.r[r] + tb->radius.r[r]);
  }
}

/* Doubles the radius on each coordinate where p reached a side that is not the price box's own;
   returns whether any did (then the model's minimum is not proven). */
static PetscBool BoxGrow(const J3oSharedSet *act, J3oTrustBox *tb, const J3oShared *p, const J3oShared *lo,
                         const J3oShared *hi, const J3oShared *pmax)
{
  PetscBool hit = PETSC_FALSE;
  for (int j = 0; j < act->n; j++) {
    int    r   = act->r[j];
    double eps = J3O_PRICE_EPS * PetscMax(pmax->r[r], J3O_SCALE_FLOOR);
    if ((lo->r[r] > 0 && p->r[r] <= lo->r[r] + eps) || (hi->r[r] < pmax->r[r] && p->r[r] >= hi->r[r] - eps)) {
      tb->radius.r[r] *= 2;
      hit = PETSC_TRUE;
    }
  }
  return hit;
}

/* Is p one of the n scaled prices in seen (J3oPricesClose)? */
static PetscBool Evaluated(const J3oSharedSet *act, const J3oShared *p, const J3oShared *seen, int n,
                           const J3oShared *pmax)
{
  for (int i = 0; i < n; i++)
    if (J3oPricesClose(act, p, &seen[i], pmax)) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* Rank 0: every cluster's cut at the scaled prices `at` of the last evaluation. */
static PetscErrorCode AddCuts(const J3oDualInfo *d, J3oCutSet *cuts, const J3oClusterTable *tab, const J3oShared *at)
{
  PetscFunctionBegin;
  for (int e = 0; e < d->E; e++)
    PetscCall(J3oCutSetAdd(cuts, &d->active, e, tab->v[e] / d->total_demand, &tab->use[e], &d->s, at));
  PetscFunctionReturn(0);
}

/* Scaled prices p = mu * s / total_demand of mu on the active resources (0 on the others), and back. */
static void ScalePrices(const J3oDualInfo *d, const J3oShared *mu, J3oShared *p)
{
  *p = J3oSharedConst(0);
  for (int j = 0; j < d->active.n; j++) {
    int r   = d->active.r[j];
    p->r[r] = mu->r[r] * d->s.r[r] / d->total_demand;
  }
}

static void UnscalePrices(const J3oDualInfo *d, const J3oShared *p, J3oShared *mu)
{
  *mu = J3oSharedConst(0);
  for (int j = 0; j < d->active.n; j++) {
    int r    = d->active.r[j];
    mu->r[r] = p->r[r] * d->total_demand / d->s.r[r];
  }
}

/* Is every active price 0? */
static PetscBool AtZero(const J3oDualInfo *d, const J3oShared *mu)
{
  for (int j = 0; j < d->active.n; j++)
    if (mu->r[d->active.r[j]] != 0) return PETSC_FALSE;
  return PETSC_TRUE;
}

/* Rank 0: the trust box around a start p (scaled prices), of radius `rel` times p. A given start (a
   re-plan's previous prices) keeps its mu as given, bit for bit. */
static void StartAround(const J3oDualInfo *d, J3oTrustBox *tb, const J3oShared *p, double rel)
{
  if (d->rank != 0) return;
  tb->on     = PETSC_TRUE;
  tb->center = *p;
  for (int j = 0; j < d->active.n; j++) tb->radius.r[d->active.r[j]] = rel * p->r[d->active.r[j]];
}

/* Rank 0: the trust box around the sample's prices p, and mu from them. */
static PetscErrorCode StartFromSample(const J3oDualInfo *d, J3oTrustBox *tb, const J3oShared *p, double rel,
                                      J3oShared *mu)
{
  PetscFunctionBegin;
  StartAround(d, tb, p, rel);
  if (d->rank == 0) UnscalePrices(d, p, mu);
  PetscFunctionReturn(0);
}

static PetscErrorCode TaoSolve_J3oKelley(Tao tao)
{
  TAO_J3oKelley     *kel  = (TAO_J3oKelley *)tao->data;
  J3oDual            dual = kel->dual;
  J3oDualInfo        d;
  J3oCutSet         *cuts = &kel->cuts;
  J3oTrustBox       *tb   = &kel->box;
  J3oClusterTable    tab;
  PetscInt           want;
  const J3oShared   *pmax;
  J3oShared          c = J3oSharedConst(0), p = J3oSharedConst(0), mu = J3oSharedConst(0), grad = J3oSharedConst(0);
  double             value;
  double             lower   = -INFINITY;
  J3oShared         *seen    = NULL; /* rank 0: the scaled prices evaluated so far, in this solve */
  int                nseen   = 0;
  PetscCount         capseen = 0;
  PetscBool          binds   = PETSC_FALSE, from_zero, partial;
  TaoConvergedReason reason  = TAO_CONTINUE_ITERATING;

  PetscFunctionBegin;
  PetscCheck(dual, PetscObjectComm((PetscObject)tao), PETSC_ERR_ORDER,
             "j3okelley needs the dual function (J3oTaoSetDual) before TaoSolve");
  PetscCall(J3oDualGetInfo(dual, &d));
  want = kel->price_sample >= 0 ? kel->price_sample : d.price_sample;
  pmax = &d.pmax;
  for (int j = 0; j < d.active.n; j++) c.r[d.active.r[j]] = d.cap.r[d.active.r[j]] / d.s.r[d.active.r[j]];
  PetscCall(J3oDualGetPrices(dual, tao->solution, &mu));
  ScalePrices(&d, &mu, &p);
  from_zero = AtZero(&d, &mu);
  /* the sample's cuts hold for its master alone: every solve starts a new model */
  PetscCall(J3oCutSetFree(cuts));
  PetscCall(PetscMemzero(tb, sizeof(*tb)));
  PetscCall(J3oClusterTableCreate(dual, &tab));

  /* a start at 0 is replaced by the sample's prices when the sample's cloud binds there */
  if (from_zero) PetscCall(J3oPriceSample(dual, want, PETSC_FALSE, cuts, &p, &binds));
  if (binds) PetscCall(StartFromSample(&d, tb, &p, kel->start_radius, &mu));
  else if (!from_zero) StartAround(&d, tb, &p, kel->warm_radius); /* a given start (a re-plan's previous prices) */
  kel->sample_binds = binds;
  kel->sample_p     = p;

  for (PetscInt it = 0; it < tao->max_it; it++) {
    int       stop = 0;
    J3oShared at   = p; /* the scaled prices evaluated (rank 0) */
    double    best_dual, best_primal;
    PetscBool over = PETSC_FALSE, all_slack = PETSC_TRUE; /* some resource over its capacity; none */
    PetscCall(J3oDualEvaluate(dual, &mu, &value, &grad, &partial));
    for (int j = 0; j < d.active.n; j++) {
      if (grad.r[d.active.r[j]] < 0) over = PETSC_TRUE;
      if (!(grad.r[d.active.r[j]] >= 0)) all_slack = PETSC_FALSE;
    }
    if (partial) {
      reason = TAO_DIVERGED_USER;
      break;
    } /* cut short by a signal: no cut */
    PetscCall(J3oClusterTableGather(dual, &tab));
    /* the first evaluation was at mu = 0 (the sample saw no binding cloud) and the cloud binds
       (mildly, or the sample's share of the demand misjudged its share of the cloud): sample again,
       sharing the cloud as its use at 0 */
    if (it == 0 && from_zero && !binds && J3oPriceSampleUsable(dual, want) && over) {
      /* before the cuts at 0 enter the cut set: the sample's master must see only the sample's clusters */
      PetscCall(J3oPriceSample(dual, want, PETSC_TRUE, cuts, &p, &binds));
      PetscCallMPI(MPI_Bcast(p.r, J3O_NSHARED, MPI_DOUBLE, 0, d.comm));
      if (binds && !AtZero(&d, &p)) { /* else the cuts at 0 take the next step */
        kel->sample_binds = PETSC_TRUE;
        kel->sample_p     = p;
        if (d.rank == 0) PetscCall(AddCuts(&d, cuts, &tab, &at));
        PetscCall(StartFromSample(&d, tb, &p, kel->start_radius, &mu));
        continue;
      }
    }
    PetscCall(PetscLogEventBegin(J3oEventDual, 0, 0, 0, 0));
    PetscCall(J3oDualGetBest(dual, &best_dual, &best_primal));
    if (d.rank == 0) {
      double best = best_dual / d.total_demand;
      /* At mu = 0 with every shared constraint slack, 0 minimizes the convex dual: D(mu) >= D(0) + g'mu >= D(0). */
      if (AtZero(&d, &mu) && all_slack) {
        stop   = 1;
        reason = TAO_CONVERGED_GATOL;
      }
      /* a feasible primal as good as the bound: nothing left to prove */
      else if (best_primal >= 0 && J3oDualWithin(best, best_primal / d.total_demand, tao->grtol)) {
        stop   = 1;
        reason = TAO_CONVERGED_USER;
      } else {
        J3oShared lo, hi, ps;
        double    model;
        PetscCall(AddCuts(&d, cuts, &tab, &at));
        PetscCall(J3oGrow(nseen, &capseen, 16, 1, J3O_GROW_ARRAY(seen)));
        seen[nseen++] = at;
        BoxBounds(&d.active, tb, pmax, &lo, &hi);
        /* the next prices from the master as posed: which of equally low points it picks sets the prices the
           integer search runs at, and small tight instances are sensitive to it (two of 80 four-edge draws
           lose 0.1 and 1.3 % at the scaled master's); the model's minimum, which the stop tests trust, from
           the scaled one (unscaled, 1,000 clusters: the minimum rises and falls by 1e-6 between evaluations,
           and seed 6 of the scale family takes 18 evaluations instead of 4) */
        PetscCall(J3oKelleyMaster(cuts, &d.active, d.E, tab.fl, &c, &lo, &hi, PETSC_FALSE, &model, &p));
        PetscCall(J3oKelleyMaster(cuts, &d.active, d.E, tab.fl, &c, &lo, &hi, PETSC_TRUE, &model, &ps));
        /* the model bounds the dual from below over the box: within it no prices lower the dual by more */
        PetscBool promise = (PetscBool)!J3oDualWithin(best, model, kel->warm_tol);
        /* proven when neither master's minimizer is at a side of the trust box that is not the price box's;
           the box grows on the sides either reached (else an unproven scaled minimum would stall the search) */
        PetscBool side_s = BoxGrow(&d.active, tb, &ps, &lo, &hi, pmax);
        PetscBool side_p = BoxGrow(&d.active, tb, &p, &lo, &hi, pmax);
        PetscBool proven = (PetscBool)(!side_s && !side_p);
        if (proven) lower = model;
        /* a given start (a re-plan's previous prices): the search ends when its trust box holds no
           prices that lower the dual by more than -tao_kelley_warm_tol (the box, not the whole price
           box: the bound is still the smallest dual evaluated) */
        if (!from_zero && !promise) {
          stop   = 1;
          reason = TAO_CONVERGED_USER;
          PetscCall(PetscInfo(tao,
                              "the trust box around the given start holds no prices that lower the dual by more "
                              "than %g of it (the model's minimum there %.12g, the best dual %.12g)\n",
                              (double)kel->warm_tol, model, best));
        } else if (proven && J3oDualWithin(best, lower, tao->grtol)) {
          stop   = 1;
          reason = TAO_CONVERGED_GRTOL;
        }
        /* the model proposes a point it has evaluated: its cuts there are in the model already, so
           another evaluation cannot move it (within the LP solves' accuracy) */
        else if (proven && Evaluated(&d.active, &p, seen, nseen, pmax)) {
          stop   = 1;
          reason = TAO_CONVERGED_STEPTOL;
        }
        UnscalePrices(&d, &p, &mu);
      }
    }
    PetscCall(PetscLogEventEnd(J3oEventDual, 0, 0, 0, 0));
    PetscCallMPI(MPI_Bcast(&stop, 1, MPI_INT, 0, d.comm));
    PetscCallMPI(MPI_Bcast(&lower, 1, MPI_DOUBLE, 0, d.comm));
    PetscCall(TaoSetIterationNumber(tao, it));
    /* residual: best dual minus the cutting-plane model's proven minimum (the best dual itself before one) */
    PetscCall(TaoMonitor(tao, it, best_dual / d.total_demand,
                         isfinite(lower) ? best_dual / d.total_demand - lower : best_dual / d.total_demand, 0.0, 0.0));
    if (!stop && J3oDualStopRequested(dual)) {
      stop   = 1;
      reason = TAO_DIVERGED_USER;
    }
    if (stop) break;
    if (it == tao->max_it - 1) reason = TAO_DIVERGED_MAXITS;
  }
  PetscCallMPI(MPI_Bcast(&reason, 1, MPI_INT, 0, d.comm));
  PetscCall(TaoSetConvergedReason(tao, reason));
  kel->lower = lower;
  PetscCall(PetscFree(seen));
  PetscCall(J3oDualSetBestPrices(dual, tao->solution));
  PetscCall(J3oClusterTableDestroy(dual, &tab));
  PetscFunctionReturn(0);
}

/* A trust-box radius option (> 0): `who` gets a box of this radius relative to its prices. */
static PetscErrorCode RadiusOption(Tao tao, PetscOptionItems *PetscOptionsObject, const char *name, const char *who,
                                   PetscReal *radius)
{
  char help[160];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(help, sizeof(help),
                          "%s gets a trust box of this radius relative to its prices (it doubles on a side a step "
                          "reaches)",
                          who));
  PetscCall(PetscOptionsReal(name, help, "", *radius, radius, NULL));
  PetscCheck(*radius > 0, PetscObjectComm((PetscObject)tao), PETSC_ERR_ARG_OUTOFRANGE, "%s must be > 0, got %g", name,
             (double)*radius);
  PetscFunctionReturn(0);
}

static PetscErrorCode TaoSetFromOptions_J3oKelley(Tao tao, PetscOptionItems *PetscOptionsObject)
{
  TAO_J3oKelley *kel = (TAO_J3oKelley *)tao->data;

  PetscFunctionBegin;
  PetscOptionsHeadBegin(PetscOptionsObject, "Multi-cut Kelley cutting planes on the cloud prices (j3okelley)");
  PetscCall(
    RadiusOption(tao, PetscOptionsObject, "-tao_kelley_start_radius", "The price sample's start", &kel->start_radius));
  PetscCall(RadiusOption(tao, PetscOptionsObject, "-tao_kelley_warm_radius",
                         "A given start other than 0 (a re-plan's previous prices)", &kel->warm_radius));
  PetscCall(PetscOptionsReal("-tao_kelley_warm_tol",
                             "A given start's search ends when its model proves that no prices in the trust box "
                             "lower the dual by more than this fraction of the best (0: the usual stop tests only)",
                             "", kel->warm_tol, &kel->warm_tol, NULL));
  PetscCheck(kel->warm_tol >= 0, PetscObjectComm((PetscObject)tao), PETSC_ERR_ARG_OUTOFRANGE,
             "-tao_kelley_warm_tol must be >= 0, got %g", (double)kel->warm_tol);
  PetscCall(PetscOptionsInt("-tao_kelley_price_sample",
                            "Kelley first runs on about this many sampled clusters for its starting prices (0: off; "
                            "used when there are at least 4x as many clusters; < 0: -j3o_price_sample)",
                            "", kel->price_sample, &kel->price_sample, NULL));
  PetscOptionsHeadEnd();
  PetscFunctionReturn(0);
}

static PetscErrorCode TaoView_J3oKelley(Tao tao, PetscViewer viewer)
{
  TAO_J3oKelley *kel = (TAO_J3oKelley *)tao->data;
  PetscBool      ascii;

  PetscFunctionBegin;
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERASCII, &ascii));
  if (!ascii) PetscFunctionReturn(0);
  PetscCall(PetscViewerASCIIPushTab(viewer));
  if (kel->price_sample >= 0)
    PetscCall(PetscViewerASCIIPrintf(viewer, "price sample: %" PetscInt_FMT " clusters\n", kel->price_sample));
  else if (kel->dual) {
    J3oDualInfo d;
    PetscCall(J3oDualGetInfo(kel->dual, &d));
    PetscCall(PetscViewerASCIIPrintf(viewer, "price sample: %d clusters (-j3o_price_sample)\n", d.price_sample));
  } else PetscCall(PetscViewerASCIIPrintf(viewer, "price sample: as -j3o_price_sample\n"));
  PetscCall(PetscViewerASCIIPrintf(viewer, "trust box radius: %g of a sampled start, %g of a given one\n",
                                   (double)kel->start_radius, (double)kel->warm_radius));
  PetscCall(PetscViewerASCIIPrintf(viewer, "a given start's search ends when its box promises at most %g of the dual\n",
                                   (double)kel->warm_tol));
  PetscCall(PetscViewerASCIIPrintf(viewer, "cuts: %d (rank 0)\n", kel->cuts.n));
  if (kel->sample_binds) {
    PetscCall(PetscViewerASCIIPrintf(viewer, "sampled start (scaled prices) and trust box radius:"));
    PetscCall(PetscViewerASCIIUseTabs(viewer, PETSC_FALSE));
    for (int r = 0; r < J3O_NSHARED; r++)
      PetscCall(PetscViewerASCIIPrintf(viewer, " %s %g +- %g", J3oSharedShortNames[r], kel->sample_p.r[r],
                                       kel->box.radius.r[r]));
    PetscCall(PetscViewerASCIIPrintf(viewer, "\n"));
    PetscCall(PetscViewerASCIIUseTabs(viewer, PETSC_TRUE));
  }
  if (isfinite(kel->lower))
    PetscCall(PetscViewerASCIIPrintf(viewer, "cutting-plane model's proven minimum: %.12g\n", kel->lower));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

static PetscErrorCode TaoDestroy_J3oKelley(Tao tao)
{
  TAO_J3oKelley *kel = (TAO_J3oKelley *)tao->data;

  PetscFunctionBegin;
  PetscCall(J3oCutSetFree(&kel->cuts));
  PetscCall(PetscFree(tao->data));
  PetscFunctionReturn(0);
}

/* The constructor TaoRegister calls for -tao_type j3okelley. */
PetscErrorCode J3oTaoCreateKelley(Tao tao)
{
  TAO_J3oKelley *kel;

  PetscFunctionBegin;
  tao->ops->solve          = TaoSolve_J3oKelley;
  tao->ops->view           = TaoView_J3oKelley;
  tao->ops->setfromoptions = TaoSetFromOptions_J3oKelley;
  tao->ops->destroy        = TaoDestroy_J3oKelley;
  PetscCall(PetscNew(&kel));
  kel->price_sample = -1;
  kel->lower        = -INFINITY;
  /* the sample's prices lie within a few % of the whole dual's minimizer, a re-plan's previous prices
     within 0.5 % after a 10 % demand drift (measured on the 1,000-edge scale instances) */
  kel->start_radius = 0.1;
  kel->warm_radius  = 0.02;
  /* after a 10 % demand drift the box around the previous prices promises 3e-5 of the dual at 300
     edges and 1.3e-6 at 1,000, against gaps of 0.15 %: a second evaluation there gains nothing the
     gap can show */
  kel->warm_tol = 1e-4;
  tao->data     = (void *)kel;
  PetscFunctionReturn(0);
}
