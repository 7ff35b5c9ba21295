/* ordered_sum.h: sums over every rank's rows in global row order, the same bit for bit on any number of ranks. */
#ifndef J3O_ORDERED_SUM_H
#define J3O_ORDERED_SUM_H

#include <petscsys.h>

/* Collective: each rank holds nloc rows of n numbers (loc[n * k + i]), the ranks' rows in rank order
   forming the global rows (the block partition of clusters or edges); sum[i] = the sum of column i
   over every row, added in global row order on rank 0 and broadcast. An MPI_SUM adds the ranks'
   partial sums, which rounds differently for each number of ranks. */
PetscErrorCode J3oOrderedSum(MPI_Comm comm, int nloc, int n, const double *loc, double *sum);

#endif
