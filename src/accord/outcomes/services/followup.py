"""Writes of the follow-up tracker: recommendations with stable public ids, dated progress
reports (entered one by one or imported from CSV), responsible bodies and review dates.

A recommendation's public id is ``<GROUP SHORT NAME>-<YEAR of issue>-R<n>`` ("WGEDC-2026-R7"),
n the paragraph's printed number when it is a number, else the next free one. An id is given
once and never again, even if its recommendation were removed: every id ever given is kept in
the audit log (``accord.recommendation.track``) and counts as taken.

A recommendation's current status and progress are those of its latest report (by date, then
by entry); a report dated in the future anywhere on earth is refused.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.common.audit import audit_record
from accord.common.errors import Conflict, PayloadTooLarge, ValidationFailed
from accord.common.models import AuditEvent
from accord.drafts.models import Paragraph, Version, VersionParagraph
from accord.groups.models import WorkingGroup
from accord.groups.permissions import require

from ..models import Outcome, ProgressReport, Recommendation
from ..selectors.followup import source_version

Status = Recommendation.Status

TRACK_ACTION = "accord.recommendation.track"
TEXT_MAX = 20_000
BODIES_MAX = 2_000
REPORTING_BODY_MAX = 300
URL_MAX = 1_000
CSV_MAX_BYTES = 2 * 1024 * 1024
CSV_MAX_ROWS = 5_000
CSV_MAX_LINES = 50_000  # refused before parsing: quoted texts may span lines, rows may not
CSV_COLUMNS = (
    "public_id",
    "reported_on",
    "status",
    "progress",
    "text",
    "reporting_body",
    "source_url",
)
CSV_REQUIRED = ("public_id", "reported_on", "status", "text")

UNSET: Any = object()
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^\s*(\d+)\.?\s*$")
_PROGRESS = re.compile(r"^\s*(\d{1,3})\s*%?\s*$")
_url_validator = URLValidator(schemes=["http", "https"])


# --- public ids --------------------------------------------------------------------------------


def id_prefix(group: WorkingGroup, year: int) -> str:
    """``WGEDC-2026-R``: the group's short name (letters and digits, upper case), the year."""
    name = re.sub(r"[^A-Z0-9]+", "-", (group.short_name or group.slug).upper()).strip("-")
    return f"{name or 'WG'}-{year}-R"


def _taken_ids(group: WorkingGroup) -> set[str]:
    """Every public id the group has ever given: those in use and those on the audit record."""
    taken = set(Recommendation.objects.filter(group=group).values_list("public_id", flat=True))
    for data in AuditEvent.objects.filter(action=TRACK_ACTION, group_id=group.pk).values_list(
        "data", flat=True
    ):
        taken.update(str(i) for i in (data or {}).get("public_ids", []))
    return taken


def _numeric(display_number: str) -> int | None:
    match = _NUMBER.match(display_number or "")
    if match is None:
        return None
    n = int(match.group(1))
    return n if n > 0 else None


# --- tracking ----------------------------------------------------------------------------------


def _items_to_track(
    outcome: Outcome, paragraphs: Iterable[Paragraph] | None
) -> list[VersionParagraph]:
    if outcome.kind == Outcome.Kind.CONSENSUS_REPORT:
        if paragraphs is not None:
            raise ValidationFailed(
                _(
                    "Every operative paragraph of a consensus report is tracked: "
                    "do not name paragraphs."
                ),
                fields={"paragraphs": _("Leave empty for a consensus report.")},
            )
        assert outcome.adopted_version is not None
        return list(
            VersionParagraph.objects.filter(
                version=outcome.adopted_version, paragraph__kind=Paragraph.Kind.OPERATIVE
            )
            .select_related("paragraph", "version")
            .order_by("order")
        )
    chosen = list({p.pk: p for p in (paragraphs or [])}.values())
    if not chosen:
        raise ValidationFailed(
            _("Name the recommendations of the Chair's summary that had broad support."),
            fields={"paragraphs": _("Choose at least one paragraph.")},
        )
    foreign = [p.key for p in chosen if p.report.group_id != outcome.group_id]
    if foreign:
        raise ValidationFailed(
            _("Not paragraphs of this group's reports: %(keys)s.") % {"keys": ", ".join(foreign)},
            fields={"paragraphs": _("Choose paragraphs of this group's reports.")},
        )
    source = source_version(outcome)
    items: list[VersionParagraph] = []
    missing: list[str] = []
    for paragraph in chosen:
        rows = VersionParagraph.objects.filter(paragraph=paragraph).select_related(
            "paragraph", "version"
        )
        if source is not None:
            item = rows.filter(version=source).first()
        else:
            item = (
                rows.filter(version__status=Version.Status.ISSUED)
                .order_by("-version__number")
                .first()
            )
        if item is None:
            missing.append(paragraph.key)
        else:
            items.append(item)
    if missing:
        where = source.label if source is not None else _("an issued version")
        raise ValidationFailed(
            _("Not in %(version)s: %(keys)s.") % {"version": where, "keys": ", ".join(missing)},
            fields={"paragraphs": _("Choose paragraphs of the version the summary is about.")},
        )
    items.sort(key=lambda i: (i.version_id, i.order))
    return items


