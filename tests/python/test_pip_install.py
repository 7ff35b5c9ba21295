"""python/ installs with pip into a venv that sees Debian's packages (offline, no build isolation)."""
import os
import shutil
import subprocess

from conftest import ROOT


def test_pip_install_in_venv(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(os.path.join(ROOT, "python"), src, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
    venv = tmp_path / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(venv)], check=True)
    p = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-build-isolation", "--no-index", str(src)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    p = subprocess.run([str(venv / "bin" / "python"), "-c", "import j3o, sys; print(j3o.__file__)"],
                       capture_output=True, text=True, env=env, cwd=str(tmp_path))
    assert p.returncode == 0 and p.stdout.startswith(str(venv)), p.stdout + p.stderr
    for tool in ("j3o-import", "j3o-export", "j3o-report", "j3o-derive", "j3o-trace"):
        p = subprocess.run([str(venv / "bin" / tool), "--help"], capture_output=True, text=True, env=env)
        assert p.returncode == 0 and p.stdout.startswith("usage: " + tool), p.stdout + p.stderr
