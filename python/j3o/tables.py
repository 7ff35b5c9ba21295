"""An Instance from tables: pandas DataFrames, lists of row dicts, or dicts of columns.

Tables and columns are those of the deployment format (docs/deployments.md). Every value is
checked against the instance file's rules; all errors are collected and raised together as a
DeploymentError. Clients are sorted by edge (stable), an edge without clients is dropped with a
warning, numbers become f64. Values may be numbers or text (a decimal or integer literal).
"""
import math
import re

import numpy as np
import pandas as pd

from . import advice
from .instance import Instance
from .issues import DeploymentError, Issue

# rule kinds: name (unique, non-empty), ascii-name (also ASCII), >0, >=0, [0,1], 01, ref:<table>
SCHEMA = {
    "tasks": [("name", "ascii-name"), ("input_mb", ">0"), ("deadline_s", ">0"), ("weight", ">0")],
    "models": [("name", "ascii-name"), ("memory_mb", ">0"), ("gflop_fixed", ">=0"),
               ("gflop_per_query", ">0"), ("cloud", "01")],
    "accuracy": [("model", "ref:models"), ("task", "ref:tasks"), ("accuracy", "[0,1]")],
    "edges": [("name", "name"), ("memory_mb", ">=0"), ("gflops", ">=0"), ("cell_mb_s", ">=0"),
              ("backhaul_mb_s", ">=0"), ("cloud_latency_s", ">=0")],
    "clients": [("name", "name"), ("edge", "ref:edges"), ("memory_mb", ">=0"), ("gflops", ">=0"),
                ("uplink_mb_s", ">=0")],
    "demand": [("client", "ref:clients"), ("task", "ref:tasks"), ("qps", ">=0")],
}
# system.csv keys: rule, required
SYSTEM = {"cloud_gflops": (">=0", True), "cloud_ingress_mb_s": (">=0", True), "rho": ("(0,1]", True),
          "duty_cycles_s": ("cycles", False), "name": ("ascii-name", False)}
# the order tables are checked in (references point backwards)
ORDER = ["system", "tasks", "models", "accuracy", "edges", "clients", "demand"]
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
MAX_NAME = 255  # bytes, the instance file's string limit
RULE_TEXT = {">0": "must be > 0", ">=0": "must be >= 0", "[0,1]": "must be in [0, 1]", "(0,1]": "must be in (0, 1]"}
UNREADABLE = "unreadable"  # a table whose file is reported as unreadable: checked no further
SINGULAR = {"tasks": "task", "models": "model", "edges": "edge", "clients": "client"}


def _missing(v):
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and v.strip() == "")


def _shown(v):
    return v if isinstance(v, str) else repr(v)


def parse_number(v):
    """(float, None) or (None, rule): text must be a decimal or integer literal, numbers finite."""
    if _missing(v):
        return None, "missing value"
    if isinstance(v, (bool, np.bool_)):
        return None, "must be a number"
    if isinstance(v, str):
        s = v.strip()
        if not NUMBER.match(s):
            return None, "must be a number"
        x = float(s)
    elif isinstance(v, (int, float, np.integer, np.floating)):
        x = float(v)
    else:
        return None, "must be a number"
    if not math.isfinite(x):
        return None, "must be a finite number"
    return x, None


def check_value(kind, v):
    """(parsed value, None) or (None, rule) for one cell of rule `kind`."""
    if kind in ("name", "ascii-name") or kind.startswith("ref:"):
        if _missing(v):
            return None, "missing value" if kind.startswith("ref:") else "must be a non-empty name"
        s = str(v)
        if kind == "ascii-name" and not s.isascii():
            return None, "must be ASCII (task and model names are stored as ASCII)"
        if len(s.encode("utf-8")) > MAX_NAME:
            return None, "longer than %d bytes" % MAX_NAME
        return s, None
    if kind == "01":
        x, why = parse_number(v)
        if why is None and x not in (0.0, 1.0):
            why = "must be 0 or 1"
        return (None, why) if why else (int(x), None)
    if kind == "cycles":
        if _missing(v):
            return [], None
        out = []
        for part in (str(v).split() if isinstance(v, str) else list(np.atleast_1d(v))):
            x, why = parse_number(part)
            if why is None and not x > 0:
                why = "every duty cycle must be > 0"
            if why:
                return None, why
            out.append(x)
        if len(set(out)) != len(out):
            return None, "duty cycles must be distinct"
        return out, None
    x, why = parse_number(v)
    if why:
        return None, why
    ok = {">0": x > 0, ">=0": x >= 0, "[0,1]": 0 <= x <= 1, "(0,1]": 0 < x <= 1}[kind]
    return (x, None) if ok else (None, RULE_TEXT[kind])


