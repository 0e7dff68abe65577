"""Decision and outcome: consensus calls, the silence procedure, the package view and outcomes.

Paths of a version sit under ``/groups/{slug}/drafts/{report}/versions/{number}`` as in the
positions router; outcomes under ``/groups/{slug}/outcomes``. Writes need a bearer token and
call the same services as the decision screen. Reads follow the pages' visibility: a version
the viewer may not read, a call or package view of a group the viewer has no role in, and a
draft outcome shown to the public are all the same 404 as what does not exist.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from accord.common.errors import ApplicationError, Conflict, NotFound, ValidationFailed
from accord.core.consensus.problem import ProblemError
from accord.drafts.models import Version
from accord.drafts.selectors.versions import version_in_group_for_viewer
from accord.groups import selectors as group_selectors
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup
from accord.outcomes.models import (
    Annex,
    AnnexPoint,
    ConsensusCall,
    Determination,
    Explanation,
    Outcome,
    OutcomeParagraph,
    PackageCondition,
    SilenceBreak,
    SilenceProcedure,
    StanceEvent,
)
from accord.outcomes.package_input import PackageInput
from accord.outcomes.selectors import calls as call_selectors
from accord.outcomes.selectors import outcomes as outcome_selectors
from accord.outcomes.selectors.package import package_analysis, why_not_for
from accord.outcomes.selectors.paragraphs import outcome_text, paragraph_of, paragraphs_of
from accord.outcomes.services import calls as call_services
from accord.outcomes.services import outcomes as outcome_services
from accord.outcomes.services import package as package_services
from accord.outcomes.services import silence as silence_services

from .auth import token_auth, viewer
from .errors import ErrorBody
from .fields import Id
from .pagination import Rows, paginated

router = Router(tags=["decision and outcome"])

VERSION = "/groups/{slug}/drafts/{report}/versions/{number}"
CALL = VERSION + "/calls/{call_id}"
SILENCE = VERSION + "/silence/{silence_id}"
OUTCOMES = "/groups/{slug}/outcomes"
OUTCOME = OUTCOMES + "/{outcome_id}"
READ_ERRORS = {404: ErrorBody}
WRITE_ERRORS = {
    400: ErrorBody,
    403: ErrorBody,
    404: ErrorBody,
    409: ErrorBody,
    410: ErrorBody,
}

# A share of members, as text: "1/10", "0.1", "1".
Share = Annotated[str, Field(max_length=32, pattern=r"^[0-9]{1,9}(\.[0-9]{1,9})?(/[0-9]{1,9})?$")]
# A wall-clock time without a zone, to the minute.
LocalMinute = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$",
        examples=["2026-03-27T18:00"],
    ),
]


# ---------------------------------------------------------------- schemas: consensus calls


class RuleParamsIn(Schema):
    """Thresholds of the rule. Rough consensus: ``default_objection_share`` and, per
    constituency slug, ``max_objection_share``. Vote: ``majority`` and ``strict`` (more than the
    majority, else at least it)."""

    default_objection_share: Share | None = None
    max_objection_share: dict[str, Share] | None = None
    majority: Share | None = None
    strict: bool | None = None


class RuleParamsOut(Schema):
    default_objection_share: str | None = None
    max_objection_share: dict[str, str] | None = None
    majority: str | None = None
    strict: bool | None = None


class CallIn(Schema):
    rule: str = ""  # consensus, consensus_recorded, rough_consensus, vote; "" = the group's rule
    rule_params: RuleParamsIn | None = None
    note: str = ""


class CallRecordOut(Schema):
    """The result put on record when the call closed."""

    adopted: bool
    failed: list[str]
    determined: list[str | None]  # paragraph keys; null is the whole text


class CallSummaryOut(Schema):
    id: int
    version: int
    rule: str
    rule_label: str
    rule_params: RuleParamsOut
    note: str
    is_open: bool
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    adopted: bool | None  # on record once closed; null while open
    record: CallRecordOut | None


class ItemOut(Schema):
    """The decision on one paragraph, or on the whole text (``key`` null)."""

    key: str | None
    number: str
    adopted: bool  # by the rule or by the Chair's determination
    adopted_by_rule: bool
    determined: bool
    counts: dict[str, int]  # stance kind → members; "none" for members with no stance
    objecting: list[str]  # member slugs whose objections count on it
    in_favour: int
    against: int


class ObjectionItemOut(Schema):
    paragraph: str | None  # null: an objection to the whole text
    via_group: str | None  # the negotiating group's slug when its statement counts
    reason: str


class ObjectionOut(Schema):
    member: str
    name: str
    constituency: str
    on_text: bool
    paragraphs: list[str]
    items: list[ObjectionItemOut]


class ExplanationOut(Schema):
    id: int
    member: str
    member_name: str
    on_behalf_of: str | None
    timing: str
    text: str
    paragraphs: list[str]
    created_at: dt.datetime


class OverruledOut(Schema):
    member: str | None  # slug, when the member is still in the group
    name: str
    paragraph: str | None
    via: str  # the negotiating group's name, when it was its objection
    reason: str


class DeterminationOut(Schema):
    id: int
    paragraph: str | None
    reason: str
    overruled: list[OverruledOut]
    created_at: dt.datetime


class CallOut(CallSummaryOut):
    """The call and the decision as it stands now (``record``: as it stood when it closed)."""

    adopted: bool  # the text, by the rule and the Chair's determinations
    failed: list[str]
    text: ItemOut
    paragraphs: list[ItemOut]
    objections: list[ObjectionOut]
    determinations: list[DeterminationOut]
    explanations: list[ExplanationOut]


class StanceIn(Schema):
    # support, no_objection, stand_aside, reservation, dissociation, object, withdrawn
    kind: str
    paragraph: str | None = None  # a paragraph key; null for the whole text
    reason: str = ""
    on_behalf_of: str | None = None  # a negotiating group's slug: speak for the group


class StanceOut(Schema):
    id: int
    call: int
    member: str
    on_behalf_of: str | None
    paragraph: str | None
    kind: str
    reason: str
    recorded_at: dt.datetime


class ExplanationIn(Schema):
    timing: str  # before, after
    text: str
    paragraphs: list[str] = []
    on_behalf_of: str | None = None


class DeterminationIn(Schema):
    paragraph: str | None = None  # null: the whole text
    reason: str


# ---------------------------------------------------------------- schemas: silence


class SilenceIn(Schema):
    deadline_local: LocalMinute  # wall-clock time in ``time_zone``: "2026-03-27T18:00"
    time_zone: str  # IANA name: "Europe/Zurich"
    paragraphs: list[str] = []  # none: the whole text
    note: str = ""


class SilenceBreakIn(Schema):
    paragraphs: list[str]
    reason: str
    kind: str = SilenceBreak.Kind.OBJECTION  # objection, amendment
    proposed_text: str = ""
    on_behalf_of: str | None = None


class SilenceWithdrawIn(Schema):
    reason: str


class SilenceBreakOut(Schema):
    id: int
    member: str
    member_name: str
    on_behalf_of: str | None
    kind: str
    paragraphs: list[str]
    reason: str
    proposed_text: str
    created_at: dt.datetime


class SilenceOut(Schema):
    id: int
    version: int
    paragraphs: list[str]  # as named; empty when the whole text is under silence
    scope: list[str]  # the paragraphs under silence
    deadline: dt.datetime  # UTC
    time_zone: str  # the zone the Chair stated
    deadline_local: str  # the wall-clock time in that zone: "2026-03-27T18:00"
    running: bool
    result: str  # "" while running; adopted, broken, cancelled
    result_label: str
    note: str
    follows: int | None
    started_at: dt.datetime
    concluded_at: dt.datetime | None
    breaks: list[SilenceBreakOut]
    unbroken: list[str]  # once broken: the paragraphs nobody broke silence on


# ---------------------------------------------------------------- schemas: package view


class ViolationOut(Schema):
    # objection, must_exclude, must_include, requires, at_least_one_of, balance
    kind: str
    items: list[str]


class MemberViolationsOut(Schema):
    member: str  # member slug
    violations: list[ViolationOut]


class LeftOutOut(Schema):
    item: str
    blockers: list[str]  # member slugs
    members: list[MemberViolationsOut]
    option_clash: list[str]
    # Blocking members counted by constituency (slug) and by negotiating group (slug).
    by_constituency: dict[str, int]
    by_group: dict[str, int]


class NearBestOut(Schema):
    package: list[str]
    value: float | None
    gap: float | None


class ConditionOut(Schema):
    id: int
    member: str
    on_behalf_of: str | None
    kind: str
    paragraph: str
    requires: str | None
    note: str
    created_at: dt.datetime


class PackageOut(Schema):
    """The largest package every member accepts or, when none exists, the one most accept."""

    version: int
    items: list[str]  # the recommendations considered (operative, not dropped)
    members: int
    package: list[str]
    all_accept: bool
    status: str  # optimal (proven), feasible (best found), infeasible, unknown
    consensus_status: str
    value: float | None
    bound: float | None
    gap: float | None  # null when unknown or unbounded
    accepted_by: list[str]
    rejected_by: list[MemberViolationsOut]
    acceptance: float | None
    acceptance_bound: float | None
    acceptance_gap: float | None
    blocking_core: list[str]
    near_best: list[NearBestOut]
    left_out: list[LeftOutOut]
    conditions: list[ConditionOut]


class CoreMemberOut(Schema):
    member: str
    stance: str
    red_line: bool
    objections: list[str]
    red_lines: list[str]


class WithdrawalOut(Schema):
    member: str
    kind: str  # objection, must_exclude, must_include, requires, at_least_one_of, balance
    items: list[str]


class WithdrawalSetOut(Schema):
    withdrawals: list[WithdrawalOut]
    package: list[str]  # an all-accept package with the item, once these are withdrawn


class WithdrawalsOut(Schema):
    """The fewest withdrawn objections or conditions that would let the item in."""

    minimum: int | None  # null: none found in the time allowed (or none exists)
    status: str  # optimal (that minimum is proven), feasible, infeasible, unknown
    more_exist: bool | None  # other sets of that size (null: not settled in time)
    sets: list[WithdrawalSetOut]


class WhyOut(Schema):
    item: str
    possible: bool | None  # null: the time ran out before an answer
    status: str
    independent: bool  # the core rules out every package, not only those with the item
    core: list[CoreMemberOut]
    package: list[str]  # the best all-accept package containing the item, when possible
    cost: float | None
    withdrawals: WithdrawalsOut | None  # when it cannot be in: what would let it in


class ConditionIn(Schema):
    kind: str  # requires, must_include, must_exclude
    paragraph: str
    requires: str | None = None  # for "requires": the recommendation that must be in
    note: str = ""
    on_behalf_of: str | None = None


# ---------------------------------------------------------------- schemas: outcomes


class SourceOut(Schema):
    kind: str
    label: str
    url: str


class OutcomeParagraphOut(Schema):
    key: str
    kind: str
    text: str
    drafted_text: str
    is_edited: bool
    sources: list[SourceOut]


class AnnexPointOut(Schema):
    id: int
    side: str
    text: str
    members: list[str]
    negotiating_groups: list[str]
    sources: list[SourceOut]


class AnnexOut(Schema):
    id: int
    order: int
    title: str
    proposal: str | None
    proposal_text: str
    points: list[AnnexPointOut]


class OutcomeSummaryOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    symbol: str
    status: str
    call: int | None
    silence: int | None
    report: str | None
    adopted_version: int | None
    language: str
    created_at: dt.datetime
    issued_at: dt.datetime | None
    content_hash: str


class OutcomeOut(OutcomeSummaryOut):
    statement: str
    paragraphs: list[OutcomeParagraphOut]
    annexes: list[AnnexOut]


class OutcomeIn(Schema):
    kind: str  # consensus_report, chairs_summary, none
    call: Id | None = None  # the closed consensus call it follows
    silence: Id | None = None  # consensus_report only: adopted under silence instead
    title: str = ""
    symbol: str = ""
    statement: str = ""  # none: what the Chair puts on record
    naming: str = "by_constituency"  # chairs_summary: by_constituency or by_name


class OutcomeParagraphIn(Schema):
    text: str


class AnnexIn(Schema):
    """An annex on a contested proposal. With ``from_record`` (the default) and a
    ``paragraph``, its points are drafted from the reasons members gave for and against it."""

    title: str = ""
    paragraph: str | None = None  # the proposal's paragraph key in the text the outcome is on
    from_record: bool = True
    proposal_text: str = ""


class SourceIn(Schema):
    kind: str = "other"
    label: str
    url: str = ""


class AnnexPointIn(Schema):
    side: str  # for, against
    text: str
    members: list[str] = []  # member slugs
    negotiating_groups: list[str] = []  # negotiating group slugs
    sources: list[SourceIn] = []


class AnnexPointUpdateIn(Schema):
    text: str


# ---------------------------------------------------------------- lookups


class Unavailable(ApplicationError):
    status = 503
    code = "unavailable"


@contextmanager
def _fields_as(**names: str) -> Iterator[None]:
    """Name the request's field in a service's refusal (a service says "reason" for any text)."""
    try:
        yield
    except ValidationFailed as exc:
        exc.fields = {names.get(k, k): v for k, v in exc.fields.items()}
        raise


def _version(who: Any, slug: str, report: str, number: int) -> Version:
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=who)
    return version_in_group_for_viewer(group=group, report_slug=report, number=number, viewer=who)


def _require_stances(who: Any, group: WorkingGroup) -> None:
    if not call_selectors.calls_visible(who, group):
        raise NotFound(_("No such version."))


def _call(who: Any, version: Version, call_id: int) -> ConsensusCall:
    call = call_selectors.call_get_for_viewer(group=version.report.group, pk=call_id, viewer=who)
    if call.version_id != version.pk:
        raise NotFound(_("No such consensus call."))
    return call


def _silence(version: Version, silence_id: int) -> SilenceProcedure:
    found = (
        SilenceProcedure.objects.filter(version=version, pk=silence_id)
        .select_related("group", "version", "version__report")
        .first()
    )
    if found is None:
        raise NotFound(_("No such silence procedure."))
    return found


def _bloc(group: WorkingGroup, slug: str | None) -> NegotiatingGroup | None:
    return group_selectors.speaking_for(group=group, slug=slug)


def _finite(value: Any) -> float | None:
    """A solver number as JSON can carry it: an unknown or unbounded one is null."""
    if value is None or isinstance(value, bool):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


# ---------------------------------------------------------------- presenters: calls


def _rule_params(call: ConsensusCall) -> RuleParamsOut:
    params = call.rule_params or {}
    shares = params.get("max_objection_share")
    return RuleParamsOut(
        default_objection_share=params.get("default_objection_share"),
        max_objection_share=dict(shares) if shares is not None else None,
        majority=params.get("majority"),
        strict=params.get("strict"),
    )


def _summary_fields(call: ConsensusCall) -> dict[str, Any]:
    record = None
    if not call.is_open and call.result:
        record = CallRecordOut(
            adopted=bool(call.result.get("adopted")),
            failed=list(call.result.get("failed", [])),
            determined=[k or None for k in call.result.get("determined", [])],
        )
    return {
        "id": call.pk,
        "version": call.version.number,
        "rule": call.rule,
        "rule_label": str(call.get_rule_display()),
        "rule_params": _rule_params(call),
        "note": call.note,
        "is_open": call.is_open,
        "opened_at": call.opened_at,
        "closed_at": call.closed_at,
        "adopted": call.adopted,
        "record": record,
    }


def _call_summary(call: ConsensusCall) -> CallSummaryOut:
    return CallSummaryOut(**_summary_fields(call))


def _item_out(decision: call_selectors.CallDecision, key: str | None) -> ItemOut:
    item = decision.item(key)
    members = decision.members
    return ItemOut(
        key=key,
        number=decision.numbers.get(key, "") if key is not None else "",
        adopted=decision.adopted(key),
        adopted_by_rule=item.adopted,
        determined=decision.determined(key) is not None,
        counts=dict(item.counts),
        objecting=[members[s.member].slug for s in item.objecting if s.member in members],
        in_favour=item.in_favour,
        against=item.against,
    )


def _explanation_out(e: Explanation) -> ExplanationOut:
    return ExplanationOut(
        id=e.pk,
        member=e.member.slug,
        member_name=e.member.name,
        on_behalf_of=e.on_behalf_of.slug if e.on_behalf_of else None,
        timing=e.timing,
        text=e.text,
        paragraphs=sorted(p.key for p in e.paragraphs.all()),
        created_at=e.created_at,
    )


def _determination_out(d: Determination, slugs: dict[int, str]) -> DeterminationOut:
    overruled = []
    for row in d.overruled or []:
        member = row.get("member")
        overruled.append(
            OverruledOut(
                member=slugs.get(member) if isinstance(member, int) else None,
                name=str(row.get("name", "")),
                paragraph=row.get("paragraph"),
                via=str(row.get("via", "")),
                reason=str(row.get("reason", "")),
            )
        )
    return DeterminationOut(
        id=d.pk,
        paragraph=d.paragraph.key if d.paragraph else None,
        reason=d.reason,
        overruled=overruled,
        created_at=d.created_at,
    )


def _call_out(call: ConsensusCall) -> CallOut:
    decision = call_selectors.call_decision(call)
    slugs = {pk: m.slug for pk, m in decision.members.items()}
    objections = []
    for member, items in decision.objections():
        objections.append(
            ObjectionOut(
                member=member.slug,
                name=member.name,
                constituency=member.constituency.slug,
                on_text=any(c.key is None for c in items),
                paragraphs=[c.key for c in items if c.key is not None],
                items=[
                    ObjectionItemOut(
                        paragraph=c.key,
                        via_group=c.via_group.slug if c.via_group else None,
                        reason=c.reason,
                    )
                    for c in items
                ],
            )
        )
    determinations = sorted(decision.determinations.values(), key=lambda d: (d.created_at, d.pk))
    return CallOut(
        **{**_summary_fields(call), "adopted": decision.is_adopted},
        failed=decision.failed(),
        text=_item_out(decision, None),
        paragraphs=[_item_out(decision, key) for key in decision.keys],
        objections=objections,
        determinations=[_determination_out(d, slugs) for d in determinations],
        explanations=[_explanation_out(e) for e in decision.explanations],
    )


def _stance_out(event: StanceEvent) -> StanceOut:
    return StanceOut(
        id=event.pk,
        call=event.call_id,
        member=event.member.slug,
        on_behalf_of=event.on_behalf_of.slug if event.on_behalf_of else None,
        paragraph=event.paragraph.key if event.paragraph else None,
        kind=event.kind,
        reason=event.reason,
        recorded_at=event.created_at,
    )


# ---------------------------------------------------------------- endpoints: consensus calls


@router.get(VERSION + "/calls", response={200: list[CallSummaryOut], **READ_ERRORS})
@paginated
def call_list(request: HttpRequest, slug: str, report: str, number: int) -> Rows:
    """The consensus calls on this version, latest first (members only)."""
    who = viewer(request)
    version = _version(who, slug, report, number)
    _require_stances(who, version.report.group)
    return Rows(call_selectors.calls_for_version(version), each=_call_summary)


@router.post(VERSION + "/calls", response={201: CallOut, **WRITE_ERRORS}, auth=token_auth)
def call_open(
    request: HttpRequest, slug: str, report: str, number: int, payload: CallIn
) -> Status[CallOut]:
    """The Chair opens a consensus call on the version (one open call per report)."""
    version = _version(request.user, slug, report, number)
    params = payload.rule_params.model_dump(exclude_none=True) if payload.rule_params else None
    with _fields_as(reason="note"):
        call = call_services.call_open(
            actor=request.user,
            version=version,
            rule=payload.rule,
            rule_params=params,
            note=payload.note,
        )
    return Status(201, _call_out(call))


@router.get(CALL, response={200: CallOut, **READ_ERRORS})
def call_get(request: HttpRequest, slug: str, report: str, number: int, call_id: int) -> CallOut:
    """The call and its decision as it stands: what is adopted, who objects to what and why,
    the Chair's determinations and the explanations of position."""
    who = viewer(request)
    version = _version(who, slug, report, number)
    return _call_out(_call(who, version, call_id))


