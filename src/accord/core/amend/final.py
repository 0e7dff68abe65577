"""The final text: a version's paragraphs with a chosen set of amendments applied.

Pure: paragraphs, amendments and option choices come in as plain data (ids are the
caller's), the composed paragraphs and the conflicts go out. The chair's preview and the
next revision both use it, so what is previewed is what gets issued.

Conflicts are reported, never resolved by guessing: amendments are taken in id order, the
earlier one wins and the later one is listed as a :class:`Conflict` and left out. They are

- ``parent_not_chosen`` — an amendment to an amendment whose parent is not chosen;
- ``overlap`` — two amendments (or two sub-amendments of one parent) change the same words;
- ``deleted_paragraph`` — a text amendment on a paragraph a chosen amendment deletes;
- ``sub_unapplicable`` — a parent's sub-amendments do not fit its proposed text.

An amendment with several parts (proposed by editing the paragraph in several places)
changes only the words of its parts: another amendment on words between them applies beside
it. When sub-amendments change such an amendment, they change its covering text (its own
``start``/``end``/``new_text``, the one replace that covers every part), so it is then
applied as that one replace. Sub-amendments with parts are applied part by part alike.

Example::

    >>> base = [BaseParagraph(1, "OP1", "op", "Decides to act;")]
    >>> out = compose(base, [ChosenAmendment(7, 1, "replace_text", 8, 14, "consider acting")])
    >>> out.items[0].text, out.items[0].applied, out.conflicts
    ('Decides consider acting;', (7,), ())
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from accord.core.amend.edits import AmendError, Edit, apply_edits, overlaps
from accord.core.paragraph_ids import InvalidKey, alternative_key, next_insertion_key

TEXT_KINDS = frozenset({"insert_text", "delete_text", "replace_text"})
ADD_PARAGRAPH = "add_paragraph"
DELETE_PARAGRAPH = "delete_paragraph"
ALTERNATIVE = "alternative"

Change: TypeAlias = Literal["unchanged", "amended", "added", "alternative", "deleted", "dropped"]
ConflictKind: TypeAlias = Literal[
    "parent_not_chosen", "overlap", "deleted_paragraph", "sub_unapplicable"
]


@dataclass(frozen=True, slots=True)
class BaseParagraph:
    """A paragraph of the version the amendments were proposed on, in reading order."""

    id: int
    key: str  # the UN id: "OP3"
    kind: str  # "heading", "pp", "op" or "text"
    text: str
    display_number: str = ""
    footnotes: tuple[object, ...] = ()  # carried through untouched


@dataclass(frozen=True, slots=True)
class ChosenAmendment:
    """An amendment to apply.

    ``start``/``end`` are offsets into the paragraph's text (for a sub-amendment: into its
    parent's ``new_text``); ``parts`` are the edits of an amendment with several parts, on
    the same text, and then ``start``/``end``/``new_text`` are the replace covering them.
    """

    id: int
    paragraph_id: int
    kind: (
        str  # insert_text, delete_text, replace_text, add_paragraph, delete_paragraph, alternative
    )
    start: int = 0
    end: int = 0
    new_text: str = ""
    parts: tuple[Edit, ...] = ()
    parent_id: int | None = None

    def edits(self) -> list[Edit]:
        """Its own edits: the parts, or the one span."""
        if self.parts:
            return sorted(self.parts, key=lambda e: (e.start, e.end))
        return [Edit(self.start, self.end, self.new_text)]


@dataclass(frozen=True, slots=True)
class OptionChoice:
    """An option group the chair has settled: the other options are dropped."""

    options: frozenset[int]  # paragraph ids
    chosen: int


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: ConflictKind
    amendment: int
    other: int | None = None  # the amendment it clashes with (the parent, for a missing one)
    detail: str = ""  # why sub-amendments cannot be applied


@dataclass(frozen=True, slots=True)
class ComposedItem:
    """One paragraph of the final text.

    ``paragraph`` is the base paragraph's id, or ``None`` for a paragraph an amendment
    adds (``key`` is then the key it will get, ``anchor`` the paragraph it follows and
    ``source`` the amendment); ``edits`` are the character edits applied to the base text
    (to move brackets); ``applied`` the ids of the amendments applied.
    """

    paragraph: int | None
    key: str
    kind: str
    text: str
    base_text: str
    change: Change = "unchanged"
    applied: tuple[int, ...] = ()
    edits: tuple[Edit, ...] = ()
    footnotes: tuple[object, ...] = ()
    display_number: str = ""
    anchor: int | None = None
    source: int | None = None


@dataclass(frozen=True, slots=True)
class Composition:
    items: tuple[ComposedItem, ...]
    conflicts: tuple[Conflict, ...] = field(default=())

    @property
    def kept(self) -> tuple[ComposedItem, ...]:
        """The paragraphs of the next text: neither deleted nor dropped."""
        return tuple(item for item in self.items if item.change not in ("deleted", "dropped"))


def _first_clash(accepted: list[tuple[int, list[Edit]]], edits: list[Edit]) -> int | None:
    return next((a for a, es in accepted if any(overlaps(e, f) for e in es for f in edits)), None)


def _effective(
    amendment: ChosenAmendment, subs: Sequence[ChosenAmendment], conflicts: list[Conflict]
) -> str:
    """The amendment's proposed text as its chosen sub-amendments change it."""
    accepted: list[tuple[int, list[Edit]]] = []
    for sub in subs:
        edits = sub.edits()
        clash = _first_clash(accepted, edits)
        if clash is not None:
            conflicts.append(Conflict("overlap", sub.id, clash))
            continue
        accepted.append((sub.id, edits))
    try:
        return apply_edits(amendment.new_text, [e for _, es in accepted for e in es])
    except AmendError as exc:  # offsets outside the parent's text: refused at proposal
        conflicts.append(Conflict("sub_unapplicable", amendment.id, detail=str(exc)))
        return amendment.new_text


