"""The optional C speed-ups (``csrc/*.c``), or None for each when they are not built.

setup.py builds the extension when a C compiler is there; without one, installation
goes on and the pure-Python versions run. Both give the same results (tested).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import numpy as np

LcsDirect = Callable[[Sequence[Hashable], Sequence[Hashable], int, int], list[tuple[int, int, int]]]
Buffer = bytes | bytearray | memoryview | np.ndarray
OverlapCounts = Callable[[Buffer, Buffer, int], tuple[bytearray, bytearray]]
UnitBlocks = Callable[[str, int, int, str, int, int, int], list[tuple[int, int, int, int]] | None]
WordIds = Callable[[Sequence[str], Callable[[str], list[str]]], tuple[bytearray, bytearray]]

lcs_direct: LcsDirect | None
overlap_counts: OverlapCounts | None
word_ids: WordIds | None
unit_blocks: UnitBlocks | None
try:
    from accord.core.textdiff._speedups import lcs_direct, overlap_counts, unit_blocks, word_ids
except ImportError:  # pragma: no cover - only without a C compiler
    lcs_direct = overlap_counts = unit_blocks = word_ids = None

AVAILABLE = lcs_direct is not None
