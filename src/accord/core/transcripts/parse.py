"""Format detection and the ``parse_transcript`` entry point."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from accord.core.transcripts._text import prepare_lines
from accord.core.transcripts.colon import (
    looks_like_captioning,
    looks_like_colon,
    parse_captioning,
    parse_colon,
)
from accord.core.transcripts.model import FORMATS, ParsedTranscript, TranscriptFormatError, Turn
from accord.core.transcripts.srt import looks_like_srt, parse_srt
from accord.core.transcripts.timestamped import looks_like_timestamped, parse_timestamped

_UNRECOGNISED = (
    "Unrecognised transcript format: expected '>>SPEAKER:' captioning, 'SPEAKER: text', "
    "'[time] Name: text' or SRT cues."
)

# Most specific first: SRT timing lines and "[time]" stamps cannot occur by accident in the
# other formats, while almost any prose has a line that could pass for "Name: text".
_DETECTORS: tuple[tuple[str, Callable[[Sequence[str]], bool]], ...] = (
    ("srt", looks_like_srt),
    ("timestamped", looks_like_timestamped),
    ("captioning", looks_like_captioning),
    ("colon", looks_like_colon),
)


def _detect(lines: Sequence[str]) -> str:
    for name, looks_like in _DETECTORS:
        if looks_like(lines):
            return name
    raise TranscriptFormatError(_UNRECOGNISED)


def detect_format(text: str) -> str:
    """Return the format name of ``text``, one of ``FORMATS``.

    Deterministic: checks SRT, then ``[time]`` stamps, then ``>>`` captioning, then
    ``SPEAKER: text`` (only when such lines open a good share of the paragraphs).
    Raises ``TranscriptFormatError`` when none fits or the text is empty or binary.
    """
    return _detect(prepare_lines(text))


def parse_transcript(
    text: str, format: str | None = None, *, default_speaker: str = "Speaker"
) -> ParsedTranscript:
    """Split a transcript into speaker turns.

    ``text`` is the whole file as a string (a BOM and CRLF line endings are accepted).
    ``format`` is one of ``FORMATS`` or ``None`` to detect it. ``default_speaker`` names the
    speaker of SRT cues before any ``NAME:`` cue. Turns are in file order and numbered from 0;
    turns with no text are dropped and text before the first turn is kept in ``preamble``.

    Raises ``TranscriptFormatError`` (a ``ValueError`` with a message fit for the uploader)
    for empty or binary text, an unknown format name, or text with no turns; never any other
    exception for any input string.
    """
    if format is not None and format not in FORMATS:
        raise TranscriptFormatError(
            f"Unknown transcript format {format!r}: expected one of {', '.join(FORMATS)}."
        )
    lines = prepare_lines(text)
    name = format or _detect(lines)
    preamble: str
    turns: tuple[Turn, ...]
    if name == "srt":
        preamble, turns = parse_srt(lines, default_speaker=default_speaker)
    elif name == "timestamped":
        preamble, turns = parse_timestamped(lines)
    elif name == "captioning":
        preamble, turns = parse_captioning(lines)
    else:
        preamble, turns = parse_colon(lines)
    if not turns:
        if format is None:
            raise TranscriptFormatError(_UNRECOGNISED)
        raise TranscriptFormatError(f"No speaker turns found in this {name} transcript.")
    return ParsedTranscript(format=name, turns=turns, preamble=preamble)