def recommendations_track(
    *, actor: Any, outcome: Outcome, paragraphs: Iterable[Paragraph] | None = None
) -> list[Recommendation]:
    """Track an issued outcome's recommendations; returns all of them (new and already tracked).

    A consensus report: every operative paragraph of the adopted version, in order. A Chair's
    summary: the ``paragraphs`` named (those that had broad support). Tracking again adds only
    what is new; existing recommendations and their ids are left as they are.
    """
    group = outcome.group
    require(actor, "outcomes.track", group)
    if outcome.kind == Outcome.Kind.NONE:
        raise ValidationFailed(_("The group concluded without an outcome: nothing to track."))
    with transaction.atomic():
        WorkingGroup.objects.select_for_update().filter(pk=group.pk).first()
        outcome = Outcome.objects.select_related(
            "group", "adopted_version", "call__version", "silence__version"
        ).get(pk=outcome.pk)
        if outcome.status != Outcome.Status.ISSUED or outcome.issued_at is None:
            raise ValidationFailed(
                _("Only an issued outcome's recommendations are tracked; this one is a draft.")
            )
        items = _items_to_track(outcome, paragraphs)
        existing = {
            r.paragraph_id: r
            for r in Recommendation.objects.filter(
                outcome=outcome, paragraph_id__in=[i.paragraph_id for i in items]
            )
        }
        new_items = [i for i in items if i.paragraph_id not in existing]
        prefix = id_prefix(group, outcome.issued_at.year)
        taken = _taken_ids(group)
        ids: dict[int, str] = {}
        # Printed numbers first, so a running number never takes an id a number would have.
        for item in new_items:
            n = _numeric(item.display_number)
            if n is not None and f"{prefix}{n}" not in taken:
                ids[item.pk] = f"{prefix}{n}"
                taken.add(ids[item.pk])
        used = [
            int(t[len(prefix) :])
            for t in taken
            if t.startswith(prefix) and t[len(prefix) :].isdigit()
        ]
        running = max(used, default=0)
        for item in new_items:
            if item.pk not in ids:
                running += 1
                while f"{prefix}{running}" in taken:
                    running += 1
                ids[item.pk] = f"{prefix}{running}"
                taken.add(ids[item.pk])
        created = [
            Recommendation.objects.create(
                group=group,
                outcome=outcome,
                public_id=ids[item.pk],
                paragraph=item.paragraph,
                number=item.display_number,
                text=item.text,
            )
            for item in new_items
        ]
        if created:
            audit_record(
                actor=actor,
                action=TRACK_ACTION,
                target=outcome,
                group_id=group.pk,
                data={
                    "public_ids": [r.public_id for r in created],
                    "paragraphs": [r.paragraph.key if r.paragraph else "" for r in created],
                },
            )
        by_paragraph = {**existing, **{r.paragraph_id: r for r in created}}
        return [by_paragraph[i.paragraph_id] for i in items]


# --- responsible bodies, review date -----------------------------------------------------------


def recommendation_update(
    *,
    actor: Any,
    recommendation: Recommendation,
    responsible_bodies: str = UNSET,
    review_date: date | None = UNSET,
) -> Recommendation:
    """Set who implements a recommendation and when it is next reviewed (what is passed)."""
    require(actor, "outcomes.track", recommendation.group)
    changes: dict[str, Any] = {}
    if responsible_bodies is not UNSET:
        bodies = "\n".join(
            line.strip() for line in (responsible_bodies or "").splitlines() if line.strip()
        )
        if len(bodies) > BODIES_MAX:
            raise ValidationFailed(
                _("The list of responsible bodies is too long (at most %(n)d characters).")
                % {"n": BODIES_MAX},
                fields={"responsible_bodies": _("Too long.")},
            )
        changes["responsible_bodies"] = bodies
    if review_date is not UNSET:
        if review_date is not None and not isinstance(review_date, date):
            raise ValidationFailed(
                _("Give the review date as a date."), fields={"review_date": _("Not a date.")}
            )
        changes["review_date"] = review_date
    with transaction.atomic():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        changed = {k: v for k, v in changes.items() if getattr(current, k) != v}
        if changed:
            for name, value in changed.items():
                setattr(current, name, value)
            current.save(update_fields=[*changed, "updated_at"])
            audit_record(
                actor=actor,
                action="accord.recommendation.update",
                target=current,
                group_id=current.group_id,
                data={"public_id": current.public_id, **changed},
            )
    return current


