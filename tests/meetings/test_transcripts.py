"""Transcript upload in every format and file type, speaker matching, search index, publishing."""

from __future__ import annotations

from datetime import date

import pytest

from accord.common.models import AuditEvent
from accord.meetings import selectors, services
from accord.meetings.models import SpeakerTurn, Transcript
from accord.search.models import SearchEntry
from accord.search.query import search_entries
from tests.shared_data import shared_data

from .conftest import stored_files, upload
from .samples import CAPTIONING, COLON, SRT, TIMESTAMPED, make_docx, make_pdf


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _speakers(transcript):
    """(label, member iso3/slug or role kind or None, turns) per distinct speaker."""
    out = []
    for s in selectors.transcript_speakers(transcript=transcript):
        member = transcript.turns.filter(speaker_label=s.label).first().member
        key = (member.iso3 or member.slug) if member else (s.role_kind or None)
        out.append((s.label, key, s.turns))
    return out


CASES = [
    # (file name, bytes builder, format, turns, speakers with what they matched)
    (
        "captioning.txt",
        lambda: CAPTIONING.encode(),
        "captioning",
        5,
        [("CHAIR", "chair", 2), ("BRAZIL", "BRA", 1), ("SWEDEN", "SWE", 1), ("MR. SMITH", None, 1)],
    ),
    (
        "colon.txt",
        lambda: COLON.encode(),
        "colon",
        4,
        [
            ("CHAIR", "chair", 1),
            ("BRAZIL", "BRA", 1),
            ("OPEN NETWORK ALLIANCE", "open-network-alliance", 1),
            ("SECRETARIAT", "secretariat", 1),
        ],
    ),
    (
        "timestamped.txt",
        lambda: TIMESTAMPED.encode(),
        "timestamped",
        4,
        [
            ("Chair", "chair", 1),
            ("Sweden", "SWE", 1),
            ("Switzerland", "CHE", 1),
            ("Jane Doe", None, 1),
        ],
    ),
    (
        "cues.srt",
        lambda: SRT.encode(),
        "srt",
        3,
        [("CHAIR", "chair", 1), ("BRAZIL", "BRA", 1), ("SWEDEN", "SWE", 1)],
    ),
    (
        "record.docx",
        lambda: make_docx(_lines(COLON)),
        "colon",
        4,
        [
            ("CHAIR", "chair", 1),
            ("BRAZIL", "BRA", 1),
            ("OPEN NETWORK ALLIANCE", "open-network-alliance", 1),
            ("SECRETARIAT", "secretariat", 1),
        ],
    ),
    (
        "captions.docx",
        lambda: make_docx(_lines(CAPTIONING)),
        "captioning",
        5,
        [("CHAIR", "chair", 2), ("BRAZIL", "BRA", 1), ("SWEDEN", "SWE", 1), ("MR. SMITH", None, 1)],
    ),
    (
        "captions.pdf",
        lambda: make_pdf(_lines(CAPTIONING)),
        "captioning",
        5,
        [("CHAIR", "chair", 2), ("BRAZIL", "BRA", 1), ("SWEDEN", "SWE", 1), ("MR. SMITH", None, 1)],
    ),
    (
        "timestamped.pdf",
        lambda: make_pdf(_lines(TIMESTAMPED)),
        "timestamped",
        4,
        [
            ("Chair", "chair", 1),
            ("Sweden", "SWE", 1),
            ("Switzerland", "CHE", 1),
            ("Jane Doe", None, 1),
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "build", "fmt", "turns", "speakers"), CASES, ids=[c[0] for c in CASES]
)
def test_upload_each_format(world, meeting, name, build, fmt, turns, speakers):
    data = build()
    transcript = upload(world, meeting.days.first(), data, name=name)
    assert transcript.format == fmt
    assert transcript.original_name == name
    assert transcript.turns.count() == turns
    assert _speakers(transcript) == speakers
    assert transcript.original_file.read() == data
    assert transcript.original_file.name.endswith(name.rsplit(".", 1)[1])
    assert SearchEntry.objects.filter(kind="turn").count() == turns
    event = AuditEvent.objects.get(action="accord.transcript.upload")
    assert event.data["turns"] == turns and event.data["format"] == fmt


def test_turn_fields_and_times(world, meeting):
    transcript = upload(world, meeting.days.first(), TIMESTAMPED, name="t.txt")
    turns = list(transcript.turns.order_by("index"))
    assert [t.index for t in turns] == [0, 1, 2, 3]
    assert [t.time_of_day for t in turns] == ["10:02:11", "10:03:40", "10:05:02", "10:06:30"]
    assert [t.time_offset for t in turns] == [0.0, 89.0, 171.0, 259.0]
    assert turns[0].role_kind == "chair" and turns[0].member is None
    assert turns[1].member == world.members["SWE"] and turns[1].role_kind == ""
    assert turns[1].text == "Sweden wishes to comment on capacity building."


def test_explicit_format_is_used(world, meeting):
    transcript = upload(world, meeting.days.first(), COLON, format="colon")
    assert transcript.format == "colon"


def test_member_aliases_match(world, meeting):
    bra = world.members["BRA"]
    bra.aliases = ["Brasil", "República Federativa do Brasil"]
    bra.save()
    transcript = upload(world, meeting.days.first(), ">>BRASIL: Obrigado.\n>>BRA: Again.\n")
    assert {t.member for t in transcript.turns.all()} == {bra}


def test_search_index_entries(world, meeting):
    day2 = meeting.days.get(date=date(2025, 3, 11))
    transcript = upload(world, day2, CAPTIONING)
    brazil = transcript.turns.get(speaker_label="BRAZIL")
    entry = SearchEntry.objects.get(kind="turn", object_id=brazil.pk)
    assert entry.group_id == world.group.pk
    assert entry.title == "Meeting 3, day 2 — Brazil"
    assert entry.url == f"/g/{world.group.slug}/meetings/3/days/2025-03-11/#turn-{brazil.index}"
    assert entry.facets["meeting"] == 3
    assert entry.facets["constituency"] == "member-states"
    assert entry.facets["constituency_name"] == "Member States"
    assert entry.is_public
    chair = SearchEntry.objects.get(object_id=transcript.turns.filter(role_kind="chair")[0].pk)
    assert chair.title == "Meeting 3, day 2 — Chair" and "constituency" not in chair.facets

    page = search_entries("interoperability principle", member_group_ids=set())
    assert [h.url for h in page.hits] == [
        f"/g/{world.group.slug}/meetings/3/days/2025-03-11/#turn-2"
    ]
    page = search_entries(
        "enhanced cooperation", member_group_ids=set(), facets={"constituency": "member-states"}
    )
    assert page.total == 1 and page.hits[0].title == "Meeting 3, day 2 — Brazil"
    page = search_entries("cooperation", member_group_ids=set(), facets={"meeting": "3"})
    assert page.total == 1


def test_closed_transcript_index_is_members_only_until_published(world, closed_transcript):
    entries = SearchEntry.objects.filter(kind="turn")
    assert entries.count() == 5 and not any(e.is_public for e in entries)
    assert search_entries("quokka", member_group_ids=set()).total == 0
    assert search_entries("quokka", member_group_ids={world.group.pk}).total == 1
    services.transcript_publish(actor=world.users["secretariat"], transcript=closed_transcript)
    assert all(e.is_public for e in entries.all())
    assert search_entries("quokka", member_group_ids=set()).total == 1
    services.transcript_publish(
        actor=world.users["secretariat"], transcript=closed_transcript, published=False
    )
    assert search_entries("quokka", member_group_ids=set()).total == 0
    actions = list(
        AuditEvent.objects.filter(action__startswith="accord.transcript.").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "accord.transcript.upload",
        "accord.transcript.publish",
        "accord.transcript.unpublish",
    ]


@pytest.mark.parametrize("role", ["chair", "delegate", "observer", "outsider", "anonymous"])
def test_only_secretariat_uploads_and_publishes(world, meeting, closed_transcript, role):
    from accord.common.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.transcript_upload(
            actor=world.user(role), day=meeting.days.first(), data=b">>A: b", filename="a.txt"
        )
    with pytest.raises(PermissionDenied):
        services.transcript_publish(actor=world.user(role), transcript=closed_transcript)
    assert Transcript.objects.count() == 1


def test_replacing_a_transcript(world, meeting, media_root, django_capture_on_commit_callbacks):
    day = meeting.days.first()
    first = upload(world, day, CAPTIONING)
    old_file = first.original_file.name
    old_ids = set(first.turns.values_list("pk", flat=True))
    storage = first.original_file.storage
    assert storage.exists(old_file)
    with django_capture_on_commit_callbacks(execute=True):
        second = upload(world, day, COLON, name="corrected.txt")
    assert second.pk == first.pk
    assert second.original_name == "corrected.txt"
    assert second.turns.count() == 4
    assert not SpeakerTurn.objects.filter(pk__in=old_ids).exists()
    assert not SearchEntry.objects.filter(kind="turn", object_id__in=old_ids).exists()
    assert SearchEntry.objects.filter(kind="turn").count() == 4
    assert search_entries("quokka", member_group_ids=None).total == 0
    assert not storage.exists(old_file)  # removed once the replacement committed
    assert stored_files(media_root) == [second.original_file.name]
    assert AuditEvent.objects.filter(action="accord.transcript.replace").count() == 1


def test_progress_callback(world, meeting):
    calls = []
    upload(world, meeting.days.first(), CAPTIONING, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(5, 5)]


VTAIWAN = [
    ("transcript-2025-07-16.txt", 39),
    ("transcript-2025-07-17.txt", 36),
    ("transcript-2025-07-25.txt", 17),
    ("transcript-2025-08-13.txt", 71),
]


@pytest.mark.parametrize(("name", "turns"), VTAIWAN)
def test_vtaiwan_real_transcripts(world, name, turns):
    path = shared_data("vtaiwan-meeting-transcripts", name)
    when = date.fromisoformat(name[len("transcript-") : -len(".txt")])
    m = services.meeting_create(
        actor=world.users["secretariat"], group=world.group, title="vTaiwan", start_date=when
    )
    day = services.meeting_day_add(actor=world.users["secretariat"], meeting=m, date=when)
    transcript = upload(world, day, path.read_bytes(), name=name)
    assert transcript.format == "timestamped"
    assert transcript.turns.count() == turns
    assert SearchEntry.objects.filter(kind="turn").count() == turns
    first = transcript.turns.order_by("index").first()
    assert first.speaker_label == "Bestian" and first.member is None
    assert len(first.time_of_day) == 8


def test_vtaiwan_srt(world, meeting):
    path = shared_data("vtaiwan-meeting-transcripts", "talk-2025-subtitles.srt")
    transcript = upload(world, meeting.days.first(), path.read_bytes(), name=path.name)
    assert transcript.format == "srt"
    assert transcript.turns.count() == 1
    assert "協力學習" in transcript.turns.get().text
