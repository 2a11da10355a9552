"""The build's one option: ``REVIEWPARSE_MYPYC=1`` compiles the hot pure-Python modules.

Without it (the default, and every wheel on the index) reviewparse is pure Python
and installs anywhere. With it, mypyc compiles the layout step and the field
readers to C extensions beside their sources; Python imports an extension module
before the ``.py`` of the same name, so the sources stay the fallback and the
reference. It needs mypy and a C compiler at build time:

    pip install mypy setuptools wheel
    REVIEWPARSE_MYPYC=1 pip install --no-build-isolation .

docs/performance.md has what it gains and how the compiled build is checked.
"""

from __future__ import annotations

import os

from setuptools import setup

# The modules the layout step spends its time in (tests/test_accelerated.py checks
# that a compiled build gives the same records and views as the sources).
COMPILED = [
    "src/reviewparse/_core/layout.py",
    "src/reviewparse/_fields/headings.py",
    "src/reviewparse/_fields/names.py",
    "src/reviewparse/_fields/shapes.py",
    "src/reviewparse/_fields/values.py",
]

ext_modules = []
if os.environ.get("REVIEWPARSE_MYPYC") == "1":
    from mypyc.build import mypycify

    ext_modules = mypycify(COMPILED, opt_level="3")

setup(ext_modules=ext_modules)
