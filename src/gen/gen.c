/* gen.c: J3oGenerate, the seeded instance generator (families paper, paper-batch, scale) over the figures of gen_zoo.c.
 */
#include <math.h>
#include <string.h>
#include "j3o/gen.h"
#include "gen/gen_private.h"

typedef enum {
  FAMILY_PAPER,
  FAMILY_PAPER_BATCH,
  FAMILY_SCALE
} Family;

static PetscErrorCode ParseFamily(const char *s, Family *f)
{
  PetscFunctionBegin;
  if (!strcmp(s, "paper")) *f = FAMILY_PAPER;
  else if (!strcmp(s, "paper-batch")) *f = FAMILY_PAPER_BATCH;
  else if (!strcmp(s, "scale")) *f = FAMILY_SCALE;
  else SETERRQ(PETSC_COMM_SELF, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown family \"%s\" (paper, paper-batch, scale)", s);
  PetscFunctionReturn(0);
}

/* index of a class drawn with the probabilities prob[k] (stride bytes apart), which sum to 1 */
static int DrawClass(J3oRng *rng, const double *prob, size_t stride, int n)
{
  double u = J3oRngUniform(rng), acc = 0;
  for (int k = 0; k < n - 1; k++) {
    acc += *(const double *)((const char *)prob + k * stride);
    if (u < acc) return k;
  }
  return n - 1;
}

/* log-uniform in [lo, hi]: capacities spanning "tight" to "plentiful" equally often per decade */
static double LogUniform(J3oRng *rng, double lo, double hi)
{
  return exp(J3oRngRange(rng, log(lo), log(hi)));
}

/* Edges, clients and demand of the instance (catalogue already drawn). */
static PetscErrorCode GenNetwork(J3oRng *rng, const int per_edge[], J3oInstance *in)
{
  int    T = in->T, E = in->E, M = in->M, rank[J3O_ZOO_NTASKS];
  double p[J3O_ZOO_NTASKS], H = 0, catalogue_mb = 0;

  PetscFunctionBegin;
  /* Zipf(1) task popularity over a seeded ranking [A]: p_t = (1/(rank_t+1)) / H_T */
  for (int t = 0; t < T; t++) rank[t] = t;
  J3oRngShuffle(rng, T, rank);
  for (int t = 0; t < T; t++) H += 1.0 / (rank[t] + 1);
  for (int t = 0; t < T; t++) p[t] = 1.0 / (rank[t] + 1) / H;
  for (int m = 0; m < M; m++) catalogue_mb += in->memory_mb[m];

  int64_t n = 0;
  for (int e = 0; e < E; e++) {
    const J3oZooEdge *g = &J3oZooEdges[DrawClass(rng, &J3oZooEdges[0].prob, sizeof(J3oZooEdge), J3oZooNEdges)];
    /* [A] j3o's slice of the edge GPU: 30-70 % of the catalogue, at most the usable GPU memory,
       so that the edge cannot hold every model */
    in->edge_memory_mb[e] = PetscMin(J3oZooEdgeUsable * g->mem_mb, J3oRngRange(rng, 0.3, 0.7) * catalogue_mb);
    in->edge_gflops[e]    = J3oRngRange(rng, g->gflops_lo, g->gflops_hi);
    /* delta_e = WAN RTT + cloud service time + fixed access latency [D] */
    in->edge_cloud_latency_s[e] = J3oRngRange(rng, J3oZooWanRttLo, J3oZooWanRttHi) +
                                  J3oRngRange(rng, J3oZooCloudSvcLo, J3oZooCloudSvcHi) + J3oZooAccessFixed;
    in->edge_client_start[e] = n;

    double upload = 0; /* sum_n min(r_n, sum_t lambda_nt d_t): what the cluster could push */
    for (int k = 0; k < per_edge[e]; k++, n++) {
      const J3oZooClient
        *c = &J3oZooClients[DrawClass(rng, &J3oZooClients[0].prob, sizeof(J3oZooClient), J3oZooNClients)];
      const J3oZooLink *l       = &J3oZooLinks[DrawClass(rng, &J3oZooLinks[0].prob, sizeof(J3oZooLink), J3oZooNLinks)];
      in->client_edge[n]        = e;
      in->client_memory_mb[n]   = c->ram_mb * J3oRngRange(rng, c->share_lo, c->share_hi);
      in->client_gflops[n]      = c->gflops_hi > 0 ? J3oRngRange(rng, c->gflops_lo, c->gflops_hi) : 0;
      in->client_uplink_mb_s[n] = J3oRngRange(rng, l->mb_s_lo, l->mb_s_hi);
      /* [A] a client streams 2-30 queries/s split by task popularity; 20 % of (client, task) pairs idle */
      double rate = J3oRngRange(rng, 2.0, 30.0), want = 0;
      for (int t = 0; t < T; t++) {
        double lam                    = J3oRngUniform(rng) < 0.2 ? 0 : rate * p[t];
        in->demand[(size_t)n * T + t] = lam;
        want += lam * in->input_mb[t];
      }
      upload += PetscMin(in->client_uplink_mb_s[n], want);
    }
    /* W_e, B_e: no source found [A]: the cell carries 30-90 % of what its clients could
       upload, the backhaul 20-80 % of the cell */
    in->edge_cell_mb_s[e]     = J3oRngRange(rng, 0.3, 0.9) * upload;
    in->edge_backhaul_mb_s[e] = J3oRngRange(rng, 0.2, 0.8) * in->edge_cell_mb_s[e];
  }
  in->edge_client_start[E] = n;
  PetscFunctionReturn(0);
}

