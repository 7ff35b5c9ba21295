"""Command-line tools: j3o-import, j3o-export, j3o-report, j3o-derive, j3o-trace (bin/ wrappers call these).

Exit status: 0 done, 1 bad input (one line `j3o-TOOL: ...`, or one line per deployment error),
2 bad usage (argparse). No traceback reaches the user for any input."""
import argparse
import math
import os
import signal
import sys

from . import deployment, derived, instance, report, result, trace, validate
from .issues import DeploymentError
from .paths import PathError, check_folder_output, check_input, check_instance_output, check_trace_output, is_instance

FORCE_HELP = "replace an existing output that is not of the kind this tool writes"


class ToolError(Exception):
    """Bad input: the message is the one line to print after `j3o-TOOL: `."""


def _parser(**kw):
    """An argument parser that answers -help as well as -h and --help, like bin/j3o."""
    ap = argparse.ArgumentParser(add_help=False, **kw)
    ap.add_argument("-h", "-help", "--help", action="help", help="show this help and exit")
    return ap


def _say(prog, msg):
    print("%s: %s" % (prog, msg), file=sys.stderr)


def _why(e):
    """An exception as text without the temporary file names Python's OSError carries."""
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    return " ".join(str(e).split())  # HDF5's messages can span lines


def _read(reader, path, what):
    """reader(path); ToolError naming the file when it cannot be read."""
    check_input(path)
    try:
        return reader(path)
    except (OSError, KeyError, ValueError, TypeError) as e:
        raise ToolError("%s: cannot read the %s (%s)" % (path, what, _why(e)))


def _run(prog, body, argv):
    """body(argv) with every bad input turned into one line and exit status 1."""
    # a reader that stops early (j3o-report ... | head) ends the tool as it ends cat: by SIGPIPE, silently
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        return body(argv)
    except (ToolError, PathError) as e:
        _say(prog, str(e))
    except (OSError, KeyError, ValueError, TypeError) as e:
        _say(prog, _why(e))
    return 1


def _where(directory, issue):
    """An issue with its file named by path (DIR/edges.csv:4: ...)."""
    s = str(issue)
    return os.path.join(directory, s) if issue.file.endswith(".csv") else s


def _import(argv):
    ap = _parser(prog="j3o-import", description="Builds an instance file from a deployment folder "
                                 "of CSV files (docs/deployments.md). Every error is reported, as FILE:LINE: column: "
                                 "rule (value); on any error nothing is written and the exit status is 1.")
    ap.add_argument("dir", help="deployment folder (system.csv, tasks.csv, models.csv, accuracy.csv, edges.csv, "
                    "clients.csv, demand.csv)")
    ap.add_argument("-o", "--output", required=True, help="instance file to write (HDF5); not inside the folder")
    ap.add_argument("-q", "--quiet", action="store_true", help="no warnings, no summary line")
    ap.add_argument("-force", "--force", action="store_true", help=FORCE_HELP + " (an instance file)")
    a = ap.parse_args(argv)
    check_instance_output(a.output, [], a.force, folder=a.dir)
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
        raise ToolError("%s: cannot write the instance (%s)" % (a.output, _why(e)))
    if not a.quiet:
        _say("j3o-import", "wrote %s (%s): %d edges, %d clients, %d tasks, %d models, %d duty cycles, %d warning%s"
             % (a.output, inst.name, inst.E, inst.N, inst.T, inst.M, inst.K, len(warnings), "" if len(warnings) == 1 else "s"))
    return 0


def _valid(path, inst):
    """ToolError with the first broken rule (dataset and rule) of an instance read from path."""
    bad = validate.problems(inst)
    if bad:
        raise ToolError("%s: not a valid instance: %s%s" % (path, bad[0], "" if len(bad) == 1 else
                                                              " (and %d more)" % (len(bad) - 1)))


