#!/usr/bin/python3
"""collect.py: gathers the j3o results of one sweep into summary.csv and summary.h5 (and optionally a markdown table).

    scripts/collect.py results/<sweep> [--table FILE.md]

Reads every results/<sweep>/*.h5 whose root attribute format is "j3o-result" (others are skipped
with a warning), the instance it names (sizes, family, seed), and the sweep line that produced it
(results/<sweep>/lines/<name>.txt, written by sweep-run-line.sh). For each run it also reports its
accuracy and wall time relative to the `exact` run on the same instance (same instance_sha256),
when there is one. Writes results/<sweep>/summary.csv and summary.h5 (one compound dataset
/summary, one row per run) atomically.
"""
import argparse
import csv
import math
import os
import shlex
import sys

import h5py
import numpy as np

# (column, kind) in output order; kind: s string, i integer, f float
COLUMNS = [
    ("run", "s"), ("family", "s"), ("seed", "i"), ("edges", "i"), ("clients", "i"), ("tasks", "i"),
    ("models", "i"), ("K", "i"), ("batching", "i"), ("method", "s"), ("ranks", "i"),
    ("accuracy", "f"), ("served_fraction", "f"), ("upper_bound", "f"), ("gap", "f"), ("wall_s", "f"),
    ("status", "s"), ("acc_pct_of_exact", "f"), ("time_pct_of_exact", "f"), ("exact_status", "s"),
    ("acc_pct_of_bound", "f"), ("instance", "s"), ("instance_sha256", "s"),
]


def warn(msg):
    print("collect: warning: " + msg, file=sys.stderr)


def text(v):
    """An HDF5 string attribute (fixed or variable length, bytes or str) as str."""
    if isinstance(v, np.ndarray):
        v = v.reshape(-1)[0] if v.size else b""
    if isinstance(v, (bytes, np.bytes_)):
        return bytes(v).split(b"\0", 1)[0].decode("ascii", "replace")
    return str(v)


def sweep_line(rdir, name):
    """The key=value fields of the run's sweep line, {} if not recorded."""
    p = os.path.join(rdir, "lines", name + ".txt")
    if not os.path.exists(p):
        return {}
    with open(p) as f:
        fields = shlex.split(f.read(), comments=True)
    return dict(kv.split("=", 1) for kv in fields if "=" in kv)


def instance_info(path):
    """Sizes and identity of an instance file; None if it cannot be read."""
    try:
        with h5py.File(path, "r") as f:
            info = {
                "edges": f["edges/gflops"].shape[0],
                "clients": f["clients/edge"].shape[0],
                "tasks": f["tasks/name"].shape[0],
                "models": f["models/name"].shape[0],
                "K": f["params/duty_cycles_s"].shape[0] if "params/duty_cycles_s" in f else 0,
            }
            for k in ("family", "seed"):
                if k in f.attrs:
                    info[k] = text(f.attrs[k]) if k == "family" else int(np.asarray(f.attrs[k]).reshape(-1)[0])
                elif "params" in f and k in f["params"].attrs:
                    v = f["params"].attrs[k]
                    info[k] = text(v) if k == "family" else int(np.asarray(v).reshape(-1)[0])
            return info
    except (OSError, KeyError) as e:
        warn("%s: cannot read instance (%s)" % (path, e))
        return None


