"""Negotiation brackets as an overlay on a paragraph: written into the text, or lifted.

Brackets recorded by delegates are spans over a text; when the next revision is issued
they are written into it as ``[``…``]``. Brackets already in the text are lifted by
removing their two characters. Spans must nest or be disjoint (``[a [b] c]`` is fine,
crossing spans like ``[a (b] c)`` cannot be written as brackets).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .edits import AmendError

Span = tuple[int, int]


class OverlayError(AmendError):
    """Crossing spans, an empty span, or a span that is not a bracket in the text."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """The new text; ``added`` and ``kept`` are the spans' new offsets, in input order.

    Each new span covers its ``[`` and ``]`` characters.
    """

    text: str
    added: tuple[Span, ...]
    kept: tuple[Span, ...]


def crossing(spans: Sequence[Span]) -> tuple[Span, Span] | None:
    """Two spans that overlap without one containing the other, or ``None``."""
    ordered = sorted(set(spans), key=lambda s: (s[0], -s[1]))
    stack: list[Span] = []
    for span in ordered:
        while stack and stack[-1][1] <= span[0]:
            stack.pop()
        if stack and span[1] > stack[-1][1]:
            return stack[-1], span
        stack.append(span)
    return None


def render_brackets(
    text: str,
    add: Sequence[Span] = (),
    *,
    lift: Sequence[Span] = (),
    keep: Sequence[Span] = (),
) -> Rendered:
    """Write ``add`` spans into ``text`` as brackets and remove the ``lift`` brackets.

    ``lift`` and ``keep`` are brackets already in ``text`` (their first character is
    ``[`` and their last ``]``); ``keep`` ones are only followed to their new offsets.
    Identical spans in ``add`` are written once.
    """
    add = list(dict.fromkeys(add))
    for s, e in [*add, *lift, *keep]:
        if not 0 <= s < e <= len(text):
            raise OverlayError(f"span {s}–{e} is empty or outside the text")
    for s, e in [*lift, *keep]:
        if text[s] != "[" or text[e - 1] != "]":
            raise OverlayError(f"span {s}–{e} is not a bracket in the text")
    pair = crossing([*add, *lift, *keep])
    if pair is not None:
        raise OverlayError(f"brackets {pair[0]} and {pair[1]} cross")
    removed = {s for s, _ in lift} | {e - 1 for _, e in lift}
    # Markers to insert before each old character: closings (innermost first) then
    # openings (outermost first); None stands for the end of the text.
    closes: dict[int, list[int]] = {}
    opens: dict[int, list[int]] = {}
    for index, (s, e) in enumerate(add):
        opens.setdefault(s, []).append(index)
        closes.setdefault(e, []).append(index)
    out: list[str] = []
    length = 0
    new_pos: list[int] = []  # old character index → its index in the new text
    open_at = [0] * len(add)
    close_at = [0] * len(add)
    for i in range(len(text) + 1):
        for index in sorted(closes.get(i, []), key=lambda k: -add[k][0]):
            close_at[index] = length
            out.append("]")
            length += 1
        for index in sorted(opens.get(i, []), key=lambda k: -add[k][1]):
            open_at[index] = length
            out.append("[")
            length += 1
        if i == len(text):
            break
        new_pos.append(length)
        if i not in removed:
            out.append(text[i])
            length += 1
    added = tuple((open_at[k], close_at[k] + 1) for k in range(len(add)))
    kept = tuple((new_pos[s], new_pos[e - 1] + 1) for s, e in keep)
    return Rendered("".join(out), added, kept)


def bracket(text: str, spans: Sequence[Span]) -> str:
    """``text`` with each span written in brackets."""
    return render_brackets(text, spans).text


def lift(text: str, spans: Sequence[Span]) -> str:
    """``text`` without the brackets at ``spans`` (each must start with ``[``, end with ``]``)."""
    return render_brackets(text, lift=spans).text
