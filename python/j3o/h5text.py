"""HDF5 strings as Python text: fixed or variable length, bytes or str, NUL-padded or not."""
import numpy as np


def text(v):
    """One string attribute or element as str."""
    if isinstance(v, np.ndarray):
        v = v.reshape(-1)[0] if v.size else b""
    if isinstance(v, (bytes, np.bytes_)):
        return bytes(v).split(b"\0", 1)[0].decode("utf-8", "replace")
    return str(v)


def texts(dataset):
    """A 1-D string dataset as a list of str."""
    return [text(v) for v in dataset[()]]


def scalar(v, kind=float):
    """One numeric attribute as a Python number."""
    return kind(np.asarray(v).reshape(-1)[0])