def new_key(kind: str, anchor: str, taken: set[str]) -> str:
    """The key of a paragraph added after ``anchor`` (``OP3bis``) or offered as its
    alternative (``OP3alt``); headings and free text get a plain suffix (``H1.1``)."""
    try:
        if kind == ALTERNATIVE:
            return alternative_key(anchor, taken)
        return next_insertion_key(anchor, taken)
    except InvalidKey:
        n = 1
        while f"{anchor}.{n}" in taken:
            n += 1
        return f"{anchor}.{n}"


def compose(
    paragraphs: Sequence[BaseParagraph],
    amendments: Iterable[ChosenAmendment],
    *,
    taken_keys: Iterable[str] = (),
    options: Iterable[OptionChoice] = (),
) -> Composition:
    """``paragraphs`` with ``amendments`` applied and ``options`` settled.

    ``taken_keys`` are keys new paragraphs may not get (every key the report has used).
    Deterministic: the same input gives the same output, amendments in id order.
    """
    conflicts: list[Conflict] = []
    chosen = sorted(amendments, key=lambda a: a.id)
    chosen_ids = {a.id for a in chosen}
    subs: dict[int, list[ChosenAmendment]] = {}
    by_paragraph: dict[int, list[ChosenAmendment]] = {}
    for amendment in chosen:
        if amendment.parent_id is None:
            by_paragraph.setdefault(amendment.paragraph_id, []).append(amendment)
        elif amendment.parent_id in chosen_ids:
            subs.setdefault(amendment.parent_id, []).append(amendment)
        else:
            conflicts.append(Conflict("parent_not_chosen", amendment.id, amendment.parent_id))
    dropped = {pid for choice in options for pid in choice.options if pid != choice.chosen}
    taken = set(taken_keys) | {p.key for p in paragraphs}
    items: list[ComposedItem] = []
    for paragraph in paragraphs:
        mine = by_paragraph.get(paragraph.id, [])
        deleting = next((a for a in mine if a.kind == DELETE_PARAGRAPH), None)
        accepted: list[tuple[int, list[Edit]]] = []
        for amendment in mine:
            if amendment.kind not in TEXT_KINDS:
                continue
            if deleting is not None:
                conflicts.append(Conflict("deleted_paragraph", amendment.id, deleting.id))
                continue
            mine_subs = subs.get(amendment.id, [])
            if mine_subs:  # sub-amendments change the covering text: applied as one replace
                text = _effective(amendment, mine_subs, conflicts)
                edits = [Edit(amendment.start, amendment.end, text)]
            else:
                edits = amendment.edits()
            clash = _first_clash(accepted, edits)
            if clash is not None:
                conflicts.append(Conflict("overlap", amendment.id, clash))
                continue
            accepted.append((amendment.id, edits))
        change: Change = "unchanged"
        text = paragraph.text
        applied: tuple[int, ...] = ()
        edits_done: tuple[Edit, ...] = ()
        if accepted:
            edits_done = tuple(e for _, es in accepted for e in es)
            text = apply_edits(paragraph.text, edits_done)
            applied = tuple(a for a, _ in accepted)
            change = "amended"
        if deleting is not None:
            change, applied = "deleted", (deleting.id,)
        elif paragraph.id in dropped:
            change = "dropped"
        items.append(
            ComposedItem(
                paragraph=paragraph.id,
                key=paragraph.key,
                kind=paragraph.kind,
                text=text,
                base_text=paragraph.text,
                change=change,
                applied=applied,
                edits=edits_done,
                footnotes=paragraph.footnotes,
                display_number=paragraph.display_number,
            )
        )
        # New paragraphs follow their anchor: alternatives first, then additions.
        extra = [a for a in mine if a.kind == ALTERNATIVE] + [
            a for a in mine if a.kind == ADD_PARAGRAPH
        ]
        for amendment in extra:
            key = new_key(amendment.kind, paragraph.key, taken)
            taken.add(key)
            items.append(
                ComposedItem(
                    paragraph=None,
                    key=key,
                    kind=paragraph.kind if paragraph.kind != "heading" else "text",
                    text=_effective(amendment, subs.get(amendment.id, []), conflicts),
                    base_text="",
                    change="alternative" if amendment.kind == ALTERNATIVE else "added",
                    applied=(amendment.id,),
                    anchor=paragraph.id,
                    source=amendment.id,
                )
            )
    return Composition(items=tuple(items), conflicts=tuple(conflicts))