# --- progress reports --------------------------------------------------------------------------


def latest_allowed_date() -> date:
    """Today where the day is furthest ahead (UTC+14): no report can be dated after it."""
    return (datetime.now(UTC) + timedelta(hours=14)).date()


def status_code(value: str) -> str | None:
    """A status code from its code or its label (English, or the active language)."""
    wanted = (value or "").strip().casefold()
    if not wanted:
        return None
    if wanted in Status.values:
        return wanted
    for code, label in Status.choices:
        with translation.override("en"):
            english = str(label).casefold()
        if wanted in (english, str(label).casefold()):
            return str(code)
    return None


def _status_hint() -> str:
    return _("Use one of: %(codes)s.") % {"codes": ", ".join(Status.values)}


@dataclass(frozen=True)
class _Report:
    """A checked progress report, ready to write."""

    reported_on: date
    status: str
    progress: int | None
    text: str
    reporting_body: str
    source_url: str


def _clean_report(
    *,
    reported_on: Any,
    status: str,
    progress: Any,
    text: str,
    reporting_body: str,
    source_url: str,
) -> tuple[_Report | None, str, str]:
    """The checked report, or (None, field, message) naming the first field that is wrong."""
    if not isinstance(reported_on, date) or isinstance(reported_on, datetime):
        return None, "reported_on", _("Give the date of the report (YYYY-MM-DD).")
    if reported_on > latest_allowed_date():
        return (
            None,
            "reported_on",
            _("A report cannot be dated in the future (%(date)s).")
            % {"date": reported_on.isoformat()},
        )
    code = status_code(status)
    if code is None:
        return (
            None,
            "status",
            _("“%(status)s” is not a status. %(hint)s")
            % {
                "status": (status or "")[:60],
                "hint": _status_hint(),
            },
        )
    if progress is not None and (
        isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100
    ):
        return None, "progress", _("Progress is a percentage from 0 to 100.")
    text = (text or "").strip()
    if not text:
        return None, "text", _("Say what was done.")
    if len(text) > TEXT_MAX:
        return None, "text", _("The text is too long (at most %(n)d characters).") % {"n": TEXT_MAX}
    reporting_body = " ".join((reporting_body or "").split())
    if len(reporting_body) > REPORTING_BODY_MAX:
        return (
            None,
            "reporting_body",
            _("The name is too long (at most %(n)d characters).") % {"n": REPORTING_BODY_MAX},
        )
    source_url = (source_url or "").strip()
    if source_url:
        try:
            if len(source_url) > URL_MAX:
                raise DjangoValidationError("too long")
            _url_validator(source_url)
        except DjangoValidationError:
            return None, "source_url", _("Give the source as an http(s) address.")
    for name, value in (
        ("text", text),
        ("reporting_body", reporting_body),
        ("source_url", source_url),
    ):
        if "\x00" in value:
            return None, name, _("The text contains a NUL character.")
    return (
        _Report(reported_on, code, progress, text, reporting_body, source_url),
        "",
        "",
    )


def recommendation_refresh(recommendation: Recommendation) -> None:
    """Current status and progress are those of the latest report (by date, then entry)."""
    latest = recommendation.reports.order_by("-reported_on", "-id").first()
    status = latest.status if latest else Status.NOT_STARTED
    progress = latest.progress if latest else None
    if (recommendation.status, recommendation.progress) != (status, progress):
        recommendation.status = status
        recommendation.progress = progress
        recommendation.save(update_fields=["status", "progress", "updated_at"])


