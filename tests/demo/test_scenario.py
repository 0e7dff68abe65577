"""The acceptance scenario as built by ``accord demo``: counts and what the public may see."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accord.contributions.models import Contribution
from accord.correspondence.models import Message, Thread
from accord.demo.scenario import PASSWORD, build_demo
from accord.drafts.models import Amendment, Paragraph, Report
from accord.groups.models import Member
from accord.meetings.models import Meeting, MeetingDay, SpeakerTurn
from accord.positions.models import PositionEvent
from accord.publish.selectors import search_for_viewer

from .decision_checks import assert_decision_stage


@pytest.fixture
def demo(db):
    return build_demo()


def test_demo_builds_the_geneva_group(demo, client):
    group = demo.group
    by_constituency = {
        c.slug: c.members.filter(status=Member.Status.MEMBER).count()
        for c in group.constituencies.all()
    }
    assert by_constituency == {
        "member-states": 41,
        "private-sector": 5,
        "civil-society": 5,
        "technical-and-academic-community": 5,
        "intergovernmental-and-international-organisations": 5,
    }
    assert group.members.filter(status=Member.Status.OBSERVER).count() == 3
    meetings = Meeting.objects.filter(group=group).order_by("number")
    assert [m.days.count() for m in meetings] == [2, 3, 2, 3, 3]
    assert all(m.is_closed for m in meetings)
    assert MeetingDay.objects.filter(meeting__group=group, transcript__isnull=False).count() == 13
    turns = SpeakerTurn.objects.filter(transcript__day__meeting__group=group)
    assert turns.count() == demo.counts["transcript turns"] > 250
    # Nearly every speaker is matched to a member or to the chair / secretariat.
    assert (
        turns.filter(member__isnull=True).exclude(role_kind="").count()
        + turns.exclude(member__isnull=True).count()
        == turns.count()
    )

    contributions = Contribution.objects.filter(call__group=group)
    assert contributions.count() == 51
    assert contributions.filter(status=Contribution.Status.PUBLISHED).count() == 49
    assert contributions.filter(is_late=True).count() == 3
    assert contributions.filter(member__isnull=True).count() == 11  # 6 campaign + 4 public + spam
    per_question = {
        number: contributions.filter(answers__question__number=number).distinct().count()
        for number in (1, 2)
    }
    assert per_question == {1: 45, 2: 50}
    assert Thread.objects.filter(mailing_list__group=group).count() == 6
    assert Message.objects.filter(mailing_list__group=group).count() == 18
    assert client.login(username="chair", password=PASSWORD)
    client.logout()

    # The negotiation: a zero draft framed from the contributions, two revisions.
    report = Report.objects.get(group=group)
    versions = list(report.versions.order_by("number"))
    assert [(v.label, v.kind, v.status) for v in versions] == [
        ("Zero draft", "zero_draft", "issued"),
        ("Rev.1", "revision", "issued"),
        ("Rev.2", "chair", "issued"),
    ]
    keys = [
        [i.paragraph.key for i in v.items.order_by("order") if i.paragraph.kind == "op"]
        for v in versions
    ]
    assert keys[0] == [f"OP{n}" for n in range(1, 21)]
    assert "OP3bis" in keys[1] and {"OP20", "OP20alt"} <= set(keys[1])
    assert "OP20" not in keys[2] and "OP20alt" in keys[2]  # the compromise drops the mechanism
    op1 = Paragraph.objects.get(report=report, key="OP1")
    assert op1.sources.count() >= 3  # traceability to the contributions it was framed from
    rev2 = versions[2]
    assert "[all stakeholders]" in rev2.items.get(paragraph=op1).text
    objections = PositionEvent.objects.filter(version=rev2, kind="object")
    assert set(objections.values_list("member__iso3", flat=True)) == {"CUB", "IRN", "SAU"}
    assert len(set(objections.values_list("paragraph", flat=True))) == 10
    assert op1.pk in set(objections.values_list("paragraph", flat=True))
    assert Amendment.objects.filter(version__report=report, status="incorporated").count() == 10

    # Closed material stays hidden until published (one test: building the demo takes seconds).
    last_day = (
        MeetingDay.objects.filter(meeting__group=group, meeting__number=5).order_by("date").last()
    )
    url = f"/g/{group.slug}/meetings/5/days/{last_day.date.isoformat()}/"
    first_day = (
        MeetingDay.objects.filter(meeting__group=group, meeting__number=5).order_by("date").first()
    )
    assert (
        client.get(f"/g/{group.slug}/meetings/5/days/{first_day.date.isoformat()}/").status_code
        == 200
    )
    assert client.get(url).status_code == 404
    client.login(username="delegate-bra", password=PASSWORD)
    assert client.get(url).status_code == 200
    # Search: the unpublished day's turns are members-only.
    turn = SpeakerTurn.objects.filter(transcript__day=last_day).exclude(member=None).first()
    phrase = " ".join(turn.text.split()[3:9])
    public = search_for_viewer(
        viewer=AnonymousUser(), query=f'"{phrase}"', group_slug=group.slug, kind="turn", limit=100
    )
    assert all(f"/days/{last_day.date.isoformat()}/" not in hit.url for hit in public.page.hits)

    # The end of the process: consensus call, package view, silence, Chair's summary.
    assert_decision_stage(group, client)
