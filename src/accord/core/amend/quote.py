"""Finding the words a delegate quotes in a paragraph, so nobody types an offset.

A delegate without a mouse selection (no JavaScript, a screen reader, the API) names
the words to bracket or replace by quoting them. :func:`find_quote` returns every place
they occur; when there is more than one the delegate chooses which (each
:class:`Occurrence` carries a few words of context to show).

Matching is exact except for what a keyboard cannot tell apart from the text: any run
of whitespace matches any other (a line break, a no-break space), straight and curly
quotation marks match each other, and a quote that starts or ends with a letter or
digit matches only whole words ("act" is not found in "action"; Chinese and Japanese,
written without spaces, match anywhere).

Example::

    >>> [(o.start, o.end) for o in find_quote("the Commission and the Council", "the")]
    [(0, 3), (19, 22)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord.core.textdiff.tokens import has_cjk

from .segments import first_words, last_words

MAX_QUOTE = 2_000
_SPACE = re.compile(r"\s+")
_EQUIVALENT = {
    "'": "['‘’]",
    "‘": "['‘’]",
    "’": "['‘’]",
    '"': '["“”]',
    "“": '["“”]',
    "”": '["“”]',
}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place the quote occurs: ``text[start:end]``, with words around it to show."""

    start: int
    end: int
    before: str
    match: str
    after: str


def quote_pattern(quote: str) -> re.Pattern[str] | None:
    """The regular expression :func:`find_quote` searches with (``None``: nothing to find)."""
    quote = quote.strip()
    if not quote or len(quote) > MAX_QUOTE:
        return None
    parts: list[str] = []
    for index, chunk in enumerate(_SPACE.split(quote)):
        if index:
            parts.append(r"\s+")
        parts.append("".join(_EQUIVALENT.get(ch, re.escape(ch)) for ch in chunk))
    body = "".join(parts)
    # Han and kana are written without spaces: a character is a word of its own there.
    if quote[0].isalnum() and not has_cjk(quote[0]):
        body = r"(?<!\w)" + body
    if quote[-1].isalnum() and not has_cjk(quote[-1]):
        body += r"(?!\w)"
    return re.compile(body)


def find_quote(text: str, quote: str, *, context: int = 5) -> tuple[Occurrence, ...]:
    """Every occurrence of ``quote`` in ``text``, in order (overlapping ones included).

    ``context`` words before and after each are kept for display. An empty quote (or
    one longer than :data:`MAX_QUOTE`) occurs nowhere.
    """
    pattern = quote_pattern(quote)
    if pattern is None:
        return ()
    found: list[Occurrence] = []
    position = 0
    while (m := pattern.search(text, position)) is not None:
        start, end = m.span()
        found.append(
            Occurrence(
                start,
                end,
                last_words(text[:start], context),
                text[start:end],
                first_words(text[end:], context),
            )
        )
        position = start + 1
    return tuple(found)
