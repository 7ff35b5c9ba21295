"""The re-planning table of scripts/replan.sh: the trace's steps, and per step and way the result's
accuracy, bound, gap, churn, models loaded and wall time (docs/running.md).

    python3 -m j3o.replan steps TRACE_DIR     prints the step files in order (checked), one per line
    python3 -m j3o.replan table TRACE_DIR     writes TRACE_DIR/replan/table.csv, table.md, replan.png

Ways: warm-budget (-previous and the budgets), warm (-previous only), cold (neither); every way's
result of step s is TRACE_DIR/replan/WAY/step-NN.h5, and step 0 is the one cold solve
replan/cold/step-00.h5 for all three. Churn is /churn@total_mb for the warm ways and, for cold
(solved without -previous), the same sum computed here against the cold result of the step before.
Models loaded counts the x[n][m] and y[e][m] that are 1 and were 0 in the way's previous plan.
"""
import csv
import math
import os
import sys

import h5py
import numpy as np

from .h5text import scalar, text
from .trace import STEP_FILE, step_of

WAYS = ("warm-budget", "warm", "cold")
COLUMNS = ("step", "way", "accuracy", "upper_bound", "gap", "churn_mb", "models_loaded", "wall_s", "status")
FILES = ("table.csv", "table.md", "replan.png")


def steps(trace_dir):
    """The step files of a trace folder in order; ValueError (one line) when they do not form one trace."""
    names = sorted(n for n in os.listdir(trace_dir) if STEP_FILE.match(n))
    if len(names) < 2:
        raise ValueError("%s: holds %d step files (step-NN.h5 of scripts/trace.py): a trace needs 2 or more"
                         % (trace_dir, len(names)))
    paths = [os.path.join(trace_dir, n) for n in names]
    base = None
    for i, p in enumerate(paths):
        got = step_of(p)
        if got is None:
            raise ValueError("%s: not a trace step (no /demand_trace group)" % p)
        s, n, sha = got
        if (s, n) != (i, len(paths)):
            raise ValueError("%s: /demand_trace@step %d of @steps %d, but it is file %d of %d in %s"
                             % (p, s, n, i, len(paths), trace_dir))
        if base is not None and sha != base:
            raise ValueError("%s: /demand_trace@base_sha256 differs from %s's: steps of two traces" % (p, paths[0]))
        base = sha
    return paths


def result_path(trace_dir, way, s, paths):
    """The result of step s solved way (step 0: the one cold solve)."""
    name = os.path.basename(paths[s])
    return os.path.join(trace_dir, "replan", "cold" if s == 0 else way, name)


def _plan(path):
    with h5py.File(path, "r") as f:
        s = f["summary"].attrs
        out = {k: scalar(s[k]) for k in ("accuracy", "upper_bound", "gap", "wall_s")}
        out["status"] = text(s["status"])
        out["x"], out["y"] = f["onload/client"][()], f["onload/edge"][()]
        out["churn"] = scalar(f["churn"].attrs["total_mb"]) if "churn" in f and "total_mb" in f["churn"].attrs else None
    return out


def churn_mb(memory_mb, plan, prev):
    """sum over clients and edges of s_m x (1 - x^P): MB of models loaded that prev did not hold."""
    new_x = (plan["x"] == 1) & (prev["x"] == 0)
    new_y = (plan["y"] == 1) & (prev["y"] == 0)
    return float((new_x.astype(np.float64) @ memory_mb).sum() + (new_y.astype(np.float64) @ memory_mb).sum())


