"""The synthesis pipeline: contributions in, ranked groups of proposals out.

Stages, each a plain function over a batch (so :mod:`accord.core.synthesis.dask` can run the
same functions on a cluster and get the same result):

1. :func:`segment_stage` — each contribution's proposals (:func:`segment_text`), with spans.
2. :func:`campaign_stage` — form-letter campaigns among the contributions' whole texts
   (:func:`detect_campaigns`: distinct submitters counted), each proposal marked with its
   source's campaign.
3. :func:`duplicate_stage` — exact and near-duplicate proposals (:func:`deduplicate`); each
   points at the first proposal of its cluster, and only those first proposals
   (*representatives*) are embedded and grouped.
4. :func:`embed_stage` — unit vectors of the representatives (:func:`embed`: TF-IDF + SVD or
   an embedding model that ships its weights).
5. :func:`group_stage` — threshold clustering (:func:`threshold_groups`), no number of groups
   given; a duplicate joins its representative's group.
6. :func:`rank_stage` — support of each group, and the ranking.

**Support** counts *contributions*, a campaign once: a contribution outside any campaign is one,
and a whole campaign is one more, with its signatories (distinct submitters) beside it. A
campaign's constituency is the one most of its sources in the group give (ties: the first
given). A cluster is a group only when at least ``min_contributions`` contributions support it;
its proposals are otherwise *ungrouped* (a point made by one contribution, or by one campaign,
however many signed it).

**Ranking**, broadest first: more constituencies, then more contributions, then more members,
then more signatories; ties keep the order of the groups' first proposals.

A group's name is the text of its most central proposal: the representative closest (cosine)
to the group's mean vector, where every supporting contribution (a campaign once) weighs 1,
shared among the representatives of its proposals in the group; ties to the earlier.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray

from accord.core.synthesis.campaigns import (
    Campaign,
    CampaignParams,
    CampaignResult,
    detect_campaigns,
)
from accord.core.synthesis.dedup import DedupParams, deduplicate
from accord.core.synthesis.embed import centre, embed
from accord.core.synthesis.group import threshold_groups
from accord.core.synthesis.segment import Segment, segment_text

I64 = NDArray[np.int64]
F32 = NDArray[np.float32]
Progress = Callable[[str, int, int], None]

STAGES = ("segment", "campaigns", "duplicates", "embed", "group", "rank")


@dataclass(frozen=True)
class Source:
    """One contribution."""

    id: Hashable
    text: str
    submitter: Hashable | None = None  # who sent it (campaigns count distinct submitters)
    constituency: str | None = None  # e.g. "Member States", "Civil society"
    member: str | None = None  # a member's slug when a member sent it
    arrived: datetime | None = None


# Distance thresholds (cosine, average linkage) measured on ArgKP-2021: docs/synthesis.md.
DEFAULT_THRESHOLDS = {"tfidf": 0.975, "wordllama": 0.975, "minilm": 0.875}


@dataclass(frozen=True)
class SynthesisParams:
    """Settings of :func:`synthesise`. ``threshold`` None: the method's measured default
    (:data:`DEFAULT_THRESHOLDS`)."""

    method: str = "wordllama"  # grouping by meaning: "wordllama", "tfidf" or "minilm"
    max_chars: int = 600  # segmentation: longer paragraphs are split into sentences
    campaign: CampaignParams = field(default_factory=CampaignParams)
    dedup: DedupParams = field(default_factory=DedupParams)
    threshold: float | None = None  # cosine distance at which clustering stops merging
    linkage: str = "average"
    min_contributions: int = 2  # a cluster with fewer supporting contributions is ungrouped
    svd_dims: int = 100
    exact_limit: int = 3_000  # above: micro-groups first (see group.py)
    seed: int = 0

    @property
    def distance(self) -> float:
        if self.threshold is not None:
            return self.threshold
        return DEFAULT_THRESHOLDS.get(self.method, 0.9)


@dataclass(frozen=True)
class Proposal:
    index: int
    source_id: Hashable
    start: int  # span in the source text
    end: int
    text: str
    label: str  # "1.", "(a)" … from segmentation
    campaign: int | None  # index into SynthesisResult.campaigns
    duplicate_of: int | None  # the first proposal with the same (near-)text


@dataclass(frozen=True)
class Support:
    contributions: int  # distinct contributions, a campaign counted once
    constituencies: tuple[tuple[str, int], ...]  # (constituency, contributions) broadest first
    members: tuple[str, ...]
    campaigns: tuple[tuple[int, int], ...]  # (campaign index, signatories)
    signatories: int  # all submitters incl. campaign signatories


@dataclass(frozen=True)
class Group:
    index: int
    name: str  # the text of its most central proposal
    central: int  # proposal index
    proposals: tuple[int, ...]
    support: Support


@dataclass(frozen=True)
class SynthesisResult:
    proposals: tuple[Proposal, ...]
    groups: tuple[Group, ...]  # ranked by breadth of support, broadest first (ties: stable)
    campaigns: tuple[Campaign, ...]
    ungrouped: tuple[int, ...]  # proposals in no group
    method: str
    empty_sources: tuple[Hashable, ...] = ()  # contributions with no text to segment


# --- stages -------------------------------------------------------------------------------


def segment_stage(sources: Sequence[Source], max_chars: int = 600) -> list[Segment]:
    """Proposals of a batch of contributions, in order."""
    out: list[Segment] = []
    for s in sources:
        out.extend(segment_text(s.text or "", s.id, max_chars=max_chars))
    return out


def _posix(when: datetime) -> float:
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def campaign_stage(sources: Sequence[Source], params: SynthesisParams) -> CampaignResult:
    """Campaigns among the contributions' whole texts."""
    arrived = None
    if sources and all(s.arrived is not None for s in sources):
        arrived = np.array([_posix(s.arrived) for s in sources if s.arrived is not None])
    return detect_campaigns(
        [s.text or "" for s in sources],
        ids=[s.id for s in sources],
        submitters=[s.submitter for s in sources],
        arrived=arrived,
        params=params.campaign,
        dedup_params=params.dedup,
    )


