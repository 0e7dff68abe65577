"""Amendments, brackets, option groups, the final-text preview and the next revision.

Paths sit under A's ``/groups/{slug}/drafts/{report_slug}/…``. Writes need a bearer token;
reads show what the viewer may see, and hidden or missing things alike answer 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accord.common.errors import NotFound, ValidationFailed
from accord.drafts.forms_versions import VersionForm
from accord.drafts.models import Amendment, Bracket, OptionGroup, Paragraph, Version
from accord.drafts.selectors import amendments as sel
from accord.drafts.selectors.final import final_text
from accord.drafts.selectors.versions import version_in_group_for_viewer
from accord.drafts.services import amendments as amend_services
from accord.drafts.services import brackets as bracket_services
from accord.drafts.services import options as option_services
from accord.drafts.services.amendment_common import MAX_TEXT
from accord.drafts.services.amendment_edit import amendment_edit_prepare, amendment_propose_edit
from accord.drafts.services.brackets import MAX_NOTE
from accord.drafts.services.revisions import revision_issue_from_amendments
from accord.groups.models import WorkingGroup
from accord.groups.selectors import group_get_for_viewer, speaking_for

from .auth import token_auth, viewer
from .errors import ErrorBody
from .fields import Count, Id, form_limit
from .pagination import Rows, paginated

router = Router(tags=["amendments"])
BASE = "/groups/{slug}/drafts/{report_slug}"
VERSION = BASE + "/versions/{number}"
READ = {404: ErrorBody}
WRITE = {400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody}


class SupportOut(Schema):
    member: str
    kind: str


class PartOut(Schema):
    start: int
    end: int
    old_text: str
    new_text: str


class AmendmentOut(Schema):
    id: int
    version: int
    paragraph: str
    kind: str
    proposer: str | None
    proposer_role: str
    on_behalf_of: str | None = None  # negotiating group slug ("on behalf of the G77 and China")
    proposed_by: str = ""  # in words: "South Africa on behalf of the G77 and China"
    start: int | None
    end: int | None
    old_text: str
    new_text: str
    rationale: str
    parent: int | None
    status: str
    status_reason: str
    merged_into: int | None
    incorporated_in: int | None
    rebased_from: int | None
    is_stale: bool
    lock_version: int
    supports: list[SupportOut]
    # Proposed by editing the paragraph in several places: each edit (offsets into the
    # same text as start/end, which then cover them all). Empty for a single edit.
    parts: list[PartOut] = []
    created_at: datetime


class AmendmentIn(Schema):
    paragraph: str
    kind: str
    start: Count | None = None
    end: Count | None = None
    # Or the words a replacement or deletion changes, quoted; occurrence (1 for the first)
    # when they occur more than once (else 400 ambiguous_quote, with their offsets).
    quote: str | None = None
    occurrence: Count | None = None
    new_text: Annotated[str, Field(max_length=MAX_TEXT)] = ""
    rationale: Annotated[str, Field(max_length=MAX_TEXT)] = ""
    parent: Id | None = None
    expected_text_hash: str | None = None
    on_behalf_of: str | None = None  # a negotiating group's slug: propose for the group


class EditIn(Schema):
    """Propose by editing: the paragraph as the delegation wants it to read."""

    paragraph: str
    text: Annotated[str, Field(max_length=MAX_TEXT)]
    expected_text_hash: str | None = None
    rationale: Annotated[str, Field(max_length=MAX_TEXT)] = ""
    on_behalf_of: str | None = None
    preview: bool = False  # true: answer what the amendment would be, record nothing


class EditPreviewOut(Schema):
    version: int
    paragraph: str
    kind: str
    start: int
    end: int
    old_text: str
    new_text: str
    parts: list[PartOut]
    text: str  # the paragraph with the amendment applied
    carried_from: int | None


class SupportIn(Schema):
    kind: str


class LockIn(Schema):
    lock_version: Count | None = None


class DecideIn(LockIn):
    decision: str
    merged_into: Id | None = None
    reason: str = ""


class HolderOut(Schema):
    member: str
    reason: str


class BracketOut(Schema):
    id: int
    version: int
    paragraph: str
    start: int
    end: int
    text: str
    reason: str
    linked_paragraph: str | None
    from_text: bool
    lifted: bool
    holders: list[HolderOut]


class BracketIn(Schema):
    paragraph: str
    start: Count | None = None
    end: Count | None = None
    quote: str | None = None  # or the words, quoted (see AmendmentIn)
    occurrence: Count | None = None
    reason: str = Bracket.Reason.CONTESTED
    linked_paragraph: str | None = None
    note: Annotated[str, Field(max_length=MAX_NOTE)] = ""


class OptionGroupIn(Schema):
    label: str
    paragraphs: list[str]


class OptionChooseIn(Schema):
    paragraph: str


class OptionGroupOut(Schema):
    id: int
    label: str
    paragraphs: list[str]
    chosen: str | None


class FinalItemOut(Schema):
    key: str
    kind: str
    text: str
    change: str
    applied: list[int]


class FinalOut(Schema):
    version: int
    items: list[FinalItemOut]
    conflicts: list[str]


class RevisionIn(Schema):
    amendments: list[Id]
    label: Annotated[str, form_limit(VersionForm, "label")]
    kind: str = Version.Kind.REVISION
    leave_others_proposed: bool = False


class RevisionOut(Schema):
    number: int
    label: str
    kind: str
    content_hash: str
    based_on: int


def _group(slug: str, who: Any) -> WorkingGroup:
    return group_get_for_viewer(slug=slug, viewer=who)


def _version(request: HttpRequest, slug: str, report_slug: str, number: int, who: Any) -> Version:
    return version_in_group_for_viewer(
        group=_group(slug, who), report_slug=report_slug, number=number, viewer=who
    )


def _paragraph(version: Version, key: str) -> Paragraph:
    return sel.paragraph_in_version(version=version, key=key).paragraph


def _amendment(slug: str, report_slug: str, pk: int, who: Any) -> Amendment:
    return sel.amendment_get_for_viewer(
        group=_group(slug, who), report_slug=report_slug, pk=pk, viewer=who
    )


def _amendment_out(a: Amendment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "version": a.version.number,
        "paragraph": a.paragraph.key,
        "kind": a.kind,
        "proposer": a.proposer.slug if a.proposer else None,
        "proposer_role": a.proposer_role,
        "on_behalf_of": a.on_behalf_of.slug if a.on_behalf_of else None,
        "proposed_by": _proposed_by(a),
        "start": a.start,
        "end": a.end,
        "old_text": a.old_text,
        "new_text": a.new_text,
        "rationale": a.rationale,
        "parent": a.parent_id,
        "status": a.status,
        "status_reason": a.status_reason,
        "merged_into": a.merged_into_id,
        "incorporated_in": a.incorporated_in.number if a.incorporated_in else None,
        "rebased_from": a.rebased_from.number if a.rebased_from else None,
        "is_stale": sel.amendment_is_stale(a),
        "lock_version": a.lock_version,
        "supports": [{"member": s.member.slug, "kind": s.kind} for s in a.supports.all()],
        "parts": [
            {"start": p.start, "end": p.end, "old_text": p.old_text, "new_text": p.new_text}
            for p in a.parts.all()
        ],
        "created_at": a.created_at,
    }


def _proposed_by(a: Amendment) -> str:
    if a.proposer is None:
        return a.proposer_role.replace("_", " ").capitalize()
    if a.on_behalf_of is None:
        return a.proposer.name
    return _("%(member)s on behalf of the %(group)s") % {
        "member": a.proposer.name,
        "group": a.on_behalf_of,
    }


def _bracket_out(b: Bracket) -> dict[str, Any]:
    holders = b.holders.filter(lifted_at__isnull=True).select_related("member")
    return {
        "id": b.pk,
        "version": b.version.number,
        "paragraph": b.paragraph.key,
        "start": b.start,
        "end": b.end,
        "text": b.text,
        "reason": b.reason,
        "linked_paragraph": b.linked_paragraph.key if b.linked_paragraph else None,
        "from_text": b.from_text,
        "lifted": b.lifted_at is not None,
        "holders": [{"member": h.member.slug, "reason": h.reason} for h in holders],
    }


def _option_out(g: OptionGroup) -> dict[str, Any]:
    return {
        "id": g.pk,
        "label": g.label,
        "paragraphs": sorted(p.key for p in g.paragraphs.all()),
        "chosen": g.chosen.key if g.chosen else None,
    }


@router.get(VERSION + "/amendments", response={200: list[AmendmentOut], **READ})
@paginated
def amendment_list(request: HttpRequest, slug: str, report_slug: str, number: int) -> Rows:
    """The version's amendments, oldest first."""
    version = _version(request, slug, report_slug, number, viewer(request))
    amendments = sel.amendment_list(version=version).prefetch_related("on_behalf_of")
    return Rows(amendments, each=_amendment_out)


