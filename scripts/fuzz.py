#!/usr/bin/python3
"""Structure-aware fuzzing of j3o's readers (scripts/fuzz.sh builds the sanitized binaries).

Mutates a small valid instance and a valid result of it with h5py (values, dtypes, shapes, attributes,
links in place of datasets, null and scalar dataspaces, compound, enum and vlen types, huge extents,
NaN, inf, out-of-range and unsorted indices) and at the byte level (flips, truncations), runs
`j3o` (instances) or `j3o-check` (results) on each as an MPI singleton, and counts the outcomes:

  rejected          one "j3o: FILE: WHERE: RULE" line, exit 1 (j3o) or 2 (j3o-check)
  accepted          exit 0 and the result passes j3o-check (for results: j3o-check says valid)
  violations        j3o-check exit 1 with violation lines (results only)
  wrongly-accepted  accepted although the mutation breaks a rule of docs/file-formats.md
  bad-output        j3o exited 0 but j3o-check refuses its result, or an error without its one line
  crash / hang      a signal, MPI_Abort, or no end within the timeout
  sanitizer         an AddressSanitizer or UBSan report in j3o's code
  hdf5-library      a sanitizer report whose frames are all inside the HDF5 library

Cases with any outcome but rejected/accepted/violations are copied to WORK/found/ for the
regression corpus (tests/corpus). Exit status 1 when any such case was found.
"""
import argparse, collections, concurrent.futures as cf, os, random, re, shutil, subprocess, sys
import h5py
import numpy as np

BAD_OUTCOMES = {"wrongly-accepted", "bad-output", "crash", "hang", "sanitizer", "harness-error"}

FLOAT_SETS = ["/tasks/input_mb", "/tasks/deadline_s", "/tasks/weight", "/models/memory_mb", "/models/gflop_fixed",
              "/models/gflop_per_query", "/models/accuracy", "/edges/memory_mb", "/edges/gflops", "/edges/cell_mb_s",
              "/edges/backhaul_mb_s", "/edges/cloud_latency_s", "/clients/memory_mb", "/clients/gflops",
              "/clients/uplink_mb_s", "/clients/demand", "/params/duty_cycles_s"]
STRICT_POS = {"/tasks/input_mb", "/tasks/deadline_s", "/tasks/weight", "/models/memory_mb", "/models/gflop_per_query",
              "/params/duty_cycles_s"}
INT_SETS = ["/clients/edge", "/models/cloud"]
STR_SETS = ["/tasks/name", "/models/name"]
ATTRS = [("/", "format"), ("/", "version"), ("/", "name"), ("/cloud", "gflops"), ("/cloud", "ingress_mb_s"), ("/params", "rho")]
RESULT_SETS = ["/onload/client", "/onload/edge", "/onload/duty_cycle_s", "/offload/client", "/offload/task",
               "/offload/route", "/offload/model", "/offload/fraction"]


def replace(f, path, data, **kw):
    del f[path]
    f.create_dataset(path, data=data, **kw)


# ---- instance mutations: each returns True when the mutated file must be rejected, None when either is fine
def m_value(f, rng):
    p = rng.choice([s for s in FLOAT_SETS if s in f])
    a = f[p][...]
    if a.size == 0:
        return None
    v = rng.choice([np.nan, np.inf, -np.inf, -1.0, 0.0, 1e308, -1e308, 1e-308, 5e-324, 1e30, 1e10, 2.5, 1e-7, 0.5])
    idx = tuple(rng.randrange(n) for n in a.shape)
    a[idx] = v
    f[p][...] = a
    if not np.isfinite(v) or v < 0 or abs(v) > 1e9 or (v != 0 and abs(v) < 1e-6):
        return True
    if v == 0 and p in STRICT_POS:
        return True
    if p == "/models/accuracy" and v > 1:
        return True
    return None