def duplicate_stage(texts: Sequence[str], params: DedupParams) -> I64:
    """(n,) the first proposal of each proposal's near-duplicate cluster (itself if first)."""
    if not texts:
        return np.zeros(0, dtype=np.int64)
    d = deduplicate(texts, params)
    first = np.full(int(d.near.max()) + 1, -1, dtype=np.int64)
    first[d.near[::-1]] = np.arange(len(texts) - 1, -1, -1, dtype=np.int64)
    return first[d.near]


def embed_stage(texts: Sequence[str], params: SynthesisParams) -> F32:
    """Unit vectors of the representatives' texts, centred (:func:`centre`)."""
    return centre(embed(texts, params.method, svd_dims=params.svd_dims, seed=params.seed))


def group_stage(vectors: F32, params: SynthesisParams) -> I64:
    """Cluster label of each representative."""
    return threshold_groups(
        vectors,
        params.distance,
        linkage=params.linkage,
        exact_limit=params.exact_limit,
        seed=params.seed,
    )


@dataclass(frozen=True)
class _Units:
    """Per proposal: its source row; per source row: its unit (a campaign or itself)."""

    source_row: I64
    campaign_of_row: I64  # -1 outside any campaign


def _support(
    rows: Sequence[int], sources: Sequence[Source], campaign_of_row: I64
) -> tuple[Support, int]:
    units: dict[tuple[str, int], list[int]] = {}
    for r in rows:
        c = int(campaign_of_row[r])
        units.setdefault(("c", c) if c >= 0 else ("s", r), []).append(r)
    per_constituency: Counter[str] = Counter()
    order: dict[str, int] = {}
    campaigns: list[tuple[int, int]] = []
    for (kind, key), unit_rows in units.items():
        given = [g for r in unit_rows if (g := sources[r].constituency)]
        if given:
            counts = Counter(given)
            best = max(counts.values())
            name = next(g for g in given if counts[g] == best)
            per_constituency[name] += 1
            order.setdefault(name, len(order))
        if kind == "c":
            campaigns.append((key, len({_submitter(sources, r) for r in unit_rows})))
    constituencies = tuple(
        sorted(per_constituency.items(), key=lambda kv: (-kv[1], order[kv[0]], kv[0]))
    )
    members = tuple(sorted({m for r in rows if (m := sources[r].member)}))
    signatories = len({_submitter(sources, r) for r in rows})
    support = Support(
        contributions=len(units),
        constituencies=constituencies,
        members=members,
        campaigns=tuple(sorted(campaigns)),
        signatories=signatories,
    )
    return support, len(units)


