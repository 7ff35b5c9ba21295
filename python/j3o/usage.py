"""Use and capacity of every resource of constraints 3-10 (docs/formulation.md) under a result."""
import numpy as np
import pandas as pd

# (resource, entity kind, label for plots) in constraint order
RESOURCES = [("client_memory_mb", "client", "client\nmemory"), ("client_gflops", "client", "client\ncompute"),
             ("client_uplink_mb_s", "client", "client\nuplink"), ("edge_memory_mb", "edge", "edge\nmemory"),
             ("edge_gflops", "edge", "edge\ncompute"), ("cell_mb_s", "edge", "cell\nuplink"),
             ("backhaul_mb_s", "edge", "backhaul"), ("cloud_gflops", "cloud", "cloud\ncompute"),
             ("cloud_ingress_mb_s", "cloud", "cloud\ningress")]


def usage(inst, res):
    """{resource: (used [n], capacity [n])}; compute capacities are rho x capacity (constraints 4, 5, 9)."""
    x = res.onload_client.astype(float)
    y = res.onload_edge.astype(float)
    cyc = res.duty_cycle_s
    cl, ta, ro, mo, fr = res.client, res.task, res.route, res.model, res.fraction
    d, s, g0, g1 = inst.input_mb, inst.memory_mb, inst.gflop_fixed, inst.gflop_per_query
    N, E, rho = inst.N, inst.E, inst.rho
    q = inst.demand[cl, ta] * fr   # queries/s on each route row
    mb = q * d[ta]                 # MB/s it sends
    loc, edg, cld = ro == 0, ro == 1, ro == 2
    gm = g0 + g1
    ecl = inst.client_edge[cl]
    if inst.K > 0:   # batching: one g0 per resident model and cycle, plus g1 per query
        fixed = np.where(cyc > 0, (y @ g0) / np.where(cyc > 0, cyc, 1), 0.0)
        ecpu = fixed + np.bincount(ecl[edg], q[edg] * g1[mo[edg]], E)
    else:
        ecpu = np.bincount(ecl[edg], q[edg] * gm[mo[edg]], E)
    return {
        "client_memory_mb": (x @ s, inst.client_memory_mb),
        "client_gflops": (np.bincount(cl[loc], q[loc] * gm[mo[loc]], N), rho * inst.client_gflops),
        "client_uplink_mb_s": (np.bincount(cl[~loc], mb[~loc], N), inst.client_uplink_mb_s),
        "edge_memory_mb": (y @ s, inst.edge_memory_mb),
        "edge_gflops": (ecpu, rho * inst.edge_gflops),
        "cell_mb_s": (np.bincount(ecl[~loc], mb[~loc], E), inst.edge_cell_mb_s),
        "backhaul_mb_s": (np.bincount(ecl[cld], mb[cld], E), inst.edge_backhaul_mb_s),
        "cloud_gflops": (np.array([np.sum(q[cld] * gm[mo[cld]])]), np.array([rho * inst.cloud_gflops])),
        "cloud_ingress_mb_s": (np.array([np.sum(mb[cld])]), np.array([inst.cloud_ingress_mb_s])),
    }


def ratios(u):
    """{resource: used / capacity} over the entities with positive capacity."""
    out = {}
    for k, (used, cap) in u.items():
        cap = np.asarray(cap, dtype=float)
        ok = cap > 0
        out[k] = used[ok] / cap[ok]
    return out


def table(inst, res):
    """resource, entity, used, capacity, utilization (NaN where the capacity is 0) for every entity."""
    u = usage(inst, res)
    frames = []
    for k, kind, _ in RESOURCES:
        used, cap = u[k]
        ent = ([inst.client_label(i) for i in range(inst.N)] if kind == "client" else
               [inst.edge_label(i) for i in range(inst.E)] if kind == "edge" else ["cloud"])
        with np.errstate(invalid="ignore", divide="ignore"):
            util = np.where(cap > 0, used / np.where(cap > 0, cap, 1), np.nan)
        frames.append(pd.DataFrame({"resource": k, "entity": ent, "used": used, "capacity": cap, "utilization": util}))
    return pd.concat(frames, ignore_index=True)
