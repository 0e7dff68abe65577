from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from accord.common.errors import (
    Conflict,
    Gone,
    PermissionDenied,
    RateLimited,
    ValidationFailed,
)
from accord.common.models import AuditEvent
from accord.contributions import selectors, services
from accord.contributions.models import Answer, Contribution
from accord.search.models import SearchEntry

from .conftest import make_call, public_fields


def test_call_create_numbers_questions_and_audits(world):
    call = make_call(world)
    assert list(call.questions.values_list("number", flat=True)) == [1, 2]
    assert AuditEvent.objects.filter(action="accord.call.create", object_id=str(call.pk)).exists()


def test_call_create_rejects_bad_input(world):
    now = timezone.now()
    with pytest.raises(ValidationFailed) as exc:
        services.call_create(
            actor=world.users["chair"],
            group=world.group,
            title=" ",
            opens_at=now,
            closes_at=now - timedelta(days=1),
            questions=["", "  "],
        )
    assert set(exc.value.fields) == {"title", "closes_at", "questions"}


def test_member_submission_belongs_to_the_delegation(world, call):
    contribution = services.contribution_submit(
        actor=world.users["delegate"], call=call, answers={1: "Progress is slow.", 2: ""}
    )
    assert contribution.member == world.members["BRA"]
    assert contribution.submitted_by == world.users["delegate"]
    assert contribution.status == "submitted"
    assert contribution.title == "Brazil — Call for contributions on enhanced cooperation"
    assert not contribution.is_late
    # Empty answers are dropped.
    assert list(contribution.answers.values_list("question__number", flat=True)) == [1]
    entry = SearchEntry.objects.get(kind="contribution", object_id=contribution.pk)
    assert entry.is_public is False
    assert entry.facets == {
        "constituency": "member-states",
        "constituency_name": "Member States",
        "question": "1",
        "call": call.pk,
    }
    assert entry.url == f"/g/wgec/contributions/{contribution.pk}/"


def test_a_member_may_send_several_contributions_but_not_the_same_twice(world, call):
    services.contribution_submit(actor=world.users["delegate"], call=call, answers={1: "First."})
    services.contribution_submit(actor=world.users["delegate"], call=call, answers={1: "Second."})
    with pytest.raises(Conflict, match="already sent this same contribution"):
        services.contribution_submit(
            actor=world.users["delegate"], call=call, answers={1: "First."}
        )
    assert Contribution.objects.filter(member=world.members["BRA"]).count() == 2


def test_empty_submission_and_unknown_question_are_refused(world, call):
    with pytest.raises(ValidationFailed, match="at least one question"):
        services.contribution_submit(actor=world.users["delegate"], call=call, answers={1: " "})
    with pytest.raises(ValidationFailed, match="no question 9"):
        services.contribution_submit(actor=world.users["delegate"], call=call, answers={9: "x"})
    assert Contribution.objects.count() == 0


def test_late_submission_is_accepted_and_flagged(world):
    call = make_call(world, opens_in=-10, closes_in=-1)
    contribution = services.contribution_submit(
        actor=world.users["delegate"], call=call, answers={1: "Late but useful."}
    )
    assert contribution.is_late
    notice = services.late_notice(contribution)
    assert "after the deadline of" in notice
    assert "marked late" in notice
    assert call.closes_at.strftime("%Y") in notice


def test_closed_call_without_late_is_gone_and_creates_nothing(world):
    call = make_call(world, opens_in=-10, closes_in=-1, accept_late=False)
    events = AuditEvent.objects.count()
    with pytest.raises(Gone, match="The call closed on"):
        services.contribution_submit(
            actor=world.users["delegate"], call=call, answers={1: "Too late."}
        )
    assert Contribution.objects.count() == Answer.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_call_not_open_yet(world):
    call = make_call(world, opens_in=2, closes_in=9)
    with pytest.raises(ValidationFailed, match="The call opens on"):
        services.contribution_submit(actor=world.users["delegate"], call=call, answers={1: "x"})
    assert Contribution.objects.count() == 0


def test_public_submission(world, call):
    contribution = services.contribution_submit_public(
        call=call, **public_fields(constituency=world.constituencies["civil-society"])
    )
    assert contribution.member is None
    assert contribution.title.startswith("Ana Lima (Instituto Nupef) — ")
    entry = SearchEntry.objects.get(kind="contribution", object_id=contribution.pk)
    assert entry.facets["constituency"] == "civil-society"
    assert "ana@example.org" not in entry.body + entry.title


def test_public_submission_general_public_facet(world, call):
    contribution = services.contribution_submit_public(call=call, **public_fields())
    entry = SearchEntry.objects.get(kind="contribution", object_id=contribution.pk)
    assert entry.facets["constituency"] == "general-public"
    assert entry.facets["constituency_name"] == "Other / general public"


def test_public_submission_requires_identity(world, call):
    with pytest.raises(ValidationFailed) as exc:
        services.contribution_submit_public(
            call=call, **public_fields(name="", affiliation="", email="not-an-address")
        )
    assert set(exc.value.fields) == {"name", "affiliation", "email"}
    assert Contribution.objects.count() == 0