def m_int(f, rng):
    p = rng.choice(INT_SETS)
    a = f[p][...].astype(np.int64)
    i = rng.randrange(a.size)
    if p == "/clients/edge":
        E = f["/edges/memory_mb"].shape[0]
        choice = rng.choice(["neg", "E", "huge", "swap"])
        if choice == "swap":
            j = rng.randrange(a.size)
            if a[i] == a[j]:
                return None
            a[i], a[j] = a[j], a[i]
            replace(f, p, a.astype(f[p].dtype))
            return True  # no longer non-decreasing
        a[i] = {"neg": -1, "E": E, "huge": 2**40}[choice]
        replace(f, p, a)
        return True
    a[i] = rng.choice([-1, 2, 255, 2**40])
    replace(f, p, a)
    return True


def m_dtype(f, rng):
    p = rng.choice(FLOAT_SETS + INT_SETS + STR_SETS)
    if p not in f:
        return None
    a = f[p][...]
    kind = rng.choice(["f32", "i32", "str", "compound", "enum", "vlen", "bool"])
    if kind == "f32" and a.dtype.kind == "f":
        replace(f, p, a.astype(np.float32))
        return None
    if kind == "i32" and a.dtype.kind in "fi":
        replace(f, p, np.zeros(a.shape, np.int32) + 1)
        return True if p in FLOAT_SETS else None
    if kind == "str":
        replace(f, p, np.array([b"x%d" % k for k in range(a.size)]).reshape(a.shape) if a.size else np.array([], "S2"))
        return True if p not in STR_SETS else None
    if kind == "compound":
        dt = np.dtype([("a", "f8"), ("b", "i4")])
        replace(f, p, np.zeros(a.shape, dt))
        return True
    if kind == "enum":
        dt = h5py.enum_dtype({"A": 0, "B": 1}, basetype="i1")
        replace(f, p, np.zeros(a.shape, np.int8), dtype=dt)
        return None if p in INT_SETS else True
    if kind == "vlen":
        dt = h5py.vlen_dtype(np.float64)
        del f[p]
        ds = f.create_dataset(p, shape=a.shape, dtype=dt)
        for idx in np.ndindex(a.shape):
            ds[idx] = np.array([1.0, 2.0])
        return True
    if kind == "bool":
        replace(f, p, np.ones(a.shape, bool))
        return None
    return None


def m_shape(f, rng):
    p = rng.choice([s for s in FLOAT_SETS + INT_SETS + STR_SETS if s in f])
    a = f[p][...]
    kind = rng.choice(["more", "less", "transpose", "2d", "1d", "empty"])
    if kind == "more":
        b = np.concatenate([a, a[:1]]) if a.shape[0] else a
        if p == "/params/duty_cycles_s":
            return None if not a.size else (replace(f, p, b) or True)  # a duplicate cycle
        if p == "/clients/edge" and a.size:
            b[-1] = a[-1]
            replace(f, p, b)
            return True  # one client more than the client columns
        replace(f, p, b)
        return True if a.shape[0] else None
    if kind == "less":
        if a.shape[0] == 0:
            return None
        replace(f, p, a[:-1])
        return None if p == "/params/duty_cycles_s" else True
    if kind == "transpose" and a.ndim == 2:
        replace(f, p, np.ascontiguousarray(a.T))
        return True if a.shape[0] != a.shape[1] else None
    if kind == "2d":
        replace(f, p, a.reshape(a.shape + (1,)) if a.ndim == 1 else a.reshape(a.shape + (1,)))
        return True
    if kind == "1d" and a.ndim == 2:
        replace(f, p, a.reshape(-1))
        return True
    if kind == "empty":
        del f[p]
        f.create_dataset(p, shape=(0,) + a.shape[1:], dtype=a.dtype)
        return None if p == "/params/duty_cycles_s" else True
    return None


