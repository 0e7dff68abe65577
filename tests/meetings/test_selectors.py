"""Viewer-dependent reads: hidden and missing raise the same NotFound."""

from __future__ import annotations

from datetime import date

import pytest

from accord.common.errors import NotFound
from accord.meetings import selectors, services

MEMBERS = ["secretariat", "chair", "vice_chair", "facilitator", "delegate", "observer"]


@pytest.mark.parametrize("role", [*MEMBERS, "outsider", "anonymous"])
def test_closed_transcript_visibility(world, closed_transcript, role):
    def get(day):
        return selectors.transcript_get_for_viewer(
            group=world.group, number=4, day=day, viewer=world.user(role)
        )

    if role in MEMBERS:
        assert get(date(2025, 4, 7)) == closed_transcript
    else:
        with pytest.raises(NotFound) as hidden:
            get(date(2025, 4, 7))
        with pytest.raises(NotFound) as missing:
            get(date(2025, 4, 8))
        assert (hidden.value.message, hidden.value.code) == (
            missing.value.message,
            missing.value.code,
        )
    services.transcript_publish(actor=world.users["secretariat"], transcript=closed_transcript)
    assert get(date(2025, 4, 7)) == closed_transcript


def test_open_transcript_is_public(world, open_transcript):
    got = selectors.transcript_get_for_viewer(
        group=world.group, number=3, day=date(2025, 3, 11), viewer=world.user("anonymous")
    )
    assert got == open_transcript and selectors.transcript_is_public(got)
    with pytest.raises(NotFound):
        selectors.transcript_get_for_viewer(
            group=world.group, number=3, day=date(2025, 3, 10), viewer=world.user("anonymous")
        )
    with pytest.raises(NotFound):
        selectors.parse_day("2025-13-01")


def test_meeting_view_hides_transcripts_from_outsiders(world, closed_transcript):
    outsider = selectors.meeting_get_for_viewer(
        group=world.group, number=4, viewer=world.user("outsider")
    )
    assert outsider.days[0].transcript is None and not outsider.can_view_closed
    member = selectors.meeting_get_for_viewer(
        group=world.group, number=4, viewer=world.user("observer")
    )
    assert member.days[0].transcript == closed_transcript
    assert member.days[0].transcript_public is False
    with pytest.raises(NotFound):
        selectors.meeting_get_for_viewer(group=world.group, number=5, viewer=None)


def test_speakers_and_filter(world, open_transcript):
    speakers = selectors.transcript_speakers(transcript=open_transcript)
    assert [(s.label, s.display, s.turns, s.matched) for s in speakers] == [
        ("CHAIR", "Chair", 2, True),
        ("BRAZIL", "Brazil", 1, True),
        ("SWEDEN", "Sweden", 1, True),
        ("MR. SMITH", "MR. SMITH", 1, False),
    ]
    chair = selectors.turn_list(transcript=open_transcript, speaker="CHAIR")
    assert [t.index for t in chair] == [0, 4]


def test_live_post_list_newest_first(world):
    for body in ["one", "two", "three"]:
        services.live_post_create(actor=world.users["chair"], group=world.group, body=body)
    assert [p.body for p in selectors.live_post_list(group=world.group)] == ["three", "two", "one"]
    assert len(selectors.live_post_list(group=world.group, limit=2)) == 2
