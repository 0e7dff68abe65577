"""What a reader sees on a transcript: turn labels, speaker links, and whether a day is public."""

from __future__ import annotations

import re
from datetime import date

from django.urls import reverse

from accord.meetings import selectors, services

from .conftest import upload
from .samples import SRT, TIMESTAMPED


def day_url(world, number, day, name="meetings:day"):
    return reverse(name, args=[world.group.slug, number, day])


def permalinks(html: str) -> list[tuple[str, str]]:
    """(anchor, label) of each turn's permalink, in order."""
    return re.findall(r'<a class="permalink" href="#(turn-\d+)"[^>]*>([^<]*)</a>', html)


def test_turns_without_times_are_numbered_from_one(client_as, world, open_transcript):
    html = client_as("anonymous").get(day_url(world, 3, "2025-03-11")).content.decode()
    assert permalinks(html) == [(f"turn-{i}", f"Turn {i + 1}") for i in range(5)]
    assert 'aria-label="Link to turn 1"' in html
    assert "#0<" not in html and ">#1<" not in html
    # The anchors search results and recorded sources point at are unchanged.
    for index in range(5):
        assert f'<article class="turn" id="turn-{index}">' in html


def test_turns_with_a_clock_time_are_labelled_by_it(client_as, world, meeting):
    upload(world, meeting.days.get(date=date(2025, 3, 10)), TIMESTAMPED, name="t.txt")
    html = client_as("anonymous").get(day_url(world, 3, "2025-03-10")).content.decode()
    assert permalinks(html) == [
        ("turn-0", "10:02:11"),
        ("turn-1", "10:03:40"),
        ("turn-2", "10:05:02"),
        ("turn-3", "10:06:30"),
    ]
    assert '<time class="time" datetime="10:02:11">' not in html  # not shown twice
    assert 'aria-label="Link to turn 1 (10:02:11)"' in html


def test_turns_with_an_elapsed_time_are_labelled_by_it(client_as, world, meeting):
    upload(world, meeting.days.get(date=date(2025, 3, 10)), SRT, name="t.srt")
    html = client_as("anonymous").get(day_url(world, 3, "2025-03-10")).content.decode()
    labels = [label for _, label in permalinks(html)]
    assert labels[0] == "00:00:01"
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d", label) for label in labels)


def test_turn_label_selector(world, open_transcript):
    turns = list(selectors.turn_list(transcript=open_transcript))
    assert selectors.turn_label(turns[0]) == "Turn 1"
    turns[0].time_offset = 3725.4
    assert selectors.turn_label(turns[0]) == "01:02:05"
    turns[0].time_of_day = "09:30:00"
    assert selectors.turn_label(turns[0]) == "09:30:00"


def test_a_member_speaker_links_to_their_entry_on_the_members_page(
    client_as, world, open_transcript
):
    html = client_as("anonymous").get(day_url(world, 3, "2025-03-11")).content.decode()
    members = reverse("publish:members", args=[world.group.slug])
    bra, swe, che = (world.members[code].slug for code in ["BRA", "SWE", "CHE"])
    assert f'<a href="{members}#member-{bra}">Brazil</a>' in html
    assert f'<a href="{members}#member-{swe}">Sweden</a>' in html
    assert f"{members}#member-states" not in html
    page = client_as("anonymous").get(members).content.decode()
    assert f'<li id="member-{bra}"><bdi>Brazil</bdi>' in page
    assert f'<li id="member-{swe}"><bdi>Sweden</bdi>' in page
    assert f'<li id="member-{che}"><bdi>Switzerland</bdi>' in page  # observers too


def test_an_open_meetings_day_is_public(client_as, world, open_transcript):
    html = client_as("anonymous").get(day_url(world, 3, "2025-03-11")).content.decode()
    assert '<span class="badge published">public</span>' in html
    detail = client_as("anonymous").get(reverse("meetings:detail", args=[world.group.slug, 3]))
    assert '<span class="badge published">public</span>' in detail.content.decode()


def test_a_closed_meetings_day_is_never_called_public(client_as, world, closed_transcript):
    detail_url = reverse("meetings:detail", args=[world.group.slug, 4])
    html = client_as("delegate").get(day_url(world, 4, "2025-04-07")).content.decode()
    assert '<span class="badge closed">members only</span>' in html
    assert ">public<" not in html
    assert ">public<" not in client_as("delegate").get(detail_url).content.decode()
    services.transcript_publish(actor=world.users["secretariat"], transcript=closed_transcript)
    for role in ["anonymous", "delegate"]:
        html = client_as(role).get(day_url(world, 4, "2025-04-07")).content.decode()
        assert '<span class="badge published">transcript published</span>' in html, role
        assert ">public<" not in html and "members only" not in html
        detail = client_as(role).get(detail_url).content.decode()
        assert '<span class="badge published">transcript published</span>' in detail, role
        assert ">public<" not in detail
