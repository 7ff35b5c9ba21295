#!/usr/bin/python3
"""plot.py: the paper-style figures of one collected sweep, as PNGs.

    scripts/plot.py results/<sweep> [--out DIR] [--trace RESULT.h5] [--util RESULT.h5]

Needs results/<sweep>/summary.csv (scripts/collect.py). Writes into DIR (default results/<sweep>/plots):
  accuracy_pct_of_exact.png  accuracy as % of the exact optimum per method, box over seeds, batching off/on
  time_pct_of_exact.png      wall time as % of exact per method (log scale)
  scaling.png                wall time against clients, log-log, one line per method (family scale)
  convergence.png            dual value and best primal per iteration of one j3o result (/trace)
  utilization.png            per-resource utilization fractions of one result, recomputed from instance + result
  scenarios.png              accuracy and served fraction per run on your own instances (sweep lines with instance=)
A figure whose data is absent from the sweep is skipped with a note. Result and instance files are
read with the j3o package (python/j3o).
"""
import argparse
import csv
import math
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402,F401
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import j3o  # noqa: E402
import j3o.report  # noqa: E402

METHOD_ORDER = ["j3o", "exact", "bound", "greedy", "random", "local-only", "edge-only", "cloud-only"]


def note(msg):
    print("plot: " + msg, file=sys.stderr)


def load_rows(rdir):
    p = os.path.join(rdir, "summary.csv")
    if not os.path.exists(p):
        raise SystemExit("plot: %s missing; run scripts/collect.py %s first" % (p, rdir))
    rows = []
    with open(p) as f:
        for r in csv.DictReader(f):
            for k in ("accuracy", "served_fraction", "upper_bound", "gap", "wall_s", "acc_pct_of_exact",
                      "time_pct_of_exact", "acc_pct_of_bound"):
                r[k] = float(r[k]) if r[k] not in ("", None) else math.nan
            for k in ("seed", "edges", "clients", "tasks", "models", "K", "batching", "ranks"):
                r[k] = int(r[k]) if r[k] not in ("", None) else -1
            rows.append(r)
    return rows


def ordered(methods):
    return sorted(methods, key=lambda m: (METHOD_ORDER.index(m) if m in METHOD_ORDER else 99, m))


def plain_log(axis, values):
    """Tick labels like 0.05, 2, 300 on a log axis instead of 5x10^-2; minor ones only within one decade."""
    f = matplotlib.ticker.FuncFormatter(lambda v, _: "%g" % v)
    axis.set_major_formatter(f)
    v = [x for x in values if x > 0 and math.isfinite(x)]
    narrow = v and max(v) / min(v) < 10
    axis.set_minor_formatter(f if narrow else matplotlib.ticker.NullFormatter())


def save(fig, out, name):
    p = os.path.join(out, name)
    fig.tight_layout()
    fig.savefig(p, dpi=120)
    plt.close(fig)
    print("plot: wrote " + p)


def grouped_box(rows, col, ylabel, title, out, name, logy=False, ref=None):
    """Box per method, batching off and on side by side."""
    rows = [r for r in rows if r["family"] in ("paper", "paper-batch") and math.isfinite(r[col])]
    methods = ordered({r["method"] for r in rows if r["method"] != "exact"})
    if not methods:
        note("%s: no runs with %s (needs exact runs on the same instances), skipped" % (name, col))
        return
    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(methods) + 2), 4.5))
    colors = {0: "#4c72b0", 1: "#dd8452"}
    handles = []
    for b, off in ((0, -0.2), (1, 0.2)):
        data = [[r[col] for r in rows if r["method"] == m and r["batching"] == b] for m in methods]
        pos = [i + off for i, d in enumerate(data) if d]
        data = [d for d in data if d]
        if not data:
            continue
        bp = ax.boxplot(data, positions=pos, widths=0.35, patch_artist=True, showmeans=True,
                        meanprops=dict(marker="^", markerfacecolor="white", markeredgecolor="black", markersize=5))
        for patch in bp["boxes"]:
            patch.set_facecolor(colors[b])
        handles.append((bp["boxes"][0], "batching %s (n=%d seeds/method)" % ("on" if b else "off", len(data[0]))))
    if ref is not None:
        ax.axhline(ref, color="gray", linestyle="--", linewidth=1)
    ax.set_xticks(range(len(methods)))
    ax.set_xticklabels(methods)
    ax.set_xlim(-0.6, len(methods) - 0.4)
    if logy:
        ax.set_yscale("log")
        plain_log(ax.yaxis, [r[col] for r in rows] + ([ref] if ref else []))
    ax.set_xlabel("method")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    ax.legend([h for h, _ in handles], [l for _, l in handles], loc="best", fontsize=8)
    save(fig, out, name)