def read_run(rdir, fname):
    """One row for a result file, or None (with a warning) when it is not a j3o result."""
    path = os.path.join(rdir, fname)
    name = fname[:-3]
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        warn("%s: not an HDF5 file (%s), skipped" % (path, e))
        return None
    with f:
        fmt = text(f.attrs["format"]) if "format" in f.attrs else ""
        if fmt != "j3o-result":
            warn("%s: format attribute is '%s', not 'j3o-result', skipped" % (path, fmt))
            return None
        if "summary" not in f:
            warn("%s: no /summary group, skipped" % path)
            return None
        s = f["summary"].attrs
        row = {
            "run": name,
            "method": text(f.attrs.get("method", "")),
            "ranks": int(np.asarray(f.attrs.get("ranks", 0)).reshape(-1)[0]),
            "instance": text(f.attrs.get("instance", "")),
            "instance_sha256": text(f.attrs.get("instance_sha256", "")),
            "status": text(s.get("status", "")),
        }
        for k in ("accuracy", "served_fraction", "upper_bound", "gap", "wall_s"):
            row[k] = float(np.asarray(s.get(k, math.nan)).reshape(-1)[0])
    line = sweep_line(rdir, name)
    inst = row["instance"]
    if not os.path.exists(inst):
        # the recorded path may be relative to where the solver ran; try the sweep's instances/
        cand = os.path.join(rdir, "instances", os.path.basename(inst))
        inst = cand if os.path.exists(cand) else ""
    info = instance_info(inst) if inst else None
    if info is None:
        warn("%s: instance '%s' not found; sizes left empty" % (path, row["instance"]))
        info = {}
    row.update(info)
    # family and seed: the instance's own attributes first, else the sweep line
    row.setdefault("family", line.get("family", ""))
    if "seed" not in row:
        row["seed"] = int(line["seed"]) if line.get("seed", "").isdigit() else -1
    if "K" in row:
        row["batching"] = 1 if row["K"] > 0 else 0
    elif line.get("batching") in ("0", "1"):
        row["batching"] = int(line["batching"])
    else:
        row["batching"] = 1 if row["family"] == "paper-batch" else -1
    return row


def relate(rows):
    """acc/time as % of the exact run on the same instance; accuracy as % of the run's own bound."""
    exact = {}
    for r in rows:
        if r["method"] == "exact":
            key = r["instance_sha256"] or r["instance"]
            # prefer a proven optimum when the instance was solved exactly more than once
            if key not in exact or (r["status"] == "optimal" and exact[key]["status"] != "optimal"):
                exact[key] = r
    for r in rows:
        e = exact.get(r["instance_sha256"] or r["instance"])
        r["acc_pct_of_exact"] = math.nan
        r["time_pct_of_exact"] = math.nan
        r["exact_status"] = ""
        if e is not None:
            r["exact_status"] = e["status"]
            if e["accuracy"] > 0:
                r["acc_pct_of_exact"] = 100.0 * r["accuracy"] / e["accuracy"]
            elif r["accuracy"] == 0:
                r["acc_pct_of_exact"] = 100.0
            if e["wall_s"] > 0:
                r["time_pct_of_exact"] = 100.0 * r["wall_s"] / e["wall_s"]
        ub = r["upper_bound"]
        r["acc_pct_of_bound"] = 100.0 * r["accuracy"] / ub if ub > 0 and math.isfinite(ub) else math.nan


def cell(r, col, kind):
    v = r.get(col)
    if v is None:
        return "" if kind == "s" else ("-1" if kind == "i" else "nan")
    if kind == "f":
        return "%.10g" % v
    return str(v)


def write_csv(rows, path):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([c for c, _ in COLUMNS])
        for r in rows:
            w.writerow([cell(r, c, k) for c, k in COLUMNS])
    os.replace(tmp, path)


def write_h5(rows, path, sweep):
    width = {c: max([1] + [len(str(r.get(c, ""))) for r in rows]) + 1 for c, k in COLUMNS if k == "s"}
    dt = np.dtype([(c, "S%d" % width[c]) if k == "s" else (c, "<i8") if k == "i" else (c, "<f8")
                   for c, k in COLUMNS])
    a = np.zeros(len(rows), dtype=dt)
    for i, r in enumerate(rows):
        for c, k in COLUMNS:
            v = r.get(c)
            if k == "s":
                a[i][c] = str(v if v is not None else "").encode("ascii", "replace")
            elif k == "i":
                a[i][c] = -1 if v is None else int(v)
            else:
                a[i][c] = math.nan if v is None else float(v)
    tmp = path + ".tmp.h5"
    with h5py.File(tmp, "w") as f:
        f.attrs["format"] = np.bytes_("j3o-summary")
        f.attrs["version"] = np.int32(1)
        f.attrs["sweep"] = np.bytes_(sweep)
        f.create_dataset("summary", data=a)
    os.replace(tmp, path)


def fmt(v, spec="%.1f"):
    return "-" if v is None or not math.isfinite(v) else spec % v


