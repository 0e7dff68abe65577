"""A realistic record for the summary tests: invented text, no real delegation's position.

60 members in five constituencies (40 Member States, 5 in each stakeholder constituency), two
negotiating groups, five meetings, one call (52 contributions), three versions, an informal
consultation, a failed consensus call where three States object to nine of the twenty
recommendations, a dropped mechanism paragraph and an annex with three arguments on each side.

The objecting States have invented names ("Ruritania" appears in no template and no text
of the record, only as a member name and in source labels), so a test can check that the
``by_constituency`` policy never prints it. URLs are built from ids, never from names.

Recommendations, by design (the tests assert exactly this):

- broad support: OP1–OP12, OP14, OP16–OP19 — OP2, 4, 6, 8, 10, 12, 14, 16 and 18 with two
  or three objectors; OP19 with exactly two thirds accepting (boundary: passes); OP11 with
  39 of 58 accepting and two reserving (passes only because "reserve" is not a position);
  OP17 with exactly half of the Civil society members that took a position objecting
  (boundary: passes); OP3 with a reservation.
- divergent: OP13 (39 of 60 accept: just below two thirds), OP15 (three of five Civil
  society members object: a majority), OP20 (an annual General Assembly debate: the G77 and
  China support, the WEOG dissociates itself, stakeholders stand aside).
- dropped: OP21 (the new intergovernmental mechanism; its arguments are in the annex).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from accord.core.summary import (
    AnnexPoint,
    AnnexTopic,
    ConsensusCall,
    Constituency,
    Consultation,
    ContributionCall,
    GroupInfo,
    Meeting,
    Member,
    MemberRef,
    NamingPolicy,
    NegotiatingGroup,
    Objection,
    Recommendation,
    SourceRef,
    Stance,
    StanceKind,
    SummaryRecord,
    Version,
)

BASE = "https://accord.example/g/wgec"

G77 = (
    "Algeria",
    "Argentina",
    "Bangladesh",
    "Brazil",
    "Chile",
    "China",
    "Colombia",
    "Cuba",
    "Egypt",
    "Ghana",
    "India",
    "Indonesia",
    "Kenya",
    "Morocco",
    "Nigeria",
    "Pakistan",
    "Peru",
    "Philippines",
    "South Africa",
    "Thailand",
    "Ruritania",  # a member of the group that states its own positions
)
WEOG = (
    "Austria",
    "Belgium",
    "Canada",
    "Finland",
    "France",
    "Germany",
    "Norway",
    "Portugal",
    "Spain",
    "Sweden",
    "Switzerland",
)
OTHER_STATES = ("Bulgaria", "Japan", "Latvia", "Mexico", "Poland", "Türkiye")
OBJECTORS = ("Ruritania", "Borduria", "Syldavia")
STATES = tuple(sorted({*G77, *WEOG, *OTHER_STATES, *OBJECTORS}))
STAKEHOLDERS = {
    "private": (
        "Global Business Alliance",
        "Chamber of Digital Commerce",
        "Telecom Operators Forum",
        "Software Makers Council",
        "Small Enterprise Network",
    ),
    "civil": (
        "Rights Online",
        "Digital Equality Forum",
        "Open Society Network",
        "Community Media Coalition",
        "Privacy First",
    ),
    "technical": (
        "Internet Registry Association",
        "Network Operators Forum",
        "University Research Consortium",
        "Standards Engineering Forum",
        "Academic Internet Institute",
    ),
    "igo": (
        "Regional Development Bank",
        "International Telecommunication Organisation",
        "World Trade Office",
        "Cultural Heritage Organisation",
        "Regional Economic Commission",
    ),
}
CONSTITUENCIES = (
    Constituency("states", "Member States"),
    Constituency("private", "Private sector"),
    Constituency("civil", "Civil society"),
    Constituency("technical", "Technical and academic community"),
    Constituency("igo", "Intergovernmental and international organisations"),
)

RECOMMENDATION_TEXTS = {
    1: "Recognizes that enhanced cooperation should enable all Governments, on an equal "
    "footing, to carry out their roles in international public policy issues pertaining to "
    "the Internet.",
    2: "Encourages all stakeholders to participate fully in public policy processes "
    "pertaining to the Internet, in their respective roles.",
    3: "Invites Governments to publish information on national consultations on Internet "
    "public policy.",
    4: "Calls for the full participation of all stakeholders from developing countries in "
    "policy discussions.",
    5: "Encourages capacity-building for developing countries in Internet public policy.",
    6: "Recommends that existing institutions make their decision-making processes more "
    "transparent and inclusive.",
    7: "Invites relevant organizations to strengthen their cooperation with one another.",
    8: "Encourages the sharing of good practices in multistakeholder policymaking.",
    9: "Recommends that meetings on Internet public policy offer remote participation.",
    10: "Encourages stakeholders to contribute to the implementation of these recommendations.",
    11: "Invites the secretariat to compile an online inventory of Internet policy fora.",
    12: "Calls upon all actors to respect human rights online as offline.",
    13: "Recommends the creation of a voluntary fund for the participation of developing "
    "countries.",
    14: "Encourages the involvement of stakeholders in the design of national policies.",
    15: "Recommends that the private sector be consulted before any new regulation is adopted.",
    16: "Invites Governments to ensure that their delegations include diverse expertise.",
    17: "Encourages data collection on Internet access and affordability.",
    18: "Recommends a periodic review of progress on enhanced cooperation.",
    19: "Invites the Commission to monitor the implementation of these recommendations.",
    20: "Recommends that the General Assembly hold an annual debate on enhanced cooperation.",
    21: "Decides to establish an intergovernmental committee on Internet public policy.",
}
MECHANISM = RECOMMENDATION_TEXTS[21]


def ref(kind: str, label: str, path: str) -> SourceRef:
    return SourceRef(kind, label, f"{BASE}/{path}")  # type: ignore[arg-type]


def constituency_of(name: str) -> str:
    if name in STATES:
        return "states"
    return next(key for key, names in STAKEHOLDERS.items() if name in names)


def group_of(name: str) -> str:
    if name in G77:
        return "g77"
    if name in WEOG:
        return "weog"
    return ""


def all_members() -> tuple[str, ...]:
    return STATES + tuple(n for names in STAKEHOLDERS.values() for n in names)


def stances(
    key: str, own: dict[str, StanceKind], groups: dict[str, StanceKind] | None = None
) -> tuple[Stance, ...]:
    """Every member's effective stance: its own if listed (the objecting States always state
    their own), else its group's (``via_group`` set), else "support"."""
    groups = groups or {}
    out = []
    for i, name in enumerate(all_members(), start=1):
        group = group_of(name)
        if name in own or name in OBJECTORS or not group:
            kind = own.get(name, "support")
            member = MemberRef(name, constituency_of(name))
            label = f"Final position of {name} on {key}"
        else:
            kind = groups.get(group, "support")
            member = MemberRef(name, constituency_of(name), via_group=group)
            gname = "G77 and China" if group == "g77" else "WEOG"
            label = f"Position of the {gname} on {key}, counted for {name}"
        out.append(Stance(member, kind, ref("position", label, f"positions/{key.lower()}-{i}/")))
    return tuple(out)


