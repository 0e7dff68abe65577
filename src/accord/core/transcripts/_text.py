"""Shared helpers: input clean-up, speaker-label validation and turn assembly."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import islice

from accord.core.messages import gettext_noop
from accord.core.transcripts.behalf import split_speaker_label
from accord.core.transcripts.model import TranscriptFormatError, Turn


def _words(text: str) -> list[str]:
    return text.split()


# Characters that end or split a sentence: a label containing one is prose, not a name.
_SENTENCE_PUNCT = re.compile(r"[?!;,\"“”«»。？！；，]")
# "Mr.", "H.E.", "Dr.", "U.S." are the only places a period may appear in a name.
_ABBREVIATION = re.compile(r"\(?(?:[^\W\d_]{1,4}\.)+[^\W\d_]{0,3}\)?")
# Small words that may stay lower case inside a name ("Distinguished delegate of the Philippines").
_CONNECTORS = frozenset(
    _words(
        "of the for and on behalf from to at in de la le les du des del della von van der den "
        "da do dos al el bin ibn y e et und"
    )
)
# Labels that introduce a field or a note rather than a person.
_NOT_SPEAKERS = frozenset(
    _words(
        "note notes nb n.b. ps p.s. source sources date time subject from to cc bcc re title "
        "location venue place attendees participants present apologies absent summary action "
        "actions decision decisions outcome outcomes example warning tip update link url "
        "email e-mail tel phone fax web website reference references ref disclaimer "
        "transcript recording duration language languages keywords tags status version draft "
        "topic theme agenda minutes remarks comment comments caption captions"
    )
)
# A label whose first word is one of these numbers a part of a document ("Option 1:").
_NOT_SPEAKER_FIRST_WORDS = frozenset(
    _words(
        "article section chapter paragraph para annex appendix item step option alternative "
        "alt part page table figure session day point rule"
    )
)

# Control characters (Unicode category Cc) other than tab, line feed, vertical tab, form feed
# and carriage return, plus U+FFFD, which marks bytes that failed to decode.
_JUNK = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")

_MAX_LABEL_CHARS = 60
_MAX_LABEL_WORDS = 8
#: The longest label a parser looks for before a colon: a name (60) said to speak on behalf
#: of a group ("the distinguished delegate of Brazil, speaking on behalf of the Like-Minded
#: Group"). Only such labels may be longer than 60 characters.
MAX_BEHALF_LABEL_CHARS = 160
_LEADING_ARTICLE = re.compile(r"^(?:the|la|le|les|el|los|las)\s+(?=\S)", re.IGNORECASE)
_MAX_GROUP_CHARS = 80
_MAX_GROUP_WORDS = 12


def prepare_lines(text: str) -> list[str]:
    """Return the lines of ``text`` after removing a BOM and normalising line endings.

    Raises ``TranscriptFormatError`` for empty text and for text that is mostly control
    characters or replacement characters (a binary file decoded as text).
    """
    if not isinstance(text, str):
        raise TranscriptFormatError(gettext_noop("The transcript must be text, not bytes."))
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise TranscriptFormatError(gettext_noop("The transcript is empty."))
    if _looks_binary(text):
        raise TranscriptFormatError(
            gettext_noop(
                "This file does not look like a text transcript (it contains binary data)."
            )
        )
    return text.split("\n")


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    # A few stray control characters survive copy-paste; a tenth of the text does not.
    # Counted only until there are too many: a Python step per character of junk is slow.
    beyond = islice(_JUNK.finditer(text), math.floor(0.1 * len(text)), None)
    return next(beyond, None) is not None


# Labels already judged while one transcript is parsed: detection and parsing look at the
# same lines, and a speaker's label comes back turn after turn.
_JUDGED: ContextVar[dict[tuple[str, bool], bool] | None] = ContextVar("judged", default=None)


@contextmanager
def remembered_labels() -> Iterator[None]:
    """Within the block, :func:`is_speaker_label` judges each distinct label once."""
    token = _JUDGED.set({})
    try:
        yield
    finally:
        _JUDGED.reset(token)


def is_speaker_label(label: str, *, strict: bool = True) -> bool:
    """Whether ``label`` (the part before a colon) reads as a speaker's name or role;
    see :func:`_judge_label`. Remembered within :func:`remembered_labels`."""
    judged = _JUDGED.get()
    if judged is None:
        return _judge_label(label, strict=strict)
    key = (label, strict)
    verdict = judged.get(key)
    if verdict is None:
        verdict = judged[key] = _judge_label(label, strict=strict)
    return verdict


def _judge_label(label: str, *, strict: bool) -> bool:
    """Whether ``label`` (the part before a colon) reads as a speaker's name or role.

    ``strict`` is for formats where any line may contain a colon (plain ``SPEAKER: text``):
    the name must start with a capital (or a letter of a script without case, such as CJK),
    may have at most one lower-case word that is not a connector like "of", and must not be a
    field name such as "Note". Lenient mode is for formats whose structure already marks the
    speaker (``[time] name:``), where lower-case names like "anan shi" occur.

    A label that speaks on behalf of a group ("NORWAY, ON BEHALF OF EIG", see
    :func:`~accord.core.transcripts.behalf.split_speaker_label`) is a speaker when its name
    part is one by these rules and its group part reads as a name of at most 12 words.
    """
    label = label.strip()
    if not label or len(label) > MAX_BEHALF_LABEL_CHARS:
        return False
    speaker, group = split_speaker_label(label)
    if group is not None:
        # Prose may say "on behalf of", so each part must read as a name on its own.
        if speaker and not _is_name(speaker, strict=strict):
            return False
        group = _LEADING_ARTICLE.sub("", group)  # "the G77 and China", "la Unión Europea"
        return _is_name(
            group, strict=strict, max_chars=_MAX_GROUP_CHARS, max_words=_MAX_GROUP_WORDS
        )
    return _is_name(label, strict=strict)


def _is_name(
    label: str,
    *,
    strict: bool,
    max_chars: int = _MAX_LABEL_CHARS,
    max_words: int = _MAX_LABEL_WORDS,
) -> bool:
    if not label or len(label) > max_chars:
        return False
    first = label[0]
    if not first.isalpha() or (strict and first.islower()):
        return False
    if _SENTENCE_PUNCT.search(label):
        return False
    words = label.split()
    if len(words) > max_words or any(len(word) > 30 for word in words):
        return False
    if any("." in word and not _ABBREVIATION.fullmatch(word) for word in words):
        return False
    if strict:
        folded = [word.casefold() for word in words]
        if " ".join(folded) in _NOT_SPEAKERS or folded[0] in _NOT_SPEAKER_FIRST_WORDS:
            return False
        lower_words = [w for w in words if w[0].islower() and w.casefold() not in _CONNECTORS]
        if len(lower_words) > 1:
            return False
    return True


def collapse_text(lines: Sequence[str]) -> str:
    """Join a turn's lines keeping line breaks, trimming blank edges and long blank runs."""
    text = "\n".join(line.rstrip() for line in lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def join_flowing(parts: Sequence[str]) -> str:
    """Join caption fragments with single spaces: their line breaks are display wrapping."""
    return " ".join(part.strip() for part in parts if part.strip())


def number_turns(turns: Sequence[Turn]) -> tuple[Turn, ...]:
    """Renumber turns 0..n-1 (parsers drop empty turns after building them)."""
    return tuple(
        Turn(
            index=i,
            speaker=turn.speaker,
            text=turn.text,
            time_offset=turn.time_offset,
            time_of_day=turn.time_of_day,
        )
        for i, turn in enumerate(turns)
    )
