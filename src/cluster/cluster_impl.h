/* cluster_impl.h: private state of one edge cluster (J3oCluster), shared by the src/cluster*.c files. */
#ifndef J3O_CLUSTER_IMPL_H
#define J3O_CLUSTER_IMPL_H

#include "j3o/cluster.h"
#include "j3o/lp.h"
#include "lp/sparse.h"
#include "j3o/tolerances.h"

/* One potentially useful route (a column of the offloading LP). */
typedef struct {
  int    kind;  /* J3oRouteKind */
  int    pair;  /* (n,t) pair index */
  int    model; /* m, or c(t) for the cloud */
  int    item;  /* residency item that enables it: client n*M+m, edge nc*M+m; -1 for the cloud */
  double obj0;  /* w_t lambda_nt a: value at fraction 1 */
  double gq;    /* compute at fraction 1: lambda g_m (lambda g1_m at a batching edge); cloud lambda g_c(t) */
  double mb;    /* lambda d_t for edge and cloud routes, 0 for local */
} ClCol;

/* A scaled LP kept in CSC next to its J3oLP, all rows  A x <= rub, 0 <= x <= ub. */
typedef struct {
  J3oLP     lp;
  int       ncol, nrow;
  int      *col_start, *row_index; /* [ncol+1], [nnz]: the matrix, column-compressed */
  double   *value;                 /* [nnz] >= 0 except the -1 of the linking rows of the bound LP */
  double   *rub;                   /* [nrow] current row upper bounds (scaled) */
  double   *ub, *obj;              /* [ncol] current column upper bounds and objective */
  J3oShared mu;                    /* prices applied to the cloud columns' objective */
} ClLP;

/* The capacity rows route columns load, laid out alike in the offloading and the bound LP: routing
   rows 0..npair-1, then client compute, client uplink, edge compute, cell, backhaul (-1: absent). */
typedef struct {
  int *cc, *cu; /* [nc] client n's compute / uplink row */
  int  ec, cell, bh;
  int  nrow; /* rows laid out */
} ClRouteRows;

/* Everything that depends on the duty cycle (one instance when batching is off). */
typedef struct {
  double  c;                 /* duty cycle, 0 when batching off */
  int     ncol;              /* route columns */
  ClCol  *col;               /* [ncol], pair-major: local, edge, then cloud columns of each pair */
  int    *pcol;              /* [npair+1] columns of pair p are pcol[p] .. pcol[p+1]-1 */
  int    *icol_start, *icol; /* item -> its columns, CSR over nitem, columns increasing */
  double *fc;                /* [M] edge fixed load g0_m / (c rho F_e), 0 without batching */
  int     ncloud;            /* cloud columns */

  /* offloading LP: route columns only, residency through column upper bounds */
  PetscBool      built;
  PetscBool      fresh;  /* built and not yet solved: its first solve starts from keep, else the bound LP's basis */
  unsigned char *keep;   /* the last basis of a released (lean) offloading LP, or a previous plan's
                            (J3oClusterSetOffloadBasis) before the first build; NULL when none */
  int         keep_n;    /* its size: a previous plan's is used when the LP has as many columns and rows */
  PetscBool   keep_prev; /* keep is a previous plan's, not yet solved from */
  double      last_val;  /* the priced value of the last solve, */
  J3oShared   last_mu;   /* at these prices, */
  PetscBool   last_free; /* without caps on the route resources */
  ClLP        off;
  ClRouteRows rows;                 /* its capacity rows (rows.ec: edge compute, -1 when absent) */
  int         row_cap[J3O_NSHARED]; /* caps on the shared resources the routes load, -1 when absent */
  double      ref[J3O_NSHARED];     /* cap rows are scaled by these (the cluster's maximal use) */
  double     *frac;                 /* [ncol] last feasible (repaired) primal */
  double     *dual;                 /* [off.nrow] last row duals, clipped to >= 0 */
} ClCycle;

