/* partition.c: contiguous blocks of clusters, balanced by work (clients x tasks), one block per rank. */
#include "j3o_solve.h"

PetscErrorCode J3oPartitionClusters(MPI_Comm comm, int E, const int64_t start[], int T, int *edge_first, int *edge_last)
{
  PetscMPIInt rank, size;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCheck(size <= E, comm, PETSC_ERR_ARG_OUTOFRANGE, "%d MPI ranks but only %d edge clusters: run with at most %d ranks", (int)size, E, E);
  /* Work of cluster e ~ clients(e) * T (+1 so an edge's own onloading counts). Rank r takes the
     clusters whose work midpoint falls in [r, r+1) * total / size, with at least one cluster each. */
  double total = (double)(start[E] - start[0]) * T + E;
  int    first = 0, e = 0;
  for (int r = 0; r <= rank; r++) {
    first = e;
    double limit = total * (r + 1) / size, acc = (double)(start[e] - start[0]) * T + e;
    /* leave at least one cluster for each later rank */
    while (e < E - (size - 1 - r) && (e == first || acc + 0.5 * ((double)(start[e + 1] - start[e]) * T + 1) <= limit)) {
      acc += (double)(start[e + 1] - start[e]) * T + 1;
      e++;
    }
    if (r == size - 1) e = E;
  }
  *edge_first = first;
  *edge_last  = e;
  PetscFunctionReturn(0);
}
