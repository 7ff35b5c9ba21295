"""j3o-import reports every error of a folder at once, as FILE:LINE: column: rule (value), and writes nothing."""
import os
import shutil

import pytest

import j3o
from conftest import CAMPUS, tool


def deployment(tmp_path, edits=None):
    """A copy of examples/campus with some files replaced: {file: text}."""
    d = tmp_path / "dep"
    shutil.copytree(CAMPUS, d, ignore=shutil.ignore_patterns("*.md"))
    for name, body in (edits or {}).items():
        if body is None:
            os.unlink(d / name)
        else:
            (d / name).write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
    return d


def edit(name, old, new):
    text = open(os.path.join(CAMPUS, name), encoding="utf-8").read()
    assert old in text, (name, old)
    return text.replace(old, new, 1)


def line_of(name, needle):
    for i, l in enumerate(open(os.path.join(CAMPUS, name), encoding="utf-8"), 1):
        if needle in l:
            return i
    raise AssertionError(needle)


def test_campus_imports_clean(tmp_path):
    out = tmp_path / "campus.h5"
    p = tool("j3o-import", CAMPUS, "-o", out)
    assert "warning:" not in p.stderr and ", 0 warnings" in p.stderr, p.stderr
    inst = j3o.read_instance(out)
    assert (inst.E, inst.N, inst.T, inst.M, inst.K) == (4, 40, 4, 10, 3)
    assert inst.edge_name[0] == "Library, level 2"          # a quoted field holding a comma
    assert list(inst.client_edge) == sorted(inst.client_edge)  # rows came interleaved; sorted by edge
    # each client keeps its own row: the name and its numbers travel together
    lib_cams = [n for n, e in zip(inst.client_name, inst.client_edge) if e == 0 and "camera" in n]
    assert lib_cams == ["lib-camera-1", "lib-camera-2", "lib-camera-3"]
    k = inst.client_name.index("lib-camera-3")
    assert inst.client_uplink_mb_s[k] == 0.79 and inst.demand[k, inst.task_name.index("detection")] == 10.0


def test_all_errors_at_once(tmp_path):
    edges_line = line_of("edges.csv", "Stadium")
    cl_line = line_of("clients.csv", "res-phone-5")
    d = deployment(tmp_path, {
        "edges.csv": edit("edges.csv", "Stadium,500,", "Stadium,-512,"),
        "clients.csv": edit("clients.csv", "res-phone-5,Residence hall,", "res-phone-5,Atlantis 9,"),
        "models.csv": edit("models.csv", "YOLO11s,101.6,25,21.5,0", "YOLO11s,101.6,25,lots,2"),
        "accuracy.csv": edit("accuracy.csv", "YOLO11m,detection,0.941", "YOLO11m,detection,1.5"),
        "tasks.csv": edit("tasks.csv", "depth,0.15,0.15,1", "depth,0.15,0,1"),
        "demand.csv": edit("demand.csv", "lib-camera-1,instance_seg,2", "lib-camera-1,tracking,2"),
        "system.csv": edit("system.csv", "rho,0.9", "rho,1.5"),
    })
    out = tmp_path / "x.h5"
    p = tool("j3o-import", d, "-o", out, ok=False)
    assert p.returncode == 1
    assert not out.exists() and not [f for f in os.listdir(tmp_path) if f.endswith(".h5")]
    err = p.stderr.splitlines()
    want = [
        "%s/edges.csv:%d: memory_mb: must be >= 0 (-512)" % (d, edges_line),
        '%s/clients.csv:%d: edge: no edge named "Atlantis 9"' % (d, cl_line),
        "%s/models.csv:%d: gflop_per_query: must be a number (lots)" % (d, line_of("models.csv", "YOLO11s")),
        "%s/models.csv:%d: cloud: must be 0 or 1 (2)" % (d, line_of("models.csv", "YOLO11s")),
        "%s/accuracy.csv:%d: accuracy: must be in [0, 1] (1.5)" % (d, line_of("accuracy.csv", "YOLO11m,")),
        "%s/tasks.csv:%d: deadline_s: must be > 0 (0)" % (d, line_of("tasks.csv", "depth")),
        '%s/demand.csv:%d: task: no task named "tracking"' % (d, line_of("demand.csv", "lib-camera-1,instance_seg")),
        "%s/system.csv:%d: rho: must be in (0, 1] (1.5)" % (d, line_of("system.csv", "rho")),
    ]
    for w in want:
        assert w in err, "missing %r in:\n%s" % (w, p.stderr)
    assert err[-1] == "j3o-import: 8 errors, no instance written", p.stderr
    assert len(err) == 9, p.stderr