@router.post(VERSION + "/amendments", response={201: AmendmentOut, **WRITE}, auth=token_auth)
def amendment_propose(
    request: HttpRequest, slug: str, report_slug: str, number: int, payload: AmendmentIn
) -> Status[Any]:
    version = _version(request, slug, report_slug, number, request.user)
    parent = None
    if payload.parent is not None:
        parent = _amendment(slug, report_slug, payload.parent, request.user)
    amendment = amend_services.amendment_propose(
        actor=request.user,
        version=version,
        paragraph=_paragraph(version, payload.paragraph),
        kind=payload.kind,
        start=payload.start,
        end=payload.end,
        quote=payload.quote,
        occurrence=payload.occurrence,
        new_text=payload.new_text,
        rationale=payload.rationale,
        parent=parent,
        expected_text_hash=payload.expected_text_hash,
        on_behalf_of=speaking_for(group=version.report.group, slug=payload.on_behalf_of),
    )
    fresh = _amendment(slug, report_slug, amendment.pk, request.user)
    return Status(201, _amendment_out(fresh))


@router.post(
    VERSION + "/amendments/edited",
    response={200: EditPreviewOut, 201: AmendmentOut, **WRITE},
    auth=token_auth,
)
def amendment_propose_edited(
    request: HttpRequest, slug: str, report_slug: str, number: int, payload: EditIn
) -> Status[Any]:
    """Propose by editing the paragraph: accord computes the amendment (its minimal
    word-level parts); ``preview`` answers it without recording anything."""
    version = _version(request, slug, report_slug, number, request.user)
    common: dict[str, Any] = {
        "actor": request.user,
        "version": version,
        "paragraph": _paragraph(version, payload.paragraph),
        "text": payload.text,
        "expected_text_hash": payload.expected_text_hash,
        "on_behalf_of": speaking_for(group=version.report.group, slug=payload.on_behalf_of),
    }
    if payload.preview:
        proposal = amendment_edit_prepare(**common)
        cover = proposal.cover
        base = proposal.base_text
        return Status(
            200,
            {
                "version": proposal.version.number,
                "paragraph": proposal.paragraph.key,
                "kind": proposal.kind,
                "start": cover.start,
                "end": cover.end,
                "old_text": base[cover.start : cover.end],
                "new_text": cover.new,
                "parts": [
                    {
                        "start": e.start,
                        "end": e.end,
                        "old_text": base[e.start : e.end],
                        "new_text": e.new,
                    }
                    for e in proposal.edits
                ]
                if len(proposal.edits) > 1
                else [],
                "text": proposal.new_text,
                "carried_from": proposal.carried_from.number if proposal.carried_from else None,
            },
        )
    amendment = amendment_propose_edit(**common, rationale=payload.rationale)
    return Status(201, _amendment_out(_amendment(slug, report_slug, amendment.pk, request.user)))


