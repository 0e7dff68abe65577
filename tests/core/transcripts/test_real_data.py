"""The vTaiwan meeting transcripts in ../shared/data (real machine transcripts, CJK text).

The README's table counts one turn per ``[time] Name:`` stamp (consecutive turns by the same
speaker are not merged) and distinct speaker names; the parser reproduces both exactly.
"""

from __future__ import annotations

import pytest

from accord.core.transcripts import parse_transcript
from tests.shared_data import shared_data

FOLDER = "vtaiwan-meeting-transcripts"

pytestmark = pytest.mark.shared_data


def _read(name: str) -> str:
    return shared_data(FOLDER, name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "turns", "speakers"),
    [
        ("transcript-2025-07-16.txt", 39, ("Bestian", "崔家瑋", "Yi-Ting Lien", "anan shi")),
        ("transcript-2025-07-17.txt", 36, ("Bestian", "Shu Yang Lin")),
        ("transcript-2025-07-25.txt", 17, ("Bestian", "Tofus Wang")),
        ("transcript-2025-08-13.txt", 71, ("Bestian", "Joshua Yang", "anan shi")),
    ],
)
def test_readme_turn_and_speaker_counts(name: str, turns: int, speakers: tuple[str, ...]) -> None:
    parsed = parse_transcript(_read(name))
    assert parsed.format == "timestamped"
    assert len(parsed.turns) == turns
    assert parsed.speakers == speakers  # in order of first appearance
    assert [turn.index for turn in parsed.turns] == list(range(turns))
    assert parsed.preamble == ""


def test_chinese_pm_marker_gives_24_hour_clock_and_offsets() -> None:
    turns = parse_transcript(_read("transcript-2025-07-16.txt")).turns
    assert (turns[0].time_of_day, turns[0].time_offset) == ("18:38:27", 0.0)
    assert (turns[1].time_of_day, turns[1].time_offset) == ("18:40:18", 111.0)
    # [下午07:48:28] is 19:48:28, 1 h 10 min 1 s after the first turn.
    assert (turns[-1].time_of_day, turns[-1].time_offset) == ("19:48:28", 4201.0)
    assert turns[0].text.startswith("因為原本的網站的議題 都是放在Discourse上")


def test_chinese_am_marker() -> None:
    turns = parse_transcript(_read("transcript-2025-07-17.txt")).turns
    assert (turns[0].speaker, turns[0].time_of_day) == ("Bestian", "04:30:34")
    assert turns[0].text == "今天清晨是英國的晚上"
    # The last turn is a bare URL after "Bestian:"; "https:" must not become a speaker.
    assert (turns[-1].speaker, turns[-1].text) == (
        "Bestian",
        "https://desktop.github.com/download/",
    )
    assert turns[-1].time_offset == 4518.0


def test_pasted_line_without_stamp_stays_in_its_turn() -> None:
    turns = parse_transcript(_read("transcript-2025-07-16.txt")).turns
    pasted = [turn for turn in turns if turn.time_of_day == "18:54:38"]
    assert len(pasted) == 1
    assert pasted[0].text == "可以試試\nhttps://imgur.com/"


def test_same_result_with_bom_and_crlf() -> None:
    text = _read("transcript-2025-07-25.txt")
    plain = parse_transcript(text)
    assert parse_transcript("\ufeff" + text.replace("\n", "\r\n")) == plain


def test_srt_talk_is_one_speaker_one_turn() -> None:
    # README: "a talk by one speaker (SRT cues, 2-second segments)"; no cue starts with NAME:,
    # so all 346 cues continue the default speaker and merge into a single turn.
    text = _read("talk-2025-subtitles.srt")
    parsed = parse_transcript(text)
    assert parsed.format == "srt"
    assert parsed.speakers == ("Speaker",)
    assert len(parsed.turns) == 1
    turn = parsed.turns[0]
    assert turn.time_offset == 0.0
    assert turn.time_of_day is None
    assert turn.text.startswith("大家好,我是Bestian 今天我要分享的題目是 如何在AI浪潮下")
    assert turn.text.endswith("歡迎著名出處、以相同方式分享 謝謝 謝謝")
    assert text.count("-->") == 346
    assert parse_transcript(text, default_speaker="Bestian").speakers == ("Bestian",)
