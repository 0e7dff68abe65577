"""MinHash signatures, LSH banding and verified candidate pairs, in numpy.

Signatures: ``k`` hash functions ``h_i(x) = (a_i·x + b_i) >> 32`` (multiply-shift on the 64-bit
shingle, ``a_i`` odd) and the minimum over a document's shingles, uint32. Two documents agree
on a row with probability equal to the Jaccard similarity of their shingle sets.

Banding: ``bands × rows`` rows of the signature; two documents are candidates when one band is
identical in both. Each band's bucket is linked as a star to its lowest document index (linear
in the number of documents, however large a bucket), and every link is verified by the share of
agreeing rows over the whole signature, so false collisions never make an edge.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

U32 = NDArray[np.uint32]
U64 = NDArray[np.uint64]
I64 = NDArray[np.int64]

EMPTY = np.uint32(0xFFFFFFFF)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_CHUNK = 2_000_000  # shingles hashed at a time: 16 MB per buffer


def hash_parameters(num_perm: int, seed: int) -> tuple[U64, U64]:
    """The ``(a, b)`` of the ``num_perm`` hash functions; fixed by ``seed``."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


def signatures(shingles: U64, offsets: I64, *, num_perm: int = 64, seed: int = 1) -> U32:
    """``(n_docs, num_perm)`` uint32 MinHash signatures of one batch.

    ``shingles``/``offsets`` as from :func:`accord.core.synthesis.text.shingle_batch`. A document
    without shingles gets a row of ``0xFFFFFFFF``. Deterministic in ``seed``; batches can be
    computed separately and stacked.
    """
    a, b = hash_parameters(num_perm, seed)
    n_docs = len(offsets) - 1
    sig = np.full((n_docs, num_perm), EMPTY, dtype=np.uint32)
    counts = np.diff(offsets)
    doc = 0
    while doc < n_docs:
        # Documents [doc, end) whose shingles fit one chunk (at least one document).
        end = int(np.searchsorted(offsets, offsets[doc] + _CHUNK, side="right")) - 1
        end = min(max(end, doc + 1), n_docs)
        lo, hi = int(offsets[doc]), int(offsets[end])
        nz = np.flatnonzero(counts[doc:end] > 0)
        if hi > lo and len(nz):
            x = shingles[lo:hi]
            starts = (offsets[doc:end][nz] - lo).astype(np.intp)
            buf = np.empty(hi - lo, dtype=np.uint64)
            rows = doc + nz
            with np.errstate(over="ignore"):
                for i in range(num_perm):
                    np.multiply(x, a[i], out=buf)
                    np.add(buf, b[i], out=buf)
                    # The high half of the 64-bit minimum is the minimum of the high halves,
                    # so the shift is applied to one value per document, not per shingle.
                    low = np.minimum.reduceat(buf, starts)
                    sig[rows, i] = low >> np.uint64(32)
        doc = end
    return sig


def band_keys(sig: U32, bands: int, rows: int) -> U64:
    """``(n_docs, bands)`` uint64 keys, one per band of ``rows`` signature rows."""
    if bands * rows > sig.shape[1]:
        raise ValueError(f"{bands} bands x {rows} rows need {bands * rows} signature rows")
    keys = np.zeros((sig.shape[0], bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            col = sig[:, r::rows][:, :bands].astype(np.uint64)
            keys = keys * np.uint64(0x100000001B3) ^ (col + np.uint64(r + 1) * _GOLDEN)
    return keys


def agreement(sig: U32, i: I64, j: I64, *, chunk: int = 1_000_000) -> NDArray[np.float64]:
    """Share of agreeing signature rows of each pair ``(i[p], j[p])``: estimated Jaccard."""
    out = np.empty(len(i), dtype=np.float64)
    k = sig.shape[1]
    for s in range(0, len(i), chunk):
        e = s + chunk
        out[s:e] = np.count_nonzero(sig[i[s:e]] == sig[j[s:e]], axis=1) / k
    return out


def candidate_pairs(keys: U64, active: NDArray[np.bool_]) -> tuple[I64, I64]:
    """Distinct pairs ``(i, j)``, ``i > j``: ``i`` shares a bucket whose lowest index is ``j``.

    Only documents with ``active`` set take part. Pairs are sorted (deterministic).
    """
    idx = np.flatnonzero(active).astype(np.int64)
    out: list[I64] = []
    for band in range(keys.shape[1]):
        k = keys[idx, band]
        order = np.argsort(k, kind="stable")
        sk = k[order]
        new = np.ones(len(sk), dtype=bool)
        new[1:] = sk[1:] != sk[:-1]
        group_start = np.maximum.accumulate(np.where(new, np.arange(len(sk)), 0))
        members = idx[order]
        leaders = members[group_start]
        linked = ~new
        out.append(members[linked] * np.int64(len(active)) + leaders[linked])
    if not out:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    pairs = np.unique(np.concatenate(out))
    return pairs // len(active), pairs % len(active)


def verified_edges(
    sig: U32, active: NDArray[np.bool_], bands: int, rows: int, threshold: float
) -> tuple[I64, I64]:
    """Candidate pairs from banding whose estimated Jaccard is at least ``threshold``."""
    i, j = candidate_pairs(band_keys(sig, bands, rows), active)
    keep = agreement(sig, i, j) >= threshold
    return i[keep], j[keep]


def components(n: int, i: I64, j: I64) -> I64:
    """Connected-component label of each of ``n`` nodes, numbered by their lowest node."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    # Renumber by first occurrence so labels do not depend on scipy's traversal order.
    _, first = np.unique(labels, return_index=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    out: I64 = rank[labels]
    return out
