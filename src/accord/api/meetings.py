"""Meetings, days and agenda, day transcripts (read and upload), live updates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from accord.common.errors import ValidationFailed
from accord.common.uploads import read_upload
from accord.groups.selectors import group_get_for_viewer
from accord.meetings import selectors, services, tasks
from accord.meetings.forms import LivePostForm, MeetingForm
from accord.meetings.models import LivePost, Meeting, SpeakerTurn, Transcript

from .auth import token_auth, viewer
from .errors import ErrorBody
from .fields import IsoDate, Number, form_limit
from .jobs import JobOut, queued_response
from .pagination import Rows, paginated

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    number: int
    title: str
    venue: str
    start_date: date
    end_date: date | None
    is_closed: bool


class AgendaItemOut(Schema):
    number: str
    title: str
    description: str


class DayOut(Schema):
    date: date
    order: int
    agenda: list[AgendaItemOut]
    # Present only when this viewer may read the transcript.
    transcript_url: str | None
    transcript_public: bool | None


class MeetingDetailOut(MeetingOut):
    days: list[DayOut]
    agenda: list[AgendaItemOut]


class MeetingIn(Schema):
    title: Annotated[str, form_limit(MeetingForm, "title")]
    start_date: IsoDate
    end_date: IsoDate | None = None
    number: Number | None = None
    venue: Annotated[str, form_limit(MeetingForm, "venue")] = ""
    is_closed: bool = False


class TurnOut(Schema):
    index: int
    # As shown: "South Africa on behalf of G77 and China".
    speaker: str
    speaker_label: str
    member: str | None
    role: str | None
    # The slug of the negotiating group the speaker spoke for, if it is one of the group's.
    on_behalf_of: str | None
    text: str
    time_of_day: str | None
    time_offset: float | None
    url: str


class TranscriptOut(Schema):
    meeting: int
    date: date
    format: str
    original_name: str
    uploaded_at: datetime
    is_public: bool
    # The turns are a list of their own, paged like every list (``?speaker=`` filters it).
    turn_count: int
    turns_url: str


class RematchOut(Schema):
    changed: int
    unmatched: list[str]


class LivePostIn(Schema):
    body: Annotated[str, form_limit(LivePostForm, "body")]
    meeting: Number | None = None


class LivePostOut(Schema):
    id: int
    body: str
    meeting: int | None
    created_at: datetime


def _meeting_out(meeting: Meeting) -> MeetingOut:
    return MeetingOut(
        number=meeting.number,
        title=meeting.title,
        venue=meeting.venue,
        start_date=meeting.start_date,
        end_date=meeting.end_date,
        is_closed=meeting.is_closed,
    )


def _day_url(slug: str, number: int, day: date) -> str:
    return f"/g/{slug}/meetings/{number}/days/{day:%Y-%m-%d}/"


def _live_out(post: LivePost) -> LivePostOut:
    return LivePostOut(
        id=post.pk,
        body=post.body,
        meeting=post.meeting.number if post.meeting else None,
        created_at=post.created_at,
    )


@router.get("/groups/{slug}/meetings", response={200: list[MeetingOut], 404: ErrorBody})
@paginated
def meeting_list(request: HttpRequest, slug: str) -> Rows:
    group = group_get_for_viewer(slug=slug, viewer=viewer(request))
    return Rows(selectors.meeting_list(group=group), each=_meeting_out)


@router.post(
    "/groups/{slug}/meetings",
    response={201: MeetingOut, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody},
    auth=token_auth,
)
def meeting_create(request: HttpRequest, slug: str, payload: MeetingIn) -> Status[MeetingOut]:
    group = group_get_for_viewer(slug=slug, viewer=request.user)
    meeting = services.meeting_create(actor=request.user, group=group, **payload.dict())
    return Status(201, _meeting_out(meeting))


@router.get("/groups/{slug}/meetings/{number}", response={200: MeetingDetailOut, 404: ErrorBody})
def meeting_detail(request: HttpRequest, slug: str, number: int) -> MeetingDetailOut:
    group = group_get_for_viewer(slug=slug, viewer=viewer(request))
    view = selectors.meeting_get_for_viewer(group=group, number=number, viewer=viewer(request))

    def items(agenda: list) -> list[AgendaItemOut]:  # type: ignore[type-arg]
        return [
            AgendaItemOut(number=a.number, title=a.title, description=a.description) for a in agenda
        ]

    return MeetingDetailOut(
        **_meeting_out(view.meeting).dict(),
        days=[
            DayOut(
                date=d.day.date,
                order=d.day.order,
                agenda=items(d.agenda),
                transcript_url=(
                    _day_url(slug, number, d.day.date) if d.transcript is not None else None
                ),
                transcript_public=d.transcript_public if d.transcript is not None else None,
            )
            for d in view.days
        ],
        agenda=items(view.unscheduled_agenda),
    )


def _turn_out(turn: SpeakerTurn, url: str) -> TurnOut:
    return TurnOut(
        index=turn.index,
        speaker=selectors.speaker_display(turn),
        speaker_label=turn.speaker_label,
        member=turn.member.slug if turn.member else None,
        role=turn.role_kind or None,
        on_behalf_of=turn.on_behalf_of.slug if turn.on_behalf_of else None,
        text=turn.text,
        time_of_day=turn.time_of_day or None,
        time_offset=turn.time_offset,
        url=f"{url}#turn-{turn.index}",
    )


def _transcript_for(request: HttpRequest, slug: str, number: int, day: str) -> Transcript:
    who = viewer(request)
    group = group_get_for_viewer(slug=slug, viewer=who)
    return selectors.transcript_get_for_viewer(
        group=group, number=number, day=selectors.parse_day(day), viewer=who
    )


@router.get(
    "/groups/{slug}/meetings/{number}/days/{day}/transcript",
    response={200: TranscriptOut, 404: ErrorBody},
)
def transcript_detail(request: HttpRequest, slug: str, number: int, day: str) -> TranscriptOut:
    transcript = _transcript_for(request, slug, number, day)
    return TranscriptOut(
        meeting=number,
        date=transcript.day.date,
        format=transcript.format,
        original_name=transcript.original_name,
        uploaded_at=transcript.uploaded_at,
        is_public=selectors.transcript_is_public(transcript),
        turn_count=transcript.turns.count(),
        turns_url=f"/api/v1/groups/{slug}/meetings/{number}/days/"
        f"{transcript.day.date.isoformat()}/transcript/turns",
    )


@router.get(
    "/groups/{slug}/meetings/{number}/days/{day}/transcript/turns",
    response={200: list[TurnOut], 404: ErrorBody},
)
@paginated
def transcript_turn_list(
    request: HttpRequest, slug: str, number: int, day: str, speaker: str = ""
) -> Rows:
    """A transcript's turns in order; ``speaker`` keeps one speaker label's turns."""
    transcript = _transcript_for(request, slug, number, day)
    url = _day_url(slug, number, transcript.day.date)
    return Rows(
        selectors.turn_list(transcript=transcript, speaker=speaker),
        each=lambda t: _turn_out(t, url),
    )


@router.post(
    "/groups/{slug}/meetings/{number}/days/{day}/transcript",
    response={202: JobOut, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody},
    auth=token_auth,
)
def transcript_upload(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    number: int,
    day: str,
    file: File[UploadedFile],
    format: Form[str] = "",
) -> Status[Any]:
    """Multipart upload (field ``file``; optional ``format``); replaces a different earlier file.

    Answers 202 with a job (``Location``: its address): the worker parses and stores the file.
    When it has succeeded, its ``result`` holds ``meeting``, ``date``, ``format``, ``turns``,
    ``matched`` (label, matched_to, member, role, on_behalf_of, turns) and ``unmatched``; a
    file that cannot be read, or was uploaded before, ends the job as failed with the reason.
    """
    group = group_get_for_viewer(slug=slug, viewer=request.user)
    meeting = selectors.meeting_get(group=group, number=number)
    meeting_day = selectors.day_get(meeting=meeting, day=selectors.parse_day(day))
    data, name = read_upload(file)
    job = tasks.transcript_upload_start(
        actor=request.user, day=meeting_day, data=data, filename=name, format=format or None
    )
    return queued_response(request, response, job)


@router.post(
    "/groups/{slug}/meetings/{number}/days/{day}/transcript/rematch",
    response={200: RematchOut, 403: ErrorBody, 404: ErrorBody},
    auth=token_auth,
)
def transcript_rematch(request: HttpRequest, slug: str, number: int, day: str) -> RematchOut:
    """Match the stored turns again to members, roles and negotiating groups added since."""
    group = group_get_for_viewer(slug=slug, viewer=request.user)
    transcript: Transcript = selectors.transcript_get_for_viewer(
        group=group, number=number, day=selectors.parse_day(day), viewer=request.user
    )
    changed = services.transcript_rematch(actor=request.user, transcript=transcript)
    speakers = selectors.transcript_speakers(transcript=transcript)
    return RematchOut(changed=changed, unmatched=[s.label for s in speakers if not s.matched])


@router.get("/groups/{slug}/live", response={200: list[LivePostOut], 404: ErrorBody})
@paginated
def live_list(request: HttpRequest, slug: str) -> Rows:
    """Live updates, newest first."""
    group = group_get_for_viewer(slug=slug, viewer=viewer(request))
    return Rows(selectors.live_post_list(group=group, limit=None), each=_live_out)


@router.post(
    "/groups/{slug}/live",
    response={201: LivePostOut, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody},
    auth=token_auth,
)
def live_create(request: HttpRequest, slug: str, payload: LivePostIn) -> Status[LivePostOut]:
    group = group_get_for_viewer(slug=slug, viewer=request.user)
    meeting = None
    if payload.meeting is not None:
        meeting = group.meetings.filter(number=payload.meeting).first()
        if meeting is None:
            raise ValidationFailed(
                _("No meeting %(meeting)s in this group.") % {"meeting": payload.meeting},
                fields={"meeting": "invalid"},
            )
    post = services.live_post_create(
        actor=request.user, group=group, body=payload.body, meeting=meeting
    )
    return Status(201, _live_out(post))
