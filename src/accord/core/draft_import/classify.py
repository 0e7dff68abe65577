"""Deciding what each paragraph of an imported draft is: heading, PP, OP or text.

The rule, in order:

1. a heading is a heading; a heading that mentions "preamb" opens a *preambular* section,
   one that mentions "operative" opens an *operative* section, and any other heading after
   a preambular section opens an operative one (a treaty's "Article 1" follows its
   "Preamble");
2. a paragraph that starts with a UN id ("OP7bis.", "PP2:") is of that kind, keeping the id;
3. a numbered paragraph ("1.", Word numbering) is PP in a preambular section, OP otherwise;
4. an unnumbered paragraph is PP in a preambular section and text in an operative one;
   before any section cue it is PP when it opens like a preambular paragraph — an
   italicised first word or a participle ("Recalling", "Also noting", "Having
   considered") and ends with a comma or semicolon — and text otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from accord.core.draft_import.model import Block, Footnote, ImportedParagraph, Kind

_PARTICIPLE = re.compile(
    r"^[\[\*_\s]*(?:(?:Also|Further|Again|Deeply|Strongly)\s+[a-z]+(?:ing|ed)|[A-Z][a-z]+(?:ing|ed))\b"
)
_FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\]")


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
        out.append(
            ImportedParagraph(
                kind=kind,
                text=block.text,
                label=block.label,
                number=block.number,
                footnotes=footnotes_in(block.text, footnotes),
            )
        )
    return tuple(out)
