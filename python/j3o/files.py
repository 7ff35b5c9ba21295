"""Output files written atomically: a temporary file beside the target, then os.replace."""
import os
import tempfile


def temp_beside(path, suffix=".tmp"):
    """A new empty file next to path (same file system, so os.replace is atomic), with the
    permissions of a freshly created file (0666 less the umask) rather than mkstemp's 0600."""
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=suffix, dir=d)
    os.close(fd)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    return tmp
