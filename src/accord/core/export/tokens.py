"""One paragraph as a flat stream of tokens every writer renders the same way.

Text, bracket openings and closings (always properly nested, so HTML and XML stay well
formed), and note references. Notes are numbered across the whole document, in reading
order, and each carries its text (a footnote of the text, or who holds a bracket and why).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from accord.core.brackets import Bracket, iter_nodes, parse
from accord.core.export.model import BracketNote, ExportDocument, ExportParagraph


@dataclass(frozen=True, slots=True)
class TextTok:
    text: str


@dataclass(frozen=True, slots=True)
class OpenTok:
    mark: str  # "[" (typed, or added for a bracket recorded on unbracketed text)
    depth: int


@dataclass(frozen=True, slots=True)
class CloseTok:
    mark: str  # "]", or "" for a bracket never closed in the text


@dataclass(frozen=True, slots=True)
class NoteTok:
    number: int


Token: TypeAlias = TextTok | OpenTok | CloseTok | NoteTok


@dataclass(frozen=True, slots=True)
class Note:
    number: int
    text: str
    kind: str  # "footnote" or "bracket"
    holders: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Laid:
    """A paragraph ready to write: its tokens and the notes it references."""

    paragraph: ExportParagraph
    tokens: tuple[Token, ...]
    notes: tuple[Note, ...]
    number: str = ""  # operative paragraphs: as displayed, else counted ("3.")


def bracket_note_text(note: BracketNote) -> str:
    """ "Bracket held by Brazil, Sweden (Contested wording). Brazil: awaiting capital."""
    names = ", ".join(h.name for h in note.holders)
    text = f"Bracket held by {names}" if names else "Bracketed text"
    why = note.reason
    if note.linked_to:
        why = f"{why}: {note.linked_to}" if why else f"linked to {note.linked_to}"
    text += f" ({why})." if why else "."
    reasons = [f"{h.name}: {h.reason.strip()}" for h in note.holders if h.reason.strip()]
    if reasons:
        text += " " + "; ".join(reasons) + "."
    return text


def layout(document: ExportDocument) -> tuple[Laid, ...]:
    """Every paragraph of the document as tokens, notes numbered from 1 in reading order."""
    counter = [0]
    laid: list[Laid] = []
    operative = 0
    for paragraph in document.paragraphs:
        item = _lay(paragraph, counter)
        if paragraph.kind == "op":
            operative += 1
            item = Laid(paragraph, item.tokens, item.notes, paragraph.number or f"{operative}.")
        laid.append(item)
    return tuple(laid)


@dataclass(slots=True)
class _Span:
    start: int
    end: int  # exclusive; for a typed closed bracket, ``end - 1`` is its "]"
    typed: bool
    closed: bool
    notes: list[BracketNote]


def _nests(a: _Span, b: _Span) -> bool:
    """True when ``b`` can sit beside, inside or around ``a`` without crossing it."""
    if b.end <= a.start or a.end <= b.start:
        return True
    a_inner_end = a.end - 1 if a.typed and a.closed else a.end
    b_inner_end = b.end - 1 if b.typed and b.closed else b.end
    return (a.start <= b.start and b.end <= a_inner_end) or (
        b.start <= a.start and a.end <= b_inner_end
    )


def _spans(paragraph: ExportParagraph, masked: str) -> tuple[list[_Span], list[BracketNote]]:
    """Typed brackets of the text, plus those recorded on unbracketed text; loose notes."""
    n = len(masked)
    spans = [
        _Span(node.start, node.end, True, node.closed, [])
        for node in iter_nodes(parse(masked))
        if isinstance(node, Bracket)
    ]
    by_span = {(s.start, s.end): s for s in spans}
    loose: list[BracketNote] = []
    for note in paragraph.brackets:
        start, end = max(0, min(note.start, n)), max(0, min(note.end, n))
        # The span as recorded may or may not include the typed "[" and "]".
        found = next(
            (
                by_span[key]
                for key in ((start, end), (start - 1, end + 1), (start, end + 1), (start - 1, end))
                if key in by_span and by_span[key].typed
            ),
            None,
        )
        if found is not None:
            found.notes.append(note)
            continue
        candidate = _Span(start, end, False, True, [note])
        if end > start and all(_nests(s, candidate) for s in spans):
            # A bracket recorded on text with no typed brackets: show the brackets.
            spans.append(candidate)
            by_span[(start, end)] = candidate
        else:
            loose.append(note)  # empty, or would cross a typed bracket: note only
    return spans, loose


def _lay(paragraph: ExportParagraph, counter: list[int]) -> Laid:
    text = paragraph.text
    n = len(text)
    # Footnote markers "[^1]" become note references; blank them for the bracket parser
    # (same length, so offsets hold) so an undefined marker is never read as a bracket.
    marker_at: dict[int, tuple[int, str]] = {}  # start -> (end, footnote text)
    trailing: list[str] = []
    masked = text
    for footnote in paragraph.footnotes:
        found = text.find(f"[^{footnote.marker}]") if footnote.marker else -1
        if found < 0 or found in marker_at:
            trailing.append(footnote.text)
            continue
        end = found + len(footnote.marker) + 3
        marker_at[found] = (end, footnote.text)
        masked = masked[:found] + " " * (end - found) + masked[end:]

    spans, loose = _spans(paragraph, masked)
    opens: dict[int, list[_Span]] = {}
    for span in spans:
        opens.setdefault(span.start, []).append(span)

    tokens: list[Token] = []
    notes: list[Note] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            tokens.append(TextTok("".join(buf)))
            buf.clear()

    def add_note(body: str, kind: str, holders: tuple[str, ...] = ()) -> None:
        flush()
        counter[0] += 1
        notes.append(Note(counter[0], body, kind, holders))
        tokens.append(NoteTok(counter[0]))

    def close(span: _Span, mark: str) -> None:
        flush()
        tokens.append(CloseTok(mark))
        for note in span.notes:
            add_note(bracket_note_text(note), "bracket", tuple(h.name for h in note.holders))

    stack: list[_Span] = []
    i = 0
    while True:
        # Added brackets close before the char at their end; at the end, everything closes.
        while stack and (i == n or (not stack[-1].typed and stack[-1].end == i)):
            span = stack.pop()
            close(span, "" if span.typed else "]")
        if i >= n:
            break
        if i in marker_at:
            end, body = marker_at[i]
            add_note(body, "footnote")
            i = end
            continue
        top = stack[-1] if stack else None
        if top is not None and top.typed and top.closed and i == top.end - 1:
            stack.pop()
            close(top, "]")
            i += 1
            continue
        consumed = False
        # Longer spans open first so that nesting holds; a typed one before an added one.
        for span in sorted(opens.get(i, ()), key=lambda s: (-s.end, not s.typed)):
            flush()
            tokens.append(OpenTok("[", len(stack) + 1))
            stack.append(span)
            consumed = consumed or span.typed
        if not consumed:
            buf.append(text[i])
        i += 1
    for note in loose:
        add_note(bracket_note_text(note), "bracket", tuple(h.name for h in note.holders))
    for body in trailing:
        add_note(body, "footnote")
    flush()
    return Laid(paragraph, tuple(tokens), tuple(notes))


def plain_text(laid: Laid) -> str:
    """The paragraph as read, brackets included, without note markers."""
    return "".join(
        t.text if isinstance(t, TextTok) else t.mark
        for t in laid.tokens
        if not isinstance(t, NoteTok)
    )