def table(rows, path):
    """Markdown: per method and batching, accuracy % of exact (mean, min) and median time % of exact;
    then the scaling series (family scale): median wall time and accuracy per method and size."""
    out = ["# j3o evaluation", "",
           "Accuracy and wall time relative to the exact MILP (CBC) on the same instance; "
           "`exact optimal` counts the instances whose exact run proved optimality "
           "(otherwise the reference is its best solution at the time limit).", ""]
    paper = [r for r in rows if r.get("family") in ("paper", "paper-batch") and math.isfinite(r["acc_pct_of_exact"])]
    out += ["| method | batching | runs | exact optimal | mean acc % of exact | min acc % of exact | "
            "median time % of exact | mean gap to bound % |",
            "|---|---|---|---|---|---|---|---|"]
    methods = sorted({r["method"] for r in paper}, key=lambda m: (m != "j3o", m == "exact", m))
    for m in methods:
        for b in (0, 1):
            sel = [r for r in paper if r["method"] == m and r["batching"] == b]
            if not sel:
                continue
            acc = np.array([r["acc_pct_of_exact"] for r in sel])
            tim = np.array([r["time_pct_of_exact"] for r in sel if math.isfinite(r["time_pct_of_exact"])])
            gap = np.array([100 * r["gap"] for r in sel if math.isfinite(r["gap"])])
            nopt = sum(r["exact_status"] == "optimal" for r in sel)
            out.append("| %s | %s | %d | %d | %s | %s | %s | %s |" % (
                m, "on" if b else "off", len(sel), nopt, fmt(acc.mean(), "%.2f"), fmt(acc.min(), "%.2f"),
                fmt(np.median(tim) if tim.size else None, "%.2f"), fmt(gap.mean() if gap.size else None, "%.2f")))
    scale = [r for r in rows if r.get("family") == "scale"]
    if scale:
        out += ["", "## Scaling (family scale)", "",
                "| method | edges | clients | runs | median wall s | median accuracy | median bound | median gap % | note |",
                "|---|---|---|---|---|---|---|---|---|"]
        keys = sorted({(r["method"], r.get("edges", -1), r.get("clients", -1)) for r in scale},
                      key=lambda k: (k[0], k[2]))
        for m, e, n in keys:
            sel = [r for r in scale if (r["method"], r.get("edges", -1), r.get("clients", -1)) == (m, e, n)]
            med = lambda k: float(np.median([r[k] for r in sel]))
            # the bound method computes no solution: its accuracy and gap say nothing
            nosol = m == "bound"
            out.append("| %s | %s | %s | %d | %s | %s | %s | %s |" % (
                m, e, n, len(sel), fmt(med("wall_s"), "%.3g"), fmt(None if nosol else med("accuracy"), "%.4f"),
                fmt(med("upper_bound"), "%.4f"), fmt(None if nosol else 100 * med("gap"), "%.2f")))
            tl = sum(r["status"] == "time_limit" for r in sel)
            out[-1] += " %s |" % ("%d at time limit" % tl if tl else "")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(out) + "\n")
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", help="results/<sweep>")
    ap.add_argument("--table", help="also write this markdown table")
    a = ap.parse_args()
    rdir = a.dir.rstrip("/")
    if not os.path.isdir(rdir):
        print("collect: %s: no such directory" % rdir, file=sys.stderr)
        return 2
    names = sorted(n for n in os.listdir(rdir)
                   if n.endswith(".h5") and not n.startswith(".") and not n.startswith("summary"))
    rows = [r for r in (read_run(rdir, n) for n in names) if r is not None]
    relate(rows)
    rows.sort(key=lambda r: (r.get("family", ""), r.get("clients", 0), r.get("seed", 0), r["method"], r["run"]))
    sweep = os.path.basename(os.path.abspath(rdir))
    write_csv(rows, os.path.join(rdir, "summary.csv"))
    write_h5(rows, os.path.join(rdir, "summary.h5"), sweep)
    if a.table:
        table(rows, a.table)
    print("collect: %s: %d runs -> summary.csv, summary.h5%s" % (rdir, len(rows), ", " + a.table if a.table else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
