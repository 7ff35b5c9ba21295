"""Shared fixtures of the Python tests: the package from python/, the built binaries, generated instances."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))
BIN = os.path.join(ROOT, "bin")
CAMPUS = os.path.join(ROOT, "examples", "campus")
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_rmaps_base_oversubscribe="1")


def run(*args, ok=True):
    """Runs a command; returns CompletedProcess (text). ok=True: fails the test on a nonzero exit."""
    p = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=ENV)
    if ok and p.returncode != 0:
        pytest.fail("%s exited %d:\n%s%s" % (" ".join(map(str, args)), p.returncode, p.stdout, p.stderr))
    return p


def tool(name, *args, ok=True):
    return run(os.path.join(BIN, name), *args, ok=ok)


@pytest.fixture(scope="session", autouse=True)
def binaries():
    for b in ("j3o", "j3o-gen", "j3o-check", "j3o-import", "j3o-export", "j3o-report", "j3o-derive"):
        if not os.access(os.path.join(BIN, b), os.X_OK):
            pytest.fail("bin/%s missing: run make all" % b)


def generate(path, family, seed, *opts):
    tool("j3o-gen", "-o", path, "-family", family, "-seed", seed, *opts)
    return str(path)


def solve(inst, out, method="exact", ranks=1, *opts):
    """bin/j3o on inst (mpirun when ranks > 1), then bin/j3o-check; returns out."""
    cmd = [os.path.join(BIN, "j3o"), "-i", inst, "-o", out, "-method", method, *opts]
    if ranks > 1:
        cmd = ["mpirun", "--oversubscribe", "-n", str(ranks)] + cmd
    run(*cmd)
    tool("j3o-check", inst, out)
    return str(out)
