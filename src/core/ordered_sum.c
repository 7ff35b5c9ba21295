/* ordered_sum.c: sums in global row order (ordered_sum.h). */
#include "core/ordered_sum.h"

PetscErrorCode J3oOrderedSum(MPI_Comm comm, int nloc, int n, const double *loc, double *sum)
{
  int     rank, size, *counts = NULL, *displs = NULL, total = 0, mine = n * nloc;
  double *all = NULL;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  if (rank == 0) PetscCall(PetscMalloc2(size, &counts, size, &displs));
  PetscCallMPI(MPI_Gather(&mine, 1, MPI_INT, counts, 1, MPI_INT, 0, comm));
  if (rank == 0) {
    for (int q = 0; q < size; q++) {
      displs[q] = total;
      total += counts[q];
    }
    PetscCall(PetscMalloc1(total + 1, &all));
  }
  PetscCallMPI(MPI_Gatherv(loc, mine, MPI_DOUBLE, all, counts, displs, MPI_DOUBLE, 0, comm));
  if (rank == 0) {
    for (int i = 0; i < n; i++) sum[i] = 0;
    for (int k = 0; k < total / PetscMax(n, 1); k++)
      for (int i = 0; i < n; i++) sum[i] += all[n * k + i];
    PetscCall(PetscFree(all));
    PetscCall(PetscFree2(counts, displs));
  }
  PetscCallMPI(MPI_Bcast(sum, n, MPI_DOUBLE, 0, comm));
  PetscFunctionReturn(0);
}