@router.post(CALL + "/stances", response={201: StanceOut, **WRITE_ERRORS}, auth=token_auth)
def stance_record(
    request: HttpRequest, slug: str, report: str, number: int, call_id: int, payload: StanceIn
) -> Status[StanceOut]:
    """A member's final stance on the whole text (``paragraph`` null) or on one paragraph,
    for the member the token's user is a delegate for, or for its negotiating group."""
    version = _version(request.user, slug, report, number)
    call = _call(request.user, version, call_id)
    paragraph = paragraph_of(version, payload.paragraph) if payload.paragraph else None
    with _fields_as(paragraphs="paragraph"):
        event = call_services.stance_record(
            actor=request.user,
            call=call,
            kind=payload.kind,
            paragraph=paragraph,
            reason=payload.reason,
            on_behalf_of=_bloc(call.group, payload.on_behalf_of),
        )
    return Status(201, _stance_out(event))


@router.post(
    CALL + "/explanations", response={201: ExplanationOut, **WRITE_ERRORS}, auth=token_auth
)
def explanation_record(
    request: HttpRequest,
    slug: str,
    report: str,
    number: int,
    call_id: int,
    payload: ExplanationIn,
) -> Status[ExplanationOut]:
    """An explanation of position: ``before`` the decision while the call is open, ``after``
    it once closed."""
    version = _version(request.user, slug, report, number)
    call = _call(request.user, version, call_id)
    with _fields_as(reason="text"):
        made = call_services.explanation_record(
            actor=request.user,
            call=call,
            timing=payload.timing,
            text=payload.text,
            paragraphs=paragraphs_of(version, payload.paragraphs),
            on_behalf_of=_bloc(call.group, payload.on_behalf_of),
        )
    return Status(201, _explanation_out(made))


