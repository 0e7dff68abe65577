"""Positions on paragraphs, paragraph status, ad referendum confirmations, the compilation text.

Reads follow the drafts visibility of the version (a hidden version is the same 404 as a missing
one); positions themselves are members-only (anyone with a role in the group reads them).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from accord.common.errors import NotFound, ValidationFailed
from accord.drafts.models import Version
from accord.groups import selectors as group_selectors
from accord.groups.models import Member, WorkingGroup
from accord.positions import compilation, selectors, services

from .auth import token_auth, viewer
from .errors import ErrorBody

router = Router(tags=["positions"])

VERSION = "/groups/{slug}/drafts/{report}/versions/{number}"
PARAGRAPH = VERSION + "/paragraphs/{key}"
READ_ERRORS = {404: ErrorBody}
WRITE_ERRORS = {400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody}


class PositionOut(Schema):
    member: str
    member_name: str
    constituency: str
    kind: str
    reason: str
    version: int  # the version it was recorded on (earlier when carried over)
    carried_over: bool
    recorded_at: datetime


class TallyOut(Schema):
    constituency: str
    constituency_name: str
    counts: dict[str, int]
    members: int
    no_position: int
    objectors: list[str]


class StatusOut(Schema):
    status: str
    label: str
    is_provisional: bool
    is_derived: bool
    carried_over: bool
    pending_members: list[str]


class ParagraphPositionsOut(Schema):
    key: str
    status: StatusOut
    positions: list[PositionOut]
    by_constituency: list[TallyOut]


class PositionIn(Schema):
    kind: str
    reason: str = ""


class StatusIn(Schema):
    status: str
    pending_members: list[str] = []  # member slugs
    note: str = ""


class PositionRecordedOut(Schema):
    id: int
    key: str
    member: str
    kind: str
    reason: str
    recorded_at: datetime


class PositionVoteOut(Schema):
    member: int
    paragraph: str
    value: int


def _version(request: HttpRequest, who: Any, slug: str, report: str, number: int) -> Version:
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=who)
    return selectors.version_get_for_viewer(
        group=group, report_slug=report, number=number, viewer=who
    )


def _require_positions(who: Any, group: WorkingGroup) -> None:
    if not selectors.positions_visible(who, group):
        raise NotFound("No such version.")


def _status_out(status: selectors.ParagraphStatus) -> StatusOut:
    return StatusOut(
        status=status.status,
        label=status.label,
        is_provisional=status.is_provisional,
        is_derived=status.is_derived,
        carried_over=status.carried_over,
        pending_members=[m.slug for m in status.pending_members],
    )


def _position_out(p: selectors.CurrentPosition, numbers: dict[int, int]) -> PositionOut:
    return PositionOut(
        member=p.member.slug,
        member_name=p.member.name,
        constituency=p.member.constituency.slug,
        kind=p.kind,
        reason=p.reason,
        version=numbers[p.event.version_id],
        carried_over=p.carried_over,
        recorded_at=p.event.created_at,
    )


def _paragraphs_out(version: Version, only: str | None = None) -> list[ParagraphPositionsOut]:
    items = selectors.items_of(version)
    if only is not None:
        items = [i for i in items if i.paragraph.key == only]
        if not items:
            raise NotFound("No such paragraph in this version.")
    pids = [i.paragraph_id for i in items]
    positions = selectors.current_positions(version, pids)
    statuses = selectors.current_statuses(version)
    numbers = dict(Version.objects.filter(report_id=version.report_id).values_list("pk", "number"))
    group = version.report.group
    out = []
    for item in items:
        by_member = positions[item.paragraph_id]
        tallies = selectors.tallies_of(group, by_member)
        out.append(
            ParagraphPositionsOut(
                key=item.paragraph.key,
                status=_status_out(statuses[item.paragraph_id]),
                positions=[
                    _position_out(p, numbers)
                    for p in sorted(by_member.values(), key=lambda p: p.member.name)
                ],
                by_constituency=[
                    TallyOut(
                        constituency=t.constituency.slug,
                        constituency_name=t.constituency.name,
                        counts=t.counts,
                        members=t.members,
                        no_position=t.silent,
                        objectors=[o.member.slug for o in t.objectors],
                    )
                    for t in tallies
                ],
            )
        )
    return out


@router.get(VERSION + "/positions", response={200: list[ParagraphPositionsOut], **READ_ERRORS})
def positions_list(
    request: HttpRequest, slug: str, report: str, number: int
) -> list[ParagraphPositionsOut]:
    """Every paragraph's status, current positions and tallies by constituency (members only)."""
    who = viewer(request)
    version = _version(request, who, slug, report, number)
    _require_positions(who, version.report.group)
    return _paragraphs_out(version)