/* Stale-dual data of one cycle's bound LP: with the row prices y of its last solve,
   LP_k(mu) <= c0 + sum over cloud columns q of max(0, obj_q(mu) - ay[q]). */
typedef struct {
  PetscBool valid;
  double    c0;
  double   *ay;  /* [ncloud] (A'y) of each union cloud column */
  double   *ayx; /* [nchx] (A'y) of each churn column */
} ClStale;

/* The bound's answers at the last J3O_BOUND_MEMO price vectors evaluated (cluster_bound_memo.c), newest at next-1. */
typedef struct {
  int        n, next;
  J3oShared *mu, *use; /* [J3O_BOUND_MEMO] */
  double    *value;    /* [J3O_BOUND_MEMO] */
  double    *vals;     /* [J3O_BOUND_MEMO * ncyc] each cycle's value (an upper bound where screened) */
} ClBoundMemo;

/* The bound LP shared by all duty cycles (cluster_bound.c): union route columns, then x/y
   columns, then the batch-load columns b^k_m (nyb edge items x ncyc, cycle-minor). */
typedef struct {
  PetscBool       built;
  ClLP            L;
  int             nroute;         /* union route columns */
  ClCol          *col;            /* [nroute] */
  int           **ucol;           /* [ncyc][cyc[k].ncol] cycle column -> union column */
  int             nxy, *xy_item;  /* x/y columns (after the routes) and their items */
  int            *xycol;          /* [nitem] item -> its x/y column, -1 none */
  int             b0, nyb;        /* first load column; edge items with load columns */
  int             ncloud, *cloud; /* union cloud columns */
  int             nchx, *chx;     /* churn columns: x/y of items not held (objective -mu_churn s_m) */
  int             row_churn;      /* constraint 12's row, -1 when absent (no previous plan or no budget) */
  ClRouteRows     rows;           /* the capacity rows of the union route columns */
  double         *ay;             /* [ncloud] scratch */
  double         *rc;             /* [L.ncol] scratch: reduced costs of the last solve */
  int             cur;            /* cycle whose bounds are set, -1 none */
  unsigned char **basis;          /* [ncyc] each cycle's last optimal basis (NULL before its first solve):
                                     a switch of cycle re-enters from it instead of from the other cycle's */
  unsigned char **cut_basis;      /* [ncyc] the basis of a cycle's last solve when it stopped at its cutoff
                                     (dual feasible), or a previous run's such basis before any solve;
                                     NULL when its last solve reached the optimum */
  ClStale    *st;                 /* [ncyc] */
  double     *shadow; /* [ncyc] per MB, the churn row's dual at each cycle's last solve (0 without the row) */
  ClBoundMemo memo;
  double      floor; /* best value of a solved LP's primal without its cloud routes and its churn
                        columns (and their routes): a lower bound of every cycle's LP at every price
                        (0, dropping everything, before a solve) */
} ClBnd;

/* A residency and its priced LP value. */
typedef struct {
  unsigned char *x, *y; /* [nc*M], [M] */
  int            k;     /* cycle index */
  double         val;   /* priced LP value, -INFINITY when none */
  double        *frac;  /* [max ncol] fractions of that LP */
} ClState;

/* The search knobs, private to the cluster module; set by -j3o_large_clients, -j3o_budget_small,
   -j3o_large_lp_budget, -j3o_cycle_margin, -j3o_lean, -j3o_lp_scaling, -j3o_cluster_gap,
   -j3o_warm_cluster_gap, -j3o_warm_gap_slack (defaults in cluster.c only). */