def rows(trace_dir):
    """One dict per (step, way), step 0 repeated for the three ways (its churn and loads empty)."""
    paths = steps(trace_dir)
    with h5py.File(paths[0], "r") as f:
        memory_mb = f["models/memory_mb"][()].astype(np.float64)
    out = []
    for way in WAYS:
        prev = None
        for s in range(len(paths)):
            res = result_path(trace_dir, way, s, paths)
            plan = _plan(res)
            r = {"step": s, "way": way, "status": plan["status"], "churn_mb": math.nan, "models_loaded": ""}
            r.update({k: plan[k] for k in ("accuracy", "upper_bound", "gap", "wall_s")})
            if prev is not None:
                if way == "cold":
                    r["churn_mb"] = churn_mb(memory_mb, plan, prev)
                elif plan["churn"] is None:
                    raise ValueError("%s: no /churn@total_mb (solved without -previous?)" % res)
                else:
                    r["churn_mb"] = plan["churn"]
                r["models_loaded"] = int(((plan["x"] == 1) & (prev["x"] == 0)).sum()
                                         + ((plan["y"] == 1) & (prev["y"] == 0)).sum())
            out.append(r)
            prev = plan
    out.sort(key=lambda r: (r["step"], WAYS.index(r["way"])))
    return out


def _cell(v):
    if isinstance(v, float):
        return "" if math.isnan(v) else "%.9g" % v
    return str(v)


def write_csv(rs, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for r in rs:
            w.writerow([_cell(r[c]) for c in COLUMNS])


def write_md(rs, path):
    head = ["step", "way", "accuracy", "bound", "gap", "churn MB", "models loaded", "wall s", "status"]
    fmt = {"accuracy": "%.6f", "upper_bound": "%.6f", "gap": "%.2e", "churn_mb": "%.1f", "wall_s": "%.2f"}
    with open(path, "w") as f:
        f.write("| " + " | ".join(head) + " |\n|" + "---|" * len(head) + "\n")
        for r in rs:
            cells = []
            for c in COLUMNS:
                v = r[c]
                cells.append("-" if v == "" or (isinstance(v, float) and math.isnan(v)) else
                             (fmt[c] % v if c in fmt else str(v)))
            f.write("| " + " | ".join(cells) + " |\n")
        mean = {}
        for way in WAYS:
            later = [r for r in rs if r["way"] == way and r["step"] > 0]
            mean[way] = (np.mean([r["accuracy"] for r in later]), np.mean([r["churn_mb"] for r in later]),
                         sum(r["models_loaded"] for r in later), np.sum([r["wall_s"] for r in later]))
        f.write("\nSteps 1 on: mean accuracy, mean churn MB, models loaded, total wall s per way: "
                + "; ".join("%s %.6f, %.1f MB, %d, %.2f s" % ((w,) + mean[w]) for w in WAYS) + "\n")


def write_png(rs, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker
    fig, (a, b) = plt.subplots(2, 1, figsize=(7, 6), sharex=True)
    for way, mark in zip(WAYS, ("o", "s", "^")):
        mine = [r for r in rs if r["way"] == way]
        a.plot([r["step"] for r in mine], [r["accuracy"] for r in mine], marker=mark, label=way)
        later = [r for r in mine if r["step"] > 0]
        b.plot([r["step"] for r in later], [r["churn_mb"] for r in later], marker=mark, label=way)
    a.set_ylabel("accuracy")
    b.set_ylabel("churn (MB loaded)")
    b.set_xlabel("step")
    b.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    a.legend()
    a.grid(alpha=0.3)
    b.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def table(trace_dir):
    """Writes TRACE_DIR/replan/table.csv, table.md and replan.png (each via a temporary name)."""
    rs = rows(trace_dir)
    d = os.path.join(trace_dir, "replan")
    for name, writer in zip(FILES, (write_csv, write_md, write_png)):
        tmp = os.path.join(d, "." + name + ".tmp" + os.path.splitext(name)[1])
        writer(rs, tmp)
        os.replace(tmp, os.path.join(d, name))
    return rs


def main(argv):
    if len(argv) != 2 or argv[0] not in ("steps", "table"):
        print("usage: python3 -m j3o.replan steps|table TRACE_DIR", file=sys.stderr)
        return 2
    try:
        if argv[0] == "steps":
            print("\n".join(steps(argv[1])))
        else:
            table(argv[1])
    except (OSError, KeyError, ValueError) as e:
        print("replan: %s" % " ".join(str(e).split()), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