@router.get(PARAGRAPH + "/positions", response={200: ParagraphPositionsOut, **READ_ERRORS})
def positions_paragraph(
    request: HttpRequest, slug: str, report: str, number: int, key: str
) -> ParagraphPositionsOut:
    who = viewer(request)
    version = _version(request, who, slug, report, number)
    _require_positions(who, version.report.group)
    return _paragraphs_out(version, key)[0]


@router.get(VERSION + "/statuses", response={200: dict[str, StatusOut], **READ_ERRORS})
def status_list(request: HttpRequest, slug: str, report: str, number: int) -> dict[str, StatusOut]:
    """Paragraph key → status (readable by whoever may read the version)."""
    version = _version(request, viewer(request), slug, report, number)
    statuses = selectors.current_statuses(version)
    return {
        i.paragraph.key: _status_out(statuses[i.paragraph_id]) for i in selectors.items_of(version)
    }


@router.get(VERSION + "/votes", response={200: list[PositionVoteOut], **READ_ERRORS})
def vote_list(request: HttpRequest, slug: str, report: str, number: int) -> list[PositionVoteOut]:
    """Positions as opinion-map votes: support / can live with 1, object -1, reserve 0."""
    who = viewer(request)
    version = _version(request, who, slug, report, number)
    _require_positions(who, version.report.group)
    return [
        PositionVoteOut(member=m, paragraph=k, value=v)
        for m, k, v in selectors.vote_triples(version)
    ]


@router.post(
    PARAGRAPH + "/positions",
    response={201: PositionRecordedOut, **WRITE_ERRORS},
    auth=token_auth,
)
def position_record(
    request: HttpRequest, slug: str, report: str, number: int, key: str, payload: PositionIn
) -> Status[PositionRecordedOut]:
    """Record the position of the member the token's user is a delegate for."""
    version = _version(request, request.user, slug, report, number)
    item = selectors.item_get(version=version, key=key)
    event = services.position_record(
        actor=request.user,
        version=version,
        paragraph=item.paragraph,
        kind=payload.kind,
        reason=payload.reason,
    )
    return Status(
        201,
        PositionRecordedOut(
            id=event.pk,
            key=key,
            member=event.member.slug,
            kind=event.kind,
            reason=event.reason,
            recorded_at=event.created_at,
        ),
    )


@router.post(PARAGRAPH + "/status", response={201: StatusOut, **WRITE_ERRORS}, auth=token_auth)
def status_set(
    request: HttpRequest, slug: str, report: str, number: int, key: str, payload: StatusIn
) -> Status[StatusOut]:
    """Chair (or the paragraph's facilitator): open, bracketed, agreed_ad_ref (with
    ``pending_members``), agreed, dropped."""
    version = _version(request, request.user, slug, report, number)
    item = selectors.item_get(version=version, key=key)
    group = version.report.group
    members = list(Member.objects.filter(group=group, slug__in=payload.pending_members))
    unknown = set(payload.pending_members) - {m.slug for m in members}
    if unknown:
        raise ValidationFailed(
            "Unknown members: " + ", ".join(sorted(unknown)),
            fields={"pending_members": "Use member slugs of this group."},
        )
    services.status_set(
        actor=request.user,
        version=version,
        paragraph=item.paragraph,
        status=payload.status,
        pending_members=members,
        note=payload.note,
    )
    return Status(201, _status_out(selectors.status_of(version, item.paragraph)))


@router.post(PARAGRAPH + "/confirm", response={201: StatusOut, **WRITE_ERRORS}, auth=token_auth)
def ad_referendum_confirm(
    request: HttpRequest, slug: str, report: str, number: int, key: str
) -> Status[StatusOut]:
    """A pending member's delegate confirms an ad referendum agreement."""
    version = _version(request, request.user, slug, report, number)
    item = selectors.item_get(version=version, key=key)
    services.ad_referendum_confirm(actor=request.user, version=version, paragraph=item.paragraph)
    return Status(201, _status_out(selectors.status_of(version, item.paragraph)))


@router.get(VERSION + "/compilation", response={200: dict[str, Any], **READ_ERRORS})
def compilation_json(
    request: HttpRequest, slug: str, report: str, number: int
) -> dict[str, object]:
    """The compilation text: base text, proposals with their sponsors, status and (for members)
    the positions by constituency."""
    who = viewer(request)
    version = _version(request, who, slug, report, number)
    entries = compilation.compilation_build(
        version, with_positions=selectors.positions_visible(who, version.report.group)
    )
    return compilation.compilation_dict(version, entries)
