"""The instance file (docs/file-formats.md) in memory: read, write, compare.

An Instance holds every dataset as a numpy array (f64, clients' edge as i32, models' cloud as u8)
and the names as lists of str; edge_name and client_name are None when the file has no names.
"""
import dataclasses
import hashlib
import os
from typing import List, Optional

import h5py
import numpy as np

from .files import temp_beside
from .h5text import scalar, text, texts

# (field, path) of the per-entity f64 datasets, in file-format order
TASK_F64 = [("input_mb", "/tasks/input_mb"), ("deadline_s", "/tasks/deadline_s"), ("weight", "/tasks/weight")]
MODEL_F64 = [("memory_mb", "/models/memory_mb"), ("gflop_fixed", "/models/gflop_fixed"),
             ("gflop_per_query", "/models/gflop_per_query")]
EDGE_F64 = [("edge_memory_mb", "/edges/memory_mb"), ("edge_gflops", "/edges/gflops"),
            ("edge_cell_mb_s", "/edges/cell_mb_s"), ("edge_backhaul_mb_s", "/edges/backhaul_mb_s"),
            ("edge_cloud_latency_s", "/edges/cloud_latency_s")]
CLIENT_F64 = [("client_memory_mb", "/clients/memory_mb"), ("client_gflops", "/clients/gflops"),
              ("client_uplink_mb_s", "/clients/uplink_mb_s")]
# f64 scalars: (field, object, attribute)
SCALARS = [("cloud_gflops", "/cloud", "gflops"), ("cloud_ingress_mb_s", "/cloud", "ingress_mb_s"),
           ("rho", "/params", "rho")]

# client tables are chunked and compressed from this many rows on (as j3o-gen does)
CHUNK_ROWS = 8192


@dataclasses.dataclass
class Instance:
    name: str
    task_name: List[str]
    input_mb: np.ndarray
    deadline_s: np.ndarray
    weight: np.ndarray
    model_name: List[str]
    memory_mb: np.ndarray
    gflop_fixed: np.ndarray
    gflop_per_query: np.ndarray
    accuracy: np.ndarray          # [M][T]
    cloud: np.ndarray             # u8 [M]
    edge_memory_mb: np.ndarray
    edge_gflops: np.ndarray
    edge_cell_mb_s: np.ndarray
    edge_backhaul_mb_s: np.ndarray
    edge_cloud_latency_s: np.ndarray
    client_edge: np.ndarray       # i32 [N], non-decreasing
    client_memory_mb: np.ndarray
    client_gflops: np.ndarray
    client_uplink_mb_s: np.ndarray
    demand: np.ndarray            # [N][T]
    cloud_gflops: float
    cloud_ingress_mb_s: float
    rho: float
    duty_cycles_s: np.ndarray     # [K], K = 0: batching off
    edge_name: Optional[List[str]] = None
    client_name: Optional[List[str]] = None

    @property
    def T(self):
        return len(self.task_name)

    @property
    def M(self):
        return len(self.model_name)

    @property
    def E(self):
        return len(self.edge_memory_mb)

    @property
    def N(self):
        return len(self.client_edge)

    @property
    def K(self):
        return len(self.duty_cycles_s)

    def edge_label(self, e):
        """The edge's name, else its index as text."""
        return self.edge_name[e] if self.edge_name is not None else str(e)

    def client_label(self, n):
        return self.client_name[n] if self.client_name is not None else str(n)

    def cloud_model(self):
        """c(t): the most accurate cloud-hosted model serving t (lowest index on ties), -1 if none."""
        c = np.full(self.T, -1, dtype=np.int64)
        for t in range(self.T):
            best = 0.0
            for m in range(self.M):
                if self.cloud[m] and self.accuracy[m, t] > best:
                    best, c[t] = self.accuracy[m, t], m
        return c


