"""``[time] Name: text`` transcripts, such as vTaiwan's machine transcripts.

Times may be clock times in 12-hour form (``[下午06:38:27]``, ``[10:15 AM]``) or 24-hour form
(``[18:38:27]``), or elapsed times from the start of a recording (``[00:12:31]``,
``[1:02:03]``). A file whose first stamp has no AM/PM marker and starts at hour 0 is read as
elapsed time; otherwise stamps are clock times.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from accord.core.transcripts._text import (
    MAX_BEHALF_LABEL_CHARS,
    collapse_text,
    is_speaker_label,
    number_turns,
)
from accord.core.transcripts.model import UNKNOWN_SPEAKER, Turn

_PM_MARKERS = frozenset({"pm", "p.m.", "下午", "晚上", "傍晚", "午後", "오후"})
_NOON_MARKERS = frozenset({"中午"})
_MARKER = r"上午|下午|凌晨|早上|中午|晚上|傍晚|午前|午後|오전|오후|[AaPp]\.?[ \t]?[Mm]\.?"

_STAMP = re.compile(
    rf"(?P<pre>{_MARKER})?[ \t]*(?P<a>\d{{1,2}}):(?P<b>\d{{2}})(?::(?P<c>\d{{2}}))?"
    rf"(?:[.,]\d{{1,3}})?[ \t]*(?P<post>{_MARKER})?"
)
_TURN_LINE = re.compile(r"[ \t]*\[[ \t]*(?P<stamp>[^\]\n]{3,24}?)[ \t]*\][ \t]*(?P<rest>.*)")
# Labels are at most 60 characters, or longer when they speak "on behalf of" a group.
_LABEL = MAX_BEHALF_LABEL_CHARS
_NAME = re.compile(rf"(?P<name>[^:：\n]{{1,{_LABEL}}}?)[ \t]*[:：](?!//)(?:[ \t]*(?P<text>.*))")

_DAY = 24 * 3600
# A clock that goes back more than this has crossed midnight; smaller steps back are
# out-of-order lines in a machine transcript, not a new day.
_ROLLOVER_SLACK = 3600


@dataclass(frozen=True, slots=True)
class _Stamp:
    fields: tuple[int, ...]  # 2 or 3 numbers as written
    meridiem: str | None  # "am", "pm", "noon" or None


def _read_stamp(raw: str) -> _Stamp | None:
    match = _STAMP.fullmatch(raw.strip())
    if match is None or (match["pre"] and match["post"]):
        return None
    marker = (match["pre"] or match["post"] or "").casefold().replace(" ", "")
    meridiem: str | None = None
    if marker in _NOON_MARKERS:
        meridiem = "noon"
    elif marker in _PM_MARKERS or marker.startswith("p"):  # "pm", "p.m", "p.m."
        meridiem = "pm"
    elif marker:
        meridiem = "am"
    parts = [match["a"], match["b"]] + ([match["c"]] if match["c"] else [])
    fields = tuple(int(part) for part in parts)
    if any(value >= 60 for value in fields[1:]):
        return None
    if meridiem is not None and not 1 <= fields[0] <= 12:
        return None
    return _Stamp(fields, meridiem)


def _turn_start(line: str) -> tuple[_Stamp, str, str] | None:
    match = _TURN_LINE.match(line)
    if match is None:
        return None
    stamp = _read_stamp(match["stamp"])
    if stamp is None:
        return None
    rest = match["rest"]
    named = _NAME.match(rest)
    if named is not None and is_speaker_label(named["name"], strict=False):
        return stamp, named["name"].strip(), named["text"] or ""
    return stamp, UNKNOWN_SPEAKER, rest


def looks_like_timestamped(lines: Sequence[str]) -> bool:
    """Two or more ``[time] ...`` lines, or one that opens the file."""
    found = 0
    seen_text = False
    for line in lines:
        if _turn_start(line) is not None:
            found += 1
            if found >= 2 or not seen_text:
                return True
        seen_text = seen_text or bool(line.strip())
    return False


def _clock_seconds(stamp: _Stamp) -> int | None:
    hour, minute = stamp.fields[0], stamp.fields[1]
    second = stamp.fields[2] if len(stamp.fields) == 3 else 0
    if stamp.meridiem == "am":
        hour = 0 if hour == 12 else hour
    elif stamp.meridiem == "pm":
        hour = hour if hour == 12 else hour + 12
    elif stamp.meridiem == "noon":
        hour = hour + 12 if hour < 11 else hour  # 中午 spans 11:00 to 13:00
    if hour > 23:
        return None
    return hour * 3600 + minute * 60 + second


def _elapsed_seconds(stamp: _Stamp) -> int:
    if len(stamp.fields) == 3:
        return stamp.fields[0] * 3600 + stamp.fields[1] * 60 + stamp.fields[2]
    return stamp.fields[0] * 60 + stamp.fields[1]  # [mm:ss]


def _is_elapsed(first: _Stamp) -> bool:
    return first.meridiem is None and first.fields[0] == 0


def _times(stamps: Sequence[_Stamp]) -> list[tuple[float | None, str | None]]:
    """``(time_offset, time_of_day)`` per stamp; see the module docstring for the rules."""
    if not stamps:
        return []
    if _is_elapsed(stamps[0]):
        return [(float(_elapsed_seconds(stamp)), None) for stamp in stamps]
    result: list[tuple[float | None, str | None]] = []
    origin: int | None = None
    previous = 0
    days = 0
    for stamp in stamps:
        seconds = _clock_seconds(stamp)
        if seconds is None:  # e.g. "[25:10]" among clock times: keep the turn, drop the time
            result.append((None, None))
            continue
        if origin is None:
            origin = previous = seconds
        elif seconds + days * _DAY < previous - _ROLLOVER_SLACK:
            days += 1
        absolute = seconds + days * _DAY
        previous = absolute
        hh, rem = divmod(seconds, 3600)
        result.append((float(absolute - origin), f"{hh:02d}:{rem // 60:02d}:{rem % 60:02d}"))
    return result


def parse_timestamped(lines: Sequence[str]) -> tuple[str, tuple[Turn, ...]]:
    """One turn per ``[time]`` line; the following lines up to the next stamp belong to it.

    Returns ``(preamble, turns)``. Turns are not merged when the same person speaks twice in
    a row: each stamp is a turn, as the source counts them. Turns with no text are dropped.
    """
    preamble: list[str] = []
    runs: list[tuple[_Stamp, str, list[str]]] = []
    for line in lines:
        start = _turn_start(line)
        if start is not None:
            runs.append((start[0], start[1], [start[2]]))
        elif runs:
            runs[-1][2].append(line)
        else:
            preamble.append(line)
    texts = [(stamp, speaker, collapse_text(body)) for stamp, speaker, body in runs]
    kept = [run for run in texts if run[2]]
    times = _times([run[0] for run in kept])
    turns = [
        Turn(0, speaker, text, offset, clock)
        for (_stamp, speaker, text), (offset, clock) in zip(kept, times, strict=True)
    ]
    return collapse_text(preamble), number_turns(turns)
