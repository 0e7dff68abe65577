"""The opinion map of a version's positions: members × paragraphs, read like a Pol.is
conversation (support and can-live-with agree, object disagrees, reserve passes).

It shows the chair which delegations think alike across the text and which paragraphs divide
them; the picture and tables are the consultations app's reusable ones.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from accord.consultations.presenters import OpinionMapView, opinion_map_view
from accord.core.opinions import OpinionMap, VoteMatrix, compute_opinion_map
from accord.drafts.models import Version
from accord.groups.models import Member

from .selectors import items_of, vote_triples

CACHE_SECONDS = 60 * 60


def _fingerprint(triples: list[tuple[int, str, int]]) -> str:
    return hashlib.sha256(repr(triples).encode()).hexdigest()[:16]


def positions_opinion_map(
    version: Version, *, random_state: int = 0
) -> tuple[OpinionMap, VoteMatrix]:
    """The map of the current positions on ``version`` (cached until a position changes)."""
    triples = vote_triples(version)
    keys = [item.paragraph.key for item in items_of(version)]
    matrix = VoteMatrix.from_triples(
        [m for m, _, _ in triples],
        [k for _, k, _ in triples],
        [v for _, _, v in triples],
        statement_ids=keys,
    )
    key = f"accord:positions-map:{version.pk}:{random_state}:{_fingerprint(triples)}"
    opinion_map = cache.get(key)
    if opinion_map is None:
        opinion_map = compute_opinion_map(matrix, random_state=random_state, bridging=True)
        cache.set(key, opinion_map, CACHE_SECONDS)
    return opinion_map, matrix


def positions_opinion_map_view(version: Version) -> OpinionMapView:
    opinion_map, matrix = positions_opinion_map(version)
    texts = {item.paragraph.key: f"{item.paragraph.key}: {item.text}" for item in items_of(version)}
    members = Member.objects.filter(group=version.report.group).select_related("constituency")
    return opinion_map_view(
        opinion_map,
        texts,
        {m.pk: m.name for m in members},
        {m.pk: m.constituency.name for m in members},
        matrix=matrix,
    )
