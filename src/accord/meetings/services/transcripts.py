"""Transcript upload (parse, match speakers, store, index) and publication."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accord.common.audit import audit_record
from accord.common.errors import Conflict, PayloadTooLarge, ValidationFailed
from accord.core.documents import DocumentError, extract_text
from accord.core.transcripts import (
    FORMATS,
    ParsedTranscript,
    SpeakerMatcher,
    TranscriptFormatError,
    Turn,
    parse_transcript,
)
from accord.groups.models import Member, WorkingGroup
from accord.groups.permissions import require
from accord.search.index import index_bulk_insert, index_delete, index_set_public
from accord.search.models import SearchEntry

from ..models import MeetingDay, SpeakerTurn, Transcript
from ..selectors import ROLE_LABELS, transcript_is_public

Progress = Callable[[int, int], None]
SpeakerKey = tuple[str, Any]  # ("member", member pk) or ("role", role kind)

# How bureau members are addressed in UN and IGF transcripts; "Madam"/"Mr." are stripped by
# the matcher, so "Madam Chair" and "Mr. Chairman" land here too.
ROLE_ALIASES: dict[str, list[str]] = {
    "chair": ["Chair", "Chairman", "Chairwoman", "Chairperson", "Madam Chair", "Co-Chair"],
    "vice_chair": ["Vice-Chair", "Vice Chair", "Vice-Chairman", "Vice-Chairperson"],
    "secretariat": ["Secretariat", "Secretary", "The Secretariat"],
}
BATCH = 500


def speaker_candidates(
    group: WorkingGroup,
) -> tuple[dict[SpeakerKey, list[str]], dict[int, Member]]:
    """The matcher's candidates: each member by name, ISO code and aliases; the bureau roles."""
    members = {m.pk: m for m in group.members.select_related("constituency")}
    candidates: dict[SpeakerKey, list[str]] = {}
    for member in members.values():
        aliases = [member.name, member.iso3, *(str(a) for a in member.aliases or [])]
        candidates[("member", member.pk)] = [a for a in aliases if a]
    for kind, aliases in ROLE_ALIASES.items():
        candidates[("role", kind)] = aliases
    return candidates, members


def _read(data: bytes, filename: str, format: str | None) -> ParsedTranscript:
    limit = settings.ACCORD_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise PayloadTooLarge(
            f"The file '{filename}' is larger than {limit / 1048576:g} MB.",
            fields={"file": "too_large"},
        )
    if format is not None and format not in FORMATS:
        raise ValidationFailed(
            f"Unknown transcript format '{format}': choose one of {', '.join(FORMATS)}, "
            "or leave it empty to detect it.",
            fields={"format": "invalid"},
        )
    try:
        document = extract_text(data, filename, max_bytes=limit)
    except DocumentError as exc:
        raise ValidationFailed(f"'{filename}': {exc}", fields={"file": "invalid"}) from None
    try:
        return parse_transcript(document.text, format)
    except TranscriptFormatError as exc:
        raise ValidationFailed(f"'{filename}': {exc}", fields={"format": "invalid"}) from None


def _sort_date(day: MeetingDay, turn: Turn) -> datetime:
    clock = time()
    if turn.time_of_day:
        with contextlib.suppress(ValueError):
            clock = time.fromisoformat(turn.time_of_day)
    return datetime.combine(day.date, clock, tzinfo=UTC)


def _store_turns(
    *,
    transcript: Transcript,
    parsed: ParsedTranscript,
    matches: dict[str, SpeakerKey | None],
    members: dict[int, Member],
    is_public: bool,
    progress: Progress | None,
) -> None:
    day = transcript.day
    meeting = day.meeting
    group = meeting.group
    total = len(parsed.turns)
    for start in range(0, total, BATCH):
        chunk = parsed.turns[start : start + BATCH]
        rows = []
        for turn in chunk:
            key = matches.get(turn.speaker)
            rows.append(
                SpeakerTurn(
                    transcript=transcript,
                    index=turn.index,
                    speaker_label=turn.speaker[:300],
                    member_id=key[1] if key and key[0] == "member" else None,
                    role_kind=key[1] if key and key[0] == "role" else "",
                    text=turn.text,
                    time_of_day=(turn.time_of_day or "")[:8],
                    time_offset=turn.time_offset,
                )
            )
        created = SpeakerTurn.objects.bulk_create(rows)
        entries = []
        for row, turn in zip(created, chunk, strict=True):
            member = members.get(row.member_id) if row.member_id else None
            speaker = member.name if member else ROLE_LABELS.get(row.role_kind, row.speaker_label)
            facets: dict[str, Any] = {"meeting": meeting.number, "day": f"{day.date:%Y-%m-%d}"}
            if member is not None:
                facets["constituency"] = member.constituency.slug
                facets["constituency_name"] = member.constituency.name
                facets["member"] = member.slug
            entries.append(
                SearchEntry(
                    kind="turn",
                    object_id=row.pk,
                    group_id=group.pk,
                    title=f"Meeting {meeting.number}, day {day.order} — {speaker}",
                    body=row.text,
                    url=(
                        f"/g/{group.slug}/meetings/{meeting.number}/days/"
                        f"{day.date:%Y-%m-%d}/#turn-{row.index}"
                    ),
                    is_public=is_public,
                    facets=facets,
                    sort_date=_sort_date(day, turn),
                )
            )
        index_bulk_insert(entries)
        if progress is not None:
            progress(min(start + BATCH, total), total)