def _kinds(names: tuple[str, ...] | list[str], kind: StanceKind) -> dict[str, StanceKind]:
    return dict.fromkeys(names, kind)


def stance_plan() -> dict[int, tuple[dict[str, StanceKind], dict[str, StanceKind]]]:
    """Recommendation number → (own stances, group stances), as designed in the docstring."""
    plan: dict[int, tuple[dict[str, StanceKind], dict[str, StanceKind]]] = {
        n: ({}, {}) for n in range(1, 22)
    }
    objections = {
        "Ruritania": (2, 4, 6, 8, 10, 12, 14),
        "Borduria": (4, 6, 10, 12, 16),
        "Syldavia": (12, 18),
    }
    for name, numbers in objections.items():
        for n in numbers:
            plan[n][0][name] = "object"
    plan[3][0]["Japan"] = "reservation"
    private, civil, igo = STAKEHOLDERS["private"], STAKEHOLDERS["civil"], STAKEHOLDERS["igo"]
    technical = STAKEHOLDERS["technical"]
    # OP11: 19 stand aside, 2 reserve: 39 of 58 accept (passes only if reserve is left out).
    plan[11] = (
        {**_kinds(OTHER_STATES, "stand_aside"), **_kinds(private[:2], "stand_aside")}
        | _kinds(igo[:2], "reserve"),
        {"weog": "stand_aside"},
    )
    # OP13: 21 stand aside: 39 of 60 accept, just below two thirds.
    plan[13] = (
        {**_kinds(OTHER_STATES, "stand_aside"), **_kinds(private[:4], "stand_aside")},
        {"weog": "stand_aside"},
    )
    # OP15: three of the five Civil society members object: a majority of the constituency.
    plan[15] = (_kinds(civil[:3], "object"), {})
    # OP17: two object, two support, one reserves: exactly half of those with a position.
    plan[17] = ({**_kinds(civil[:2], "object"), civil[4]: "reserve"}, {})
    # OP19: 20 stand aside: exactly 40 of 60 (two thirds) accept.
    plan[19] = (
        {**_kinds(OTHER_STATES, "stand_aside"), **_kinds(private[:3], "stand_aside")},
        {"weog": "stand_aside"},
    )
    # OP20: the annual General Assembly debate.
    plan[20] = (
        {
            "Ruritania": "support",
            "Borduria": "stand_aside",
            "Syldavia": "stand_aside",
            **_kinds(OTHER_STATES, "can_live_with"),
            **_kinds(private, "stand_aside"),
            **_kinds(technical, "stand_aside"),
            **_kinds(civil[3:], "can_live_with"),
            **_kinds(igo[:2], "reserve"),
            **_kinds(igo[2:], "can_live_with"),
        },
        {"weog": "dissociation"},
    )
    # OP21 (dropped): the mechanism.
    plan[21] = (
        {**_kinds(private, "object"), **_kinds(technical, "object")},
        {"weog": "object"},
    )
    return plan


