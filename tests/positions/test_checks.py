"""The checks beside the writes: each ``may_*`` answers exactly what its write does (allowed,
or the same refusal), headings take no positions and no status, and a screen that has read
the actor's data asks for every paragraph without a query."""

from __future__ import annotations

import pytest

from accord.common.errors import ApplicationError, Conflict, PermissionDenied, ValidationFailed
from accord.drafts.models import InformalConsultation, Paragraph
from accord.positions import selectors, services
from accord.positions.models import PositionEvent, StatusEvent
from tests.conftest import ROLES

from .conftest import TEXTS, make_version


@pytest.fixture
def heading(neg):
    """Rev.1: the same text under a heading H1."""
    paragraph = Paragraph.objects.create(report=neg.report, key="H1", kind=Paragraph.Kind.HEADING)
    neg.paragraphs["H1"] = paragraph
    neg.v2 = make_version(neg.report, 2, {"H1": "Recommendations", **TEXTS}, neg.paragraphs)
    return paragraph


def _outcome(write):
    try:
        write()
    except ApplicationError as exc:
        return type(exc), exc.message
    return None


def _refusal(refusal):
    return None if refusal is None else (type(refusal), refusal.message)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", ["PP1", "OP2"])
def test_may_record_position_answers_what_the_write_does(world, neg, role, key):
    user = world.user(role)
    paragraph = neg.p(key)
    expected = _refusal(services.may_record_position(services.Acting(user, neg.v1), paragraph))
    got = _outcome(
        lambda: services.position_record(
            actor=user, version=neg.v1, paragraph=paragraph, kind="support"
        )
    )
    assert got == expected
    assert (got is None) == (role == "delegate")
    assert PositionEvent.objects.count() == (1 if role == "delegate" else 0)


@pytest.mark.parametrize("role", ROLES)
def test_may_set_status_answers_what_the_write_does(world, neg, role):
    consultation = InformalConsultation.objects.create(
        report=neg.report, title="OP2", facilitator=world.users["facilitator"]
    )
    consultation.paragraphs.add(neg.p("OP2"))
    user = world.user(role)
    for key, allowed in [("PP1", {"chair"}), ("OP2", {"chair", "facilitator"})]:
        paragraph = neg.p(key)
        expected = _refusal(services.may_set_status(services.Acting(user, neg.v1), paragraph))
        got = _outcome(
            lambda p=paragraph: services.status_set(
                actor=user, version=neg.v1, paragraph=p, status="agreed"
            )
        )
        assert got == expected, (role, key)
        assert (got is None) == (role in allowed), (role, key)


def test_headings_take_no_positions_and_no_status(world, neg, heading):
    acting = services.Acting(world.users["delegate"], neg.v2)
    refusal = services.may_record_position(acting, heading)
    assert isinstance(refusal, ValidationFailed)
    assert refusal.message == "H1 is a heading: headings take no positions and no status."
    with pytest.raises(ValidationFailed, match="heading"):
        services.position_record(
            actor=world.users["delegate"], version=neg.v2, paragraph=heading, kind="support"
        )
    with pytest.raises(ValidationFailed, match="heading"):
        services.status_set(
            actor=world.users["chair"], version=neg.v2, paragraph=heading, status="agreed"
        )
    assert PositionEvent.objects.count() == 0 and StatusEvent.objects.count() == 0


def test_may_confirm_and_the_moves(world, neg):
    delegate = services.Acting(world.users["delegate"], neg.v1)
    status = selectors.status_of(neg.v1, neg.p("OP2"))
    refusal = services.may_confirm(delegate, neg.p("OP2"), status)
    assert isinstance(refusal, Conflict) and refusal.message == "OP2 is not agreed ad referendum."
    services.status_set(
        actor=world.users["chair"],
        version=neg.v1,
        paragraph=neg.p("OP2"),
        status="agreed_ad_ref",
        pending_members=[world.members["SWE"]],
    )
    status = selectors.status_of(neg.v1, neg.p("OP2"))
    refusal = services.may_confirm(delegate, neg.p("OP2"), status)
    assert isinstance(refusal, PermissionDenied)
    assert refusal.message == "OP2 does not await Brazil's confirmation."
    assert services.status_moves("agreed_ad_ref") == ["open", "agreed", "dropped"]
    assert services.status_moves("agreed") == ["open", "dropped"]
    assert services.may_move("OP2", "open", "bracketed") is None
    moved = services.may_move("OP2", "agreed", "bracketed")
    assert isinstance(moved, Conflict)
    assert moved.message == "OP2 is agreed (provisional); it cannot become bracketed."
    assert services.may_determine(services.Acting(world.users["chair"], neg.v1)) is None
    assert isinstance(
        services.may_determine(services.Acting(world.users["facilitator"], neg.v1)),
        PermissionDenied,
    )


def test_a_screen_asks_every_paragraph_without_a_query(
    world, neg, django_assert_num_queries, heading
):
    user = world.users["delegate"]
    paragraph_ids = [p.pk for p in neg.paragraphs.values()]
    acting = services.Acting(
        user,
        neg.v2,
        member=world.members["BRA"],
        facilitates=(),
        paragraph_ids=paragraph_ids,
    )
    services.may_take_positions(acting)  # the roles are read once, then cached on the user
    with django_assert_num_queries(0):
        answers = {
            p.key: services.may_record_position(acting, p) is None for p in neg.paragraphs.values()
        }
        assert services.may_set_status(acting, neg.p("OP2")) is not None
    assert answers == {"H1": False, "PP1": True, "OP1": True, "OP2": True}