def test_structure_errors(tmp_path):
    d = deployment(tmp_path, {
        "demand.csv": None,                                              # missing file
        "tasks.csv": "name,input_mb,weight\ndetection,0.15,2\n",         # missing column
        "edges.csv": edit("edges.csv", "Engineering,900", "Engineering,900,7"),   # too many fields
        "models.csv": edit("models.csv", "YOLO11m,", "YOLO11n,"),        # duplicate name
        "accuracy.csv": b"model,task,accuracy\nYOLO11n,detection,0.7\xff\n",   # not UTF-8
        "system.csv": "key,value,colour\ncloud_gflops,1e4,red\nrho,0.9,\nrho,0.8,\nspeed,3,\n",
    })
    p = tool("j3o-import", d, "-o", tmp_path / "x.h5", ok=False)
    assert p.returncode == 1
    e = p.stderr
    assert "%s/demand.csv: file: missing (a deployment needs it)" % d in e
    assert "%s/tasks.csv:1: deadline_s: missing column" % d in e
    assert "%s/edges.csv:%d: row: has 7 fields, the header has 6" % (d, line_of("edges.csv", "Engineering")) in e
    assert '%s/models.csv:%d: name: must be unique ("YOLO11n" also on line %d)' % (
        d, line_of("models.csv", "YOLO11m,"), line_of("models.csv", "YOLO11n,")) in e
    assert "%s/accuracy.csv:2: file: not UTF-8 text" % d in e
    assert "%s/system.csv:4: rho: given twice (also on line 3)" % d in e
    assert "%s/system.csv: cloud_ingress_mb_s: missing key" % d in e
    # warnings for the unknown column and key come with the errors
    assert "warning: %s/system.csv:1: colour: unknown column, ignored" % d in e
    assert "warning: %s/system.csv:5: key: unknown key, ignored (speed)" % d in e


def test_missing_column_reported_once(tmp_path):
    """A table without a column: one error; the rows naming its entities elsewhere are not all blamed."""
    d = deployment(tmp_path, {"edges.csv": "name,memory_mb,gflops,cell_mb_s,backhaul_mb_s\nStadium,1,1,1,1\n"})
    p = tool("j3o-import", d, "-o", tmp_path / "x.h5", ok=False)
    assert p.stderr.splitlines() == ["%s/edges.csv:1: cloud_latency_s: missing column" % d,
                                     "j3o-import: 1 error, no instance written"], p.stderr


def test_quoted_multiline_field_keeps_line_numbers(tmp_path):
    """A quoted name spanning two lines: the next record's errors name its own first line."""
    body = open(os.path.join(CAMPUS, "tasks.csv"), encoding="utf-8").read().splitlines()
    body[1] = body[1].replace("detection", '"detection"', 1)
    body.insert(2, '"two\nlines",0.15,0.1,1')
    body.insert(3, "broken,0.15,-1,1")
    d = deployment(tmp_path, {"tasks.csv": "\n".join(body) + "\n"})
    p = tool("j3o-import", d, "-o", tmp_path / "x.h5", ok=False)
    assert "%s/tasks.csv:5: deadline_s: must be > 0 (-1)" % d in p.stderr, p.stderr