@router.post(
    CALL + "/determinations", response={201: DeterminationOut, **WRITE_ERRORS}, auth=token_auth
)
def determination_make(
    request: HttpRequest,
    slug: str,
    report: str,
    number: int,
    call_id: int,
    payload: DeterminationIn,
) -> Status[DeterminationOut]:
    """The Chair declares a paragraph (or the whole text) agreed over the standing objections,
    with a reason; the objections it overrules are recorded as they stood."""
    version = _version(request.user, slug, report, number)
    call = _call(request.user, version, call_id)
    paragraph = paragraph_of(version, payload.paragraph) if payload.paragraph else None
    with _fields_as(paragraphs="paragraph"):
        made = call_services.determination_make(
            actor=request.user, call=call, reason=payload.reason, paragraph=paragraph
        )
    slugs = dict(Member.objects.filter(group=call.group).values_list("pk", "slug"))
    return Status(201, _determination_out(made, slugs))


@router.post(CALL + "/close", response={200: CallOut, **WRITE_ERRORS}, auth=token_auth)
def call_close(request: HttpRequest, slug: str, report: str, number: int, call_id: int) -> CallOut:
    """The Chair closes the call; the decision as it stands is put on record."""
    version = _version(request.user, slug, report, number)
    call = _call(request.user, version, call_id)
    return _call_out(call_services.call_close(actor=request.user, call=call))


