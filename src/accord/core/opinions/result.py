"""Frozen result types of the opinion map."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from accord.core.opinions.bridging import BridgingResult
from accord.core.opinions.consensus import ConsensusStatement
from accord.core.opinions.repness import RepStatement

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

NOT_ENOUGH_VOTES = "not enough votes to form groups"


@dataclass(frozen=True)
class OpinionGroup:
    """One opinion group: id (0 = largest), members counted, centre in the 2-D map, and its
    representative statements (Pol.is repness, best first, agrees before disagrees)."""

    group_id: int
    size: int
    centre: tuple[float, float]
    representative: tuple[RepStatement, ...]


@dataclass(frozen=True, eq=False)
class OpinionMap:
    """Everything the opinion-map screens show, for one vote matrix.

    Shapes: P = participants, C = statements (the matrix's order), G = groups.

    Attributes:
        status: "ok", or "not_enough_votes" (then ``message`` says why, ``groups`` is empty,
            ``labels`` are all -1; projection and consensus are still filled where possible).
        message: a sentence for people.
        participant_ids, statement_ids: (P,), (C,) external ids.
        projection: (P, 2) participant positions (Pol.is's sparsity-aware PCA projection;
            unitless; signs fixed so each axis's largest statement loading is positive).
        statement_projection: (C, 2) where a single agree vote on the statement lands;
            ``extremity`` (C,) is its distance from the centre.
        components: (2, C) principal axes; ``means`` (C,) column means over voters.
        in_conversation: (P,) bool, participants with enough votes to be clustered.
        base_labels: (P,) base cluster per participant, -1 if not clustered;
            ``base_centres`` (m, 2), ``base_weights`` (m,).
        labels: (P,) opinion group per participant, -1 if not in a group.
        groups: the G groups, largest first. ``silhouettes``: score per k tried.
        consensus_agree / consensus_disagree: up to 5 statements each (over everybody).
        group_aware_consensus: (C,) Π_g P(agree | group g); ``..._disagree`` likewise.
        n_agree, n_disagree, n_pass: (C,) vote counts over all participants.
        excluded: (C,) bool, statements left out (moderated out / meta).
        bridging: bridging scores per statement when requested, else None.
        timings: seconds per stage (not part of the deterministic result).
    """

    status: Literal["ok", "not_enough_votes"]
    message: str
    participant_ids: NDArray[np.generic]
    statement_ids: NDArray[np.generic]
    projection: FloatArray
    statement_projection: FloatArray
    extremity: FloatArray
    components: FloatArray
    singular_values: FloatArray
    means: FloatArray
    in_conversation: NDArray[np.bool_]
    base_labels: IntArray
    base_centres: FloatArray
    base_weights: FloatArray
    labels: IntArray
    groups: tuple[OpinionGroup, ...]
    silhouettes: dict[int, float]
    consensus_agree: tuple[ConsensusStatement, ...]
    consensus_disagree: tuple[ConsensusStatement, ...]
    group_aware_consensus: FloatArray
    group_aware_consensus_disagree: FloatArray
    n_agree: IntArray
    n_disagree: IntArray
    n_pass: IntArray
    excluded: NDArray[np.bool_]
    bridging: BridgingResult | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def k(self) -> int:
        """Number of opinion groups (0 when none could be formed)."""
        return len(self.groups)

    def group_of(self, participant_id: Hashable) -> int:
        """Group of a participant id, -1 if not grouped; KeyError if the id is unknown."""
        hits = np.flatnonzero(self.participant_ids == participant_id)
        if hits.size == 0:
            raise KeyError(participant_id)
        return int(self.labels[hits[0]])
