"""Writes of a consensus call: open it, record stances and explanations, determine, close.

Stances are append-only events (the latest per member and paragraph counts). A call's result
is computed from them when it closes and kept as it stood; nothing is rewritten afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, Gone, ValidationFailed
from accord.core.consensus.decision import DecisionError, Rule
from accord.drafts.models import Paragraph, Version
from accord.groups.models import NegotiatingGroup
from accord.groups.permissions import require

from ..models import ConsensusCall, Determination, Explanation, StanceEvent
from ..selectors.calls import call_decision, rule_of
from .common import acting_member, clean_reason, decided_text, paragraphs_of

K = StanceEvent.Kind


def _rule_params(rule: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Check the thresholds by building the core rule; store them as text fractions."""
    params = dict(params or {})
    try:
        shares = {
            str(k): Fraction(str(v)) for k, v in (params.get("max_objection_share") or {}).items()
        }
        core = Rule(
            kind=rule,
            max_objection_share=shares,
            default_objection_share=Fraction(str(params.get("default_objection_share", "0"))),
            majority=Fraction(str(params.get("majority", "1/2"))),
            strict=bool(params.get("strict", True)),
        )
    except (DecisionError, ValueError, ZeroDivisionError) as exc:
        raise ValidationFailed(
            _("The decision rule's thresholds are not valid: %(error)s") % {"error": exc},
            fields={"rule_params": _("Give shares such as 1/10 or 0.1.")},
        ) from exc
    if rule == "rough_consensus":
        return {
            "default_objection_share": str(core.default_objection_share),
            "max_objection_share": {k: str(v) for k, v in sorted(core.max_objection_share.items())},
        }
    if rule == "vote":
        return {"majority": str(core.majority), "strict": core.strict}
    return {}


def call_open(
    *,
    actor: Any,
    version: Version,
    rule: str = "",
    rule_params: Mapping[str, Any] | None = None,
    note: str = "",
) -> ConsensusCall:
    """The chair opens a consensus call on an issued version (one open call per report)."""
    group = version.report.group
    require(actor, "outcomes.open_call", group)
    decided_text(version)
    rule = rule or group.decision_rule
    if rule not in ConsensusCall.Rule.values:
        raise ValidationFailed(
            _("Unknown decision rule “%(rule)s”.") % {"rule": rule},
            fields={"rule": _("Choose a decision rule.")},
        )
    params = _rule_params(rule, rule_params)
    with transaction.atomic():
        Version.objects.select_for_update().filter(report_id=version.report_id).first()
        if ConsensusCall.objects.filter(
            version__report_id=version.report_id, closed_at__isnull=True
        ).exists():
            raise Conflict(_("A consensus call on this report is already open: close it first."))
        call = ConsensusCall.objects.create(
            group=group,
            version=version,
            rule=rule,
            rule_params=params,
            note=clean_reason(note, required=False, what=""),
            opened_by=actor,
        )
        audit_record(
            actor=actor,
            action="accord.consensus_call.open",
            target=call,
            group_id=group.pk,
            data={"version": version.pk, "rule": rule, "params": params},
        )
    return call


def _open(call: ConsensusCall) -> None:
    if not call.is_open:
        raise Gone(_("This consensus call is closed; its result is on record."))


def stance_record(
    *,
    actor: Any,
    call: ConsensusCall,
    kind: str,
    paragraph: Paragraph | None = None,
    reason: str = "",
    on_behalf_of: NegotiatingGroup | None = None,
) -> StanceEvent:
    """A member's final stance on the whole text (``paragraph`` None) or on one paragraph."""
    member = acting_member(actor, call.group, "outcomes.record_stance", on_behalf_of)
    if kind not in K.values:
        raise ValidationFailed(_("Choose a stance."), fields={"kind": _("Unknown stance.")})
    if kind in (K.DISSOCIATION, K.WITHDRAWN) and paragraph is None:
        raise ValidationFailed(
            _("Name the paragraph for a dissociation."), fields={"paragraph": _("Required.")}
        )
    reason = clean_reason(
        reason,
        required=kind == K.OBJECT,
        what=_("A blocking objection needs a reason: say what you object to and why."),
    )
    if paragraph is not None:
        paragraphs_of(call.version, [paragraph])
        if paragraph.kind not in (Paragraph.Kind.PREAMBULAR, Paragraph.Kind.OPERATIVE):
            raise ValidationFailed(
                _("Headings and narrative text take no stances: choose a paragraph."),
                fields={"paragraph": _("Choose a preambular or operative paragraph.")},
            )
    with transaction.atomic():
        ConsensusCall.objects.select_for_update().filter(pk=call.pk).first()
        call.refresh_from_db(fields=["closed_at"])
        _open(call)
        event = StanceEvent.objects.create(
            call=call,
            member=member,
            on_behalf_of=on_behalf_of,
            paragraph=paragraph,
            kind=kind,
            reason=reason,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="accord.stance.record",
            target=event,
            group_id=call.group_id,
            data={
                "call": call.pk,
                "paragraph": paragraph.key if paragraph else None,
                "kind": kind,
                "on_behalf_of": on_behalf_of.slug if on_behalf_of else None,
            },
        )
    return event