def transcript_upload(
    *,
    actor: Any,
    day: MeetingDay,
    data: bytes,
    filename: str,
    format: str | None = None,
    progress: Progress | None = None,
) -> Transcript:
    """Parse a day's transcript file and store it with its turns and search entries.

    ``format`` is one of ``accord.core.transcripts.FORMATS`` or None to detect it. The file,
    the turns and the index entries are written together or not at all; a different file for
    a day that has one replaces it. ``progress(done, total)`` is called as turns are stored.
    Raises PermissionDenied, PayloadTooLarge, ValidationFailed (unreadable file, unknown
    format) and Conflict (the same file was already uploaded in this group).
    """
    meeting = day.meeting
    group = meeting.group
    require(actor, "meetings.upload_transcript", group)
    filename = (filename or "transcript.txt").replace("\\", "/").rsplit("/", 1)[-1][:200]
    parsed = _read(data, filename, format or None)
    sha256 = hashlib.sha256(data).hexdigest()
    candidates, members = speaker_candidates(group)
    matcher: SpeakerMatcher[SpeakerKey] = SpeakerMatcher(candidates)
    matches = {label: matcher.match(label) for label in parsed.speakers}

    stored: tuple[Any, str] | None = None
    try:
        with transaction.atomic():
            existing = Transcript.objects.select_for_update().filter(day=day).first()
            duplicate = (
                Transcript.objects.filter(day__meeting__group=group, sha256=sha256)
                .select_related("day", "day__meeting")
                .first()
            )
            if duplicate is not None:
                raise Conflict(
                    f"This transcript was already uploaded on "
                    f"{duplicate.uploaded_at:%Y-%m-%d %H:%M} UTC (meeting "
                    f"{duplicate.day.meeting.number}, {duplicate.day.date:%Y-%m-%d}).",
                    fields={"file": "duplicate"},
                )
            old_file = ""
            if existing is not None:
                old_ids = list(existing.turns.values_list("pk", flat=True))
                index_delete(kind="turn", object_ids=old_ids)
                existing.turns.all().delete()
                old_file = existing.original_file.name or ""
                transcript = existing
            else:
                transcript = Transcript(day=day)
            transcript.day = day
            transcript.original_name = filename
            transcript.sha256 = sha256
            transcript.format = parsed.format
            transcript.uploaded_by = actor if getattr(actor, "is_authenticated", False) else None
            transcript.uploaded_at = timezone.now()
            transcript.save()
            _store_turns(
                transcript=transcript,
                parsed=parsed,
                matches=matches,
                members=members,
                is_public=transcript_is_public(transcript) and group.is_published,
                progress=progress,
            )
            # The file is written last, so that any failure before it leaves nothing on disk,
            # and removed by the handler below if the commit itself fails.
            suffix = PurePath(filename).suffix.lower() or ".txt"
            transcript.original_file.save(f"transcript{suffix}", ContentFile(data), save=False)
            stored = (transcript.original_file.storage, transcript.original_file.name)
            transcript.save(update_fields=["original_file"])
            audit_record(
                actor=actor,
                action="accord.transcript.replace" if existing else "accord.transcript.upload",
                target=transcript,
                group_id=group.pk,
                data={
                    "meeting": meeting.number,
                    "date": f"{day.date:%Y-%m-%d}",
                    "file": filename,
                    "sha256": sha256,
                    "format": parsed.format,
                    "turns": len(parsed.turns),
                    "matched": sum(1 for key in matches.values() if key is not None),
                },
            )
            if old_file and old_file != transcript.original_file.name:
                storage = transcript.original_file.storage
                transaction.on_commit(lambda: storage.delete(old_file))
    except BaseException:
        if stored is not None:
            stored[0].delete(stored[1])
        raise
    return transcript


def transcript_publish(*, actor: Any, transcript: Transcript, published: bool = True) -> Transcript:
    """Make a closed meeting's transcript public (or members-only again) and its turns findable."""
    meeting = transcript.day.meeting
    group = meeting.group
    require(actor, "meetings.publish_transcript", group)
    with transaction.atomic():
        transcript.is_published = published
        transcript.save(update_fields=["is_published"])
        turn_ids = list(transcript.turns.values_list("pk", flat=True))
        index_set_public(
            kind="turn",
            object_ids=turn_ids,
            is_public=transcript_is_public(transcript) and group.is_published,
        )
        audit_record(
            actor=actor,
            action="accord.transcript.publish" if published else "accord.transcript.unpublish",
            target=transcript,
            group_id=group.pk,
            data={"meeting": meeting.number, "date": f"{transcript.day.date:%Y-%m-%d}"},
        )
    return transcript
