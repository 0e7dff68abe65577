"""Group sibling nodes into alternatives (``[X][Y]``) and option blocks ("Option 1: ...").

Both groupings only rearrange siblings, never change their text, so rendering stays
exact. Grouping runs when a bracket closes (bottom-up), so it needs no recursion.

Option blocks are recognised line by line: a line that starts (after indentation, a list
number and emphasis) with "Option 1", "Option II" or "Option b" opens an option. Options
whose labels follow each other (1 → 2, I → II, a → b) form one :class:`OptionGroup`.
Every option but the last runs up to the next option's marker, which lets an option
hold several paragraphs; the last one ends with its paragraph (or with the paragraph
after a marker that stands alone on its line, as in ``**Option 2:**\\n\\nNo text``), and
a Markdown heading always ends a group. Options nested inside an option are read as a
new group: drafts rarely nest them and the line layout cannot tell them apart reliably.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord.core.brackets.nodes import AlternativeGroup, Bracket, Node, Option, OptionGroup, Text

_EMPH = r"(?:\*\*|__|\*|_)?"
_MARKER_BODY = (
    r"[ \t]*(?:(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)][ \t]+|[-*+][ \t]+)?"
    + _EMPH
    + r"Option[ \t]+(?P<label>\d{1,3}|[IVX]{1,6}|[A-Za-z])\b"
    + _EMPH
    + r"[ \t]*[:.]?"
    + _EMPH
    + r"[ \t]*"
)
_MARKER = re.compile("^" + _MARKER_BODY, re.M)
# A bracket may open right before its options: "[**Option I:** ... **Option II:** ...]".
_MARKER_AFTER_BRACKET = re.compile(_MARKER_BODY)
_BREAK = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
_HEADING = re.compile(r"^[ \t]{0,3}#", re.M)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}


def label_value(label: str) -> int | None:
    """The ordinal of an option label ("3" → 3, "II" → 2, "b" → 2), None if unknown."""
    if label.isdigit():
        return int(label)
    if label.upper() in _ROMAN and (label.isupper() or len(label) > 1):
        return _ROMAN[label.upper()]
    if len(label) == 1 and label.isalpha():
        return ord(label.lower()) - ord("a") + 1
    return None


def group_children(children: list[Node], text: str) -> tuple[Node, ...]:
    """Group adjacent brackets into alternatives, then option markers into option groups."""
    grouped = _group_alternatives(children)
    if not any(isinstance(n, Text) and "Option" in n.text for n in grouped):
        return tuple(grouped)
    return tuple(_group_options(grouped, text))


def _group_alternatives(children: list[Node]) -> list[Node]:
    out: list[Node] = []
    run: list[Bracket] = []

    def flush() -> None:
        if len(run) >= 2:
            out.append(AlternativeGroup(run[0].start, run[-1].end, tuple(run)))
        else:
            out.extend(run)
        run.clear()

    for node in children:
        if isinstance(node, Bracket) and node.closed:
            if run and run[-1].end != node.start:
                flush()
            run.append(node)
        else:
            flush()
            out.append(node)
    flush()
    return out


@dataclass
class _Piece:
    node: Node
    kind: str  # "marker", "break", "heading" or "content"
    label: str = ""
    marker_end: int = 0


def _pieces(nodes: list[Node], text: str) -> list[_Piece]:
    """Split Text nodes at option markers and paragraph breaks."""
    pieces: list[_Piece] = []
    for node in nodes:
        if not isinstance(node, Text):
            pieces.append(_Piece(node, "content"))
            continue
        cuts: list[tuple[int, int, str, str]] = []  # start, end, kind, label
        if node.start > 0 and text[node.start - 1] == "[":
            m = _MARKER_AFTER_BRACKET.match(text, node.start, node.end)
            if m:
                cuts.append((m.start(), m.end(), "marker", m.group("label")))
        for m in _MARKER.finditer(text, node.start, node.end):
            if m.start() == node.start and node.start > 0 and text[node.start - 1] != "\n":
                continue  # "^" matched at the slice start, not at a real line start
            cuts.append((m.start(), m.end(), "marker", m.group("label")))
        for m in _BREAK.finditer(text, node.start, node.end):
            cuts.append((m.start(), m.end(), "break", ""))
        for m in _HEADING.finditer(text, node.start, node.end):
            if m.start() > node.start or node.start == 0 or text[node.start - 1] == "\n":
                cuts.append((m.start(), m.start(), "heading", ""))
        cuts.sort()
        pos = node.start
        for start, end, kind, label in cuts:
            if start < pos:
                continue
            if start > pos:
                pieces.append(_Piece(Text(pos, start, text[pos:start]), "content"))
            if kind == "heading":
                pieces.append(_Piece(Text(start, start, ""), "heading"))
                pos = start
                continue
            pieces.append(_Piece(Text(start, end, text[start:end]), kind, label, end))
            pos = end
        if pos < node.end:
            pieces.append(_Piece(Text(pos, node.end, text[pos : node.end]), "content"))
    return pieces


def _group_options(nodes: list[Node], text: str) -> list[Node]:
    pieces = _pieces(nodes, text)
    # Chains of markers whose labels follow each other, cut by headings.
    chains: list[list[int]] = []
    prev_value: int | None = None
    for i, piece in enumerate(pieces):
        if piece.kind == "heading":
            prev_value = None
        elif piece.kind == "marker":
            value = label_value(piece.label)
            if chains and prev_value is not None and value == prev_value + 1:
                chains[-1].append(i)
            else:
                chains.append([i])
            prev_value = value
    out: list[Node] = []
    i = 0
    for chain in chains:
        _emit_plain(pieces[i : chain[0]], out)
        end = _last_option_end(pieces, chain[-1])
        bounds = [*chain, end]
        options = [_make_option(pieces[bounds[k] : bounds[k + 1]]) for k in range(len(chain))]
        out.append(OptionGroup(options[0].start, options[-1].end, tuple(options)))
        i = end
    _emit_plain(pieces[i:], out)
    return out


def _last_option_end(pieces: list[_Piece], marker: int) -> int:
    """Index just past the last option: its paragraph ends at the next blank line."""
    seen_content = False
    for j in range(marker + 1, len(pieces)):
        kind, node = pieces[j].kind, pieces[j].node
        if kind in ("heading", "marker"):
            return j
        if kind == "break" and seen_content:
            return j
        if kind == "content" and not (isinstance(node, Text) and not node.text.strip()):
            seen_content = True
    return len(pieces)


def _make_option(pieces: list[_Piece]) -> Option:
    marker = pieces[0]
    children = _merge_text([p.node for p in pieces])
    return Option(children[0].start, children[-1].end, marker.label, marker.marker_end, children)


def _emit_plain(pieces: list[_Piece], out: list[Node]) -> None:
    out.extend(_merge_text([p.node for p in pieces]))


def _merge_text(nodes: list[Node]) -> tuple[Node, ...]:
    """Re-join Text pieces that the splitting cut apart, dropping empty ones."""
    merged: list[Node] = []
    for node in nodes:
        if isinstance(node, Text):
            if node.start == node.end:
                continue
            last = merged[-1] if merged else None
            if isinstance(last, Text) and last.end == node.start:
                merged[-1] = Text(last.start, node.end, last.text + node.text)
                continue
        merged.append(node)
    return tuple(merged)
