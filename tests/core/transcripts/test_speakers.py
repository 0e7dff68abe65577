"""Matching speaker labels to members and roles."""

from __future__ import annotations

import pytest

from accord.core.transcripts import SpeakerMatcher, normalise_speaker, parse_transcript

CANDIDATES = {
    "BRA": ["Brazil", "Federative Republic of Brazil", "BRA"],
    "NOR": ["Norway"],
    "USA": ["United States", "United States of America"],
    "chair": ["Chair", "Chairman", "Madam Chair", "The Chair"],
}


@pytest.mark.parametrize(
    ("label", "key"),
    [
        (">>BRAZIL:", "BRA"),
        ("BRAZIL", "BRA"),
        ("DELEGATE OF BRAZIL", "BRA"),
        ("Distinguished delegate of the Federative Republic of Brazil", "BRA"),
        ("H.E. Ambassador of BRAZIL", "BRA"),
        ("Brazil delegation", "BRA"),
        ("Brazil (on behalf of the G77)", "BRA"),
        ("bra", "BRA"),
        ("Mr. Chair", "chair"),
        ("Madam Chair", "chair"),
        ("THE CHAIR", "chair"),
        ("CHAIRMAN", "chair"),
        ("CHAIR (Brazil)", "chair"),
        ("Representative of the United States", "USA"),
        ("REPRESENTATIVE OF NORWAY", "NOR"),
        ("Ms. Norway", "NOR"),
        ("Kenya", None),
        ("Madam", None),
        ("", None),
        ("Republic", None),
    ],
)
def test_match(label: str, key: str | None) -> None:
    assert SpeakerMatcher(CANDIDATES).match(label) == key


def test_ambiguous_alias_matches_nothing() -> None:
    matcher = SpeakerMatcher({"co-chair-1": ["Co-Chair", "Ms. Lima"], "co-chair-2": ["Co-Chair"]})
    assert matcher.match("CO-CHAIR") is None
    assert matcher.match("Ms Lima") == "co-chair-1"


def test_keys_can_be_any_hashable() -> None:
    matcher = SpeakerMatcher({17: ["Côte d'Ivoire"], 18: ["Türkiye"]})
    assert matcher.match("COTE D'IVOIRE") == 17
    assert matcher.match("Turkiye") == 18


def test_normalise_speaker() -> None:
    assert normalise_speaker(">>H.E. Ambassador of BRAZIL:") == "brazil"
    assert normalise_speaker("The Distinguished Representative of the Philippines") == (
        "philippines"
    )
    assert normalise_speaker("Mr.") == "mr"  # an honorific alone is kept, not emptied


def test_matching_parsed_turns() -> None:
    text = ">>THE CHAIR: Brazil, you have the floor.\n>>BRAZIL: Thank you.\n>> Inaudible.\n"
    matcher = SpeakerMatcher(CANDIDATES)
    keys = [matcher.match(turn.speaker) for turn in parse_transcript(text).turns]
    assert keys == ["chair", "BRA", None]
