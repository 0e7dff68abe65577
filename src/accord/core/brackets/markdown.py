"""Find the Markdown constructs whose square brackets are not negotiation brackets.

Imported drafts are often Markdown (the COP21 transcriptions are Jekyll pages), and
Markdown uses ``[`` for links and footnotes. The rules follow CommonMark where it
matters for real drafts, and lean towards "negotiation bracket" where Markdown is
ambiguous, because a missed bracket hides a dispute while a missed link only loses
styling:

- ``[X][Y]`` is a reference link only when ``Y`` is a defined label (otherwise it is two
  adjacent alternatives), and ``[Y]`` alone only when ``Y`` is defined;
- ``[^n]`` is a footnote marker only when footnote ``n`` is defined (an undefined one is
  rendered literally by Markdown, so it stays bracketed text);
- ``[text](dest)`` is an inline link only when ``dest`` looks like an address
  (``http:``, ``/``, ``#``, ``./``, ``www.``, a file name), because "paragraph [x](a)"
  in a draft means sub-paragraph (a), not a link;
- a reference definition ``[label]: dest`` must be the whole line, so that a bracketed
  phrase followed by a colon ("[Decides]: that ...") stays a bracket.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from accord.core.brackets.nodes import Markup, MarkupKind, Placeholder

_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(?:.*?\r?\n)??(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.S)
_REF_DEF = re.compile(
    r"^ {0,3}\[(?!\^)([^\[\]\n]+)\]:[ \t]*(?:<[^<>\n]*>|\S+)"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$",
    re.M,
)
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\[\]\s]+)\]:", re.M)
_FOOTNOTE = re.compile(r"\[\^([^\[\]\s]+)\]")
_INLINE_LINK = re.compile(r"\[([^\[\]\n]*)\]\((<[^<>\n]*>|[^()\s]+)(?:[ \t]+\"[^\"\n]*\")?\)")
_URLISH = re.compile(
    r"^<?(?:[A-Za-z][A-Za-z0-9+.-]*:|/|#|\.{1,2}/|www\.|[^\s]*\.(?:html?|pdf|md|docx?|xml)\b)"
)
_FULL_REF = re.compile(r"\[([^\[\]\n]*)\]\[([^\[\]\n]*)\]")
_SHORT_REF = re.compile(r"\[([^\[\]\n]+)\]")
_SPECIAL = re.compile(r"[\[\\]")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

DEFAULT_PLACEHOLDERS: frozenset[str] = frozenset({"x"})
"""Bracket contents read as placeholders. Only lower-case ``x``: the COP21 drafts write
blanks as "Annex [x]" but also use ``[X]`` as a real alternative ("[acknowledge][X]"),
and the README's counts treat ``[X]`` and ``[y]`` as brackets."""

Leaf = Markup | Placeholder


def normalize_label(label: str) -> str:
    """Markdown label matching: case-insensitive, inner whitespace collapsed."""
    return " ".join(label.split()).casefold()


def front_matter_end(text: str) -> int:
    """Offset just after a leading ``---`` ... ``---`` block, or 0 when there is none."""
    match = _FRONT_MATTER.match(text)
    return match.end() if match else 0


def find_markup(
    text: str, *, markdown: bool = True, placeholders: Collection[str] = DEFAULT_PLACEHOLDERS
) -> list[Leaf]:
    """Return the non-bracket leaves of ``text`` (sorted, non-overlapping).

    With ``markdown=False`` only placeholders are found, for plain-text drafts.
    """
    leaves: list[Leaf] = []
    claimed_until = 0
    link_labels: set[str] = set()
    footnotes: set[str] = set()
    line_level: list[tuple[int, int, MarkupKind]] = []
    if markdown:
        claimed_until = front_matter_end(text)
        if claimed_until:
            leaves.append(Markup(0, claimed_until, text[:claimed_until], "front_matter"))
        for m in _REF_DEF.finditer(text, claimed_until):
            link_labels.add(normalize_label(m.group(1)))
            line_level.append((m.start(), m.end(), "reference_definition"))
        for m in _FOOTNOTE_DEF.finditer(text, claimed_until):
            footnotes.add(m.group(1))
            line_level.append((m.start(), m.end(), "footnote_label"))
        line_level.sort()
    placeholder_set = frozenset(placeholders)
    next_line = 0
    for m in _SPECIAL.finditer(text, claimed_until):
        pos = m.start()
        if pos < claimed_until:
            continue
        # Line-level definitions are claimed lazily so both scans stay one pass each.
        while next_line < len(line_level) and line_level[next_line][1] <= pos:
            next_line += 1
        if next_line < len(line_level) and line_level[next_line][0] <= pos:
            start, end, kind = line_level[next_line]
            leaves.append(Markup(start, end, text[start:end], kind))
            claimed_until = end
            continue
        if m.group() == "\\":
            if pos + 1 < len(text) and text[pos + 1] in _ESCAPABLE:
                if text[pos + 1] in "[]":
                    leaves.append(Markup(pos, pos + 2, text[pos : pos + 2], "escape"))
                claimed_until = pos + 2
            continue
        leaf = _leaf_at(text, pos, markdown, link_labels, footnotes, placeholder_set)
        if leaf is not None:
            leaves.append(leaf)
            claimed_until = leaf.end
    return leaves


def _leaf_at(
    text: str,
    pos: int,
    markdown: bool,
    link_labels: set[str],
    footnotes: set[str],
    placeholders: frozenset[str],
) -> Leaf | None:
    """The Markdown construct starting at the ``[`` at ``pos``, if any."""
    if markdown:
        if (m := _FOOTNOTE.match(text, pos)) and m.group(1) in footnotes:
            return Markup(pos, m.end(), m.group(), "footnote_marker")
        if (m := _INLINE_LINK.match(text, pos)) and _URLISH.match(m.group(2)):
            return Markup(pos, m.end(), m.group(), "inline_link")
        if link_labels:
            m = _FULL_REF.match(text, pos)
            if m and normalize_label(m.group(2) or m.group(1)) in link_labels:
                return Markup(pos, m.end(), m.group(), "reference_link")
            m = _SHORT_REF.match(text, pos)
            if m and normalize_label(m.group(1)) in link_labels:
                return Markup(pos, m.end(), m.group(), "reference_link")
    m = _SHORT_REF.match(text, pos)
    if m and m.group(1) in placeholders:
        return Placeholder(pos, m.end(), m.group())
    return None
