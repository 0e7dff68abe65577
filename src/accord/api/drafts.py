"""Draft reports and versions: list, create, edit paragraphs, issue, import, compare."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from accord.common.errors import NotFound
from accord.common.uploads import read_upload
from accord.drafts import tasks
from accord.drafts.forms_versions import ReportForm, VersionForm
from accord.drafts.models import Paragraph, Report, Version
from accord.drafts.selectors import versions as selectors
from accord.drafts.services import versions as services
from accord.groups.selectors import group_get_for_viewer

from .auth import token_auth, viewer
from .errors import ErrorBody
from .fields import Number, form_limit
from .jobs import JobOut, queued_response
from .pagination import Rows, paginated

router = Router(tags=["drafts"])

WRITE_ERRORS = {400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody}


class ReportOut(Schema):
    slug: str
    title: str
    symbol: str
    created_at: datetime


class ReportIn(Schema):
    title: Annotated[str, form_limit(ReportForm, "title")]
    symbol: Annotated[str, form_limit(ReportForm, "symbol")] = ""


class VersionOut(Schema):
    number: int
    label: str
    kind: str
    status: str
    based_on: int | None
    content_hash: str
    issued_at: datetime | None
    is_circulated: bool
    is_published: bool


class ItemOut(Schema):
    key: str
    kind: str
    order: int
    display_number: str
    text: str
    footnotes: list[dict[str, str]]


class VersionDetailOut(VersionOut):
    items: list[ItemOut]


class VersionIn(Schema):
    kind: str
    label: Annotated[str, form_limit(VersionForm, "label")]
    based_on: Number | None = None


class ParagraphIn(Schema):
    kind: str
    text: str
    after: str | None = None
    key: str | None = None


class ParagraphUpdateIn(Schema):
    text: str


class OpOut(Schema):
    tag: str
    text: str


class BlockOut(Schema):
    kind: str
    match: str | None
    moved: bool
    old: list[str]  # stable paragraph ids
    new: list[str]
    old_numbers: list[str]  # display numbers as printed ("" for headings and text)
    new_numbers: list[str]
    words_inserted: int
    words_deleted: int
    ops: list[OpOut]


class CompareCountsOut(Schema):
    """The compare page's counts: paragraphs (a split or merge once) and words."""

    changed: int
    inserted: int
    deleted: int
    moved: int
    unchanged: int
    words_inserted: int
    words_deleted: int


class CompareOut(Schema):
    a: int
    b: int
    matched: int
    inserted: int
    deleted: int
    counts: CompareCountsOut
    blocks: list[BlockOut]


def _report(request: HttpRequest, slug: str, report_slug: str, who: Any) -> Report:
    group = group_get_for_viewer(slug=slug, viewer=who)
    return selectors.report_get_for_viewer(viewer=who, group=group, slug=report_slug)


def _version_out(v: Version) -> dict[str, Any]:
    based_on = v.based_on.number if v.based_on_id and v.based_on else None
    return {
        "number": v.number,
        "label": v.label,
        "kind": v.kind,
        "status": v.status,
        "based_on": based_on,
        "content_hash": v.content_hash,
        "issued_at": v.issued_at,
        "is_circulated": v.is_circulated,
        "is_published": v.is_published,
    }


def _items(v: Version) -> list[dict[str, Any]]:
    return [
        {
            "key": i.paragraph.key,
            "kind": i.paragraph.kind,
            "order": i.order,
            "display_number": i.display_number,
            "text": i.text,
            "footnotes": i.footnotes,
        }
        for i in selectors.version_items(v)
    ]


def _paragraph(report: Report, key: str | None) -> Paragraph | None:
    if not key:
        return None
    paragraph = report.paragraphs.filter(key=key).first()
    if paragraph is None:
        raise NotFound(_("No paragraph %(key)s in this report.") % {"key": key})
    return paragraph


@router.get("/groups/{slug}/drafts", response={200: list[ReportOut], 404: ErrorBody})
@paginated
def report_list(request: HttpRequest, slug: str) -> list[Report]:
    who = viewer(request)
    group = group_get_for_viewer(slug=slug, viewer=who)
    return selectors.report_list_for_viewer(viewer=who, group=group)


@router.post("/groups/{slug}/drafts", response={201: ReportOut, **WRITE_ERRORS}, auth=token_auth)
def report_create(request: HttpRequest, slug: str, payload: ReportIn) -> Status[Any]:
    group = group_get_for_viewer(slug=slug, viewer=request.user)
    report = services.report_create(
        actor=request.user, group=group, title=payload.title, symbol=payload.symbol
    )
    return Status(201, report)


@router.get(
    "/groups/{slug}/drafts/{report_slug}/versions", response={200: list[VersionOut], 404: ErrorBody}
)
@paginated
def version_list(request: HttpRequest, slug: str, report_slug: str) -> Rows:
    who = viewer(request)
    report = _report(request, slug, report_slug, who)
    return Rows(selectors.versions_for_viewer(viewer=who, report=report), each=_version_out)


@router.get(
    "/groups/{slug}/drafts/{report_slug}/versions/{number}",
    response={200: VersionDetailOut, 404: ErrorBody},
)
def version_detail(
    request: HttpRequest, slug: str, report_slug: str, number: int
) -> dict[str, Any]:
    who = viewer(request)
    report = _report(request, slug, report_slug, who)
    version = selectors.version_get_for_viewer(viewer=who, report=report, number=number)
    return {**_version_out(version), "items": _items(version)}


