"""Command-line tools: j3o-import, j3o-export, j3o-report, j3o-derive (bin/ wrappers call these)."""
import argparse
import os
import sys

from . import deployment, derived, instance, report, result
from .issues import DeploymentError


def _say(prog, msg):
    print("%s: %s" % (prog, msg), file=sys.stderr)


def _read(prog, reader, path, what):
    """reader(path), or None after one line naming the file when it cannot be read."""
    try:
        return reader(path)
    except (OSError, KeyError, ValueError) as e:
        _say(prog, "%s: cannot read the %s (%s)" % (path, what, e))
        return None


def _where(directory, issue):
    """An issue with its file named by path (DIR/edges.csv:4: ...)."""
    s = str(issue)
    return os.path.join(directory, s) if issue.file.endswith(".csv") else s


def import_main(argv=None):
    ap = argparse.ArgumentParser(prog="j3o-import", description="Builds an instance file from a deployment folder "
                                 "of CSV files (docs/deployments.md). Every error is reported, as FILE:LINE: column: "
                                 "rule (value); on any error nothing is written and the exit status is 1.")
    ap.add_argument("dir", help="deployment folder (system.csv, tasks.csv, models.csv, accuracy.csv, edges.csv, "
                    "clients.csv, demand.csv)")
    ap.add_argument("-o", "--output", required=True, help="instance file to write (HDF5)")
    ap.add_argument("-q", "--quiet", action="store_true", help="no warnings, no summary line")
    a = ap.parse_args(argv)
    try:
        inst, warnings = deployment.read(a.dir)
    except DeploymentError as e:
        for w in e.errors:
            print(_where(a.dir, w), file=sys.stderr)
        if not a.quiet:
            for w in e.warnings:
                print("warning: " + _where(a.dir, w), file=sys.stderr)
        _say("j3o-import", "%d error%s, no instance written" % (len(e.errors), "" if len(e.errors) == 1 else "s"))
        return 1
    if not a.quiet:
        for w in warnings:
            print("warning: " + _where(a.dir, w), file=sys.stderr)
    try:
        instance.write(inst, a.output)
    except OSError as e:
        _say("j3o-import", "%s: cannot write the instance (%s)" % (a.output, e))
        return 1
    if not a.quiet:
        _say("j3o-import", "wrote %s (%s): %d edges, %d clients, %d tasks, %d models, %d duty cycles, %d warning%s"
             % (a.output, inst.name, inst.E, inst.N, inst.T, inst.M, inst.K, len(warnings), "" if len(warnings) == 1 else "s"))
    return 0


def export_main(argv=None):
    ap = argparse.ArgumentParser(prog="j3o-export", description="Writes an instance file as a deployment folder of "
                                 "CSV files; j3o-import of that folder gives back every number bit for bit.")
    ap.add_argument("instance", help="instance file (HDF5)")
    ap.add_argument("dir", help="folder to write the CSV files into (created if needed)")
    a = ap.parse_args(argv)
    inst = _read("j3o-export", instance.read, a.instance, "instance")
    if inst is None:
        return 1
    deployment.write(inst, a.dir)
    _say("j3o-export", "wrote %s: %d edges, %d clients, %d tasks, %d models" % (a.dir, inst.E, inst.N, inst.T, inst.M))
    return 0


def report_main(argv=None):
    ap = argparse.ArgumentParser(prog="j3o-report", description="Prints a result with names: accuracy, served "
                                 "fraction, bound and gap, per task the served fraction and mean accuracy, the ten "
                                 "tightest resources. With -o DIR also writes placement.csv, routes.csv, dropped.csv, "
                                 "utilization.csv, summary.json, utilization.png and tasks.png.")
    ap.add_argument("instance", help="the instance file the result belongs to")
    ap.add_argument("result", help="result file of bin/j3o")
    ap.add_argument("-o", "--output", help="folder for the tables and figures (created if needed)")
    a = ap.parse_args(argv)
    inst = _read("j3o-report", instance.read, a.instance, "instance")
    res = inst and _read("j3o-report", result.read, a.result, "result")
    if res is None:
        return 1
    digest = instance.sha256(a.instance)
    if res.instance_sha256 != digest:
        _say("j3o-report", "%s: /@instance_sha256 is %s, but %s has SHA-256 %s: the result belongs to another instance"
             % (a.result, res.instance_sha256, a.instance, digest))
        return 1
    print(report.text(report.summary(inst, res)))
    if a.output:
        report.write(inst, res, a.output)
        print("\nwrote %s: placement.csv routes.csv dropped.csv utilization.csv summary.json utilization.png tasks.png"
              % a.output)
    return 0


def derive_main(argv=None):
    ap = argparse.ArgumentParser(prog="j3o-derive", description="Writes a copy of an instance with some numbers "
                                 "scaled; the copy records the base's SHA-256 and the factors in /derived.")
    ap.add_argument("base", help="instance file")
    ap.add_argument("-o", "--output", required=True, help="derived instance file to write")
    ap.add_argument("-scale", "--scale", action="append", default=[], metavar="DATASET:FACTOR",
                    help="repeatable: /edges/backhaul_mb_s:0.5, /clients/demand:1.5, /cloud@gflops:2")
    a = ap.parse_args(argv)
    try:
        scales = [derived.parse(s) for s in a.scale]
        derived.derive(a.base, scales, a.output)
    except (OSError, KeyError, ValueError) as e:
        _say("j3o-derive", str(e))
        return 1
    return 0


def main(argv=None):
    """python -m j3o TOOL ARGS...: import, export, report or derive."""
    argv = sys.argv[1:] if argv is None else argv
    tools = {"import": import_main, "export": export_main, "report": report_main, "derive": derive_main}
    if not argv or argv[0] not in tools:
        print("usage: python3 -m j3o {%s} ARGS..." % ",".join(tools), file=sys.stderr)
        return 2
    return tools[argv[0]](argv[1:])
