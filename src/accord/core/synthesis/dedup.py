"""Exact and near-duplicate clusters of many short texts.

Exact duplicates share a normalised text (:func:`accord.core.synthesis.text.normalise`). Near
duplicates are distinct normalised texts whose word-bigram sets have an estimated Jaccard
similarity of at least ``near_threshold`` (MinHash, 64 rows, 16 bands of 4, every candidate
pair verified), joined into connected components. Only distinct texts are hashed: copies
cost a dictionary look-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from accord.core.synthesis import minhash
from accord.core.synthesis.text import BATCH_BYTES, normalise_batch, shingle_batch

I64 = NDArray[np.int64]
U32 = NDArray[np.uint32]


@dataclass(frozen=True)
class DedupParams:
    """Settings of :func:`deduplicate`. ``near_threshold`` is the estimated Jaccard similarity
    of word-bigram sets at which two distinct texts are near duplicates."""

    num_perm: int = 64
    near_bands: int = 16
    near_rows: int = 4
    near_threshold: float = 0.75
    seed: int = 1


@dataclass(frozen=True, eq=False)
class Dedup:
    """Duplicate structure of a batch of ``n`` texts.

    Attributes:
        distinct: (n,) index of each text's normalised text among the distinct ones (0 = the
            first to appear).
        near: (n,) near-duplicate cluster of each text (0 = the cluster of the first text);
            texts with the same ``distinct`` are always in the same cluster.
        normalised: the distinct normalised texts, in order of first appearance.
        first_source: (n_distinct,) the first text with each normalised text.
        copies: (n_distinct,) how many texts have each normalised text.
        signatures: (n_distinct, num_perm) MinHash signatures of the distinct texts.
        distinct_near: (n_distinct,) near-duplicate cluster of each distinct text.
    """

    distinct: I64
    near: I64
    normalised: list[str]
    first_source: I64
    copies: I64
    signatures: U32 = field(repr=False)
    distinct_near: I64 = field(repr=False)

    def exact_clusters(self) -> list[I64]:
        """Texts sharing a normalised text, for every such group of two or more (sorted by
        first member)."""
        return _groups(self.distinct)

    def near_clusters(self) -> list[I64]:
        """Texts in the same near-duplicate cluster, for every cluster of two or more (exact
        copies included; sorted by first member)."""
        return _groups(self.near)


def _groups(labels: I64) -> list[I64]:
    if len(labels) == 0:
        return []
    order = np.argsort(labels, kind="stable")
    sl = labels[order]
    cuts = np.flatnonzero(sl[1:] != sl[:-1]) + 1
    parts = np.split(order.astype(np.int64), cuts)
    return [p for p in parts if len(p) > 1]


def exact_groups(normalised: Sequence[str]) -> tuple[I64, list[str], I64]:
    """``(distinct, uniques, first_source)``: index of each text's normalised form among the
    distinct forms, in order of first appearance."""
    index: dict[str, int] = {}
    setdefault = index.setdefault
    distinct = np.fromiter(
        (setdefault(t, len(index)) for t in normalised), dtype=np.int64, count=len(normalised)
    )
    first = np.full(len(index), -1, dtype=np.int64)
    # The first occurrence of each distinct text: reversed assignment keeps the lowest index.
    first[distinct[::-1]] = np.arange(len(distinct) - 1, -1, -1, dtype=np.int64)
    return distinct, list(index), first


def text_batches(texts: Sequence[str], max_bytes: int = BATCH_BYTES) -> list[tuple[int, int]]:
    """``(start, end)`` ranges of consecutive texts of about ``max_bytes`` characters each
    (a longer text is a batch of its own)."""
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
    cum = np.cumsum(sizes)
    out: list[tuple[int, int]] = []
    start = 0
    while start < len(texts):
        base = cum[start - 1] if start else 0
        end = int(np.searchsorted(cum, base + max_bytes, side="right"))
        end = max(end, start + 1)
        out.append((start, end))
        start = end
    return out


def distinct_signatures(uniques: Sequence[str], params: DedupParams) -> U32:
    """MinHash signatures of the distinct normalised texts, batch by batch."""
    parts = []
    for s, e in text_batches(uniques):
        sh, off = shingle_batch(uniques[s:e])
        parts.append(minhash.signatures(sh, off, num_perm=params.num_perm, seed=params.seed))
    if not parts:
        return np.zeros((0, params.num_perm), dtype=np.uint32)
    return np.concatenate(parts)


def deduplicate(texts: Sequence[str], params: DedupParams | None = None) -> Dedup:
    """Exact and near-duplicate clusters of ``texts``. Deterministic.

    Cost: normalising every text (about 2 µs for 60 words), then shingling and hashing the
    distinct ones only; memory about 300 bytes per distinct text.
    """
    params = params or DedupParams()
    distinct, uniques, first = exact_groups(normalise_batch(texts))
    copies = np.bincount(distinct, minlength=len(uniques)).astype(np.int64)
    sig = distinct_signatures(uniques, params)
    active = np.fromiter((len(u) > 0 for u in uniques), dtype=bool, count=len(uniques))
    i, j = minhash.verified_edges(
        sig, active, params.near_bands, params.near_rows, params.near_threshold
    )
    distinct_near = minhash.components(len(uniques), i, j)
    return Dedup(
        distinct=distinct,
        near=distinct_near[distinct],
        normalised=uniques,
        first_source=first,
        copies=copies,
        signatures=sig,
        distinct_near=distinct_near,
    )