def test_honeypot_refuses_neutrally_and_creates_nothing(world, call):
    with pytest.raises(ValidationFailed) as exc:
        services.contribution_submit_public(
            call=call, honeypot="http://spam.example", **public_fields()
        )
    assert exc.value.message == "Your submission could not be accepted."
    assert exc.value.status == 400
    assert Contribution.objects.count() == 0


@override_settings(ACCORD_PUBLIC_SUBMISSIONS_PER_HOUR=2)
def test_public_rate_limit_per_address(world, call):
    for n in range(2):
        services.contribution_submit_public(call=call, **public_fields(answers={1: f"Idea {n}"}))
    with pytest.raises(RateLimited) as exc:
        services.contribution_submit_public(call=call, **public_fields(answers={1: "Idea 3"}))
    assert exc.value.status == 429
    assert 0 < exc.value.retry_after <= 3600
    # Another address is not limited.
    services.contribution_submit_public(
        call=call, **public_fields(answers={1: "Idea 3"}, client_ip="198.51.100.1")
    )
    assert Contribution.objects.count() == 3


def test_public_not_allowed(world):
    call = make_call(world, allow_public=False)
    with pytest.raises(PermissionDenied, match="from the public"):
        services.contribution_submit_public(call=call, **public_fields())


def test_publish_reject_withdraw_and_index(world, call):
    secretariat = world.users["secretariat"]
    contribution = services.contribution_submit(
        actor=world.users["delegate"], call=call, answers={1: "Text."}
    )
    services.contribution_publish(actor=secretariat, contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.status == "published" and contribution.published_at
    assert SearchEntry.objects.get(kind="contribution", object_id=contribution.pk).is_public
    with pytest.raises(Conflict):
        services.contribution_publish(actor=secretariat, contribution=contribution)
    with pytest.raises(ValidationFailed, match="reason"):
        services.contribution_reject(actor=secretariat, contribution=contribution, reason=" ")
    services.contribution_reject(actor=secretariat, contribution=contribution, reason="Off topic")
    contribution.refresh_from_db()
    assert contribution.status == "rejected"
    assert contribution.moderation_reason == "Off topic"
    assert not SearchEntry.objects.filter(kind="contribution", object_id=contribution.pk).exists()
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(contribution.pk), action__startswith="accord.contribution"
        ).values_list("action", flat=True)
    )
    assert actions == [
        "accord.contribution.submit",
        "accord.contribution.publish",
        "accord.contribution.reject",
    ]


def test_withdraw_by_own_delegation_only(world, call):
    contribution = services.contribution_submit(
        actor=world.users["delegate"], call=call, answers={1: "Text."}
    )
    with pytest.raises(PermissionDenied):
        services.contribution_withdraw(
            actor=world.users["observer"], contribution=contribution, reason="Not mine"
        )
    with pytest.raises(PermissionDenied):
        services.contribution_withdraw(
            actor=world.users["chair"], contribution=contribution, reason="No"
        )
    services.contribution_withdraw(
        actor=world.users["delegate"], contribution=contribution, reason="Superseded"
    )
    contribution.refresh_from_db()
    assert contribution.status == "withdrawn"
    assert not SearchEntry.objects.filter(kind="contribution", object_id=contribution.pk).exists()


def test_unknown_moderation_action(world, call):
    contribution = services.contribution_submit(
        actor=world.users["delegate"], call=call, answers={1: "Text."}
    )
    with pytest.raises(ValidationFailed, match="Unknown moderation action"):
        services.contribution_moderate(
            actor=world.users["secretariat"], contribution=contribution, action="burn"
        )


def test_selectors_filter_and_count(world, call):
    secretariat = world.users["secretariat"]
    a = services.contribution_submit(actor=world.users["delegate"], call=call, answers={1: "A"})
    b = services.contribution_submit_public(
        call=call,
        **public_fields(answers={2: "B"}, constituency=world.constituencies["civil-society"]),
    )
    c = services.contribution_submit_public(
        call=call, **public_fields(answers={1: "C", 2: "C"}, email="c@example.org")
    )
    for item in (a, b):
        services.contribution_publish(actor=secretariat, contribution=item)
    anonymous = world.user("anonymous")
    visible = selectors.contribution_list_for_viewer(viewer=anonymous, group=world.group)
    assert set(visible) == {a, b}
    # Anonymous readers cannot ask for unpublished ones.
    assert set(
        selectors.contribution_list_for_viewer(viewer=anonymous, group=world.group, status="all")
    ) == {a, b}
    everything = selectors.contribution_list_for_viewer(
        viewer=world.users["observer"], group=world.group, status="all"
    )
    assert set(everything) == {a, b, c}
    by_q1 = selectors.contribution_list_for_viewer(
        viewer=world.users["observer"], group=world.group, status="all", question=1
    )
    assert set(by_q1) == {a, c}
    public = selectors.contribution_list_for_viewer(
        viewer=anonymous, group=world.group, constituency="civil-society"
    )
    assert list(public) == [b]
    general = selectors.contribution_list_for_viewer(
        viewer=world.users["delegate"],
        group=world.group,
        constituency="general-public",
        status="all",
    )
    assert list(general) == [c]
    counts = {
        row.slug: row.count for row in selectors.constituency_counts(everything, group=world.group)
    }
    assert counts["member-states"] == 1
    assert counts["civil-society"] == 1
    assert counts["general-public"] == 1
    assert counts["private-sector"] == 0
