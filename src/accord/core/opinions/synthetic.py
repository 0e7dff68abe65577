"""Seeded synthetic vote matrices with planted opinion groups (tests and benchmarks).

Set-up of perf-anchors §1: latent groups (default 50/30/20 %) with a stance in [-1, 1] per
statement, 10 % consensus statements (same stance for everyone), Zipf-like statement
popularity w ∝ (rank + 10)^-0.6, 15 % passes, otherwise agree with probability
(1 + stance)/2. Only unique (participant, statement) pairs are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.core.opinions.matrix import VoteMatrix


@dataclass(frozen=True, eq=False)
class SyntheticVotes:
    """A planted matrix: ``group`` (n_participants,) is each participant's latent group,
    ``stance`` (n_groups, n_statements), ``consensus`` (n_statements,) bool."""

    matrix: VoteMatrix
    group: NDArray[np.int64]
    stance: NDArray[np.float64]
    consensus: NDArray[np.bool_]


def planted_votes(
    n_participants: int,
    n_statements: int,
    n_votes: int,
    *,
    shares: tuple[float, ...] = (0.5, 0.3, 0.2),
    pass_rate: float = 0.15,
    consensus_share: float = 0.1,
    polarisation: float = 0.8,
    seed: int = 0,
) -> SyntheticVotes:
    """Draw about ``n_votes`` unique votes (fewer if the matrix is too small to hold them).

    ``polarisation`` scales the group stances (1 = groups always vote their side).
    Cost O(n_votes log n_votes); 2 M votes take well under a second.
    """
    rng = np.random.default_rng(seed)
    n_groups = len(shares)
    group = rng.choice(n_groups, size=n_participants, p=np.asarray(shares) / sum(shares))
    stance = rng.choice([-1.0, 1.0], size=(n_groups, n_statements)) * polarisation
    # Make sure groups actually differ on most statements.
    stance[1:] *= np.where(rng.random((n_groups - 1, n_statements)) < 0.6, -1.0, 1.0)
    consensus = rng.random(n_statements) < consensus_share
    stance[:, consensus] = rng.choice([-0.9, 0.9], size=int(consensus.sum()))
    pop = (rng.permutation(n_statements) + 10.0) ** -0.6
    pop /= pop.sum()
    n_votes = min(n_votes, n_participants * n_statements)
    want = int(n_votes * 1.15) + 16
    keys = np.zeros(0, dtype=np.int64)
    for _ in range(8):
        p = rng.integers(0, n_participants, size=want)
        s = (
            rng.choice(n_statements, size=want, p=pop)
            if n_statements < 50_000
            else (rng.integers(0, n_statements, size=want))
        )
        keys = np.unique(np.concatenate([keys, p.astype(np.int64) * n_statements + s]))
        if keys.size >= n_votes:
            break
    keys = rng.permutation(keys)[:n_votes]
    keys.sort()
    rows = keys // n_statements
    cols = keys % n_statements
    st = stance[group[rows], cols]
    u = rng.random(keys.size)
    agree = rng.random(keys.size) < (1.0 + st) / 2.0
    votes = np.where(u < pass_rate, 0, np.where(agree, 1, -1)).astype(np.int8)
    indptr = np.zeros(n_participants + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_participants), out=indptr[1:])
    matrix = VoteMatrix.from_csr(indptr, cols.astype(np.int32), votes, n_statements)
    return SyntheticVotes(matrix, group.astype(np.int64), stance, consensus)


@dataclass(frozen=True, eq=False)
class SyntheticRatings:
    """Planted ratings: ``bridging`` (n_items,) marks items liked across both camps."""

    raters: NDArray[np.int64]
    items: NDArray[np.int64]
    values: NDArray[np.float64]
    bridging: NDArray[np.bool_]
    rater_factor: NDArray[np.float64]
    item_factor: NDArray[np.float64]


def planted_ratings(
    n_raters: int, n_items: int, n_ratings: int, *, bridging_share: float = 0.08, seed: int = 0
) -> SyntheticRatings:
    """Community-Notes-like ratings (perf-anchors §1): two camps of raters with factors
    ±U(0.5, 1.2); most items are partisan (factor ±U(0.5, 1.2), intercept U(-0.3, 0.1)),
    ``bridging_share`` are bridging (factor ≈ 0, intercept +0.45). Pareto activity and
    popularity; latent scores mapped to {0, 0.5, 1}. Pairs are unique.
    """
    rng = np.random.default_rng(seed)
    camp = np.where(rng.random(n_raters) < 0.5, -1.0, 1.0)
    f_u = camp * rng.uniform(0.5, 1.2, n_raters)
    bridging = rng.random(n_items) < bridging_share
    f_n = np.where(
        bridging,
        rng.normal(0.0, 0.05, n_items),
        rng.choice([-1.0, 1.0], n_items) * rng.uniform(0.5, 1.2, n_items),
    )
    i_n = np.where(bridging, 0.45, rng.uniform(-0.3, 0.1, n_items))
    i_u = rng.normal(0.0, 0.1, n_raters)
    act = rng.pareto(1.5, n_raters) + 1.0
    pop = rng.pareto(1.2, n_items) + 1.0
    want = int(n_ratings * 1.6) + 16
    u = np.searchsorted(np.cumsum(act / act.sum()), rng.random(want)).clip(0, n_raters - 1)
    n = np.searchsorted(np.cumsum(pop / pop.sum()), rng.random(want)).clip(0, n_items - 1)
    key = np.unique(u.astype(np.int64) * n_items + n)
    key = rng.permutation(key)[:n_ratings]
    u, n = key // n_items, key % n_items
    latent = 0.35 + i_u[u] + i_n[n] + 0.4 * f_u[u] * f_n[n] + rng.normal(0.0, 0.15, key.size)
    values = np.where(latent > 0.6, 1.0, np.where(latent > 0.3, 0.5, 0.0))
    return SyntheticRatings(u, n, values, bridging, f_u, f_n)
