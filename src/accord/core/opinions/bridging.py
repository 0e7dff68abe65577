"""Bridging scores: Community Notes' matrix factorisation, solved by exact ALS.

Model (twitter/communitynotes, ``matrix_factorization.py``, 1-D factors):
    r̂_un = μ + i_u + i_n + f_u · f_n
Loss as coded there (penalties are *means* over each parameter tensor):
    L = mean_(u,n) (r_un - r̂_un)² + λ_i (mean i_u² + mean i_n² + μ²) + λ_f (mean f_u² + mean f_n²)
with λ_f = 0.03 and λ_i = 5 λ_f. The statement intercept i_n is the bridging score: the
support a statement gets once the main axis of disagreement (f_u f_n) is factored out.

Community Notes minimises L with full-batch Adam. We minimise the same L by alternating
exact ridge solves: with the raters fixed, each item's (i_n, f_n) is a 2 × 2 linear system,
and vice versa; μ is closed-form. Every sweep is O(n_ratings) (a few sparse products) and
never increases L. Deterministic for a given ``random_state`` and warm start.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from accord.core.opinions.matrix import AGREE, DISAGREE, VoteMatrix, _factorize

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

L2_LAMBDA = 0.03
INTERCEPT_LAMBDA_RATIO = 5.0
HELPFUL_THRESHOLD = 0.40


@dataclass(frozen=True, eq=False)
class Ratings:
    """Ratings of items by raters: values in [0, 1] (1 helpful/agree, 0.5 somewhat, 0 no).

    Arrays of shape (n_ratings,): ``rater`` and ``item`` positions into ``rater_ids`` and
    ``item_ids``; one rating per (rater, item) pair (last one wins at construction).
    """

    rater_ids: NDArray[np.generic]
    item_ids: NDArray[np.generic]
    rater: IntArray
    item: IntArray
    value: FloatArray

    @classmethod
    def from_triples(cls, raters: ArrayLike, items: ArrayLike, values: ArrayLike) -> Ratings:
        """Build from parallel arrays in time order; NaN or out-of-range values are dropped."""
        v = np.asarray(values, dtype=np.float64)
        ok = np.isfinite(v) & (v >= 0.0) & (v <= 1.0)
        r_idx, r_ids, _ = _factorize(np.asarray(raters)[ok], None)
        i_idx, i_ids, _ = _factorize(np.asarray(items)[ok], None)
        width = max(len(i_ids), 1)
        key = r_idx * width + i_idx
        order = np.argsort(key, kind="stable")
        ks = key[order]
        last = np.ones(ks.shape[0], bool)
        if ks.shape[0] > 1:
            last[:-1] = ks[1:] != ks[:-1]
        pick = order[last]
        return cls(r_ids, i_ids, key[pick] // width, key[pick] % width, v[ok][pick])

    @classmethod
    def from_votes(cls, matrix: VoteMatrix, *, pass_value: float | None = None) -> Ratings:
        """Agree → 1.0, disagree → 0.0, pass → ``pass_value`` (dropped when None)."""
        v = matrix.votes
        vals = np.where(v == AGREE, 1.0, np.where(v == DISAGREE, 0.0, pass_value or 0.0))
        keep = (v != 0) if pass_value is None else np.ones(v.shape[0], bool)
        return cls(
            matrix.participant_ids,
            matrix.statement_ids,
            matrix.row_index()[keep],
            matrix.indices[keep].astype(np.int64),
            vals[keep],
        )

    @property
    def n_ratings(self) -> int:
        return int(self.value.shape[0])


@dataclass(frozen=True, eq=False)
class BridgingResult:
    """Fitted parameters. Item arrays (n_items,), rater arrays (n_raters,), ids in input order.

    ``item_scored``/``rater_scored`` are False for those dropped by the prefilter (their
    parameters are 0). ``item_intercept`` is the bridging score; ``helpful`` is
    intercept ≥ 0.40 (Community Notes' threshold). ``loss`` is the CN loss at the optimum.
    """

    item_ids: NDArray[np.generic]
    rater_ids: NDArray[np.generic]
    item_intercept: FloatArray
    item_factor: FloatArray
    rater_intercept: FloatArray
    rater_factor: FloatArray
    global_intercept: float
    item_scored: NDArray[np.bool_]
    rater_scored: NDArray[np.bool_]
    loss: float
    n_iter: int
    n_ratings_used: int

    @property
    def helpful(self) -> NDArray[np.bool_]:
        return self.item_scored & (self.item_intercept >= HELPFUL_THRESHOLD)

    def score_of(self, item_id: Hashable) -> float:
        hits = np.flatnonzero(self.item_ids == item_id)
        if hits.size == 0:
            raise KeyError(item_id)
        return float(self.item_intercept[hits[0]])


def cn_loss(
    ratings: Ratings,
    mu: float,
    iu: FloatArray,
    fu: FloatArray,
    in_: FloatArray,
    fn: FloatArray,
    *,
    l2_lambda: float = L2_LAMBDA,
    intercept_ratio: float = INTERCEPT_LAMBDA_RATIO,
) -> float:
    """The Community Notes loss, computed directly (O(n_ratings)), for checking."""
    pred = mu + iu[ratings.rater] + in_[ratings.item] + fu[ratings.rater] * fn[ratings.item]
    li = l2_lambda * intercept_ratio
    return float(
        np.mean((ratings.value - pred) ** 2)
        + li * (np.mean(iu**2) + np.mean(in_**2) + mu**2)
        + l2_lambda * (np.mean(fu**2) + np.mean(fn**2))
    )


def bridging_scores(
    ratings: Ratings | VoteMatrix,
    *,
    l2_lambda: float = L2_LAMBDA,
    intercept_ratio: float = INTERCEPT_LAMBDA_RATIO,
    min_rater_ratings: int = 10,
    min_item_ratings: int = 5,
    random_state: int = 0,
    warm_start: BridgingResult | None = None,
    tol: float = 1e-7,
    max_iter: int = 500,
) -> BridgingResult:
    """Fit the Community Notes model and return per-item bridging scores.

    Prefilter (not recursive, as in CN): raters with ≥ ``min_rater_ratings`` ratings, then
    items with ≥ ``min_item_ratings`` ratings among them. Stops when the loss improves by
    ≤ ``tol`` (absolute, CN's criterion) or after ``max_iter`` sweeps. The factor sign is
    fixed so that at least half the raters have a negative factor (CN's convention).
    ``warm_start`` (a previous result, matched by id) makes refits after a few new ratings
    take a handful of sweeps. Cost per sweep O(n_ratings).
    """
    r = ratings if isinstance(ratings, Ratings) else Ratings.from_votes(ratings)
    n_r, n_i = len(r.rater_ids), len(r.item_ids)
    rcount = np.bincount(r.rater, minlength=n_r)
    keep = rcount[r.rater] >= min_rater_ratings
    icount = np.bincount(r.item[keep], minlength=n_i)
    keep &= icount[r.item] >= min_item_ratings
    rater_ok = np.bincount(r.rater[keep], minlength=n_r) > 0
    item_ok = np.bincount(r.item[keep], minlength=n_i) > 0
    empty = BridgingResult(
        r.item_ids,
        r.rater_ids,
        np.zeros(n_i),
        np.zeros(n_i),
        np.zeros(n_r),
        np.zeros(n_r),
        0.0,
        item_ok,
        rater_ok,
        0.0,
        0,
        0,
    )
    if not keep.any():
        return empty
    ru = np.flatnonzero(rater_ok)
    it = np.flatnonzero(item_ok)
    rmap = np.full(n_r, -1, np.int64)
    rmap[ru] = np.arange(ru.size)
    imap = np.full(n_i, -1, np.int64)
    imap[it] = np.arange(it.size)
    u = rmap[r.rater[keep]]
    n = imap[r.item[keep]]
    y = r.value[keep]
    fit = _als(
        u,
        n,
        y,
        ru.size,
        it.size,
        l2_lambda,
        l2_lambda * intercept_ratio,
        _initial(r, ru, it, warm_start, random_state),
        tol,
        max_iter,
    )
    mu, iu, fu, in_, fn, loss, n_iter = fit
    if (fu < 0).mean() < 0.5:
        fu, fn = -fu, -fn
    out_iu = np.zeros(n_r)
    out_fu = np.zeros(n_r)
    out_in = np.zeros(n_i)
    out_fn = np.zeros(n_i)
    out_iu[ru], out_fu[ru], out_in[it], out_fn[it] = iu, fu, in_, fn
    return BridgingResult(
        r.item_ids,
        r.rater_ids,
        out_in,
        out_fn,
        out_iu,
        out_fu,
        mu,
        item_ok,
        rater_ok,
        loss,
        n_iter,
        int(y.shape[0]),
    )


_Init = tuple[float, FloatArray, FloatArray, FloatArray, FloatArray]


def _initial(
    r: Ratings, ru: IntArray, it: IntArray, warm: BridgingResult | None, seed: int
) -> _Init:
    rng = np.random.default_rng(seed)
    fu = rng.normal(0.0, 0.5, ru.size)
    iu = np.zeros(ru.size)
    in_ = np.zeros(it.size)
    fn = np.zeros(it.size)
    mu = 0.0
    if warm is not None:
        mu = warm.global_intercept
        for ids, pos, w_ids, w_i, w_f, dst_i, dst_f in (
            (r.rater_ids, ru, warm.rater_ids, warm.rater_intercept, warm.rater_factor, iu, fu),
            (r.item_ids, it, warm.item_ids, warm.item_intercept, warm.item_factor, in_, fn),
        ):
            lookup = {x: j for j, x in enumerate(w_ids.tolist())}
            for k, p in enumerate(pos.tolist()):
                j = lookup.get(ids[p].item() if isinstance(ids[p], np.generic) else ids[p])
                if j is not None:
                    dst_i[k], dst_f[k] = w_i[j], w_f[j]
    return mu, iu, fu, in_, fn


def _als(
    u: IntArray,
    n: IntArray,
    y: FloatArray,
    n_u: int,
    n_n: int,
    lf: float,
    li: float,
    init: _Init,
    tol: float,
    max_iter: int,
) -> tuple[float, FloatArray, FloatArray, FloatArray, FloatArray, float, int]:
    big_n = float(y.shape[0])
    by_rater = sp.csr_matrix((y, (u, n)), shape=(n_u, n_n))
    by_rater.sum_duplicates()
    pat_rater = by_rater.copy()
    pat_rater.data = np.ones_like(pat_rater.data)
    by_item = by_rater.T.tocsr()
    pat_item = pat_rater.T.tocsr()
    cnt_u = np.asarray(pat_rater.sum(axis=1)).ravel()
    cnt_n = np.asarray(pat_item.sum(axis=1)).ravel()
    sr_u = np.asarray(by_rater.sum(axis=1)).ravel()
    sr_n = np.asarray(by_item.sum(axis=1)).ravel()
    sum_r2 = float(np.dot(y, y))
    mu, iu, fu, in_, fn = init
    ai, af = li * big_n / n_n, lf * big_n / n_n
    bi, bf = li * big_n / n_u, lf * big_n / n_u
    prev = np.inf
    loss = np.inf
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007 - reported
        # Items given raters.
        s = pat_item @ np.column_stack([iu, fu, fu * fu, iu * fu])
        rf = by_item @ fu
        sy = sr_n - cnt_n * mu - s[:, 0]
        syf = rf - mu * s[:, 1] - s[:, 3]
        in_, fn = _solve2(cnt_n + ai, s[:, 1], s[:, 2] + af, sy, syf)
        # Raters given items.
        t = pat_rater @ np.column_stack([in_, fn, fn * fn, in_ * fn])
        rfn = by_rater @ fn
        sy = sr_u - cnt_u * mu - t[:, 0]
        syf = rfn - mu * t[:, 1] - t[:, 3]
        iu, fu = _solve2(cnt_u + bi, t[:, 1], t[:, 2] + bf, sy, syf)
        # Global intercept, closed form.
        resid_sum = float(sr_u.sum() - cnt_u @ iu - cnt_n @ in_ - fu @ t[:, 1])
        mu = resid_sum / (big_n * (1.0 + li))
        # Loss from the same sums (no per-rating pass).
        srp = mu * sr_u.sum() + iu @ sr_u + in_ @ sr_n + fu @ rfn
        sp2 = (
            big_n * mu * mu
            + cnt_u @ (iu * iu)
            + cnt_n @ (in_ * in_)
            + (fu * fu) @ t[:, 2]
            + 2 * mu * (cnt_u @ iu + cnt_n @ in_ + fu @ t[:, 1])
            + 2 * (iu @ t[:, 0] + (iu * fu) @ t[:, 1] + fu @ t[:, 3])
        )
        sse = sum_r2 - 2 * srp + sp2
        loss = (
            sse / big_n
            + li * (float(np.mean(iu * iu)) + float(np.mean(in_ * in_)) + mu * mu)
            + lf * (float(np.mean(fu * fu)) + float(np.mean(fn * fn)))
        )
        if abs(prev - loss) <= tol:
            break
        prev = loss
    return mu, iu, fu, in_, fn, float(loss), n_iter


def _solve2(
    a: FloatArray, b: FloatArray, d: FloatArray, e: FloatArray, f: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Solve [[a, b], [b, d]] · [x, z] = [e, f] elementwise (positive definite)."""
    det = a * d - b * b
    return (d * e - b * f) / det, (a * f - b * e) / det
