"""The end of the demo's process: the consensus call at the final meeting fails because three
members object to about half of the recommendations; members put conditions on the package;
a silence procedure on the rest of the text is broken; the Chair drafts a summary from the
record, edits it, annexes the arguments for and against the proposed mechanism, and issues it.
Every step is dated where it happens in the story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from accord.accounts.models import User
from accord.contributions.models import Contribution
from accord.drafts.models import Paragraph, Report, Version
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup
from accord.meetings.models import SpeakerTurn
from accord.meetings.services import live_post_create
from accord.outcomes.models import ConsensusCall, Outcome, SilenceProcedure
from accord.outcomes.services import calls, outcomes, package, silence
from accord.outcomes.services.followup import (
    progress_report_add,
    recommendation_update,
    recommendations_track,
)
from accord.outcomes.services.summary import summary_draft

from . import draft_text, roster
from .clock import story_time
from .negotiation import CONTESTED

CALL_OPENS = datetime(2026, 1, 31, 22, 40, tzinfo=UTC)  # 23:40 in Geneva, the last night
CALL_CLOSES = datetime(2026, 2, 1, 0, 15, tzinfo=UTC)
SILENCE_STARTS = datetime(2026, 2, 2, 11, 0, tzinfo=UTC)
SILENCE_DEADLINE = datetime(2026, 2, 6, 18, 0)  # Geneva time, stated by the Chair
SILENCE_ZONE = "Europe/Zurich"
SUMMARY_DRAFTED = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)
SUMMARY_ISSUED = datetime(2026, 2, 16, 12, 0, tzinfo=UTC)
# The summary is a conference room paper of its own (the draft report is CRP.1).
SUMMARY_SYMBOL = "WGEDC/2026/CRP.2"
OBJECTION = "The text does not reflect the role of governments on public policy."


@dataclass
class DecisionSummary:
    call: ConsensusCall
    silence: SilenceProcedure
    outcome: Outcome


def _p(version: Version, key: str) -> Paragraph:
    return Paragraph.objects.get(report=version.report, key=key)


def _stances(
    call: ConsensusCall,
    version: Version,
    delegates: dict[str, User],
    blocs: dict[str, NegotiatingGroup],
) -> None:
    contested = {f"OP{i + 1}" for i in CONTESTED}
    g77, eu = blocs["G77"], blocs["EU"]
    calls.explanation_record(
        actor=delegates["ZAF"],
        call=call,
        timing="before",
        on_behalf_of=g77,
        text="The Group can accept the Chair's text as a whole, though it falls short of its "
        "hopes on the institutional question.",
    )
    calls.stance_record(actor=delegates["ZAF"], call=call, kind="no_objection", on_behalf_of=g77)
    calls.stance_record(actor=delegates["FIN"], call=call, kind="support", on_behalf_of=eu)
    for code in roster.HOLDOUTS:
        calls.stance_record(actor=delegates[code], call=call, kind="no_objection")
        for key in sorted(contested):
            calls.stance_record(
                actor=delegates[code],
                call=call,
                kind="object",
                paragraph=_p(version, key),
                reason=OBJECTION,
            )
    calls.stance_record(
        actor=delegates["CHN"],
        call=call,
        kind="reservation",
        paragraph=_p(version, "OP13"),
        reason="Pending instructions on cross-border data flows.",
    )
    calls.stance_record(actor=delegates["USA"], call=call, kind="support")
    calls.stance_record(
        actor=delegates["USA"],
        call=call,
        kind="dissociation",
        paragraph=_p(version, "OP16"),
        reason="We do not accept new funding commitments.",
    )
    for key in ("GBR", "JPN", "CAN", "CHE", "TUR", "RUS", "ORC", "DIA", "GNOF", "ISF", "ITU"):
        calls.stance_record(actor=delegates[key], call=call, kind="support")


def _conditions(
    version: Version, delegates: dict[str, User], blocs: dict[str, NegotiatingGroup]
) -> None:
    package.condition_add(
        actor=delegates["ORC"],
        version=version,
        kind="must_include",
        paragraph=_p(version, "OP3"),
        note="Capacity building is our red line.",
    )
    package.condition_add(
        actor=delegates["ZAF"],
        version=version,
        kind="requires",
        paragraph=_p(version, "OP4"),
        requires=_p(version, "OP2"),
        on_behalf_of=blocs["G77"],
        note="A stronger Forum only together with the participation of developing countries.",
    )


def _annex(
    outcome: Outcome,
    group: WorkingGroup,
    members: dict[str, Member],
    blocs: dict[str, NegotiatingGroup],
) -> None:
    report = outcome.call.version.report if outcome.call else None
    mechanism = Paragraph.objects.get(report=report, key="OP20")
    rev1 = Version.objects.get(report=report, label="Rev.1")
    annex = outcomes.annex_create(
        actor=User.objects.get(username="chair"),
        outcome=outcome,
        title=draft_text.ARGUMENTS_HEADING,
        proposal=mechanism,
        proposal_text=rev1.items.get(paragraph=mechanism).text,
    )
    chair = User.objects.get(username="chair")

    def turn_source(code: str) -> list[dict[str, str]]:
        turn = (
            SpeakerTurn.objects.filter(member=members[code], transcript__is_published=True)
            .select_related("transcript__day__meeting")
            .order_by("transcript__day__date", "index")
            .first()
        )
        if turn is None:
            return []
        day = turn.transcript.day
        return [
            {
                "kind": "turn",
                "label": f"{day.meeting.title}, {day.date:%d %B %Y}, turn {turn.index}",
                "url": f"/g/{group.slug}/meetings/{day.meeting.number}/days/"
                f"{day.date.isoformat()}/#turn-{turn.index}",
            }
        ]

    def contribution_source(code: str) -> list[dict[str, str]]:
        found = (
            Contribution.objects.filter(member=members[code], status="published")
            .order_by("pk")
            .first()
        )
        if found is None:
            return []
        return [
            {
                "kind": "contribution",
                "label": found.title,
                "url": f"/g/{group.slug}/contributions/{found.pk}/",
            }
        ]

    for side, text, codes, bloc_keys in [
        (
            "for",
            "Internet public policy issues lack a dedicated intergovernmental home where "
            "governments can carry out their roles.",
            ["EGY", "IRN"],
            ["G77"],
        ),
        (
            "for",
            "Developing countries cannot follow the many existing venues; one body would "
            "make participation possible for small delegations.",
            ["PAK", "CUB"],
            [],
        ),
        (
            "for",
            "A mechanism reporting to the General Assembly would give recommendations a "
            "path to decisions.",
            ["SAU"],
            [],
        ),
        (
            "against",
            "A new body would duplicate existing institutions and fragment the discussion.",
            ["USA", "GBR"],
            ["EU"],
        ),
        (
            "against",
            "It would weaken the participation of non-governmental stakeholders, whose "
            "expertise is needed on most issues.",
            ["ORC", "ISF"],
            [],
        ),
        (
            "against",
            "The gaps should first be mapped; a review by the Commission could follow.",
            ["JPN", "CHE"],
            [],
        ),
    ]:
        sources = [s for code in codes for s in (turn_source(code) or contribution_source(code))]
        outcomes.annex_point_add(
            actor=chair,
            annex=annex,
            side=side,
            text=text,
            members=[members[c] for c in codes],
            negotiating_groups=[blocs[k] for k in bloc_keys],
            sources=sources,
        )


def build_decision(
    *,
    group: WorkingGroup,
    chair: User,
    secretariat: User,
    delegates: dict[str, User],
    members: dict[str, Member],
    blocs: dict[str, NegotiatingGroup],
    report: Report,
    version: Version,
) -> DecisionSummary:
    with story_time(CALL_OPENS):
        call = calls.call_open(
            actor=chair,
            version=version,
            note="I now test whether there is consensus on the Chair's text (Rev.2) as a whole.",
        )
        live_post_create(
            actor=secretariat, group=group, body="The Chair has opened the consensus call on Rev.2."
        )
        _stances(call, version, delegates, blocs)
        _conditions(version, delegates, blocs)
    with story_time(CALL_CLOSES):
        call = calls.call_close(actor=chair, call=call)
        calls.explanation_record(
            actor=delegates["ORC"],
            call=call,
            timing="after",
            text="We regret that the text could not be adopted; the recommendations on the full "
            "participation of all stakeholders had the support of almost every member.",
        )
    with story_time(SILENCE_STARTS):
        agreed = [
            _p(version, f"OP{n}")
            for n in range(1, 21)
            if n - 1 not in CONTESTED
            and Paragraph.objects.filter(
                report=report, key=f"OP{n}", texts__version=version
            ).exists()
        ]
        procedure = silence.silence_start(
            actor=chair,
            version=version,
            deadline=SILENCE_DEADLINE,
            time_zone=SILENCE_ZONE,
            paragraphs=agreed,
            note="As a last effort, I circulate the recommendations no member objected to, for "
            "adoption under silence.",
        )
        live_post_create(
            actor=secretariat,
            group=group,
            body="The Chair has circulated the uncontested recommendations under silence until "
            "18:00 Geneva time on 6 February.",
        )
    with story_time(datetime(2026, 2, 5, 15, 30, tzinfo=UTC)):
        silence.silence_break(
            actor=delegates["IRN"],
            procedure=procedure,
            paragraphs=[agreed[0], agreed[1]],
            reason="These recommendations cannot be separated from the rest of the package.",
        )
    with story_time(datetime(2026, 2, 6, 17, 0, 30, tzinfo=UTC)):
        silence.silence_settle_due()
        live_post_create(
            actor=secretariat,
            group=group,
            body="Silence was broken; the Chair will issue a summary.",
        )
    with story_time(SUMMARY_DRAFTED):
        summary = outcomes.outcome_start_summary(
            actor=chair,
            call=call,
            title=f"Chair's summary of the {group.name}",
            symbol=SUMMARY_SYMBOL,
        )
        _annex(summary, group, members, blocs)
        summary_draft(actor=chair, outcome=summary)
        first = summary.paragraphs.filter(kind="text").order_by("order").first()
        if first is not None:
            outcomes.outcome_paragraph_update(
                actor=chair,
                paragraph=first,
                text=first.text + " The Chair thanks all delegations for their engagement.",
            )
    with story_time(SUMMARY_ISSUED):
        summary = outcomes.outcome_issue(actor=chair, outcome=summary)
        live_post_create(
            actor=secretariat, group=group, body="The Chair's summary has been issued."
        )
    _follow_up(summary, secretariat, agreed)
    procedure.refresh_from_db()
    return DecisionSummary(call=call, silence=procedure, outcome=summary)


def _follow_up(summary: Outcome, secretariat: User, agreed: list[Paragraph]) -> None:
    """The recommendations with broad support are tracked anyway, with progress reports."""
    with story_time(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)):
        tracked = recommendations_track(actor=secretariat, outcome=summary, paragraphs=agreed)
        bodies = [
            "Commission secretariat",
            "Regional development banks; ITU",
            "Forum secretariat",
            "UN Group on the Information Society",
        ]
        for n, recommendation in enumerate(tracked):
            recommendation_update(
                actor=secretariat,
                recommendation=recommendation,
                responsible_bodies=bodies[n % len(bodies)],
                review_date=date(2027, 3 + n % 3, 1),
            )
    reports = [
        (
            0,
            date(2026, 6, 15),
            "in_progress",
            30,
            "The Commission's secretariat has started a mapping of existing cooperation processes.",
            "Commission secretariat",
        ),
        (
            0,
            date(2026, 10, 20),
            "in_progress",
            60,
            "A first mapping was presented to the Commission; an online version is being built.",
            "Commission secretariat",
        ),
        (
            1,
            date(2026, 9, 1),
            "partial",
            50,
            "Two regional capacity-building workshops were held; two more are planned.",
            "Regional development bank",
        ),
        (
            2,
            date(2026, 11, 2),
            "implemented",
            100,
            "Remote participation is now offered at every "
            "session, with travel support for small delegations.",
            "Forum secretariat",
        ),
    ]
    for index, reported_on, status, progress, text, body in reports:
        with story_time(datetime.combine(reported_on, datetime.min.time(), UTC).replace(hour=10)):
            progress_report_add(
                actor=secretariat,
                recommendation=tracked[index],
                reported_on=reported_on,
                status=status,
                progress=progress,
                text=text,
                reporting_body=body,
            )