def scaling(rows, out):
    rows = [r for r in rows if r["family"] == "scale" and math.isfinite(r["wall_s"])]
    if not rows:
        note("scaling.png: no family=scale runs, skipped")
        return
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    markers = {"j3o": "o", "exact": "s", "bound": "^"}
    for m in ordered({r["method"] for r in rows}):
        sel = [r for r in rows if r["method"] == m]
        ns = sorted({r["clients"] for r in sel})
        med = [float(np.median([r["wall_s"] for r in sel if r["clients"] == n])) for n in ns]
        lab = m
        tl = sum(r["status"] == "time_limit" for r in sel)
        if tl:
            lab += " (%d at time limit)" % tl
        ax.plot(ns, med, marker=markers.get(m, "x"), label=lab)
    ax.set_xscale("log")
    ax.set_yscale("log")
    allx = sorted({r["clients"] for r in rows})
    ax.set_xticks(allx)
    plain_log(ax.xaxis, [1, 100])
    plain_log(ax.yaxis, [r["wall_s"] for r in rows])
    ax.set_xlabel("clients (100 per edge server)")
    ax.set_ylabel("wall time (s), median over seeds")
    ax.set_title("Scaling of solve time with the number of clients")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(title="method")
    save(fig, out, "scaling.png")


def scenarios(rows, out):
    """Runs on given instances (no family): accuracy and served fraction per run, its scales under the name."""
    rows = sorted((r for r in rows if r["family"] == "" and math.isfinite(r["accuracy"])), key=lambda r: r["run"])
    if not rows:
        note("scenarios.png: no runs with instance=, skipped")
        return
    scaled = sorted(k for k in rows[0] if k.startswith("scale:"))
    labels = []
    for r in rows:
        f = ["%s x%g" % (k.split("/")[-1], float(r[k])) for k in scaled if float(r[k]) != 1]
        labels.append("\n".join([r["run"] + " (" + r["method"] + ")"] + f))
    x = np.arange(len(rows))
    fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(rows) + 2), 4.8))
    ax.bar(x - 0.2, [r["accuracy"] for r in rows], 0.4, label="accuracy (weighted, docs/formulation.md)")
    ax.bar(x + 0.2, [r["served_fraction"] for r in rows], 0.4, label="served fraction (weighted)")
    for i, r in enumerate(rows):
        ax.text(i - 0.2, r["accuracy"] + 0.01, "%.3f" % r["accuracy"], ha="center", fontsize=8)
    ax.set_xticks(x)
    ax.set_xticklabels(labels, fontsize=8)
    ax.set_ylim(0, 1.2)
    ax.set_xlabel("run (scaled datasets and factors)")
    ax.set_ylabel("fraction of the weighted demand")
    ax.set_title("What-if scenarios: accuracy and served fraction per run")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, loc="upper center", ncol=2)
    save(fig, out, "scenarios.png")


def pick(rows, rdir, method, key):
    """A result file of `method`, preferring the largest paper instance, then by `key`."""
    cand = [r for r in rows if r["method"] == method]
    cand.sort(key=lambda r: (r["family"] != "paper-batch", r["family"] == "scale", -r["clients"], r["seed"], r["run"]))
    for r in cand:
        p = os.path.join(rdir, r["run"] + ".h5")
        if os.path.exists(p) and key(p):
            return p
    return None


def trace_length(p):
    """Number of iterations with a finite dual value in a result's /trace (0 if none)."""
    try:
        tr = j3o.read_result(p).trace
    except (OSError, KeyError, ValueError):
        return 0
    return int(np.isfinite(tr["dual_value"]).sum()) if "dual_value" in tr else 0


