"""Every Python tool that writes refuses an output that is one of its inputs, or an existing file not
of the kind it writes (unless -force), with one line and exit status 1; bad input never gives a
traceback."""
import os
import shutil

import h5py
import pytest

import j3o
from conftest import CAMPUS, solve, tool


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    d = tmp_path_factory.mktemp("out")
    tool("j3o-import", CAMPUS, "-o", d / "base.h5", "-q")
    return d / "base.h5"


def refused(p, prog, line):
    assert p.returncode == 1 and p.stderr.splitlines() == ["%s: %s" % (prog, line)], (p.returncode, p.stderr)


def snapshot(path):
    return open(path, "rb").read()


def test_derive_refuses_its_input(base, tmp_path):
    orig = snapshot(base)
    p = tool("j3o-derive", base, "-o", base, "-scale", "/clients/demand:2", ok=False)
    refused(p, "j3o-derive", "-o %s is the input file %s (the same file): choose another output" % (base, base))
    os.symlink(base, tmp_path / "link.h5")
    os.link(base, tmp_path / "hard.h5")
    p = tool("j3o-derive", tmp_path / "link.h5", "-o", tmp_path / "hard.h5", "-scale", "/clients/demand:2",
             "-force", ok=False)
    refused(p, "j3o-derive", "-o %s is the input file %s (the same file): choose another output"
            % (tmp_path / "hard.h5", tmp_path / "link.h5"))
    assert snapshot(base) == orig


def test_derive_keeps_a_file_that_is_not_an_instance(base, tmp_path):
    (tmp_path / "notes.txt").write_text("mine\n")
    p = tool("j3o-derive", base, "-o", tmp_path / "notes.txt", ok=False)
    refused(p, "j3o-derive", "-o %s exists and is not a j3o instance: not replaced (-force replaces it)"
            % (tmp_path / "notes.txt"))
    assert (tmp_path / "notes.txt").read_text() == "mine\n"
    tool("j3o-derive", base, "-o", tmp_path / "notes.txt", "-force")
    assert j3o.read_instance(tmp_path / "notes.txt").N == 40
    tool("j3o-derive", base, "-o", tmp_path / "notes.txt", "-scale", "/clients/demand:2")  # an instance: replaced
    (tmp_path / "d").mkdir()
    p = tool("j3o-derive", base, "-o", tmp_path / "d", ok=False)
    refused(p, "j3o-derive", "-o %s is a directory: the output must be a file" % (tmp_path / "d"))


def test_import_refuses_files_of_its_folder(tmp_path):
    d = tmp_path / "dep"
    shutil.copytree(CAMPUS, d)
    orig = {f: snapshot(d / f) for f in os.listdir(d)}
    for target in ("README.md", "edges.csv", "new.h5"):
        p = tool("j3o-import", d, "-o", d / target, ok=False)
        refused(p, "j3o-import", "-o %s is inside the input folder %s: choose another output" % (d / target, d))
    os.symlink(d / "edges.csv", tmp_path / "e.csv")      # a link into the folder is inside it too
    p = tool("j3o-import", d, "-o", tmp_path / "e.csv", "-force", ok=False)
    refused(p, "j3o-import", "-o %s is inside the input folder %s: choose another output" % (tmp_path / "e.csv", d))
    assert {f: snapshot(d / f) for f in os.listdir(d)} == orig
    (tmp_path / "notes.txt").write_text("mine\n")
    p = tool("j3o-import", d, "-o", tmp_path / "notes.txt", ok=False)
    refused(p, "j3o-import", "-o %s exists and is not a j3o instance: not replaced (-force replaces it)"
            % (tmp_path / "notes.txt"))
    assert (tmp_path / "notes.txt").read_text() == "mine\n"


