/* j3o/io.h: HDF5 instance files (docs/file-formats.md), read in parallel and validated, and written. */
#ifndef J3O_IO_H
#define J3O_IO_H

#include <petscsys.h>
#include "j3o/instance.h"

/* Collective on comm. Opens `path` read-only, validates every rule of docs/file-formats.md (the
   clients' rows it reads and every other dataset; NaN/Inf, negatives, shapes, types,
   duplicate names, /clients/edge ordering, sizes too large to allocate), and fills
   `inst` with the whole of tasks/models/edges/cloud/params and the client rows of the
   clusters [edge_first, edge_last). Pass edge_first = 0, edge_last = -1 for all clusters.
   On invalid input: prints to stderr one line "j3o: FILE: DATASET: RULE" and returns
   PETSC_ERR_FILE_UNEXPECTED on every rank (never aborts, never crashes).
   total_weighted_demand is the global sum over all clients (reduced over comm). */
PetscErrorCode J3oInstanceRead(MPI_Comm comm, const char *path, int edge_first, int edge_last, J3oInstance *inst);

/* Reads only the cluster layout: sizes and edge_client_start[E+1] (for partitioning before
   the full read). Collective; same validation of the datasets it touches.
   *edge_client_start is PetscMalloc'ed, length E+1; caller frees with PetscFree. */
PetscErrorCode J3oInstanceReadLayout(MPI_Comm comm, const char *path, int *T, int *E, int64_t *N,
                                     int64_t **edge_client_start);

/* Serial. Writes a complete instance (inst must hold all clusters) to path atomically
   (temporary name in the same directory, then rename). Large instances (N*T > 65536)
   are chunked and deflate-compressed. */
PetscErrorCode J3oInstanceWrite(const char *path, const J3oInstance *inst);

#endif
