"""Writes of an outcome: a consensus report adopted by the group, a Chair's summary edited
and issued under the Chair's own responsibility, or no outcome; annexes of arguments.

An outcome is edited while it is a draft; issuing seals it (a SHA-256 over its text, shown
to readers) and makes it public. Nothing issued is changed afterwards.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, Gone, ValidationFailed
from accord.drafts.models import Paragraph
from accord.groups.models import Member, NegotiatingGroup
from accord.groups.permissions import require

from ..models import (
    Annex,
    AnnexPoint,
    ConsensusCall,
    Outcome,
    OutcomeParagraph,
    SilenceProcedure,
)
from .common import REASON_MAX, clean_reason

TEXT_MAX = 50_000
TITLE_MAX = 500
SOURCE_KINDS = frozenset(
    {
        "contribution",
        "turn",
        "position",
        "stance",
        "version",
        "meeting",
        "call",
        "silence",
        "message",
    }
)


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(_("An outcome needs a title."), fields={"title": _("Required.")})
    if len(title) > TITLE_MAX:
        raise ValidationFailed(_("The title is too long."), fields={"title": _("Too long.")})
    return title


def ensure_draft(outcome: Outcome) -> None:
    if outcome.is_issued:
        raise Gone(_("This outcome has been issued; its text can no longer change."))


def _no_issued_outcome(call: ConsensusCall | None, silence: SilenceProcedure | None) -> None:
    issued = Outcome.objects.filter(status=Outcome.Status.ISSUED)
    if call is not None and issued.filter(call=call).exists():
        raise Conflict(_("An outcome of this consensus call has already been issued."))
    if silence is not None and issued.filter(silence=silence).exists():
        raise Conflict(_("An outcome of this silence procedure has already been issued."))


def _create(actor: Any, group: Any, audit_data: dict[str, Any], **fields: Any) -> Outcome:
    outcome = Outcome.objects.create(group=group, created_by=actor, **fields)
    audit_record(
        actor=actor,
        action="accord.outcome.create",
        target=outcome,
        group_id=group.pk,
        data={"kind": outcome.kind, **audit_data},
    )
    return outcome


def outcome_adopt_report(
    *,
    actor: Any,
    title: str,
    symbol: str = "",
    call: ConsensusCall | None = None,
    silence: SilenceProcedure | None = None,
) -> Outcome:
    """Record the consensus report the group adopted: by a closed call that adopted the text,
    or by a silence procedure on the whole text that nobody broke."""
    if (call is None) == (silence is None):
        raise ValidationFailed(
            _("A report is adopted by one consensus call or one silence procedure.")
        )
    group = (call or silence).group  # type: ignore[union-attr]
    require(actor, "outcomes.draft", group)
    if call is not None:
        if call.is_open or not call.adopted:
            raise ValidationFailed(
                _("The text was not adopted: a consensus report needs a call that adopted it.")
            )
        version = call.version
    else:
        assert silence is not None
        if silence.result != SilenceProcedure.Result.ADOPTED or silence.paragraphs.exists():
            raise ValidationFailed(
                _("The text was not adopted under silence as a whole: no report can be recorded.")
            )
        version = silence.version
    with transaction.atomic():
        _no_issued_outcome(call, silence)
        return _create(
            actor,
            group,
            {"version": version.pk},
            kind=Outcome.Kind.CONSENSUS_REPORT,
            title=_title(title),
            symbol=(symbol or "").strip()[:100],
            call=call,
            silence=silence,
            adopted_version=version,
            language=version.report.original_language,
        )


def outcome_record_none(*, actor: Any, call: ConsensusCall, statement: str) -> Outcome:
    """No outcome: the chair puts on record why the group concludes without one."""
    require(actor, "outcomes.draft", call.group)
    if call.is_open:
        raise ValidationFailed(_("Close the consensus call first."))
    statement = clean_reason(statement, required=True, what=_("Say what is put on record."))
    with transaction.atomic():
        _no_issued_outcome(call, None)
        return _create(
            actor,
            call.group,
            {"call": call.pk},
            kind=Outcome.Kind.NONE,
            title=_("No outcome"),
            call=call,
            statement=statement,
        )


def outcome_start_summary(
    *, actor: Any, call: ConsensusCall, title: str, symbol: str = ""
) -> Outcome:
    """An empty Chair's summary after a call that did not adopt the text (the drafter fills it:
    ``services.summary.summary_draft``)."""
    require(actor, "outcomes.draft", call.group)
    if call.is_open:
        raise ValidationFailed(_("Close the consensus call first."))
    if call.adopted:
        raise ValidationFailed(
            _("The text was adopted: record the consensus report instead of a Chair's summary.")
        )
    with transaction.atomic():
        _no_issued_outcome(call, None)
        return _create(
            actor,
            call.group,
            {"call": call.pk},
            kind=Outcome.Kind.CHAIRS_SUMMARY,
            title=_title(title),
            symbol=(symbol or "").strip()[:100],
            call=call,
            language=call.version.report.original_language,
        )


def clean_sources(sources: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Source links as stored: kind, label and a site-relative or http(s) URL."""
    out = []
    for source in sources:
        kind, label, url = (str(source.get(k, "")).strip() for k in ("kind", "label", "url"))
        if kind not in SOURCE_KINDS or not label:
            raise ValidationFailed(_("A source needs a known kind and a label."))
        # "//host" would leave the site: only a path of this site or a full web address.
        if url and (not url.startswith(("/", "https://", "http://")) or url.startswith("//")):
            raise ValidationFailed(_("A source link must be a page of this site or a web address."))
        out.append({"kind": kind, "label": label[:500], "url": url[:1000]})
    return out