@router.post(
    "/groups/{slug}/drafts/{report_slug}/versions",
    response={201: VersionDetailOut, **WRITE_ERRORS},
    auth=token_auth,
)
def version_create(
    request: HttpRequest, slug: str, report_slug: str, payload: VersionIn
) -> Status[Any]:
    report = _report(request, slug, report_slug, request.user)
    based_on = None
    if payload.based_on is not None:
        based_on = selectors.version_get_for_viewer(
            viewer=request.user, report=report, number=payload.based_on
        )
    version = services.version_create(
        actor=request.user,
        report=report,
        kind=payload.kind,
        label=payload.label,
        based_on=based_on,
    )
    return Status(201, {**_version_out(version), "items": _items(version)})


@router.post(
    "/groups/{slug}/drafts/{report_slug}/versions/{number}/paragraphs",
    response={201: ItemOut, **WRITE_ERRORS},
    auth=token_auth,
)
def paragraph_add(
    request: HttpRequest, slug: str, report_slug: str, number: int, payload: ParagraphIn
) -> Status[Any]:
    report = _report(request, slug, report_slug, request.user)
    version = selectors.version_get_for_viewer(viewer=request.user, report=report, number=number)
    item = services.version_paragraph_add(
        actor=request.user,
        version=version,
        kind=payload.kind,
        text=payload.text,
        after=_paragraph(report, payload.after),
        key=payload.key,
    )
    return Status(
        201,
        {
            "key": item.paragraph.key,
            "kind": item.paragraph.kind,
            "order": item.order,
            "display_number": item.display_number,
            "text": item.text,
            "footnotes": item.footnotes,
        },
    )


@router.put(
    "/groups/{slug}/drafts/{report_slug}/versions/{number}/paragraphs/{key}",
    response={200: ItemOut, **WRITE_ERRORS},
    auth=token_auth,
)
def paragraph_update(
    request: HttpRequest,
    slug: str,
    report_slug: str,
    number: int,
    key: str,
    payload: ParagraphUpdateIn,
) -> dict[str, Any]:
    report = _report(request, slug, report_slug, request.user)
    version = selectors.version_get_for_viewer(viewer=request.user, report=report, number=number)
    paragraph = _paragraph(report, key)
    assert paragraph is not None
    item = services.version_paragraph_update(
        actor=request.user, version=version, paragraph=paragraph, text=payload.text
    )
    return {
        "key": paragraph.key,
        "kind": paragraph.kind,
        "order": item.order,
        "display_number": item.display_number,
        "text": item.text,
        "footnotes": item.footnotes,
    }


@router.post(
    "/groups/{slug}/drafts/{report_slug}/versions/{number}/issue",
    response={200: VersionOut, **WRITE_ERRORS},
    auth=token_auth,
)
def version_issue(request: HttpRequest, slug: str, report_slug: str, number: int) -> dict[str, Any]:
    """Issue a draft version (the chair only); it is then immutable and circulated."""
    report = _report(request, slug, report_slug, request.user)
    version = selectors.version_get_for_viewer(viewer=request.user, report=report, number=number)
    return _version_out(services.version_issue(actor=request.user, version=version))


@router.post(
    "/groups/{slug}/drafts/{report_slug}/import",
    response={202: JobOut, **WRITE_ERRORS},
    auth=token_auth,
)
def version_import(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    report_slug: str,
    file: Annotated[UploadedFile | None, File()] = None,
    kind: Annotated[str, Form()] = Version.Kind.ZERO_DRAFT,
    label: Annotated[str, Form()] = "",
) -> Status[Any]:
    """Import a DOCX/Markdown/text file (multipart ``file``) as a new draft version.

    Answers 202 with a job (``Location``: its address); the worker reads the file. When it
    has succeeded, its ``result`` has ``report``, ``number``, ``kind``, ``label`` and
    ``paragraphs``: the version is then at ``/groups/{slug}/drafts/{report_slug}/versions/
    {number}``. A file that cannot be read ends the job as failed with the reason."""
    report = _report(request, slug, report_slug, request.user)
    data, filename = read_upload(file)
    job = tasks.version_import_start(
        actor=request.user, report=report, data=data, filename=filename, kind=kind, label=label
    )
    return queued_response(request, response, job)


@router.get(
    "/groups/{slug}/drafts/{report_slug}/compare",
    response={200: CompareOut, 404: ErrorBody},
)
def version_compare(
    request: HttpRequest, slug: str, report_slug: str, a: int, b: int
) -> dict[str, Any]:
    """The redline from version ``a`` to version ``b``: aligned blocks of word operations, and
    the counts the compare page shows (paragraphs changed, inserted, deleted, moved, words)."""
    who = viewer(request)
    report = _report(request, slug, report_slug, who)
    old = selectors.version_get_for_viewer(viewer=who, report=report, number=a)
    new = selectors.version_get_for_viewer(viewer=who, report=report, number=b)
    comparison = selectors.version_compare(old, new)
    alignment = comparison.redline.alignment
    olds, news = comparison.old_items, comparison.new_items
    return {
        "a": a,
        "b": b,
        "matched": len(alignment.matches),
        "inserted": len(alignment.inserted),
        "deleted": len(alignment.deleted),
        "counts": asdict(comparison.redline.counts()),
        "blocks": [
            {
                "kind": block.kind,
                "match": block.match,
                "moved": block.moved,
                "old": [olds[i].paragraph.key for i in block.old],
                "new": [news[i].paragraph.key for i in block.new],
                "old_numbers": [olds[i].display_number for i in block.old],
                "new_numbers": [news[i].display_number for i in block.new],
                "words_inserted": block.words_inserted,
                "words_deleted": block.words_deleted,
                "ops": [{"tag": op.tag, "text": op.text} for op in block.ops],
            }
            for block in comparison.redline.blocks
        ],
    }
