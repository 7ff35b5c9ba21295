/* shared.c: the shared resources' names and the one function giving a route's load on them. */
#include "j3o/shared.h"

const char *const J3oSharedNames[J3O_NSHARED]      = {"cloud_gflops", "cloud_ingress_mb_s", "churn_mb"};
const char *const J3oSharedShortNames[J3O_NSHARED] = {"F", "B", "churn"};
const char *const J3oSharedTitles[J3O_NSHARED]     = {"cloud compute", "cloud ingress", "fleet churn"};

void J3oSharedRouteLoad(const J3oInstance *in, int64_t i, int t, J3oRouteKind kind, int model, double queries,
                        J3oShared *load)
{
  (void)i; /* the cloud loads do not depend on the client */
  if (kind != J3O_ROUTE_CLOUD) return;
  load->r[J3O_SHARED_CLOUD_GFLOPS] += queries * J3oModelCost(in, model);
  load->r[J3O_SHARED_CLOUD_INGRESS] += queries * in->input_mb[t];
}

void J3oSharedCapacity(const J3oInstance *in, J3oShared *cap)
{
  *cap                             = J3oSharedConst(INFINITY);
  cap->r[J3O_SHARED_CLOUD_GFLOPS]  = in->rho * in->cloud_gflops;
  cap->r[J3O_SHARED_CLOUD_INGRESS] = in->cloud_ingress_mb_s;
}

void J3oSharedActive(const J3oShared *cap, J3oSharedSet *active)
{
  active->n = 0;
  for (int r = 0; r < J3O_NSHARED; r++)
    if (cap->r[r] < INFINITY) active->r[active->n++] = r;
}