def progress_report_add(
    *,
    actor: Any,
    recommendation: Recommendation,
    reported_on: date,
    status: str,
    progress: int | None = None,
    text: str,
    reporting_body: str = "",
    source_url: str = "",
) -> ProgressReport:
    """Record a dated report on a recommendation's implementation."""
    require(actor, "outcomes.track", recommendation.group)
    clean, name, message = _clean_report(
        reported_on=reported_on,
        status=status,
        progress=progress,
        text=text,
        reporting_body=reporting_body,
        source_url=source_url,
    )
    if clean is None:
        raise ValidationFailed(message, fields={name: message})
    with transaction.atomic():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if current.reports.filter(reported_on=clean.reported_on, text=clean.text).exists():
            raise Conflict(
                _("This report of %(date)s is already recorded for %(id)s.")
                % {"date": clean.reported_on.isoformat(), "id": current.public_id}
            )
        report = ProgressReport.objects.create(
            recommendation=current,
            reported_on=clean.reported_on,
            status=clean.status,
            progress=clean.progress,
            text=clean.text,
            reporting_body=clean.reporting_body,
            source_url=clean.source_url,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        recommendation_refresh(current)
        audit_record(
            actor=actor,
            action="accord.progress_report.add",
            target=report,
            group_id=current.group_id,
            data={
                "public_id": current.public_id,
                "reported_on": clean.reported_on,
                "status": clean.status,
                "progress": clean.progress,
            },
        )
    recommendation.status, recommendation.progress = current.status, current.progress
    return report


# --- CSV import --------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did: reports added, rows already there, recommendations touched."""

    created: int = 0
    skipped: int = 0
    public_ids: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        added = ngettext(
            "%(n)d progress report added", "%(n)d progress reports added", self.created
        ) % {"n": self.created}
        if self.skipped:
            skipped = ngettext(
                "%(n)d row was already recorded", "%(n)d rows were already recorded", self.skipped
            ) % {"n": self.skipped}
            return _("%(added)s; %(skipped)s.") % {"added": added, "skipped": skipped}
        return _("%(added)s.") % {"added": added}


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, round(n / 1024))} KB"


def _bounded(data: bytes) -> None:
    if len(data) > CSV_MAX_BYTES:
        raise PayloadTooLarge(
            _("The file is %(size)s; a progress CSV may be at most %(limit)s.")
            % {"size": _size(len(data)), "limit": _size(CSV_MAX_BYTES)}
        )
    if data.count(b"\n") > CSV_MAX_LINES:
        raise PayloadTooLarge(
            _("The file has more than %(n)d lines; import it in parts.") % {"n": CSV_MAX_LINES}
        )


def _line_error(line: int, column: str, message: str) -> ValidationFailed:
    where = (
        _("Line %(line)d, column “%(column)s”") % {"line": line, "column": column}
        if column
        else _("Line %(line)d") % {"line": line}
    )
    full = _("%(where)s: %(message)s Nothing was imported.") % {"where": where, "message": message}
    return ValidationFailed(full, fields={"file": full})


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _line_error(line, "", _("The file is not UTF-8 text.")) from None
    if "\x00" in text:
        raise _line_error(
            text[: text.index("\x00")].count("\n") + 1, "", _("The file contains a NUL character.")
        )
    return text


def _parse_date(value: str) -> date | None:
    value = value.strip()
    if not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Row:
    line: int
    public_id: str
    report: _Report


