"""Each format on small invented samples, and format detection."""

from __future__ import annotations

import pytest

from accord.core.transcripts import (
    FORMATS,
    UNKNOWN_SPEAKER,
    TranscriptFormatError,
    Turn,
    detect_format,
    parse_transcript,
)

CAPTIONING = """\
RAW FILE
OPEN-ENDED WORKING GROUP ON DIGITAL COOPERATION
THIRD SESSION

>>CHAIR: Good morning, distinguished delegates. I call the
third meeting to order.
(Applause)
We turn to agenda item 4.
>> BRAZIL: Thank you, Madam Chair. Brazil
aligns itself with the statement of the Group of 77.
[ Gavel ]
>> We cannot hear the interpretation in booth three.
>>THE CHAIR: Thank you. At 10:30 we will resume.
>>REPRESENTATIVE OF NORWAY: Norway supports paragraph 12.
"""

COLON = """\
Informal consultations on the zero draft

Chair: Welcome everyone. Note: the room closes at 18:00.
Let us begin.
Note: interpretation is available in six languages.
Kenya: We propose to delete the brackets in paragraph 3.
See https://example.org/draft for the text.
Mr. Okafor: We support Kenya.
10:30 coffee break
Chair: Thank you.
"""

TIMESTAMPED = """\
[10:15 AM] Ana Lima: Good morning.

[10:16 AM] Chair: Welcome.
Second line pasted.

[11:59 PM] Ana Lima: Still here.
[12:01 AM] Chair: Past midnight now.
"""

SRT = """\
1
0:00:00,000 -->  0:00:02,000
CHAIR: Welcome to the
session.

2
0:00:02,000 --> 0:00:04,500
Please be seated.

3
00:00:05,000 --> 00:00:07,000
KENYA: Thank you.

4
00:00:07,000 --> 00:00:09,000
We agree.
"""


def test_captioning() -> None:
    parsed = parse_transcript(CAPTIONING)
    assert parsed.format == "captioning"
    assert parsed.preamble == (
        "RAW FILE\nOPEN-ENDED WORKING GROUP ON DIGITAL COOPERATION\nTHIRD SESSION"
    )
    assert [(t.speaker, t.text) for t in parsed.turns] == [
        (
            "CHAIR",
            "Good morning, distinguished delegates. I call the third meeting to order. "
            "(Applause) We turn to agenda item 4.",
        ),
        (
            "BRAZIL",
            "Thank you, Madam Chair. Brazil aligns itself with the statement of the Group of 77. "
            "[ Gavel ]",
        ),
        (UNKNOWN_SPEAKER, "We cannot hear the interpretation in booth three."),
        ("THE CHAIR", "Thank you. At 10:30 we will resume."),
        ("REPRESENTATIVE OF NORWAY", "Norway supports paragraph 12."),
    ]
    assert all(t.time_offset is None and t.time_of_day is None for t in parsed.turns)


def test_colon_ignores_notes_urls_and_times() -> None:
    parsed = parse_transcript(COLON)
    assert parsed.format == "colon"
    assert parsed.preamble == "Informal consultations on the zero draft"
    assert parsed.turns == (
        Turn(
            0,
            "Chair",
            "Welcome everyone. Note: the room closes at 18:00.\nLet us begin.\n"
            "Note: interpretation is available in six languages.",
        ),
        Turn(
            1,
            "Kenya",
            "We propose to delete the brackets in paragraph 3.\n"
            "See https://example.org/draft for the text.",
        ),
        Turn(2, "Mr. Okafor", "We support Kenya.\n10:30 coffee break"),
        Turn(3, "Chair", "Thank you."),
    )


def test_colon_markdown_bold_and_cjk_labels() -> None:
    text = "**CHAIR:** Opening.\n**日本:** ありがとうございます。\n**CHAIR**: Closing.\n"
    parsed = parse_transcript(text)
    assert [(t.speaker, t.text) for t in parsed.turns] == [
        ("CHAIR", "Opening."),
        ("日本", "ありがとうございます。"),
        ("CHAIR", "Closing."),
    ]


def test_colon_needs_the_file_to_look_like_a_transcript() -> None:
    prose = "\n\n".join(
        [
            "Source: UN Secretariat, 2024.",
            "The working group met twice. Delegations exchanged views on the draft.",
            "Several proposals were made on paragraph 3.",
            "Jane Smith: a note on methods follows.",
            "The chair closed the meeting at noon.",
            "Further consultations are planned.",
            "Documents are available online.",
            "The next session opens in May.",
            "A report will follow.",
        ]
    )
    with pytest.raises(TranscriptFormatError, match="Unrecognised transcript format"):
        parse_transcript(prose)
    # Asked for explicitly, the one speaker-like line still makes a turn.
    forced = parse_transcript(prose, format="colon")
    assert [t.speaker for t in forced.turns] == ["Jane Smith"]


