"""Reads about meetings; what a viewer may not see raises the same NotFound as what is missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from accord.common.errors import NotFound
from accord.core.transcripts import split_speaker_label
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup
from accord.groups.permissions import can

from .models import AgendaItem, LivePost, Meeting, MeetingDay, SpeakerTurn, Transcript

ROLE_LABELS = {
    "chair": "Chair",
    "vice_chair": "Vice-Chair",
    "secretariat": "Secretariat",
}


def parse_day(value: str) -> date:
    """A ``yyyy-mm-dd`` path segment; anything else is a page that does not exist."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise NotFound() from None


def transcript_is_public(transcript: Transcript) -> bool:
    """Open meetings' transcripts are public; closed ones only once the secretariat publishes."""
    return transcript.is_published or not transcript.day.meeting.is_closed


# How a day's transcript may be read, for its badge: an open meeting's is public; a closed
# meeting's is members-only, or published by the secretariat (never "public": the meeting
# itself stays closed).
ACCESS_PUBLIC = "public"
ACCESS_PUBLISHED = "published"
ACCESS_MEMBERS = "members"


def transcript_access(transcript: Transcript) -> str:
    """``ACCESS_PUBLIC``, ``ACCESS_PUBLISHED`` or ``ACCESS_MEMBERS`` (see above)."""
    if not transcript.day.meeting.is_closed:
        return ACCESS_PUBLIC
    return ACCESS_PUBLISHED if transcript.is_published else ACCESS_MEMBERS


def meeting_list(*, group: WorkingGroup) -> QuerySet[Meeting]:
    return group.meetings.order_by("-start_date", "-number")


def meeting_get(*, group: WorkingGroup, number: int) -> Meeting:
    meeting = group.meetings.filter(number=number).first()
    if meeting is None:
        raise NotFound()
    return meeting


@dataclass(frozen=True)
class DayView:
    day: MeetingDay
    agenda: list[AgendaItem]
    transcript: Transcript | None  # None also when this viewer may not see it
    transcript_public: bool
    access: str = ""  # transcript_access() when there is a transcript


@dataclass(frozen=True)
class MeetingView:
    meeting: Meeting
    days: list[DayView]
    unscheduled_agenda: list[AgendaItem]
    can_view_closed: bool


def meeting_get_for_viewer(*, group: WorkingGroup, number: int, viewer: Any) -> MeetingView:
    """A meeting with its days and agenda (public) and the transcripts this viewer may read."""
    meeting = meeting_get(group=group, number=number)
    member_view = can(viewer, "meetings.view_closed", group)
    days = list(meeting.days.order_by("date"))
    transcripts = {
        t.day_id: t for t in Transcript.objects.filter(day__meeting=meeting).select_related("day")
    }
    agenda = list(meeting.agenda_items.order_by("order", "id"))
    views = []
    for day in days:
        day.meeting = meeting  # saves a query per day in transcript_is_public
        transcript = transcripts.get(day.pk)
        public = transcript is not None and transcript_is_public(transcript)
        if transcript is not None and not (public or member_view):
            transcript = None
        views.append(
            DayView(
                day=day,
                agenda=[a for a in agenda if a.day_id == day.pk],
                transcript=transcript,
                transcript_public=public,
                access=transcript_access(transcript) if transcript is not None else "",
            )
        )
    return MeetingView(
        meeting=meeting,
        days=views,
        unscheduled_agenda=[a for a in agenda if a.day_id is None],
        can_view_closed=member_view,
    )


def day_get(*, meeting: Meeting, day: date) -> MeetingDay:
    found = meeting.days.filter(date=day).first()
    if found is None:
        raise NotFound()
    found.meeting = meeting
    return found


def transcript_get_for_viewer(
    *, group: WorkingGroup, number: int, day: date, viewer: Any
) -> Transcript:
    """The day's transcript; missing meeting, day, transcript and a hidden one → same NotFound."""
    meeting = meeting_get(group=group, number=number)
    meeting_day = day_get(meeting=meeting, day=day)
    transcript = Transcript.objects.filter(day=meeting_day).first()
    if transcript is None:
        raise NotFound()
    transcript.day = meeting_day
    if not transcript_is_public(transcript) and not can(viewer, "meetings.view_closed", group):
        raise NotFound()
    return transcript


def turn_list(*, transcript: Transcript, speaker: str = "") -> QuerySet[SpeakerTurn]:
    turns = transcript.turns.select_related(
        "member", "member__constituency", "on_behalf_of"
    ).order_by("index")
    if speaker:
        turns = turns.filter(speaker_label=speaker)
    return turns


