"""A result read with names: a printed summary and, in a folder, CSV tables, summary.json and two figures."""
import json
import math
import os

import numpy as np

from . import result as R
from . import usage as U

UNITS = {"client_memory_mb": "MB", "client_gflops": "GFLOP/s", "client_uplink_mb_s": "MB/s",
         "edge_memory_mb": "MB", "edge_gflops": "GFLOP/s", "cell_mb_s": "MB/s", "backhaul_mb_s": "MB/s",
         "cloud_gflops": "GFLOP/s", "cloud_ingress_mb_s": "MB/s"}


def _num(v):
    return None if v is None or (isinstance(v, float) and not math.isfinite(v)) else v


def summary(inst, res, tightest=10):
    """The report's content as a JSON-ready dict."""
    tasks = R.per_task(inst, res)
    util = U.table(inst, res).dropna(subset=["utilization"])
    top = util.sort_values("utilization", ascending=False, kind="stable").head(tightest)
    s = res.summary
    replan = {}
    if res.previous_sha256:  # a re-plan: its previous plan, budgets and churn (the models loaded need that plan)
        replan = {"previous": res.previous, "previous_sha256": res.previous_sha256,
                  "swap_budget_mb": _num(res.swap_budget_mb), "swap_budget_total_mb": _num(res.swap_budget_total_mb),
                  "churn_mb": _num(res.churn_total_mb)}
    return {
        "instance": inst.name, "instance_sha256": res.instance_sha256, "method": res.method, "ranks": res.ranks,
        "status": s["status"], "accuracy": _num(s["accuracy"]), "served_fraction": _num(s["served_fraction"]),
        "upper_bound": _num(s["upper_bound"]), "gap": _num(s["gap"]), "wall_s": _num(s["wall_s"]),
        "tasks": inst.T, "models": inst.M, "edges": inst.E, "clients": inst.N,
        "demand_qps": float(inst.demand.sum()),
        "dropped_qps": float(R.dropped(inst, res)["qps"].sum()),
        "per_task": [{k: _num(v) for k, v in r.items()} for r in tasks.to_dict("records")],
        "tightest": [{"resource": r["resource"], "entity": r["entity"], "used": r["used"], "capacity": r["capacity"],
                      "utilization": r["utilization"]} for r in top.to_dict("records")],
        **replan,
    }


# the printed name of each resource: bin/j3o's summary wording (the CSV and JSON keep the ids)
LABELS = {k: label.replace("\n", " ") for k, _, label in U.RESOURCES}


def _pct(v):
    return "-" if v is None else "%.2f %%" % (100 * v)


def text(summ):
    """The printed summary."""
    s = summ
    out = ["instance %s: %d tasks, %d models, %d edges, %d clients; method %s (%s), %d rank(s), %.3g s"
           % (s["instance"], s["tasks"], s["models"], s["edges"], s["clients"], s["method"], s["status"],
              s["ranks"], s["wall_s"] or 0),
           "accuracy        %.6f" % s["accuracy"],
           "served fraction %.6f (%.4g of %.4g queries/s dropped)" % (s["served_fraction"], s["dropped_qps"], s["demand_qps"]),
           "upper bound     %s" % ("-" if s["upper_bound"] is None else "%.6f" % s["upper_bound"]),
           "gap             %s" % _pct(s["gap"])]
    if "churn_mb" in s:
        budgets = ", ".join("%s %g MB" % (k, s[k]) for k in ("swap_budget_mb", "swap_budget_total_mb") if s[k] is not None)
        out.append("churn           %s MB loaded that %s did not hold (%s)" % (
            "-" if s["churn_mb"] is None else "%.1f" % s["churn_mb"], s["previous"], budgets or "no budget"))
    out += ["",
            "%-24s %12s %10s %14s" % ("task", "demand q/s", "served", "mean accuracy")]
    for t in s["per_task"]:
        out.append("%-24s %12.4g %10s %14s" % (t["task"], t["demand_qps"], _pct(t["served_fraction"]),
                                               "-" if t["mean_accuracy"] is None else "%.4f" % t["mean_accuracy"]))
    out += ["", "tightest resources (used / capacity; compute against rho x capacity):"]
    for r in s["tightest"]:
        out.append("  %-20s %-24s %7.2f %%  (%.4g of %.4g %s)" % (LABELS[r["resource"]], r["entity"], 100 * r["utilization"],
                                                                 r["used"], r["capacity"], UNITS[r["resource"]]))
    return "\n".join(out)


