"""Bad uploads: a clear message, a 4xx, and nothing half-written (rows or files)."""

from __future__ import annotations

import pytest

from accord.common.errors import Conflict, PayloadTooLarge, ValidationFailed
from accord.common.models import AuditEvent
from accord.meetings.models import SpeakerTurn, Transcript
from accord.search.models import SearchEntry

from .conftest import stored_files, upload
from .samples import CAPTIONING, make_docx


def _counts():
    return (
        Transcript.objects.count(),
        SpeakerTurn.objects.count(),
        SearchEntry.objects.count(),
        AuditEvent.objects.count(),
    )


BAD = [
    ("corrupt.docx", b"PK\x03\x04 this is not really a zip", None, ValidationFailed, "damaged"),
    ("random.docx", b"\x00\x01\x02 definitely not word", None, ValidationFailed, "damaged"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj garbage", None, ValidationFailed, "'broken.pdf'"),
    (
        "notes.txt",
        b"Just some prose.\nNo speakers here at all.",
        None,
        ValidationFailed,
        "Unrecognised transcript format",
    ),
    ("notes.txt", CAPTIONING.encode(), "vtt", ValidationFailed, "Unknown transcript format 'vtt'"),
    ("image.png", b"\x89PNG\r\n\x1a\n....", None, ValidationFailed, "Unsupported file type"),
    ("empty.txt", b"", None, ValidationFailed, "empty"),
]


@pytest.mark.parametrize(
    ("name", "data", "fmt", "error", "message"), BAD, ids=[b[0] + str(i) for i, b in enumerate(BAD)]
)
def test_bad_file_is_rejected_with_nothing_written(
    world, meeting, media_root, name, data, fmt, error, message
):
    day = meeting.days.first()
    before = _counts()
    with pytest.raises(error, match=message) as info:
        upload(world, day, data, name=name, format=fmt)
    assert 400 <= info.value.status < 500
    assert _counts() == before
    assert stored_files(media_root) == []


def test_corrupt_docx_message_names_the_file(world, meeting):
    damaged = make_docx(["CHAIR: hello"])[:300]
    with pytest.raises(ValidationFailed) as info:
        upload(world, meeting.days.first(), damaged, name="minutes.docx")
    assert "minutes.docx" in info.value.message
    assert info.value.fields == {"file": "invalid"}


def test_oversized_upload(world, meeting, media_root, settings):
    settings.ACCORD_MAX_UPLOAD_BYTES = 64
    before = _counts()
    with pytest.raises(PayloadTooLarge, match="larger than") as info:
        upload(world, meeting.days.first(), CAPTIONING, name="big.txt")
    assert info.value.status == 413
    assert _counts() == before
    assert stored_files(media_root) == []


def test_duplicate_upload(world, meeting, media_root):
    day1, day2 = meeting.days.order_by("date")
    first = upload(world, day1, CAPTIONING)
    before = _counts()
    files = stored_files(media_root)
    for day in (day1, day2):
        with pytest.raises(
            Conflict, match=r"This transcript was already uploaded on .* 2025-03-10"
        ):
            upload(world, day, CAPTIONING, name="again.txt")
    assert _counts() == before
    assert stored_files(media_root) == files
    first.refresh_from_db()
    assert first.original_name == "day.txt"


def test_failure_after_the_file_is_written_leaves_no_orphan(
    world, meeting, media_root, monkeypatch
):
    import accord.meetings.services.transcripts as module

    def boom(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(module, "audit_record", boom)
    before = _counts()
    with pytest.raises(RuntimeError):
        upload(world, meeting.days.first(), CAPTIONING)
    assert _counts() == before
    assert stored_files(media_root) == []


def test_failed_replacement_keeps_the_old_transcript(world, meeting, media_root, monkeypatch):
    import accord.meetings.services.transcripts as module

    day = meeting.days.first()
    first = upload(world, day, CAPTIONING)
    files = stored_files(media_root)
    before = _counts()
    monkeypatch.setattr(module, "audit_record", lambda **kw: (_ for _ in ()).throw(OSError("x")))
    with pytest.raises(OSError):
        upload(world, day, CAPTIONING.replace("quokka", "wombat"))
    assert _counts() == before
    assert stored_files(media_root) == files
    first.refresh_from_db()
    assert first.turns.count() == 5 and "quokka" in first.turns.get(index=3).text
