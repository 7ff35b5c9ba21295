#!/usr/bin/python3
"""trace.py: a demand trace for re-planning, the same tool as bin/j3o-trace (python/j3o/trace.py).

    scripts/trace.py BASE.h5 OUTDIR [-steps 24] [-drift 0.1] [-seed S] [-flash K] [-amplitude A] [-noise SIGMA] [-force]
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from j3o.cli import trace_main  # noqa: E402

sys.exit(trace_main())