def _write_csv(df, path):
    tmp = path + ".tmp"
    df.to_csv(tmp, index=False)
    os.replace(tmp, path)


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _save(plt, fig, ax, path, legend_at):
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, loc=legend_at)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def utilization_png(inst, res, path, title=None):
    plt = _pyplot()
    rat = U.ratios(U.usage(inst, res))
    series = [(label, rat[k]) for k, _, label in U.RESOURCES if rat[k].size]
    fig, ax = plt.subplots(figsize=(9, 4.8))
    ax.boxplot([v for _, v in series], labels=[n for n, _ in series], showmeans=True, whis=(0, 100))
    for i, (_, v) in enumerate(series):
        ax.scatter(np.full(v.size, i + 1) + np.random.default_rng(i).uniform(-0.12, 0.12, v.size), v,
                   s=6, alpha=0.35, color="tab:blue", zorder=3)
    ax.axhline(1.0, color="red", linestyle="--", linewidth=1, label="capacity (compute: rho x capacity)")
    ax.set_ylim(-0.03, max(1.1, max(float(v.max()) for _, v in series) * 1.05))
    ax.set_ylabel("utilization (used / capacity)")
    ax.set_xlabel("resource (box over clients / edges; cloud is one value)")
    ax.set_title(title or "Resource utilization: %s (%s, %d edges, %d clients)" % (inst.name, res.method, inst.E, inst.N))
    _save(plt, fig, ax, path, "upper right")


def tasks_png(inst, res, path):
    plt = _pyplot()
    t = R.per_task(inst, res)
    x = np.arange(inst.T)
    fig, ax = plt.subplots(figsize=(max(5, 1.2 * inst.T + 2), 4.5))
    ax.bar(x - 0.2, 100 * t["served_fraction"].fillna(0), 0.4, label="served (% of the task's queries/s)")
    ax.bar(x + 0.2, 100 * t["mean_accuracy"].fillna(0), 0.4, label="mean accuracy of served queries (%)")
    ax.set_xticks(x)
    ax.set_xticklabels(inst.task_name, rotation=20 if inst.T > 4 else 0)
    ax.set_ylim(0, 110)
    ax.set_xlabel("task")
    ax.set_ylabel("percent")
    ax.set_title("Served fraction and accuracy per task: %s (%s)" % (inst.name, res.method))
    _save(plt, fig, ax, path, "lower right")


FILES = ["placement.csv", "routes.csv", "dropped.csv", "utilization.csv", "summary.json", "utilization.png",
         "tasks.png"]


def write(inst, res, out):
    """placement.csv, routes.csv, dropped.csv, utilization.csv, summary.json, utilization.png, tasks.png."""
    os.makedirs(out, exist_ok=True)
    _write_csv(R.placement(inst, res), os.path.join(out, "placement.csv"))
    _write_csv(R.routes(inst, res), os.path.join(out, "routes.csv"))
    _write_csv(R.dropped(inst, res), os.path.join(out, "dropped.csv"))
    _write_csv(U.table(inst, res), os.path.join(out, "utilization.csv"))
    tmp = os.path.join(out, "summary.json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(summary(inst, res), f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, os.path.join(out, "summary.json"))
    utilization_png(inst, res, os.path.join(out, "utilization.png"))
    tasks_png(inst, res, os.path.join(out, "tasks.png"))