def recommendations() -> tuple[Recommendation, ...]:
    plan = stance_plan()
    out = []
    for n in range(1, 22):
        key = f"OP{n}"
        own, groups = plan[n]
        contributions = tuple(
            ref("contribution", f"Contribution {c}", f"contributions/{c}/")
            for c in (n, n + 20)
            if c <= 52
        )
        if n == 4:  # a contribution label that names its author
            contributions += (
                ref("contribution", "Contribution 50 (Ruritania)", "contributions/50/"),
            )
        out.append(
            Recommendation(
                key=key,
                number=str(n),
                text=RECOMMENDATION_TEXTS[n],
                status="dropped" if n == 21 else "agreed",
                source=ref("version", f"Rev.2, {key}", f"drafts/report/3/#para_op{n}"),
                sources=contributions,
                stances=stances(key, own, groups),
            )
        )
    return tuple(out)


def annex() -> tuple[AnnexTopic, ...]:
    def turn(meeting: int, number: int, speaker: str) -> SourceRef:
        return ref(
            "turn",
            f"Meeting {meeting}, turn {number} ({speaker})",
            f"meetings/{meeting}/turns/{number}/",
        )

    civil = STAKEHOLDERS["civil"]
    points = (
        AnnexPoint(
            "for",
            "A dedicated intergovernmental body would allow all Governments to address "
            "international public policy issues on an equal footing.",
            (turn(5, 114, "Egypt on behalf of the G77 and China"),),
            negotiating_groups=("g77",),
        ),
        AnnexPoint(
            "for",
            "Existing institutions do not cover several public policy issues, which fall "
            "between their mandates.",
            (
                turn(5, 131, "Ruritania"),
                ref("contribution", "Contribution 17", "contributions/17/"),
            ),
            members=(MemberRef("Ruritania", "states"), MemberRef(civil[0], "civil")),
        ),
        AnnexPoint(
            "for",
            "A body of the United Nations would give developing countries a permanent forum.",
            (turn(4, 77, civil[1]),),
            members=(MemberRef(civil[1], "civil"),),
        ),
        AnnexPoint(
            "against",
            "A new body would duplicate the work of existing institutions and divert scarce "
            "resources.",
            (turn(5, 140, "Sweden on behalf of the WEOG"),),
            negotiating_groups=("weog",),
        ),
        AnnexPoint(
            "against",
            "An intergovernmental body would leave out the stakeholders whose participation "
            "the recommendations call for.",
            (turn(5, 152, STAKEHOLDERS["private"][0]), turn(5, 153, STAKEHOLDERS["technical"][0])),
            members=(
                MemberRef(STAKEHOLDERS["private"][0], "private"),
                MemberRef(STAKEHOLDERS["private"][1], "private"),
                MemberRef(STAKEHOLDERS["technical"][0], "technical"),
            ),
        ),
        AnnexPoint(
            "against",
            "Enhanced cooperation is already under way in many existing fora.",
            (ref("contribution", "Contribution 33", "contributions/33/"),),
            members=(MemberRef("Japan", "states"), MemberRef("Mexico", "states")),
        ),
    )
    return (
        AnnexTopic(
            key="mechanism",
            title="Arguments for and against a new intergovernmental mechanism",
            proposal_key="OP21",
            proposal_text=MECHANISM,
            points=points,
            sources=(
                ref("contribution", "Contribution 12 (Ruritania)", "contributions/12/"),
                ref("version", "Zero draft, OP21", "drafts/report/1/#para_op21"),
            ),
        ),
    )


