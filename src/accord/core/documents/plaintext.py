"""Decoding uploaded plain-text files (TXT, SRT)."""

from __future__ import annotations

import codecs
import math
import re
from itertools import islice

from accord.core.documents.model import DocumentError
from accord.core.messages import gettext_noop

_NOT_TEXT = gettext_noop("This file is not readable text (it looks like a binary file).")
_DAMAGED_ENCODING = gettext_noop("This text file's encoding is damaged and cannot be read.")
_SRT_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{2}[,.]\d{1,3}"
_SRT_TIMING = re.compile(rf"^[ \t]*{_SRT_TIME}[ \t]*-->[ \t]*{_SRT_TIME}", re.MULTILINE)
# Control characters (Unicode category Cc) other than tab, LF, VT, FF and CR.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Most Windows users' legacy files are cp1252; a UTF-8 decode failure means it is not UTF-8.
_FALLBACK_ENCODING = "cp1252"


def decode_text(data: bytes) -> str:
    """Decode ``data`` as UTF-8 (BOM optional), UTF-16/32 with a BOM, or cp1252.

    Line endings become ``\\n`` and the BOM is removed. Raises ``DocumentError`` for binary
    data: NUL bytes without a UTF-16/32 BOM, or a large share of control characters.
    """
    text: str | None = None
    try:
        if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
            text = data.decode("utf-32")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        elif data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentError(_DAMAGED_ENCODING) from error
    if text is None:
        if b"\x00" in data:
            raise DocumentError(_NOT_TEXT)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode(_FALLBACK_ENCODING)
            except UnicodeDecodeError as error:
                raise DocumentError(_NOT_TEXT) from error
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _mostly_control(text):
        raise DocumentError(_NOT_TEXT)
    return text


def _mostly_control(text: str) -> bool:
    if "\x00" in text:
        return True
    return more_than(_CONTROL, text, 0.05 * len(text))


def more_than(pattern: re.Pattern[str], text: str, limit: float) -> bool:
    """Whether ``pattern`` matches ``text`` more than ``limit`` times, stopping as soon as it
    does: counting all 20 million control characters of a 20 MB file took seconds."""
    beyond = islice(pattern.finditer(text), math.floor(limit), None)
    return next(beyond, None) is not None


def looks_like_srt(text: str) -> bool:
    """Whether ``text`` contains an SRT/WebVTT cue timing line."""
    # The arrow first: scanning every line start of a long text costs a second per 20 MB.
    return "-->" in text and _SRT_TIMING.search(text) is not None


_BLOCK_BREAK = re.compile(r"\n[ \t\f\v]*\n")


def more_blocks_than(text: str, limit: int) -> bool:
    """Whether ``text`` may have more than ``limit`` :func:`blocks` (blank-line breaks are
    counted, not the blocks built, and only up to the limit)."""
    return more_than(_BLOCK_BREAK, text, limit - 1)


def blocks(text: str) -> tuple[str, ...]:
    """Non-empty blank-line separated blocks, each with trailing spaces removed from lines."""
    result = []
    for block in _BLOCK_BREAK.split(text):
        cleaned = "\n".join(line.rstrip() for line in block.split("\n")).strip()
        if cleaned:
            result.append(cleaned)
    return tuple(result)
