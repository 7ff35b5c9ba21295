"""The README's h5py snippet runs on a result of bin/j3o and prints the status as text, not bytes."""
import re
import subprocess

import j3o
from conftest import ROOT, generate, solve


def test_readme_h5py_snippet(tmp_path):
    body = open(ROOT + "/README.md", encoding="utf-8").read()
    blocks = re.findall(r"```python\n(.*?)```", body, re.S)
    assert len(blocks) == 1, "README.md should hold one python block"
    inst = generate(tmp_path / "world.h5", "paper", 1, "-edges", "2", "-clients_per_edge", "3")
    solve(inst, tmp_path / "plan.h5", "greedy")
    p = subprocess.run(["/usr/bin/python3", "-c", blocks[0]], cwd=str(tmp_path), capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    s = j3o.read_summary(tmp_path / "plan.h5")
    assert p.stdout.split() == [s["status"], repr(s["accuracy"])], p.stdout
