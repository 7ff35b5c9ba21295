"""Warnings on likely mistakes in an instance: valid data that probably does not mean what is meant."""
import numpy as np

from .issues import Issue

FILES = {"task": "tasks.csv", "model": "models.csv", "edge": "edges.csv", "client": "clients.csv"}
EDGE_MIN_MB = 64.0    # an edge server with less memory: probably entered in GB
MODEL_MIN_MB = 0.1    # a model with less memory: probably entered in GB


def _issue(where, kind, i, column, rule, value=None):
    lines = (where or {}).get(kind)
    return Issue(FILES[kind], lines[i] if lines else None, column, rule, value)


def reachable(inst, t):
    """Per client: does any route of task t (local, edge or cloud) meet rule 11 and fit in memory?"""
    a = inst.accuracy[:, t] > 0
    g = inst.gflop_fixed + inst.gflop_per_query
    D, d = inst.deadline_s[t], inst.input_mb[t]
    Fn, Sn, r = inst.client_gflops, inst.client_memory_mb, inst.client_uplink_mb_s
    e = inst.client_edge
    local = (a[None, :] & (inst.memory_mb[None, :] <= Sn[:, None]) & (Fn[:, None] > 0)
             & (g[None, :] / np.where(Fn > 0, Fn, 1)[:, None] <= D)).any(axis=1)
    Fe, Se = inst.edge_gflops[e], inst.edge_memory_mb[e]
    up = np.where(r > 0, d / np.where(r > 0, r, 1), np.inf)
    if inst.K > 0:
        lat = up[:, None] + 2 * inst.duty_cycles_s.min() + 0 * g[None, :]
    else:
        lat = up[:, None] + g[None, :] / np.where(Fe > 0, Fe, 1)[:, None]
    edge = (a[None, :] & (inst.memory_mb[None, :] <= Se[:, None]) & (Fe[:, None] > 0) & (lat <= D)).any(axis=1)
    cloud = np.zeros(inst.N, dtype=bool)
    if inst.cloud_model()[t] >= 0:
        cloud = up + inst.edge_cloud_latency_s[e] <= D
    return local | edge | cloud


def likely_mistakes(inst, where=None):
    """Warnings as Issues; `where` maps task/model/edge/client to the file lines of the entities."""
    out = []
    s = inst.memory_mb
    biggest = max([0.0] + list(inst.edge_memory_mb) + list(inst.client_memory_mb))
    cm = inst.cloud_model()
    for t, tn in enumerate(inst.task_name):
        a = inst.accuracy[:, t] > 0
        if not (a & (s <= biggest)).any() and cm[t] < 0:
            out.append(_issue(where, "task", t, "name", 'no model can serve task "%s" anywhere (no model with '
                              'accuracy > 0 fits a device or runs in the cloud)' % tn))
        elif inst.N and not reachable(inst, t).any():
            out.append(_issue(where, "task", t, "deadline_s", 'every route of task "%s" misses its deadline (or does '
                              'not fit) for every client' % tn, repr(float(inst.deadline_s[t]))))
    for m, mn in enumerate(inst.model_name):
        if s[m] < MODEL_MIN_MB:
            out.append(_issue(where, "model", m, "memory_mb", 'model "%s" below %g MB: entered in GB?' % (mn, MODEL_MIN_MB),
                              repr(float(s[m]))))
        if s[m] > biggest:
            out.append(_issue(where, "model", m, "memory_mb", 'model "%s" fits on no client or edge%s' % (
                mn, " (only the cloud runs it)" if inst.cloud[m] else ""), repr(float(s[m]))))
    smallest = float(s.min()) if inst.M else 0.0
    for kind, mem in (("edge", inst.edge_memory_mb), ("client", inst.client_memory_mb)):
        label = inst.edge_label if kind == "edge" else inst.client_label
        for i, v in enumerate(mem):
            if kind == "edge" and 0 < v < EDGE_MIN_MB:
                out.append(_issue(where, kind, i, "memory_mb", 'edge "%s" below %g MB: entered in GB?' % (label(i), EDGE_MIN_MB),
                                  repr(float(v))))
            elif 0 < v < smallest:
                out.append(_issue(where, kind, i, "memory_mb", '%s "%s" has less memory than every model (smallest %r MB)'
                                  % (kind, label(i), smallest), repr(float(v))))
    return out
