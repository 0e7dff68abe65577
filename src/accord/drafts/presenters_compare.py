"""Turn a :class:`~accord.drafts.selectors.versions.Comparison` into what the compare page shows.

Pure presentation: the alignment, the word diff and the counts come from
``accord.core.textdiff``; this module only numbers the blocks as the texts do, renders their
runs as ``<ins>``/``<del>`` (escaped here, once, rather than op by op in the template: a
long redline has thousands of runs) and folds each stretch of unchanged paragraphs into one
row that the page shows collapsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accord.core.textdiff import DiffOp, RedlineBlock, RedlineCounts

from .models import Paragraph, VersionParagraph
from .selectors.versions import Comparison

View: TypeAlias = Literal["inline", "side"]
VIEWS: tuple[View, ...] = ("inline", "side")


@dataclass(frozen=True)
class BlockView:
    """One paragraph (or a split or merge) of the redline, ready to print.

    ``number`` is the display number in the new version (the old one for a deletion), ``""``
    for headings and unnumbered text; ``anchor`` is the stable id (``OP3bis``), used for the
    link target and not printed beside the number. ``inline_html`` holds both sides' runs;
    ``old_html`` the old text with its deletions, ``new_html`` the new with its insertions.
    """

    kind: str  # "equal" | "changed" | "inserted" | "deleted"
    anchor: str
    number: str
    old_number: str
    moved: bool
    moved_from: str  # where a moved paragraph was: its old number, else its position
    match: str  # "split" | "merge" | ""
    is_heading: bool
    heading: str  # a heading's text in the new version ("" for other paragraphs)
    inline_html: SafeString
    old_html: SafeString
    new_html: SafeString
    words_inserted: int
    words_deleted: int
    unchanged: bool = False  # a row of the page: never a collapsed run

    @property
    def renumbered(self) -> bool:
        """Numbered on both sides, differently (worth saying next to a change)."""
        return bool(self.number and self.old_number and self.number != self.old_number)


@dataclass(frozen=True)
class UnchangedRun:
    """Consecutive paragraphs with the same text in the same place: one collapsed row."""

    blocks: tuple[BlockView, ...]
    unchanged: bool = True

    @property
    def count(self) -> int:
        return len(self.blocks)

    @property
    def html(self) -> SafeString:
        """The run's paragraphs as they read, each with its number and stable-id anchor
        (built here: a long draft's unchanged stretches are most of the page)."""
        parts = []
        for b in self.blocks:
            classes = "rl-text rl-heading" if b.is_heading else "rl-text"
            number = f'<span class="para-number">{escape(b.number)}</span> ' if b.number else ""
            parts.append(
                f'<p class="{classes}" id="p-{escape(b.anchor)}">{number}{b.inline_html}</p>'
            )
        # The numbers and ids are escaped here, the texts by _runs.
        return mark_safe("".join(parts))

    @property
    def first(self) -> str:
        """The first display number in the run; when none is numbered, the first heading
        (shortened); else ""."""
        number = next((b.number for b in self.blocks if b.number), "")
        if number:
            return number
        heading = next((b.heading for b in self.blocks if b.heading), "")
        return Truncator(heading).chars(60)

    @property
    def last(self) -> str:
        """The last display number when it is not :attr:`first` ("" otherwise)."""
        number = next((b.number for b in reversed(self.blocks) if b.number), "")
        return number if number != self.first else ""


@dataclass(frozen=True)
class CompareView:
    old_label: str
    new_label: str
    counts: RedlineCounts
    rows: tuple[BlockView | UnchangedRun, ...]

    @property
    def identical(self) -> bool:
        c = self.counts
        return not (c.changed or c.inserted or c.deleted or c.moved)


def _runs(ops: tuple[DiffOp, ...], keep: tuple[str, ...]) -> SafeString:
    """The runs of ``ops`` whose tag is in ``keep`` as HTML. A run's leading whitespace (the
    diff's units carry the space before each word) stays outside its ``<ins>``/``<del>``,
    so the underline and the strike-through cover the words only."""
    parts: list[str] = []
    for op in ops:
        if op.tag not in keep:
            continue
        if op.tag == "equal":
            parts.append(escape(op.text))
            continue
        words = op.text.lstrip()
        parts.append(escape(op.text[: len(op.text) - len(words)]))
        if words:
            tag = "ins" if op.tag == "insert" else "del"
            parts.append(f"<{tag}>{escape(words)}</{tag}>")
    # Every run of text was escaped above; the tags are the only markup.
    return mark_safe("".join(parts))


def _numbers(items: list[VersionParagraph], indices: tuple[int, ...]) -> str:
    return ", ".join(n for n in (items[i].display_number for i in indices) if n)


def _block(comparison: Comparison, block: RedlineBlock) -> BlockView:
    old_items, new_items = comparison.old_items, comparison.new_items
    first = new_items[block.new[0]] if block.new else old_items[block.old[0]]
    old_number = _numbers(old_items, block.old)
    is_heading = first.paragraph.kind == Paragraph.Kind.HEADING
    moved_from = ""
    if block.moved:
        moved_from = old_number or _("position %(n)d") % {"n": block.old[0] + 1}
    return BlockView(
        kind=block.kind,
        anchor=first.paragraph.key,
        number=_numbers(new_items, block.new) if block.new else old_number,
        old_number=old_number,
        moved=block.moved,
        moved_from=moved_from,
        match=block.match if block.match in ("split", "merge") else "",
        is_heading=is_heading,
        heading=first.text if is_heading else "",
        inline_html=_runs(block.ops, ("equal", "insert", "delete")),
        old_html=_runs(block.ops, ("equal", "delete")),
        new_html=_runs(block.ops, ("equal", "insert")),
        words_inserted=block.words_inserted,
        words_deleted=block.words_deleted,
    )


def compare_view(comparison: Comparison) -> CompareView:
    """The page's rows in reading order of the new version: each change on its own, each
    stretch of unchanged paragraphs folded into one :class:`UnchangedRun`."""
    rows: list[BlockView | UnchangedRun] = []
    run: list[BlockView] = []
    for block in comparison.redline.blocks:
        view = _block(comparison, block)
        if block.kind == "equal" and not block.moved:
            run.append(view)
            continue
        if run:
            rows.append(UnchangedRun(tuple(run)))
            run = []
        rows.append(view)
    if run:
        rows.append(UnchangedRun(tuple(run)))
    return CompareView(
        old_label=comparison.old.label,
        new_label=comparison.new.label,
        counts=comparison.redline.counts(),
        rows=tuple(rows),
    )