@router.get(BASE + "/amendments/{pk}", response={200: AmendmentOut, **READ})
def amendment_detail(request: HttpRequest, slug: str, report_slug: str, pk: int) -> Any:
    return _amendment_out(_amendment(slug, report_slug, pk, viewer(request)))


@router.post(
    BASE + "/amendments/{pk}/support", response={200: AmendmentOut, **WRITE}, auth=token_auth
)
def amendment_support(
    request: HttpRequest, slug: str, report_slug: str, pk: int, payload: SupportIn
) -> Any:
    amendment = _amendment(slug, report_slug, pk, request.user)
    amend_services.amendment_support(actor=request.user, amendment=amendment, kind=payload.kind)
    return _amendment_out(_amendment(slug, report_slug, pk, request.user))


@router.post(
    BASE + "/amendments/{pk}/withdraw", response={200: AmendmentOut, **WRITE}, auth=token_auth
)
def amendment_withdraw(
    request: HttpRequest, slug: str, report_slug: str, pk: int, payload: LockIn
) -> Any:
    amendment = _amendment(slug, report_slug, pk, request.user)
    amend_services.amendment_withdraw(
        actor=request.user, amendment=amendment, expected_lock_version=payload.lock_version
    )
    return _amendment_out(_amendment(slug, report_slug, pk, request.user))


@router.post(
    BASE + "/amendments/{pk}/decide", response={200: AmendmentOut, **WRITE}, auth=token_auth
)
def amendment_decide(
    request: HttpRequest, slug: str, report_slug: str, pk: int, payload: DecideIn
) -> Any:
    amendment = _amendment(slug, report_slug, pk, request.user)
    merged_into = None
    if payload.merged_into is not None:
        try:
            merged_into = _amendment(slug, report_slug, payload.merged_into, request.user)
        except NotFound:
            raise ValidationFailed(_("No such amendment to merge into.")) from None
    amend_services.amendment_decide(
        actor=request.user,
        amendment=amendment,
        decision=payload.decision,
        merged_into=merged_into,
        reason=payload.reason,
        expected_lock_version=payload.lock_version,
    )
    return _amendment_out(_amendment(slug, report_slug, pk, request.user))