def _records(table):
    """Rows of a table as (line, {column: value}) plus its columns; line numbers as a CSV file has them."""
    if table is None:
        return None, []
    if isinstance(table, pd.DataFrame):
        cols = [c for c in table.columns if c != "_line"]
        lines = table["_line"].tolist() if "_line" in table.columns else [i + 2 for i in range(len(table))]
        recs = table[cols].to_dict("records")
        return cols, list(zip(lines, recs))
    if isinstance(table, dict):  # dict of columns
        cols = list(table)
        n = max((len(v) for v in table.values()), default=0)
        return cols, [(i + 2, {c: table[c][i] for c in cols}) for i in range(n)]
    rows = list(table)  # list of row dicts; no rows: columns unknown (None)
    if not rows:
        return None, []
    cols = []
    for r in rows:
        cols += [c for c in r if c not in cols and c != "_line"]
    return cols, [(r.get("_line", i + 2), r) for i, r in enumerate(rows)]


def _system_records(table):
    """system as (line, key, value) triples; a plain {key: value} dict is accepted too."""
    if isinstance(table, dict) and not ("key" in table and "value" in table):
        return ["key", "value"], [(i + 2, k, v) for i, (k, v) in enumerate(table.items())]
    cols, recs = _records(table)
    return cols, [(line, r.get("key"), r.get("value")) for line, r in recs]