def _read_rows(group: WorkingGroup, text: str) -> list[_Row]:
    """Every row checked; the first fault raises, naming its line and column."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise _line_error(
            1, "", _("The header cannot be read (%(error)s).") % {"error": exc}
        ) from None
    if header is None:
        raise _line_error(1, "", _("The file is empty."))
    names = [h.strip().casefold() for h in header]
    unknown = [h for h in names if h not in CSV_COLUMNS]
    if unknown:
        raise _line_error(
            1,
            unknown[0],
            _("Unknown column. The header is: %(columns)s.") % {"columns": ",".join(CSV_COLUMNS)},
        )
    missing = [c for c in CSV_REQUIRED if c not in names]
    if missing:
        raise _line_error(
            1,
            missing[0],
            _("Missing column. The header is: %(columns)s.") % {"columns": ",".join(CSV_COLUMNS)},
        )
    twice = sorted({h for h in names if names.count(h) > 1})
    if twice:
        raise _line_error(1, twice[0], _("The column appears twice."))
    known = dict(Recommendation.objects.filter(group=group).values_list("public_id", "pk"))
    rows: list[_Row] = []
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader, None)
        except csv.Error as exc:
            raise _line_error(
                line, "", _("The row cannot be read (%(error)s).") % {"error": exc}
            ) from None
        if values is None:
            break
        if not any(v.strip() for v in values):
            continue
        if len(rows) >= CSV_MAX_ROWS:
            raise PayloadTooLarge(
                _("The file has more than %(n)d rows; import it in parts.") % {"n": CSV_MAX_ROWS}
            )
        if len(values) != len(names):
            raise _line_error(
                line,
                "",
                _("The row has %(got)d fields; the header has %(want)d.")
                % {"got": len(values), "want": len(names)},
            )
        cell = dict(zip(names, values, strict=True))
        public_id = cell["public_id"].strip()
        if public_id not in known:
            raise _line_error(
                line,
                "public_id",
                _("There is no recommendation “%(id)s” in this group.") % {"id": public_id[:60]},
            )
        reported_on = _parse_date(cell["reported_on"])
        if reported_on is None:
            raise _line_error(
                line,
                "reported_on",
                _("“%(value)s” is not a date: use YYYY-MM-DD.")
                % {"value": cell["reported_on"][:40]},
            )
        raw_progress = cell.get("progress", "").strip()
        progress: int | None = None
        if raw_progress:
            match = _PROGRESS.match(raw_progress)
            if match is None:
                raise _line_error(line, "progress", _("Progress is a percentage from 0 to 100."))
            progress = int(match.group(1))
        clean, name, message = _clean_report(
            reported_on=reported_on,
            status=cell["status"],
            progress=progress,
            text=cell["text"],
            reporting_body=cell.get("reporting_body", ""),
            source_url=cell.get("source_url", ""),
        )
        if clean is None:
            raise _line_error(line, name, message)
        rows.append(_Row(line, public_id, clean))
    return rows


def progress_reports_import_csv(*, actor: Any, group: WorkingGroup, data: bytes) -> ImportReport:
    """Import progress reports from CSV, all or nothing.

    Header ``public_id,reported_on,status,progress,text,reporting_body,source_url`` (progress,
    reporting_body and source_url may be left out); UTF-8 with or without a byte-order mark;
    dates YYYY-MM-DD; status as a code or its English label. A row already recorded (same
    recommendation, date and text) is skipped, so importing a file twice adds nothing.
    """
    require(actor, "outcomes.track", group)
    _bounded(data)
    rows = _read_rows(group, _decode(data))
    result = ImportReport()
    with transaction.atomic():
        recommendations = {
            r.public_id: r
            for r in Recommendation.objects.select_for_update().filter(
                group=group, public_id__in={row.public_id for row in rows}
            )
        }
        seen = set(
            ProgressReport.objects.filter(recommendation__in=recommendations.values()).values_list(
                "recommendation_id", "reported_on", "text"
            )
        )
        touched: dict[str, Recommendation] = {}
        recorded_by = actor if getattr(actor, "is_authenticated", False) else None
        new: list[ProgressReport] = []
        for row in rows:
            recommendation = recommendations.get(row.public_id)
            if recommendation is None:  # removed since the rows were read
                raise _line_error(row.line, "public_id", _("This recommendation no longer exists."))
            key = (recommendation.pk, row.report.reported_on, row.report.text)
            if key in seen:
                result.skipped += 1
                continue
            seen.add(key)
            new.append(
                ProgressReport(
                    recommendation=recommendation,
                    reported_on=row.report.reported_on,
                    status=row.report.status,
                    progress=row.report.progress,
                    text=row.report.text,
                    reporting_body=row.report.reporting_body,
                    source_url=row.report.source_url,
                    imported=True,
                    recorded_by=recorded_by,
                )
            )
            touched[row.public_id] = recommendation
        ProgressReport.objects.bulk_create(new)
        for recommendation in touched.values():
            recommendation_refresh(recommendation)
        result.created = len(new)
        result.public_ids = sorted(touched)
        if new:
            audit_record(
                actor=actor,
                action="accord.progress_report.import",
                target=group,
                group_id=group.pk,
                data={
                    "created": result.created,
                    "skipped": result.skipped,
                    "public_ids": result.public_ids,
                },
            )
    return result


def progress_reports_import_path(
    *, actor: Any, group: WorkingGroup, path: Path | str
) -> ImportReport:
    """The CLI's ``accord import progress FILE --group SLUG --as-user NAME``: the file's size is
    checked before it is read, then :func:`progress_reports_import_csv` imports it."""
    path = Path(path)
    if not path.is_file():
        raise ValidationFailed(_("No such file: %(path)s") % {"path": path})
    size = path.stat().st_size
    if size > CSV_MAX_BYTES:
        require(actor, "outcomes.track", group)
        raise PayloadTooLarge(
            _("The file is %(size)s; a progress CSV may be at most %(limit)s.")
            % {"size": _size(size), "limit": _size(CSV_MAX_BYTES)}
        )
    with path.open("rb") as handle:
        data = handle.read(CSV_MAX_BYTES + 1)
    return progress_reports_import_csv(actor=actor, group=group, data=data)