def _unit_weights(
    members: Sequence[int], reps: Sequence[int], dup: I64, source_row: I64, campaign_of_row: I64
) -> NDArray[np.float64]:
    """Weight of each representative: every contribution (a campaign once) weighs 1, shared
    equally among the representatives whose copies it made."""
    reps_of_unit: dict[tuple[str, int], set[int]] = {}
    for p in members:
        r = int(source_row[p])
        c = int(campaign_of_row[r])
        reps_of_unit.setdefault(("c", c) if c >= 0 else ("s", r), set()).add(int(dup[p]))
    at = {rep: i for i, rep in enumerate(reps)}
    w = np.zeros(len(reps), dtype=np.float64)
    for rs in reps_of_unit.values():
        for rep in rs:
            w[at[rep]] += 1.0 / len(rs)
    return w


def _submitter(sources: Sequence[Source], r: int) -> Hashable:
    s = sources[r].submitter
    return ("row", r) if s is None else ("sub", s)


def rank_stage(
    sources: Sequence[Source],
    proposals: Sequence[Proposal],
    source_row: I64,
    campaign_of_row: I64,
    rep_index: I64,
    rep_labels: I64,
    vectors: F32,
    params: SynthesisParams,
) -> tuple[list[Group], list[int]]:
    """Groups (ranked) and the ungrouped proposals. ``rep_index`` (m,) the representatives'
    proposal indexes, ``rep_labels`` (m,) their clusters, ``vectors`` (m, d) their vectors."""
    n = len(proposals)
    rep_pos = np.full(n, -1, dtype=np.int64)
    rep_pos[rep_index] = np.arange(len(rep_index))
    dup = np.array(
        [p.index if p.duplicate_of is None else p.duplicate_of for p in proposals], dtype=np.int64
    )
    label = rep_labels[rep_pos[dup]] if n else np.zeros(0, dtype=np.int64)
    candidates: list[tuple[tuple[int, int, int, int, int], Group]] = []
    ungrouped: list[int] = []
    by_label: dict[int, list[int]] = {}
    for p, lab in enumerate(label.tolist()):
        by_label.setdefault(lab, []).append(p)
    for members in by_label.values():
        rows = sorted({int(source_row[p]) for p in members})
        support, n_units = _support(rows, sources, campaign_of_row)
        if n_units < params.min_contributions:
            ungrouped.extend(members)
            continue
        reps = sorted({int(dup[p]) for p in members})
        pos = rep_pos[reps]
        v = vectors[pos].astype(np.float64)
        w = _unit_weights(members, reps, dup, source_row, campaign_of_row)
        mean = (v * w[:, None]).sum(axis=0)
        score = np.round(v @ mean, 9)  # rounded: same choice whatever the summation order
        central = reps[int(np.argmax(score))]
        key = (
            -len(support.constituencies),
            -support.contributions,
            -len(support.members),
            -support.signatories,
            members[0],
        )
        group = Group(
            index=-1,
            name=proposals[central].text,
            central=central,
            proposals=tuple(members),
            support=support,
        )
        candidates.append((key, group))
    candidates.sort(key=lambda kg: kg[0])
    groups = [
        Group(i, g.name, g.central, g.proposals, g.support) for i, (_, g) in enumerate(candidates)
    ]
    return groups, sorted(ungrouped)


