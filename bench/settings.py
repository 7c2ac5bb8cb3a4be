"""The settings the benchmark serves: those named by ``BENCH_BASE_SETTINGS``, plus
:class:`bench.middleware.BuildEveryAnswer` (bench/server.py sets both variables).
"""

import importlib
import os

_base = importlib.import_module(os.environ["BENCH_BASE_SETTINGS"])
globals().update({name: value for name, value in vars(_base).items() if name.isupper()})

MIDDLEWARE = ["bench.middleware.BuildEveryAnswer", *_base.MIDDLEWARE]