def test_export_folder_rules(base, tmp_path):
    out = tmp_path / "dep"
    tool("j3o-export", base, out)
    tool("j3o-export", base, out)                        # its own output: written over
    (out / "README.md").write_text("mine\n")
    p = tool("j3o-export", base, out, ok=False)
    refused(p, "j3o-export", "folder %s exists and holds README.md, not written by this tool: not replaced "
            "(-force writes into it)" % out)
    tool("j3o-export", base, out, "-force")
    assert (out / "README.md").read_text() == "mine\n"
    (tmp_path / "f").write_text("mine\n")
    p = tool("j3o-export", base, tmp_path / "f", ok=False)
    refused(p, "j3o-export", "folder %s exists and is a file, not a folder: not replaced (-force replaces it)"
            % (tmp_path / "f"))
    assert (tmp_path / "f").read_text() == "mine\n"
    p = tool("j3o-export", base, base, "-force", ok=False)
    refused(p, "j3o-export", "folder %s is the input file %s (the same file): choose another output" % (base, base))


def test_report_output_rules(base, tmp_path):
    res = solve(base, tmp_path / "r.h5", "greedy")
    (tmp_path / "existing").write_text("mine\n")
    p = tool("j3o-report", base, res, "-o", tmp_path / "existing", ok=False)
    refused(p, "j3o-report", "-o %s exists and is a file, not a folder: not replaced (-force replaces it)"
            % (tmp_path / "existing"))
    assert p.stdout == ""                                # refused with no report printed
    p = tool("j3o-report", base, res, "-o", res, "-force", ok=False)
    refused(p, "j3o-report", "-o %s is the input result %s (the same file): choose another output" % (res, res))
    tool("j3o-report", base, res, "-o", tmp_path / "rep")
    tool("j3o-report", base, res, "-o", tmp_path / "rep")  # its own output: written over


def test_export_validates_like_import(base, tmp_path):
    """A negative backhaul breaks import's rule >= 0: export names the dataset and the rule."""
    bad = tmp_path / "bad.h5"
    shutil.copyfile(base, bad)
    with h5py.File(bad, "r+") as f:
        f["edges/backhaul_mb_s"][2] = -5.0
    p = tool("j3o-export", bad, tmp_path / "dep", ok=False)
    refused(p, "j3o-export", "%s: not a valid instance: /edges/backhaul_mb_s[2]: must be >= 0 (-5.0)" % bad)
    assert not (tmp_path / "dep").exists()


@pytest.mark.parametrize("prog,args", [
    ("j3o-export", ["{d}", "{t}/dep"]),                  # a folder is not an instance
    ("j3o-derive", ["{t}/none.h5", "-o", "{t}/x.h5"]),  # no such file
    ("j3o-report", ["{base}", "{base}"]),                # an instance is not a result
    ("j3o-derive", ["{base}", "-o", "{t}/x.h5", "-scale", "/edges:2"]),
    ("j3o-derive", ["{t}/other.h5", "-o", "{t}/x.h5", "-scale", "/x:2"]),  # HDF5, not an instance
    ("j3o-report", ["{t}/text.h5", "{base}"]),                               # not HDF5
])
def test_bad_input_one_line(base, tmp_path, prog, args):
    with h5py.File(tmp_path / "other.h5", "w") as f:
        f["x"] = [1.0]
    (tmp_path / "text.h5").write_text("text\n")
    args = [a.format(d=tmp_path, t=tmp_path, base=base) for a in args]
    p = tool(prog, *args, ok=False)
    assert p.returncode == 1 and "Traceback" not in p.stderr and len(p.stderr.splitlines()) == 1, p.stderr
    assert p.stderr.startswith(prog + ": ") and ".tmp" not in p.stderr, p.stderr
    assert not (tmp_path / "x.h5").exists() and not (tmp_path / "dep").exists()


def test_usage_error_is_two(base):
    p = tool("j3o-derive", base, ok=False)
    assert p.returncode == 2 and "-o" in p.stderr


@pytest.mark.parametrize("name", ["j3o-import", "j3o-export", "j3o-report", "j3o-derive", "j3o-trace"])
def test_help_as_bin_j3o_spells_it(name):
    """-help (bin/j3o's spelling), -h and --help all print the usage and exit 0."""
    for flag in ("-help", "-h", "--help"):
        p = tool(name, flag)
        assert p.returncode == 0 and p.stdout.startswith("usage: %s" % name), (flag, p.returncode, p.stderr)