def explanation_record(
    *,
    actor: Any,
    call: ConsensusCall,
    timing: str,
    text: str,
    paragraphs: Iterable[Paragraph] = (),
    on_behalf_of: NegotiatingGroup | None = None,
) -> Explanation:
    """An explanation of position: before the decision while the call is open, after it once
    closed. It goes on the record beside the outcome."""
    member = acting_member(actor, call.group, "outcomes.record_stance", on_behalf_of)
    if timing not in Explanation.Timing.values:
        raise ValidationFailed(_("Before or after the decision?"), fields={"timing": _("Choose.")})
    text = clean_reason(text, required=True, what=_("Write the explanation of position."))
    named = paragraphs_of(call.version, paragraphs)
    with transaction.atomic():
        ConsensusCall.objects.select_for_update().filter(pk=call.pk).first()
        call.refresh_from_db(fields=["closed_at"])
        if timing == Explanation.Timing.BEFORE and not call.is_open:
            raise Gone(_("The decision has been taken: explain your position after it."))
        if timing == Explanation.Timing.AFTER and call.is_open:
            raise ValidationFailed(
                _("The decision has not been taken yet: explain your position before it."),
                fields={"timing": _("Choose “before the decision”.")},
            )
        explanation = Explanation.objects.create(
            call=call,
            member=member,
            on_behalf_of=on_behalf_of,
            timing=timing,
            text=text,
            recorded_by=actor,
        )
        explanation.paragraphs.set(named)
        audit_record(
            actor=actor,
            action="accord.explanation.record",
            target=explanation,
            group_id=call.group_id,
            data={"call": call.pk, "timing": timing, "paragraphs": [p.key for p in named]},
        )
    return explanation


def determination_make(
    *, actor: Any, call: ConsensusCall, reason: str, paragraph: Paragraph | None = None
) -> Determination:
    """The chair declares a paragraph (or the text) agreed despite the standing objections.

    Only an explicit, reasoned determination does this, and it records whose objections it
    overrules as they stood. There must be something to overrule.
    """
    require(actor, "outcomes.open_call", call.group)
    reason = clean_reason(
        reason, required=True, what=_("A determination needs the Chair's reason.")
    )
    if paragraph is not None:
        paragraphs_of(call.version, [paragraph])
    key = paragraph.key if paragraph else None
    with transaction.atomic():
        ConsensusCall.objects.select_for_update().filter(pk=call.pk).first()
        call.refresh_from_db(fields=["closed_at"])
        _open(call)
        decision = call_decision(call)
        if decision.determined(key):
            raise Conflict(_("The Chair has already made a determination on this."))
        if decision.adopted(key):
            raise ValidationFailed(
                _("Nothing to overrule: %(what)s is adopted under the rule.")
                % {"what": key or _("the text")}
            )
        item = decision.item(key)
        overruled = [
            {
                "member": s.member,
                "name": decision.members[s.member].name,
                "paragraph": s.paragraph,
                "via": (c.via_group.name if (c := decision.counted(s)).via_group else ""),
                "reason": c.reason,
            }
            for s in item.objecting
        ]
        made = Determination.objects.create(
            call=call, paragraph=paragraph, reason=reason, overruled=overruled, made_by=actor
        )
        audit_record(
            actor=actor,
            action="accord.determination.make",
            target=made,
            group_id=call.group_id,
            data={"call": call.pk, "paragraph": key, "overruled": overruled},
        )
    return made


def call_close(*, actor: Any, call: ConsensusCall) -> ConsensusCall:
    """The chair closes the call; the decision as it stands is put on record."""
    require(actor, "outcomes.open_call", call.group)
    with transaction.atomic():
        ConsensusCall.objects.select_for_update().filter(pk=call.pk).first()
        call.refresh_from_db(fields=["closed_at"])
        _open(call)
        decision = call_decision(call)
        call.result = decision_record(decision)
        call.adopted = decision.is_adopted
        call.closed_at = timezone.now()
        call.closed_by = actor
        call.save(update_fields=["result", "adopted", "closed_at", "closed_by"])
        audit_record(
            actor=actor,
            action="accord.consensus_call.close",
            target=call,
            group_id=call.group_id,
            data={"adopted": call.adopted, "failed": call.result["failed"]},
        )
    return call


def decision_record(decision: Any) -> dict[str, Any]:
    """The decision as plain data, kept on the call when it closes."""
    return {
        "rule": rule_of(decision.call).kind,
        "adopted": decision.is_adopted,
        "failed": decision.failed(),
        "determined": sorted(k or "" for k in decision.determinations),
        "objections": [
            {
                "member": member.slug,
                "name": member.name,
                "on": [
                    {
                        "paragraph": c.key,
                        "via": c.via_group.name if c.via_group else "",
                        "reason": c.reason,
                    }
                    for c in items
                ],
            }
            for member, items in decision.objections()
        ],
        "counts": dict(decision.result.text.counts),
    }


def stances_record_many(
    *,
    actor: Any,
    call: ConsensusCall,
    entries: Iterable[tuple[Paragraph | None, str, str]],
    on_behalf_of: NegotiatingGroup | None = None,
) -> list[StanceEvent]:
    """Several stances from one form (the text and any paragraphs): all recorded, or none.

    Entries whose kind is empty are skipped; an entry equal to the stance already counting
    for the member (same kind and reason) is not recorded again.
    """
    from ..selectors.calls import own_stances

    entries = [(p, k, (r or "").strip()) for p, k, r in entries if k]
    if not entries:
        raise ValidationFailed(_("Choose a stance on the text or on a paragraph."))
    with transaction.atomic():
        member = acting_member(actor, call.group, "outcomes.record_stance", on_behalf_of)
        current = own_stances(call, member, on_behalf_of)
        made = []
        for paragraph, kind, reason in entries:
            key = paragraph.key if paragraph else None
            was = current.get(key)
            if was is not None and (was.kind, was.reason) == (kind, reason):
                continue
            if was is None and kind == K.WITHDRAWN:
                continue
            made.append(
                stance_record(
                    actor=actor,
                    call=call,
                    kind=kind,
                    paragraph=paragraph,
                    reason=reason,
                    on_behalf_of=on_behalf_of,
                )
            )
    return made
