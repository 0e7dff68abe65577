"""HTML pages: list, detail, a day's transcript (and its htmx fragment), secretariat forms."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.jobs.models import Job
from accord.meetings.models import Meeting, MeetingDay, SpeakerTurn, Transcript
from accord.search.models import SearchEntry
from tests.pages import without_csrf

from .conftest import stored_files
from .samples import CAPTIONING, make_docx


def day_url(world, number, day, name="meetings:day"):
    return reverse(name, args=[world.group.slug, number, day])


def test_list_and_detail_are_public(client_as, world, meeting, closed_meeting):
    client = client_as("anonymous")
    page = client.get(reverse("meetings:list", args=[world.group.slug]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Third meeting" in body and "Informal consultations" in body
    assert '<th scope="col">' in body
    assert "Create a meeting" not in body
    detail = client.get(reverse("meetings:detail", args=[world.group.slug, 3]))
    assert detail.status_code == 200
    assert "Palais des Nations" in detail.content.decode()
    assert client.get(reverse("meetings:detail", args=[world.group.slug, 99])).status_code == 404


def test_detail_badges_depend_on_viewer(client_as, world, closed_transcript, open_transcript):
    link = day_url(world, 4, "2025-04-07")
    for role in ["anonymous", "outsider"]:
        body = client_as(role).get(reverse("meetings:detail", args=[world.group.slug, 4])).content
        assert link.encode() not in body and b"members only" not in body
    body = client_as("delegate").get(reverse("meetings:detail", args=[world.group.slug, 4]))
    assert link in body.content.decode() and "members only" in body.content.decode()
    body = client_as("anonymous").get(reverse("meetings:detail", args=[world.group.slug, 3]))
    assert day_url(world, 3, "2025-03-11") in body.content.decode()
    assert 'class="badge published"' in body.content.decode()


def test_day_page_has_turn_anchors(client_as, world, open_transcript):
    page = client_as("anonymous").get(day_url(world, 3, "2025-03-11"))
    assert page.status_code == 200
    body = page.content.decode()
    for index in range(5):
        assert f'<article class="turn" id="turn-{index}">' in body
        assert f'href="#turn-{index}"' in body
    assert ">Brazil</a>" in body  # matched member, linked
    assert "MR. SMITH" in body  # unmatched label as written
    assert "<html" in body


def test_speaker_filter_htmx_fragment(client_as, world, open_transcript):
    url = day_url(world, 3, "2025-03-11")
    page = client_as("anonymous").get(url, {"speaker": "CHAIR"}, HTTP_HX_REQUEST="true")
    body = page.content.decode()
    assert page.status_code == 200
    assert "<html" not in body and "<h1" not in body
    assert body.strip().startswith('<div id="turns"')
    assert body.count('<article class="turn"') == 2
    # Without htmx, the same filter is a full page.
    full = client_as("anonymous").get(url, {"speaker": "BRAZIL"}).content.decode()
    assert "<html" in full and full.count('<article class="turn"') == 1


def _normalised_404(response, path):
    return without_csrf(response.content.decode()).replace(path, "PATH")


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_closed_transcript_is_404_like_a_missing_day(client_as, world, closed_transcript, role):
    client = client_as(role)
    hidden = day_url(world, 4, "2025-04-07")
    missing = day_url(world, 4, "2025-04-08")
    bad = day_url(world, 4, "not-a-date")
    responses = {url: client.get(url) for url in [hidden, missing, bad]}
    assert {r.status_code for r in responses.values()} == {404}
    bodies = {_normalised_404(r, url) for url, r in responses.items()}
    assert len(bodies) == 1
    assert "quokka" not in bodies.pop()
    original = client.get(day_url(world, 4, "2025-04-07", "meetings:original"))
    assert original.status_code == 404


@pytest.mark.parametrize("role", ["delegate", "observer", "chair", "secretariat"])
def test_members_read_closed_transcripts(client_as, world, closed_transcript, role):
    client = client_as(role)
    page = client.get(day_url(world, 4, "2025-04-07"))
    assert page.status_code == 200 and "quokka" in page.content.decode()
    assert "members only" in page.content.decode()
    original = client.get(day_url(world, 4, "2025-04-07", "meetings:original"))
    assert original.status_code == 200
    assert b"".join(original.streaming_content) == CAPTIONING.encode()


def test_publish_makes_it_public(client_as, world, closed_transcript):
    url = day_url(world, 4, "2025-04-07")
    publish = day_url(world, 4, "2025-04-07", "meetings:publish")
    assert client_as("delegate").post(publish).status_code == 403
    assert client_as("anonymous").get(url).status_code == 404
    response = client_as("secretariat").post(publish, {"published": "1"})
    assert response.status_code == 302 and response["Location"] == url
    assert client_as("anonymous").get(url).status_code == 200
    assert SearchEntry.objects.filter(kind="turn", is_public=True).count() == 5


def test_create_meeting_form(client_as, world):
    url = reverse("meetings:create", args=[world.group.slug])
    assert client_as("chair").get(url).status_code == 403
    client = client_as("secretariat")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"title": "X", "start_date": "2025-06-02", "end_date": "2025-06-01"})
    assert bad.status_code == 400 and "cannot end before it starts" in bad.content.decode()
    ok = client.post(url, {"title": "Fifth", "start_date": "2025-06-02", "is_closed": "on"})
    assert ok.status_code == 302
    meeting = Meeting.objects.get(title="Fifth")
    assert meeting.is_closed and ok["Location"] == reverse(
        "meetings:detail", args=[world.group.slug, meeting.number]
    )


def test_add_day_and_agenda_item(client_as, world, meeting):
    client = client_as("secretariat")
    add_day = reverse("meetings:day-add", args=[world.group.slug, 3])
    assert client.post(add_day, {"date": "2025-03-12"}).status_code == 302
    duplicate = client.post(add_day, {"date": "2025-03-12"})
    assert duplicate.status_code == 409 and "already has a day" in duplicate.content.decode()
    assert client_as("delegate").post(add_day, {"date": "2025-03-11"}).status_code == 403
    client = client_as("secretariat")
    day = MeetingDay.objects.get(meeting=meeting, date=date(2025, 3, 12))
    agenda = reverse("meetings:agenda-add", args=[world.group.slug, 3])
    response = client.post(agenda, {"number": "4", "title": "Any other business", "day": day.pk})
    assert response.status_code == 302
    page = client.get(reverse("meetings:detail", args=[world.group.slug, 3])).content.decode()
    assert "Any other business" in page and "Day 3" in page


def test_upload_form_shows_parse_result(client_as, world, meeting):
    url = day_url(world, 3, "2025-03-10", "meetings:upload")
    assert client_as("delegate").get(url).status_code == 404
    client = client_as("secretariat")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"file": SimpleUploadedFile("day1.txt", CAPTIONING.encode()), "format": ""}
    )
    # The upload is a job: the answer is its page, which says what was stored.
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    job_page = client.get(response["Location"]).content.decode()
    assert "Transcript stored: 5 turns, 3 of 4 speakers matched." in job_page
    assert f'href="{url}"' in job_page  # back to the form, which shows the parse
    page = client.get(url).content.decode()
    assert '<strong class="turn-count">5</strong>' in page
    assert (
        '<strong class="matched-count">3</strong> of 4 speakers matched; '
        "unmatched: <bdi>MR. SMITH</bdi>" in page
    )


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        # Read by the job: its page (the answer's target) gives the reason.
        ("broken.docx", b"PK\x03\x04broken", 302, "damaged"),
        ("notes.txt", b"No speakers, only prose.", 302, "Unrecognised transcript format"),
        # Refused by the request itself.
        ("big.txt", CAPTIONING.encode() * 10, 413, "the limit is"),
    ],
)
def test_upload_form_bad_input(
    client_as, world, meeting, media_root, settings, name, data, status, message
):
    settings.ACCORD_MAX_UPLOAD_BYTES = 1024
    url = day_url(world, 3, "2025-03-10", "meetings:upload")
    client = client_as("secretariat")
    response = client.post(url, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == status
    if status == 302:
        assert Job.objects.get().status == Job.Status.FAILED
        response = client.get(response["Location"])
    assert message in response.content.decode()
    assert (Transcript.objects.count(), SpeakerTurn.objects.count()) == (0, 0)
    assert stored_files(media_root) == []


def test_upload_form_duplicate_and_docx(client_as, world, meeting):
    url = day_url(world, 3, "2025-03-10", "meetings:upload")
    client = client_as("secretariat")
    lines = [line for line in CAPTIONING.splitlines() if line]
    docx = make_docx(lines)
    assert client.post(url, {"file": SimpleUploadedFile("r.docx", docx)}).status_code == 302
    again = client.post(url, {"file": SimpleUploadedFile("r2.docx", docx)})
    assert again.status_code == 302
    assert (
        "This transcript was already uploaded on" in client.get(again["Location"]).content.decode()
    )
    assert Transcript.objects.get().original_name == "r.docx"
    missing = client.post(url, {})
    assert missing.status_code == 400


def test_upload_to_missing_day_is_404(client_as, world, meeting):
    url = day_url(world, 3, "2025-03-12", "meetings:upload")
    assert client_as("secretariat").get(url).status_code == 404


def test_search_lands_on_turn(client_as, world, open_transcript, closed_transcript):
    """The lead's browser scenario at the HTTP level: search a phrase, follow the hit."""
    client = client_as("anonymous")
    results = client.get(
        reverse("publish:search", args=[world.group.slug]), {"q": "interoperability principle"}
    )
    body = results.content.decode()
    target = day_url(world, 3, "2025-03-11") + "#turn-2"
    assert f'href="{target}"' in body
    page = client.get(target.split("#")[0]).content.decode()
    assert '<article class="turn" id="turn-2">' in page
    hidden = client.get(reverse("publish:search", args=[world.group.slug]), {"q": "quokka"})
    assert "0 results" in hidden.content.decode() or "No results" in hidden.content.decode()
