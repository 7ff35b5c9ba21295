"""The deployment format: a folder of CSV files (RFC 4180, UTF-8, header row), read and written.

    system.csv   key,value: cloud_gflops, cloud_ingress_mb_s, rho, duty_cycles_s, name (optional)
    tasks.csv    name,input_mb,deadline_s,weight
    models.csv   name,memory_mb,gflop_fixed,gflop_per_query,cloud
    accuracy.csv model,task,accuracy          (pairs not listed: 0)
    edges.csv    name,memory_mb,gflops,cell_mb_s,backhaul_mb_s,cloud_latency_s
    clients.csv  name,edge,memory_mb,gflops,uplink_mb_s
    demand.csv   client,task,qps              (pairs not listed: 0)
"""
import csv
import os
import re
import shutil

import pandas as pd

from . import tables as builder
from .files import temp_beside
from .issues import DeploymentError, Issue

TABLES = ["system", "tasks", "models", "accuracy", "edges", "clients", "demand"]
COLUMNS = {"system": ["key", "value"], **{t: [c for c, _ in cols] for t, cols in builder.SCHEMA.items()}}


def read_table(path):
    """A CSV file as a DataFrame of text cells plus `_line` (the line its record starts on), or an Issue.

    Blank lines are skipped; a record with more or fewer fields than the header is an Issue."""
    fname = os.path.basename(path)
    with open(path, "rb") as f:
        raw = f.read()
    try:
        body = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return None, [Issue(fname, raw[:e.start].count(b"\n") + 1, "file", "not UTF-8 text")]
    issues = []
    rdr = csv.reader(body.splitlines(keepends=True), strict=True)
    header, rows, lines = None, [], []
    prev = 0
    try:
        for rec in rdr:
            start, prev = prev + 1, rdr.line_num
            if not rec or all(c.strip() == "" for c in rec):
                continue
            if header is None:
                header = [c.strip() for c in rec]
                continue
            if len(rec) != len(header):
                issues.append(Issue(fname, start, "row", "has %d fields, the header has %d" % (len(rec), len(header))))
                continue
            rows.append(rec)
            lines.append(start)
    except csv.Error as e:
        issues.append(Issue(fname, rdr.line_num, "file", "not valid CSV: %s" % e))
    if header is None:
        issues.append(Issue(fname, None, "file", "empty (no header row)"))
        return None, issues
    dup = [c for i, c in enumerate(header) if c in header[:i]]
    for c in dup:
        issues.append(Issue(fname, 1, c, "column given twice"))
    if dup:
        return None, issues
    df = pd.DataFrame(rows, columns=header, dtype=object)
    df["_line"] = lines
    return df, issues


def read_tables(directory):
    """{table: DataFrame or None} and the file-level errors of a deployment folder."""
    tables, errors = {}, []
    for t in TABLES:
        p = os.path.join(directory, t + ".csv")
        if not os.path.exists(p):
            tables[t] = None
            continue
        tables[t], issues = read_table(p)
        errors += issues
        if tables[t] is None:
            tables[t] = builder.UNREADABLE  # reported; the other files are still checked
    return tables, errors


def default_name(directory):
    """An ASCII instance name from the folder's name."""
    base = os.path.basename(os.path.abspath(directory))
    return re.sub(r"[^A-Za-z0-9._+-]", "_", base) or "deployment"


def read(directory):
    """(Instance, warnings) from a deployment folder; raises DeploymentError with every error."""
    if not os.path.isdir(directory):
        raise DeploymentError([Issue(directory, None, "folder", "not a directory")])
    tables, errors = read_tables(directory)
    try:
        inst, warnings = builder.build(tables, default_name(directory))
    except DeploymentError as e:
        raise DeploymentError(errors + e.errors, e.warnings)
    if errors:
        raise DeploymentError(errors, warnings)
    return inst, warnings


def num(x):
    """Shortest text that reads back as the same f64 (repr round-trips every finite double)."""
    return repr(float(x))


def _keep(x):
    """Whether a sparse cell (accuracy, demand) must be listed: anything but +0.0 (so -0.0 survives)."""
    return x != 0 or str(float(x)).startswith("-")


def tables_of(inst):
    """The deployment tables of an instance as lists of rows (header first). Unnamed edges and clients
    are named by index (`edge-3`, `client-17`)."""
    en = inst.edge_name if inst.edge_name is not None else ["edge-%d" % e for e in range(inst.E)]
    cn = inst.client_name if inst.client_name is not None else ["client-%d" % n for n in range(inst.N)]
    t = {"system": [["key", "value"], ["name", inst.name], ["cloud_gflops", num(inst.cloud_gflops)],
                    ["cloud_ingress_mb_s", num(inst.cloud_ingress_mb_s)], ["rho", num(inst.rho)],
                    ["duty_cycles_s", " ".join(num(c) for c in inst.duty_cycles_s)]]}
    t["tasks"] = [COLUMNS["tasks"]] + [[inst.task_name[k], num(inst.input_mb[k]), num(inst.deadline_s[k]),
                                        num(inst.weight[k])] for k in range(inst.T)]
    t["models"] = [COLUMNS["models"]] + [[inst.model_name[m], num(inst.memory_mb[m]), num(inst.gflop_fixed[m]),
                                          num(inst.gflop_per_query[m]), str(int(inst.cloud[m]))] for m in range(inst.M)]
    t["accuracy"] = [COLUMNS["accuracy"]] + [[inst.model_name[m], inst.task_name[k], num(inst.accuracy[m, k])]
                                             for m in range(inst.M) for k in range(inst.T) if _keep(inst.accuracy[m, k])]
    t["edges"] = [COLUMNS["edges"]] + [[en[e], num(inst.edge_memory_mb[e]), num(inst.edge_gflops[e]),
                                        num(inst.edge_cell_mb_s[e]), num(inst.edge_backhaul_mb_s[e]),
                                        num(inst.edge_cloud_latency_s[e])] for e in range(inst.E)]
    t["clients"] = [COLUMNS["clients"]] + [[cn[n], en[inst.client_edge[n]], num(inst.client_memory_mb[n]),
                                            num(inst.client_gflops[n]), num(inst.client_uplink_mb_s[n])]
                                           for n in range(inst.N)]
    t["demand"] = [COLUMNS["demand"]] + [[cn[n], inst.task_name[k], num(inst.demand[n, k])]
                                         for n in range(inst.N) for k in range(inst.T) if _keep(inst.demand[n, k])]
    return t


def write(inst, directory):
    """Writes the seven CSV files into directory (created if needed); each file is replaced atomically."""
    os.makedirs(directory, exist_ok=True)
    for name, rows in tables_of(inst).items():
        path = os.path.join(directory, name + ".csv")
        tmp = temp_beside(path)
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\r\n").writerows(rows)
        os.replace(tmp, path)


def copy(src, dst):
    """Copies a deployment folder's CSV files (for edits that leave the original untouched)."""
    os.makedirs(dst, exist_ok=True)
    for t in TABLES:
        p = os.path.join(src, t + ".csv")
        if os.path.exists(p):
            shutil.copyfile(p, os.path.join(dst, t + ".csv"))
