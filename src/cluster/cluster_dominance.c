/* cluster_dominance.c: the models a cluster search may leave out (dominance pruning). */
#include "j3o/cluster.h"

void J3oDominatedModels(const J3oInstance *in, unsigned char dominated[])
{
  for (int m = 0; m < in->M; m++) {
    dominated[m] = 0;
    for (int q = 0; q < in->M && !dominated[m]; q++) {
      PetscBool le = PETSC_TRUE, lt = PETSC_FALSE;
      if (q == m) continue;
      if (in->memory_mb[q] > in->memory_mb[m] || in->gflop_fixed[q] > in->gflop_fixed[m] ||
          in->gflop_per_query[q] > in->gflop_per_query[m])
        continue;
      lt = (PetscBool)(in->memory_mb[q] < in->memory_mb[m] || in->gflop_fixed[q] < in->gflop_fixed[m] ||
                       in->gflop_per_query[q] < in->gflop_per_query[m]);
      for (int t = 0; t < in->T && le; t++) {
        if (J3oAcc(in, q, t) < J3oAcc(in, m, t)) le = PETSC_FALSE;
        else if (J3oAcc(in, q, t) > J3oAcc(in, m, t)) lt = PETSC_TRUE;
      }
      if (le && (lt || q < m)) dominated[m] = 1;
    }
  }
}