typedef struct {
  int       large_clients;   /* clusters with more clients than this always use the budgeted search */
  PetscBool budget_small;    /* the others use it too, unless a request asks for the exhaustive search */
  int       large_lp_budget; /* offloading-LP solves per J3oClusterSolve on a budgeted search */
  double
    cycle_margin; /* the budgeted search tries duty cycles whose LP bound is within this relative margin of the best */
  PetscBool lean; /* large clusters release their offloading LPs at the end of each call */
  PetscBool lp_scaling;  /* CLP scales a large cluster's LPs (their rows are scaled to <= 1 by construction) */
  double    cluster_gap; /* a large cluster's budgeted search stops within this fraction of wsum of its LP bound */
  double    warm_gap;    /* a re-plan's first budgeted search stops there when its previous onloading is this close */
  double    warm_slack;  /* ... or within its previous search gap (search_gap) plus this; < 0: not used */
} ClSearchOptions;

typedef struct ClMemoEntry ClMemoEntry; /* cluster_memo.c */

/* What one call (solve, re-route, bound) gives its kernels: passed down explicitly, never kept in the cluster. */
typedef struct {
  J3oShared mu;          /* prices of the shared resources */
  J3oShared cap;         /* the call's caps on them, INFINITY: none */
  PetscBool allow_cloud; /* cloud routes allowed (false for the baselines without cloud) */
  int       lp_left;     /* offloading-LP solves left (budgeted search), INT_MAX: unlimited */
  double    stop_at;     /* a priced value that ends the budgeted search (lp_left = 0), INFINITY: none */
  PetscBool keep_dual;   /* a rebuilt LP's kept basis is dual feasible here: re-entered by the dual simplex */
  int       lp_budget;   /* > 0: the request's budget of the budgeted search (J3oClusterRequest.lp_budget) */
} ClCall;

