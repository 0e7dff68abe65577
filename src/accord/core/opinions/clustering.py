"""Who is clustered, the 100 base clusters, and the opinion groups chosen by silhouette.

Follows Pol.is (math/clusters.clj, conversation.clj): participants with enough votes are
"in the conversation"; their 2-D projections are summarised by up to 100 weighted base
clusters; the groups are a weighted k-means of the base centres, k in 2..max_k, the k with the
best silhouette wins. Unlike Pol.is every random choice is seeded and the group k-means is
restarted a few times (best inertia kept), so results do not depend on input order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Above this many clustered participants, base clustering works on a grid summary.
GRID_ABOVE = 2_000
GRID_SIZE = 64


def select_in_conversation(
    n_votes: IntArray,
    n_statements: int,
    *,
    min_votes: int = 7,
    min_participants: int = 15,
    forced: IntArray | None = None,
) -> NDArray[np.bool_]:
    """Pol.is's in-conv rule, shape (n_participants,) bool.

    ``n_votes``: each participant's votes, passes and votes on moderated-out statements
    included; ``n_statements``: statements with at least one vote (Pol.is's ``n-cmts``).
    In: at least min(``min_votes``, ``n_statements``) votes. If fewer than
    ``min_participants`` qualify, the most active voters (ties: earlier row) are added until
    there are that many. ``forced`` rows are always in (Pol.is keeps earlier members).
    """
    threshold = max(1, min(min_votes, n_statements))
    mask = n_votes >= threshold
    if int(mask.sum()) < min_participants:
        order = np.lexsort((np.arange(n_votes.shape[0]), -n_votes))
        for i in order:
            if int(mask.sum()) >= min_participants or n_votes[i] == 0:
                break
            mask[i] = True
    if forced is not None and forced.size:
        mask[forced] = True
    return mask & (n_votes > 0) if forced is None else mask


@dataclass(frozen=True)
class BaseClusters:
    """Weighted summary of the clustered participants.

    Attributes:
        centres: shape (m, 2), m ≤ k.
        weights: shape (m,), participants per base cluster (float).
        labels: shape (n_clustered,), base cluster of each clustered participant.
    """

    centres: FloatArray
    weights: FloatArray
    labels: IntArray

    def first_member_order(self) -> IntArray:
        """Base clusters ordered by their earliest member (Pol.is's cluster id order)."""
        first = np.full(self.centres.shape[0], self.labels.shape[0], dtype=np.int64)
        np.minimum.at(first, self.labels, np.arange(self.labels.shape[0]))
        return np.argsort(first, kind="stable").astype(np.int64)


def base_clusters(
    points: FloatArray,
    *,
    k: int = 100,
    random_state: int = 0,
    init: FloatArray | None = None,
    max_iter: int | None = None,
    polis_init: bool = False,
) -> BaseClusters:
    """Up to ``k`` weighted base clusters of 2-D points (shape (n, 2)).

    Identical points are merged first; above ``GRID_ABOVE`` points they are summarised on a
    64 × 64 grid (bin centroids; a base cluster spans several bins). With ≤ k distinct points
    each is its own base cluster (Pol.is does the same). Otherwise a weighted Lloyd k-means,
    seeded by weight-proportional spread seeds (or warm-started from ``init``). Numpy and a
    k-d tree only, so results are bit-identical across runs.
    """
    pts, w, inverse = _summarise(points)
    if pts.shape[0] <= k:
        return BaseClusters(pts, w, inverse)
    if init is not None and init.ndim == 2 and init.shape[0] >= 2:
        start = init[:k].astype(np.float64)
        if start.shape[0] < k:
            rng = np.random.default_rng(random_state)
            start = _kmeanspp(pts, w, k, rng, start)
    elif polis_init:
        # Pol.is: the first k distinct points, in participant order.
        first_row = np.full(pts.shape[0], points.shape[0], dtype=np.int64)
        np.minimum.at(first_row, inverse, np.arange(points.shape[0]))
        start = pts[np.argsort(first_row, kind="stable")[:k]]
    else:
        start = _spread_seeds(pts, w, k, random_state)
    if max_iter is None:
        # Exact points: iterate to convergence (cheap); grid summaries: a few passes suffice.
        max_iter = 100 if points.shape[0] <= GRID_ABOVE else 10
    lab, centres_all = _lloyd_gemm(pts, w, start, max_iter)
    weights = np.bincount(lab, weights=w, minlength=k).astype(np.float64)
    used = np.flatnonzero(weights > 0)
    remap = np.full(k, -1, dtype=np.int64)
    remap[used] = np.arange(used.size)
    centres = centres_all[used]
    return BaseClusters(centres, weights[used], remap[lab][inverse])


def _summarise(points: FloatArray) -> tuple[FloatArray, FloatArray, IntArray]:
    n = points.shape[0]
    if n > GRID_ABOVE:
        # Robust bounds so a few far-out participants do not squash everyone else into a
        # handful of cells; they land in edge cells (whose centroids stay exact).
        lo, hi = np.percentile(points, [0.5, 99.5], axis=0)
        span = np.maximum(hi - lo, 1e-12)
        cell = np.clip(((points - lo) / span * GRID_SIZE).astype(np.int64), 0, GRID_SIZE - 1)
        key = cell[:, 0] * GRID_SIZE + cell[:, 1]
    else:
        # Merge exactly identical points (a common case: same votes, same place).
        _, key = np.unique(points, axis=0, return_inverse=True)
        key = key.ravel().astype(np.int64)
    uniq, inverse = np.unique(key, return_inverse=True)
    m = uniq.shape[0]
    inverse = inverse.ravel().astype(np.int64)
    w = np.bincount(inverse, minlength=m).astype(np.float64)
    cx = np.bincount(inverse, weights=points[:, 0], minlength=m) / w
    cy = np.bincount(inverse, weights=points[:, 1], minlength=m) / w
    return np.column_stack([cx, cy]), w, inverse


@dataclass(frozen=True)
class GroupClustering:
    """Opinion groups over the base clusters.

    Attributes:
        k: number of groups.
        labels: shape (m,), group of each base cluster, groups numbered by size (largest 0).
        centres: shape (k, 2), weighted group centres.
        silhouettes: silhouette score for every k tried.
    """

    k: int
    labels: IntArray
    centres: FloatArray
    silhouettes: dict[int, float]


def max_groups_for(n_base: int, max_groups: int = 5) -> int:
    """Pol.is: max_k = min(max_groups, 2 + n_base // 12), and at most n_base - 1."""
    return max(0, min(max_groups, 2 + n_base // 12, n_base - 1))


def group_clusters(
    centres: FloatArray,
    weights: FloatArray,
    *,
    max_groups: int = 5,
    force_k: int | None = None,
    random_state: int = 0,
    n_init: int = 6,
    weighted_silhouette: bool = False,
    polis_order: IntArray | None = None,
    min_group_weight: float = 0.0,
    k_tolerance: float = 0.01,
) -> GroupClustering | None:
    """Weighted k-means of base centres for each k in 2..max_k; best silhouette wins.

    Returns None when fewer than 3 distinct base clusters exist (no meaningful groups).
    The smallest k whose silhouette is within ``k_tolerance`` of the best wins: differences
    that small are noise (they make Pol.is's k flicker) and fewer groups read more easily.
    Restarts that leave a group lighter than ``min_group_weight`` participants are discarded.
    """
    m = centres.shape[0]
    max_k = max_groups_for(m, max_groups)
    if m < 3 or max_k < 2:
        return None
    ks = [min(max(force_k, 2), m - 1)] if force_k else list(range(2, max_k + 1))
    dist = np.sqrt(((centres[:, None, :] - centres[None, :, :]) ** 2).sum(-1))
    sw = weights if weighted_silhouette else np.ones_like(weights)
    candidates: list[tuple[float, int, IntArray]] = []
    sils: dict[int, float] = {}
    for k in ks:
        if polis_order is not None:
            lab = _lloyd(centres, weights, centres[polis_order[:k]].copy(), 20)
        else:
            rng = np.random.default_rng([random_state, k])
            runs, inertia = _kmeans_restarts(centres, weights, k, rng, n_init)
            # Among restarts that use all k groups, each of at least min_group_weight,
            # keep the lowest inertia (the k-means objective); ties: the earliest.
            chosen: IntArray | None = None
            best_inertia = np.inf
            for r in range(runs.shape[0]):
                sizes = np.bincount(runs[r], weights=weights, minlength=k)
                if sizes.min() >= max(min_group_weight, 1e-12) and inertia[r] < best_inertia - 1e-9:
                    chosen, best_inertia = runs[r], float(inertia[r])
            if chosen is None:
                continue
            lab = chosen
        if np.bincount(lab, weights=weights).min() < min_group_weight or lab.max() + 1 < k:
            continue
        s = silhouette(dist, lab, sw)
        sils[k] = s
        candidates.append((s, k, lab))
    if not candidates:
        return None
    top = max(c[0] for c in candidates)
    _, k, lab = next(c for c in candidates if c[0] >= top - k_tolerance)
    k = int(lab.max()) + 1
    lab = _order_groups(lab, weights, centres, k)
    gw = np.bincount(lab, weights=weights, minlength=k)
    gc = (
        np.column_stack(
            [
                np.bincount(lab, weights=weights * centres[:, 0], minlength=k),
                np.bincount(lab, weights=weights * centres[:, 1], minlength=k),
            ]
        )
        / gw[:, None]
    )
    return GroupClustering(k, lab, gc, sils)


def _order_groups(lab: IntArray, w: FloatArray, pts: FloatArray, k: int) -> IntArray:
    gw = np.bincount(lab, weights=w, minlength=k)
    gx = np.bincount(lab, weights=w * pts[:, 0], minlength=k) / np.maximum(gw, 1e-300)
    order = np.lexsort((gx, -gw))
    rank = np.empty(k, dtype=np.int64)
    rank[order] = np.arange(k)
    return rank[lab]


def _kmeans_restarts(
    x: FloatArray,
    w: FloatArray,
    k: int,
    rng: np.random.Generator,
    n_init: int,
    max_iter: int = 50,
) -> tuple[IntArray, FloatArray]:
    """``n_init`` weighted Lloyd runs from k-means++ seeds, run side by side (vectorised).

    Returns labels (n_init, m) and inertia (n_init,).
    """
    m = x.shape[0]
    c = np.stack([_kmeanspp(x, w, k, rng) for _ in range(n_init)])  # (R, k, 2)
    offs = (np.arange(n_init) * k)[:, None]
    ww = np.tile(w, n_init)
    wx = np.tile(w * x[:, 0], n_init)
    wy = np.tile(w * x[:, 1], n_init)
    lab = np.zeros((n_init, m), dtype=np.int64)
    for _ in range(max_iter):
        d = ((x[None, :, None, :] - c[:, None, :, :]) ** 2).sum(-1)
        lab = d.argmin(axis=2)
        flat = (lab + offs).ravel()
        ws = np.bincount(flat, weights=ww, minlength=n_init * k).reshape(n_init, k)
        new: FloatArray = np.stack(
            [
                np.bincount(flat, weights=wx, minlength=n_init * k).reshape(n_init, k),
                np.bincount(flat, weights=wy, minlength=n_init * k).reshape(n_init, k),
            ],
            axis=-1,
        ).astype(np.float64)
        filled = ws > 0
        new[filled] /= ws[filled][:, None]
        new[~filled] = c[~filled]
        if np.array_equal(new, c):
            break
        c = new
    d = ((x[None, :, None, :] - c[:, None, :, :]) ** 2).sum(-1)
    lab = d.argmin(axis=2).astype(np.int64)
    inertia = (np.take_along_axis(d, lab[:, :, None], axis=2)[:, :, 0] * w).sum(axis=1)
    return lab, inertia


def _lloyd(x: FloatArray, w: FloatArray, c: FloatArray, max_iter: int) -> IntArray:
    k = c.shape[0]
    for _ in range(max_iter):
        lab = ((x[:, None, :] - c[None, :, :]) ** 2).sum(-1).argmin(axis=1)
        ws = np.bincount(lab, weights=w, minlength=k)
        new: FloatArray = np.column_stack(
            [
                np.bincount(lab, weights=w * x[:, 0], minlength=k),
                np.bincount(lab, weights=w * x[:, 1], minlength=k),
            ]
        ).astype(np.float64)
        empty = ws == 0
        new[~empty] /= ws[~empty, None]
        new[empty] = c[empty]
        if np.array_equal(new, c):
            break
        c = new
    lab = ((x[:, None, :] - c[None, :, :]) ** 2).sum(-1).argmin(axis=1).astype(np.int64)
    # Relabel densely so empty clusters do not leave gaps.
    _, dense = np.unique(lab, return_inverse=True)
    return dense.ravel().astype(np.int64)


def _lloyd_gemm(
    x: FloatArray, w: FloatArray, c: FloatArray, max_iter: int
) -> tuple[IntArray, FloatArray]:
    """Weighted Lloyd iterations, nearest centre found with a k-d tree (2-D, exact).

    Stops when no centre moves more than 1e-3 of the data's spread (Pol.is stops at 0.01
    absolute) or after ``max_iter`` iterations.
    """
    k = c.shape[0]
    spread = float(np.ptp(x, axis=0).max()) or 1.0
    wx, wy = w * x[:, 0], w * x[:, 1]
    for _ in range(max_iter):
        lab = np.asarray(cKDTree(c).query(x, k=1)[1], dtype=np.int64)
        ws = np.bincount(lab, weights=w, minlength=k)
        new: FloatArray = np.column_stack(
            [np.bincount(lab, weights=wx, minlength=k), np.bincount(lab, weights=wy, minlength=k)]
        ).astype(np.float64)
        filled = ws > 0
        new[filled] /= ws[filled, None]
        new[~filled] = c[~filled]
        shift = float(np.abs(new - c).max())
        c = new
        if shift <= 1e-3 * spread:
            break
    return np.asarray(cKDTree(c).query(x, k=1)[1], dtype=np.int64), c


def _spread_seeds(x: FloatArray, w: FloatArray, k: int, random_state: int) -> FloatArray:
    """k seeds spread like the data: systematic weighted sampling along a Z-order curve.

    Points are ordered along a Morton curve over a 64 × 64 grid (nearby points stay nearby in
    the order), and one seed is taken per 1/k of the cumulative weight, at an offset drawn
    from ``random_state``. O(m log m), no O(k·m) k-means++ passes; Lloyd does the rest.
    """
    lo = x.min(axis=0)
    span = np.maximum(x.max(axis=0) - lo, 1e-12)
    cell = np.clip(((x - lo) / span * 64).astype(np.int64), 0, 63)
    code = np.zeros(x.shape[0], dtype=np.int64)
    for bit in range(6):
        code |= ((cell[:, 0] >> bit) & 1) << (2 * bit + 1)
        code |= ((cell[:, 1] >> bit) & 1) << (2 * bit)
    order = np.lexsort((x[:, 1], x[:, 0], code))
    cum = np.cumsum(w[order])
    offset = float(np.random.default_rng(random_state).random())
    targets = (np.arange(k) + offset) * (cum[-1] / k)
    picks = order[np.minimum(np.searchsorted(cum, targets, side="left"), order.size - 1)]
    seeds = x[np.unique(picks)]
    if seeds.shape[0] < k:
        rest = np.setdiff1d(np.arange(x.shape[0]), picks)[: k - seeds.shape[0]]
        seeds = np.vstack([seeds, x[rest]])
    return np.asarray(seeds, dtype=np.float64)


def _kmeanspp(
    x: FloatArray,
    w: FloatArray,
    k: int,
    rng: np.random.Generator,
    given: FloatArray | None = None,
) -> FloatArray:
    """Weighted k-means++ seeding (plain, one candidate per step), keeping ``given`` seeds."""
    n = x.shape[0]
    if given is not None and given.shape[0]:
        centres = list(given)
        d2 = ((x[:, None, :] - given[None, :, :]) ** 2).sum(-1).min(axis=1)
    else:
        first = int(rng.choice(n, p=w / w.sum()))
        centres = [x[first]]
        d2 = ((x - x[first]) ** 2).sum(-1)
    for _ in range(len(centres), k):
        cum = np.cumsum(w * d2)
        tot = float(cum[-1])
        if tot > 0:
            idx = min(int(np.searchsorted(cum, rng.random() * tot, side="right")), n - 1)
        else:
            idx = int(rng.integers(n))
        centres.append(x[idx])
        d2 = np.minimum(d2, ((x - x[idx]) ** 2).sum(-1))
    return np.asarray(centres)


def silhouette(dist: FloatArray, labels: IntArray, weights: FloatArray) -> float:
    """Silhouette of a clustering of weighted points given their distance matrix.

    A point of weight w stands for w participants at the same place, so within-cluster means
    exclude one copy of the point itself; a participant alone in its group scores 0.
    """
    k = int(labels.max()) + 1
    onehot = np.zeros((labels.shape[0], k))
    onehot[np.arange(labels.shape[0]), labels] = weights
    sums = dist @ onehot  # (m, k): weighted distance sum to each cluster
    size = onehot.sum(axis=0)
    own = size[labels] - 1.0
    a = np.divide(
        sums[np.arange(labels.shape[0]), labels], own, out=np.zeros(labels.shape[0]), where=own > 0
    )
    mean_other = sums / np.maximum(size, 1e-300)
    mean_other[np.arange(labels.shape[0]), labels] = np.inf
    b = mean_other.min(axis=1)
    denom = np.maximum(a, b)
    s = np.divide(b - a, denom, out=np.zeros_like(a), where=(denom > 0) & (own > 0))
    return float((s * weights).sum() / weights.sum())