# ---------------------------------------------------------------- endpoints: silence


def _silence_out(procedure: SilenceProcedure) -> SilenceOut:
    silence_services.silence_settle(procedure)  # the first read after the deadline records it
    named = sorted(p.key for p in procedure.paragraphs.all())
    breaks = [
        SilenceBreakOut(
            id=b.pk,
            member=b.member.slug,
            member_name=b.member.name,
            on_behalf_of=b.on_behalf_of.slug if b.on_behalf_of else None,
            kind=b.kind,
            paragraphs=sorted(p.key for p in b.paragraphs.all()),
            reason=b.reason,
            proposed_text=b.proposed_text,
            created_at=b.created_at,
        )
        for b in procedure.breaks.select_related("member", "on_behalf_of").prefetch_related(
            "paragraphs"
        )
    ]
    unbroken = []
    if procedure.result == SilenceProcedure.Result.BROKEN:
        unbroken = [p.key for p in silence_services.unbroken_paragraphs(procedure)]
    local = procedure.deadline.astimezone(ZoneInfo(procedure.time_zone))
    return SilenceOut(
        id=procedure.pk,
        version=procedure.version.number,
        paragraphs=named,
        scope=[p.key for p in silence_services.silence_scope(procedure)],
        deadline=procedure.deadline.astimezone(dt.UTC),
        time_zone=procedure.time_zone,
        deadline_local=local.strftime("%Y-%m-%dT%H:%M"),
        running=procedure.is_running,
        result=procedure.result,
        result_label=str(procedure.get_result_display()),
        note=procedure.note,
        follows=procedure.follows_id,
        started_at=procedure.started_at,
        concluded_at=procedure.concluded_at,
        breaks=breaks,
        unbroken=unbroken,
    )