def geneva_record(naming: NamingPolicy = "by_constituency") -> SummaryRecord:
    members = tuple(Member(name, constituency_of(name)) for name in all_members())
    call_source = ref("call", "Consensus call on Rev.2", "decisions/1/")

    def objection(name: str, numbers: tuple[int, ...]) -> Objection:
        return Objection(
            MemberRef(name, "states"),
            ref(
                "stance",
                f"Objection of {name} at the consensus call",
                f"stances/{all_members().index(name) + 1}/",
            ),
            paragraphs=tuple(f"OP{n}" for n in numbers),
            reason="Cannot accept the text as it stands.",
        )

    return SummaryRecord(
        group=GroupInfo(
            name="Working Group on Enhanced Cooperation",
            short_name="WGEC",
            parent_body="Commission on Science and Technology for Development",
            mandate="to develop recommendations on how to further implement enhanced "
            "cooperation as envisioned in the Tunis Agenda.",
            decision_rule="Consensus",
            start_date=dt.date(2024, 5, 2),
            end_date=dt.date(2026, 5, 15),
            naming=naming,
            source=ref("group", "The Working Group", ""),
        ),
        constituencies=CONSTITUENCIES,
        members=members,
        negotiating_groups=(
            NegotiatingGroup("g77", "G77 and China", G77),
            NegotiatingGroup("weog", "Western European and Others Group", WEOG),
        ),
        meetings=(
            Meeting(
                "First meeting",
                dt.date(2024, 9, 23),
                dt.date(2024, 9, 25),
                ref("meeting", "First meeting", "meetings/1/"),
                venue="Geneva",
                days=3,
                turns=410,
            ),
            Meeting(
                "Second meeting",
                dt.date(2025, 1, 27),
                dt.date(2025, 1, 29),
                ref("meeting", "Second meeting", "meetings/2/"),
                venue="Geneva",
                days=3,
                turns=388,
            ),
            Meeting(
                "Third meeting",
                dt.date(2025, 5, 5),
                dt.date(2025, 5, 6),
                ref("meeting", "Third meeting", "meetings/3/"),
                venue="Geneva",
                days=2,
                turns=260,
            ),
            Meeting(
                "Fourth meeting",
                dt.date(2025, 10, 6),
                dt.date(2025, 10, 8),
                ref("meeting", "Fourth meeting", "meetings/4/"),
                venue="Geneva",
                days=3,
                turns=402,
            ),
            Meeting(
                "Fifth meeting",
                dt.date(2026, 1, 29),
                dt.date(2026, 1, 31),
                ref("meeting", "Fifth meeting", "meetings/5/"),
                venue="Geneva",
                days=3,
                turns=515,
            ),
        ),
        calls=(
            ContributionCall(
                title="Call for contributions on enhanced cooperation",
                source=ref("call", "Call for contributions", "calls/1/"),
                questions=(
                    "What are the high-level characteristics of enhanced cooperation?",
                    "What recommendations should the Working Group make?",
                ),
                deadline=dt.date(2024, 12, 15),
                total=52,
                by_constituency=(
                    ("states", 20),
                    ("private", 4),
                    ("civil", 5),
                    ("technical", 5),
                    ("igo", 3),
                ),
                public=13,
                late=3,
            ),
        ),
        versions=(
            Version(
                "Zero draft",
                "zero_draft",
                dt.date(2025, 9, 1),
                ref("version", "Zero draft", "drafts/report/1/"),
            ),
            Version(
                "Rev.1",
                "revision",
                dt.date(2025, 12, 1),
                ref("version", "Rev.1", "drafts/report/2/"),
            ),
            Version(
                "Rev.2",
                "revision",
                dt.date(2026, 1, 30),
                ref("version", "Rev.2", "drafts/report/3/"),
            ),
        ),
        consultations=(
            Consultation(
                paragraphs=("OP7", "OP8", "OP9"),
                source=ref("meeting", "Informal consultations on OP7–OP9", "consultations/1/"),
                facilitators=("Ms. Anna Lindqvist",),
                first_day=dt.date(2025, 11, 10),
                last_day=dt.date(2025, 11, 20),
            ),
        ),
        consensus_calls=(
            ConsensusCall(
                date=dt.date(2026, 1, 31),
                adopted=False,
                source=call_source,
                version_label="Rev.2",
                objections=(
                    objection("Ruritania", (2, 4, 6, 8, 10, 12, 14)),
                    objection("Borduria", (4, 6, 10, 12, 16)),
                    objection("Syldavia", (12, 18)),
                ),
            ),
        ),
        recommendations=recommendations(),
        annex=annex(),
    )


def consensus_record() -> SummaryRecord:
    """The variant that reaches consensus: every member supports every recommendation."""
    record = geneva_record()
    recs = tuple(
        replace(rec, stances=stances(rec.key, {}), status="agreed")
        for rec in record.recommendations[:20]
    )
    call = replace(record.consensus_calls[0], adopted=True, objections=())
    return replace(record, recommendations=recs, consensus_calls=(call,), annex=())
