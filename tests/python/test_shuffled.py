"""Clients in shuffled order (and demand rows with them) import to an instance with the same optimum."""
import csv
import random

import j3o
from conftest import generate, solve, tool


def test_shuffled_clients_same_optimum(tmp_path):
    src = generate(tmp_path / "src.h5", "paper", 3, "-edges", "3", "-clients_per_edge", "4")
    tool("j3o-export", src, tmp_path / "dep")
    for name in ("clients.csv", "demand.csv"):
        rows = list(csv.reader(open(tmp_path / "dep" / name, newline="")))
        body = rows[1:]
        random.Random(11).shuffle(body)
        with open(tmp_path / "dep" / name, "w", newline="") as f:
            csv.writer(f).writerows([rows[0]] + body)
    tool("j3o-import", tmp_path / "dep", "-o", tmp_path / "shuffled.h5")
    a, b = j3o.read_instance(src), j3o.read_instance(tmp_path / "shuffled.h5")
    assert list(b.client_edge) == sorted(b.client_edge)
    by_index = sorted(b.client_name, key=lambda s: int(s.split("-")[1]))
    assert by_index == ["client-%d" % n for n in range(a.N)] and b.client_name != by_index   # order changed
    # the same clients, each with its own row: name -> numbers
    for k, name in enumerate(b.client_name):
        n = int(name.split("-")[1])
        assert b.client_edge[k] == a.client_edge[n] and (b.demand[k] == a.demand[n]).all()
        assert b.client_gflops[k] == a.client_gflops[n]
    r1 = j3o.read_result(solve(src, tmp_path / "r1.h5", "exact"))
    r2 = j3o.read_result(solve(tmp_path / "shuffled.h5", tmp_path / "r2.h5", "exact"))
    assert r1.summary["status"] == r2.summary["status"] == "optimal"
    assert abs(r1.summary["accuracy"] - r2.summary["accuracy"]) <= 1e-7, (r1.summary, r2.summary)
