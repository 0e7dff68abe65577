"""``SPEAKER: text`` transcripts and ``>>SPEAKER:`` real-time captioning."""

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
from accord.core.transcripts.model import UNKNOWN_SPEAKER, Turn

# Labels are at most 60 characters, or longer when they speak "on behalf of" a group.
_LABEL = MAX_BEHALF_LABEL_CHARS

# A label at line start, optionally in Markdown bold, then a colon (ASCII or full-width) that is
# followed by space or the end of the line: "10:30" and "https://" never match.
_COLON_LINE = re.compile(
    rf"[ \t]*(?:\*\*|__)?(?P<label>[^:：\n*_]{{1,{_LABEL}}}?)(?:\*\*|__)?[ \t]*[:：](?:\*\*|__)?"
    r"(?:[ \t]+(?P<text>.*)|[ \t]*$)"
)
_CAPTION_LINE = re.compile(r"[ \t]*>>[ \t]*(?P<rest>.*)")
_CAPTION_LABEL = re.compile(
    rf"(?P<label>[^:：]{{1,{_LABEL}}}?)[ \t]*[:：](?:[ \t]+(?P<text>.*)|[ \t]*$)"
)

# In plain text, speaker lines should open a good share of the paragraphs; two labelled lines
# among two hundred paragraphs of prose are incidental ("Source: ...").
_MIN_LABELLED_LINES = 2
_MIN_LABELLED_SHARE = 0.25


def _colon_turn_start(line: str) -> tuple[str, str] | None:
    match = _COLON_LINE.match(line)
    if match is None or not is_speaker_label(match["label"], strict=True):
        return None
    return match["label"].strip(), match["text"] or ""


def looks_like_colon(lines: Sequence[str]) -> bool:
    """Whether the file overall reads as ``SPEAKER: text`` turns (see module comment)."""
    labelled = sum(1 for line in lines if _colon_turn_start(line) is not None)
    blocks = 0
    previous_blank = True
    for line in lines:
        blank = not line.strip()
        if previous_blank and not blank:
            blocks += 1
        previous_blank = blank
    return labelled >= _MIN_LABELLED_LINES and labelled >= _MIN_LABELLED_SHARE * blocks


def parse_colon(lines: Sequence[str]) -> tuple[str, tuple[Turn, ...]]:
    """Split into turns at each speaker line; other lines continue the current turn.

    Returns ``(preamble, turns)``; turns with no text are dropped.
    """
    preamble: list[str] = []
    runs: list[tuple[str, list[str]]] = []
    for line in lines:
        start = _colon_turn_start(line)
        if start is not None:
            runs.append((start[0], [start[1]]))
        elif runs:
            runs[-1][1].append(line)
        else:
            preamble.append(line)
    turns = [Turn(0, speaker, collapse_text(body)) for speaker, body in runs]
    return collapse_text(preamble), number_turns([t for t in turns if t.text])


def _caption_turn_start(line: str) -> tuple[str, str] | None:
    match = _CAPTION_LINE.match(line)
    if match is None:
        return None
    rest = match["rest"]
    labelled = _CAPTION_LABEL.match(rest)
    if labelled is not None and is_speaker_label(labelled["label"], strict=True):
        return labelled["label"].strip(), labelled["text"] or ""
    # A bare ">>" marks a change to a speaker the captioner could not name.
    return UNKNOWN_SPEAKER, rest


def looks_like_captioning(lines: Sequence[str]) -> bool:
    """Whether at least one line is ``>>NAME:`` (e-mail quoting has ``>>`` but no names)."""
    for line in lines:
        start = _caption_turn_start(line)
        if start is not None and start[0] != UNKNOWN_SPEAKER:
            return True
    return False


def parse_captioning(lines: Sequence[str]) -> tuple[str, tuple[Turn, ...]]:
    """Split at each ``>>``; caption lines are wrapped for display, so join them with spaces.

    Lines such as ``(Applause)`` or ``[ Gavel ]`` stay in the text of the current turn.
    Returns ``(preamble, turns)``; turns with no text are dropped.
    """
    preamble: list[str] = []
    runs: list[tuple[str, list[str]]] = []
    for line in lines:
        start = _caption_turn_start(line)
        if start is not None:
            runs.append((start[0], [start[1]]))
        elif runs:
            runs[-1][1].append(line)
        else:
            preamble.append(line)
    turns = [Turn(0, speaker, join_flowing(body)) for speaker, body in runs]
    return collapse_text(preamble), number_turns([t for t in turns if t.text])