def m_structure(f, rng):
    p = rng.choice(FLOAT_SETS + INT_SETS + STR_SETS)
    if p not in f:
        return None
    optional = p == "/params/duty_cycles_s"
    kind = rng.choice(["delete", "group", "softlink-self", "softlink-other", "dangling", "external", "hardlink-other", "null", "scalar", "huge"])
    other = rng.choice([s for s in FLOAT_SETS if s in f and s != p])
    if kind == "delete":
        del f[p]
        return None if optional else True
    if kind == "group":
        del f[p]
        f.create_group(p)
        return True
    if kind == "softlink-self":
        a = f[p][...]
        del f[p]
        f.create_dataset(p + "_real", data=a)
        f[p] = h5py.SoftLink(p + "_real")
        return None  # a link to the same data is the same dataset to a reader
    if kind == "softlink-other":
        del f[p]
        f[p] = h5py.SoftLink(other)
        return None
    if kind == "dangling":
        del f[p]
        f[p] = h5py.SoftLink("/nowhere/at_all")
        return True
    if kind == "external":
        del f[p]
        f[p] = h5py.ExternalLink("/nonexistent-j3o-fuzz.h5", "/x")
        return True
    if kind == "hardlink-other":
        del f[p]
        f[p] = f[other]
        return None
    if kind == "null":
        del f[p]
        f.create_dataset(p, data=h5py.Empty("f8"))
        return None if optional else True
    if kind == "scalar":
        del f[p]
        f.create_dataset(p, data=np.float64(1.0))
        return True
    if kind == "huge":
        a = f[p]
        shape = (2**40,) + a.shape[1:]
        dt = a.dtype
        del f[p]
        f.create_dataset(p, shape=shape, dtype=dt if dt.kind in "fi" else "f8", chunks=(1024,) + shape[1:], maxshape=(None,) + shape[1:])
        return True
    return None


def m_attr(f, rng):
    obj, name = rng.choice(ATTRS)
    g = f[obj]
    kind = rng.choice(["delete", "nan", "neg", "big", "string", "array", "int"])
    if kind == "delete":
        if name in g.attrs:
            del g.attrs[name]
        return True
    if name in ("format", "name"):
        g.attrs[name] = np.float64(1.0) if kind in ("nan", "neg", "big", "int") else np.bytes_("x" * (300 if kind == "array" else 3))
        # a short string is another valid /@name; a number or 300 letters are not
        return None if name == "name" and kind == "string" else True
    if name == "version":
        g.attrs[name] = {"nan": np.float64(np.nan), "neg": np.int32(-1), "big": np.int64(2**40), "string": np.bytes_("1"), "array": np.array([1, 1], np.int32), "int": np.int8(2)}[kind]
        return True
    v = {"nan": np.nan, "neg": -1.0, "big": 1e308, "string": None, "array": None, "int": 2}[kind]
    if kind == "string":
        g.attrs[name] = np.bytes_("1.0")
        return True
    if kind == "array":
        g.attrs[name] = np.array([0.5, 0.5])
        return True
    g.attrs[name] = v
    if name == "rho":
        return True if not (0 < v <= 1) else None
    return True if (not np.isfinite(v) or v < 0 or v > 1e12) else None


def m_cycles(f, rng):
    """Many distinct duty cycles (more than 2,147 overflowed a column key), or unsorted ones."""
    if "/params/duty_cycles_s" in f:
        del f["/params/duty_cycles_s"]
    kind = rng.choice(["many", "unsorted", "one"])
    if kind == "many":
        c = np.linspace(0.01, 0.1, rng.choice([2200, 3000]))
    elif kind == "unsorted":
        c = np.array([0.1, 0.01, 0.05])
    else:
        c = np.array([0.05])
    f.create_dataset("/params/duty_cycles_s", data=c)
    return None


def m_no_routes(f, rng):
    """Demand zero for every client: a solution without routes (duty cycles still from C)."""
    a = f["/clients/demand"][...]
    f["/clients/demand"][...] = np.zeros_like(a)
    return None


