"""Transcript upload (parse, match speakers and negotiating groups, store, index), re-matching
and publication."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, PayloadTooLarge, ValidationFailed
from accord.common.uploads import user_message
from accord.core.documents import DocumentError, extract_text
from accord.core.transcripts import (
    FORMATS,
    GroupMatcher,
    LabelMatch,
    ParsedTranscript,
    SpeakerMatcher,
    TranscriptFormatError,
    match_label,
    parse_transcript,
)
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup
from accord.groups.permissions import require
from accord.search.index import index_bulk_insert, index_delete, index_set_public
from accord.search.models import SearchEntry

from ..models import MeetingDay, SpeakerTurn, Transcript
from ..selectors import display_speaker, transcript_is_public

Progress = Callable[[int, int], None]
SpeakerKey = tuple[str, Any]  # ("member", member pk) or ("role", role kind)
TurnMatch = LabelMatch[SpeakerKey, int]  # the speaker's key and the negotiating group's pk

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


def negotiating_group_candidates(
    group: WorkingGroup,
) -> tuple[dict[int, list[str]], dict[int, NegotiatingGroup]]:
    """The group matcher's candidates: each negotiating group by name, short name and aliases."""
    blocs = {b.pk: b for b in group.negotiating_groups.all()}
    candidates = {
        pk: [n for n in [b.name, b.short_name, *(str(a) for a in b.aliases or [])] if n]
        for pk, b in blocs.items()
    }
    return candidates, blocs


@dataclass(frozen=True)
class _Matching:
    """Every distinct label's match, with the members and negotiating groups it refers to."""

    matches: dict[str, TurnMatch]
    members: dict[int, Member]
    blocs: dict[int, NegotiatingGroup]


def _match_labels(group: WorkingGroup, labels: Iterable[str]) -> _Matching:
    candidates, members = speaker_candidates(group)
    group_candidates, blocs = negotiating_group_candidates(group)
    speakers: SpeakerMatcher[SpeakerKey] = SpeakerMatcher(candidates)
    groups: GroupMatcher[int] = GroupMatcher(group_candidates)
    matches = {label: match_label(label, speakers, groups) for label in dict.fromkeys(labels)}
    return _Matching(matches=matches, members=members, blocs=blocs)


def _read(data: bytes, filename: str, format: str | None) -> ParsedTranscript:
    limit = settings.ACCORD_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise PayloadTooLarge(
            _("The file '%(file)s' is larger than %(size)s MB.")
            % {"file": filename, "size": f"{limit / 1048576:g}"},
            fields={"file": "too_large"},
        )
    if format is not None and format not in FORMATS:
        raise ValidationFailed(
            _(
                "Unknown transcript format '%(format)s': choose one of %(formats)s, "
                "or leave it empty to detect it."
            )
            % {"format": format, "formats": ", ".join(FORMATS)},
            fields={"format": "invalid"},
        )
    # Bounded before parsing: a PDF's work and time, a DOCX's parts and paragraphs
    # (``extract_text``), a text's characters, lines and turns (``parse_transcript``).
    try:
        document = extract_text(data, filename, max_bytes=limit)
    except DocumentError as exc:
        raise ValidationFailed(
            _("'%(file)s': %(reason)s") % {"file": filename, "reason": user_message(exc)},
            fields={"file": "invalid"},
        ) from None
    try:
        return parse_transcript(document.text, format)
    except TranscriptFormatError as exc:
        raise ValidationFailed(
            _("'%(file)s': %(reason)s") % {"file": filename, "reason": user_message(exc)},
            fields={"format": "invalid"},
        ) from None


def _sort_date(day: MeetingDay, time_of_day: str | None) -> datetime:
    clock = time()
    if time_of_day:
        with contextlib.suppress(ValueError):
            clock = time.fromisoformat(time_of_day)
    return datetime.combine(day.date, clock, tzinfo=UTC)


def _turn_fields(match: TurnMatch | None) -> dict[str, Any]:
    """The turn's member, role kind and negotiating group for a label's match."""
    key = match.speaker if match is not None else None
    return {
        "member_id": key[1] if key and key[0] == "member" else None,
        "role_kind": key[1] if key and key[0] == "role" else "",
        "on_behalf_of_id": match.on_behalf_of if match is not None else None,
    }


