#!/usr/bin/python3
"""The regression corpus (tests/sh/test_corpus.sh runs it through the ordinary build).

Each case is a mutation of a small generated instance (BASE) or of a valid result of it (RESULT),
from the cases of issue 10 and those `make fuzz` found, with the outcome it must have:
  reject WHERE      bin/j3o: exit 1, one line "j3o: FILE: WHERE: ...", no result
  accept            bin/j3o: exit 0 and bin/j3o-check accepts its result
  check-reject WHERE  bin/j3o-check: exit 2, one line "j3o: FILE: WHERE: ..."
  violation TEXT    bin/j3o-check: exit 1, a violation line containing TEXT
Byte-level cases found by the fuzzer are files in tests/corpus/files/ (NAME.h5 with NAME.expect).
Usage: cases.py BASE RESULT OUTDIR   writes OUTDIR/NAME.h5 and prints "NAME KIND EXPECTATION" lines.
"""
import shutil, sys
import h5py
import numpy as np


def setattr_str(g, name, value):
    if name in g.attrs:
        del g.attrs[name]
    g.attrs[name] = np.bytes_(value)


def replace(f, path, data):
    del f[path]
    f.create_dataset(path, data=data)


INSTANCE = [
    # more than 2,147 duty cycles overflowed a column key and read wild memory
    ("cycles-2200", "accept", lambda f: replace(f, "/params/duty_cycles_s", np.linspace(0.01, 0.1, 2200))),
    # no demand at all: a solution without routes, duty cycles from C
    ("no-demand", "accept", lambda f: f["/clients/demand"].write_direct(np.zeros(f["/clients/demand"].shape))),
    # demand on one client only: most clusters keep no routes
    ("one-demand", "accept", lambda f: f["/clients/demand"].write_direct(np.eye(*f["/clients/demand"].shape))),
    # finite but extreme values the LP cannot represent
    ("weight-1e308", "reject /tasks/weight", lambda f: f["/tasks/weight"].write_direct(np.full(f["/tasks/weight"].shape, 1e308))),
    ("demand-1.8e308", "reject /clients/demand", lambda f: f["/clients/demand"].__setitem__((0, 0), 1.8e308)),
    ("cycle-2.2e-308", "reject /params/duty_cycles_s", lambda f: f["/params/duty_cycles_s"].__setitem__(0, 2.2e-308)),
    ("gflops-1e-300", "reject /clients/gflops", lambda f: f["/clients/gflops"].__setitem__(0, 1e-300)),
    ("cloud-1e300", "reject /cloud@gflops", lambda f: f["/cloud"].attrs.__setitem__("gflops", 1e300)),
    # zero edges
    ("zero-edges", "reject /edges/memory_mb", lambda f: [replace(f, p, np.zeros(0)) for p in
                                                          ("/edges/memory_mb", "/edges/gflops", "/edges/cell_mb_s", "/edges/backhaul_mb_s", "/edges/cloud_latency_s")]),
    # structure: a group, a dangling link, a null dataspace, a huge sparse extent in place of datasets
    ("group-for-dataset", "reject /tasks/weight", lambda f: (f.__delitem__("/tasks/weight"), f.create_group("/tasks/weight"))),
    ("dangling-link", "reject /models/accuracy", lambda f: (f.__delitem__("/models/accuracy"), f.__setitem__("/models/accuracy", h5py.SoftLink("/nowhere")))),
    ("null-demand", "reject /clients/demand", lambda f: (f.__delitem__("/clients/demand"), f.create_dataset("/clients/demand", data=h5py.Empty("f8")))),
    ("huge-extent", "reject /tasks/input_mb", lambda f: (f.__delitem__("/tasks/input_mb"), f.create_dataset("/tasks/input_mb", shape=(2**40,), dtype="f8", chunks=(1024,), maxshape=(None,)))),
    ("vlen-weight", "reject /tasks/weight", lambda f: (f.__delitem__("/tasks/weight"), f.create_dataset("/tasks/weight", shape=(f["/tasks/input_mb"].shape[0],), dtype=h5py.vlen_dtype(np.float64)))),
    ("unsorted-edge", "reject /clients/edge", lambda f: replace(f, "/clients/edge", f["/clients/edge"][...][::-1].copy())),
]


def result_sha(f):
    s = f.attrs["instance_sha256"]
    s = s.decode() if isinstance(s, bytes) else s
    setattr_str(f, "instance_sha256", ("0" if s[0] != "0" else "1") + s[1:])


def optimal_with_gap(f):
    g = f["/summary"]
    a = float(g.attrs["accuracy"])
    setattr_str(g, "status", "optimal")
    g.attrs["upper_bound"] = a + 0.05
    g.attrs["gap"] = 0.05 / (a + 0.05)


RESULT = [
    # a result for another instance
    ("sha-mismatch", "check-reject /@instance_sha256", result_sha),
    # optimal claims a proof: the gap must be zero
    ("optimal-with-gap", "violation summary (status): optimal with gap", optimal_with_gap),
    # interrupted results are results
    ("interrupted", "accept", lambda f: setattr_str(f["/summary"], "status", "interrupted")),
    ("status-bogus", "check-reject /summary@status", lambda f: setattr_str(f["/summary"], "status", "paused")),
    ("edge-2", "check-reject /onload/edge", lambda f: f["/onload/edge"].__setitem__((0, 0), 2)),
    ("fraction-nan", "check-reject /offload/fraction", lambda f: f["/offload/fraction"].__setitem__(0, np.nan)),
]


def main():
    base, result, out = sys.argv[1:4]
    for cases, source, kind in ((INSTANCE, base, "instance"), (RESULT, result, "result")):
        for name, expect, fn in cases:
            p = f"{out}/{name}.h5"
            shutil.copy(source, p)
            with h5py.File(p, "r+") as f:
                fn(f)
            print(name, kind, expect)


if __name__ == "__main__":
    main()
