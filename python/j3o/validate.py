"""An Instance checked against the rules j3o-import applies to a deployment (python/j3o/tables.py)."""
import numpy as np

from .instance import CLIENT_F64, EDGE_F64, MODEL_F64, SCALARS, TASK_F64
from .tables import RULE_TEXT, SCHEMA

# instance field -> rule kind, from the deployment tables' columns
_TABLE_OF = {"tasks": TASK_F64, "models": MODEL_F64, "edges": EDGE_F64, "clients": CLIENT_F64}
_SYSTEM = {"cloud_gflops": ">=0", "cloud_ingress_mb_s": ">=0", "rho": "(0,1]"}
_OK = {">0": lambda x: x > 0, ">=0": lambda x: x >= 0, "[0,1]": lambda x: (x >= 0) & (x <= 1),
       "(0,1]": lambda x: (x > 0) & (x <= 1)}


def _rules():
    """(field, dataset, rule) of every checked number."""
    out = []
    for table, fields in _TABLE_OF.items():
        kinds = dict(SCHEMA[table])
        for field, path in fields:
            out.append((field, path, kinds[path.rsplit("/", 1)[1]]))
    out += [("accuracy", "/models/accuracy", "[0,1]"), ("demand", "/clients/demand", ">=0")]
    out += [(field, "%s@%s" % (obj, attr), _SYSTEM[field]) for field, obj, attr in SCALARS]
    return out


def _first_bad(x, ok):
    """(index, value) of the first element that is not finite or breaks ok, else None."""
    x = np.asarray(x, dtype=np.float64)
    bad = ~(np.isfinite(x) & ok(x))
    if not bad.any():
        return None
    i = np.unravel_index(int(np.argmax(bad)), x.shape) if x.ndim else ()
    return i, float(x[i])


def _at(path, i):
    return path + "".join("[%d]" % k for k in i)


# the magnitudes the solver's LPs represent soundly (src/io/instance_read.c): a nonzero number in
# [VALUE_MIN, VALUE_MAX], the cloud's totals up to CLOUD_MAX
VALUE_MIN, VALUE_MAX, CLOUD_MAX = 1e-6, 1e9, 1e12


def _sound(path):
    top = CLOUD_MAX if path.startswith("/cloud@") else VALUE_MAX
    return top, lambda x: (x == 0) | ((np.abs(x) >= VALUE_MIN) & (np.abs(x) <= top))


def unsound(inst):
    """One line per number the solver refuses for its magnitude (bin/j3o reads the file): DATASET[INDEX]:
    rule (value); [] when every nonzero number is within the sound range. Not a rule of the deployment
    tables (j3o-export and j3o-import carry any float bit for bit)."""
    out = []
    for field, path, _ in _rules():
        top, sound = _sound(path)
        hit = _first_bad(getattr(inst, field), lambda x: ~np.isfinite(x) | sound(x))
        if hit:
            out.append("%s: nonzero values must lie in [%g, %g] for a sound LP (%r)" % (_at(path, hit[0]), VALUE_MIN,
                                                                                         top, hit[1]))
    return out


def problems(inst):
    """One line per broken rule: DATASET[INDEX]: rule (value); [] for a valid instance."""
    out = []
    for field, path, kind in _rules():
        hit = _first_bad(getattr(inst, field), _OK[kind])
        if hit:
            i, v = hit
            rule = RULE_TEXT[kind] if np.isfinite(v) else "must be a finite number"
            out.append("%s: %s (%r)" % (_at(path, i), rule, v))
    hit = _first_bad(inst.cloud, lambda x: (x == 0) | (x == 1))
    if hit:
        out.append("%s: must be 0 or 1 (%r)" % (_at("/models/cloud", hit[0]), hit[1]))
    e = np.asarray(inst.client_edge)
    if e.size and (e.min() < 0 or e.max() >= inst.E):
        k = int(np.argmax((e < 0) | (e >= inst.E)))
        out.append("/clients/edge[%d]: must be an edge index in [0, %d) (%d)" % (k, inst.E, e[k]))
    elif e.size > 1 and (np.diff(e) < 0).any():
        k = int(np.argmax(np.diff(e) < 0)) + 1
        out.append("/clients/edge[%d]: must be non-decreasing (%d after %d)" % (k, e[k], e[k - 1]))
    c = np.asarray(inst.duty_cycles_s, dtype=np.float64)
    hit = _first_bad(c, lambda x: x > 0)
    if hit:
        out.append("%s: every duty cycle must be > 0 (%r)" % (_at("/params/duty_cycles_s", hit[0]), hit[1]))
    elif len(set(c.tolist())) != c.size:
        out.append("/params/duty_cycles_s: duty cycles must be distinct")
    for path, names in (("/tasks/name", inst.task_name), ("/models/name", inst.model_name),
                        ("/edges/name", inst.edge_name), ("/clients/name", inst.client_name)):
        if names is not None and len(set(names)) != len(names):
            seen = set()
            dup = next(n for n in names if n in seen or seen.add(n))
            out.append('%s: must be unique ("%s" given twice)' % (path, dup))
    return out
