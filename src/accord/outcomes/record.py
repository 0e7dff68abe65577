"""The record a Chair's summary is drafted from, read from the database into the plain data
of ``accord.core.summary.record`` (an adapter: rows in, core dataclasses out, no decisions).

Every fact carries the address of the page where a reader can check it. Under the
"by_constituency" naming policy the core drafter never names a member itself; the URLs built
here use ids and slugs, never names.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from accord.contributions.models import Call, Contribution
from accord.core.summary import record as rec
from accord.drafts.models import InformalConsultation, Paragraph, Version, VersionParagraph
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup
from accord.meetings.models import Meeting, SpeakerTurn
from accord.positions.selectors import current_positions, current_statuses

from .models import ConsensusCall, Outcome, SilenceProcedure
from .selectors.calls import call_decision

# Position kinds of the positions app → the record's stance kinds.
POSITION_KIND = {
    "support": "support",
    "can_live_with": "can_live_with",
    "object": "object",
    "reserve": "reserve",
}


def _url(name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs=kwargs)


def _decide_url(version: Version, anchor: str = "call") -> str:
    base = _url(
        "outcomes:decide",
        group_slug=version.report.group.slug,
        report_slug=version.report.slug,
        number=version.number,
    )
    return f"{base}#{anchor}"


def _version_ref(version: Version, key: str = "") -> rec.SourceRef:
    url = _url(
        "drafts:version",
        group_slug=version.report.group.slug,
        report_slug=version.report.slug,
        number=version.number,
    )
    label = f"{version.report.title}, {version.label}" + (f", {key}" if key else "")
    return rec.SourceRef("version", label, f"{url}#{key}" if key else url)


def _member_ref(member: Member, via: NegotiatingGroup | None = None) -> rec.MemberRef:
    return rec.MemberRef(member.name, member.constituency.slug, via.slug if via else "")


def _group_info(group: WorkingGroup, naming: str) -> rec.GroupInfo:
    return rec.GroupInfo(
        name=group.name,
        short_name=group.short_name,
        parent_body=group.parent_body,
        mandate=group.mandate,
        decision_rule=str(group.get_decision_rule_display()).lower(),
        start_date=group.start_date,
        end_date=group.end_date,
        naming=naming,  # type: ignore[arg-type]
        source=rec.SourceRef("group", group.name, _url("publish:group", slug=group.slug)),
    )


def _meetings(group: WorkingGroup) -> tuple[rec.Meeting, ...]:
    turns = Counter(
        SpeakerTurn.objects.filter(
            transcript__day__meeting__group=group, transcript__is_published=True
        ).values_list("transcript__day__meeting_id", flat=True)
    )
    out = []
    for m in Meeting.objects.filter(group=group).prefetch_related("days").order_by("start_date"):
        days = list(m.days.all())
        out.append(
            rec.Meeting(
                title=m.title,
                venue=m.venue,
                first_day=days[0].date if days else m.start_date,
                last_day=days[-1].date if days else (m.end_date or m.start_date),
                days=len(days) or 1,
                turns=turns.get(m.pk, 0),
                source=rec.SourceRef(
                    "meeting",
                    m.title,
                    _url("meetings:detail", group_slug=group.slug, number=m.number),
                ),
            )
        )
    return tuple(out)


def _calls(group: WorkingGroup) -> tuple[rec.ContributionCall, ...]:
    out = []
    for call in Call.objects.filter(group=group).prefetch_related("questions").order_by("opens_at"):
        published = Contribution.objects.filter(call=call, status=Contribution.Status.PUBLISHED)
        by = Counter(
            published.filter(member__isnull=False).values_list(
                "member__constituency__slug", flat=True
            )
        )
        order = [c.slug for c in group.constituencies.all()]
        out.append(
            rec.ContributionCall(
                title=call.title,
                questions=tuple(q.text for q in call.questions.all()),
                deadline=call.closes_at.date(),
                total=published.count(),
                by_constituency=tuple((c, by[c]) for c in order if by[c]),
                public=published.filter(member__isnull=True).count(),
                late=published.filter(is_late=True).count(),
                source=rec.SourceRef(
                    "call",
                    call.title,
                    _url("contributions:call", group_slug=group.slug, pk=call.pk),
                ),
            )
        )
    return tuple(out)


def _consultations(version: Version) -> tuple[rec.Consultation, ...]:
    out = []
    for c in (
        InformalConsultation.objects.filter(report=version.report)
        .prefetch_related("paragraphs")
        .select_related("facilitator")
    ):
        keys = tuple(sorted(p.key for p in c.paragraphs.all()))
        out.append(
            rec.Consultation(
                paragraphs=keys,
                facilitators=(str(c.facilitator),),
                first_day=c.created_at.date(),
                source=rec.SourceRef("version", c.title, _version_ref(version).url),
            )
        )
    return tuple(out)


def _consensus_call(call: ConsensusCall, decision: Any) -> rec.ConsensusCall:
    objections = []
    for member, items in decision.objections():
        vias = {c.via_group for c in items if c.via_group}
        objections.append(
            rec.Objection(
                member=_member_ref(member, next(iter(vias)) if len(vias) == 1 else None),
                paragraphs=tuple(c.key for c in items if c.key is not None),
                reason="; ".join(c.reason for c in items if c.reason),
                source=rec.SourceRef(
                    "stance",
                    _("Consensus call on %(v)s") % {"v": call.version.label},
                    _decide_url(call.version),
                ),
            )
        )
    return rec.ConsensusCall(
        date=(call.closed_at or call.opened_at).date(),
        adopted=decision.is_adopted,
        version_label=call.version.label,
        objections=tuple(objections),
        source=rec.SourceRef(
            "call",
            _("Consensus call on %(v)s") % {"v": call.version.label},
            _decide_url(call.version),
        ),
    )


def _silence(version: Version) -> rec.SilenceProcedure | None:
    procedure = (
        SilenceProcedure.objects.filter(version=version)
        .exclude(result="cancelled")
        .order_by("-started_at")
        .first()
    )
    if procedure is None:
        return None
    url = _decide_url(version, "silence")
    from zoneinfo import ZoneInfo

    return rec.SilenceProcedure(
        circulated=procedure.started_at.date(),
        deadline=procedure.deadline.astimezone(ZoneInfo(procedure.time_zone)).replace(tzinfo=None),
        time_zone=procedure.time_zone,
        version_label=version.label,
        source=rec.SourceRef(
            "silence", _("Silence procedure on %(v)s") % {"v": version.label}, url
        ),
        breaks=tuple(
            rec.SilenceBreak(
                member=_member_ref(b.member, b.on_behalf_of),
                paragraphs=tuple(sorted(p.key for p in b.paragraphs.all())),
                source=rec.SourceRef("silence", _("Break of silence"), url),
            )
            for b in procedure.breaks.select_related(
                "member__constituency", "on_behalf_of"
            ).prefetch_related("paragraphs")
        ),
    )


def _recommendations(version: Version, decision: Any | None) -> tuple[rec.Recommendation, ...]:
    items = list(
        VersionParagraph.objects.filter(version=version, paragraph__kind=Paragraph.Kind.OPERATIVE)
        .select_related("paragraph")
        .prefetch_related("paragraph__sources")
        .order_by("order")
    )
    positions = current_positions(version)
    statuses = current_statuses(version)
    group = version.report.group
    out = []
    for item in items:
        p = item.paragraph
        stances: dict[str, rec.Stance] = {}
        negotiate = _url(
            "positions:negotiate",
            group_slug=group.slug,
            report_slug=version.report.slug,
            number=version.number,
        )
        for pos in positions.get(p.pk, {}).values():
            stances[pos.member.name] = rec.Stance(
                member=_member_ref(pos.member, pos.via_group),
                kind=POSITION_KIND[pos.kind],  # type: ignore[arg-type]
                reason=pos.reason,
                source=rec.SourceRef(
                    "position",
                    _("Final positions on %(k)s") % {"k": p.key},
                    f"{negotiate}#p-{p.key}",
                ),
            )
        if decision is not None:
            # The consensus call's stance is the last word where a member gave one.
            for (member_id, key), counted in decision.stances.items():
                if key not in (p.key, None) or (
                    key is None and (member_id, p.key) in decision.stances
                ):
                    continue
                stances[counted.member.name] = rec.Stance(
                    member=_member_ref(counted.member, counted.via_group),
                    kind=counted.kind,  # type: ignore[arg-type]
                    reason=counted.reason,
                    source=rec.SourceRef(
                        "stance", _("Consensus call, %(k)s") % {"k": p.key}, _decide_url(version)
                    ),
                )
        status = statuses.get(p.pk)
        out.append(
            rec.Recommendation(
                key=p.key,
                number=item.display_number.rstrip("."),
                text=item.text,
                status=(status.status if status else "open"),  # type: ignore[arg-type]
                source=_version_ref(version, p.key),
                sources=tuple(
                    rec.SourceRef(
                        "contribution",
                        _("Contribution %(n)d") % {"n": c.pk},
                        _url("contributions:detail", group_slug=group.slug, pk=c.pk),
                    )
                    for c in sorted(p.sources.all(), key=lambda c: c.pk)
                    if c.status == Contribution.Status.PUBLISHED
                ),
                stances=tuple(stances[name] for name in sorted(stances)),
            )
        )
    return tuple(out)


def summary_record(outcome: Outcome, *, naming: str = "by_constituency") -> rec.SummaryRecord:
    """Everything the drafter needs about the group and the text the call was made on."""
    group = outcome.group
    call = outcome.call
    version = call.version if call else outcome.adopted_version
    assert version is not None
    decision = call_decision(call) if call else None
    issued = Version.objects.filter(
        report=version.report, status=Version.Status.ISSUED, number__lte=version.number
    )
    negotiating = NegotiatingGroup.objects.filter(group=group).prefetch_related("members")
    return rec.SummaryRecord(
        group=_group_info(group, naming),
        constituencies=tuple(rec.Constituency(c.slug, c.name) for c in group.constituencies.all()),
        members=tuple(
            rec.Member(m.name, m.constituency.slug)
            for m in Member.objects.filter(group=group, status=Member.Status.MEMBER).select_related(
                "constituency"
            )
        ),
        negotiating_groups=tuple(
            rec.NegotiatingGroup(g.slug, g.name, tuple(sorted(m.name for m in g.members.all())))
            for g in negotiating
        ),
        meetings=_meetings(group),
        calls=_calls(group),
        versions=tuple(
            rec.Version(v.label, v.kind, v.issued_at.date(), _version_ref(v))
            for v in issued.order_by("number")
            if v.issued_at
        ),
        consultations=_consultations(version),
        consensus_calls=(_consensus_call(call, decision),) if call and decision else (),
        silence=_silence(version),
        recommendations=_recommendations(version, decision),
        # The annex is kept as structured points (``Annex``/``AnnexPoint``), shown and
        # exported from them; the drafted text does not repeat it.
        annex=(),
    )
