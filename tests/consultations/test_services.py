"""Services: opening, statements and moderation, vote rules, last vote wins, closed → 410."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accord.common.errors import (
    Conflict,
    Gone,
    NotFound,
    PermissionDenied,
    RateLimited,
    ValidationFailed,
)
from accord.common.models import AuditEvent
from accord.consultations import selectors, services
from accord.consultations.models import Consultation, Participant, Statement, Vote
from accord.consultations.services import votes as vote_services

from .conftest import SEEDS, open_consultation


def _stmt(consultation: Any, i: int = 0) -> Statement:
    return list(selectors.statement_list(consultation=consultation))[i]


def test_open_creates_published_seeds_and_audit(world: Any) -> None:
    c = open_consultation(world, seed_statements=[*SEEDS, SEEDS[0].upper(), "  "])
    assert c.status == Consultation.Status.OPEN and c.opened_by == world.users["chair"]
    texts = [s.text for s in selectors.statement_list(consultation=c)]
    assert texts == SEEDS  # duplicates (case-insensitive) and blanks dropped
    assert all(s.is_seed for s in c.statements.all())
    assert AuditEvent.objects.filter(action="accord.consultation.open").count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"question": "  "}, "question"),
        ({"seed_statements": ["x" * 501]}, "seed_statements"),
        ({"closes_at": timezone.now() - timedelta(hours=1)}, "closes_at"),
    ],
)
def test_open_bad_input_writes_nothing(world: Any, kwargs: dict[str, Any], field: str) -> None:
    args: dict[str, Any] = {
        "actor": world.users["chair"],
        "group": world.group,
        "question": "Q?",
        **kwargs,
    }
    with pytest.raises(ValidationFailed) as exc:
        services.consultation_open(**args)
    assert field in exc.value.fields
    assert Consultation.objects.count() == 0 and Statement.objects.count() == 0


def test_delegates_vote_as_their_member(world: Any, consultation: Any) -> None:
    s = _stmt(consultation)
    vote = services.vote_cast(
        actor=world.users["delegate"], consultation=consultation, statement_id=s.pk, value=1
    )
    assert vote.participant.member == world.members["BRA"]
    # A second delegate of the same delegation is the same participant.
    from accord.groups import services as group_services
    from tests.factories import UserFactory

    other = UserFactory(username="delegate2")
    group_services.role_assign(
        actor=world.users["secretariat"],
        group=world.group,
        user=other,
        kind="delegate",
        member=world.members["BRA"],
    )
    vote2 = services.vote_cast(actor=other, consultation=consultation, statement_id=s.pk, value=-1)
    assert vote2.participant_id == vote.participant_id
    assert Participant.objects.filter(consultation=consultation).count() == 1


def test_last_vote_wins_in_the_map(world: Any, consultation: Any) -> None:
    s = _stmt(consultation)
    for value in (1, -1, 0, -1):
        services.vote_cast(
            actor=world.users["chair"], consultation=consultation, statement_id=s.pk, value=value
        )
    assert Vote.objects.count() == 4  # append-only history
    participant = Participant.objects.get()
    assert selectors.votes_of(participant) == {s.pk: -1}
    result, matrix = selectors.opinion_map_for_consultation(consultation)
    assert matrix.n_votes == 1
    col = list(result.statement_ids).index(s.pk)
    assert (int(result.n_agree[col]), int(result.n_disagree[col])) == (0, 1)


def test_closed_consultation_is_gone(world: Any, consultation: Any) -> None:
    s = _stmt(consultation)
    services.consultation_close(actor=world.users["chair"], consultation=consultation)
    consultation.refresh_from_db()
    with pytest.raises(Gone) as exc:
        services.vote_cast(
            actor=world.users["delegate"], consultation=consultation, statement_id=s.pk, value=1
        )
    assert exc.value.status == 410
    with pytest.raises(Gone):
        services.statement_submit(
            actor=world.users["delegate"], consultation=consultation, text="Late idea."
        )
    with pytest.raises(Conflict):
        services.consultation_close(actor=world.users["chair"], consultation=consultation)
    assert Vote.objects.count() == 0


def test_past_deadline_counts_as_closed(world: Any) -> None:
    c = open_consultation(world, closes_at=timezone.now() + timedelta(hours=1))
    Consultation.objects.filter(pk=c.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    c.refresh_from_db()
    with pytest.raises(Gone):
        services.vote_cast(
            actor=world.users["chair"], consultation=c, statement_id=_stmt(c).pk, value=1
        )


def test_unknown_or_unpublished_statement_is_not_found(world: Any, consultation: Any) -> None:
    pending = services.statement_submit(
        actor=world.users["delegate"], consultation=consultation, text="Pending idea."
    )
    assert pending.status == Statement.Status.SUBMITTED
    for statement_id in (999_999, pending.pk):
        with pytest.raises(NotFound):
            services.vote_cast(
                actor=world.users["delegate"],
                consultation=consultation,
                statement_id=statement_id,
                value=1,
            )
    assert Vote.objects.count() == 0


@pytest.mark.parametrize("value", [2, -2, 5])
def test_bad_vote_value(world: Any, consultation: Any, value: int) -> None:
    with pytest.raises(ValidationFailed):
        services.vote_cast(
            actor=world.users["chair"],
            consultation=consultation,
            statement_id=_stmt(consultation).pk,
            value=value,
        )
    assert Vote.objects.count() == 0 and Participant.objects.count() == 0


def test_public_only_when_allowed(world: Any, consultation: Any, public_consultation: Any) -> None:
    anon = world.user("anonymous")
    outsider = world.users["outsider"]
    for actor in (anon, outsider):
        with pytest.raises(PermissionDenied):
            services.vote_cast(
                actor=actor,
                consultation=consultation,
                statement_id=_stmt(consultation).pk,
                value=1,
                anon_token="tok",
            )
    v1 = services.vote_cast(
        actor=anon,
        consultation=public_consultation,
        statement_id=_stmt(public_consultation).pk,
        value=1,
        anon_token="browser-1",
    )
    v2 = services.vote_cast(
        actor=anon,
        consultation=public_consultation,
        statement_id=_stmt(public_consultation, 1).pk,
        value=-1,
        anon_token="browser-1",
    )
    v3 = services.vote_cast(
        actor=outsider,
        consultation=public_consultation,
        statement_id=_stmt(public_consultation).pk,
        value=0,
    )
    assert v1.participant_id == v2.participant_id != v3.participant_id
    assert v1.participant.anon_key and v1.participant.anon_key != "browser-1"  # only a hash
    assert v3.participant.user == outsider and v3.participant.member is None


def test_anonymous_needs_a_token(world: Any, public_consultation: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.vote_cast(
            actor=world.user("anonymous"),
            consultation=public_consultation,
            statement_id=_stmt(public_consultation).pk,
            value=1,
        )


def test_anonymous_votes_are_rate_limited_per_ip(
    world: Any, public_consultation: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(vote_services, "ANON_VOTES_PER_MINUTE", 2)
    s = _stmt(public_consultation)
    for i in range(2):
        services.vote_cast(
            actor=world.user("anonymous"),
            consultation=public_consultation,
            statement_id=s.pk,
            value=1,
            anon_token=f"b{i}",
            client_ip="203.0.113.7",
        )
    with pytest.raises(RateLimited):
        services.vote_cast(
            actor=world.user("anonymous"),
            consultation=public_consultation,
            statement_id=s.pk,
            value=1,
            anon_token="b3",
            client_ip="203.0.113.7",
        )
    assert Vote.objects.count() == 2
    # Another network is not limited.
    services.vote_cast(
        actor=world.user("anonymous"),
        consultation=public_consultation,
        statement_id=s.pk,
        value=1,
        anon_token="b4",
        client_ip="198.51.100.1",
    )


def test_statement_moderation_flow(world: Any, consultation: Any) -> None:
    s = services.statement_submit(
        actor=world.users["delegate"], consultation=consultation, text="  A   new idea.  "
    )
    assert s.text == "A new idea." and s.status == Statement.Status.SUBMITTED
    assert s.author is not None and s.author.member == world.members["BRA"]
    assert list(selectors.moderation_queue(viewer=world.users["chair"], consultation=consultation))
    assert not selectors.moderation_queue(viewer=world.users["delegate"], consultation=consultation)
    with pytest.raises(PermissionDenied):
        services.statement_moderate(actor=world.users["delegate"], statement=s, action="publish")
    s = services.statement_moderate(actor=world.users["chair"], statement=s, action="publish")
    assert s.status == Statement.Status.PUBLISHED
    with pytest.raises(Conflict):
        services.statement_moderate(actor=world.users["chair"], statement=s, action="publish")
    with pytest.raises(ValidationFailed):
        services.statement_moderate(actor=world.users["chair"], statement=s, action="bless")
    s = services.statement_moderate(actor=world.users["secretariat"], statement=s, action="reject")
    assert s.status == Statement.Status.REJECTED
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "accord.consultation_statement.submit",
        "accord.consultation_statement.publish",
        "accord.consultation_statement.reject",
    } <= actions


def test_unmoderated_and_moderator_statements_publish_at_once(world: Any) -> None:
    free = open_consultation(world, moderation_required=False)
    s = services.statement_submit(actor=world.users["delegate"], consultation=free, text="Idea.")
    assert s.status == Statement.Status.PUBLISHED
    moderated = open_consultation(world)
    s = services.statement_submit(actor=world.users["chair"], consultation=moderated, text="Mine.")
    assert s.status == Statement.Status.PUBLISHED


@pytest.mark.parametrize("text", ["", "   ", "x" * 501])
def test_statement_bad_text(world: Any, consultation: Any, text: str) -> None:
    before = Statement.objects.count()
    with pytest.raises(ValidationFailed):
        services.statement_submit(
            actor=world.users["delegate"], consultation=consultation, text=text
        )
    assert Statement.objects.count() == before


def test_duplicate_statement_conflicts(world: Any, consultation: Any) -> None:
    with pytest.raises(Conflict):
        services.statement_submit(
            actor=world.users["delegate"], consultation=consultation, text=SEEDS[0].lower()
        )


def test_public_statements_need_their_own_flag(world: Any) -> None:
    votes_only = open_consultation(world, allow_public=True, allow_public_statements=False)
    with pytest.raises(PermissionDenied):
        services.statement_submit(
            actor=world.users["outsider"], consultation=votes_only, text="Outside view."
        )
    both = open_consultation(world, allow_public=True, allow_public_statements=True)
    s = services.statement_submit(
        actor=world.user("anonymous"), consultation=both, text="Outside view.", anon_token="t"
    )
    assert s.status == Statement.Status.SUBMITTED and s.author is not None


def test_rejected_statement_leaves_the_map(world: Any, consultation: Any) -> None:
    s = _stmt(consultation)
    services.vote_cast(
        actor=world.users["chair"], consultation=consultation, statement_id=s.pk, value=1
    )
    first, _ = selectors.opinion_map_for_consultation(consultation)
    services.statement_moderate(actor=world.users["chair"], statement=s, action="reject")
    second, _ = selectors.opinion_map_for_consultation(consultation)
    col = list(second.statement_ids).index(s.pk)
    assert not first.excluded[col] and second.excluded[col]  # the cache saw the change
