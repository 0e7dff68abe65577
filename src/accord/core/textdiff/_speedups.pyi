from collections.abc import Callable, Hashable, Sequence

import numpy as np

_Buffer = bytes | bytearray | memoryview | np.ndarray

def lcs_direct(
    a: Sequence[Hashable], b: Sequence[Hashable], ao: int = 0, bo: int = 0, /
) -> list[tuple[int, int, int]]: ...
def overlap_counts(ids: _Buffer, lengths: _Buffer, k: int, /) -> tuple[bytearray, bytearray]: ...
def word_ids(
    texts: Sequence[str], split_piece: Callable[[str], list[str]], /
) -> tuple[bytearray, bytearray]: ...
def unit_blocks(
    a: str, a_lo: int, a_hi: int, b: str, b_lo: int, b_hi: int, direct_limit: int, /
) -> list[tuple[int, int, int, int]] | None: ...