def _local_deadline(text: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise ValidationFailed(
            _("Give the deadline as a local date and time: 2026-03-27T18:00."),
            fields={"deadline_local": _("Invalid date or time.")},
        ) from None


@router.get(VERSION + "/silence", response={200: list[SilenceOut], **READ_ERRORS})
@paginated
def silence_list(request: HttpRequest, slug: str, report: str, number: int) -> Rows:
    """The silence procedures on this version, latest deadline first, with their breaks.
    A procedure whose deadline has passed gets its result recorded by this read."""
    version = _version(viewer(request), slug, report, number)
    procedures = SilenceProcedure.objects.filter(version=version).select_related("version", "group")
    return Rows(procedures.order_by("-deadline", "-id"), each=_silence_out)


@router.post(VERSION + "/silence", response={201: SilenceOut, **WRITE_ERRORS}, auth=token_auth)
def silence_start(
    request: HttpRequest, slug: str, report: str, number: int, payload: SilenceIn
) -> Status[SilenceOut]:
    """The Chair circulates the version (or the named paragraphs) under silence until
    ``deadline_local`` in ``time_zone``."""
    version = _version(request.user, slug, report, number)
    local = _local_deadline(payload.deadline_local)
    paragraphs = paragraphs_of(version, payload.paragraphs)
    try:
        with _fields_as(deadline="deadline_local", reason="note"):
            procedure = silence_services.silence_start(
                actor=request.user,
                version=version,
                deadline=local,
                time_zone=payload.time_zone,
                paragraphs=paragraphs,
                note=payload.note,
            )
    except OverflowError:
        raise ValidationFailed(
            _("The deadline is out of range."),
            fields={"deadline_local": _("Choose a later time.")},
        ) from None
    return Status(201, _silence_out(procedure))


@router.post(SILENCE + "/breaks", response={201: SilenceBreakOut, **WRITE_ERRORS}, auth=token_auth)
def silence_break(
    request: HttpRequest,
    slug: str,
    report: str,
    number: int,
    silence_id: int,
    payload: SilenceBreakIn,
) -> Status[SilenceBreakOut]:
    """A member breaks silence on named paragraphs, with a reason, before the deadline
    (410 once it has passed)."""
    version = _version(request.user, slug, report, number)
    procedure = _silence(version, silence_id)
    made = silence_services.silence_break(
        actor=request.user,
        procedure=procedure,
        paragraphs=paragraphs_of(version, payload.paragraphs),
        reason=payload.reason,
        kind=payload.kind,
        proposed_text=payload.proposed_text,
        on_behalf_of=_bloc(procedure.group, payload.on_behalf_of),
    )
    return Status(
        201,
        SilenceBreakOut(
            id=made.pk,
            member=made.member.slug,
            member_name=made.member.name,
            on_behalf_of=made.on_behalf_of.slug if made.on_behalf_of else None,
            kind=made.kind,
            paragraphs=sorted(p.key for p in made.paragraphs.all()),
            reason=made.reason,
            proposed_text=made.proposed_text,
            created_at=made.created_at,
        ),
    )


@router.post(SILENCE + "/withdraw", response={200: SilenceOut, **WRITE_ERRORS}, auth=token_auth)
def silence_withdraw(
    request: HttpRequest,
    slug: str,
    report: str,
    number: int,
    silence_id: int,
    payload: SilenceWithdrawIn,
) -> SilenceOut:
    """The Chair withdraws the text from silence before the deadline."""
    version = _version(request.user, slug, report, number)
    procedure = _silence(version, silence_id)
    silence_services.silence_withdraw(
        actor=request.user, procedure=procedure, reason=payload.reason
    )
    return _silence_out(procedure)


# ---------------------------------------------------------------- endpoints: package view


def _violations(rows: Any) -> list[ViolationOut]:
    return [
        ViolationOut(kind=str(v.get("kind", "")), items=[str(i) for i in v.get("items", [])])
        for v in rows or []
    ]


def _member_violations(rows: Any) -> list[MemberViolationsOut]:
    return [
        MemberViolationsOut(member=str(r["member"]), violations=_violations(r.get("violations")))
        for r in rows or []
    ]


def _condition_out(c: PackageCondition) -> ConditionOut:
    return ConditionOut(
        id=c.pk,
        member=c.member.slug,
        on_behalf_of=c.on_behalf_of.slug if c.on_behalf_of else None,
        kind=c.kind,
        paragraph=c.paragraph.key,
        requires=c.requires.key if c.requires else None,
        note=c.note,
        created_at=c.created_at,
    )


def _analysis(version: Version) -> tuple[Any, dict[str, Any]]:
    try:
        return package_analysis(version)
    except ProblemError as exc:
        raise Conflict(
            _("The package view cannot be computed: %(why)s") % {"why": exc}, code="package"
        ) from exc


def _blocker_counts(inp: PackageInput, blockers: list[dict[str, Any]]) -> dict[str, Any]:
    by_constituency: Counter[str] = Counter()
    by_group: Counter[str] = Counter()
    for b in blockers:
        member = inp.members.get(b["member"])
        if member is None:
            continue
        by_constituency[member.constituency.slug] += 1
        for slug, _name in inp.blocs.get(b["member"], []):
            by_group[slug] += 1
    return {
        "by_constituency": dict(sorted(by_constituency.items())),
        "by_group": dict(sorted(by_group.items())),
    }


@router.get(VERSION + "/package", response={200: PackageOut, 409: ErrorBody, **READ_ERRORS})
def package_view(request: HttpRequest, slug: str, report: str, number: int) -> PackageOut:
    """The largest package of recommendations every member accepts (or, when none exists, the
    package most members accept with its proven bound), and who blocks each one left out."""
    who = viewer(request)
    version = _version(who, slug, report, number)
    _require_stances(who, version.report.group)
    inp, result = _analysis(version)
    conditions = (
        PackageCondition.objects.filter(version=version, withdrawn_at__isnull=True)
        .select_related("member", "paragraph", "requires", "on_behalf_of")
        .order_by("member__name", "id")
    )
    return PackageOut(
        version=version.number,
        items=list(result.get("items", [])),
        members=int(result.get("members", 0)),
        package=list(result.get("package", [])),
        all_accept=bool(result.get("all_accept")),
        status=str(result.get("status", "")),
        consensus_status=str(result.get("consensus_status", "")),
        value=_finite(result.get("value")),
        bound=_finite(result.get("bound")),
        gap=_finite(result.get("gap")),
        accepted_by=[str(m) for m in result.get("accepted_by", [])],
        rejected_by=_member_violations(result.get("rejected_by")),
        acceptance=_finite(result.get("acceptance", len(result.get("accepted_by", [])))),
        acceptance_bound=_finite(result.get("acceptance_bound")),
        acceptance_gap=_finite(
            result.get("acceptance_gap", 0.0 if result.get("all_accept") else None)
        ),
        blocking_core=[str(m) for m in result.get("blocking_core", [])],
        near_best=[
            NearBestOut(
                package=list(n.get("package", [])),
                value=_finite(n.get("value")),
                gap=_finite(n.get("gap")),
            )
            for n in result.get("near_best", [])
        ],
        left_out=[
            LeftOutOut(
                item=row["item"],
                blockers=[str(m["member"]) for m in row.get("members", [])],
                members=_member_violations(row.get("members")),
                option_clash=list(row.get("option_clash", [])),
                **_blocker_counts(inp, row.get("members", [])),
            )
            for row in result.get("left_out", [])
        ],
        conditions=[_condition_out(c) for c in conditions],
    )


@router.get(VERSION + "/package/why/{key}", response={200: WhyOut, 409: ErrorBody, **READ_ERRORS})
def package_why(request: HttpRequest, slug: str, report: str, number: int, key: str) -> WhyOut:
    """Why can this recommendation never be in a package every member accepts (the members
    whose conditions together rule it out), or what including it would cost."""
    who = viewer(request)
    version = _version(who, slug, report, number)
    _require_stances(who, version.report.group)
    inp, _result = _analysis(version)
    if key not in inp.problem.items:
        raise NotFound(_("No such recommendation in the package view."))
    answer = why_not_for(version, inp, key)
    return WhyOut(
        item=answer["item"],
        possible=answer.get("possible"),
        status=str(answer.get("status", "")),
        independent=bool(answer.get("independent")),
        core=[
            CoreMemberOut(
                member=str(c["member"]),
                stance=str(c.get("stance", "")),
                red_line=bool(c.get("red_line")),
                objections=list(c.get("objections", [])),
                red_lines=list(c.get("red_lines", [])),
            )
            for c in answer.get("core", [])
        ],
        package=list(answer.get("package", [])),
        cost=_finite(answer.get("cost")),
        withdrawals=WithdrawalsOut(**answer["withdrawals"]) if answer.get("withdrawals") else None,
    )


@router.post(
    VERSION + "/package/conditions", response={201: ConditionOut, **WRITE_ERRORS}, auth=token_auth
)
def condition_add(
    request: HttpRequest, slug: str, report: str, number: int, payload: ConditionIn
) -> Status[ConditionOut]:
    """A member's condition on the package: ``requires`` (this one only if ``requires`` is in),
    ``must_include`` or ``must_exclude`` (red lines). Contradictions are refused."""
    version = _version(request.user, slug, report, number)
    group = version.report.group
    paragraph = paragraph_of(version, payload.paragraph)
    requires = (
        paragraph_of(version, payload.requires, field="requires") if payload.requires else None
    )
    with _fields_as(reason="note"):
        made = package_services.condition_add(
            actor=request.user,
            version=version,
            kind=payload.kind,
            paragraph=paragraph,
            requires=requires,
            note=payload.note,
            on_behalf_of=_bloc(group, payload.on_behalf_of),
        )
    return Status(201, _condition_out(made))


# ---------------------------------------------------------------- endpoints: outcomes


def _outcome_fields(o: Outcome) -> dict[str, Any]:
    version = o.adopted_version
    return {
        "id": o.pk,
        "kind": o.kind,
        "kind_label": str(o.get_kind_display()),
        "title": o.title,
        "symbol": o.symbol,
        "status": o.status,
        "call": o.call_id,
        "silence": o.silence_id,
        "report": version.report.slug if version else None,
        "adopted_version": version.number if version else None,
        "language": o.language,
        "created_at": o.created_at,
        "issued_at": o.issued_at,
        "content_hash": o.content_hash,
    }


def _sources(rows: Any) -> list[SourceOut]:
    return [
        SourceOut(
            kind=str(s.get("kind", "")), label=str(s.get("label", "")), url=str(s.get("url", ""))
        )
        for s in rows or []
        if isinstance(s, dict)
    ]


def _paragraph_out(p: OutcomeParagraph) -> OutcomeParagraphOut:
    return OutcomeParagraphOut(
        key=p.key,
        kind=p.kind,
        text=p.text,
        drafted_text=p.drafted_text,
        is_edited=p.is_edited,
        sources=_sources(p.sources),
    )


def _outcome_out(o: Outcome) -> OutcomeOut:
    return OutcomeOut(
        **_outcome_fields(o),
        statement=o.statement,
        paragraphs=[_paragraph_out(p) for p in o.paragraphs.all()],
        annexes=[_annex_out(a) for a in o.annexes.all()],
    )


def _point_out(pt: AnnexPoint) -> AnnexPointOut:
    return AnnexPointOut(
        id=pt.pk,
        side=pt.side,
        text=pt.text,
        members=sorted(m.slug for m in pt.members.all()),
        negotiating_groups=sorted(g.slug for g in pt.negotiating_groups.all()),
        sources=_sources(pt.sources),
    )


def _annex_out(a: Annex) -> AnnexOut:
    return AnnexOut(
        id=a.pk,
        order=a.order,
        title=a.title,
        proposal=a.proposal.key if a.proposal else None,
        proposal_text=a.proposal_text,
        points=[_point_out(pt) for pt in a.points.all()],
    )


def _outcome(who: Any, slug: str, outcome_id: int) -> Outcome:
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=who)
    return outcome_selectors.outcome_get_for_viewer(group=group, pk=outcome_id, viewer=who)