@router.get(VERSION + "/brackets", response={200: list[BracketOut], **READ})
@paginated
def bracket_list(request: HttpRequest, slug: str, report_slug: str, number: int) -> Rows:
    version = _version(request, slug, report_slug, number, viewer(request))
    return Rows(sel.bracket_list(version=version), each=_bracket_out)


@router.post(VERSION + "/brackets", response={201: BracketOut, **WRITE}, auth=token_auth)
def bracket_add(
    request: HttpRequest, slug: str, report_slug: str, number: int, payload: BracketIn
) -> Status[Any]:
    version = _version(request, slug, report_slug, number, request.user)
    linked = None
    if payload.linked_paragraph:
        linked = _paragraph(version, payload.linked_paragraph)
    bracket = bracket_services.bracket_add(
        actor=request.user,
        version=version,
        paragraph=_paragraph(version, payload.paragraph),
        start=payload.start,
        end=payload.end,
        quote=payload.quote,
        occurrence=payload.occurrence,
        reason=payload.reason,
        linked_paragraph=linked,
        note=payload.note,
    )
    return Status(201, _bracket_out(bracket))


@router.post(BASE + "/brackets/{pk}/lift", response={200: BracketOut, **WRITE}, auth=token_auth)
def bracket_lift(request: HttpRequest, slug: str, report_slug: str, pk: int) -> Any:
    bracket = sel.bracket_get_for_viewer(
        group=_group(slug, request.user), report_slug=report_slug, pk=pk, viewer=request.user
    )
    return _bracket_out(bracket_services.bracket_lift(actor=request.user, bracket=bracket))


@router.get(VERSION + "/option-groups", response={200: list[OptionGroupOut], **READ})
@paginated
def option_group_list(request: HttpRequest, slug: str, report_slug: str, number: int) -> Rows:
    version = _version(request, slug, report_slug, number, viewer(request))
    return Rows(sel.option_group_list(version=version), each=_option_out)


@router.post(VERSION + "/option-groups", response={201: OptionGroupOut, **WRITE}, auth=token_auth)
def option_group_create(
    request: HttpRequest, slug: str, report_slug: str, number: int, payload: OptionGroupIn
) -> Status[Any]:
    version = _version(request, slug, report_slug, number, request.user)
    group = option_services.option_group_create(
        actor=request.user,
        version=version,
        label=payload.label,
        paragraphs=[_paragraph(version, key) for key in payload.paragraphs],
    )
    return Status(201, _option_out(group))


@router.post(
    BASE + "/option-groups/{pk}/choose", response={200: OptionGroupOut, **WRITE}, auth=token_auth
)
def option_choose(
    request: HttpRequest, slug: str, report_slug: str, pk: int, payload: OptionChooseIn
) -> Any:
    group = sel.option_group_get_for_viewer(
        group=_group(slug, request.user), report_slug=report_slug, pk=pk, viewer=request.user
    )
    paragraph = _paragraph(group.version, payload.paragraph)
    return _option_out(
        option_services.option_choose(actor=request.user, group=group, paragraph=paragraph)
    )


@router.get(VERSION + "/final", response={200: FinalOut, 400: ErrorBody, **READ})
def final_preview(
    request: HttpRequest,
    slug: str,
    report_slug: str,
    number: int,
    amendments: list[Id] = Query([]),  # noqa: B008 (ninja's way to declare a query list)
) -> Any:
    """``?amendments=<id>&amendments=<id>``: the version with those amendments applied."""
    version = _version(request, slug, report_slug, number, viewer(request))
    result = final_text(version, amendments)
    return {
        "version": version.number,
        "items": [
            {
                "key": i.key,
                "kind": i.kind,
                "text": i.text,
                "change": i.change,
                "applied": [a.pk for a in i.applied],
            }
            for i in result.items
        ],
        "conflicts": result.conflicts,
    }


@router.post(VERSION + "/revision", response={201: RevisionOut, **WRITE}, auth=token_auth)
def revision_issue(
    request: HttpRequest, slug: str, report_slug: str, number: int, payload: RevisionIn
) -> Status[Any]:
    version = _version(request, slug, report_slug, number, request.user)
    chosen = list(Amendment.objects.filter(version=version, pk__in=payload.amendments))
    if len(chosen) != len(set(payload.amendments)):
        raise ValidationFailed(
            _("Some of these are not amendments of this version."), fields={"amendments": "invalid"}
        )
    new = revision_issue_from_amendments(
        actor=request.user,
        version=version,
        incorporate=chosen,
        label=payload.label,
        kind=payload.kind,
        leave_others_proposed=payload.leave_others_proposed,
    )
    return Status(
        201,
        {
            "number": new.number,
            "label": new.label,
            "kind": new.kind,
            "content_hash": new.content_hash,
            "based_on": version.number,
        },
    )