/* F_c, B_c [A]: a log-uniform 0.05-2 share of the load if every query went to the cloud,
   so the cloud binds in most seeds and is plentiful in some. Needs c(t) (Finalize). */
static PetscErrorCode GenCloud(J3oRng *rng, J3oInstance *in)
{
  double LF = 0, LB = 0;

  PetscFunctionBegin;
  for (int64_t i = 0; i < in->client_count; i++)
    for (int t = 0; t < in->T; t++) {
      int c = in->cloud_model[t];
      if (c < 0) continue;
      LF += J3oDemand(in, i, t) * J3oModelCost(in, c);
      LB += J3oDemand(in, i, t) * in->input_mb[t];
    }
  in->cloud_gflops       = LogUniform(rng, 0.05, 2.0) * LF;
  in->cloud_ingress_mb_s = LogUniform(rng, 0.05, 2.0) * LB;
  PetscFunctionReturn(0);
}

PetscErrorCode J3oGenerate(const J3oGenOptions *opt, J3oInstance *in)
{
  Family  fam;
  J3oRng  rng = {(uint64_t)opt->seed}, crng = {(uint64_t)opt->seed ^ 0xD1B54A32D192ED03ULL};
  int     E, T, M, cpe, batching, K, zoo_task[J3O_ZOO_NTASKS], *per_edge;
  int64_t N = 0;

  PetscFunctionBegin;
  PetscCall(ParseFamily(opt->family, &fam));
  /* Family defaults are always drawn, so an override leaves the other draws unchanged.
     paper and paper-batch share every draw except the duty cycles (separate stream crng). */
  if (fam == FAMILY_SCALE) {
    E        = 1000;
    T        = 5;
    M        = 20;
    cpe      = 100;
    batching = 1;
  } else {
    E        = J3oRngInt(&rng, 2, 6);
    T        = J3oRngInt(&rng, 3, 5);
    M        = J3oRngInt(&rng, 8, 24);
    cpe      = 0;
    batching = fam == FAMILY_PAPER_BATCH;
  }
  if (opt->edges > 0) E = opt->edges;
  if (opt->tasks > 0) T = opt->tasks;
  if (opt->models > 0) M = opt->models;
  if (opt->clients_per_edge > 0) cpe = opt->clients_per_edge;
  if (opt->batching >= 0) batching = opt->batching ? 1 : 0;
  PetscCheck(T <= J3O_ZOO_NTASKS, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "tasks = %d, but the zoo has %d tasks", T,
             J3O_ZOO_NTASKS);
  PetscCheck(E <= 100000000, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "edges = %d is too large", E);

  /* T of the zoo's tasks, kept in zoo order */
  int all[J3O_ZOO_NTASKS];
  for (int t = 0; t < J3O_ZOO_NTASKS; t++) all[t] = t;
  J3oRngShuffle(&rng, J3O_ZOO_NTASKS, all);
  for (int t = 0; t < T; t++) zoo_task[t] = all[t];
  for (int i = 1; i < T; i++)
    for (int j = i; j > 0 && zoo_task[j - 1] > zoo_task[j]; j--) {
      int a           = zoo_task[j];
      zoo_task[j]     = zoo_task[j - 1];
      zoo_task[j - 1] = a;
    }
  PetscCheck(M <= J3oGenCatalogueMax(T, zoo_task), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "models = %d, but the zoo offers at most %d (rows x variants) for the %d tasks drawn", M,
             J3oGenCatalogueMax(T, zoo_task), T);

  PetscCall(PetscMalloc1(E, &per_edge));
  for (int e = 0; e < E; e++) {
    int draw    = J3oRngInt(&rng, 5, 20); /* paper: 5-20 clients per edge */
    per_edge[e] = cpe > 0 ? cpe : draw;
    N += per_edge[e];
  }
  PetscCheck(N * T <= ((int64_t)1 << 40), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "instance too large: %" PetscInt64_FMT " clients x %d tasks", N, T);

  /* 3-4 of the candidate duty cycles, ascending */
  K = 0;
  if (batching) K = J3oRngInt(&crng, 3, J3oZooNDutyCycles);
  PetscCall(J3oInstanceAllocate(in, T, M, E, N, K, 0, E, 0, N));
  if (K) {
    int drop = K < J3oZooNDutyCycles ? J3oRngInt(&crng, 0, J3oZooNDutyCycles - 1) : -1, k = 0;
    for (int c = 0; c < J3oZooNDutyCycles; c++)
      if (c != drop) in->duty_cycles_s[k++] = J3oZooDutyCycles[c];
  }
  PetscCall(PetscSNPrintf(in->name, sizeof(in->name), "%s-s%lu", opt->family, opt->seed));
  in->rho = 0.9;

  PetscCall(J3oGenCatalogue(&rng, zoo_task, in));
  PetscCall(GenNetwork(&rng, per_edge, in));
  PetscCall(J3oInstanceFinalize(in));
  PetscCall(GenCloud(&rng, in));
  in->total_weighted_demand = J3oInstanceLocalWeightedDemand(in);
  PetscCall(PetscFree(per_edge));
  PetscFunctionReturn(0);
}