@pytest.mark.parametrize(
    "line",
    [
        "Note: the meeting is recorded.",
        "https://example.org/page",
        "10:30 the meeting resumed",
        "The following was agreed by all: nothing.",
        "However, the point: stands.",
        "Option 1: delete paragraph 3.",
        "Article 4: Mitigation",
    ],
)
def test_not_speaker_lines(line: str) -> None:
    text = f"CHAIR: Opening.\n{line}\nKENYA: Thanks.\n"
    turns = parse_transcript(text).turns
    assert [t.speaker for t in turns] == ["CHAIR", "KENYA"]
    assert turns[0].text == f"Opening.\n{line}"


def test_timestamped_12_hour_clock_crossing_midnight() -> None:
    parsed = parse_transcript(TIMESTAMPED)
    assert parsed.format == "timestamped"
    assert parsed.turns == (
        Turn(0, "Ana Lima", "Good morning.", 0.0, "10:15:00"),
        Turn(1, "Chair", "Welcome.\nSecond line pasted.", 60.0, "10:16:00"),
        Turn(2, "Ana Lima", "Still here.", 49440.0, "23:59:00"),
        Turn(3, "Chair", "Past midnight now.", 49560.0, "00:01:00"),
    )


def test_timestamped_elapsed_times_from_recording_start() -> None:
    text = "[00:12:31] Chair: Resuming.\n[1:02:03] Kenya: Thank you.\n[1:02:09] Untitled line\n"
    assert parse_transcript(text).turns == (
        Turn(0, "Chair", "Resuming.", 751.0, None),
        Turn(1, "Kenya", "Thank you.", 3723.0, None),
        Turn(2, UNKNOWN_SPEAKER, "Untitled line", 3729.0, None),
    )


def test_timestamped_24_hour_and_other_markers() -> None:
    text = "[18:38:27] Ana: a\n[下午06:40:18] Ben: b\n[7:05 p.m.] Ana: c\n[中午12:30] Ben: d\n"
    turns = parse_transcript(text).turns
    assert [t.time_of_day for t in turns] == ["18:38:27", "18:40:18", "19:05:00", "12:30:00"]
    # 12:30 is earlier than 19:05 by more than an hour: read as the next day.
    assert [t.time_offset for t in turns] == [0.0, 111.0, 1593.0, 64293.0]


def test_srt_speaker_changes_and_merged_cues() -> None:
    parsed = parse_transcript(SRT)
    assert parsed.format == "srt"
    assert parsed.turns == (
        Turn(0, "CHAIR", "Welcome to the session. Please be seated.", 0.0, None),
        Turn(1, "KENYA", "Thank you. We agree.", 5.0, None),
    )


def test_srt_default_speaker_and_webvtt_style() -> None:
    text = "WEBVTT\n\n00:01.500 --> 00:03.000\nHello.\n\n00:03.000 --> 00:04.000\nAgain.\n"
    parsed = parse_transcript(text, default_speaker="Rapporteur")
    assert parsed.preamble == "WEBVTT"
    assert parsed.turns == (Turn(0, "Rapporteur", "Hello. Again.", 1.5, None),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [(CAPTIONING, "captioning"), (COLON, "colon"), (TIMESTAMPED, "timestamped"), (SRT, "srt")],
)
def test_detect_format(text: str, expected: str) -> None:
    assert detect_format(text) == expected
    assert expected in FORMATS


def test_explicit_format_overrides_detection() -> None:
    text = "CHAIR: Opening.\n>>KENYA: Thanks.\nCHAIR: Closing.\n"
    assert detect_format(text) == "captioning"  # one ">>NAME:" line is enough
    assert [t.speaker for t in parse_transcript(text).turns] == ["KENYA"]
    forced = parse_transcript(text, format="colon")
    assert [(t.speaker, t.text) for t in forced.turns] == [
        ("CHAIR", "Opening.\n>>KENYA: Thanks."),
        ("CHAIR", "Closing."),
    ]
    with pytest.raises(TranscriptFormatError, match="No speaker turns found in this colon"):
        parse_transcript(CAPTIONING, format="colon")


def test_crlf_and_bom() -> None:
    assert parse_transcript("\ufeff" + SRT.replace("\n", "\r\n")) == parse_transcript(SRT)
    assert parse_transcript(COLON.replace("\n", "\r")) == parse_transcript(COLON)
