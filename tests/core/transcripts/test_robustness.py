"""Bad input gives TranscriptFormatError with a useful message, never another exception."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.transcripts import (
    FORMATS,
    ParsedTranscript,
    TranscriptFormatError,
    detect_format,
    parse_transcript,
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The transcript is empty."),
        ("\ufeff \r\n\t\n", "The transcript is empty."),
        ("\x00\x01\x02PK\x03\x04garbage", "binary data"),
        ("\ufffd" * 50 + "CHAIR: hi\nKENYA: hello", "binary data"),
        ("Just a paragraph of prose.\nAnd another line.", "Unrecognised transcript format"),
        ("Note: x\nSource: y\nDate: today\n", "Unrecognised transcript format"),
        (">> quoted e-mail text\n>> more quoted text\n", "Unrecognised transcript format"),
        ("1\n00:00:00,000 --> 00:00:02,000\n\n", "Unrecognised transcript format"),
    ],
)
def test_clear_errors(text: str, message: str) -> None:
    with pytest.raises(TranscriptFormatError, match=message):
        parse_transcript(text)


def test_error_message_names_the_formats() -> None:
    with pytest.raises(TranscriptFormatError) as caught:
        detect_format("nothing here")
    assert str(caught.value) == (
        "Unrecognised transcript format: expected '>>SPEAKER:' captioning, 'SPEAKER: text', "
        "'[time] Name: text' or SRT cues."
    )


def test_unknown_format_name() -> None:
    with pytest.raises(TranscriptFormatError, match="Unknown transcript format 'vtt'"):
        parse_transcript("CHAIR: hi\nKENYA: hello", format="vtt")


def test_error_is_a_value_error() -> None:
    assert issubclass(TranscriptFormatError, ValueError)


def test_single_timestamped_turn_is_enough() -> None:
    parsed = parse_transcript("[09:00] Chair: Opening the session.")
    assert (parsed.format, len(parsed.turns)) == ("timestamped", 1)


def test_huge_single_line_is_fast_and_rejected() -> None:
    with pytest.raises(TranscriptFormatError):
        parse_transcript("a:" * 200_000)


# Characters the parsers treat specially, so that random text often looks almost valid.
_ALPHABET = st.sampled_from(list("ab AB:：>[]-\n\r\t0123456789,.上午下午\ufeff"))
_LINE_PIECES = st.sampled_from(
    [
        ">>CHAIR: ",
        "CHAIR: ",
        "[10:15 AM] ",
        "[下午06:38:27] Bestian: ",
        "1\n",
        "\n\n",
        "00:00:01,000 --> 00:00:02,000\n",
        "Note: ",
        "https://x.org ",
        "(Applause)\n",
        ">> ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(_ALPHABET), st.lists(_LINE_PIECES | st.text()).map("".join)))
def test_any_text_parses_or_raises_format_error(text: str) -> None:
    try:
        parsed = parse_transcript(text)
    except TranscriptFormatError as error:
        assert str(error)
        return
    assert isinstance(parsed, ParsedTranscript)
    assert parsed.format in FORMATS
    assert parsed.turns
    assert [turn.index for turn in parsed.turns] == list(range(len(parsed.turns)))
    assert all(turn.text and turn.speaker for turn in parsed.turns)


@settings(max_examples=100, deadline=None)
@given(st.text(), st.sampled_from(FORMATS))
def test_any_text_with_explicit_format(text: str, name: str) -> None:
    try:
        parsed = parse_transcript(text, format=name)
    except TranscriptFormatError:
        return
    assert parsed.format == name
