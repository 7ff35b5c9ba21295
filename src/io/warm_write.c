/* warm_write.c: the clusters' warm-start state in a result (/warm, -j3o_save_basis): their bound-LP
   bases, so that a re-plan's first bound evaluation starts from them, their offloading-LP bases, from
   which its first search values the previous onloading, and their search gaps, which
   anchor where a re-plan's first search may end. A re-plan reads them back with the previous result
   (warm_read.c). */
#include "io/h5util.h"
#include "j3o/result.h"

/* Collective: NAME u8 [rows][width] and NAME_size i32 [rows], this rank's rows from row0; nothing when width is 0. */
static PetscErrorCode WriteBases(hid_t g, const char *name, hsize_t rows, hsize_t row0, hsize_t mine,
                                 const J3oBasisRows *b, hid_t dxpl)
{
  char sname[64];

  PetscFunctionBegin;
  if (b->width <= 0) PetscFunctionReturn(0);
  PetscCall(PetscSNPrintf(sname, sizeof(sname), "%s_size", name));
  PetscCall(J3oH5WriteRows(g, name, H5T_STD_U8LE, H5T_NATIVE_UCHAR, 2, rows, (hsize_t)b->width, row0, mine, b->basis,
                           dxpl, PETSC_TRUE));
  PetscCall(J3oH5WriteRows(g, sname, H5T_STD_I32LE, H5T_NATIVE_INT, 1, rows, 1, row0, mine, b->size, dxpl, PETSC_TRUE));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oWarmWrite(hid_t file, hid_t dxpl, int E, const J3oResult *r)
{
  hid_t   g;
  int     K    = r->basis_ncyc;
  hsize_t rows = (hsize_t)E * K, row0 = (hsize_t)r->edge_first * K, mine = (hsize_t)(r->edge_last - r->edge_first) * K;

  PetscFunctionBegin;
  if (r->bound_bases.width <= 0) PetscFunctionReturn(0);
  J3oH5Id(g, H5Gcreate2(file, "warm", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  PetscCall(WriteBases(g, "bound_basis", rows, row0, mine, &r->bound_bases, dxpl));
  PetscCall(J3oH5WriteRows(g, "bound_basis_dual", H5T_STD_U8LE, H5T_NATIVE_UCHAR, 1, rows, 1, row0, mine, r->basis_dual,
                           dxpl, PETSC_TRUE));
  PetscCall(WriteBases(g, "offload_basis", rows, row0, mine, &r->offload_bases, dxpl));
  if (r->search_gap)
    PetscCall(J3oH5WriteRows(g, "search_gap", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, (hsize_t)E, 1,
                             (hsize_t)r->edge_first, (hsize_t)(r->edge_last - r->edge_first), r->search_gap, dxpl,
                             PETSC_TRUE));
  J3oH5Call(H5Gclose(g));
  PetscFunctionReturn(0);
}
