"""The demo's negotiation: a zero draft framed from the contributions, amendments, brackets,
an option group on the contested mechanism, a facilitator's consultation, two revisions and the
members' positions at the final meeting (where two or three members object to about half of
the recommendations)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from accord.accounts.models import User
from accord.contributions.models import Answer, Contribution
from accord.drafts.models import Amendment, Paragraph, Report, Version
from accord.drafts.services.amendments import amendment_propose, amendment_support
from accord.drafts.services.brackets import bracket_add
from accord.drafts.services.consultations import informal_consultation_create
from accord.drafts.services.options import option_choose
from accord.drafts.services.revisions import revision_issue_from_amendments
from accord.drafts.services.versions import (
    paragraph_sources_set,
    report_create,
    version_create,
    version_issue,
    version_paragraph_add,
    version_publish,
)
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup
from accord.positions.models import PositionEvent, StatusEvent
from accord.positions.services import position_record, status_set

from . import draft_text, roster, texts
from .clock import story_time

# Recommendations the holdouts object to at the final meeting (0-based indexes of THEMES):
# about half, including full participation of all stakeholders (0).
CONTESTED = [0, 1, 3, 4, 5, 8, 10, 11, 12, 15]


@dataclass
class NegotiationSummary:
    report: Report
    versions: list[Version]
    amendments: int
    brackets: int
    positions: int


def _op(version: Version, n: int) -> Paragraph:
    return Paragraph.objects.get(report=version.report, key=f"OP{n}")


def _text(version: Version, paragraph: Paragraph) -> str:
    return version.items.get(paragraph=paragraph).text


def _span(version: Version, paragraph: Paragraph, words: str) -> tuple[int, int]:
    text = _text(version, paragraph)
    start = text.index(words)
    return start, start + len(words)


def build_negotiation(
    *,
    group: WorkingGroup,
    chair: User,
    facilitator: User,
    delegates: dict[str, User],
    members: dict[str, Member],
    blocs: dict[str, NegotiatingGroup],
    rng: random.Random,
    zero_draft_only: bool = False,
) -> NegotiationSummary:
    """The report from its zero draft through two revisions to the final positions on Rev.2;
    ``zero_draft_only``: stop once the zero draft is issued (tests negotiate it themselves)."""
    with story_time(datetime(2025, 3, 10, 10, 0, tzinfo=UTC)):
        report = report_create(
            actor=chair, group=group, title=draft_text.TITLE, symbol=draft_text.SYMBOL
        )
        zero = _zero_draft(report, chair, group)
    if zero_draft_only:
        return NegotiationSummary(
            report=report, versions=[zero], amendments=0, brackets=0, positions=0
        )
    with story_time(datetime(2025, 5, 12, 15, 0, tzinfo=UTC)):
        informal_consultation_create(
            actor=chair,
            report=report,
            title="Informal consultations on OP7 to OP9",
            facilitator=facilitator,
            paragraphs=[_op(zero, 7), _op(zero, 8), _op(zero, 9)],
        )
        amendments = _amend_zero_draft(zero, chair, facilitator, delegates, rng)
        brackets = _bracket(zero, delegates)
    with story_time(datetime(2025, 9, 15, 9, 0, tzinfo=UTC)):
        chosen = [a for a in amendments if a.kind != Amendment.Kind.DELETE_PARAGRAPH][:8]
        rev1 = revision_issue_from_amendments(
            actor=chair,
            version=zero,
            incorporate=chosen,
            label="Rev.1",
            leave_others_proposed=False,
        )
        rev1 = version_publish(actor=chair, version=rev1)
    with story_time(datetime(2025, 10, 7, 11, 0, tzinfo=UTC)):
        rev2 = _late_proposals_and_rev2(rev1, chair, delegates)
    with story_time(datetime(2026, 1, 31, 20, 0, tzinfo=UTC)):
        positions = _final_positions(rev2, chair, delegates, members, blocs, rng)
    return NegotiationSummary(
        report=report,
        versions=[zero, rev1, rev2],
        amendments=Amendment.objects.filter(version__report=report).count(),
        brackets=brackets,
        positions=positions,
    )


def _late_proposals_and_rev2(rev1: Version, chair: User, delegates: dict[str, User]) -> Version:
    # Rev.2, the Chair's text at the final meeting: the compromise drops the contested
    # mechanism (its alternative survives) and takes two late proposals.
    late = [
        amendment_propose(
            actor=delegates["CHE"],
            version=rev1,
            paragraph=_op(rev1, 15),
            kind=Amendment.Kind.REPLACE_TEXT,
            start=_span(rev1, _op(rev1, 15), "annual reporting")[0],
            end=_span(rev1, _op(rev1, 15), "annual reporting")[1],
            new_text="biennial reporting",
            rationale="Lighter reporting burden.",
        ),
        amendment_propose(
            actor=delegates["KEN"],
            version=rev1,
            paragraph=_op(rev1, 7),
            kind=Amendment.Kind.INSERT_TEXT,
            start=_span(rev1, _op(rev1, 7), "affordable")[0],
            end=_span(rev1, _op(rev1, 7), "affordable")[0],
            new_text="universal and ",
            rationale="Universal access is the agreed language.",
        ),
    ]
    options = rev1.option_groups.all()
    for option_group in options:
        alternative = option_group.paragraphs.exclude(key="OP20").first()
        if alternative is not None:
            option_choose(actor=chair, group=option_group, paragraph=alternative)
    with story_time(datetime(2026, 1, 19, 9, 0, tzinfo=UTC)):
        rev2 = revision_issue_from_amendments(
            actor=chair, version=rev1, incorporate=late, label="Rev.2", kind=Version.Kind.CHAIR
        )
        return version_publish(actor=chair, version=rev2)


def _zero_draft(report: Report, chair: User, group: WorkingGroup) -> Version:
    version = version_create(
        actor=chair, report=report, kind=Version.Kind.ZERO_DRAFT, label="Zero draft"
    )
    for text in draft_text.PREAMBLE:
        version_paragraph_add(
            actor=chair, version=version, kind=Paragraph.Kind.PREAMBULAR, text=text
        )
    version_paragraph_add(
        actor=chair, version=version, kind=Paragraph.Kind.HEADING, text="Recommendations"
    )
    answers = list(
        Answer.objects.filter(
            contribution__call__group=group, contribution__status=Contribution.Status.PUBLISHED
        ).select_related("contribution")
    )
    for index, text in enumerate(draft_text.RECOMMENDATIONS):
        item = version_paragraph_add(
            actor=chair, version=version, kind=Paragraph.Kind.OPERATIVE, text=text
        )
        # Traceability: the contributions whose answers proposed this theme.
        phrase = texts.THEMES[index][1]
        sources = {a.contribution for a in answers if phrase in a.text}
        paragraph_sources_set(
            actor=chair, paragraph=item.paragraph, contributions=sorted(sources, key=lambda c: c.pk)
        )
    version_paragraph_add(
        actor=chair, version=version, kind=Paragraph.Kind.HEADING, text=draft_text.ARGUMENTS_HEADING
    )
    for text in draft_text.ARGUMENTS:
        version_paragraph_add(actor=chair, version=version, kind=Paragraph.Kind.TEXT, text=text)
    version = version_issue(actor=chair, version=version)
    return version_publish(actor=chair, version=version)


def _amend_zero_draft(
    version: Version, chair: User, facilitator: User, delegates: dict[str, User], rng: random.Random
) -> list[Amendment]:
    made: list[Amendment] = []

    def propose(
        key: str,
        n: int,
        kind: str,
        words: str | None = None,
        new_text: str = "",
        rationale: str = "",
        **extra: Any,
    ) -> Amendment:
        paragraph = _op(version, n)
        span: dict[str, Any] = {}
        if words is not None:
            start, end = _span(version, paragraph, words)
            span = {"start": start, "end": start if kind == Amendment.Kind.INSERT_TEXT else end}
        actor = facilitator if key == "facilitator" else delegates[key]
        amendment = amendment_propose(
            actor=actor,
            version=version,
            paragraph=paragraph,
            kind=kind,
            new_text=new_text,
            rationale=rationale,
            **span,
            **extra,
        )
        made.append(amendment)
        return amendment

    # Replace, insert, delete, add a paragraph, an alternative; co-sponsors and opponents.
    a1 = propose(
        "SWE",
        1,
        Amendment.Kind.REPLACE_TEXT,
        "all processes",
        "all relevant processes",
        "Not every process can include everyone.",
    )
    propose(
        "IND",
        2,
        Amendment.Kind.INSERT_TEXT,
        "dedicated resources",
        "predictable and ",
        "Resources must be predictable.",
    )
    propose(
        "ORC",
        3,
        Amendment.Kind.REPLACE_TEXT,
        "regional organisations",
        "regional organisations, civil society",
        "Civil society runs many such programmes.",
    )
    propose(
        "BRA", 4, Amendment.Kind.INSERT_TEXT, "outputs", "concrete ", "Outputs should be usable."
    )
    propose(
        "GBR",
        5,
        Amendment.Kind.DELETE_TEXT,
        ", including the timely publication of their documents",
        rationale="Publication rules belong to each process.",
    )
    propose(
        "facilitator",
        8,
        Amendment.Kind.REPLACE_TEXT,
        "offer remote participation",
        "offer remote participation wherever possible",
        "Facilitator's compromise.",
    )
    propose(
        "ZAF",
        3,
        Amendment.Kind.ADD_PARAGRAPH,
        new_text=("Invites donors to support South-South cooperation in capacity building;"),
        rationale="A gap in the zero draft.",
        after=_op(version, 3),
    )
    alt = propose(
        "CHE",
        20,
        Amendment.Kind.ALTERNATIVE,
        new_text=draft_text.ALTERNATIVE_MECHANISM,
        rationale="A bridge between the two camps.",
    )
    propose(
        "IRN",
        1,
        Amendment.Kind.REPLACE_TEXT,
        "all stakeholders",
        "governments and stakeholders",
        "Governments have a particular role.",
    )
    propose("USA", 13, Amendment.Kind.DELETE_PARAGRAPH, rationale="Outside the mandate.")
    # An amendment to an amendment.
    amendment_propose(
        actor=delegates["NGA"],
        version=version,
        paragraph=_op(version, 1),
        kind=Amendment.Kind.REPLACE_TEXT,
        parent=a1,
        start=a1.new_text.index("relevant"),
        end=a1.new_text.index("relevant") + len("relevant"),
        new_text="pertinent",
        rationale="Closer to the agreed language.",
    )
    for amendment, supporters in [(a1, ["FIN", "NLD", "CAN"]), (alt, ["MEX", "CHL", "SWE"])]:
        for key in supporters:
            kind = "cosponsor" if key in {"FIN", "MEX"} else "support"
            amendment_support(actor=delegates[key], amendment=amendment, kind=kind)
    for key in roster.HOLDOUTS:
        amendment_support(actor=delegates[key], amendment=alt, kind="oppose")
    return made


def _bracket(version: Version, delegates: dict[str, User]) -> int:
    count = 0
    for key, n, words, reason in [
        ("SAU", 1, "all stakeholders", "contested"),
        ("IRN", 1, "all stakeholders", "contested"),
        ("CUB", 11, "the same rights that people have offline", "contested"),
        ("CHN", 13, "trusted cross-border data flows", "capital"),
        ("EGY", 20, "intergovernmental mechanism", "contested"),
    ]:
        paragraph = _op(version, n)
        start, end = _span(version, paragraph, words)
        bracket_add(
            actor=delegates[key],
            version=version,
            paragraph=paragraph,
            start=start,
            end=end,
            reason=reason,
        )
        count += 1
    return count


def _final_positions(
    version: Version,
    chair: User,
    delegates: dict[str, User],
    members: dict[str, Member],
    blocs: dict[str, NegotiatingGroup],
    rng: random.Random,
) -> int:
    operative = list(
        version.items.filter(paragraph__kind=Paragraph.Kind.OPERATIVE).select_related("paragraph")
    )
    contested_keys = {f"OP{i + 1}" for i in CONTESTED}
    recorded = 0
    # The groups' coordinators state their group's position; most of their members let it
    # stand for them, while the holdouts and a few others speak for themselves.
    speaking_for_group = {
        bloc.coordinator.iso3: bloc for bloc in blocs.values() if bloc.coordinator is not None
    }
    silent = {
        m.iso3
        for bloc in blocs.values()
        for m in bloc.members.all()
        if m.iso3 not in roster.HOLDOUTS and m.iso3 not in roster.OWN_VOICE
    }
    for code, bloc in speaking_for_group.items():
        for item in operative:
            kind = (
                PositionEvent.Kind.SUPPORT
                if rng.random() < 0.75
                else PositionEvent.Kind.CAN_LIVE_WITH
            )
            position_record(
                actor=delegates[code],
                version=version,
                paragraph=item.paragraph,
                kind=kind,
                on_behalf_of=bloc,
            )
            recorded += 1
    for key, member in members.items():
        if member.status != Member.Status.MEMBER or key in silent:
            continue
        for item in operative:
            paragraph = item.paragraph
            if key in roster.HOLDOUTS and paragraph.key in contested_keys:
                kind, reason = (
                    PositionEvent.Kind.OBJECT,
                    ("The text does not reflect the role of governments on public policy."),
                )
            elif rng.random() < 0.04:
                kind, reason = PositionEvent.Kind.RESERVE, "Awaiting instructions from capital."
            else:
                kind = (
                    PositionEvent.Kind.SUPPORT
                    if rng.random() < 0.7
                    else PositionEvent.Kind.CAN_LIVE_WITH
                )
                reason = ""
            position_record(
                actor=delegates[key], version=version, paragraph=paragraph, kind=kind, reason=reason
            )
            recorded += 1
    # The chair's reading of the room at the end of the final meeting.
    holdouts = [members[k] for k in roster.HOLDOUTS]
    for item in operative:
        paragraph = item.paragraph
        if paragraph.key in contested_keys or "[" in item.text:
            continue  # objected to, or still bracketed: it stays open
        if paragraph.key in {"OP2", "OP3"}:
            status_set(
                actor=chair,
                version=version,
                paragraph=paragraph,
                status=StatusEvent.Status.AGREED_AD_REF,
                pending_members=holdouts[:1],
                note="Agreed pending confirmation from one capital.",
            )
        else:
            status_set(
                actor=chair,
                version=version,
                paragraph=paragraph,
                status=StatusEvent.Status.AGREED,
                note="Agreed at the final meeting, subject to agreement on the whole text.",
            )
    return recorded
