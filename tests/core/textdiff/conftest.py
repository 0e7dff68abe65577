"""Every textdiff test runs twice: with the C speed-ups and with the pure-Python code
they replace (what runs where no C compiler was found at install time)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from accord.core.textdiff import align, lcs, speedups, words

# Where each module picks the C version or the Python one.
PYTHON_PATHS = (
    (lcs, "_direct", lcs._direct_py),
    (align, "_word_ids", align._word_ids_py),
    (align, "_overlap_counts", align._overlap_counts_py),
    (words, "unit_blocks", None),
)


@pytest.fixture(scope="package", params=["c", "python"], autouse=True)
def textdiff_implementation(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "c" and not speedups.AVAILABLE:
        pytest.skip("the C speed-ups are not built here (no C compiler at install time)")
    saved = [(module, name, getattr(module, name)) for module, name, _ in PYTHON_PATHS]
    if request.param == "python":
        for module, name, value in PYTHON_PATHS:
            setattr(module, name, value)
    yield request.param
    for module, name, value in saved:
        setattr(module, name, value)
