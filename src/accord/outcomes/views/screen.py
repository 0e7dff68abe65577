"""The decision screen's context: the call and its tally, silence, the package view, and what
this viewer may do (asked of the permission table, never re-derived here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from accord.drafts.models import Paragraph, Version, VersionParagraph
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup
from accord.groups.permissions import can
from accord.groups.selectors import member_for_user

from .. import presenters
from ..models import ConsensusCall, Outcome, SilenceProcedure, StanceEvent
from ..selectors.calls import call_decision, calls_for_version, own_stances
from ..services.silence import silence_scope, silence_settle, unbroken_paragraphs


@dataclass
class Viewer:
    user: Any
    member: Member | None
    blocs: list[NegotiatingGroup]
    may_call: bool  # open/close calls, determine
    may_stance: bool
    may_silence: bool
    may_break: bool
    may_draft: bool
    sees_stances: bool
    time_zone: str


def viewer_for(user: Any, group: WorkingGroup) -> Viewer:
    member = member_for_user(user=user, group=group)
    if member is not None and member.status != Member.Status.MEMBER:
        member = None
    acts = member is not None
    return Viewer(
        user=user,
        member=member,
        blocs=list(member.negotiating_groups.order_by("name")) if member else [],
        may_call=can(user, "outcomes.open_call", group),
        may_stance=acts and can(user, "outcomes.record_stance", group),
        may_silence=can(user, "outcomes.silence", group),
        may_break=acts and can(user, "outcomes.break_silence", group),
        may_draft=can(user, "outcomes.draft", group),
        sees_stances=can(user, "outcomes.view", group),
        time_zone=getattr(user, "time_zone", "") or "",
    )


@dataclass
class Panel:
    """An error or a notice to show beside one part of the screen, with what was typed."""

    name: str = ""
    error: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    posted: dict[str, Any] = field(default_factory=dict)


def paragraphs(version: Version) -> list[VersionParagraph]:
    return list(
        VersionParagraph.objects.filter(version=version)
        .filter(paragraph__kind__in=[Paragraph.Kind.PREAMBULAR, Paragraph.Kind.OPERATIVE])
        .select_related("paragraph")
        .order_by("order")
    )


def screen_context(
    group: WorkingGroup, version: Version, viewer: Viewer, panel: Panel | None = None
) -> dict[str, Any]:
    calls = calls_for_version(version)
    call: ConsensusCall | None = calls[0] if calls else None
    context: dict[str, Any] = {
        "group": group,
        "report": version.report,
        "version": version,
        "viewer": viewer,
        "panel": panel or Panel(),
        "calls": calls,
        "call": call,
        "items": paragraphs(version),
        "stance_kinds": StanceEvent.Kind.choices,
        "rules": ConsensusCall.Rule.choices,
        "decided": version.status == Version.Status.ISSUED
        and (version.is_circulated or version.is_published),
        "now": timezone.now(),
        "legend": [(k, presenters.segment_label(k)) for k in presenters.SEGMENTS],
        "refresh_seconds": settings.ACCORD_DECISION_REFRESH_SECONDS,
    }
    if call is not None and viewer.sees_stances:
        decision = call_decision(call)
        context.update(
            decision=decision,
            rows=presenters.item_rows(decision),
            blockers=presenters.blocker_matrix(decision),
            blocked_keys=presenters.objected_keys(decision),
            by_constituency=presenters.blockers_by_constituency(decision),
            explanations=decision.explanations,
            outcomes=list(Outcome.objects.filter(call=call)),
        )
        if viewer.member is not None:
            mine = own_stances(call, viewer.member)
            context["mine_text_kind"] = mine[None].kind if None in mine else ""
    context.update(silence_context(version, viewer))
    return context


def silence_context(version: Version, viewer: Viewer) -> dict[str, Any]:
    procedure = (
        SilenceProcedure.objects.filter(version=version).order_by("-started_at", "-id").first()
    )
    if procedure is None:
        return {"silence": None}
    silence_settle(procedure)  # the first read after the deadline records the result
    breaks = list(
        procedure.breaks.select_related("member", "on_behalf_of").prefetch_related("paragraphs")
    )
    reader_zone = viewer.time_zone
    return {
        "silence": procedure,
        "silence_scope": silence_scope(procedure),
        "silence_breaks": breaks,
        "silence_unbroken": unbroken_paragraphs(procedure) if procedure.result == "broken" else [],
        "deadline": presenters.deadline_for(procedure, reader_zone, timezone.now()),
        "silence_history": list(
            SilenceProcedure.objects.filter(version=version).exclude(pk=procedure.pk)
        ),
    }
