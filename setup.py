"""Builds the optional C speed-ups of accord.core.textdiff (everything else is in
pyproject.toml). Without a C compiler the build goes on and the pure-Python versions,
which give the same results, are used."""

from pathlib import Path

from setuptools import Extension, setup

CSRC = Path("src/accord/core/textdiff/csrc")

setup(
    ext_modules=[
        Extension(
            "accord.core.textdiff._speedups",
            sorted(str(p) for p in CSRC.glob("*.c")),
            depends=[str(CSRC / "speedups.h")],
            optional=True,
        )
    ]
)
