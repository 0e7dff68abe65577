"""Positions on paragraphs, paragraph status, ad referendum confirmations, the compilation text.

Reads follow the drafts visibility of the version (a hidden version is the same 404 as a missing
one); positions themselves are members-only (anyone with a role in the group reads them).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from accord.common.errors import NotFound, ValidationFailed
from accord.drafts.models import Version
from accord.drafts.selectors.versions import version_in_group_for_viewer
from accord.groups import selectors as group_selectors
from accord.groups.models import Member, WorkingGroup
from accord.positions import compilation, selectors, services
from accord.positions.forms import PositionForm, StatusForm

from .auth import token_auth, viewer
from .errors import ErrorBody
from .fields import form_limit
from .pagination import Rows, paginated

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
    # Set when the position is the member's negotiating group's (it stated none of its own).
    via_group: str | None = None
    via_group_name: str | None = None


class GroupStatementOut(Schema):
    """A position stated on behalf of a negotiating group."""

    group: str
    group_name: str
    speaker: str  # member slug
    speaker_name: str
    kind: str
    reason: str
    summary: str
    version: int
    carried_over: bool
    recorded_at: datetime
    counts_for: list[str]  # the group's members for whom it is the position


class TallyOut(Schema):
    constituency: str
    constituency_name: str
    counts: dict[str, int]
    members: int
    no_position: int
    objectors: list[str]


class OverruledOut(Schema):
    """An objection or a held bracket the Chair's determination agreed the paragraph over."""

    kind: str  # "objection" | "bracket"
    member: str | None = None  # objection: the member (slug)
    via_group: str | None = None  # objection through a negotiating group
    reason: str = ""
    bracket: int | None = None  # bracket: its id, text and holders (member slugs)
    text: str = ""
    holders: list[str] = []


class StatusOut(Schema):
    status: str
    label: str
    is_provisional: bool
    is_derived: bool
    carried_over: bool
    pending_members: list[str]
    # Agreed by determination of the Chair: its reason (empty otherwise), in words, and what
    # it overruled.
    determination: str = ""
    determination_text: str = ""
    overruled: list[OverruledOut] = []


class ParagraphPositionsOut(Schema):
    key: str
    status: StatusOut
    positions: list[PositionOut]
    group_statements: list[GroupStatementOut]
    by_constituency: list[TallyOut]


class PositionIn(Schema):
    kind: str
    reason: Annotated[str, form_limit(PositionForm, "reason")] = ""
    on_behalf_of: str | None = None  # a negotiating group's slug: speak for the group


class StatusIn(Schema):
    status: str
    pending_members: list[str] = []  # member slugs
    note: Annotated[str, form_limit(StatusForm, "note")] = ""
    # The Chair's reason for agreeing over standing objections or held brackets (409 without).
    determination: Annotated[str, form_limit(StatusForm, "determination")] = ""


class PositionRecordedOut(Schema):
    id: int
    key: str
    member: str
    kind: str
    reason: str
    recorded_at: datetime
    on_behalf_of: str | None = None


class PositionVoteOut(Schema):
    member: int
    paragraph: str
    value: int


def _version(request: HttpRequest, who: Any, slug: str, report: str, number: int) -> Version:
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=who)
    return version_in_group_for_viewer(group=group, report_slug=report, number=number, viewer=who)


def _require_positions(who: Any, group: WorkingGroup) -> None:
    if not selectors.positions_visible(who, group):
        raise NotFound(_("No such version."))


def _status_out(status: selectors.ParagraphStatus) -> StatusOut:
    return StatusOut(
        status=status.status,
        label=status.label,
        is_provisional=status.is_provisional,
        is_derived=status.is_derived,
        carried_over=status.carried_over,
        pending_members=[m.slug for m in status.pending_members],
        determination=status.event.determination if status.event else "",
        determination_text=status.determination,
        overruled=[_overruled_out(item) for item in status.event.overruled]
        if status.event and status.event.determination
        else [],
    )


def _overruled_out(item: dict[str, Any]) -> OverruledOut:
    if item.get("kind") == "bracket":
        return OverruledOut(
            kind="bracket",
            bracket=item.get("bracket"),
            text=item.get("text", ""),
            holders=[h.get("member", "") for h in item.get("holders", [])],
        )
    return OverruledOut(
        kind="objection",
        member=item.get("member"),
        via_group=item.get("via_group"),
        reason=item.get("reason", ""),
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
        via_group=p.via_group.slug if p.via_group else None,
        via_group_name=str(p.via_group) if p.via_group else None,
    )


