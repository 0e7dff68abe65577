"""Invented text for the demonstration group: statements, contributions, mail.

Everything is composed from the phrase banks below with a seeded generator, so the demo is the
same on every machine and the tests can count what it holds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

CONCEPT = "enhanced digital cooperation"

# The themes that contributions propose and delegations speak to; the last is the contested one.
THEMES: list[tuple[str, str]] = [
    (
        "participation",
        "the full and meaningful participation of all stakeholders, in their respective roles",
    ),
    (
        "developing",
        "the effective participation of developing countries, including least developed countries",
    ),
    ("capacity", "capacity building for policy makers and regulators on Internet public policy"),
    ("forum", "a stronger Internet Governance Forum with intersessional work that feeds decisions"),
    ("transparency", "the transparency and accountability of existing cooperation processes"),
    ("mapping", "a regularly updated mapping of where Internet public policy issues are discussed"),
    ("connectivity", "affordable access and meaningful connectivity for the next billion users"),
    (
        "remote",
        "remote participation and travel support so that small delegations can follow the work",
    ),
    ("multilingual", "multilingual content and internationalised domain names"),
    ("security", "cooperation on the security and stability of critical Internet resources"),
    ("rights", "the protection of human rights online as offline"),
    ("gender", "closing the gender gap in access and in policy processes"),
    ("data", "trusted cross-border data flows with safeguards for privacy"),
    ("coordination", "coordination among United Nations agencies working on digital issues"),
    ("reporting", "annual reporting to the Commission on progress in implementation"),
    ("funding", "predictable funding for participation and for the Forum's secretariat"),
    ("sids", "the specific needs of small island developing States and landlocked countries"),
    ("research", "evidence and research partnerships with the academic community"),
    ("emergency", "cooperation in responding to large-scale network incidents"),
    ("mechanism", "a new intergovernmental mechanism on international Internet public policy"),
]

OPENERS = [
    "Thank you, Chair.",
    "Thank you very much, Chair, and good morning to all colleagues.",
    "Thank you, Madam Vice-Chair, and thanks to the secretariat for the documents.",
    "Chair, we thank you for your guidance this morning.",
    "Thank you. We align ourselves with the statement just made and add a few points "
    "in our national capacity.",
]
SUPPORT = [
    "We support {theme}, and we believe the report should say so clearly.",
    "Our delegation sees {theme} as the heart of this exercise.",
    "We would like the recommendations to give real weight to {theme}.",
    "In our experience at home, {theme} has made the difference between talk and results.",
]
CAUTION = [
    "We are not convinced that {theme} needs a new body; existing institutions can do this work.",
    "We have concerns about the wording on {theme}, which goes beyond our mandate.",
    "On {theme}, we prefer to wait for the revised text before taking a view.",
    "We cannot accept language on {theme} that prejudges the outcome of other processes.",
]
DETAIL = [
    "The text should be concrete, time-bound and measurable.",
    "We ask that the secretariat circulate the compilation well before the next meeting.",
    "We have submitted written comments and will not repeat them here.",
    "Several contributions from civil society make this point convincingly.",
    "We are flexible on the form, but not on the substance.",
    "We count on your leadership, Chair, to find language that all can live with.",
    "Our capital is still studying the proposal and we reserve our position.",
    "This is an issue where the technical community has much to offer.",
]
CHAIR_MOVES = [
    "Thank you. I give the floor to {next}.",
    "Thank you for that statement. Next on my list is {next}.",
    "I thank the distinguished delegate. {next}, you have the floor.",
    "Thank you. Before we continue, I remind delegations to keep statements to three "
    "minutes. {next}, please.",
]
AGENDA_TITLES = [
    "Opening of the meeting and adoption of the agenda",
    "High-level characteristics of {concept}",
    "Synthesis of contributions received",
    "Discussion of the draft recommendations",
    "Working methods and next steps",
    "Closing of the meeting",
]


@dataclass(frozen=True)
class Speaker:
    key: str  # member slug or role key ("chair", "secretariat")
    label: str  # how the captioner writes the name
    theme_bias: int  # index of the theme this speaker cares most about


def statement(rng: random.Random, theme_index: int, cautious: bool) -> str:
    theme = THEMES[theme_index][1]
    parts = [rng.choice(OPENERS)]
    parts.append(rng.choice(CAUTION if cautious else SUPPORT).format(theme=theme))
    second = THEMES[(theme_index + rng.randint(1, 5)) % len(THEMES)][1]
    parts.append(rng.choice(SUPPORT).format(theme=second))
    parts.extend(rng.sample(DETAIL, k=rng.randint(1, 3)))
    parts.append("Thank you.")
    return " ".join(parts)


def captioning_transcript(
    rng: random.Random,
    speakers: list[Speaker],
    *,
    meeting_title: str,
    day_number: int,
    turns: int,
    cautious_keys: set[str],
) -> str:
    """One day of real-time captioning: '>>NAME:' turns, the chair between speakers."""
    lines = [
        f"{meeting_title.upper()} -- DAY {day_number}",
        "ROUGH EDITED COPY: this is not a verbatim record.",
        "",
        f">>CHAIR: Good morning, distinguished delegates. I call to order day {day_number} of this "
        f"meeting of the working group on {CONCEPT}. We continue where we left off yesterday.",
    ]
    order = rng.sample(speakers, k=min(turns, len(speakers)))
    for position, speaker in enumerate(order):
        theme_index = speaker.theme_bias if rng.random() < 0.6 else rng.randrange(len(THEMES))
        text = statement(
            rng, theme_index, cautious=speaker.key in cautious_keys and rng.random() < 0.7
        )
        lines.append(f">>{speaker.label.upper()}: {text}")
        if position + 1 < len(order):
            lines.append(
                ">>CHAIR: " + rng.choice(CHAIR_MOVES).format(next=order[position + 1].label)
            )
    lines.append(
        ">>SECRETARIAT: The secretariat will circulate the updated documents this evening."
    )
    lines.append(">>CHAIR: Thank you all. The meeting is adjourned until tomorrow at ten. (Gavel)")
    return "\n".join(lines) + "\n"


def contribution_answers(
    rng: random.Random, author: str, themes: list[int], *, length: int
) -> tuple[str, str]:
    """Answers to question 1 (characteristics) and question 2 (recommendations)."""
    q1 = [
        f"{author} welcomes the opportunity to contribute to the work of the group.",
        f"In our view, {CONCEPT} should be inclusive, transparent and grounded in the existing "
        "division of roles among governments, the private sector, civil society, the technical "
        "community and international organisations.",
    ]
    for _ in range(length):
        q1.append(rng.choice(DETAIL))
    q2 = []
    for number, theme_index in enumerate(themes, start=1):
        theme = THEMES[theme_index][1]
        q2.append(
            f"Recommendation {number}: the group should recommend {theme}. " + rng.choice(DETAIL)
        )
    return " ".join(q1), "\n\n".join(q2)


CAMPAIGN_TEXT = (
    "I am writing as a member of the public to ask the working group to keep the Internet open "
    "and to make sure that ordinary users, not only governments, have a say in decisions about it. "
    "Please recommend the full participation of all stakeholders."
)


def mail_thread_bodies(rng: random.Random) -> list[tuple[str, list[str]]]:
    """(subject, bodies) for the group's mailing list: a thread per topic, replies after."""
    return [
        (
            "Logistics for the first meeting",
            [
                "Dear colleagues, the first meeting will take place in Room XVII. Badges can be "
                "collected from 8:30. Remote participation details follow.",
                "Thank you. Could the secretariat confirm whether interpretation will be provided?",
                "Interpretation into the six official languages is confirmed for the plenary "
                "sessions.",
            ],
        ),
        (
            "Call for contributions: reminder",
            [
                "This is a reminder that the call for contributions closes on 15 December. "
                "Late submissions will be marked as such.",
                "Will contributions in languages other than English be accepted?",
                "Yes. Contributions in any official language are welcome; the secretariat will "
                "prepare unofficial translations for the compilation.",
            ],
        ),
        (
            "Compilation of recommendations",
            [
                "Please find the compilation of recommendations found in the contributions, "
                "numbered per author, on the group's page.",
                "Several of our proposals on capacity building appear under two headings. "
                "Could they be merged?",
                "Agreed; the next version will group near-duplicate proposals together.",
                "We support merging them and suggest the same for remote participation.",
            ],
        ),
        (
            "Zero draft circulated",
            [
                "The Chair's zero draft of about twenty recommendations is now available, with "
                "links to the contributions each recommendation came from.",
                "Thank you. The section on arguments for and against a new mechanism is balanced.",
                "We disagree: the section gives too much weight to the arguments against.",
            ],
        ),
        (
            "Informal consultations on paragraphs 7 to 9",
            [
                "The facilitator will hold informal consultations on paragraphs 7, 8 and 9 on "
                "Tuesday afternoon.",
                "Can remote participants join the informal consultations?",
            ],
        ),
        (
            "Personal report of the final meeting",
            [
                "Dear colleagues, a short personal account of our last meeting. We came very close "
                "late on the final night: a compromise that dropped one contested recommendation "
                "was nearly agreed. Then two or three delegations objected to about half of the "
                "recommendations, including those on the full participation of all stakeholders, "
                "and consensus could not be reached. The Chair will issue a summary under his own "
                "responsibility. Many thanks to the Chair and the secretariat for their patience.",
                "Thank you for this account; it matches our own notes.",
                "A disappointment, but the broad support for most recommendations is on record.",
            ],
        ),
    ]
