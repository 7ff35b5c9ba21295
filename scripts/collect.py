#!/usr/bin/python3
"""collect.py: gathers the j3o results of one sweep into summary.csv and summary.h5 (and optionally a markdown table).

    scripts/collect.py results/<sweep> [--table FILE.md]

Reads every results/<sweep>/*.h5 whose root attribute format is "j3o-result" (others are skipped
with a warning), the instance it names (sizes, family, seed), and the sweep line that produced it
(results/<sweep>/lines/<name>.txt, written by sweep-run-line.sh). For each run it also reports its
accuracy and wall time relative to the `exact` run on the same instance (same instance_sha256),
when there is one. A run on a derived instance (sweep line scale=DATASET:FACTOR) gets one
column `scale:DATASET` per scaled dataset of the sweep (1 where a run leaves it as is) and
`base_sha256`. Writes results/<sweep>/summary.csv and summary.h5 (one compound dataset /summary,
one row per run) atomically. Files are read with the j3o package (python/j3o).
"""
import argparse
import csv
import math
import os
import shlex
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import j3o  # noqa: E402

# (column, kind) in output order; kind: s string, i integer, f float
COLUMNS = [
    ("run", "s"), ("line", "i"), ("family", "s"), ("seed", "i"), ("edges", "i"), ("clients", "i"), ("tasks", "i"),
    ("models", "i"), ("K", "i"), ("batching", "i"), ("method", "s"), ("ranks", "i"),
    ("accuracy", "f"), ("served_fraction", "f"), ("upper_bound", "f"), ("gap", "f"), ("wall_s", "f"),
    ("status", "s"), ("acc_pct_of_exact", "f"), ("time_pct_of_exact", "f"), ("exact_status", "s"),
    ("acc_pct_of_bound", "f"), ("instance", "s"), ("instance_sha256", "s"),
]


def warn(msg):
    print("collect: warning: " + msg, file=sys.stderr)


def sweep_line(rdir, name):
    """The key=value fields of the run's sweep line, plus `_index` (its run line number in the sweep
    file) when recorded; {} if not recorded."""
    p = os.path.join(rdir, "lines", name + ".txt")
    if not os.path.exists(p):
        return {}
    with open(p) as f:
        body = f.read()
    fields = shlex.split(body, comments=True)
    out = dict(kv.split("=", 1) for kv in fields if "=" in kv)
    first = body.split("\n", 1)[0].split()
    if first[:3] == ["#", "run", "line"] and len(first) == 4 and first[3].isdigit():
        out["_index"] = int(first[3])
    return out


def instance_info(path):
    """Sizes and identity of an instance file; None if it cannot be read."""
    try:
        return j3o.instance_info(path)
    except (OSError, KeyError) as e:
        warn("%s: cannot read instance (%s)" % (path, e))
        return None


def read_run(rdir, fname):
    """One row for a result file, or None (with a warning) when it is not a j3o result."""
    path = os.path.join(rdir, fname)
    name = fname[:-3]
    try:
        h = j3o.read_summary(path)
    except OSError as e:
        warn("%s: not an HDF5 file (%s), skipped" % (path, e))
        return None
    if h["format"] != "j3o-result":
        warn("%s: format attribute is '%s', not 'j3o-result', skipped" % (path, h["format"]))
        return None
    if not h["has_summary"]:
        warn("%s: no /summary group, skipped" % path)
        return None
    row = {"run": name}
    for k in ("method", "ranks", "instance", "instance_sha256", "status",
              "accuracy", "served_fraction", "upper_bound", "gap", "wall_s"):
        row[k] = h[k]
    if h["previous_sha256"]:  # a re-plan
        for k in REPLAN_COLUMNS:
            row[k[0]] = h[k[1]]
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
    if "seed" not in row:  # none for a given instance: left empty
        row["seed"] = int(line["seed"]) if line.get("seed", "").isdigit() else None
    row["line"] = line.get("_index")
    if "K" in row:
        row["batching"] = 1 if row["K"] > 0 else 0
    elif line.get("batching") in ("0", "1"):
        row["batching"] = int(line["batching"])
    else:
        row["batching"] = 1 if row["family"] == "paper-batch" else -1
    for target, factor in row.pop("scales", []):
        row["scale:" + target] = factor
    return row


# a re-plan's columns (column, read_summary key, kind): empty / nan for a run that is no re-plan
REPLAN_COLUMNS = [("previous", "previous", "s"), ("previous_sha256", "previous_sha256", "s"),
                  ("swap_budget_mb", "swap_budget_mb", "f"), ("swap_budget_total_mb", "swap_budget_total_mb", "f"),
                  ("churn_mb", "churn_total_mb", "f")]


def columns(rows):
    """COLUMNS, plus scale:DATASET per scaled dataset and base_sha256 when some run is on a derived instance,
    plus REPLAN_COLUMNS when some run is a re-plan."""
    scaled = sorted({k for r in rows for k in r if k.startswith("scale:")})
    replans = any("previous_sha256" in r for r in rows)
    for r in rows:
        for k in scaled:
            r.setdefault(k, 1.0)
        r.setdefault("base_sha256", "")
        for c, _, kind in REPLAN_COLUMNS if replans else []:
            r.setdefault(c, "" if kind == "s" else math.nan)
    return (COLUMNS + ([(k, "f") for k in scaled] + [("base_sha256", "s")] if scaled else []) +
            [(c, kind) for c, _, kind in (REPLAN_COLUMNS if replans else [])])


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
        return "" if kind in "si" else "nan"
    if kind == "f":
        return "%.10g" % v
    return str(v)


def write_csv(rows, path, cols):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([c for c, _ in cols])
        for r in rows:
            w.writerow([cell(r, c, k) for c, k in cols])
    os.replace(tmp, path)


def write_h5(rows, path, sweep, cols):
    def utf8(v):
        return str(v if v is not None else "").encode("utf-8", "surrogateescape")  # a path's own bytes
    width = {c: max([1] + [len(utf8(r.get(c))) for r in rows]) + 1 for c, k in cols if k == "s"}
    dt = np.dtype([(c, "S%d" % width[c]) if k == "s" else (c, "<i8") if k == "i" else (c, "<f8")
                   for c, k in cols])
    a = np.zeros(len(rows), dtype=dt)
    for i, r in enumerate(rows):
        for c, k in cols:
            v = r.get(c)
            if k == "s":
                a[i][c] = utf8(v)
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
                   if n.endswith(".h5") and not n.startswith(".") and n != "summary.h5")
    rows = [r for r in (read_run(rdir, n) for n in names) if r is not None]
    relate(rows)
    rows.sort(key=lambda r: (r.get("family", ""), r.get("clients", 0), -1 if r.get("seed") is None else r["seed"],
                             r["method"], r["run"]))
    sweep = os.path.basename(os.path.abspath(rdir))
    cols = columns(rows)
    write_csv(rows, os.path.join(rdir, "summary.csv"), cols)
    write_h5(rows, os.path.join(rdir, "summary.h5"), sweep, cols)
    if a.table:
        table(rows, a.table)
    print("collect: %s: %d runs -> summary.csv, summary.h5%s" % (rdir, len(rows), ", " + a.table if a.table else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