def _statement_out(st: selectors.BlocStatement, numbers: dict[int, int]) -> GroupStatementOut:
    return GroupStatementOut(
        group=st.negotiating_group.slug,
        group_name=str(st.negotiating_group),
        speaker=st.speaker.slug,
        speaker_name=st.speaker.name,
        kind=st.kind,
        reason=st.reason,
        summary=st.summary,
        version=numbers[st.event.version_id],
        carried_over=st.carried_over,
        recorded_at=st.event.created_at,
        counts_for=[m.slug for m in st.counts_for],
    )


def _paragraphs_out(version: Version, items: list[Any]) -> list[ParagraphPositionsOut]:
    """The positions on these paragraphs of the version (its items): one bulk read for all."""
    pids = [i.paragraph_id for i in items]
    state = selectors.position_state(version, pids)
    positions = state.positions
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
                group_statements=[
                    _statement_out(st, numbers) for st in state.statements[item.paragraph_id]
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
@paginated
def positions_list(request: HttpRequest, slug: str, report: str, number: int) -> Rows:
    """Every paragraph's status, current positions and tallies by constituency (members only),
    in the version's order; positions are read for the page's paragraphs only."""
    who = viewer(request)
    version = _version(request, who, slug, report, number)
    _require_positions(who, version.report.group)
    return Rows(selectors.items_of(version), page=lambda items: _paragraphs_out(version, items))


@router.get(PARAGRAPH + "/positions", response={200: ParagraphPositionsOut, **READ_ERRORS})
def positions_paragraph(
    request: HttpRequest, slug: str, report: str, number: int, key: str
) -> ParagraphPositionsOut:
    who = viewer(request)
    version = _version(request, who, slug, report, number)
    _require_positions(who, version.report.group)
    items = [i for i in selectors.items_of(version) if i.paragraph.key == key]
    if not items:
        raise NotFound(_("No such paragraph in this version."))
    return _paragraphs_out(version, items)[0]


@router.get(VERSION + "/statuses", response={200: dict[str, StatusOut], **READ_ERRORS})
def status_list(request: HttpRequest, slug: str, report: str, number: int) -> dict[str, StatusOut]:
    """Paragraph key → status (readable by whoever may read the version)."""
    version = _version(request, viewer(request), slug, report, number)
    statuses = selectors.current_statuses(version)
    return {
        i.paragraph.key: _status_out(statuses[i.paragraph_id]) for i in selectors.items_of(version)
    }


@router.get(VERSION + "/votes", response={200: list[PositionVoteOut], **READ_ERRORS})
@paginated
def vote_list(request: HttpRequest, slug: str, report: str, number: int) -> Rows:
    """Positions as opinion-map votes: support / can live with 1, object -1, reserve 0."""
    who = viewer(request)
    version = _version(request, who, slug, report, number)
    _require_positions(who, version.report.group)
    return Rows(
        selectors.vote_triples(version),
        each=lambda t: PositionVoteOut(member=t[0], paragraph=t[1], value=t[2]),
    )


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
    on_behalf_of = group_selectors.speaking_for(
        group=version.report.group, slug=payload.on_behalf_of
    )
    event = services.position_record(
        actor=request.user,
        version=version,
        paragraph=item.paragraph,
        kind=payload.kind,
        reason=payload.reason,
        on_behalf_of=on_behalf_of,
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
            on_behalf_of=on_behalf_of.slug if on_behalf_of else None,
        ),
    )


@router.post(PARAGRAPH + "/status", response={201: StatusOut, **WRITE_ERRORS}, auth=token_auth)
def status_set(
    request: HttpRequest, slug: str, report: str, number: int, key: str, payload: StatusIn
) -> Status[StatusOut]:
    """Chair (or the paragraph's facilitator): open, bracketed, agreed_ad_ref (with
    ``pending_members``), agreed, dropped. Agreeing over standing objections or held brackets
    answers 409 naming them, unless the Chair sends ``determination`` (its reason)."""
    version = _version(request, request.user, slug, report, number)
    item = selectors.item_get(version=version, key=key)
    group = version.report.group
    members = list(Member.objects.filter(group=group, slug__in=payload.pending_members))
    unknown = set(payload.pending_members) - {m.slug for m in members}
    if unknown:
        raise ValidationFailed(
            _("Unknown members: %(slugs)s") % {"slugs": ", ".join(sorted(unknown))},
            fields={"pending_members": _("Use member slugs of this group.")},
        )
    services.status_set(
        actor=request.user,
        version=version,
        paragraph=item.paragraph,
        status=payload.status,
        pending_members=members,
        note=payload.note,
        determination=payload.determination,
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