def _text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("A paragraph needs text."), fields={"text": _("Required.")})
    if len(text) > TEXT_MAX:
        raise ValidationFailed(_("The paragraph is too long."), fields={"text": _("Too long.")})
    return text


def outcome_paragraph_update(
    *, actor: Any, paragraph: OutcomeParagraph, text: str
) -> OutcomeParagraph:
    """The chair edits a paragraph of the summary; the drafted text is kept beside it."""
    outcome = paragraph.outcome
    require(actor, "outcomes.draft", outcome.group)
    text = _text(text)
    with transaction.atomic():
        Outcome.objects.select_for_update().filter(pk=outcome.pk).first()
        outcome.refresh_from_db(fields=["status"])
        ensure_draft(outcome)
        paragraph.text = text
        paragraph.save(update_fields=["text"])
        audit_record(
            actor=actor,
            action="accord.outcome_paragraph.update",
            target=paragraph,
            group_id=outcome.group_id,
            data={"outcome": outcome.pk, "key": paragraph.key},
        )
    return paragraph


def outcome_paragraph_add(
    *,
    actor: Any,
    outcome: Outcome,
    text: str,
    kind: str = OutcomeParagraph.Kind.TEXT,
    after: OutcomeParagraph | None = None,
    sources: Iterable[Mapping[str, Any]] = (),
) -> OutcomeParagraph:
    require(actor, "outcomes.draft", outcome.group)
    if kind not in OutcomeParagraph.Kind.values:
        raise ValidationFailed(
            _("A heading or a paragraph of text?"), fields={"kind": _("Choose.")}
        )
    text = _text(text)
    cleaned = clean_sources(sources)
    with transaction.atomic():
        Outcome.objects.select_for_update().filter(pk=outcome.pk).first()
        outcome.refresh_from_db(fields=["status"])
        ensure_draft(outcome)
        rows = outcome.paragraphs.all()
        if after is not None and after.outcome_id != outcome.pk:
            raise ValidationFailed(_("That paragraph belongs to another outcome."))
        order = (after.order if after else (rows.aggregate(m=Max("order"))["m"] or 0)) + 1
        rows.filter(order__gte=order).update(order=F("order") + 1)
        n = outcome.paragraphs.count() + 1
        key = f"A{n}"
        while outcome.paragraphs.filter(key=key).exists():
            n += 1
            key = f"A{n}"
        made = OutcomeParagraph.objects.create(
            outcome=outcome, order=order, key=key, kind=kind, text=text, sources=cleaned
        )
        audit_record(
            actor=actor,
            action="accord.outcome_paragraph.add",
            target=made,
            group_id=outcome.group_id,
            data={"outcome": outcome.pk, "key": key},
        )
    return made


def outcome_paragraph_remove(*, actor: Any, paragraph: OutcomeParagraph) -> None:
    outcome = paragraph.outcome
    require(actor, "outcomes.draft", outcome.group)
    with transaction.atomic():
        Outcome.objects.select_for_update().filter(pk=outcome.pk).first()
        outcome.refresh_from_db(fields=["status"])
        ensure_draft(outcome)
        audit_record(
            actor=actor,
            action="accord.outcome_paragraph.remove",
            target=paragraph,
            group_id=outcome.group_id,
            data={"outcome": outcome.pk, "key": paragraph.key, "text": paragraph.text},
        )
        paragraph.delete()


def annex_create(
    *,
    actor: Any,
    outcome: Outcome,
    title: str,
    proposal: Paragraph | None = None,
    proposal_text: str = "",
) -> Annex:
    require(actor, "outcomes.draft", outcome.group)
    ensure_draft(outcome)
    if outcome.kind == Outcome.Kind.NONE:
        raise ValidationFailed(_("“No outcome” carries no annex."))
    if proposal is not None and proposal.report.group_id != outcome.group_id:
        raise ValidationFailed(_("That paragraph belongs to another group."))
    with transaction.atomic():
        order = (outcome.annexes.aggregate(m=Max("order"))["m"] or 0) + 1
        annex = Annex.objects.create(
            outcome=outcome,
            order=order,
            title=_title(title),
            proposal=proposal,
            proposal_text=(proposal_text or "").strip()[:TEXT_MAX],
        )
        audit_record(
            actor=actor,
            action="accord.annex.create",
            target=annex,
            group_id=outcome.group_id,
            data={"outcome": outcome.pk, "title": annex.title},
        )
    return annex


