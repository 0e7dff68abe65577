"""Grouping by meaning without being told how many groups: threshold clustering of unit vectors.

Hierarchical agglomerative clustering on cosine distance, cut at ``threshold`` (``linkage``
``"average"`` by default: two groups merge while the mean distance between their members is
below the threshold). Exact for up to ``exact_limit`` points (quadratic memory: 5,000 points
take 100 MB of distances); above that, the points are first gathered into ``exact_limit``
micro-groups (``exact_limit`` seeded random seeds, each point joined to its nearest seed) and
the micro-groups' means are clustered the same way, so a point's group is its micro-group's.

Deterministic: same vectors and settings, same labels. Labels are numbered by first member.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]
F32 = NDArray[np.float32]


def _renumber(labels: I64) -> I64:
    """Labels numbered 0, 1, … in order of first appearance."""
    _, first, inv = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[inv.ravel()]


def _agglomerate(x: F32, threshold: float, linkage: str) -> I64:
    from scipy.cluster.hierarchy import fcluster
    from scipy.cluster.hierarchy import linkage as scipy_linkage
    from scipy.spatial.distance import pdist

    n = len(x)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    d = pdist(x.astype(np.float64), metric="cosine")
    np.clip(d, 0.0, 2.0, out=d)
    d[~np.isfinite(d)] = 1.0  # a zero vector: unrelated to everything
    z = scipy_linkage(d, method=linkage)
    return _renumber(fcluster(z, t=threshold, criterion="distance").astype(np.int64))


def threshold_groups(
    x: F32,
    threshold: float,
    *,
    linkage: str = "average",
    exact_limit: int = 3_000,
    seed: int = 0,
) -> I64:
    """Group label of each row of ``x`` (unit vectors), numbered by first member."""
    n = len(x)
    if n <= exact_limit:
        return _agglomerate(x, threshold, linkage)
    # Micro-groups: ``exact_limit`` seeds drawn without replacement (seeded), every point
    # joined to its nearest seed (cosine), each micro-group's mean clustered exactly.
    rng = np.random.default_rng(seed)
    seeds = np.sort(rng.choice(n, size=exact_limit, replace=False))
    s = x[seeds].astype(np.float32)
    micro = np.empty(n, dtype=np.int64)
    for a in range(0, n, 8192):
        micro[a : a + 8192] = np.argmax(x[a : a + 8192].astype(np.float32) @ s.T, axis=1)
    micro[seeds] = np.arange(exact_limit)
    centres = np.zeros((exact_limit, x.shape[1]), dtype=np.float64)
    np.add.at(centres, micro, x.astype(np.float64))
    norms = np.linalg.norm(centres, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    top = _agglomerate((centres / norms).astype(np.float32), threshold, linkage)
    return _renumber(top[micro].astype(np.int64))
