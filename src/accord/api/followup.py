"""Follow-up of recommendations: a group's tracked recommendations, one with its progress
reports, and adding a report (the secretariat's or the chair's token).

Recommendations of an issued outcome are public; a hidden one is the same 404 as a missing one.
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from accord.groups import selectors as group_selectors
from accord.groups.models import WorkingGroup
from accord.outcomes.models import ProgressReport, Recommendation
from accord.outcomes.selectors import followup as selectors
from accord.outcomes.services import followup as services

from .auth import token_auth, viewer
from .errors import ErrorBody
from .fields import IsoDate
from .pagination import Rows, paginated

router = Router(tags=["follow-up"])

BASE = "/groups/{slug}/follow-up"
ONE = BASE + "/{public_id}"
READ_ERRORS = {404: ErrorBody}
WRITE_ERRORS = {400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody}


class ProgressReportOut(Schema):
    id: int
    reported_on: date
    status: str
    status_label: str
    progress: int | None
    text: str
    reporting_body: str
    source_url: str
    imported: bool
    created_at: datetime


class RecommendationOut(Schema):
    public_id: str
    number: str
    text: str
    status: str
    status_label: str
    progress: int | None
    responsible_bodies: list[str]
    review_date: date | None
    outcome: int
    outcome_title: str
    outcome_kind: str
    paragraph: str | None  # the draft paragraph's key (OP7) it was tracked from


class RecommendationDetailOut(RecommendationOut):
    reports: list[ProgressReportOut]


class ProgressReportIn(Schema):
    reported_on: IsoDate
    status: str  # a code (in_progress) or its English label ("In progress")
    progress: int | None = None
    text: str
    reporting_body: str = ""
    source_url: str = ""


def _group(who: object, slug: str) -> WorkingGroup:
    return group_selectors.group_get_for_viewer(slug=slug, viewer=who)


def _report_out(report: ProgressReport) -> ProgressReportOut:
    return ProgressReportOut(
        id=report.pk,
        reported_on=report.reported_on,
        status=report.status,
        status_label=str(report.get_status_display()),
        progress=report.progress,
        text=report.text,
        reporting_body=report.reporting_body,
        source_url=report.source_url,
        imported=report.imported,
        created_at=report.created_at,
    )


def _fields(r: Recommendation) -> dict[str, object]:
    return {
        "public_id": r.public_id,
        "number": r.number,
        "text": r.text,
        "status": r.status,
        "status_label": str(r.get_status_display()),
        "progress": r.progress,
        "responsible_bodies": [b for b in r.responsible_bodies.splitlines() if b.strip()],
        "review_date": r.review_date,
        "outcome": r.outcome_id,
        "outcome_title": r.outcome.title,
        "outcome_kind": r.outcome.kind,
        "paragraph": r.paragraph.key if r.paragraph else None,
    }


@router.get(BASE, response={200: list[RecommendationOut], **READ_ERRORS})
@paginated
def recommendation_list(request: HttpRequest, slug: str, status: str = "") -> Rows:
    """The group's tracked recommendations (``?status=in_progress`` filters)."""
    who = viewer(request)
    group = _group(who, slug)
    rows = selectors.recommendations_for_viewer(viewer=who, group=group, status=status)
    return Rows(rows, each=lambda r: RecommendationOut(**_fields(r)))  # type: ignore[arg-type]


@router.get(ONE, response={200: RecommendationDetailOut, **READ_ERRORS})
def recommendation_get(request: HttpRequest, slug: str, public_id: str) -> RecommendationDetailOut:
    """One recommendation with its implementation reports, oldest first."""
    who = viewer(request)
    group = _group(who, slug)
    r = selectors.recommendation_get_for_viewer(viewer=who, group=group, public_id=public_id)
    return RecommendationDetailOut(
        **_fields(r),  # type: ignore[arg-type]
        reports=[_report_out(p) for p in selectors.reports_of(r)],
    )


@router.post(ONE + "/reports", response={201: ProgressReportOut, **WRITE_ERRORS}, auth=token_auth)
def progress_report_add(
    request: HttpRequest, slug: str, public_id: str, payload: ProgressReportIn
) -> Status[ProgressReportOut]:
    """Record a dated progress report (secretariat or chair); the recommendation's status and
    progress follow its latest report."""
    group = _group(request.user, slug)
    r = selectors.recommendation_get_for_viewer(
        viewer=request.user, group=group, public_id=public_id
    )
    report = services.progress_report_add(
        actor=request.user,
        recommendation=r,
        reported_on=payload.reported_on,
        status=payload.status,
        progress=payload.progress,
        text=payload.text,
        reporting_body=payload.reporting_body,
        source_url=payload.source_url,
    )
    return Status(201, _report_out(report))
