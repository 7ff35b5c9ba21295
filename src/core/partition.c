/* partition.c: contiguous blocks of clusters, balanced by work (clients x tasks), one block per rank. */
#include "j3o/solve.h"

PetscErrorCode J3oPartitionClusters(MPI_Comm comm, int E, const int64_t start[], int T, int *edge_first, int *edge_last)
{
  PetscMPIInt rank, size;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  /* ranks beyond the cluster count idle (an empty block); the others split as on E ranks, so the
     result is the same as there */
  if (size > E) size = E;
  if (rank >= size) {
    *edge_first = *edge_last = E;
    PetscFunctionReturn(0);
  }
  /* Work of cluster e ~ clients(e) * T (+1 so an edge's own onloading counts). Rank r takes the
     clusters whose work midpoint falls in [r, r+1) * total / size, with at least one cluster each. */
  double total = (double)(start[E] - start[0]) * T + E;
  int    first = 0, e = 0;
  for (int r = 0; r <= rank; r++) {
    first        = e;
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