def annex_point_add(
    *,
    actor: Any,
    annex: Annex,
    side: str,
    text: str,
    members: Iterable[Member] = (),
    negotiating_groups: Iterable[NegotiatingGroup] = (),
    sources: Iterable[Mapping[str, Any]] = (),
) -> AnnexPoint:
    """A point for or against the proposal, with who made it and where."""
    outcome = annex.outcome
    require(actor, "outcomes.draft", outcome.group)
    ensure_draft(outcome)
    if side not in AnnexPoint.Side.values:
        raise ValidationFailed(_("For or against?"), fields={"side": _("Choose.")})
    text = clean_reason(text, required=True, what=_("Write the point."))
    if len(text) > REASON_MAX:  # pragma: no cover - clean_reason bounds it
        raise ValidationFailed(_("Too long."))
    members = list(members)
    groups = list(negotiating_groups)
    if any(m.group_id != outcome.group_id for m in members) or any(
        g.group_id != outcome.group_id for g in groups
    ):
        raise ValidationFailed(_("Name members and negotiating groups of this group."))
    cleaned = clean_sources(sources)
    with transaction.atomic():
        order = (annex.points.filter(side=side).aggregate(m=Max("order"))["m"] or 0) + 1
        point = AnnexPoint.objects.create(
            annex=annex, order=order, side=side, text=text, sources=cleaned
        )
        point.members.set(members)
        point.negotiating_groups.set(groups)
        audit_record(
            actor=actor,
            action="accord.annex_point.add",
            target=point,
            group_id=outcome.group_id,
            data={"annex": annex.pk, "side": side},
        )
    return point


def annex_point_update(*, actor: Any, point: AnnexPoint, text: str) -> AnnexPoint:
    outcome = point.annex.outcome
    require(actor, "outcomes.draft", outcome.group)
    ensure_draft(outcome)
    point.text = clean_reason(text, required=True, what=_("Write the point."))
    with transaction.atomic():
        point.save(update_fields=["text"])
        audit_record(
            actor=actor,
            action="accord.annex_point.update",
            target=point,
            group_id=outcome.group_id,
            data={"annex": point.annex_id},
        )
    return point


def annex_point_remove(*, actor: Any, point: AnnexPoint) -> None:
    outcome = point.annex.outcome
    require(actor, "outcomes.draft", outcome.group)
    ensure_draft(outcome)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="accord.annex_point.remove",
            target=point,
            group_id=outcome.group_id,
            data={"annex": point.annex_id, "text": point.text},
        )
        point.delete()


def outcome_content_hash(outcome: Outcome) -> str:
    """SHA-256 over what a reader gets: kind, title, symbol, text, annexes (or the version)."""
    body: dict[str, Any] = {
        "kind": outcome.kind,
        "title": outcome.title,
        "symbol": outcome.symbol,
        "statement": outcome.statement,
        "version": outcome.adopted_version.content_hash if outcome.adopted_version else "",
        "paragraphs": [
            [p.key, p.kind, p.text, p.sources] for p in outcome.paragraphs.order_by("order")
        ],
        "annexes": [
            [
                a.title,
                a.proposal_text,
                [[pt.side, pt.text, pt.sources] for pt in a.points.order_by("side", "order", "id")],
            ]
            for a in outcome.annexes.order_by("order")
        ],
    }
    raw = json.dumps(body, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def outcome_issue(*, actor: Any, outcome: Outcome) -> Outcome:
    """Issue the outcome: sealed and public from now on."""
    require(actor, "outcomes.draft", outcome.group)
    with transaction.atomic():
        Outcome.objects.select_for_update().filter(pk=outcome.pk).first()
        outcome.refresh_from_db()
        ensure_draft(outcome)
        if outcome.kind == Outcome.Kind.CHAIRS_SUMMARY and not outcome.paragraphs.exists():
            raise ValidationFailed(_("The summary has no text yet: draft it first."))
        _no_issued_outcome(outcome.call, outcome.silence)
        outcome.content_hash = outcome_content_hash(outcome)
        outcome.status = Outcome.Status.ISSUED
        outcome.issued_at = timezone.now()
        outcome.issued_by = actor
        outcome.save(update_fields=["content_hash", "status", "issued_at", "issued_by"])
        audit_record(
            actor=actor,
            action="accord.outcome.issue",
            target=outcome,
            group_id=outcome.group_id,
            data={"kind": outcome.kind, "hash": outcome.content_hash},
        )
    return outcome