@router.get(OUTCOMES, response={200: list[OutcomeSummaryOut], **READ_ERRORS})
@paginated
def outcome_list(request: HttpRequest, slug: str) -> Rows:
    """The group's outcomes: the public sees issued ones; members see drafts too."""
    who = viewer(request)
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=who)
    rows = outcome_selectors.outcome_list_for_viewer(group=group, viewer=who)
    return Rows(rows, each=lambda o: OutcomeSummaryOut(**_outcome_fields(o)))


@router.get(OUTCOME, response={200: OutcomeOut, **READ_ERRORS})
def outcome_get(request: HttpRequest, slug: str, outcome_id: int) -> OutcomeOut:
    """One outcome with its paragraphs (and each paragraph's sources) and its annexes."""
    return _outcome_out(_outcome(viewer(request), slug, outcome_id))


@router.post(OUTCOMES, response={201: OutcomeOut, 503: ErrorBody, **WRITE_ERRORS}, auth=token_auth)
def outcome_create(request: HttpRequest, slug: str, payload: OutcomeIn) -> Status[OutcomeOut]:
    """The Chair records the outcome of a closed call, as a draft: the ``consensus_report``
    adopted (by ``call``, or by a ``silence`` procedure nobody broke), a ``chairs_summary``
    drafted from the record, or ``none`` with the ``statement`` put on record."""
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=request.user)
    kinds = Outcome.Kind.values
    if payload.kind not in kinds:
        raise ValidationFailed(
            _("Choose the kind of outcome."),
            fields={"kind": _("One of: %(kinds)s.") % {"kinds": ", ".join(kinds)}},
        )
    call = silence = None
    if payload.call is not None:
        call = (
            ConsensusCall.objects.filter(group=group, pk=payload.call)
            .select_related("group", "version", "version__report")
            .first()
        )
        if call is None:
            raise ValidationFailed(
                _("There is no consensus call %(id)s in this group.") % {"id": payload.call},
                fields={"call": _("Use the id of a consensus call of this group.")},
            )
    if payload.silence is not None:
        if payload.kind != Outcome.Kind.CONSENSUS_REPORT:
            raise ValidationFailed(
                _("Only a consensus report is adopted under silence."),
                fields={"silence": _("Leave it out for this kind of outcome.")},
            )
        silence = (
            SilenceProcedure.objects.filter(group=group, pk=payload.silence)
            .select_related("group", "version", "version__report")
            .first()
        )
        if silence is None:
            raise ValidationFailed(
                _("There is no silence procedure %(id)s in this group.") % {"id": payload.silence},
                fields={"silence": _("Use the id of a silence procedure of this group.")},
            )
        silence_services.silence_settle(silence)
    if call is None and (payload.kind != Outcome.Kind.CONSENSUS_REPORT or silence is None):
        raise ValidationFailed(
            _("Name the consensus call the outcome follows."),
            fields={"call": _("Required.")},
        )
    if payload.kind == Outcome.Kind.CONSENSUS_REPORT:
        outcome = outcome_services.outcome_adopt_report(
            actor=request.user,
            title=payload.title,
            symbol=payload.symbol,
            call=call,
            silence=silence,
        )
    elif payload.kind == Outcome.Kind.CHAIRS_SUMMARY:
        assert call is not None
        outcome = _summary_create(request.user, call, payload)
    else:
        assert call is not None
        with _fields_as(reason="statement"):
            outcome = outcome_services.outcome_record_none(
                actor=request.user, call=call, statement=payload.statement
            )
    return Status(201, _outcome_out(_outcome(request.user, slug, outcome.pk)))


