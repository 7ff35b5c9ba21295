/* demand_hash.c: the hash of one cluster's demand rows (/onload/demand_hash), so a warm run can tell which clusters'
 * demand is bitwise unchanged. */
#include <openssl/evp.h>
#include "j3o/previous.h"

uint64_t J3oDemandHash(const J3oInstance *inst, int e)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int  mdlen = 0;
  int64_t       i0    = inst->edge_client_start[e] - inst->client_first,
          i1          = inst->edge_client_start[e + 1] - inst->client_first;
  size_t   n          = (size_t)(i1 - i0) * (size_t)inst->T;
  uint64_t h          = 0;

  /* the doubles as stored in the file (f64 little-endian); an x86-64 or arm64 host holds them so */
  if (!EVP_Digest(n ? (const void *)(inst->demand + (size_t)i0 * inst->T) : (const void *)"", n * sizeof(double), md,
                  &mdlen, EVP_sha256(), NULL) ||
      mdlen < 8)
    return 0;
  for (int k = 7; k >= 0; k--) h = (h << 8) | md[k];
  return h;
}
