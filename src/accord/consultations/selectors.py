"""Reads: consultations and statements a viewer may see, and the opinion map (cached)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.errors import NotFound
from accord.core.opinions import OpinionMap, VoteMatrix, compute_opinion_map
from accord.groups.models import WorkingGroup
from accord.groups.permissions import can

from .models import Consultation, Participant, Statement, Vote
from .permissions import MODERATE, VIEW_RESTRICTED

# Bridging (Community Notes' factorisation) costs about 1 s per million ratings on this
# machine; up to 200,000 votes it adds at most ~0.2 s to a cache miss, so the page computes
# it. Above that the map is shown without the bridging ranking.
BRIDGING_MAX_VOTES = 200_000
MAP_CACHE_SECONDS = 24 * 60 * 60


def consultation_is_open(consultation: Consultation, *, now: datetime | None = None) -> bool:
    """Open and not past its deadline."""
    if consultation.status != Consultation.Status.OPEN:
        return False
    now = now or timezone.now()
    return consultation.closes_at is None or now < consultation.closes_at


def consultation_list_for_viewer(*, viewer: Any, group: WorkingGroup) -> QuerySet[Consultation]:
    """Consultations the viewer may see: public ones, and all of them for the group's people."""
    qs = Consultation.objects.filter(group=group).annotate(
        n_statements=Count(
            "statements", filter=Q(statements__status=Statement.Status.PUBLISHED), distinct=True
        ),
        n_participants=Count("participants", distinct=True),
    )
    if not can(viewer, VIEW_RESTRICTED, group):
        qs = qs.filter(allow_public=True)
    return qs.order_by("-opened_at", "-id")


def consultation_get_for_viewer(*, viewer: Any, group: WorkingGroup, pk: int) -> Consultation:
    """The consultation, or the same NotFound whether it is missing or members-only."""
    consultation = Consultation.objects.filter(group=group, pk=pk).select_related("group").first()
    if consultation is None or (
        not consultation.allow_public and not can(viewer, VIEW_RESTRICTED, group)
    ):
        raise NotFound(_("No such consultation."))
    return consultation


def statement_list(
    *, consultation: Consultation, statuses: Iterable[str] = (Statement.Status.PUBLISHED,)
) -> QuerySet[Statement]:
    return consultation.statements.filter(status__in=list(statuses)).order_by("id")


def statement_get(*, consultation: Consultation, pk: int) -> Statement:
    statement = consultation.statements.filter(pk=pk).first()
    if statement is None:
        raise NotFound(_("No such statement in this consultation."))
    return statement


def moderation_queue(*, viewer: Any, consultation: Consultation) -> QuerySet[Statement]:
    if not can(viewer, MODERATE, consultation.group):
        return consultation.statements.none()
    return statement_list(consultation=consultation, statuses=(Statement.Status.SUBMITTED,))


def next_statement_for(
    *, consultation: Consultation, participant: Participant | None
) -> Statement | None:
    """The first published statement this participant has not voted on yet (seeds first)."""
    qs = statement_list(consultation=consultation).order_by("-is_seed", "id")
    if participant is not None:
        qs = qs.exclude(votes__participant=participant)
    return qs.first()


def votes_of(participant: Participant | None) -> dict[int, int]:
    """Statement id → the participant's current vote (last one wins)."""
    if participant is None:
        return {}
    current: dict[int, int] = {}
    for statement_id, value in participant.votes.order_by("id").values_list(
        "statement_id", "value"
    ):
        current[statement_id] = value
    return current


def consultation_matrix(consultation: Consultation) -> tuple[VoteMatrix, list[int]]:
    """Participants × statements (every statement is a column, in id order; the rows are the
    participants who voted, in id order) and the statement ids the map must leave out
    (not published, or Pol.is meta statements)."""
    statements = list(consultation.statements.order_by("id").values_list("pk", "status", "is_meta"))
    rows = list(
        Vote.objects.filter(consultation=consultation)
        .order_by("id")
        .values_list("participant_id", "statement_id", "value")
    )
    arr = np.asarray(rows, dtype=np.int64).reshape(-1, 3)
    matrix = VoteMatrix.from_triples(
        arr[:, 0], arr[:, 1], arr[:, 2], statement_ids=[pk for pk, _s, _m in statements]
    )
    excluded = [
        pk for pk, status, is_meta in statements if status != Statement.Status.PUBLISHED or is_meta
    ]
    return matrix, excluded


def _fingerprint(consultation: Consultation) -> str:
    votes = Vote.objects.filter(consultation=consultation).aggregate(n=Count("id"), last=Max("id"))
    stmts = consultation.statements.aggregate(n=Count("id"), changed=Max("updated_at"))
    raw = f"{votes['n']}:{votes['last']}:{stmts['n']}:{stmts['changed']}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def opinion_map_for_consultation(
    consultation: Consultation, *, random_state: int = 0
) -> tuple[OpinionMap, VoteMatrix]:
    """The opinion map of a consultation and its vote matrix, cached until a vote is cast or a
    statement changes (the key holds the vote count, the last vote id and the statements'
    last change). Degenerate input gives ``status == "not_enough_votes"``, never an error."""
    key = f"accord:consult-map:v1:{consultation.pk}:{random_state}:{_fingerprint(consultation)}"
    hit = cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    matrix, excluded = consultation_matrix(consultation)
    result = compute_opinion_map(
        matrix,
        random_state=random_state,
        excluded_statements=excluded,
        bridging=0 < matrix.n_votes <= BRIDGING_MAX_VOTES,
    )
    cache.set(key, (result, matrix), MAP_CACHE_SECONDS)
    return result, matrix


def map_labels(
    consultation: Consultation,
) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """(statement texts, participant labels, participant constituencies) keyed by pk.

    Delegations are named (they vote in the open, as in the room); people voting on their own
    behalf and anonymous browsers are numbered, never named.
    """
    texts = dict(consultation.statements.values_list("pk", "text"))
    labels: dict[int, str] = {}
    constituencies: dict[int, str] = {}
    participants = consultation.participants.select_related("member__constituency").order_by("id")
    for n, p in enumerate(participants, start=1):
        if p.member is not None:
            labels[p.pk] = p.member.name
            constituencies[p.pk] = p.member.constituency.name
        elif p.external_id:
            labels[p.pk] = f"Pol.is participant {p.external_id}"
            constituencies[p.pk] = "Imported from Pol.is"
        elif p.user_id:
            labels[p.pk] = f"Participant {n}"
            constituencies[p.pk] = "Individuals (signed in)"
        else:
            labels[p.pk] = f"Participant {n}"
            constituencies[p.pk] = "Public (anonymous)"
    return texts, labels, constituencies
