"""SRT subtitle cues (and WebVTT-style cues, which differ only in the separator and header)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from accord.core.transcripts._text import (
    MAX_BEHALF_LABEL_CHARS,
    collapse_text,
    is_speaker_label,
    join_flowing,
    number_turns,
)
from accord.core.transcripts.model import Turn

# Real files write " 0:00:02,000" with one-digit hours and extra spaces; WebVTT may omit hours.
_TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{2})[,.](\d{1,3})"
_TIMING = re.compile(rf"[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}.*")
_INDEX = re.compile(r"[ \t]*\d+[ \t]*")
# Labels are at most 60 characters, or longer when they speak "on behalf of" a group.
_LABEL = MAX_BEHALF_LABEL_CHARS
_CUE_SPEAKER = re.compile(
    rf"(?:-[ \t]*)?(?P<label>[^:：]{{1,{_LABEL}}}?)[ \t]*[:：](?:[ \t]+(?P<text>.*)|$)"
)


def looks_like_srt(lines: Sequence[str]) -> bool:
    """At least one ``start --> end`` timing line."""
    return any(_TIMING.fullmatch(line) for line in lines)


def _seconds(match: re.Match[str]) -> float:
    hours = int(match[1] or 0)
    minutes, seconds = int(match[2]), int(match[3])
    millis = int(match[4].ljust(3, "0"))
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


def _cues(lines: Sequence[str]) -> tuple[list[str], list[tuple[float, list[str]]]]:
    """Split into ``(preamble lines, [(start seconds, text lines)])``."""
    preamble: list[str] = []
    cues: list[tuple[float, list[str]]] = []
    in_text = False
    for i, line in enumerate(lines):
        timing = _TIMING.fullmatch(line)
        if timing is not None:
            cues.append((_seconds(timing), []))
            in_text = True
            continue
        next_is_timing = i + 1 < len(lines) and _TIMING.fullmatch(lines[i + 1]) is not None
        if _INDEX.fullmatch(line) and next_is_timing:
            continue  # the cue number; tolerated even without a blank line before it
        if not line.strip():
            in_text = False
        elif in_text:
            cues[-1][1].append(line)
        elif not cues:
            preamble.append(line)
        else:
            # Text after a blank line inside a cue: keep it with that cue rather than lose it.
            cues[-1][1].append(line)
    return preamble, cues


def parse_srt(
    lines: Sequence[str], *, default_speaker: str = "Speaker"
) -> tuple[str, tuple[Turn, ...]]:
    """One turn per run of cues by the same speaker.

    A cue whose text starts with ``NAME:`` (or ``- NAME:``) changes the speaker; other cues
    continue the current one, starting with ``default_speaker``. A turn's ``time_offset`` is
    the start of its first cue, in seconds from the start of the recording; cue texts are
    joined with spaces. Returns ``(preamble, turns)``.
    """
    preamble, cues = _cues(lines)
    runs: list[tuple[str, float, list[str]]] = []
    speaker = default_speaker
    for start, text_lines in cues:
        if not text_lines:
            continue
        text = join_flowing(text_lines)
        labelled = _CUE_SPEAKER.match(text)
        if labelled is not None and is_speaker_label(labelled["label"], strict=True):
            speaker = labelled["label"].strip()
            text = labelled["text"] or ""
            if not runs or runs[-1][0] != speaker:
                runs.append((speaker, start, []))
        elif not runs:
            runs.append((speaker, start, []))
        runs[-1][2].append(text)
    turns = [
        Turn(0, who, join_flowing(texts), time_offset=start)
        for who, start, texts in runs
        if join_flowing(texts)
    ]
    return collapse_text(preamble), number_turns(turns)
