"""Input and output paths checked ahead of any work, with the wording of bin/j3o (docs/running.md).

An input must be a readable regular file.

An output is refused when it is one of the inputs (same device and inode, so symlinks and hard
links count), when it lies inside an input folder, and when it exists but is not of the kind the
tool writes, unless force: an instance file for j3o-import and j3o-derive; for j3o-export and
j3o-report -o a folder that is empty or holds only files the tool writes.
"""
import os

import h5py

from .h5text import text


class PathError(ValueError):
    """An input or output path refused: the message is the one line to print."""


def _same(a, b):
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def _inside(path, folder):
    real, top = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([real, top]) == top


def _kind(path):
    return "a directory" if os.path.isdir(path) else "not a regular file"


def check_input(path):
    """PathError (one line, as bin/j3o words it) unless path is a readable regular file."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise PathError("%s: cannot be read: %s" % (path, e.strerror))
    if not os.path.isfile(path):
        raise PathError("%s: is %s, not an HDF5 file" % (path, _kind(path)))
    if not os.access(path, os.R_OK):
        raise PathError("%s: cannot be read: Permission denied" % path)
    return st


def is_instance(path):
    """Whether a file is HDF5 with /@format = "j3o-instance"."""
    try:
        with h5py.File(path, "r") as f:
            return text(f.attrs.get("format", b"")) == "j3o-instance"
    except (OSError, ValueError):
        return False


def _not_input(flag, out, inputs, folder):
    for what, p in inputs:
        if _same(out, p):
            raise PathError("%s %s is the input %s %s (the same file): choose another output" % (flag, out, what, p))
    if folder is not None and os.path.isdir(folder) and _inside(out, folder):
        raise PathError("%s %s is inside the input folder %s: choose another output" % (flag, out, folder))


def check_instance_output(out, inputs, force, folder=None):
    """inputs: [(what, path)], what like 'file' or 'instance'; folder: an input folder."""
    _not_input("-o", out, inputs, folder)
    if os.path.exists(out):
        if not os.path.isfile(out):
            raise PathError("-o %s is %s: the output must be a file" % (out, _kind(out)))
        if not force and not is_instance(out):
            raise PathError("-o %s exists and is not a j3o instance: not replaced (-force replaces it)" % out)


def check_folder_output(flag, out, inputs, force, names):
    """A folder output; names: the files the tool writes there (a folder holding only those is a
    output of the tool and is written over). With force an existing file is removed first."""
    _not_input(flag, out, inputs, None)
    if not os.path.exists(out):
        return
    if not os.path.isdir(out):
        if not force:
            raise PathError("%s %s exists and is a file, not a folder: not replaced (-force replaces it)" % (flag, out))
        os.unlink(out)
        return
    other = sorted(set(os.listdir(out)) - set(names))
    if other and not force:
        raise PathError("%s %s exists and holds %s, not written by this tool: not replaced (-force writes into it)"
                          % (flag, out, other[0]))



def check_trace_output(outdir, names, base, force):
    """OUTDIR of j3o-trace, which writes the step files names there: neither OUTDIR nor a step file
    may be the base (even with force); without force OUTDIR may hold only step files that are j3o
    instances and the folder replan/ of scripts/replan.sh."""
    for n in names:
        if _same(os.path.join(outdir, n), base):
            raise PathError("OUTDIR %s: its step file %s is the input base (the same file): choose another output"
                            % (outdir, os.path.join(outdir, n)))
    ours = []
    if os.path.isdir(outdir):
        for n in os.listdir(outdir):
            p = os.path.join(outdir, n)
            if (n.startswith("step-") and n.endswith(".h5") and is_instance(p)) or (n == "replan" and os.path.isdir(p)):
                ours.append(n)
    check_folder_output("OUTDIR", outdir, [("base", base)], force, ours)