class _Builder:
    def __init__(self, tables):
        self.tables = tables
        self.errors, self.warnings = [], []
        self.rows = {}      # table -> list of (line, {column: parsed or None})
        self.index = {}     # table -> {name: row index}
        self.lines = {}     # table -> {name: line}

    def err(self, table, line, column, rule, value=None):
        self.errors.append(Issue(table + ".csv", line, column, rule, value))

    def warn(self, table, line, column, rule, value=None):
        self.warnings.append(Issue(table + ".csv", line, column, rule, value))

    def system(self):
        if self.tables.get("system") is None:
            self.errors.append(Issue("system.csv", None, "file", "missing (a deployment needs it)"))
            return {}
        if isinstance(self.tables["system"], str):
            return {}
        cols, recs = _system_records(self.tables["system"])
        for c in ("key", "value"):
            if c not in cols:
                self.err("system", 1, c, "missing column")
        if "key" not in cols or "value" not in cols:
            return {}
        for c in cols:
            if c not in ("key", "value"):
                self.warn("system", 1, c, "unknown column, ignored")
        out, seen = {}, {}
        for line, key, value in recs:
            key = "" if _missing(key) else str(key).strip()
            if key not in SYSTEM:
                self.warn("system", line, "key", "unknown key, ignored", key)
                continue
            if key in seen:
                self.err("system", line, key, "given twice (also on line %d)" % seen[key])
                continue
            seen[key] = line
            v, why = check_value(SYSTEM[key][0], value)
            if why:
                self.err("system", line, key, why, _shown(value))
            else:
                out[key] = v
        for key, (_, required) in SYSTEM.items():
            if required and key not in seen:
                self.err("system", None, key, "missing key (a row %s,VALUE)" % key)
        return out

    def table(self, name):
        t = self.tables.get(name)
        if isinstance(t, str) and t == UNREADABLE:
            self.rows[name] = []
            return
        if t is None:
            self.errors.append(Issue(name + ".csv", None, "file", "missing (a deployment needs it)"))
            self.rows[name] = []
            return
        schema = SCHEMA[name]
        cols, recs = _records(t)
        known = [c for c, _ in schema]
        cols = known if cols is None else cols
        miss = [c for c in known if c not in cols]
        for c in miss:
            self.err(name, 1, c, "missing column")
        for c in cols:
            if c not in known:
                self.warn(name, 1, str(c), "unknown column, ignored")
        if miss:  # rows not checked; references to this table not either (they would all fail)
            self.rows[name] = []
            return
        rows = []
        names, pairs = {}, {}
        for line, rec in recs:
            parsed = {}
            for c, kind in schema:
                v, why = check_value(kind, rec.get(c))
                if why:
                    self.err(name, line, c, why, _shown(rec.get(c)))
                elif kind.startswith("ref:"):
                    ref = kind[4:]
                    if v not in self.index.get(ref, {}):
                        if ref in self.index and v not in self.bad_names.get(ref, set()):
                            self.err(name, line, c, 'no %s named "%s"' % (SINGULAR[ref], v))
                        v = None
                parsed[c] = v
            if "name" in parsed and parsed["name"] is not None:
                n = parsed["name"]
                if n in names:
                    self.err(name, line, "name", 'must be unique ("%s" also on line %d)' % (n, names[n]))
                    parsed["name"] = None
                else:
                    names[n] = line
            if name in ("accuracy", "demand"):
                key = tuple(parsed[c] for c, _ in schema[:2])
                if None not in key:
                    if key in pairs:
                        self.err(name, line, schema[1][0], 'pair ("%s", "%s") given twice (also on line %d)'
                                 % (key + (pairs[key],)))
                    pairs[key] = line
            rows.append((line, parsed))
        if not recs and name not in ("accuracy", "demand"):
            self.err(name, None, "file", "has no rows")
        self.rows[name] = rows
        self.lines[name] = names
        self.index[name] = {n: i for i, n in enumerate(names)}
        # names rejected by their own rule (non-ASCII, too long): references to them are not reported again
        self.bad_names.setdefault(name, set()).update(
            str(rec.get("name")) for line, rec in recs if not _missing(rec.get("name")) and str(rec.get("name")) not in names)

    def build(self, name):
        self.bad_names = {}
        system = self.system()
        for t in ORDER[1:]:
            self.table(t)
        if self.errors:
            raise DeploymentError(self.errors, self.warnings)
        return self.assemble(system, name)

    def column(self, table, col):
        return np.array([r[col] for _, r in self.rows[table]], dtype=np.float64)

    def assemble(self, system, name):
        tasks, models = self.rows["tasks"], self.rows["models"]
        T, M = len(tasks), len(models)
        ti, mi = self.index["tasks"], self.index["models"]
        acc = np.zeros((M, T))
        for _, r in self.rows["accuracy"]:
            acc[mi[r["model"]], ti[r["task"]]] = r["accuracy"]
        # edges with clients, in file order; clients stably sorted by edge
        e_of = [self.index["edges"][r["edge"]] for _, r in self.rows["clients"]]
        used = sorted(set(e_of))
        for e, (line, r) in enumerate(self.rows["edges"]):
            if e not in set(used):
                self.warn("edges", line, "name", 'edge "%s" has no clients: left out of the instance' % r["name"])
        if not used:
            raise DeploymentError([Issue("clients.csv", None, "file", "has no rows")], self.warnings)
        new_e = {e: k for k, e in enumerate(used)}
        order = sorted(range(len(e_of)), key=lambda n: new_e[e_of[n]])
        clients = [self.rows["clients"][n] for n in order]
        N = len(clients)
        ci = {r["name"]: k for k, (_, r) in enumerate(clients)}
        dem = np.zeros((N, T))
        for _, r in self.rows["demand"]:
            dem[ci[r["client"]], ti[r["task"]]] = r["qps"]
        edges = [self.rows["edges"][e] for e in used]
        ecol = lambda c: np.array([r[c] for _, r in edges], dtype=np.float64)
        ccol = lambda c: np.array([r[c] for _, r in clients], dtype=np.float64)
        inst = Instance(
            name=system.get("name", name),
            task_name=[r["name"] for _, r in tasks], input_mb=self.column("tasks", "input_mb"),
            deadline_s=self.column("tasks", "deadline_s"), weight=self.column("tasks", "weight"),
            model_name=[r["name"] for _, r in models], memory_mb=self.column("models", "memory_mb"),
            gflop_fixed=self.column("models", "gflop_fixed"), gflop_per_query=self.column("models", "gflop_per_query"),
            accuracy=acc, cloud=np.array([r["cloud"] for _, r in models], dtype=np.uint8),
            edge_memory_mb=ecol("memory_mb"), edge_gflops=ecol("gflops"), edge_cell_mb_s=ecol("cell_mb_s"),
            edge_backhaul_mb_s=ecol("backhaul_mb_s"), edge_cloud_latency_s=ecol("cloud_latency_s"),
            client_edge=np.array([new_e[e_of[n]] for n in order], dtype=np.int32),
            client_memory_mb=ccol("memory_mb"), client_gflops=ccol("gflops"), client_uplink_mb_s=ccol("uplink_mb_s"),
            demand=dem, cloud_gflops=system["cloud_gflops"], cloud_ingress_mb_s=system["cloud_ingress_mb_s"],
            rho=system["rho"], duty_cycles_s=np.array(system.get("duty_cycles_s", []), dtype=np.float64),
            edge_name=[r["name"] for _, r in edges], client_name=[r["name"] for _, r in clients])
        where = {"task": [l for l, _ in tasks], "model": [l for l, _ in models],
                 "edge": [l for l, _ in edges], "client": [l for l, _ in clients]}
        self.warnings += advice.likely_mistakes(inst, where)
        return inst


def build(tables, name="deployment"):
    """(Instance, warnings) from tables keyed system, tasks, models, accuracy, edges, clients, demand.

    Raises DeploymentError listing every error (and the warnings found so far)."""
    b = _Builder(tables)
    inst = b.build(name)
    return inst, b.warnings