def test_build_from_dicts_reports_rows():
    with pytest.raises(j3o.DeploymentError) as e:
        j3o.build({"system": {"cloud_gflops": 1, "cloud_ingress_mb_s": 1, "rho": 0.5},
                   "tasks": {"name": ["a", "a"], "input_mb": [1, 1], "deadline_s": [1, 1], "weight": [1, float("nan")]},
                   "models": [], "accuracy": [], "edges": [], "clients": [], "demand": []})
    msgs = [str(i) for i in e.value.errors]
    assert 'tasks.csv:3: name: must be unique ("a" also on line 2)' in msgs
    assert "tasks.csv:3: weight: missing value (nan)" in msgs
    assert "models.csv: file: has no rows" in msgs


def test_utf8_names_solve_and_report(tmp_path):
    """Edge and client names in any UTF-8 text reach the solver's file and the report; task and model
    names must be ASCII (the instance file stores them as ASCII)."""
    from conftest import solve
    import pandas as pd
    edges = edit("edges.csv", "Residence hall,", '"Résidence ""Nord"", hall",')
    clients = open(os.path.join(CAMPUS, "clients.csv"), encoding="utf-8").read()
    clients = clients.replace(",Residence hall,", ',"Résidence ""Nord"", hall",').replace("res-camera-1,", "caméra 東-1,")
    demand = open(os.path.join(CAMPUS, "demand.csv"), encoding="utf-8").read().replace("res-camera-1,", "caméra 東-1,")
    d = deployment(tmp_path, {"edges.csv": edges, "clients.csv": clients, "demand.csv": demand})
    tool("j3o-import", d, "-o", tmp_path / "u.h5")
    inst = j3o.read_instance(tmp_path / "u.h5")
    assert 'Résidence "Nord", hall' in inst.edge_name and "caméra 東-1" in inst.client_name
    res = solve(tmp_path / "u.h5", tmp_path / "r.h5", "greedy")
    tool("j3o-report", tmp_path / "u.h5", res, "-o", tmp_path / "rep")
    routes = pd.read_csv(tmp_path / "rep" / "routes.csv", keep_default_na=False)
    assert "caméra 東-1" in set(routes["client"])
    util = pd.read_csv(tmp_path / "rep" / "utilization.csv", keep_default_na=False)
    assert 'Résidence "Nord", hall' in set(util["entity"])
    d2 = deployment(tmp_path / "b", {"tasks.csv": edit("tasks.csv", "depth,", "profondeur é,"),
                                     "accuracy.csv": open(os.path.join(CAMPUS, "accuracy.csv"), encoding="utf-8").read()})
    p = tool("j3o-import", d2, "-o", tmp_path / "x.h5", ok=False)
    assert "%s/tasks.csv:%d: name: must be ASCII (task and model names are stored as ASCII) (profondeur é)" % (
        d2, line_of("tasks.csv", "depth")) in p.stderr, p.stderr


def test_unwritable_output(tmp_path):
    p = tool("j3o-import", CAMPUS, "-o", tmp_path / "no" / "such" / "dir.h5", ok=False)
    assert p.returncode == 1 and "cannot write the instance" in p.stderr and "Traceback" not in p.stderr


def test_columns_any_order_and_typed_tables(tmp_path):
    """Columns in another order, and the same tables as typed DataFrames (j3o.build), give the same instance."""
    import pandas as pd
    ref, _ = j3o.read_deployment(CAMPUS)
    edges = pd.read_csv(os.path.join(CAMPUS, "edges.csv"))
    d = deployment(tmp_path, {"edges.csv": edges[list(reversed(edges.columns))].to_csv(index=False)})
    again, _ = j3o.read_deployment(d)
    assert j3o.bitwise_equal(ref, again) == [] and again.edge_name == ref.edge_name
    tables = {t: pd.read_csv(os.path.join(CAMPUS, t + ".csv"), keep_default_na=False) for t in
              ("tasks", "models", "accuracy", "edges", "clients", "demand")}
    system = dict(pd.read_csv(os.path.join(CAMPUS, "system.csv"), keep_default_na=False, dtype=str).values)
    assert tables["models"]["cloud"].dtype.kind == "i" and tables["edges"]["memory_mb"].dtype.kind == "i"
    built, warnings = j3o.build(dict(tables, system=system), name="campus")
    assert warnings == [] and j3o.bitwise_equal(ref, built) == [] and built.client_name == ref.client_name