def _search_entries(
    rows: Sequence[SpeakerTurn], *, day: MeetingDay, matching: _Matching, is_public: bool
) -> list[SearchEntry]:
    """One index entry per stored turn, titled with who spoke (and for which group)."""
    meeting = day.meeting
    group = meeting.group
    entries = []
    for row in rows:
        member = matching.members.get(row.member_id) if row.member_id else None
        bloc = matching.blocs.get(row.on_behalf_of_id) if row.on_behalf_of_id else None
        speaker = display_speaker(
            label=row.speaker_label, member=member, role_kind=row.role_kind, group=bloc
        )
        facets: dict[str, Any] = {"meeting": meeting.number, "day": f"{day.date:%Y-%m-%d}"}
        if member is not None:
            facets["constituency"] = member.constituency.slug
            facets["constituency_name"] = member.constituency.name
            facets["member"] = member.slug
        if bloc is not None:
            facets["negotiating_group"] = bloc.slug
        entries.append(
            SearchEntry(
                kind="turn",
                object_id=row.pk,
                group_id=group.pk,
                title=f"Meeting {meeting.number}, day {day.order} — {speaker}"[:300],
                body=row.text,
                url=(
                    f"/g/{group.slug}/meetings/{meeting.number}/days/"
                    f"{day.date:%Y-%m-%d}/#turn-{row.index}"
                ),
                is_public=is_public,
                facets=facets,
                sort_date=_sort_date(day, row.time_of_day),
            )
        )
    return entries


def _store_turns(
    *,
    transcript: Transcript,
    parsed: ParsedTranscript,
    matching: _Matching,
    is_public: bool,
    progress: Progress | None,
) -> None:
    total = len(parsed.turns)
    for start in range(0, total, BATCH):
        chunk = parsed.turns[start : start + BATCH]
        rows = [
            SpeakerTurn(
                transcript=transcript,
                index=turn.index,
                speaker_label=turn.speaker[:300],
                text=turn.text,
                time_of_day=(turn.time_of_day or "")[:8],
                time_offset=turn.time_offset,
                **_turn_fields(matching.matches.get(turn.speaker)),
            )
            for turn in chunk
        ]
        created = SpeakerTurn.objects.bulk_create(rows)
        index_bulk_insert(
            _search_entries(created, day=transcript.day, matching=matching, is_public=is_public)
        )
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
    matching = _match_labels(group, parsed.speakers)

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
                    _(
                        "This transcript was already uploaded on %(uploaded_at)s UTC "
                        "(meeting %(number)s, %(date)s)."
                    )
                    % {
                        "uploaded_at": duplicate.uploaded_at.strftime("%Y-%m-%d %H:%M"),
                        "number": duplicate.day.meeting.number,
                        "date": duplicate.day.date.isoformat(),
                    },
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
                matching=matching,
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
                    "matched": sum(1 for m in matching.matches.values() if m.speaker is not None),
                    "on_behalf_of": sum(
                        1 for m in matching.matches.values() if m.on_behalf_of is not None
                    ),
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


def transcript_rematch(*, actor: Any, transcript: Transcript) -> int:
    """Match the stored turns' labels again to the group's members, roles and negotiating groups.

    For after members, aliases or negotiating groups were added: the same file cannot be
    uploaded twice. Turns whose member, role or group changes are updated with their search
    entries, in one transaction; returns how many turns changed.
    """
    day = transcript.day
    group = day.meeting.group
    require(actor, "meetings.upload_transcript", group)
    with transaction.atomic():
        turns = list(transcript.turns.select_for_update().order_by("index"))
        matching = _match_labels(group, (t.speaker_label for t in turns))
        changed = []
        for turn in turns:
            fields = _turn_fields(matching.matches.get(turn.speaker_label))
            if any(getattr(turn, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(turn, name, value)
                changed.append(turn)
        if changed:
            SpeakerTurn.objects.bulk_update(
                changed, ["member_id", "role_kind", "on_behalf_of_id"], batch_size=BATCH
            )
            index_delete(kind="turn", object_ids=[t.pk for t in changed])
            is_public = transcript_is_public(transcript) and group.is_published
            index_bulk_insert(
                _search_entries(changed, day=day, matching=matching, is_public=is_public)
            )
        audit_record(
            actor=actor,
            action="accord.transcript.rematch",
            target=transcript,
            group_id=group.pk,
            data={
                "meeting": day.meeting.number,
                "date": f"{day.date:%Y-%m-%d}",
                "changed": len(changed),
                "matched": sum(1 for m in matching.matches.values() if m.speaker is not None),
                "on_behalf_of": sum(
                    1 for m in matching.matches.values() if m.on_behalf_of is not None
                ),
            },
        )
    return len(changed)


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
