"""The "final text": a version with a chosen set of amendments applied.

Used for the preview the chair looks at before issuing the next revision, and by the
revision service itself, so that what is previewed is exactly what gets issued. Conflicts
(two amendments on the same words, a sub-amendment whose parent is not chosen, text edits
on a paragraph that another chosen amendment deletes) are reported, never resolved by
guessing: the earlier amendment wins and the later one is listed as a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from accord.core.amend import AmendError, Edit, apply_edits, overlaps
from accord.core.paragraph_ids import InvalidKey, alternative_key, next_insertion_key

from ..models import Amendment, Paragraph, Version, VersionParagraph

TEXT_KINDS = frozenset(
    {Amendment.Kind.INSERT_TEXT, Amendment.Kind.DELETE_TEXT, Amendment.Kind.REPLACE_TEXT}
)


@dataclass
class FinalItem:
    """One paragraph of the final text.

    ``paragraph`` is ``None`` for a paragraph an amendment adds (``key`` is then the key
    it will get); ``change`` is unchanged / amended / added / alternative / deleted;
    ``edits`` are the character edits applied to the base text (to move brackets).
    """

    paragraph: Paragraph | None
    key: str
    kind: str
    text: str
    footnotes: list[object]
    base_text: str
    change: str = "unchanged"
    applied: list[Amendment] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    anchor: Paragraph | None = None
    source: Amendment | None = None
    display_number: str = ""


@dataclass
class FinalText:
    version: Version
    items: list[FinalItem]
    conflicts: list[str]

    @property
    def kept(self) -> list[FinalItem]:
        return [item for item in self.items if item.change != "deleted"]


def _label(amendment: Amendment) -> str:
    return f"Amendment #{amendment.pk} on {amendment.paragraph.key}"


def _effective_new_text(
    amendment: Amendment, subs: Sequence[Amendment], conflicts: list[str]
) -> str:
    """The parent's proposed text as changed by its chosen sub-amendments."""
    accepted: list[tuple[Amendment, Edit]] = []
    for sub in subs:
        edit = Edit(sub.start or 0, sub.end or 0, sub.new_text)
        clash = next((a for a, e in accepted if overlaps(e, edit)), None)
        if clash is not None:
            conflicts.append(
                f"{_label(sub)} conflicts with #{clash.pk}: both change the same words."
            )
            continue
        accepted.append((sub, edit))
    try:
        return apply_edits(amendment.new_text, [e for _, e in accepted])
    except AmendError as exc:  # offsets outside the parent's text: refused at proposal
        conflicts.append(f"{_label(amendment)}: its sub-amendments cannot be applied ({exc}).")
        return amendment.new_text


def _new_key(kind: str, anchor: str, taken: set[str]) -> str:
    try:
        if kind == Amendment.Kind.ALTERNATIVE:
            return alternative_key(anchor, taken)
        return next_insertion_key(anchor, taken)
    except InvalidKey:  # headings and free text have no UN numbering: a plain suffix
        n = 1
        while f"{anchor}.{n}" in taken:
            n += 1
        return f"{anchor}.{n}"


def compose(
    version: Version, amendments: Iterable[Amendment], *, taken_keys: Iterable[str] = ()
) -> FinalText:
    """``version``'s text with ``amendments`` applied (see the module docstring)."""
    conflicts: list[str] = []
    chosen: list[Amendment] = []
    for amendment in sorted(amendments, key=lambda a: a.pk):
        if amendment.version_id != version.pk:
            conflicts.append(f"{_label(amendment)} was proposed on another version.")
        elif amendment.status != Amendment.Status.PROPOSED:
            conflicts.append(f"{_label(amendment)} is {amendment.get_status_display().lower()}.")
        else:
            chosen.append(amendment)
    chosen_ids = {a.pk for a in chosen}
    subs: dict[int, list[Amendment]] = {}
    top: list[Amendment] = []
    for amendment in chosen:
        if amendment.parent_id is None:
            top.append(amendment)
        elif amendment.parent_id in chosen_ids:
            subs.setdefault(amendment.parent_id, []).append(amendment)
        else:
            conflicts.append(
                f"{_label(amendment)} amends #{amendment.parent_id}, which is not chosen."
            )
    by_paragraph: dict[int, list[Amendment]] = {}
    for amendment in top:
        by_paragraph.setdefault(amendment.paragraph_id, []).append(amendment)
    taken = set(taken_keys) | set(
        Paragraph.objects.filter(report_id=version.report_id).values_list("key", flat=True)
    )
    items: list[FinalItem] = []
    rows = VersionParagraph.objects.filter(version=version).select_related("paragraph")
    for row in rows.order_by("order"):
        paragraph = row.paragraph
        item = FinalItem(
            paragraph=paragraph,
            key=paragraph.key,
            kind=paragraph.kind,
            text=row.text,
            footnotes=list(row.footnotes or []),
            base_text=row.text,
            display_number=row.display_number,
        )
        mine = by_paragraph.get(paragraph.pk, [])
        deleting = next((a for a in mine if a.kind == Amendment.Kind.DELETE_PARAGRAPH), None)
        accepted: list[tuple[Amendment, Edit]] = []
        for amendment in mine:
            if amendment.kind not in TEXT_KINDS:
                continue
            if deleting is not None:
                conflicts.append(f"{_label(amendment)} changes a paragraph #{deleting.pk} deletes.")
                continue
            edit = Edit(
                amendment.start or 0,
                amendment.end or 0,
                _effective_new_text(amendment, subs.get(amendment.pk, []), conflicts),
            )
            clash = next((a for a, e in accepted if overlaps(e, edit)), None)
            if clash is not None:
                conflicts.append(
                    f"{_label(amendment)} conflicts with #{clash.pk}: both change the same words."
                )
                continue
            accepted.append((amendment, edit))
        if accepted:
            item.edits = [e for _, e in accepted]
            item.text = apply_edits(row.text, item.edits)
            item.applied = [a for a, _ in accepted]
            item.change = "amended"
        if deleting is not None:
            item.change = "deleted"
            item.applied = [deleting]
        items.append(item)
        # New paragraphs follow their anchor: alternatives first, then additions.
        extra = [a for a in mine if a.kind == Amendment.Kind.ALTERNATIVE] + [
            a for a in mine if a.kind == Amendment.Kind.ADD_PARAGRAPH
        ]
        for amendment in extra:
            key = _new_key(amendment.kind, paragraph.key, taken)
            taken.add(key)
            text = _effective_new_text(amendment, subs.get(amendment.pk, []), conflicts)
            items.append(
                FinalItem(
                    paragraph=None,
                    key=key,
                    kind=paragraph.kind if paragraph.kind != Paragraph.Kind.HEADING else "text",
                    text=text,
                    footnotes=[],
                    base_text="",
                    change="alternative"
                    if amendment.kind == Amendment.Kind.ALTERNATIVE
                    else "added",
                    applied=[amendment],
                    anchor=paragraph,
                    source=amendment,
                )
            )
    return FinalText(version=version, items=items, conflicts=conflicts)


def final_text(version: Version, amendment_ids: Iterable[int]) -> FinalText:
    """The preview: ``version`` with the amendments ``amendment_ids`` applied."""
    ids = sorted(set(amendment_ids))
    found = list(
        Amendment.objects.filter(pk__in=ids, version=version).select_related("paragraph", "version")
    )
    result = compose(version, found)
    missing = set(ids) - {a.pk for a in found}
    # Missing and belonging elsewhere read the same: nothing leaks about other versions.
    result.conflicts[:0] = [f"#{pk} is not an amendment of this version." for pk in sorted(missing)]
    return result
