"""Grouping quality against human labels: ArgKP-2021 (arguments matched to key points).

:func:`load_argkp` reads ``ArgKP-2021-open-topics.csv`` (columns ``topic, argument, key_point,
stance, label``) into one :class:`LabelledSet` per topic and stance: every argument that
matches exactly one key point (``label == 1``), labelled with it. Arguments matching none
(about a quarter) or several (about 6% of the matched) are left out: they have no single true
group.

:func:`grouping_scores` compares a grouping with the labels:

* **ARI** — adjusted Rand index over *all* items, each ungrouped item counted as a group of its
  own (so leaving items out is not free);
* **purity** — over the *grouped* items only: the share of them whose group's most common key
  point is their own;
* **coverage** — the share of key points that are the most common key point of at least one
  group;
* **grouped** — the share of items in a group.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]


@dataclass(frozen=True)
class LabelledSet:
    topic: str
    stance: int
    texts: tuple[str, ...]
    labels: tuple[int, ...]  # index into key_points
    key_points: tuple[str, ...]


@dataclass(frozen=True)
class Scores:
    ari: float
    purity: float
    coverage: float
    grouped: float
    n_groups: int


def load_argkp(path: str | Path) -> list[LabelledSet]:
    """One set per (topic, stance), in file order of first appearance."""
    matches: dict[tuple[str, int], dict[str, list[str]]] = {}
    with Path(path).open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["label"].strip() != "1":
                continue
            key = (row["topic"], int(row["stance"]))
            matches.setdefault(key, {}).setdefault(row["argument"], []).append(row["key_point"])
    out = []
    for (topic, stance), by_arg in matches.items():
        single = [(a, kps[0]) for a, kps in by_arg.items() if len(set(kps)) == 1]
        kp_names = sorted({kp for _, kp in single})
        at = {kp: i for i, kp in enumerate(kp_names)}
        out.append(
            LabelledSet(
                topic=topic,
                stance=stance,
                texts=tuple(a for a, _ in single),
                labels=tuple(at[kp] for _, kp in single),
                key_points=tuple(kp_names),
            )
        )
    return out


def grouping_scores(labels: Sequence[int], groups: Sequence[int]) -> Scores:
    """Scores of ``groups`` (one per item, -1 = ungrouped) against true ``labels``."""
    from sklearn.metrics import adjusted_rand_score

    y = np.asarray(labels, dtype=np.int64)
    g = np.asarray(groups, dtype=np.int64)
    n = len(y)
    if n == 0:
        return Scores(0.0, 0.0, 0.0, 0.0, 0)
    singles = np.flatnonzero(g < 0)
    full = g.copy()
    full[singles] = g.max(initial=-1) + 1 + np.arange(len(singles))
    ari = float(adjusted_rand_score(y, full))
    grouped = g >= 0
    majority: set[int] = set()
    hits = 0
    n_groups = 0
    for lab in np.unique(g[grouped]):
        counts = np.bincount(y[g == lab])
        majority.add(int(np.argmax(counts)))
        hits += int(counts.max())
        n_groups += 1
    n_grouped = int(grouped.sum())
    return Scores(
        ari=ari,
        purity=hits / n_grouped if n_grouped else 0.0,
        coverage=len(majority) / len(np.unique(y)),
        grouped=n_grouped / n,
        n_groups=n_groups,
    )
