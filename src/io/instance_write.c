/* instance_write.c: serial, atomic write of a complete instance in the layout of docs/file-formats.md. */
#include "j3o/io.h"
#include "io/h5util.h"

/* f64 [n] or [n][cols] (cols = 0: rank 1). */
static PetscErrorCode WriteF64(hid_t f, const char *path, hsize_t n, hsize_t cols, const double *v)
{
  hsize_t dims[2] = {n, cols};

  PetscFunctionBegin;
  PetscCall(J3oH5WriteArray(f, path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, cols ? 2 : 1, dims, v));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteBody(hid_t f, const J3oInstance *in)
{
  hsize_t N = (hsize_t)in->N, M = (hsize_t)in->M, E = (hsize_t)in->E;
  hid_t   g;

  PetscFunctionBegin;
  PetscCall(J3oH5WriteAttrStr(f, "format", "j3o-instance"));
  PetscCall(J3oH5WriteAttrI32(f, "version", 1));
  PetscCall(J3oH5WriteAttrStr(f, "name", in->name));

  PetscCall(J3oH5WriteStrings(f, "/tasks/name", in->T, in->task_name));
  PetscCall(WriteF64(f, "/tasks/input_mb", in->T, 0, in->input_mb));
  PetscCall(WriteF64(f, "/tasks/deadline_s", in->T, 0, in->deadline_s));
  PetscCall(WriteF64(f, "/tasks/weight", in->T, 0, in->weight));

  PetscCall(J3oH5WriteStrings(f, "/models/name", M, in->model_name));
  PetscCall(WriteF64(f, "/models/memory_mb", M, 0, in->memory_mb));
  PetscCall(WriteF64(f, "/models/gflop_fixed", M, 0, in->gflop_fixed));
  PetscCall(WriteF64(f, "/models/gflop_per_query", M, 0, in->gflop_per_query));
  PetscCall(WriteF64(f, "/models/accuracy", M, in->T, in->accuracy));
  PetscCall(J3oH5WriteArray(f, "/models/cloud", H5T_STD_U8LE, H5T_NATIVE_UCHAR, 1, &M, in->cloud));

  PetscCall(WriteF64(f, "/edges/memory_mb", E, 0, in->edge_memory_mb));
  PetscCall(WriteF64(f, "/edges/gflops", E, 0, in->edge_gflops));
  PetscCall(WriteF64(f, "/edges/cell_mb_s", E, 0, in->edge_cell_mb_s));
  PetscCall(WriteF64(f, "/edges/backhaul_mb_s", E, 0, in->edge_backhaul_mb_s));
  PetscCall(WriteF64(f, "/edges/cloud_latency_s", E, 0, in->edge_cloud_latency_s));

  PetscCall(J3oH5WriteArray(f, "/clients/edge", H5T_STD_I32LE, H5T_NATIVE_INT, 1, &N, in->client_edge));
  PetscCall(WriteF64(f, "/clients/memory_mb", N, 0, in->client_memory_mb));
  PetscCall(WriteF64(f, "/clients/gflops", N, 0, in->client_gflops));
  PetscCall(WriteF64(f, "/clients/uplink_mb_s", N, 0, in->client_uplink_mb_s));
  PetscCall(WriteF64(f, "/clients/demand", N, in->T, in->demand));

  J3oH5Id(g, H5Gcreate2(f, "/cloud", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  PetscCall(J3oH5WriteAttrF64(g, "gflops", in->cloud_gflops));
  PetscCall(J3oH5WriteAttrF64(g, "ingress_mb_s", in->cloud_ingress_mb_s));
  J3oH5Call(H5Gclose(g));

  /* duty_cycles_s is always written; K = 0 gives a zero-length dataset (batching off) */
  PetscCall(WriteF64(f, "/params/duty_cycles_s", in->K, 0, in->duty_cycles_s));
  J3oH5Id(g, H5Gopen2(f, "/params", H5P_DEFAULT));
  PetscCall(J3oH5WriteAttrF64(g, "rho", in->rho));
  J3oH5Call(H5Gclose(g));
  PetscFunctionReturn(0);
}

PetscErrorCode J3oInstanceWrite(const char *path, const J3oInstance *inst)
{
  char  tmp[PETSC_MAX_PATH_LEN];
  hid_t f;

  PetscFunctionBegin;
  PetscCheck(inst->edge_first == 0 && inst->edge_last == inst->E && inst->client_first == 0 &&
               inst->client_count == inst->N,
             PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "J3oInstanceWrite needs an instance holding every cluster");
  PetscCall(J3oH5CreateAtomic(path, tmp, &f));
  PetscCall(J3oH5FinishAtomic(f, tmp, path, WriteBody(f, inst)));
  PetscFunctionReturn(0);
}
