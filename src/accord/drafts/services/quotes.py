"""Words quoted by a delegate, turned into the span of a bracket or a replacement.

Nobody types an offset: a selection with the mouse sends the span it covers (and the
words), a delegate without JavaScript quotes the words. When they occur more than once
:class:`AmbiguousQuote` carries every occurrence (with context) so the form can ask which
one; the answer comes back as ``occurrence`` (1 for the first).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.common.errors import ValidationFailed
from accord.core.amend import MAX_QUOTE, Occurrence, find_quote


class AmbiguousQuote(ValidationFailed):
    """The quoted words occur more than once; ``occurrences`` are the candidates."""

    code = "ambiguous_quote"

    def __init__(self, quote: str, occurrences: tuple[Occurrence, ...]) -> None:
        super().__init__(
            ngettext(
                "“%(quote)s” occurs %(count)d time in the paragraph; say which one.",
                "“%(quote)s” occurs %(count)d times in the paragraph; say which one.",
                len(occurrences),
            )
            % {"quote": quote.strip(), "count": len(occurrences)},
            fields={
                "occurrence": _("Choose which occurrence you mean."),
                # Where each is, for API clients: "13-16 42-45" (character offsets).
                "occurrences": " ".join(f"{o.start}-{o.end}" for o in occurrences),
            },
        )
        self.quote = quote
        self.occurrences = occurrences


def resolve_quote(
    text: str,
    quote: str,
    *,
    occurrence: int | None = None,
    start: int | None = None,
    end: int | None = None,
) -> tuple[int, int]:
    """The span of ``text`` the delegate means by ``quote``.

    A ``start``/``end`` sent with the quote (a mouse selection) picks that occurrence;
    else ``occurrence`` (1-based); else the only one. Raises :class:`ValidationFailed`
    when the words are not in the text or ``occurrence`` is out of range, and
    :class:`AmbiguousQuote` when the choice is the delegate's to make.
    """
    if len(quote) > MAX_QUOTE:
        raise ValidationFailed(_("The quoted words are too long."), fields={"quote": "too_long"})
    if not quote.strip():
        raise ValidationFailed(
            _("Quote the words (select them in the text, or type them)."),
            fields={"quote": _("Required.")},
        )
    found = find_quote(text, quote)
    if not found:
        raise ValidationFailed(
            _(
                "“%(quote)s” is not in the paragraph. Quote whole words exactly as they "
                "read (select them in the text, or copy them)."
            )
            % {"quote": quote.strip()},
            fields={"quote": _("Not found in the paragraph.")},
        )
    if start is not None and end is not None:
        for candidate in found:
            if (candidate.start, candidate.end) == (start, end):
                return start, end
    if occurrence is not None:
        if not 1 <= occurrence <= len(found):
            raise ValidationFailed(
                _("There is no occurrence %(n)d of “%(quote)s”; choose one of those shown.")
                % {"n": occurrence, "quote": quote.strip()},
                fields={"occurrence": _("Out of range.")},
            )
        chosen = found[occurrence - 1]
        return chosen.start, chosen.end
    if len(found) == 1:
        return found[0].start, found[0].end
    raise AmbiguousQuote(quote, found)
