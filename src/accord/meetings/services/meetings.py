"""Meetings, their days and agenda items."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, ValidationFailed
from accord.groups.models import WorkingGroup
from accord.groups.permissions import require
from accord.search.index import index_set_public

from ..models import AgendaItem, Meeting, MeetingDay, SpeakerTurn, Transcript

# A meeting's days and agenda are read whole (the meeting page, the API's meeting detail):
# they are bounded here, well above any real session (a two-week COP has 12 days and
# about 200 agenda items), so that no one can make either read unbounded.
MAX_DAYS = 60
MAX_AGENDA_ITEMS = 500


def _check_dates(start_date: date | None, end_date: date | None) -> None:
    if start_date is None:
        raise ValidationFailed(
            _("A meeting needs a start date."), fields={"start_date": "required"}
        )
    if end_date is not None and end_date < start_date:
        raise ValidationFailed(
            _("The meeting cannot end before it starts."), fields={"end_date": "invalid"}
        )


def meeting_create(
    *,
    actor: Any,
    group: WorkingGroup,
    title: str,
    start_date: date,
    end_date: date | None = None,
    number: int | None = None,
    venue: str = "",
    is_closed: bool = False,
) -> Meeting:
    """Create a meeting; without ``number`` it takes the next one in the group."""
    require(actor, "meetings.manage", group)
    title = title.strip()
    if not title:
        raise ValidationFailed(_("A meeting needs a title."), fields={"title": "required"})
    _check_dates(start_date, end_date)
    if number is not None and number < 1:
        raise ValidationFailed(_("Meeting numbers start at 1."), fields={"number": "invalid"})
    with transaction.atomic():
        if number is None:
            number = (group.meetings.aggregate(n=Max("number"))["n"] or 0) + 1
        elif group.meetings.filter(number=number).exists():
            raise Conflict(
                _("Meeting %(number)s already exists in this group.") % {"number": number},
                fields={"number": "taken"},
            )
        meeting = Meeting.objects.create(
            group=group,
            number=number,
            title=title,
            venue=venue.strip(),
            start_date=start_date,
            end_date=end_date,
            is_closed=is_closed,
        )
        audit_record(
            actor=actor,
            action="accord.meeting.create",
            target=meeting,
            group_id=group.pk,
            data={"number": number, "is_closed": is_closed},
        )
    return meeting


_UPDATABLE = {"title", "venue", "start_date", "end_date", "is_closed"}


def meeting_update(*, actor: Any, meeting: Meeting, **fields: Any) -> Meeting:
    """Change a meeting; opening or closing it re-decides who can find its transcripts."""
    require(actor, "meetings.manage", meeting.group)
    unknown = set(fields) - _UPDATABLE
    if unknown:
        raise ValidationFailed(
            _("Cannot change: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if "title" in fields and not str(fields["title"]).strip():
        raise ValidationFailed(_("A meeting needs a title."), fields={"title": "required"})
    _check_dates(
        fields.get("start_date", meeting.start_date), fields.get("end_date", meeting.end_date)
    )
    with transaction.atomic():
        was_closed = meeting.is_closed
        for key, value in fields.items():
            setattr(meeting, key, value.strip() if isinstance(value, str) else value)
        meeting.save()
        if meeting.is_closed != was_closed:
            # Published transcripts stay public either way; only unpublished ones flip.
            unpublished = Transcript.objects.filter(day__meeting=meeting, is_published=False)
            turn_ids = list(
                SpeakerTurn.objects.filter(transcript__in=unpublished).values_list("pk", flat=True)
            )
            index_set_public(
                kind="turn",
                object_ids=turn_ids,
                is_public=not meeting.is_closed and meeting.group.is_published,
            )
        audit_record(
            actor=actor,
            action="accord.meeting.update",
            target=meeting,
            group_id=meeting.group_id,
            data={"fields": sorted(fields)},
        )
    return meeting


def meeting_day_add(
    *, actor: Any, meeting: Meeting, date: date, order: int | None = None
) -> MeetingDay:
    """Add a day; ``order`` (day 1, 2, …) defaults to the day's place among the meeting's dates."""
    require(actor, "meetings.manage", meeting.group)
    if date < meeting.start_date or (meeting.end_date and date > meeting.end_date):
        end = meeting.end_date or meeting.start_date
        raise ValidationFailed(
            _("%(date)s is outside the meeting's dates (%(start)s to %(end)s).")
            % {
                "date": date.isoformat(),
                "start": meeting.start_date.isoformat(),
                "end": end.isoformat(),
            },
            fields={"date": "invalid"},
        )
    with transaction.atomic():
        # The meeting row is locked so that two additions cannot both pass the cap.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        if meeting.days.count() >= MAX_DAYS:
            raise ValidationFailed(
                _("A meeting has at most %(n)s days.") % {"n": MAX_DAYS},
                fields={"date": "too_many"},
            )
        if meeting.days.filter(date=date).exists():
            raise Conflict(
                _("The meeting already has a day on %(date)s.") % {"date": date.isoformat()},
                fields={"date": "taken"},
            )
        if order is None:
            order = meeting.days.filter(date__lt=date).count() + 1
        day = MeetingDay.objects.create(meeting=meeting, date=date, order=order)
        audit_record(
            actor=actor,
            action="accord.meeting_day.add",
            target=day,
            group_id=meeting.group_id,
            data={"meeting": meeting.number, "date": date.isoformat(), "order": order},
        )
    return day


def agenda_item_add(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    description: str = "",
    number: str = "",
    day: MeetingDay | None = None,
    order: int | None = None,
) -> AgendaItem:
    require(actor, "meetings.manage", meeting.group)
    title = title.strip()
    if not title:
        raise ValidationFailed(_("An agenda item needs a title."), fields={"title": "required"})
    if day is not None and day.meeting_id != meeting.pk:
        raise ValidationFailed(_("That day belongs to another meeting."), fields={"day": "invalid"})
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        if meeting.agenda_items.count() >= MAX_AGENDA_ITEMS:
            raise ValidationFailed(
                _("A meeting's agenda has at most %(n)s items.") % {"n": MAX_AGENDA_ITEMS},
                fields={"title": "too_many"},
            )
        if order is None:
            order = (meeting.agenda_items.aggregate(n=Max("order"))["n"] or 0) + 1
        item = AgendaItem.objects.create(
            meeting=meeting,
            day=day,
            number=number.strip()[:20],
            order=order,
            title=title[:500],
            description=description.strip(),
        )
        audit_record(
            actor=actor,
            action="accord.agenda_item.add",
            target=item,
            group_id=meeting.group_id,
            data={"meeting": meeting.number, "title": item.title},
        )
    return item
