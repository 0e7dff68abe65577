"""Precision and recall of detected campaigns against planted ones."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]


@dataclass(frozen=True)
class CampaignScores:
    """Source-level scores of a campaign detection against planted campaigns.

    Each planted campaign is matched to the detected campaign holding most of its sources.
    ``recall``: share of planted-campaign sources that sit in their campaign's match.
    ``precision``: share of sources in detected campaigns that sit in the match of their own
    planted campaign (organic sources, another campaign's sources and the smaller parts of a
    split campaign all count against it). ``whole``: planted campaigns found as exactly one
    detected campaign with no source missing or foreign.
    """

    precision: float
    recall: float
    n_planted: int
    n_detected: int
    whole: int


def campaign_scores(planted: I64, detected: I64) -> CampaignScores:
    """``planted`` (n,) planted campaign or -1; ``detected`` (n,) detected campaign or -1."""
    planted = np.asarray(planted, dtype=np.int64)
    detected = np.asarray(detected, dtype=np.int64)
    n_p = int(planted.max()) + 1 if len(planted) else 0
    n_d = int(detected.max()) + 1 if len(detected) else 0
    both = (planted >= 0) & (detected >= 0)
    table = np.zeros((max(n_p, 1), max(n_d, 1)), dtype=np.int64)
    np.add.at(table, (planted[both], detected[both]), 1)
    match = np.where(table.sum(axis=1) > 0, table.argmax(axis=1), -1)[:n_p]
    hit = both & (match[np.maximum(planted, 0)] == detected)
    n_planted_src = int(np.count_nonzero(planted >= 0))
    n_detected_src = int(np.count_nonzero(detected >= 0))
    correct = int(np.count_nonzero(hit))
    whole = 0
    for p in range(n_p):
        m = match[p]
        if m >= 0 and table[p, m] == np.count_nonzero(planted == p) == np.count_nonzero(
            detected == m
        ):
            whole += 1
    return CampaignScores(
        precision=correct / n_detected_src if n_detected_src else 1.0,
        recall=correct / n_planted_src if n_planted_src else 1.0,
        n_planted=n_p,
        n_detected=n_d,
        whole=whole,
    )
