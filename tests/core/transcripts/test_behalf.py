"""Speaker labels that speak on behalf of a negotiating group: splitting, parsing, matching."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.core.transcripts import (
    GroupMatcher,
    LabelMatch,
    SpeakerLabel,
    SpeakerMatcher,
    match_label,
    normalise_group,
    parse_transcript,
    split_speaker_label,
)

LABELS = [
    # The two labels of the issue, as the captioner wrote them (">>" and ":" are the format's).
    ("SOUTH AFRICA ON BEHALF OF THE G77 AND CHINA", ("SOUTH AFRICA", "THE G77 AND CHINA")),
    ("NORWAY, ON BEHALF OF EIG", ("NORWAY", "EIG")),
    ("Egypt on behalf of the Arab Group", ("Egypt", "the Arab Group")),
    (
        "Mexico, on behalf of the Environmental Integrity Group",
        ("Mexico", "the Environmental Integrity Group"),
    ),
    (
        "the distinguished delegate of Brazil, speaking on behalf of the Like-Minded Group",
        ("the distinguished delegate of Brazil", "the Like-Minded Group"),
    ),
    # Speaking for its own member States: the group it forms.
    ("EUROPEAN UNION (ON BEHALF OF ITS MEMBER STATES)", ("EUROPEAN UNION", "EUROPEAN UNION")),
    ("EU [on behalf of its 27 member States]", ("EU", "EU")),
    ("Union européenne (au nom de ses États membres)", ("Union européenne", "Union européenne")),
    ("Brazil (on behalf of the G77)", ("Brazil", "the G77")),
    (
        "Switzerland (on behalf of the Environmental Integrity Group (EIG))",
        ("Switzerland", "the Environmental Integrity Group (EIG)"),
    ),
    ("Philippines, for and on behalf of the G77", ("Philippines", "the G77")),
    (
        "Norway, also on behalf of Iceland and Liechtenstein",
        ("Norway", "Iceland and Liechtenstein"),
    ),
    ("Mali, speaking for the Least Developed Countries", ("Mali", "the Least Developed Countries")),
    # The group first, then the speaker.
    ("Speaking for the African Group, Nigeria", ("Nigeria", "the African Group")),
    ("On behalf of the G77 and China, South Africa", ("South Africa", "the G77 and China")),
    ("Speaking on behalf of the African Group - Nigeria", ("Nigeria", "the African Group")),
    ("ON BEHALF OF THE AFRICAN GROUP", ("", "THE AFRICAN GROUP")),
    # French and Spanish: the article goes with the phrase.
    ("Maroc, au nom du Groupe africain", ("Maroc", "Groupe africain")),
    ("France, au nom de l'Union européenne", ("France", "Union européenne")),
    ("Argentina, en nombre del Grupo de los 77 y China", ("Argentina", "Grupo de los 77 y China")),
    ("Perú, en representación de la Alianza del Pacífico", ("Perú", "Alianza del Pacífico")),
    # Names that contain "of" are never split.
    ("REPUBLIC OF KOREA", ("REPUBLIC OF KOREA", None)),
    ("UNITED STATES OF AMERICA", ("UNITED STATES OF AMERICA", None)),
    ("Islamic Republic of Iran", ("Islamic Republic of Iran", None)),
    (
        "Distinguished delegate of the Federative Republic of Brazil",
        ("Distinguished delegate of the Federative Republic of Brazil", None),
    ),
    (
        "Bolivia (Plurinational State of), on behalf of the LMDC",
        ("Bolivia (Plurinational State of)", "the LMDC"),
    ),
    ("REPUBLIC OF KOREA ON BEHALF OF THE EIG", ("REPUBLIC OF KOREA", "THE EIG")),
    (
        "UNITED STATES OF AMERICA, ON BEHALF OF THE UMBRELLA GROUP",
        ("UNITED STATES OF AMERICA", "THE UMBRELLA GROUP"),
    ),
    # Other labels: no group.
    ("Minister for Foreign Affairs", ("Minister for Foreign Affairs", None)),
    ("CHAIR", ("CHAIR", None)),
    ("CHAIR (Brazil)", ("CHAIR (Brazil)", None)),
    ("Lebanon behalf of x", ("Lebanon behalf of x", None)),
    ("On behalf of", ("On behalf of", None)),
    ("Brazil on behalf of", ("Brazil on behalf of", None)),
    ("", ("", None)),
]


@pytest.mark.parametrize(("label", "expected"), LABELS)
def test_split_speaker_label(label: str, expected: tuple[str, str | None]) -> None:
    assert split_speaker_label(label) == SpeakerLabel(*expected)


def test_split_result_has_names() -> None:
    split = split_speaker_label("NORWAY, ON BEHALF OF EIG")
    assert (split.speaker, split.on_behalf_of) == ("NORWAY", "EIG")


@given(st.text(max_size=400))
def test_split_never_raises_and_keeps_the_words(label: str) -> None:
    speaker, group = split_speaker_label(label)
    if group is None:
        assert speaker == " ".join(label.split())


def test_long_adversarial_labels_are_fast() -> None:
    start = time.perf_counter()
    for label in ["(" * 290 + "behalf", ("on behalf of " * 30)[:299], " ," * 149 + "behalf"]:
        split_speaker_label(label)
    split_speaker_label("x on behalf of y " * 100_000)  # too long to be a label: not split
    assert time.perf_counter() - start < 1


CAPTIONING = """Captioning is provided to facilitate communication; it is not a verbatim record.
>>CHAIR: Good morning. I give the floor to South Africa.
>> SOUTH AFRICA ON BEHALF OF THE G77 AND CHINA: Thank you, Chair. The Group associates itself
with the statement on finance.
>> NORWAY, ON BEHALF OF EIG: Thank you. The Environmental Integrity Group supports the text.
>> EUROPEAN UNION (ON BEHALF OF ITS MEMBER STATES): The EU and its member States agree.
>> the distinguished delegate of Brazil, speaking on behalf of the Like-Minded Group: Brazil.
>> REPUBLIC OF KOREA: Korea supports paragraph 12.
>> UNITED STATES OF AMERICA: We have a question.
>> Speaking for the African Group, Nigeria: We request more time.
>> I think, on behalf of everyone here, that this is right: a sentence, not a label.
"""


def test_captioning_keeps_behalf_labels_as_speakers() -> None:
    turns = parse_transcript(CAPTIONING).turns
    assert [turn.speaker for turn in turns] == [
        "CHAIR",
        "SOUTH AFRICA ON BEHALF OF THE G77 AND CHINA",
        "NORWAY, ON BEHALF OF EIG",
        "EUROPEAN UNION (ON BEHALF OF ITS MEMBER STATES)",
        # Captioning labels start with a capital: this one is not a label, the turn is kept.
        "Unknown speaker",
        "REPUBLIC OF KOREA",
        "UNITED STATES OF AMERICA",
        "Speaking for the African Group, Nigeria",
        "Unknown speaker",
    ]
    assert turns[1].text == (
        "Thank you, Chair. The Group associates itself with the statement on finance."
    )
    assert turns[4].text.startswith("the distinguished delegate of Brazil, speaking on behalf")


def test_colon_and_timestamped_formats() -> None:
    colon = parse_transcript(
        "CHAIR: Welcome.\n\nNORWAY, ON BEHALF OF EIG: Thank you.\n\n"
        "Mexico, on behalf of the Environmental Integrity Group: Agreed.\n"
    )
    assert colon.format == "colon"
    assert colon.speakers == (
        "CHAIR",
        "NORWAY, ON BEHALF OF EIG",
        "Mexico, on behalf of the Environmental Integrity Group",
    )
    stamped = parse_transcript(
        "[10:00] Chair: Welcome.\n"
        "[10:01] the distinguished delegate of Brazil, speaking on behalf of the Like-Minded "
        "Group: Thank you.\n"
    )
    assert stamped.speakers[1] == (
        "the distinguished delegate of Brazil, speaking on behalf of the Like-Minded Group"
    )


def test_prose_with_on_behalf_of_is_not_a_label() -> None:
    text = (
        "CHAIR: Welcome.\n\nKENYA: Thanks.\n\nWe thank them, on behalf of all of us, for this: x\n"
    )
    parsed = parse_transcript(text)
    assert parsed.speakers == ("CHAIR", "KENYA")
    assert "on behalf of all of us" in parsed.turns[1].text


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("the G77 and China", "g77 and china"),
        ("G77 AND CHINA", "g77 and china"),
        ("G-77 & China", "g77 and china"),
        ("Group of 77 and China", "group of 77 and china"),
        ("du Groupe africain", "groupe africain"),
        ("l'Union européenne", "union europeenne"),
        ("THE EIG", "eig"),
    ],
)
def test_normalise_group(name: str, normal: str) -> None:
    assert normalise_group(name) == normal


SPEAKERS = SpeakerMatcher(
    {
        "ZAF": ["South Africa", "ZAF"],
        "NOR": ["Norway"],
        "EU": ["European Union"],
        "KOR": ["Republic of Korea"],
        "USA": ["United States of America"],
        "BRA": ["Brazil"],
        "NGA": ["Nigeria"],
        "chair": ["Chair"],
    }
)
GROUPS = GroupMatcher(
    {
        "g77": ["G77 and China", "Group of 77 and China", "G-77"],
        "eig": ["Environmental Integrity Group (EIG)"],
        "eu": ["European Union", "EU"],
        "african": ["African Group", "Groupe africain"],
        "lmdc": ["Like-Minded Developing Countries", "LMDC", "Like-Minded Group"],
    }
)


@pytest.mark.parametrize(
    ("label", "speaker", "group"),
    [
        ("SOUTH AFRICA ON BEHALF OF THE G77 AND CHINA", "ZAF", "g77"),
        ("South Africa, on behalf of the Group of 77 and China", "ZAF", "g77"),
        ("ZAF on behalf of G-77", "ZAF", "g77"),
        ("NORWAY, ON BEHALF OF EIG", "NOR", "eig"),
        ("Norway on behalf of the Environmental Integrity Group", "NOR", "eig"),
        ("EUROPEAN UNION (ON BEHALF OF ITS MEMBER STATES)", "EU", "eu"),
        (
            "the distinguished delegate of Brazil, speaking on behalf of the Like-Minded Group",
            "BRA",
            "lmdc",
        ),
        ("Speaking for the African Group, Nigeria", "NGA", "african"),
        ("REPUBLIC OF KOREA ON BEHALF OF THE EIG", "KOR", "eig"),
        ("UNITED STATES OF AMERICA", "USA", None),
        ("REPUBLIC OF KOREA", "KOR", None),
        # A group nobody listed: the speaker stays, the group is empty.
        ("Norway, on behalf of the Alliance of Small Island States", "NOR", None),
        # An unknown person speaking for a member: the member speaks.
        ("Ms. Lima, on behalf of Brazil", "BRA", None),
        # Only the group's name.
        ("G77 AND CHINA", None, "g77"),
        ("ON BEHALF OF THE AFRICAN GROUP", None, "african"),
        ("Mr. Smith", None, None),
        ("Chair", "chair", None),
    ],
)
def test_match_label(label: str, speaker: str | None, group: str | None) -> None:
    found = match_label(label, SPEAKERS, GROUPS)
    assert (found.speaker, found.on_behalf_of) == (speaker, group)


def test_match_label_keeps_the_parts() -> None:
    assert match_label("NORWAY, ON BEHALF OF AOSIS", SPEAKERS, GROUPS) == LabelMatch(
        speaker="NOR", on_behalf_of=None, speaker_part="NORWAY", group_part="AOSIS"
    )


def test_speaker_matcher_alone_matches_the_speaker_part() -> None:
    assert SPEAKERS.match("SOUTH AFRICA ON BEHALF OF THE G77 AND CHINA") == "ZAF"
    assert SPEAKERS.match("NORWAY, ON BEHALF OF EIG") == "NOR"


def test_group_matcher() -> None:
    assert GROUPS.match("EIG") == "eig"
    assert GROUPS.match("the Environmental Integrity Group") == "eig"
    assert GROUPS.match("the G77 and China (cont.)") == "g77"
    assert GROUPS.match("du Groupe africain") == "african"
    assert GROUPS.match("") is None
    assert GROUPS.match(None) is None
    assert GROUPS.match("Umbrella Group") is None


def test_a_name_two_groups_share_matches_neither() -> None:
    groups = GroupMatcher({1: ["Arab Group", "AG"], 2: ["African Group", "AG"]})
    assert groups.match("AG") is None
    assert groups.match("the Arab Group") == 1