def turn_time(turn: SpeakerTurn) -> str:
    """The turn's time stamp as ``HH:MM:SS``: its clock time, else its elapsed time; or ""."""
    if turn.time_of_day:
        return turn.time_of_day
    if turn.time_offset is not None and turn.time_offset >= 0:
        seconds = int(turn.time_offset)
        return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return ""


def turn_number(turn: SpeakerTurn) -> int:
    """The turn's place as a reader counts it, from 1 (``index`` counts from 0)."""
    return turn.index + 1


def turn_label(turn: SpeakerTurn) -> str:
    """What the turn's permalink reads: its time stamp, else "Turn 12"."""
    return turn_time(turn) or gettext("Turn %(number)d") % {"number": turn_number(turn)}


@dataclass(frozen=True)
class TurnRow:
    """A turn as the transcript page shows it; its anchor stays ``turn-<index>``."""

    turn: SpeakerTurn
    speaker: str
    number: int
    time: str
    label: str


def turn_rows(*, transcript: Transcript, speaker: str = "") -> list[TurnRow]:
    return [
        TurnRow(
            turn=turn,
            speaker=speaker_display(turn),
            number=turn_number(turn),
            time=turn_time(turn),
            label=turn_label(turn),
        )
        for turn in turn_list(transcript=transcript, speaker=speaker)
    ]


def display_speaker(
    *, label: str, member: Member | None, role_kind: str, group: NegotiatingGroup | None
) -> str:
    """Who spoke, as shown: "South Africa on behalf of G77 and China", "Chair", "MR. SMITH".

    The matched member, else the bureau role, else the label as written; with the negotiating
    group when one was matched (an unknown speaker for a known group shows the label's
    speaker part, or the group alone when the label named only the group).
    """
    if member is not None:
        name = member.name
    elif role_kind:
        name = ROLE_LABELS.get(role_kind, role_kind)
    else:
        name = ""
    if group is None:
        return name or label
    split = split_speaker_label(label)
    if split.on_behalf_of is None:  # the label is the group's name ("G77 AND CHINA")
        return name or str(group)
    name = name or split.speaker
    if not name:
        return str(group)
    if split.on_behalf_of is not None and split.on_behalf_of == split.speaker:
        # "EUROPEAN UNION (ON BEHALF OF ITS MEMBER STATES)"
        return gettext("%(speaker)s on behalf of its member States") % {"speaker": name}
    return gettext("%(speaker)s on behalf of %(group)s") % {"speaker": name, "group": group}


def speaker_display(turn: SpeakerTurn) -> str:
    """The name shown for a turn (see :func:`display_speaker`)."""
    return display_speaker(
        label=turn.speaker_label,
        member=turn.member if turn.member_id is not None else None,
        role_kind=turn.role_kind,
        group=turn.on_behalf_of if turn.on_behalf_of_id is not None else None,
    )


@dataclass(frozen=True)
class SpeakerSummary:
    label: str
    display: str
    turns: int
    member_id: int | None
    role_kind: str
    # The negotiating group the label speaks for, when it names one the group has listed.
    on_behalf_of: NegotiatingGroup | None = None
    # The group as the label names it ("THE G77 AND CHINA"), listed or not; None if none.
    group_label: str | None = None

    @property
    def matched(self) -> bool:
        return self.member_id is not None or bool(self.role_kind)


def transcript_speakers(*, transcript: Transcript) -> list[SpeakerSummary]:
    """Distinct speaker labels in order of first turn, with what each was matched to."""
    found: dict[str, SpeakerSummary] = {}
    for turn in turn_list(transcript=transcript):
        seen = found.get(turn.speaker_label)
        found[turn.speaker_label] = SpeakerSummary(
            label=turn.speaker_label,
            display=speaker_display(turn),
            turns=(seen.turns if seen else 0) + 1,
            member_id=turn.member_id,
            role_kind=turn.role_kind,
            on_behalf_of=turn.on_behalf_of,
            group_label=seen.group_label
            if seen
            else split_speaker_label(turn.speaker_label).on_behalf_of,
        )
    return list(found.values())


def live_post_list(*, group: WorkingGroup, limit: int | None = 50) -> QuerySet[LivePost]:
    """The newest ``limit`` live updates, newest first (all of them, for a caller that pages
    through them itself, with ``limit=None``)."""
    posts = group.live_posts.select_related("meeting", "posted_by").order_by("-created_at", "-id")
    return posts if limit is None else posts[:limit]