def _summary_create(actor: Any, call: ConsensusCall, payload: OutcomeIn) -> Outcome:
    """A Chair's summary, drafted from the record at once (all or nothing)."""
    from accord.outcomes.services import summary as summary_services

    try:
        with transaction.atomic():
            outcome = outcome_services.outcome_start_summary(
                actor=actor, call=call, title=payload.title, symbol=payload.symbol
            )
            return summary_services.summary_draft(
                actor=actor, outcome=outcome, naming=payload.naming
            )
    except ImportError as exc:  # the drafter (accord.core.summary) is not installed
        raise Unavailable(_("The Chair's summary cannot be drafted on this server.")) from exc


@router.patch(
    OUTCOME + "/paragraphs/{key}",
    response={200: OutcomeParagraphOut, **WRITE_ERRORS},
    auth=token_auth,
)
def outcome_paragraph_update(
    request: HttpRequest, slug: str, outcome_id: int, key: str, payload: OutcomeParagraphIn
) -> OutcomeParagraphOut:
    """The Chair edits a paragraph of a draft outcome (the drafted text is kept beside it)."""
    outcome = _outcome(request.user, slug, outcome_id)
    paragraph = outcome.paragraphs.filter(key=key).first()
    if paragraph is None:
        raise NotFound(_("No such paragraph."))
    updated = outcome_services.outcome_paragraph_update(
        actor=request.user, paragraph=paragraph, text=payload.text
    )
    return _paragraph_out(updated)


