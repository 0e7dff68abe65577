"""Format detection and the ``parse_transcript`` entry point."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from accord.core.messages import gettext_noop
from accord.core.transcripts._text import prepare_lines, remembered_labels
from accord.core.transcripts.colon import (
    looks_like_captioning,
    looks_like_colon,
    parse_captioning,
    parse_colon,
)
from accord.core.transcripts.model import (
    FORMATS,
    TRANSCRIPT_LIMITS,
    ParsedTranscript,
    TranscriptFormatError,
    TranscriptLimits,
    Turn,
)
from accord.core.transcripts.srt import looks_like_srt, parse_srt
from accord.core.transcripts.timestamped import looks_like_timestamped, parse_timestamped

_UNRECOGNISED = gettext_noop(
    "Unrecognised transcript format: expected '>>SPEAKER:' captioning, 'SPEAKER: text', "
    "'[time] Name: text' or SRT cues."
)
_UNKNOWN_FORMAT = gettext_noop("Unknown transcript format %(format)s: expected one of %(formats)s.")
_NO_TURNS = gettext_noop("No speaker turns found in this %(format)s transcript.")
_TOO_LONG = gettext_noop(
    "This transcript is longer than %(limit)s characters; upload one day at a time."
)
_TOO_MANY_LINES = gettext_noop(
    "This transcript has more than %(limit)s lines; upload one day at a time."
)
_TOO_MANY_TURNS = gettext_noop(
    "This transcript has more than %(limit)s speaker turns; upload one day at a time."
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
    with remembered_labels():
        return _detect(prepare_lines(text))


def check_transcript_size(text: str, limits: TranscriptLimits = TRANSCRIPT_LIMITS) -> None:
    """Raise ``TranscriptFormatError`` when ``text`` has more characters or lines than
    ``limits`` allow (CR, LF and CRLF each end a line). Costs a few milliseconds per MB."""
    if not isinstance(text, str):
        return  # prepare_lines says what is wrong with it
    if len(text) > limits.max_chars:
        raise TranscriptFormatError(_TOO_LONG, limit=f"{limits.max_chars:,}")
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    if breaks >= limits.max_lines:
        raise TranscriptFormatError(_TOO_MANY_LINES, limit=f"{limits.max_lines:,}")


def parse_transcript(
    text: str,
    format: str | None = None,
    *,
    default_speaker: str = "Speaker",
    limits: TranscriptLimits = TRANSCRIPT_LIMITS,
) -> ParsedTranscript:
    """Split a transcript into speaker turns.

    ``text`` is the whole file as a string (a BOM and CRLF line endings are accepted).
    ``format`` is one of ``FORMATS`` or ``None`` to detect it. ``default_speaker`` names the
    speaker of SRT cues before any ``NAME:`` cue. Turns are in file order and numbered from 0;
    turns with no text are dropped and text before the first turn is kept in ``preamble``.

    Raises ``TranscriptFormatError`` (a ``ValueError`` with a message fit for the uploader)
    for empty or binary text, an unknown format name, text with no turns, and text beyond
    ``limits`` (characters and lines are counted before anything is parsed); never any other
    exception for any input string. Time is linear in the length of the text, and each
    distinct speaker label is judged once.
    """
    if format is not None and format not in FORMATS:
        raise TranscriptFormatError(
            _UNKNOWN_FORMAT, format=repr(format), formats=", ".join(FORMATS)
        )
    check_transcript_size(text, limits)
    with remembered_labels():
        parsed = _parse(text, format, default_speaker)
    if len(parsed.turns) > limits.max_turns:
        raise TranscriptFormatError(_TOO_MANY_TURNS, limit=f"{limits.max_turns:,}")
    return parsed


def _parse(text: str, format: str | None, default_speaker: str) -> ParsedTranscript:
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
        raise TranscriptFormatError(_NO_TURNS, format=name)
    return ParsedTranscript(format=name, turns=turns, preamble=preamble)
