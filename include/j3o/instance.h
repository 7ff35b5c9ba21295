/* j3o/instance.h: the problem data of docs/formulation.md held in memory, and the rule-11 route tests. */
#ifndef J3O_INSTANCE_H
#define J3O_INSTANCE_H

#include <petscsys.h>
#include <stdint.h>

/* The kinds of route a query takes (rule 11; /offload/route). */
typedef enum {
  J3O_ROUTE_LOCAL = 0,
  J3O_ROUTE_EDGE  = 1,
  J3O_ROUTE_CLOUD = 2
} J3oRouteKind;

/* Instance data. Tasks, models, edges, cloud and params are held whole on every rank;
   clients only for the clusters [edge_first, edge_last) this rank owns, i.e. the global
   client rows [client_first, client_first + client_count). Client arrays are indexed
   by the local row i = n - client_first. Plain struct on purpose: rank-local kernels
   (greedy, LP build, checker) take it directly. */
typedef struct {
  char    name[256];  /* root attribute `name` */
  char    path[4096]; /* the file it was read from (J3oInstanceRead); "" for one built in memory */
  int     T, M, E, K; /* tasks, models, edges, duty cycles (K = 0: batching off) */
  int64_t N;          /* clients, global */

  char  **task_name;  /* [T] */
  double *input_mb;   /* [T] d_t */
  double *deadline_s; /* [T] D_t */
  double *weight;     /* [T] w_t */

  char         **model_name;      /* [M] */
  double        *memory_mb;       /* [M] s_m */
  double        *gflop_fixed;     /* [M] g0_m */
  double        *gflop_per_query; /* [M] g1_m */
  double        *accuracy;        /* [M*T] a_mt = accuracy[m*T + t] */
  unsigned char *cloud;           /* [M] 1 = hosted in the cloud */

  double  *edge_memory_mb;       /* [E] S_e */
  double  *edge_gflops;          /* [E] F_e */
  double  *edge_cell_mb_s;       /* [E] W_e */
  double  *edge_backhaul_mb_s;   /* [E] B_e */
  double  *edge_cloud_latency_s; /* [E] delta_e */
  int64_t *edge_client_start;    /* [E+1] clients of edge e are global rows [start[e], start[e+1]) */

  int     edge_first, edge_last; /* clusters held: [edge_first, edge_last) */
  int64_t client_first;          /* = edge_client_start[edge_first] */
  int64_t client_count;          /* = edge_client_start[edge_last] - client_first */
  int    *client_edge;           /* [client_count] e(n), global edge index */
  double *client_memory_mb;      /* [client_count] S_n */
  double *client_gflops;         /* [client_count] F_n */
  double *client_uplink_mb_s;    /* [client_count] r_n */
  double *demand;                /* [client_count*T] lambda_nt = demand[i*T + t] */

  double  cloud_gflops;       /* F_c */
  double  cloud_ingress_mb_s; /* B_c */
  double  rho;                /* utilization cap */
  double *duty_cycles_s;      /* [K] C */

  /* derived by J3oInstanceFinalize */
  int   *cloud_model;           /* [T] c(t), -1 when no cloud model serves t */
  double total_weighted_demand; /* sum_nt w_t lambda_nt over ALL clients (global, set by the reader) */
} J3oInstance;

/* Allocates arrays for the given sizes (zeroed); client arrays for client_count rows. */
PetscErrorCode J3oInstanceAllocate(J3oInstance *inst, int T, int M, int E, int64_t N, int K, int edge_first,
                                   int edge_last, int64_t client_first, int64_t client_count);
/* Computes cloud_model. Does not touch total_weighted_demand (the reader sets it globally). */
PetscErrorCode J3oInstanceFinalize(J3oInstance *inst);
/* Frees every array and zeroes the struct; accepts a zeroed struct. */
PetscErrorCode J3oInstanceFree(J3oInstance *inst);

/* Single-query cost g_m = g0_m + g1_m. */
static inline double J3oModelCost(const J3oInstance *in, int m)
{
  return in->gflop_fixed[m] + in->gflop_per_query[m];
}
static inline double J3oAcc(const J3oInstance *in, int m, int t)
{
  return in->accuracy[(size_t)m * in->T + t];
}
static inline double J3oDemand(const J3oInstance *in, int64_t i, int t)
{
  return in->demand[(size_t)i * in->T + t];
}

/* Rule 11 (exact, no slack) for local client row i. duty_cycle_s = 0: batching off. */
/* sum_nt w_t lambda_nt over the client rows held; serial callers set total_weighted_demand from it. */
double J3oInstanceLocalWeightedDemand(const J3oInstance *inst);

PetscBool J3oLocalAdmissible(const J3oInstance *in, int64_t i, int m, int t);
PetscBool J3oEdgeAdmissible(const J3oInstance *in, int64_t i, int m, int t, double duty_cycle_s);
PetscBool J3oCloudAdmissible(const J3oInstance *in, int64_t i, int t);

#endif