INSTANCE_MUTATIONS = [m_value] * 4 + [m_int] * 2 + [m_dtype] * 2 + [m_shape] * 2 + [m_structure] * 3 + [m_attr] * 2 + [m_cycles, m_no_routes]


# ---- result mutations
def r_value(f, rng):
    p = rng.choice(RESULT_SETS)
    a = f[p][...]
    if a.size == 0:
        return None
    idx = tuple(rng.randrange(n) for n in a.shape)
    if p.startswith("/onload/client") or p.startswith("/onload/edge"):
        a[idx] = rng.choice([2, 255])
        f[p][...] = a
        return True
    if p == "/onload/duty_cycle_s":
        a[idx] = rng.choice([np.nan, -1.0, 0.0123456, 1e308])
        f[p][...] = a
        return True
    if p == "/offload/fraction":
        a[idx] = rng.choice([np.nan, np.inf, -0.5, 0.0, 7.0])
        f[p][...] = a
        return True
    if p == "/offload/route":
        a[idx] = rng.choice([3, -1, 127])
        f[p][...] = a
        return True
    a[idx] = rng.choice([-1, 10**6, 2**31 - 1])
    f[p][...] = a
    return True


def r_summary(f, rng):
    g = f["/summary"]
    kind = rng.choice(["status", "optimal-gap", "accuracy", "bound", "sha", "nan-acc", "interrupted"])
    if kind == "status":
        del g.attrs["status"]
        g.attrs["status"] = np.bytes_("bogus")
        return True
    if kind == "optimal-gap":
        del g.attrs["status"]
        g.attrs["status"] = np.bytes_("optimal")
        ub = float(g.attrs["accuracy"]) + 0.05
        g.attrs["upper_bound"] = ub
        g.attrs["gap"] = (ub - float(g.attrs["accuracy"])) / ub
        return True
    if kind == "accuracy":
        g.attrs["accuracy"] = float(g.attrs["accuracy"]) + 0.01
        return True
    if kind == "bound":
        g.attrs["upper_bound"] = float(g.attrs["accuracy"]) - 0.01
        return True
    if kind == "sha":
        s = f.attrs["instance_sha256"]
        s = s.decode() if isinstance(s, bytes) else s
        del f.attrs["instance_sha256"]
        f.attrs["instance_sha256"] = np.bytes_(("0" if s[0] != "0" else "1") + s[1:])
        return True
    if kind == "nan-acc":
        g.attrs["accuracy"] = np.nan
        return True
    del g.attrs["status"]
    g.attrs["status"] = np.bytes_("interrupted")
    return None


def r_structure(f, rng):
    p = rng.choice(RESULT_SETS + ["/summary", "/onload", "/offload"])
    kind = rng.choice(["delete", "null", "scalar", "dtype", "compound", "duplicate", "softlink", "huge"])
    if kind == "delete":
        del f[p]
        return True
    if p in ("/summary", "/onload", "/offload"):
        return None
    a = f[p][...]
    if kind == "null":
        del f[p]
        f.create_dataset(p, data=h5py.Empty("f8"))
        return None if a.size == 0 else True
    if kind == "scalar":
        del f[p]
        f.create_dataset(p, data=np.float64(1.0))
        return True
    if kind == "dtype":
        replace(f, p, a.astype(np.float64) + 0.5)
        return True
    if kind == "compound":
        replace(f, p, np.zeros(a.shape, np.dtype([("a", "f8"), ("b", "i4")])))
        return True
    if kind == "duplicate" and p.startswith("/offload") and a.size:
        for q in RESULT_SETS[3:]:
            b = f[q][...]
            replace(f, q, np.concatenate([b, b[:1]]))
        return True
    if kind == "softlink":
        del f[p]
        f[p] = h5py.SoftLink("/nowhere")
        return True
    if kind == "huge":
        del f[p]
        f.create_dataset(p, shape=(2**40,) + a.shape[1:], dtype=a.dtype, chunks=(1024,) + a.shape[1:], maxshape=(None,) + a.shape[1:])
        return True
    return None