def sha256(path):
    """Lowercase hex SHA-256 of a file's bytes (what a result's /@instance_sha256 records)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read(path):
    """An Instance from an instance file (raises OSError/KeyError/ValueError on a file that is not one)."""
    with h5py.File(path, "r") as f:
        fmt = text(f.attrs.get("format", b""))
        if fmt != "j3o-instance":
            raise ValueError("%s: /@format is '%s', not 'j3o-instance'" % (path, fmt))
        kw = {"name": text(f.attrs.get("name", b"")),
              "task_name": texts(f["tasks/name"]), "model_name": texts(f["models/name"])}
        for field, p in TASK_F64 + MODEL_F64 + EDGE_F64 + CLIENT_F64:
            kw[field] = np.asarray(f[p][()], dtype=np.float64)
        kw["accuracy"] = np.asarray(f["models/accuracy"][()], dtype=np.float64)
        kw["cloud"] = np.asarray(f["models/cloud"][()], dtype=np.uint8)
        kw["client_edge"] = np.asarray(f["clients/edge"][()], dtype=np.int32)
        kw["demand"] = np.asarray(f["clients/demand"][()], dtype=np.float64)
        for field, obj, attr in SCALARS:
            kw[field] = scalar(f[obj].attrs[attr])
        kw["duty_cycles_s"] = (np.asarray(f["params/duty_cycles_s"][()], dtype=np.float64)
                               if "params/duty_cycles_s" in f else np.zeros(0))
        kw["edge_name"] = texts(f["edges/name"]) if "edges/name" in f else None
        kw["client_name"] = texts(f["clients/name"]) if "clients/name" in f else None
    return Instance(**kw)


def info(path):
    """Sizes (edges, clients, tasks, models, K), family and seed when stored, and `scales`
    [(target, factor)] plus `base_sha256` of a derived instance, without reading the data."""
    with h5py.File(path, "r") as f:
        out = {"edges": f["edges/gflops"].shape[0], "clients": f["clients/edge"].shape[0],
               "tasks": f["tasks/name"].shape[0], "models": f["models/name"].shape[0],
               "K": f["params/duty_cycles_s"].shape[0] if "params/duty_cycles_s" in f else 0}
        for k in ("family", "seed"):
            attrs = f.attrs if k in f.attrs else f["params"].attrs if "params" in f and k in f["params"].attrs else None
            if attrs is not None:
                out[k] = text(attrs[k]) if k == "family" else scalar(attrs[k], int)
        if "derived" in f:
            out["base_sha256"] = text(f["derived"].attrs.get("base_sha256", b""))
            out["scales"] = list(zip(texts(f["derived/target"]), [float(v) for v in f["derived/factor"][()]]))
    return out


def _dataset(f, path, data, chunked):
    if chunked and data.ndim >= 1 and data.shape[0] >= CHUNK_ROWS:
        chunks = (CHUNK_ROWS,) + data.shape[1:]
        return f.create_dataset(path, data=data, chunks=chunks, compression="gzip", compression_opts=4)
    return f.create_dataset(path, data=data)


def write(inst, path):
    """Writes inst to path atomically (a temporary file in the same directory, then rename)."""
    tmp = temp_beside(path, ".tmp.h5")
    try:
        with h5py.File(tmp, "w") as f:
            write_to(inst, f)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _ascii(s):
    return np.bytes_(s.encode("ascii"))


def write_to(inst, f):
    """Writes inst into an open, empty h5py.File."""
    f.attrs["format"] = _ascii("j3o-instance")
    f.attrs["version"] = np.int32(1)
    f.attrs["name"] = _ascii(inst.name)
    utf8 = h5py.string_dtype("utf-8")
    f.create_dataset("tasks/name", data=np.array(inst.task_name, dtype=object), dtype=utf8)
    f.create_dataset("models/name", data=np.array(inst.model_name, dtype=object), dtype=utf8)
    for field, p in TASK_F64 + MODEL_F64 + EDGE_F64:
        f.create_dataset(p, data=np.asarray(getattr(inst, field), dtype=np.float64))
    f.create_dataset("models/accuracy", data=np.asarray(inst.accuracy, dtype=np.float64).reshape(inst.M, inst.T))
    f.create_dataset("models/cloud", data=np.asarray(inst.cloud, dtype=np.uint8))
    _dataset(f, "clients/edge", np.asarray(inst.client_edge, dtype=np.int32), True)
    for field, p in CLIENT_F64:
        _dataset(f, p, np.asarray(getattr(inst, field), dtype=np.float64), True)
    _dataset(f, "clients/demand", np.asarray(inst.demand, dtype=np.float64).reshape(inst.N, inst.T), True)
    if inst.edge_name is not None:
        f.create_dataset("edges/name", data=np.array(inst.edge_name, dtype=object), dtype=utf8)
    if inst.client_name is not None:
        _dataset(f, "clients/name", np.array(inst.client_name, dtype=object).astype(utf8), True)
    f.require_group("cloud")
    f.require_group("params")
    for field, obj, attr in SCALARS:
        f[obj].attrs[attr] = np.float64(getattr(inst, field))
    f.create_dataset("params/duty_cycles_s", data=np.asarray(inst.duty_cycles_s, dtype=np.float64))


def numbers(inst):
    """Every number of an instance as (label, array) pairs, for exact comparisons."""
    out = [(p, getattr(inst, field)) for field, p in TASK_F64 + MODEL_F64 + EDGE_F64 + CLIENT_F64]
    out += [("/models/accuracy", inst.accuracy), ("/models/cloud", inst.cloud),
            ("/clients/edge", inst.client_edge), ("/clients/demand", inst.demand),
            ("/params/duty_cycles_s", inst.duty_cycles_s)]
    out += [("%s@%s" % (obj, attr), np.float64(getattr(inst, field))) for field, obj, attr in SCALARS]
    return out


def bitwise_equal(a, b):
    """The labels whose numbers differ in any bit (shape, dtype or value); [] when a and b are the same."""
    diff = []
    for (label, x), (_, y) in zip(numbers(a), numbers(b)):
        x, y = np.asarray(x), np.asarray(y)
        if x.dtype != y.dtype or x.shape != y.shape or x.tobytes() != y.tobytes():
            diff.append(label)
    if a.task_name != b.task_name:
        diff.append("/tasks/name")
    if a.model_name != b.model_name:
        diff.append("/models/name")
    return diff
