"""Deciding what each paragraph of an imported draft is: heading, PP, OP or text.

The rule, in order:

1. a heading is a heading; a heading that mentions "preamb" opens a *preambular* section,
   one that mentions "operative" opens an *operative* section, and any other heading after
   a preambular section opens an operative one (a treaty's "Article 1" follows its
   "Preamble");
2. a paragraph that starts with a UN id ("OP7bis.", "PP2:") is of that kind, keeping the id;
3. a numbered paragraph ("1.", Word numbering) is PP in a preambular section, OP otherwise;
   one numbered with a UN insertion ordinal ("48 bis.", "48ter)", "48 quater:", read by
   :func:`typed_number`) also gets the id of that insertion (``OP48bis``, ``PP3ter``);
4. an unnumbered paragraph is PP in a preambular section and text in an operative one;
   before any section cue it is PP when it opens like a preambular paragraph — an
   italicised first word or a participle ("Recalling", "Also noting", "Having
   considered") and ends with a comma or semicolon — and text otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from accord.core.draft_import.model import Block, Footnote, ImportedParagraph, Kind
from accord.core.paragraph_ids import ORDINALS, InvalidKey, format_key, parse_key

_PARTICIPLE = re.compile(
    r"^[\[\*_\s]*(?:(?:Also|Further|Again|Deeply|Strongly)\s+[a-z]+(?:ing|ed)|[A-Z][a-z]+(?:ing|ed))\b"
)
_FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\]")
# Longest ordinals first, so that "quinquies" is not read as something shorter.
_ORDINAL = "|".join(sorted(ORDINALS, key=len, reverse=True))
_TYPED_NUMBER = re.compile(
    rf"^(\d{{1,3}})(?:([^\S\n]?)((?i:{_ORDINAL}))[^\S\n]?[.:)]|([a-z]{{0,9}})\.)\s+"
)


def typed_number(text: str) -> tuple[str, int] | None:
    """The number a paragraph starts with and where its text begins, or None.

    ``"3. "`` and ``"3bis. "`` as before; with a UN insertion ordinal the number may also
    have a space (a no-break space too) before the ordinal and ``)`` or ``:`` after it.
    The number is given as ``"48 bis."``: ordinal in lower case, one plain space if any
    was written, and a full stop, like every other printed number.
    """
    m = _TYPED_NUMBER.match(text)
    if m is None:
        return None
    digits, space, ordinal, letters = m.groups()
    if ordinal is None:
        return f"{digits}{letters}.", m.end()
    return f"{digits}{' ' if space else ''}{ordinal.lower()}.", m.end()


def insertion_label(kind: Kind, number: str) -> str | None:
    """The id of a paragraph of ``kind`` printed with an insertion number (PP/OP), or None.

    ``("op", "48 bis.")`` → ``"OP48bis"``; a plain number (``"48."``) names no id of its own:
    the import gives those paragraphs fresh ids in order.
    """
    prefix = {"pp": "PP", "op": "OP"}.get(kind)
    if prefix is None:
        return None
    try:
        key = parse_key(prefix + number.rstrip("."))
    except InvalidKey:
        return None
    return format_key(key) if key.insertion and not key.alternative else None


def looks_preambular(block: Block) -> bool:
    """An italic or participial opening, and the comma or semicolon a PP ends with."""
    opening = block.italic_start or bool(_PARTICIPLE.match(block.text))
    return opening and block.text.rstrip(" *_]").endswith((",", ";"))


def footnotes_in(text: str, definitions: Mapping[str, str]) -> tuple[Footnote, ...]:
    """The defined footnotes whose markers appear in ``text``, in order, each once."""
    seen: dict[str, Footnote] = {}
    for m in _FOOTNOTE_MARK.finditer(text):
        label = m.group(1)
        if label in definitions and label not in seen:
            seen[label] = Footnote(label, definitions[label])
    return tuple(seen.values())


def classify(
    blocks: Iterable[Block], footnotes: Mapping[str, str]
) -> tuple[ImportedParagraph, ...]:
    section: Kind | None = None
    out: list[ImportedParagraph] = []
    for block in blocks:
        kind: Kind
        if block.heading:
            lowered = block.text.casefold()
            if "preamb" in lowered:
                section = "pp"
            elif "operative" in lowered or section == "pp":
                section = "op"
            kind = "heading"
        elif block.label is not None:
            kind = "pp" if block.label.startswith("PP") else "op"
        elif block.numbered:
            kind = "pp" if section == "pp" else "op"
        elif section == "pp":
            kind = "pp"
        elif section == "op":
            kind = "text"
        else:
            kind = "pp" if looks_preambular(block) else "text"
        label = block.label
        if label is None and block.number:
            label = insertion_label(kind, block.number)
        out.append(
            ImportedParagraph(
                kind=kind,
                text=block.text,
                label=label,
                number=block.number,
                footnotes=footnotes_in(block.text, footnotes),
            )
        )
    return tuple(out)