RESULT_MUTATIONS = [r_value] * 3 + [r_summary] * 2 + [r_structure] * 2


def byte_mutation(path, rng):
    data = bytearray(open(path, "rb").read())
    if rng.random() < 0.3:
        data = data[: rng.randrange(len(data))]
    else:
        for _ in range(rng.choice([1, 3, 8, 32])):
            i = rng.randrange(len(data))
            data[i] = rng.randrange(256)
    open(path, "wb").write(bytes(data))
    return None


def mutate(case, base, rng, mutations):
    """Applies one mutation drawn from `mutations`; a draw h5py refuses is drawn again on a fresh copy."""
    for _ in range(20):
        shutil.copy(base, case)
        mut = rng.choice(mutations)
        try:
            with h5py.File(case, "r+") as f:
                must = mut(f, rng)
            return mut.__name__, must
        except Exception:
            continue
    raise RuntimeError("no mutation applied in 20 draws")


# ---- running
SAN = re.compile(r"ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer|UndefinedBehaviorSanitizer")


def sanitizer_in_hdf5(err):
    """Whether the first sanitizer report's innermost frame is inside the HDF5 library."""
    frames = [f for f in re.findall(r"#\d+ 0x[0-9a-f]+ in (\S+)", err) if not f.startswith(("__interceptor_", "__asan", "__sanitizer", "__ubsan", "malloc", "calloc", "realloc"))]
    return bool(frames) and frames[0].startswith("H5")


def own_lines(err):
    """stderr lines but the sanitizer's warnings (a failed huge allocation returns NULL, as in production)."""
    return [l for l in err.splitlines() if l.strip() and not re.match(r"==\d+==WARNING: AddressSanitizer failed to allocate", l)]


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, errors="replace")
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return None, "", (e.stderr or b"").decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")


def classify_errors(rc, err, timeout_hit):
    if timeout_hit:
        return "hang"
    if SAN.search(err):
        return "hdf5-library" if sanitizer_in_hdf5(err) else "sanitizer"
    if rc is not None and rc < 0:
        return "crash"
    return None


def draw_case(case, base, rng, byte_share, mutations):
    """A copy of base at case with byte-level damage (share byte_share) or one structured mutation;
    returns the mutation's name and whether the file must be rejected."""
    shutil.copy(base, case)
    if rng.random() < byte_share:
        return "bytes", byte_mutation(case, rng)
    return mutate(case, base, rng, mutations)


def one_instance(args, k):
    rng = random.Random(args.seed * 1000003 + k)
    case = os.path.join(args.work, f"inst-{k}.h5")
    kind, must = draw_case(case, args.base_instance, rng, 0.15, INSTANCE_MUTATIONS)
    out = case + ".result.h5"
    rc, so, se = run([os.path.join(args.bin, "j3o"), "-i", case, "-o", out, "-j3o_quiet", "-time_limit", "20"], args.timeout)
    outcome = classify_errors(rc, se, rc is None)
    if outcome is None:
        lines = own_lines(se)
        if rc == 0:
            if not os.path.exists(out):
                outcome = "bad-output"
            else:
                crc, cso, cse = run([os.path.join(args.bin, "j3o-check"), case, out], args.timeout)
                co = classify_errors(crc, cse, crc is None)
                outcome = co or ("wrongly-accepted" if must else "accepted") if crc == 0 else (co or "bad-output")
        elif rc == 1 and len(lines) == 1 and lines[0].startswith("j3o: "):
            outcome = "rejected"
        else:
            outcome = "bad-output" if rc == 1 else "crash"
    if outcome in BAD_OUTCOMES or outcome == "hdf5-library":
        keep(args, case, outcome, kind, se)
    for p in (case, out):
        if os.path.exists(p):
            os.remove(p)
    leftovers = [n for n in os.listdir(args.work) if n.startswith(f"inst-{k}.h5.result.h5.tmp")]
    if leftovers:
        outcome = "bad-output"
        for n in leftovers:
            os.remove(os.path.join(args.work, n))
    return "instance", kind, outcome