def _annex(outcome: Outcome, annex_id: int) -> Annex:
    found = outcome.annexes.filter(pk=annex_id).first()
    if found is None:
        raise NotFound(_("No such annex."))
    return found


def _point(annex: Annex, point_id: int) -> AnnexPoint:
    found = annex.points.filter(pk=point_id).first()
    if found is None:
        raise NotFound(_("No such point."))
    return found


@router.post(OUTCOME + "/annexes", response={201: AnnexOut, **WRITE_ERRORS}, auth=token_auth)
def annex_add(
    request: HttpRequest, slug: str, outcome_id: int, payload: AnnexIn
) -> Status[AnnexOut]:
    """An annex setting out the arguments for and against a proposal: drafted from the
    reasons on record (``from_record`` with a ``paragraph``), or empty, to fill point by point."""
    outcome = _outcome(request.user, slug, outcome_id)
    version = outcome_text(outcome)
    proposal = (
        paragraph_of(version, payload.paragraph)
        if payload.paragraph and version is not None
        else None
    )
    if payload.paragraph and proposal is None:
        raise ValidationFailed(
            _("This outcome has no text to draw the arguments from."),
            fields={"paragraph": _("Leave it out for this outcome.")},
        )
    if payload.from_record and proposal is not None:
        from accord.outcomes.services import summary as summary_services

        annex = summary_services.annex_draft_from_record(
            actor=request.user, outcome=outcome, paragraph=proposal, title=payload.title
        )
    else:
        annex = outcome_services.annex_create(
            actor=request.user,
            outcome=outcome,
            title=payload.title,
            proposal=proposal,
            proposal_text=payload.proposal_text,
        )
    return Status(201, _annex_out(_annex(outcome, annex.pk)))


@router.post(
    OUTCOME + "/annexes/{annex_id}/points",
    response={201: AnnexPointOut, **WRITE_ERRORS},
    auth=token_auth,
)
def annex_point_add(
    request: HttpRequest, slug: str, outcome_id: int, annex_id: int, payload: AnnexPointIn
) -> Status[AnnexPointOut]:
    """A point for or against, with the members and negotiating groups who made it and
    where (sources: label and address)."""
    outcome = _outcome(request.user, slug, outcome_id)
    annex = _annex(outcome, annex_id)
    group = outcome.group
    members = list(Member.objects.filter(group=group, slug__in=payload.members))
    blocs = list(NegotiatingGroup.objects.filter(group=group, slug__in=payload.negotiating_groups))
    unknown = sorted(set(payload.members) - {m.slug for m in members})
    unknown_blocs = sorted(set(payload.negotiating_groups) - {b.slug for b in blocs})
    if unknown or unknown_blocs:
        raise ValidationFailed(
            _("Name members and negotiating groups of this group."),
            fields={
                **({"members": ", ".join(unknown)[:200]} if unknown else {}),
                **({"negotiating_groups": ", ".join(unknown_blocs)[:200]} if unknown_blocs else {}),
            },
        )
    point = outcome_services.annex_point_add(
        actor=request.user,
        annex=annex,
        side=payload.side,
        text=payload.text,
        members=members,
        negotiating_groups=blocs,
        sources=[s.dict() for s in payload.sources],
    )
    return Status(201, _point_out(point))


@router.patch(
    OUTCOME + "/annexes/{annex_id}/points/{point_id}",
    response={200: AnnexPointOut, **WRITE_ERRORS},
    auth=token_auth,
)
def annex_point_update(
    request: HttpRequest,
    slug: str,
    outcome_id: int,
    annex_id: int,
    point_id: int,
    payload: AnnexPointUpdateIn,
) -> AnnexPointOut:
    outcome = _outcome(request.user, slug, outcome_id)
    point = _point(_annex(outcome, annex_id), point_id)
    return _point_out(
        outcome_services.annex_point_update(actor=request.user, point=point, text=payload.text)
    )


@router.delete(
    OUTCOME + "/annexes/{annex_id}/points/{point_id}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
)
def annex_point_remove(
    request: HttpRequest, slug: str, outcome_id: int, annex_id: int, point_id: int
) -> Status[None]:
    outcome = _outcome(request.user, slug, outcome_id)
    point = _point(_annex(outcome, annex_id), point_id)
    outcome_services.annex_point_remove(actor=request.user, point=point)
    return Status(204, None)


@router.post(OUTCOME + "/issue", response={200: OutcomeOut, **WRITE_ERRORS}, auth=token_auth)
def outcome_issue(request: HttpRequest, slug: str, outcome_id: int) -> OutcomeOut:
    """Issue the outcome: sealed (``content_hash``) and public from now on."""
    outcome = _outcome(request.user, slug, outcome_id)
    outcome_services.outcome_issue(actor=request.user, outcome=outcome)
    return _outcome_out(_outcome(request.user, slug, outcome_id))