def _export(argv):
    ap = _parser(prog="j3o-export", description="Writes an instance file as a deployment folder of "
                                 "CSV files; j3o-import of that folder gives back every number bit for bit.")
    ap.add_argument("instance", help="instance file (HDF5)")
    ap.add_argument("dir", help="folder to write the CSV files into (created if needed; an existing folder must be "
                    "empty or hold only the seven CSV files)")
    ap.add_argument("-force", "--force", action="store_true", help=FORCE_HELP + " (a folder of the seven CSV files)")
    a = ap.parse_args(argv)
    check_folder_output("folder", a.dir, [("file", a.instance)], a.force, [t + ".csv" for t in deployment.TABLES])
    inst = _read(instance.read, a.instance, "instance")
    _valid(a.instance, inst)
    try:
        deployment.write(inst, a.dir)
    except OSError as e:
        raise ToolError("%s: cannot write the deployment (%s)" % (a.dir, _why(e)))
    _say("j3o-export", "wrote %s: %d edges, %d clients, %d tasks, %d models" % (a.dir, inst.E, inst.N, inst.T, inst.M))
    return 0


def _report(argv):
    ap = _parser(prog="j3o-report", description="Prints a result with names: accuracy, served "
                                 "fraction, bound and gap, per task the served fraction and mean accuracy, the ten "
                                 "tightest resources. With -o DIR also writes placement.csv, routes.csv, dropped.csv, "
                                 "utilization.csv, summary.json, utilization.png and tasks.png.")
    ap.add_argument("instance", help="the instance file the result belongs to")
    ap.add_argument("result", help="result file of bin/j3o")
    ap.add_argument("-o", "--output", help="folder for the tables and figures (created if needed; an existing folder "
                    "must be empty or hold only those files)")
    ap.add_argument("-force", "--force", action="store_true", help=FORCE_HELP + " (a folder of the report's files)")
    a = ap.parse_args(argv)
    if a.output:
        check_folder_output("-o", a.output, [("instance", a.instance), ("result", a.result)], a.force, report.FILES)
    inst = _read(instance.read, a.instance, "instance")
    res = _read(result.read, a.result, "result")
    digest = instance.sha256(a.instance)
    if res.instance_sha256 != digest:
        raise ToolError("%s: /@instance_sha256 is %s, but %s has SHA-256 %s: the result belongs to another instance"
                        % (a.result, res.instance_sha256, a.instance, digest))
    print(report.text(report.summary(inst, res)))
    if a.output:
        try:
            report.write(inst, res, a.output)
        except OSError as e:
            raise ToolError("%s: cannot write the report (%s)" % (a.output, _why(e)))
        print("\nwrote %s: %s" % (a.output, " ".join(report.FILES)))
    return 0


def _derive(argv):
    ap = _parser(prog="j3o-derive", description="Writes a copy of an instance with some numbers "
                                 "scaled; the copy records the base's SHA-256 and the factors in /derived.")
    ap.add_argument("base", help="instance file")
    ap.add_argument("-o", "--output", required=True, help="derived instance file to write (not the base)")
    ap.add_argument("-scale", "--scale", action="append", default=[], metavar="DATASET:FACTOR",
                    help="repeatable: /edges/backhaul_mb_s:0.5, /clients/demand:1.5, /cloud@gflops:2")
    ap.add_argument("-force", "--force", action="store_true", help=FORCE_HELP + " (an instance file)")
    a = ap.parse_args(argv)
    scales = [derived.parse(s) for s in a.scale]
    check_input(a.base)
    if not is_instance(a.base):
        raise ToolError('%s: not a j3o instance (HDF5 with /@format = "j3o-instance")' % a.base)
    check_instance_output(a.output, [("file", a.base)], a.force)
    try:
        derived.derive(a.base, scales, a.output)
    except OSError as e:
        raise ToolError("cannot derive %s from %s (%s)" % (a.output, a.base, _why(e)))
    return 0


def _number(flag, v, kind, ok, rule):
    """An option's value as kind (int or float) meeting ok; ToolError naming the option and the rule."""
    try:
        x = kind(v)
    except ValueError:
        x = None
    if x is None or (kind is float and not math.isfinite(x)) or not ok(x):
        raise ToolError("%s %s: expected %s" % (flag, v, rule))
    return x