def one_result(args, k):
    rng = random.Random(args.seed * 7919 + k)
    case = os.path.join(args.work, f"res-{k}.h5")
    kind, must = draw_case(case, args.base_result, rng, 0.25, RESULT_MUTATIONS)
    rc, so, se = run([os.path.join(args.bin, "j3o-check"), args.base_instance, case], args.timeout)
    outcome = classify_errors(rc, se, rc is None)
    if outcome is None:
        lines = own_lines(se)
        if rc == 0:
            outcome = "wrongly-accepted" if must else "accepted"
        elif rc == 1 and "invalid:" in so:
            outcome = "violations"
        elif rc == 2 and len(lines) == 1 and lines[0].startswith("j3o"):
            outcome = "rejected"
        else:
            outcome = "bad-output"
    if outcome in BAD_OUTCOMES or outcome == "hdf5-library":
        keep(args, case, outcome, kind, se + so)
    os.remove(case)
    return "result", kind, outcome


def safe(fn, what, args, k):
    """A failure of the harness itself is counted, not fatal to the run."""
    try:
        return fn(args, k)
    except Exception as e:
        print(f"fuzz: {what} {k}: harness error {e!r}", flush=True)
        return what, "harness", "harness-error"


def keep(args, case, outcome, kind, err):
    d = os.path.join(args.work, "found")
    os.makedirs(d, exist_ok=True)
    base = os.path.join(d, f"{outcome}-{os.path.basename(case)}")
    shutil.copy(case, base)
    with open(base + ".txt", "w") as fh:
        fh.write(f"mutation {kind}\n{err[-4000:]}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--instances", type=int, default=2000)
    ap.add_argument("--results", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    args.base_instance = os.path.join(args.work, "base.h5")
    args.base_result = os.path.join(args.work, "base-result.h5")
    # a small instance with batching (duty cycles) and its result
    for p in (args.base_instance, args.base_result):
        if os.path.exists(p):
            os.remove(p)
    subprocess.run([os.path.join(args.bin, "j3o-gen"), "-o", args.base_instance, "-family", "scale", "-edges", "3",
                    "-clients_per_edge", "4", "-tasks", "2", "-models", "4", "-batching", "1", "-seed", str(args.seed)], check=True, capture_output=True)
    subprocess.run([os.path.join(args.bin, "j3o"), "-i", args.base_instance, "-o", args.base_result, "-j3o_quiet"], check=True, capture_output=True)
    counts = collections.Counter()
    kinds = collections.Counter()
    with cf.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        futs = [ex.submit(safe, one_instance, "instance", args, k) for k in range(args.instances)]
        futs += [ex.submit(safe, one_result, "result", args, k) for k in range(args.results)]
        for i, fu in enumerate(cf.as_completed(futs), 1):
            what, kind, outcome = fu.result()
            counts[(what, outcome)] += 1
            kinds[(what, kind, outcome)] += 1
            if i % 250 == 0:
                print(f"fuzz: {i}/{len(futs)} runs", flush=True)
    print(f"fuzz: {args.instances} instances, {args.results} results (seed {args.seed})")
    for what in ("instance", "result"):
        row = ", ".join(f"{o} {n}" for (w, o), n in sorted(counts.items()) if w == what)
        print(f"  {what}s: {row}")
    print("  by mutation:")
    for (what, kind, outcome), n in sorted(kinds.items()):
        print(f"    {what:8s} {kind:14s} {outcome:17s} {n}")
    bad = sum(n for (w, o), n in counts.items() if o in BAD_OUTCOMES)
    print(f"fuzz: {bad} case(s) with a wrong outcome" + (f", kept in {os.path.join(args.work, 'found')}" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