def longest_trace(rows, rdir):
    """The j3o result with the most iterations (the most instructive convergence), paper families first."""
    best, best_len = None, 0
    for r in rows:
        if r["method"] != "j3o":
            continue
        p = os.path.join(rdir, r["run"] + ".h5")
        n = trace_length(p) + (0.5 if r["family"] != "scale" else 0)
        if n > best_len and n >= 1:
            best, best_len = p, n
    return best


def convergence(path, out):
    res = j3o.read_result(path)
    tr, acc = res.trace, res.summary["accuracy"]
    it = np.arange(1, len(tr["dual_value"]) + 1)
    fig, ax = plt.subplots(figsize=(7, 5.5))
    ax.plot(it, tr["dual_value"], marker="o", label="dual value (upper bound at this price)")
    if "best_primal" in tr:
        bp = np.where(np.isfinite(tr["best_primal"]), tr["best_primal"], np.nan)
        ax.plot(it, bp, marker="s", label="best primal (feasible accuracy so far)")
    ax.axhline(acc, color="gray", linestyle="--", linewidth=1, label="final accuracy %.4f" % acc)
    ax.set_xlabel("coordinator iteration")
    ax.set_ylabel("normalized weighted accuracy")
    ax.set_title("Dual convergence: %s" % os.path.basename(path))
    ax.grid(alpha=0.3)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    handles, labels = ax.get_legend_handles_labels()
    if "mu_F" in tr and "mu_B" in tr:
        ax2 = ax.twinx()
        ax2.plot(it, tr["mu_F"], color="tab:green", alpha=0.6, linestyle=":", marker=".", label="mu_F (price of cloud GFLOP/s)")
        ax2.plot(it, tr["mu_B"], color="tab:red", alpha=0.6, linestyle=":", marker=".", label="mu_B (price of cloud MB/s)")
        ax2.set_ylabel("dual prices (right axis)")
        h2, l2 = ax2.get_legend_handles_labels()
        handles, labels = handles + h2, labels + l2
    # one legend under the axes so it never hides a curve
    ax.legend(handles, labels, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2)
    save(fig, out, "convergence.png")


def utilization(path, out):
    """Used / capacity for each resource of constraints 3-10 (docs/formulation.md), from the instance and the result."""
    res = j3o.read_result(path)
    ipath = res.instance
    if not os.path.exists(ipath):
        ipath = os.path.join(os.path.dirname(path), "instances", os.path.basename(ipath))
    inst = j3o.read_instance(ipath)
    p = os.path.join(out, "utilization.png")
    j3o.report.utilization_png(inst, res, p, title="Resource utilization: %s (%s, %d edges, %d clients)"
                               % (os.path.basename(path), res.method, inst.E, inst.N))
    print("plot: wrote " + p)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", help="results/<sweep> holding summary.csv")
    ap.add_argument("--out", help="output directory (default DIR/plots)")
    ap.add_argument("--trace", help="j3o result whose /trace to plot (default: one from the sweep)")
    ap.add_argument("--util", help="result whose utilization to plot (default: a j3o result from the sweep)")
    a = ap.parse_args()
    rdir = a.dir.rstrip("/")
    out = a.out or os.path.join(rdir, "plots")
    os.makedirs(out, exist_ok=True)
    rows = load_rows(rdir)

    grouped_box(rows, "acc_pct_of_exact", "accuracy (% of exact optimum)",
                "Accuracy relative to the exact MILP, over seeds", out, "accuracy_pct_of_exact.png", ref=100)
    grouped_box(rows, "time_pct_of_exact", "wall time (% of exact, log scale)",
                "Solve time relative to the exact MILP, over seeds", out, "time_pct_of_exact.png", logy=True, ref=100)
    scaling(rows, out)
    scenarios(rows, out)
    tr = a.trace or longest_trace(rows, rdir)
    if tr:
        convergence(tr, out)
    else:
        note("convergence.png: no j3o result with /trace/dual_value, skipped")
    ut = a.util or pick(rows, rdir, "j3o", os.path.exists) or pick(rows, rdir, "exact", os.path.exists)
    if ut:
        utilization(ut, out)
    else:
        note("utilization.png: no j3o or exact result, skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
