"""Form-letter campaigns: many near-identical texts from different submitters.

A mail-merge variant differs from its template by swapped synonyms, small edits and a personal
intro or sign-off. Word-bigram sets keep most of their overlap under all of these (a swapped
word breaks the two bigrams around it; an intro only adds bigrams), while two letters written
separately, even on the same topic, share few bigrams. So:

1. distinct texts whose estimated bigram Jaccard is at least ``link_threshold`` are linked
   (MinHash, 21 bands of 3 rows: a pair at Jaccard 0.3 is a candidate with probability 0.44,
   at 0.45 with 0.87 — and a campaign member has many partners, so it is almost never missed;
   every candidate pair is verified on the full signature);
2. connected components of those links whose sources come from at least ``min_submitters``
   distinct submitters are candidate campaigns (**the rule**: fewer distinct submitters is not
   a campaign, however similar the texts — a handful of similar comments, or one person
   submitting many times, is not a form-letter campaign);
3. each candidate is *peeled* so that a chain of links cannot merge two campaigns: its
   template is the member most central to the component (the one agreeing with the most
   rows of the copy-weighted modal signature), the members within ``1 - link_threshold`` of
   the template (estimated Jaccard distance) form the campaign, and what is left is peeled
   again. Every piece is kept as a campaign only if it satisfies the rule itself.

Distances are ``1 - estimated Jaccard`` (64-row MinHash of word bigrams) to the template.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from accord.core.synthesis import minhash
from accord.core.synthesis.dedup import Dedup, DedupParams, deduplicate

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
U32 = NDArray[np.uint32]


@dataclass(frozen=True)
class CampaignParams:
    """Settings of :func:`detect_campaigns`; see the module docstring for the rule."""

    min_submitters: int = 10
    link_threshold: float = 0.3
    bands: int = 21
    rows: int = 3
    mode_sample: int = 2_000


@dataclass(frozen=True)
class Campaign:
    """One form-letter campaign.

    Attributes:
        template: the text of the template source (as submitted).
        template_source: id of the first source whose text is the template.
        sources: ids of every source in the campaign, in input order.
        n_submitters: distinct submitters (a source without one counts as its own submitter).
        n_variants: distinct normalised texts among the sources.
        distance_median / distance_max: over the sources, estimated Jaccard distance of
            their word bigrams to the template's (0 = a verbatim copy).
        first_arrival / last_arrival: earliest and latest arrival (UTC), None if not given.
    """

    template: str
    template_source: Hashable
    sources: tuple[Hashable, ...]
    n_submitters: int
    n_variants: int
    distance_median: float
    distance_max: float
    first_arrival: datetime | None
    last_arrival: datetime | None

    @property
    def n_sources(self) -> int:
        return len(self.sources)


@dataclass(frozen=True, eq=False)
class CampaignResult:
    """Campaigns (largest first) and each source's campaign: ``assignment`` (n,) index into
    ``campaigns`` or -1; ``dedup`` the exact and near-duplicate structure underneath."""

    campaigns: list[Campaign]
    assignment: I64
    dedup: Dedup


def _submitter_codes(submitters: Sequence[Hashable | None] | ArrayLike | None, n: int) -> I64:
    if submitters is None:
        return np.arange(n, dtype=np.int64)
    arr = np.asarray(submitters)
    if arr.dtype.kind in "iu" and arr.ndim == 1:
        _, codes = np.unique(arr, return_inverse=True)
        return codes.astype(np.int64) + n  # offset: never equal to a row index below
    index: dict[Hashable, int] = {}
    out = np.empty(n, dtype=np.int64)
    for r, s in enumerate(cast("Iterable[Hashable | None]", submitters)):
        out[r] = r if s is None else n + index.setdefault(s, len(index))
    return out


def _count_distinct(groups: I64, values: I64, n_groups: int) -> I64:
    """Number of distinct ``values`` per group label (labels in [0, n_groups))."""
    if len(groups) == 0:
        return np.zeros(n_groups, dtype=np.int64)
    pairs = np.unique(groups * np.int64(values.max() + 1) + values)
    return np.bincount(pairs // (values.max() + 1), minlength=n_groups).astype(np.int64)


def _mode_signature(sig: U32, weights: I64, sample: int) -> U32:
    """Copy-weighted most common value of each signature row (over at most ``sample``
    members, the heaviest; ties to the smaller value)."""
    if len(weights) > sample:
        keep = np.sort(np.argsort(-weights, kind="stable")[:sample])
        sig, weights = sig[keep], weights[keep]
    mode = np.empty(sig.shape[1], dtype=np.uint32)
    for r in range(sig.shape[1]):
        vals, inv = np.unique(sig[:, r], return_inverse=True)
        mode[r] = vals[int(np.argmax(np.bincount(inv, weights=weights)))]
    return mode


def _peel(members: I64, sig: U32, copies: I64, params: CampaignParams) -> list[tuple[int, I64]]:
    """Split one linked component of distinct texts into (template, members) pieces."""
    pieces: list[tuple[int, I64]] = []
    left = members
    while len(left):
        s = sig[left]
        mode = _mode_signature(s, copies[left], params.mode_sample)
        central = np.count_nonzero(s == mode, axis=1)
        # Most central; ties to more copies, then to the earlier text.
        best = np.lexsort((left, -copies[left], -central))[0]
        template = int(left[best])
        sim = np.count_nonzero(s == sig[template], axis=1) / sig.shape[1]
        take = sim >= params.link_threshold
        pieces.append((template, left[take]))
        left = left[~take]
    return pieces


def _weighted_quantile(values: F64, weights: I64, q: float) -> float:
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    return float(values[order][int(np.searchsorted(cum, q * cum[-1]))])


def detect_campaigns(
    texts: Sequence[str],
    *,
    ids: Sequence[Hashable] | None = None,
    submitters: Sequence[Hashable | None] | ArrayLike | None = None,
    arrived: ArrayLike | None = None,
    params: CampaignParams | None = None,
    dedup_params: DedupParams | None = None,
    dedup: Dedup | None = None,
) -> CampaignResult:
    """Form-letter campaigns among ``texts`` (n). Deterministic.

    ``ids`` name the sources (default: their index); ``submitters`` (n,) identify who sent each
    (None or absent: every source its own submitter); ``arrived`` (n,) POSIX seconds (UTC).
    Pass a ``dedup`` already computed for the same texts to reuse it.
    """
    params = params or CampaignParams()
    n = len(texts)
    d = dedup if dedup is not None else deduplicate(texts, dedup_params)
    ids = list(range(n)) if ids is None else ids
    sub = _submitter_codes(submitters, n)
    when = None if arrived is None else np.asarray(arrived, dtype=np.float64)
    n_distinct = len(d.normalised)
    active = np.fromiter((len(u) > 0 for u in d.normalised), dtype=bool, count=n_distinct)
    i, j = minhash.verified_edges(
        d.signatures, active, params.bands, params.rows, params.link_threshold
    )
    comp = minhash.components(n_distinct, i, j)
    n_comp = int(comp.max()) + 1 if n_distinct else 0
    src_comp = comp[d.distinct]
    per_comp = _count_distinct(src_comp, sub, n_comp)
    # Empty texts (nothing but punctuation or space) are duplicates, never a campaign.
    has_words = np.zeros(n_comp, dtype=bool)
    has_words[comp[active]] = True
    candidates = np.flatnonzero((per_comp >= params.min_submitters) & has_words)
    piece_of = np.full(n_distinct, -1, dtype=np.int64)
    pieces: list[int] = []  # template of each piece
    if len(candidates):
        order = np.argsort(comp, kind="stable")
        bounds = np.searchsorted(comp[order], np.concatenate([candidates, candidates + 1]))
        half = len(candidates)
        for c in range(half):
            members = order[bounds[c] : bounds[half + c]].astype(np.int64)
            for template, part in _peel(members, d.signatures, d.copies, params):
                piece_of[part] = len(pieces)
                pieces.append(template)
    src_piece = piece_of[d.distinct]
    in_piece = np.flatnonzero(src_piece >= 0)
    per_piece = _count_distinct(src_piece[in_piece], sub[in_piece], len(pieces))
    kept = np.flatnonzero(per_piece >= params.min_submitters)
    sizes = np.bincount(src_piece[in_piece], minlength=len(pieces))
    kept = kept[np.lexsort((kept, -sizes[kept]))]
    number = np.full(len(pieces) + 1, -1, dtype=np.int64)
    number[kept] = np.arange(len(kept))
    assignment = number[src_piece]
    campaigns: list[Campaign] = []
    if len(kept):
        by = in_piece[np.argsort(src_piece[in_piece], kind="stable")]
        starts = np.searchsorted(src_piece[by], kept)
        for p, s0 in zip(kept.tolist(), starts.tolist(), strict=True):
            rows = by[s0 : s0 + int(sizes[p])]
            template = pieces[p]
            variants, weight = np.unique(d.distinct[rows], return_counts=True)
            dist = (
                1.0
                - np.count_nonzero(d.signatures[variants] == d.signatures[template], axis=1)
                / d.signatures.shape[1]
            )
            first_t = last_t = None
            if when is not None:
                first_t = datetime.fromtimestamp(float(when[rows].min()), tz=UTC)
                last_t = datetime.fromtimestamp(float(when[rows].max()), tz=UTC)
            tsrc = int(d.first_source[template])
            campaigns.append(
                Campaign(
                    template=texts[tsrc],
                    template_source=ids[tsrc],
                    sources=tuple(ids[r] for r in rows.tolist()),
                    n_submitters=int(per_piece[p]),
                    n_variants=len(variants),
                    distance_median=_weighted_quantile(dist, weight, 0.5),
                    distance_max=float(dist.max()),
                    first_arrival=first_t,
                    last_arrival=last_t,
                )
            )
    return CampaignResult(campaigns=campaigns, assignment=assignment, dedup=d)