def _trace(argv):
    ap = _parser(prog="j3o-trace", description="Writes a demand trace: OUTDIR/step-00.h5 ... , "
                                 "copies of the base with only /clients/demand changed, following a daily pattern "
                                 "per task with per-client noise, each step's demand within a factor [1-drift, 1+drift] "
                                 "of the step before, and flash crowds: an edge's demand multiplied by 2-4 for 1-3 "
                                 "steps (docs/running.md). Each step records "
                                 "its base's SHA-256 and its index in /demand_trace. The same seed gives the same files.")
    ap.add_argument("base", help="instance file")
    ap.add_argument("outdir", help="folder for the step files (created if needed; not the base's)")
    ap.add_argument("-steps", "--steps", default="24", help="number of steps, >= 2 (default 24, one day)")
    ap.add_argument("-drift", "--drift", default="0.1", help="largest relative change of a demand per step outside "
                    "flash crowds, in [0,1] (default 0.1)")
    ap.add_argument("-seed", "--seed", default="1", help="random seed, integer >= 0 (default 1)")
    ap.add_argument("-flash", "--flash", default="2", help="number of flash crowds, >= 0 (default 2)")
    ap.add_argument("-amplitude", "--amplitude", default="0.5", help="daily pattern's relative amplitude, in [0,1) "
                    "(default 0.5)")
    ap.add_argument("-noise", "--noise", default="0.2", help="sigma of the per-client lognormal noise (mean 1), >= 0 "
                    "(default 0.2)")
    ap.add_argument("-force", "--force", action="store_true", help="write into an OUTDIR holding other files, "
                    "replacing step files that are not j3o instances")
    a = ap.parse_args(argv)
    steps = _number("-steps", a.steps, int, lambda x: x >= 2, "an integer >= 2")
    drift = _number("-drift", a.drift, float, lambda x: 0 <= x <= 1, "a number in [0, 1]")
    seed = _number("-seed", a.seed, int, lambda x: 0 <= x < 2**63, "an integer >= 0")
    flash = _number("-flash", a.flash, int, lambda x: x >= 0, "an integer >= 0")
    amplitude = _number("-amplitude", a.amplitude, float, lambda x: 0 <= x < 1, "a number in [0, 1)")
    noise = _number("-noise", a.noise, float, lambda x: 0 <= x <= 3, "a number in [0, 3]")
    check_input(a.base)
    if not is_instance(a.base):
        raise ToolError('%s: not a j3o instance (HDF5 with /@format = "j3o-instance")' % a.base)
    check_trace_output(a.outdir, [trace.step_name(s, steps) for s in range(steps)], a.base, a.force)
    inst = _read(instance.read, a.base, "instance")
    _valid(a.base, inst)
    try:
        paths = trace.write(a.base, inst, a.outdir, steps, drift, seed, flash, amplitude, noise)
    except OSError as e:
        raise ToolError("cannot write the trace %s (%s)" % (a.outdir, _why(e)))
    _say("j3o-trace", "wrote %s: %d steps (%s ... %s)" % (a.outdir, len(paths), os.path.basename(paths[0]),
                                                          os.path.basename(paths[-1])))
    return 0


def import_main(argv=None):
    return _run("j3o-import", _import, argv)


def export_main(argv=None):
    return _run("j3o-export", _export, argv)


def report_main(argv=None):
    return _run("j3o-report", _report, argv)


def derive_main(argv=None):
    return _run("j3o-derive", _derive, argv)


def trace_main(argv=None):
    return _run("j3o-trace", _trace, argv)


def main(argv=None):
    """python -m j3o TOOL ARGS...: import, export, report, derive or trace."""
    argv = sys.argv[1:] if argv is None else argv
    tools = {"import": import_main, "export": export_main, "report": report_main, "derive": derive_main,
             "trace": trace_main}
    if not argv or argv[0] not in tools:
        print("usage: python3 -m j3o {%s} ARGS..." % ",".join(tools), file=sys.stderr)
        return 2
    return tools[argv[0]](argv[1:])
