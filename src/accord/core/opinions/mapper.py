"""The opinion-map pipeline as a scikit-learn-style estimator, plus the one-call function.

centre → PCA (2 axes) → projection → in-conv participants → 100 base clusters → groups
(k by silhouette) → repness per group → consensus → group-aware consensus [→ bridging].
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable
from typing import Self

import numpy as np
from numpy.typing import NDArray

from accord.core.opinions._threads import single_thread
from accord.core.opinions.bridging import BridgingResult, bridging_scores
from accord.core.opinions.clustering import (
    BaseClusters,
    GroupClustering,
    base_clusters,
    group_clusters,
    select_in_conversation,
)
from accord.core.opinions.consensus import group_aware_consensus, select_consensus
from accord.core.opinions.matrix import NotEnoughVotes, VoteMatrix
from accord.core.opinions.projection import (
    centre,
    pca,
    project_participants,
    project_statements,
)
from accord.core.opinions.repness import (
    RepStatement,
    group_counts,
    repness_stats,
    select_representative,
    vote_counts,
)
from accord.core.opinions.result import NOT_ENOUGH_VOTES, OpinionGroup, OpinionMap

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


class OpinionMapper:
    """Computes :class:`OpinionMap` s; ``fit`` cold, ``update`` warm from the previous fit.

    Parameters mirror Pol.is's defaults: 100 base clusters, 2..5 groups, in-conv at
    ≥ 7 votes (at least 15 participants), 5 statements per list, k changes only after
    ``k_smoother`` consecutive updates prefer the new k (``update`` only).

    Learned attributes: ``map_`` (the result), ``components_`` (2, C), ``base_centres_``,
    ``k_``. Results are deterministic for a given ``random_state`` (BLAS and OpenMP are
    pinned to one thread while fitting, so they are bit-identical across runs).
    """

    map_: OpinionMap
    components_: FloatArray
    base_centres_: FloatArray
    k_: int
    _k_candidate: tuple[int, int]

    def __init__(
        self,
        *,
        random_state: int = 0,
        n_base_clusters: int = 100,
        max_groups: int = 5,
        min_votes: int = 7,
        min_participants: int = 15,
        pick_max: int = 5,
        k_smoother: int = 4,
        weighted_silhouette: bool = False,
        init: str = "k-means++",
        min_group_fraction: float = 0.02,
        min_group_size: int = 3,
        k_tolerance: float = 0.01,
        pca_tol: float = 5e-3,
        bridging: bool = False,
    ) -> None:
        self.random_state = random_state
        self.n_base_clusters = n_base_clusters
        self.max_groups = max_groups
        self.min_votes = min_votes
        self.min_participants = min_participants
        self.pick_max = pick_max
        self.k_smoother = k_smoother
        self.weighted_silhouette = weighted_silhouette
        self.init = init
        self.min_group_fraction = min_group_fraction
        self.min_group_size = min_group_size
        self.k_tolerance = k_tolerance
        self.pca_tol = pca_tol
        self.bridging = bridging

    def fit(
        self,
        matrix: VoteMatrix,
        *,
        excluded_statements: Iterable[Hashable] = (),
        include_participants: Iterable[Hashable] = (),
    ) -> Self:
        """Compute the map from scratch. ``excluded_statements``: moderated-out or meta ids
        (Pol.is zeroes them); ``include_participants``: ids always clustered."""
        self._k_candidate: tuple[int, int] = (0, 0)
        self.k_ = 0
        self.map_ = self._run(matrix, excluded_statements, include_participants, warm=False)
        return self

    def update(
        self,
        matrix: VoteMatrix,
        *,
        excluded_statements: Iterable[Hashable] = (),
        include_participants: Iterable[Hashable] = (),
    ) -> Self:
        """Recompute after new votes, warm-starting PCA, base clusters and k from the last fit.

        ``matrix`` should extend the previous one (e.g. ``VoteMatrix.with_votes``), so rows
        and columns keep their positions; otherwise this is a cold ``fit``.
        """
        if not hasattr(self, "map_"):
            return self.fit(
                matrix,
                excluded_statements=excluded_statements,
                include_participants=include_participants,
            )
        self.map_ = self._run(matrix, excluded_statements, include_participants, warm=True)
        return self

    # ------------------------------------------------------------------------------------------
    def _run(
        self,
        matrix: VoteMatrix,
        excluded_statements: Iterable[Hashable],
        include_participants: Iterable[Hashable],
        *,
        warm: bool,
    ) -> OpinionMap:
        with single_thread():
            return self._pipeline(matrix, excluded_statements, include_participants, warm)

    def _pipeline(
        self,
        matrix: VoteMatrix,
        excluded_statements: Iterable[Hashable],
        include_participants: Iterable[Hashable],
        warm: bool,
    ) -> OpinionMap:
        t: dict[str, float] = {}
        t0 = time.perf_counter()
        n_p, n_s = matrix.shape
        excl_idx = matrix.statement_positions(excluded_statements)
        excluded = np.zeros(n_s, dtype=bool)
        excluded[excl_idx] = True
        eligible = ~excluded
        c = centre(matrix, excl_idx)
        t["centre"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        init = None
        if warm and self.components_.shape[1] <= n_s:
            init = np.zeros((2, n_s))
            init[:, : self.components_.shape[1]] = self.components_
        res = pca(c, random_state=self.random_state, init=init, tol=self.pca_tol)
        comps = res.components
        # Excluded statements' columns are zero in ``c``, so their loadings are zero up to
        # the solver's rounding (1e-16, varying with BLAS threading): make them exactly so.
        comps[:, excluded] = 0.0
        if warm and init is not None:
            # Keep each axis pointing the way it did last time (no sign flicker).
            for i in range(2):
                if float(comps[i] @ init[i]) < 0:
                    comps[i] = -comps[i]
        self.components_ = comps
        proj = project_participants(c, comps)
        stmt_proj = project_statements(c, comps)
        t["pca"] = time.perf_counter() - t0

        # Counts over everybody (consensus and per-statement stats).
        t0 = time.perf_counter()
        everyone = vote_counts(matrix)
        n_agree, n_disagree, n_seen = everyone.agree[0], everyone.disagree[0], everyone.seen[0]
        n_pass = n_seen - n_agree - n_disagree
        cons_a, cons_d = select_consensus(
            n_agree, n_disagree, n_seen, matrix.statement_ids, eligible, pick_max=self.pick_max
        )
        t["consensus"] = time.perf_counter() - t0

        # Who is clustered, base clusters, groups.
        t0 = time.perf_counter()
        # Pol.is decides who is in from the raw matrix (conversation.clj, user-vote-counts
        # and n-cmts), before moderated-out columns are zeroed: every vote counts, and the
        # statements are those voted on, moderated out or not. The excluded columns still
        # take no part in the projection or the groups.
        forced = matrix.participant_positions(include_participants)
        in_conv = select_in_conversation(
            matrix.votes_per_participant().astype(np.int64),
            int(np.count_nonzero(n_seen)),
            min_votes=self.min_votes,
            min_participants=self.min_participants,
            forced=forced,
        )
        in_idx = np.flatnonzero(in_conv)
        base_init = self.base_centres_ if warm and hasattr(self, "base_centres_") else None
        if in_idx.size:
            base = base_clusters(
                proj[in_idx],
                k=self.n_base_clusters,
                random_state=self.random_state,
                init=base_init,
                polis_init=self.init == "polis",
            )
        else:
            base = BaseClusters(np.zeros((0, 2)), np.zeros(0), np.zeros(0, np.int64))
        self.base_centres_ = base.centres
        base_labels = np.full(n_p, -1, dtype=np.int64)
        base_labels[in_idx] = base.labels
        t["base_clusters"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        groups = self._groups(base, warm)
        labels = np.full(n_p, -1, dtype=np.int64)
        t["groups"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        status: str = "ok"
        message = "ok"
        group_list: tuple[OpinionGroup, ...] = ()
        sils: dict[int, float] = {}
        if groups is None:
            status = "not_enough_votes"
            min_size = int(
                np.ceil(max(self.min_group_size, self.min_group_fraction * float(in_idx.size)))
            )
            message = _why_not(
                n_p, n_s, matrix.n_votes, in_idx.size, base.centres.shape[0], min_size
            )
            counts = group_counts(matrix, np.where(in_conv, 0, -1).astype(np.int64), 1)
            gac_a, gac_d = group_aware_consensus(counts)
        else:
            gclust, sils = groups
            labels[in_idx] = gclust.labels[base.labels]
            counts = group_counts(matrix, labels, gclust.k)
            gac_a, gac_d = group_aware_consensus(counts)
            reps = select_representative(
                repness_stats(counts), matrix.statement_ids, eligible, pick_max=self.pick_max
            )
            sizes = np.bincount(labels[labels >= 0], minlength=gclust.k)
            group_list = tuple(
                OpinionGroup(
                    g,
                    int(sizes[g]),
                    (float(gclust.centres[g, 0]), float(gclust.centres[g, 1])),
                    reps[g],
                )
                for g in range(gclust.k)
            )
        t["repness"] = time.perf_counter() - t0

        bridging: BridgingResult | None = None
        if self.bridging:
            t0 = time.perf_counter()
            bridging = bridging_scores(matrix, random_state=self.random_state)
            t["bridging"] = time.perf_counter() - t0
        return OpinionMap(
            status="ok" if status == "ok" else "not_enough_votes",
            message=message,
            participant_ids=matrix.participant_ids,
            statement_ids=matrix.statement_ids,
            projection=proj,
            statement_projection=stmt_proj,
            extremity=np.sqrt((stmt_proj**2).sum(axis=1)),
            components=comps,
            singular_values=res.singular_values,
            means=c.means,
            in_conversation=in_conv,
            base_labels=base_labels,
            base_centres=base.centres,
            base_weights=base.weights,
            labels=labels,
            groups=group_list,
            silhouettes=sils,
            consensus_agree=cons_a,
            consensus_disagree=cons_d,
            group_aware_consensus=gac_a,
            group_aware_consensus_disagree=gac_d,
            n_agree=n_agree,
            n_disagree=n_disagree,
            n_pass=n_pass,
            excluded=excluded,
            bridging=bridging,
            timings=t,
        )

    def _groups(
        self, base: BaseClusters, warm: bool
    ) -> tuple[GroupClustering, dict[int, float]] | None:
        kw = {
            "max_groups": self.max_groups,
            "random_state": self.random_state,
            "weighted_silhouette": self.weighted_silhouette,
            "polis_order": base.first_member_order() if self.init == "polis" else None,
            "k_tolerance": self.k_tolerance,
            "min_group_weight": max(
                float(self.min_group_size), self.min_group_fraction * float(base.weights.sum())
            ),
        }
        best = group_clusters(base.centres, base.weights, **kw)  # type: ignore[arg-type]
        if best is None:
            self.k_ = 0
            return None
        sils = best.silhouettes
        if not warm or self.k_ == 0 or best.k == self.k_:
            self.k_ = best.k
            self._k_candidate = (0, 0)
            return best, sils
        # Pol.is's k-smoother: switch only after the same new k wins k_smoother updates.
        cand, streak = self._k_candidate
        streak = streak + 1 if cand == best.k else 1
        self._k_candidate = (best.k, streak)
        if streak >= self.k_smoother:
            self.k_ = best.k
            self._k_candidate = (0, 0)
            return best, sils
        kept = group_clusters(base.centres, base.weights, force_k=self.k_, **kw)  # type: ignore[arg-type]
        if kept is None or kept.k != self.k_:
            self.k_ = best.k
            return best, sils
        return kept, sils


def _why_not(n_p: int, n_s: int, n_votes: int, n_in: int, n_base: int, min_size: int) -> str:
    if n_votes == 0 or n_p == 0 or n_s == 0:
        return f"{NOT_ENOUGH_VOTES}: there are no votes yet"
    if n_in < 3:
        return (
            f"{NOT_ENOUGH_VOTES}: only {n_in} participant(s) voted enough to be placed; "
            "at least 3 are needed"
        )
    if n_base < 3:
        return (
            f"{NOT_ENOUGH_VOTES}: participants' votes put them in only {n_base} distinct "
            "position(s) (for example everyone passed or voted alike)"
        )
    return (
        f"{NOT_ENOUGH_VOTES}: no split gives every group at least {min_size} participants "
        "(opinions are not divided enough yet)"
    )


def group_statements(
    matrix: VoteMatrix,
    labels: IntArray,
    *,
    excluded_statements: Iterable[Hashable] = (),
    pick_max: int = 5,
) -> tuple[tuple[tuple[RepStatement, ...], ...], FloatArray, FloatArray]:
    """Representative statements and group-aware consensus for *given* group labels.

    ``labels``: shape (n_participants,), group 0..G-1 or -1 (not in a group). Returns the
    representative statements of each group and the (agree, disagree) group-aware consensus,
    each (n_statements,). Useful to describe groups that were formed elsewhere (e.g. Pol.is's).
    """
    n_groups = int(labels.max()) + 1 if labels.size and labels.max() >= 0 else 0
    eligible = np.ones(matrix.shape[1], dtype=bool)
    eligible[matrix.statement_positions(excluded_statements)] = False
    counts = group_counts(matrix, labels.astype(np.int64), max(n_groups, 1))
    gac_a, gac_d = group_aware_consensus(counts)
    if n_groups == 0:
        return (), gac_a, gac_d
    reps = select_representative(
        repness_stats(counts), matrix.statement_ids, eligible, pick_max=pick_max
    )
    return reps, gac_a, gac_d


def compute_opinion_map(
    matrix: VoteMatrix,
    *,
    random_state: int = 0,
    excluded_statements: Iterable[Hashable] = (),
    include_participants: Iterable[Hashable] = (),
    strict: bool = False,
    **params: object,
) -> OpinionMap:
    """Compute the opinion map of a vote matrix in one call (see :class:`OpinionMapper`).

    With ``strict=True`` a degenerate input raises :class:`NotEnoughVotes` instead of
    returning a map whose ``status`` is ``"not_enough_votes"``.
    """
    mapper = OpinionMapper(random_state=random_state, **params)  # type: ignore[arg-type]
    result = mapper.fit(
        matrix, excluded_statements=excluded_statements, include_participants=include_participants
    ).map_
    if strict and result.status != "ok":
        raise NotEnoughVotes(result.message)
    return result
