"""The silence procedure: circulate a text until a deadline; members may break silence.

The deadline is a wall-clock time in an IANA time zone, as the chair states it ("18:00
Geneva time on 3 February"); it is stored in UTC. Times that do not exist (the hour skipped
when clocks go forward) or happen twice (when they go back) are refused: the chair must say
which. At the deadline the result is recorded once — by the scheduled check
(``silence_settle_due``, run by ``accord tick``) or by the first read after it
(``silence_settle``), so the deadline passing needs no one to be logged in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, Gone, ValidationFailed
from accord.drafts.models import Paragraph, Version
from accord.groups.models import NegotiatingGroup
from accord.groups.permissions import require

from ..models import SilenceBreak, SilenceProcedure
from .common import acting_member, clean_reason, decided_text, paragraphs_of

PROPOSED_TEXT_MAX = 20_000


def zone(name: str) -> ZoneInfo:
    """The IANA zone, or a clear error ("Europe/Zurich", "America/New_York", "UTC")."""
    name = (name or "").strip()
    if not name or (name not in available_timezones() and name != "UTC"):
        raise ValidationFailed(
            _("Unknown time zone “%(zone)s”: give an IANA name such as Europe/Zurich.")
            % {"zone": name},
            fields={"time_zone": _("Unknown time zone.")},
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - listed but unloadable
        raise ValidationFailed(_("Unknown time zone."), fields={"time_zone": str(exc)}) from exc


def local_deadline(local: dt.datetime, time_zone: str) -> dt.datetime:
    """A wall-clock time in ``time_zone`` as an aware UTC datetime (refusing gaps and folds)."""
    tz = zone(time_zone)
    try:
        return _to_utc(local, tz, time_zone)
    except (OverflowError, ValueError) as exc:  # the calendar's edges (year 1, year 9999)
        if isinstance(exc, ValidationFailed):
            raise
        raise ValidationFailed(
            _("That deadline is outside the calendar."),
            fields={"deadline": _("Choose a later or an earlier time.")},
        ) from exc


def _to_utc(local: dt.datetime, tz: ZoneInfo, time_zone: str) -> dt.datetime:
    if local.tzinfo is not None:
        return local.astimezone(dt.UTC)
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        # Either the clocks skip this time or it happens twice: the two folds disagree.
        back = first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
        if back != local:
            raise ValidationFailed(
                _(
                    "%(time)s does not exist in %(zone)s (the clocks go forward): "
                    "choose another time."
                )
                % {"time": local.strftime("%Y-%m-%d %H:%M"), "zone": time_zone},
                fields={"deadline": _("This time does not exist in that time zone.")},
            )
        raise ValidationFailed(
            _("%(time)s happens twice in %(zone)s (the clocks go back): choose another time.")
            % {"time": local.strftime("%Y-%m-%d %H:%M"), "zone": time_zone},
            fields={"deadline": _("This time is ambiguous in that time zone.")},
        )
    return first.astimezone(dt.UTC)


def silence_start(
    *,
    actor: Any,
    version: Version,
    deadline: dt.datetime,
    time_zone: str,
    paragraphs: Iterable[Paragraph] = (),
    note: str = "",
    follows: SilenceProcedure | None = None,
) -> SilenceProcedure:
    """The chair circulates ``version`` (or the named paragraphs) under silence."""
    group = version.report.group
    require(actor, "outcomes.silence", group)
    decided_text(version)
    deadline_utc = local_deadline(deadline, time_zone)
    now = timezone.now()
    if deadline_utc <= now:
        raise ValidationFailed(
            _("The deadline is in the past."), fields={"deadline": _("Choose a later time.")}
        )
    minimum = dt.timedelta(hours=settings.ACCORD_SILENCE_MIN_HOURS)
    if deadline_utc - now < minimum:
        raise ValidationFailed(
            _("A silence procedure runs at least %(hours)d hours.")
            % {"hours": settings.ACCORD_SILENCE_MIN_HOURS},
            fields={"deadline": _("Choose a later time.")},
        )
    named = paragraphs_of(version, paragraphs)
    with transaction.atomic():
        Version.objects.select_for_update().filter(pk=version.pk).first()
        running = SilenceProcedure.objects.filter(version=version, concluded_at__isnull=True)
        for procedure in running:
            silence_settle(procedure, now=now)
        if SilenceProcedure.objects.filter(version=version, concluded_at__isnull=True).exists():
            raise Conflict(_("This text is already under silence."))
        procedure = SilenceProcedure.objects.create(
            group=group,
            version=version,
            deadline=deadline_utc,
            time_zone=time_zone.strip(),
            note=clean_reason(note, required=False, what=""),
            follows=follows,
            started_by=actor,
        )
        procedure.paragraphs.set(named)
        audit_record(
            actor=actor,
            action="accord.silence.start",
            target=procedure,
            group_id=group.pk,
            data={
                "version": version.pk,
                "deadline": deadline_utc.isoformat(),
                "time_zone": procedure.time_zone,
                "paragraphs": [p.key for p in named],
            },
        )
    return procedure


def silence_scope(procedure: SilenceProcedure) -> list[Paragraph]:
    """The paragraphs under silence (all of the version's when none were named)."""
    named = list(procedure.paragraphs.all())
    if named:
        return named
    return [
        item.paragraph
        for item in procedure.version.items.select_related("paragraph").order_by("order")
        if item.paragraph.kind != Paragraph.Kind.HEADING
    ]


def silence_break(
    *,
    actor: Any,
    procedure: SilenceProcedure,
    paragraphs: Iterable[Paragraph],
    reason: str,
    kind: str = SilenceBreak.Kind.OBJECTION,
    proposed_text: str = "",
    on_behalf_of: NegotiatingGroup | None = None,
) -> SilenceBreak:
    """A member breaks silence on named paragraphs, with a reason, before the deadline."""
    member = acting_member(actor, procedure.group, "outcomes.break_silence", on_behalf_of)
    if kind not in SilenceBreak.Kind.values:
        raise ValidationFailed(_("An objection or an amendment?"), fields={"kind": _("Choose.")})
    reason = clean_reason(reason, required=True, what=_("Say why you break silence."))
    proposed_text = (proposed_text or "").strip()
    if kind == SilenceBreak.Kind.AMENDMENT and not proposed_text:
        raise ValidationFailed(
            _("An amendment gives the wording you propose."),
            fields={"proposed_text": _("Required for an amendment.")},
        )
    if len(proposed_text) > PROPOSED_TEXT_MAX:
        raise ValidationFailed(
            _("The proposed text is too long."), fields={"proposed_text": _("Too long.")}
        )
    named = paragraphs_of(procedure.version, paragraphs)
    if not named:
        raise ValidationFailed(
            _("Name the paragraphs on which you break silence."),
            fields={"paragraphs": _("Name at least one paragraph.")},
        )
    scope = {p.pk for p in silence_scope(procedure)}
    outside = [p.key for p in named if p.pk not in scope]
    if outside:
        raise ValidationFailed(
            _("Not under silence: %(keys)s.") % {"keys": ", ".join(outside)},
            fields={"paragraphs": _("Name paragraphs under silence.")},
        )
    silence_settle(procedure)  # on its own: a refused late break must not undo the result
    with transaction.atomic():
        SilenceProcedure.objects.select_for_update().filter(pk=procedure.pk).first()
        procedure.refresh_from_db()
        if not procedure.is_running or timezone.now() >= procedure.deadline:
            raise Gone(
                _("The silence period ended at %(deadline)s UTC.")
                % {"deadline": procedure.deadline.strftime("%Y-%m-%d %H:%M")}
            )
        made = SilenceBreak.objects.create(
            procedure=procedure,
            member=member,
            on_behalf_of=on_behalf_of,
            kind=kind,
            reason=reason,
            proposed_text=proposed_text,
            recorded_by=actor,
        )
        made.paragraphs.set(named)
        audit_record(
            actor=actor,
            action="accord.silence.break",
            target=made,
            group_id=procedure.group_id,
            data={"procedure": procedure.pk, "kind": kind, "paragraphs": [p.key for p in named]},
        )
    return made


def silence_settle(procedure: SilenceProcedure, *, now: dt.datetime | None = None) -> bool:
    """Record the result once the deadline has passed; True when this call recorded it."""
    now = now or timezone.now()
    if not procedure.is_running or now < procedure.deadline:
        return False
    with transaction.atomic():
        locked = SilenceProcedure.objects.select_for_update().get(pk=procedure.pk)
        if not locked.is_running:
            procedure.refresh_from_db()
            return False
        broken = locked.breaks.exists()
        locked.result = (
            SilenceProcedure.Result.BROKEN if broken else SilenceProcedure.Result.ADOPTED
        )
        locked.concluded_at = now
        locked.save(update_fields=["result", "concluded_at"])
        audit_record(
            actor=None,
            action="accord.silence.conclude",
            target=locked,
            group_id=locked.group_id,
            data={"result": locked.result, "breaks": locked.breaks.count()},
        )
    procedure.refresh_from_db()
    return True


def silence_settle_due(*, now: dt.datetime | None = None) -> int:
    """The scheduled check: conclude every procedure whose deadline has passed."""
    now = now or timezone.now()
    due = SilenceProcedure.objects.filter(concluded_at__isnull=True, deadline__lte=now)
    return sum(silence_settle(p, now=now) for p in due)


def silence_withdraw(*, actor: Any, procedure: SilenceProcedure, reason: str) -> SilenceProcedure:
    """The chair withdraws a text from silence before the deadline."""
    require(actor, "outcomes.silence", procedure.group)
    reason = clean_reason(reason, required=True, what=_("Say why the text is withdrawn."))
    silence_settle(procedure)
    with transaction.atomic():
        SilenceProcedure.objects.select_for_update().filter(pk=procedure.pk).first()
        procedure.refresh_from_db()
        if not procedure.is_running:
            raise Gone(_("This silence procedure has already ended."))
        procedure.result = SilenceProcedure.Result.CANCELLED
        procedure.concluded_at = timezone.now()
        procedure.save(update_fields=["result", "concluded_at"])
        audit_record(
            actor=actor,
            action="accord.silence.withdraw",
            target=procedure,
            group_id=procedure.group_id,
            data={"reason": reason},
        )
    return procedure


def unbroken_paragraphs(procedure: SilenceProcedure) -> list[Paragraph]:
    """The paragraphs under silence that no member broke silence on."""
    broken = set(
        SilenceBreak.paragraphs.through.objects.filter(
            silencebreak__procedure=procedure
        ).values_list("paragraph_id", flat=True)
    )
    return [p for p in silence_scope(procedure) if p.pk not in broken]


def silence_follow_on(
    *,
    actor: Any,
    procedure: SilenceProcedure,
    deadline: dt.datetime,
    time_zone: str,
    note: str = "",
) -> SilenceProcedure:
    """After silence was broken, the chair proposes adopting the unbroken paragraphs."""
    if procedure.result != SilenceProcedure.Result.BROKEN:
        raise ValidationFailed(
            _("Only a broken silence is followed by one on the unbroken paragraphs.")
        )
    keep = unbroken_paragraphs(procedure)
    if not keep:
        raise ValidationFailed(_("Silence was broken on every paragraph."))
    return silence_start(
        actor=actor,
        version=procedure.version,
        deadline=deadline,
        time_zone=time_zone,
        paragraphs=keep,
        note=note,
        follows=procedure,
    )