/* Does cap limit a resource the routes load (any but churn, which only onloading moves)? */
static inline PetscBool J3oClRoutesCapped(const J3oShared *cap)
{
  for (int r = 0; r < J3O_NSHARED; r++)
    if (r != J3O_SHARED_CHURN_MB && isfinite(cap->r[r])) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* A call at prices mu under caps cap: cloud allowed, no LP budget, no stopping value. */
static inline ClCall J3oClCallMake(J3oShared mu, J3oShared cap)
{
  return (ClCall){mu, cap, PETSC_TRUE, INT_MAX, INFINITY, PETSC_FALSE, 0};
}

struct _p_J3oCluster {
  const J3oInstance *inst;
  int                edge, nc, T, M;
  int64_t            i0; /* local instance row of the cluster's first client */
  J3oClusterOptions  opt;
  ClSearchOptions    search; /* from the options database at creation (J3oClusterOptionsFromDatabase lists them) */
  unsigned char
          *dominated; /* [M] models J3O leaves off clients and the edge (J3oDominatedModels); all 0 for baselines */
  int      npair;
  int     *pair_client, *pair_task; /* [npair], clients 0..nc-1 within the cluster */
  int     *cpair;                   /* [nc+1] pairs of client n are cpair[n] .. cpair[n+1]-1 */
  int      nitem;                   /* nc*M + M */
  double   wsum;                    /* sum_nt w lambda of the cluster: scale of values and tolerances */
  int      ncyc, maxcol;
  ClCycle *cyc;
  /* scratch */
  double        *net;               /* [maxcol] priced net value of each column */
  double        *pv, *pbase, *pv2;  /* [npair] */
  int           *parg;              /* [npair] */
  double        *gain;              /* [nitem] */
  unsigned char *wx, *wy, *tx, *ty; /* work residencies */
  ClState        best, cur;
  ClState       *cst; /* [ncyc] best state found on each cycle */
  ClBnd          bnd;
  PetscBool      large; /* more than search.large_clients clients: budgeted search, lean memory */
  PetscBool      warm;  /* best holds the residency of the last J3oClusterSolve */
  /* a re-plan's warm start (J3oClusterWarmStart, cluster_warm.c) */
  ClState   prev;       /* the previous plan's residency and cycle (x NULL without one) */
  PetscBool warm_first; /* no solve since J3oClusterWarmStart: the whole search alternates from prev too */
  PetscBool reuse;      /* demand unchanged: a solve at reuse_mu without caps re-routes prev, no search */
  J3oShared reuse_mu;   /* the previous plan's final prices */
  PetscBool reused;     /* the last solve without caps reused prev: solves under caps keep its onloading */
  int warm_lp_budget;   /* > 0: the first budgeted search is the light one from prev, this many offloading-LP solves */
  unsigned char **warm_basis;   /* [ncyc] bound-LP bases of a previous run (J3oClusterSetBoundBasis), NULL when none */
  int            *warm_basis_n; /* [ncyc] their sizes */
  PetscBool      *warm_basis_dual; /* [ncyc] dual feasible ones (a cut solve's), re-entered by the dual simplex */
  /* a large cluster's last whole budgeted search at its prices: (LP bound - value) / wsum, NAN when none; a
     re-plan's first search that ends at the previous onloading within it (plus warm_slack) keeps it, so that
     a chain of re-plans stays anchored to a whole search (J3oClusterSetSearchGap) */
  double search_gap;
  double deadline; /* MPI_Wtime() at which searches stop (J3oClusterSetDeadline), INFINITY: none */
  /* re-planning (J3oClusterSetPrevious; cluster_churn.c) */
  unsigned char *held; /* [nitem] the previous plan's residency, NULL without one */
  double *chmb;   /* [nitem] churn of holding the item: s_m when not held, else 0 (all 0 without a previous plan) */
  double  chref;  /* sum of chmb: the cluster's largest possible churn */
  double  budget; /* constraint 12's budget B of this cluster (INFINITY: none) */
  /* the onloadings evaluated in the current J3oClusterSolve (cluster_memo.c) */
  ClMemoEntry *memo;
  int          memo_n;
  PetscBool    memo_on;
  double       held_duty; /* the held onloading's duty cycle (J3oClusterKeep keeps its part that fits) */
};

/* cluster.c */
/* Rebuilds every cycle's columns and the bound LP (the dominance exclusions changed) and the scratch they size. */
PetscErrorCode J3oClRebuild(J3oCluster);

/* cluster_lp.c */
/* Shared load of route column c at fraction 1 (J3oSharedRouteLoad). */
void J3oClColShared(J3oCluster, const ClCol *c, J3oShared *load);
/* c->obj0 - mu'load: the priced objective of route column c. */
double J3oClColPriced(J3oCluster, const ClCol *c, const J3oShared *mu);
/* Do the prices a and b agree on every resource? */
PetscBool      J3oClSamePrices(const J3oShared *a, const J3oShared *b);
PetscErrorCode J3oClCycleSetup(J3oCluster, int k);
PetscErrorCode J3oClCycleFree(J3oCluster, int k);
/* a route column has at most this many capacity-row entries (routing, uplink, edge compute, cell, backhaul) */
#define J3O_ROUTE_ENTRIES_MAX 5
PetscErrorCode J3oClRouteRowsLayout(J3oCluster, const ClCol *col, int ncol, ClRouteRows *rr); /* allocates cc, cu */
PetscErrorCode J3oClRouteRowsFree(ClRouteRows *rr);
int            J3oClRouteEntries(J3oCluster, const ClCol *c, const ClRouteRows *rr, int *ri, double *va);
PetscErrorCode J3oClEvaluate(J3oCluster, ClCall *call, int k, const unsigned char *x, const unsigned char *y,
                             double *priced, PetscBool *ok);
PetscErrorCode J3oClNetValues(J3oCluster, const ClCall *call, int k, PetscBool zero_prices, double *net,
                              double *ecprice);
PetscErrorCode J3oClLPLoad(J3oCluster, ClLP *L);
PetscErrorCode J3oClLPFree(ClLP *);
PetscErrorCode J3oClOffFree(J3oCluster, int k);
/* Cycle k's solved offloading LP: its basis now into cy->keep (a buffer of its size). */
PetscErrorCode J3oClOffKeep(J3oCluster, int k);
PetscErrorCode J3oClBoundOffStart(J3oCluster, int k);
double         J3oClFixedLoad(J3oCluster, int k, const unsigned char *y);

/* cluster_bound.c */
PetscErrorCode J3oClBoundMax(J3oCluster, const ClCall *call, double *value, J3oShared *use, double *vals);
PetscErrorCode J3oClBoundItemValues(J3oCluster, const ClCall *call, int k, double *val);
PetscErrorCode J3oClBoundFree(J3oCluster);
/* The churn row's dual (per MB) in the maximizing cycle's bound LP at call->mu: the price constraint 12 adds. */
PetscErrorCode J3oClBoundChurnShadow(J3oCluster, const ClCall *call, double *shadow);

/* cluster_bound_memo.c */
PetscErrorCode J3oClBoundMemoAlloc(J3oCluster);
PetscErrorCode J3oClBoundMemoFree(J3oCluster);
PetscBool      J3oClBoundMemoGet(J3oCluster, const J3oShared *mu, double *value, J3oShared *use, double *vals);
void J3oClBoundMemoPut(J3oCluster, const J3oShared *mu, double value, const J3oShared *use, const double *vals);

/* cluster_greedy.c */
/* Does a model of `size` MB fit next to `used` MB in a knapsack of `cap` MB (up to round-off)? */
static inline PetscBool J3oClFitsMemory(double used, double size, double cap)
{
  return used + size <= cap * (1 + J3O_ROUNDOFF) ? PETSC_TRUE : PETSC_FALSE;
}
PetscErrorCode J3oClGreedy(J3oCluster, const ClCall *call, int k, const double *net, double ecprice, unsigned char *x,
                           unsigned char *y);
double         J3oClRefill(J3oCluster, const ClCall *call, int k, const double *net, double ecprice, int kk, int seed,
                           const unsigned char *x, const unsigned char *y, unsigned char *mark);
double         J3oClPricedValue(J3oCluster, const ClCall *call, int k, const double *net, double ecprice,
                                const unsigned char *x, const unsigned char *y);
PetscErrorCode J3oClEdgeCompound(J3oCluster, const ClCall *call, int k, const double *net, double ecprice, int seed,
                                 unsigned char *x, unsigned char *y);
PetscBool      J3oClItemFits(J3oCluster, const ClCall *call, int k, const unsigned char *x, const unsigned char *y,
                             int item);
void           J3oClItemSet(J3oCluster, unsigned char *x, unsigned char *y, int item, unsigned char v);
unsigned char  J3oClItemGet(J3oCluster, const unsigned char *x, const unsigned char *y, int item);

/* cluster_memo.c: between Begin and End (one J3oClusterSolve), J3oClEvaluate records each feasible onloading
   it solves (Add) and recalls one solved before on the same cycle at the same prices, caps and cloud
   permission: *hit, its value, and its fractions and duals restored into the cycle (the LP itself and its
   last_* fields stay at its last real solve). */
PetscErrorCode J3oClMemoBegin(J3oCluster);
PetscErrorCode J3oClMemoEnd(J3oCluster);
PetscErrorCode J3oClMemoRecall(J3oCluster, const ClCall *call, int k, const unsigned char *x, const unsigned char *y,
                               PetscBool *hit, double *val);
PetscErrorCode J3oClMemoAdd(J3oCluster, const ClCall *call, int k, const unsigned char *x, const unsigned char *y,
                            double val);

/* cluster_search.c */
PetscErrorCode J3oClStateAlloc(J3oCluster, ClState *);
PetscErrorCode J3oClStateFree(ClState *);
PetscErrorCode J3oClStateCopy(J3oCluster, const ClState *from, ClState *to);
PetscErrorCode J3oClConsider(J3oCluster, int k, const unsigned char *x, const unsigned char *y, double val,
                             ClState *best, PetscBool *improved);
PetscErrorCode J3oClAlternate(J3oCluster, ClCall *call, int k, const unsigned char *x0, const unsigned char *y0,
                              ClState *best);
PetscErrorCode J3oClSecondStart(J3oCluster, ClCall *call, int k, ClState *best);
PetscErrorCode J3oClSwaps(J3oCluster, ClCall *call, ClState *best);

/* cluster_warm.c */
/* With cl->reuse, a default-search request without caps at prices bitwise equal to reuse_mu: prev
   re-routed by the offloading LP into cl->best, *done; otherwise nothing. */
PetscErrorCode J3oClWarmReuse(J3oCluster, ClCall *call, const J3oClusterRequest *req, PetscBool *done);
/* After the search of a request under caps (recovery's) on a cluster whose last solve without caps
   reused prev: when the search's onloading holds a model prev did not, prev re-routed under the caps
   replaces cl->best (demand unchanged: recovery loads nothing new there). */
PetscErrorCode J3oClWarmKeep(J3oCluster, ClCall *call, const J3oClusterRequest *req);
/* A previous plan's onloading (x, y) at duty_cycle_s: *k its cycle (-1: not one of the cluster's with a
   route), and (xf, yf) its part that fits there: a device within its memory (and the edge within its fixed
   load) keeps its models; on one over them, its models by increasing size (ties by index) each stay where
   they fit next to those kept; *unloaded counts the others. */
PetscErrorCode J3oClFitPrevious(J3oCluster, const unsigned char *x, const unsigned char *y, double duty_cycle_s,
                                unsigned char *xf, unsigned char *yf, int *k, int *unloaded);
/* The first solve after J3oClusterWarmStart: the alternation from prev on its cycle into cst. */
PetscErrorCode J3oClWarmAlternate(J3oCluster, ClCall *call);

/* Before cycle k's first bound-LP solve: a previous run's basis for it becomes its basis when its size
   is the LP's (same structure); dropped otherwise (PetscInfo says which). */
PetscErrorCode J3oClWarmBasisAdopt(J3oCluster, int k);
/* Cycle k's offloading LP, built and not yet solved: a previous plan's basis of another size (another
   layout) is dropped; PetscInfo says which. */
PetscErrorCode J3oClWarmOffloadCheck(J3oCluster, int k);
PetscErrorCode J3oClWarmFree(J3oCluster);
/* cluster_churn.c */
/* Churn of the residency (x, y): sum of chmb over its items. */
double J3oClChurn(J3oCluster, const unsigned char *x, const unsigned char *y);
/* Churn of knapsack kk's resident items. */
double J3oClKnapsackChurn(J3oCluster, const unsigned char *x, const unsigned char *y, int kk);
/* Does adding `add` MB of churn next to `used` stay within the call's churn cap (up to round-off)? */
/* Does the call cap churn at all? (Without a cap or a churn price the tallies need not be computed.) */
static inline PetscBool J3oClChurnCapped(const ClCall *call)
{
  return call->cap.r[J3O_SHARED_CHURN_MB] < INFINITY ? PETSC_TRUE : PETSC_FALSE;
}
static inline PetscBool J3oClChurnFits(const ClCall *call, double used, double add)
{
  return add <= 0 || used + add <= call->cap.r[J3O_SHARED_CHURN_MB] * (1 + J3O_ROUNDOFF) ? PETSC_TRUE : PETSC_FALSE;
}
/* May a search leave the item out? Its model is dominated (J3oDominatedModels) and the device did not
   hold it: the dominating model then costs no more churn (s_q <= s_m, or 0 when held). */
PetscBool J3oClItemDominated(J3oCluster, int item);

/* cluster_baselines.c */
PetscErrorCode J3oClBaseline(J3oCluster, ClCall *call, ClState *best);

#endif
