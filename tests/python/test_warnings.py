"""j3o-import warns (and still writes the instance) on likely mistakes, naming the entities."""
import os

import j3o
from conftest import CAMPUS, tool
from test_import_errors import deployment, edit, line_of


def imported(tmp_path, edits):
    d = deployment(tmp_path, edits)
    out = tmp_path / "x.h5"
    p = tool("j3o-import", d, "-o", out)
    assert out.exists()
    return d, [l for l in p.stderr.splitlines() if l.startswith("warning: ")], out


def test_memory_in_gb(tmp_path):
    """The issue's case: edge memory entered in GB is accepted, with a warning per edge."""
    body = open(os.path.join(CAMPUS, "edges.csv"), encoding="utf-8").read()
    body = body.replace(",700,", ",0.7,").replace(",900,", ",0.9,")
    d, w, _ = imported(tmp_path, {"edges.csv": body})
    assert 'warning: %s/edges.csv:%d: memory_mb: edge "Library, level 2" below 64 MB: entered in GB? (0.7)' % (
        d, line_of("edges.csv", "Library")) in w, w
    assert 'warning: %s/edges.csv:%d: memory_mb: edge "Engineering" below 64 MB: entered in GB? (0.9)' % (
        d, line_of("edges.csv", "Engineering")) in w, w
    assert len(w) == 2, w


def test_task_no_model_serves(tmp_path):
    """A task no model serves: warned. The rows of depth's two models are removed from accuracy.csv."""
    acc = "".join(l for l in open(os.path.join(CAMPUS, "accuracy.csv"), encoding="utf-8") if ",depth," not in l)
    d, w, out = imported(tmp_path, {"accuracy.csv": acc})
    assert w == ['warning: %s/tasks.csv:%d: name: no model can serve task "depth" anywhere (no model with accuracy '
                 '> 0 fits a device or runs in the cloud)' % (d, line_of("tasks.csv", "depth"))], w
    assert j3o.read_instance(out).accuracy[:, 3].max() == 0


def test_deadline_missed_everywhere(tmp_path):
    """instance_seg with a 1 ms deadline: no route of any client meets it."""
    d, w, _ = imported(tmp_path, {"tasks.csv": edit("tasks.csv", "instance_seg,0.15,0.15,", "instance_seg,0.15,0.001,")})
    assert w == ['warning: %s/tasks.csv:%d: deadline_s: every route of task "instance_seg" misses its deadline (or '
                 'does not fit) for every client (0.001)' % (d, line_of("tasks.csv", "instance_seg"))], w


def test_model_fits_nowhere_and_small_device(tmp_path):
    models = edit("models.csv", "YOLO11m,144.4,", "YOLO11m,144400,")
    models = models.replace("YOLO11n,74.4,", "YOLO11n,0.05,")
    clients = edit("clients.csv", "lib-rpi5-8,Library, level 2,2048,".replace("Library, level 2", '"Library, level 2"'),
                   'lib-rpi5-8,"Library, level 2",0.04,')
    d, w, _ = imported(tmp_path, {"models.csv": models, "clients.csv": clients})
    assert 'warning: %s/models.csv:%d: memory_mb: model "YOLO11m" fits on no client or edge (144400.0)' % (
        d, line_of("models.csv", "YOLO11m,")) in w, w
    assert 'warning: %s/models.csv:%d: memory_mb: model "YOLO11n" below 0.1 MB: entered in GB? (0.05)' % (
        d, line_of("models.csv", "YOLO11n,")) in w, w
    assert 'warning: %s/clients.csv:%d: memory_mb: client "lib-rpi5-8" has less memory than every model ' \
           '(smallest 0.05 MB) (0.04)' % (d, line_of("clients.csv", "lib-rpi5-8")) in w, w
    assert len(w) == 3, w


def test_edge_without_clients_dropped(tmp_path):
    body = open(os.path.join(CAMPUS, "edges.csv"), encoding="utf-8").read() + "Annex,800,9000,10,3,0.05\n"
    d, w, out = imported(tmp_path, {"edges.csv": body})
    assert w == ['warning: %s/edges.csv:6: name: edge "Annex" has no clients: left out of the instance' % d], w
    inst = j3o.read_instance(out)
    assert inst.E == 4 and "Annex" not in inst.edge_name
