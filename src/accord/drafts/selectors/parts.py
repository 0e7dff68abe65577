"""The character edits an amendment makes: its parts, or the amendment's own span; and
what it changes, as a redline to show.

An amendment proposed by editing the paragraph in several places has parts
(``AmendmentPart``); any other text amendment is one edit. Those that apply amendments
and those that show them read the edits here. Prefetch ``parts`` when reading many
amendments (``Prefetch("parts")``).
"""

from __future__ import annotations

from accord.core.amend import (
    AmendError,
    Edit,
    Segment,
    edits_between,
    redline_segments,
    refine,
)

from ..models import Amendment
from .amendments import text_hash


def amendment_edits(amendment: Amendment) -> list[Edit]:
    """The edits of ``amendment`` on the text it was proposed on, in text order."""
    parts = list(amendment.parts.all())
    if parts:
        return [Edit(p.start, p.end, p.new_text) for p in sorted(parts, key=lambda p: p.position)]
    return [Edit(amendment.start or 0, amendment.end or 0, amendment.new_text)]


TEXT_KINDS = frozenset(
    {Amendment.Kind.INSERT_TEXT, Amendment.Kind.DELETE_TEXT, Amendment.Kind.REPLACE_TEXT}
)
CONTEXT_WORDS = 4


def amendment_segments(
    amendment: Amendment, base_text: str | None = None, *, context: int | None = CONTEXT_WORDS
) -> tuple[Segment, ...]:
    """What ``amendment`` changes, as a redline: its minimal word-level edits.

    With ``base_text`` (the paragraph as it reads in the amendment's version) the edits
    are shown in it, ``context`` words around each (``None``: the whole paragraph);
    without it, or for an amendment to an amendment, within the words it replaces. A new
    paragraph (added, or an alternative) is all inserted; deleting the paragraph shows
    nothing (its kind says it).
    """
    if amendment.kind not in TEXT_KINDS:
        if amendment.new_text:
            return (Segment("insert", amendment.new_text),)
        return ()
    if (
        base_text is not None
        and amendment.parent_id is None
        and text_hash(base_text) == amendment.base_text_hash
    ):
        try:
            edits = [p for e in amendment_edits(amendment) for p in refine(base_text, e)]
            return redline_segments(base_text, edits, context=context)
        except AmendError:  # pragma: no cover - offsets were checked at proposal
            pass
    old = amendment.old_text
    return redline_segments(old, edits_between(old, amendment.new_text), context=context)
