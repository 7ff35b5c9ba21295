/* rng.h: the one random generator, splitmix64 (Steele, Lea, Flood 2014): tiny, fast,
   full-period, deterministic across machines. Never rand(). */
#ifndef J3O_RNG_H
#define J3O_RNG_H

#include <stdint.h>

typedef struct {
  uint64_t s;
} J3oRng;

static inline uint64_t J3oRngNext(J3oRng *r)
{
  uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
  z          = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z          = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
/* uniform in [0,1) with 53 random bits */
static inline double J3oRngUniform(J3oRng *r)
{
  return (double)(J3oRngNext(r) >> 11) * 0x1.0p-53;
}
static inline double J3oRngRange(J3oRng *r, double lo, double hi)
{
  return lo + (hi - lo) * J3oRngUniform(r);
}
/* uniform integer in [lo, hi] */
static inline int J3oRngInt(J3oRng *r, int lo, int hi)
{
  return lo + (int)(J3oRngUniform(r) * (double)(hi - lo + 1));
}

/* Fisher-Yates shuffle of idx[0..n) */
static inline void J3oRngShuffle(J3oRng *r, int n, int idx[])
{
  for (int i = n - 1; i > 0; i--) {
    int j = J3oRngInt(r, 0, i), t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
}

#endif
