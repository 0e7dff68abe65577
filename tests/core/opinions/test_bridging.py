"""Bridging scores: same loss as Community Notes, same optimum as its optimiser (Adam)."""

from __future__ import annotations

import numpy as np
import pytest

from accord.core.opinions import Ratings, VoteMatrix, bridging_scores, cn_loss
from accord.core.opinions.bridging import INTERCEPT_LAMBDA_RATIO, L2_LAMBDA
from accord.core.opinions.synthetic import planted_ratings


@pytest.fixture(scope="module")
def planted() -> tuple[Ratings, np.ndarray]:
    s = planted_ratings(400, 300, 12_000, seed=2)
    return Ratings.from_triples(s.raters, s.items, s.values), s.bridging


def _adam_reference(r: Ratings, epochs: int = 1000, lr: float = 0.1) -> tuple[float, np.ndarray]:
    """Community Notes' optimiser: full-batch Adam on the coded loss (numpy port)."""
    rng = np.random.default_rng(0)
    n_u, n_n, big_n = len(r.rater_ids), len(r.item_ids), float(r.n_ratings)
    li, lf = L2_LAMBDA * INTERCEPT_LAMBDA_RATIO, L2_LAMBDA
    params = [
        np.zeros(1),
        np.zeros(n_u),
        rng.normal(0, 0.1, n_u),
        np.zeros(n_n),
        rng.normal(0, 0.1, n_n),
    ]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for t in range(1, epochs + 1):
        mu, iu, fu, in_, fn = params
        e = mu[0] + iu[r.rater] + in_[r.item] + fu[r.rater] * fn[r.item] - r.value
        grads = [
            np.array([2 * e.mean() + 2 * li * mu[0]]),
            2 * np.bincount(r.rater, e, n_u) / big_n + 2 * li * iu / n_u,
            2 * np.bincount(r.rater, e * fn[r.item], n_u) / big_n + 2 * lf * fu / n_u,
            2 * np.bincount(r.item, e, n_n) / big_n + 2 * li * in_ / n_n,
            2 * np.bincount(r.item, e * fu[r.rater], n_n) / big_n + 2 * lf * fn / n_n,
        ]
        for i, g in enumerate(grads):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            params[i] = params[i] - lr * (m[i] / (1 - 0.9**t)) / (
                np.sqrt(v[i] / (1 - 0.999**t)) + 1e-8
            )
    mu, iu, fu, in_, fn = params
    return cn_loss(r, float(mu[0]), iu, fu, in_, fn), in_


def test_same_optimum_as_community_notes_optimiser(planted: tuple[Ratings, np.ndarray]) -> None:
    r, _ = planted
    ours = bridging_scores(r, min_rater_ratings=0, min_item_ratings=0)
    # The loss we report is the CN loss evaluated directly at our parameters.
    direct = cn_loss(
        r,
        ours.global_intercept,
        ours.rater_intercept,
        ours.rater_factor,
        ours.item_intercept,
        ours.item_factor,
    )
    assert ours.loss == pytest.approx(direct, abs=1e-10)
    ref_loss, ref_intercepts = _adam_reference(r)
    # ALS stops like CN (loss change <= 1e-7), so it sits within ~1e-6 of Adam's optimum.
    assert ours.loss <= ref_loss + 1e-6
    assert np.corrcoef(ours.item_intercept, ref_intercepts)[0, 1] > 0.995


def test_planted_bridging_items_score_highest(planted: tuple[Ratings, np.ndarray]) -> None:
    r, bridging = planted
    res = bridging_scores(r)
    truth = bridging[np.asarray(r.item_ids)]
    scored = res.item_scored
    pos = res.item_intercept[scored & truth]
    neg = res.item_intercept[scored & ~truth]
    auc = (pos[:, None] > neg[None, :]).mean()
    assert auc > 0.95
    assert res.helpful[truth].mean() > 0.5 and res.helpful[~truth].mean() < 0.05
    assert (res.rater_factor[res.rater_scored] < 0).mean() >= 0.5  # CN sign convention


def test_deterministic_and_warm_start_is_faster(planted: tuple[Ratings, np.ndarray]) -> None:
    r, _ = planted
    a, b = bridging_scores(r), bridging_scores(r)
    assert a.item_intercept.tobytes() == b.item_intercept.tobytes()
    warm = bridging_scores(r, warm_start=a)
    assert warm.n_iter < a.n_iter / 3
    np.testing.assert_allclose(warm.item_intercept, a.item_intercept, atol=1e-3)


def test_from_votes_and_degenerate_input() -> None:
    empty = bridging_scores(VoteMatrix.from_triples([], [], []))
    assert empty.n_ratings_used == 0 and empty.item_intercept.size == 0
    few = bridging_scores(VoteMatrix.from_triples([1, 2], [1, 1], [1, -1]))
    assert not few.item_scored.any() and np.all(np.isfinite(few.item_intercept))
    r = Ratings.from_triples([1, 1, 2], ["a", "a", "b"], [1.0, 0.0, float("nan")])
    assert r.n_ratings == 1 and r.value.tolist() == [0.0]  # last wins, NaN dropped
