"""Draft a Chair's summary from the record, and draft an annex of arguments for and against
a contested paragraph from the reasons members gave. The chair edits both before issuing."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import ValidationFailed
from accord.drafts.models import Paragraph, VersionParagraph
from accord.groups.permissions import require
from accord.positions.selectors import current_positions

from ..models import Annex, AnnexPoint, Outcome, OutcomeParagraph
from ..record import summary_record
from ..selectors.calls import call_decision
from .outcomes import ensure_draft

NAMING = ("by_constituency", "by_name")


def summary_options(outcome: Outcome) -> Any:
    """Where a single objection blocks (consensus), a recommendation anyone objected to is one
    on which views diverged; under rough consensus or a vote, the drafter's shares apply."""
    from accord.core.summary import SummaryOptions

    rule = outcome.call.rule if outcome.call else outcome.group.decision_rule
    if rule in ("consensus", "consensus_recorded"):
        return SummaryOptions(
            min_acceptance=Fraction(1), title=outcome.title, symbol=outcome.symbol
        )
    return SummaryOptions(title=outcome.title, symbol=outcome.symbol)


def summary_draft(*, actor: Any, outcome: Outcome, naming: str = "by_constituency") -> Outcome:
    """(Re)draft the summary's text from the record; the chair's edits are replaced.

    Deterministic: the same record gives the same text. Every paragraph keeps the sources
    its statements come from.
    """
    require(actor, "outcomes.draft", outcome.group)
    if outcome.kind != Outcome.Kind.CHAIRS_SUMMARY:
        raise ValidationFailed(_("Only a Chair's summary is drafted from the record."))
    if naming not in NAMING:
        raise ValidationFailed(
            _("Name views by constituency or by member?"), fields={"naming": _("Choose.")}
        )
    from accord.core.summary import draft_summary

    record = summary_record(outcome, naming=naming)
    drafted = draft_summary(record, options=summary_options(outcome))
    with transaction.atomic():
        Outcome.objects.select_for_update().filter(pk=outcome.pk).first()
        outcome.refresh_from_db(fields=["status"])
        ensure_draft(outcome)
        outcome.paragraphs.all().delete()
        rows = []
        order = 0
        for section in drafted.sections:
            order += 1
            rows.append(
                OutcomeParagraph(
                    outcome=outcome,
                    order=order,
                    key=section.key,
                    kind=OutcomeParagraph.Kind.HEADING,
                    text=section.heading,
                    drafted_text=section.heading,
                )
            )
            for paragraph in section.paragraphs:
                order += 1
                sources = [
                    {"kind": s.kind, "label": s.label, "url": s.url} for s in paragraph.sources
                ]
                rows.append(
                    OutcomeParagraph(
                        outcome=outcome,
                        order=order,
                        key=paragraph.key,
                        kind=OutcomeParagraph.Kind.TEXT,
                        text=paragraph.text,
                        drafted_text=paragraph.text,
                        sources=sources,
                    )
                )
        OutcomeParagraph.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action="accord.outcome.draft",
            target=outcome,
            group_id=outcome.group_id,
            data={"paragraphs": len(rows), "naming": naming},
        )
    return outcome


def annex_draft_from_record(
    *, actor: Any, outcome: Outcome, paragraph: Paragraph, title: str = ""
) -> Annex:
    """An annex on a contested paragraph: each reason given for supporting it becomes a point
    for, each reason for objecting a point against, with who gave it and where."""
    require(actor, "outcomes.draft", outcome.group)
    ensure_draft(outcome)
    call = outcome.call
    version = call.version if call else outcome.adopted_version
    if version is None:
        raise ValidationFailed(_("This outcome has no text to draw the arguments from."))
    item = VersionParagraph.objects.filter(version=version, paragraph=paragraph).first()
    if item is None:
        raise ValidationFailed(
            _("There is no paragraph %(key)s in %(version)s.")
            % {"key": paragraph.key, "version": version.label}
        )
    group = outcome.group
    negotiate = reverse(
        "positions:negotiate",
        kwargs={
            "group_slug": group.slug,
            "report_slug": version.report.slug,
            "number": version.number,
        },
    )
    # reason text → (side, members, groups, sources); the same argument made twice is one point
    points: dict[tuple[str, str], tuple[list[Any], list[Any], list[dict[str, str]]]] = {}

    def add(side: str, reason: str, member: Any, via: Any, label: str, url: str) -> None:
        reason = reason.strip()
        if not reason:
            return
        members, groups, sources = points.setdefault((side, reason), ([], [], []))
        if via is not None:
            if via not in groups:
                groups.append(via)
        elif member not in members:
            members.append(member)
        source = {
            "kind": "position" if "positions" in url else "stance",
            "label": label,
            "url": url,
        }
        if source not in sources:
            sources.append(source)

    for pos in current_positions(version, [paragraph.pk]).get(paragraph.pk, {}).values():
        side = {"support": "for", "object": "against"}.get(pos.kind)
        if side:
            add(
                side,
                pos.reason,
                pos.member,
                pos.via_group,
                _("Final positions on %(k)s") % {"k": paragraph.key},
                f"{negotiate}#p-{paragraph.key}",
            )
    if call is not None:
        decide = reverse(
            "outcomes:decide",
            kwargs={
                "group_slug": group.slug,
                "report_slug": version.report.slug,
                "number": version.number,
            },
        )
        for (_member_id, key), counted in call_decision(call).stances.items():
            side = {"support": "for", "object": "against"}.get(counted.kind)
            if key == paragraph.key and side:
                add(
                    side,
                    counted.reason,
                    counted.member,
                    counted.via_group,
                    _("Consensus call, %(k)s") % {"k": paragraph.key},
                    f"{decide}#call",
                )
    with transaction.atomic():
        annex = Annex.objects.create(
            outcome=outcome,
            order=(outcome.annexes.count() + 1),
            title=title.strip() or _("Arguments for and against %(key)s") % {"key": paragraph.key},
            proposal=paragraph,
            proposal_text=item.text,
        )
        order = {"for": 0, "against": 0}
        for (side, reason), (members, groups, sources) in sorted(
            points.items(), key=lambda kv: (kv[0][0] != "for", kv[0][1])
        ):
            order[side] += 1
            point = AnnexPoint.objects.create(
                annex=annex, side=side, order=order[side], text=reason, sources=sources
            )
            point.members.set(members)
            point.negotiating_groups.set(groups)
        audit_record(
            actor=actor,
            action="accord.annex.draft",
            target=annex,
            group_id=group.pk,
            data={"paragraph": paragraph.key, "points": sum(order.values())},
        )
    return annex