# --- the whole pipeline --------------------------------------------------------------------


def assemble_proposals(
    segments: Sequence[Segment], source_row: I64, assignment: I64, duplicate_of: I64
) -> list[Proposal]:
    out = []
    for i, seg in enumerate(segments):
        c = int(assignment[source_row[i]])
        d = int(duplicate_of[i])
        out.append(
            Proposal(
                index=i,
                source_id=seg.source_id,
                start=seg.start,
                end=seg.end,
                text=seg.text,
                label=seg.label,
                campaign=c if c >= 0 else None,
                duplicate_of=d if d != i else None,
            )
        )
    return out


def source_rows(sources: Sequence[Source], segments: Sequence[Segment]) -> I64:
    """(n_segments,) the row in ``sources`` of each segment's source (segments in source order)."""
    counts = Counter(seg.source_id for seg in segments)
    rows: list[int] = []
    for r, s in enumerate(sources):
        k = counts.pop(s.id, 0)
        rows.extend([r] * k)
    if len(rows) != len(segments):
        raise ValueError("source ids must be unique")
    return np.array(rows, dtype=np.int64)


def check_sources(sources: Sequence[Source]) -> None:
    ids = [s.id for s in sources]
    if len(set(ids)) != len(ids):
        raise ValueError("source ids must be unique")


def finish(
    sources: Sequence[Source],
    segments: Sequence[Segment],
    camp: CampaignResult,
    duplicate_of: I64,
    vectors: F32,
    rep_labels: I64,
    params: SynthesisParams,
    progress: Progress | None = None,
) -> SynthesisResult:
    """Proposals, support and ranking from the stages' outputs (the last, cheap stage)."""
    row = source_rows(sources, segments)
    proposals = assemble_proposals(segments, row, camp.assignment, duplicate_of)
    rep_index = np.flatnonzero(duplicate_of == np.arange(len(segments)))
    if progress:
        progress("rank", 0, 1)
    groups, ungrouped = rank_stage(
        sources, proposals, row, camp.assignment, rep_index, rep_labels, vectors, params
    )
    if progress:
        progress("rank", 1, 1)
    with_text = set(row.tolist())
    return SynthesisResult(
        proposals=tuple(proposals),
        groups=tuple(groups),
        campaigns=tuple(camp.campaigns),
        ungrouped=tuple(ungrouped),
        method=params.method,
        empty_sources=tuple(s.id for r, s in enumerate(sources) if r not in with_text),
    )


def synthesise(
    sources: Sequence[Source],
    params: SynthesisParams | None = None,
    *,
    progress: Progress | None = None,
) -> SynthesisResult:
    """Proposals, campaigns and ranked groups of ``sources``. Deterministic for the same
    input and params. ``progress(stage, done, total)`` is called as each stage starts and
    ends (stages: :data:`STAGES`)."""
    params = params or SynthesisParams()
    check_sources(sources)

    def tick(stage: str, done: int, total: int = 1) -> None:
        if progress:
            progress(stage, done, total)

    tick("segment", 0, len(sources))
    segments = segment_stage(sources, params.max_chars)
    tick("segment", len(sources), len(sources))
    tick("campaigns", 0)
    camp = campaign_stage(sources, params)
    tick("campaigns", 1)
    tick("duplicates", 0)
    duplicate_of = duplicate_stage([s.text for s in segments], params.dedup)
    tick("duplicates", 1)
    rep_index = np.flatnonzero(duplicate_of == np.arange(len(segments)))
    tick("embed", 0, len(rep_index))
    vectors = embed_stage([segments[i].text for i in rep_index.tolist()], params)
    tick("embed", len(rep_index), len(rep_index))
    tick("group", 0)
    labels = group_stage(vectors, params)
    tick("group", 1)
    return finish(sources, segments, camp, duplicate_of, vectors, labels, params, progress)
