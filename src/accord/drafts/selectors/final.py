"""The "final text": a version with a chosen set of amendments applied, its options settled.

Used for the preview the chair looks at before issuing the next revision, and by the
revision service itself, so that what is previewed is exactly what gets issued. The rules
(which amendment wins, what conflicts, the keys of new paragraphs) are the pure
:func:`accord.core.amend.final.compose`; this module reads the version, the amendments (with
their parts) and the chosen options from the database, and words the conflicts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accord.core.amend import Edit
from accord.core.amend import final as core_final

from ..models import Amendment, OptionGroup, Paragraph, Version, VersionParagraph


@dataclass
class FinalItem:
    """One paragraph of the final text.

    ``paragraph`` is ``None`` for a paragraph an amendment adds (``key`` is then the key
    it will get); ``change`` is unchanged / amended / added / alternative / deleted /
    dropped (an option the chair did not choose); ``edits`` are the character edits
    applied to the base text (to move brackets).
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
        """The paragraphs of the next revision: neither deleted nor dropped."""
        return [item for item in self.items if item.change not in ("deleted", "dropped")]


def _label(amendment: Amendment) -> str:
    return _("Amendment #%(pk)s on %(key)s") % {"pk": amendment.pk, "key": amendment.paragraph.key}


def chosen_amendment(amendment: Amendment) -> core_final.ChosenAmendment:
    """The amendment as the core composes it (its parts: prefetch ``parts`` for many)."""
    parts = sorted(amendment.parts.all(), key=lambda p: p.position)
    return core_final.ChosenAmendment(
        id=amendment.pk,
        paragraph_id=amendment.paragraph_id,
        kind=amendment.kind,
        start=amendment.start or 0,
        end=amendment.end or 0,
        new_text=amendment.new_text,
        parts=tuple(Edit(p.start, p.end, p.new_text) for p in parts),
        parent_id=amendment.parent_id,
    )


def option_choices(version: Version) -> list[core_final.OptionChoice]:
    """The option groups of ``version`` the chair has settled."""
    groups = OptionGroup.objects.filter(version=version, chosen__isnull=False).prefetch_related(
        "paragraphs"
    )
    return [
        core_final.OptionChoice(
            options=frozenset(p.pk for p in group.paragraphs.all()), chosen=group.chosen_id or 0
        )
        for group in groups
    ]


def _conflict_text(conflict: core_final.Conflict, by_id: dict[int, Amendment]) -> str:
    label = _label(by_id[conflict.amendment])
    if conflict.kind == "parent_not_chosen":
        return _("%(label)s amends #%(parent)s, which is not chosen.") % {
            "label": label,
            "parent": conflict.other,
        }
    if conflict.kind == "deleted_paragraph":
        return _("%(label)s changes a paragraph #%(other)s deletes.") % {
            "label": label,
            "other": conflict.other,
        }
    if conflict.kind == "sub_unapplicable":
        return _("%(label)s: its sub-amendments cannot be applied (%(detail)s).") % {
            "label": label,
            "detail": conflict.detail,
        }
    return _("%(label)s conflicts with #%(other)s: both change the same words.") % {
        "label": label,
        "other": conflict.other,
    }


def compose(
    version: Version,
    amendments: Iterable[Amendment],
    *,
    taken_keys: Iterable[str] = (),
    options: Iterable[core_final.OptionChoice] | None = None,
) -> FinalText:
    """``version``'s text with ``amendments`` applied and its settled options dropped
    (``options``: those of ``version`` unless given)."""
    conflicts: list[str] = []
    chosen: list[Amendment] = []
    for amendment in sorted(amendments, key=lambda a: a.pk):
        if amendment.version_id != version.pk:
            conflicts.append(
                _("%(label)s was proposed on another version.") % {"label": _label(amendment)}
            )
        elif amendment.status != Amendment.Status.PROPOSED:
            conflicts.append(
                _("%(label)s is %(status)s.")
                % {"label": _label(amendment), "status": amendment.get_status_display().lower()}
            )
        else:
            chosen.append(amendment)
    rows = list(
        VersionParagraph.objects.filter(version=version)
        .select_related("paragraph")
        .order_by("order")
    )
    paragraphs = {row.paragraph_id: row.paragraph for row in rows}
    taken = set(taken_keys) | set(
        Paragraph.objects.filter(report_id=version.report_id).values_list("key", flat=True)
    )
    result = core_final.compose(
        [
            core_final.BaseParagraph(
                id=row.paragraph_id,
                key=row.paragraph.key,
                kind=row.paragraph.kind,
                text=row.text,
                display_number=row.display_number,
                footnotes=tuple(row.footnotes or ()),
            )
            for row in rows
        ],
        [chosen_amendment(a) for a in chosen],
        taken_keys=taken,
        options=option_choices(version) if options is None else options,
    )
    by_id = {a.pk: a for a in chosen}
    conflicts += [_conflict_text(c, by_id) for c in result.conflicts]
    items = [
        FinalItem(
            paragraph=paragraphs[item.paragraph] if item.paragraph is not None else None,
            key=item.key,
            kind=item.kind,
            text=item.text,
            footnotes=list(item.footnotes),
            base_text=item.base_text,
            change=item.change,
            applied=[by_id[pk] for pk in item.applied],
            edits=list(item.edits),
            anchor=paragraphs[item.anchor] if item.anchor is not None else None,
            source=by_id[item.source] if item.source is not None else None,
            display_number=item.display_number,
        )
        for item in result.items
    ]
    return FinalText(version=version, items=items, conflicts=conflicts)


def final_text(version: Version, amendment_ids: Iterable[int]) -> FinalText:
    """The preview: ``version`` with the amendments ``amendment_ids`` applied."""
    ids = sorted(set(amendment_ids))
    found = list(
        Amendment.objects.filter(pk__in=ids, version=version)
        .select_related("paragraph", "version")
        .prefetch_related("parts")
    )
    result = compose(version, found)
    missing = set(ids) - {a.pk for a in found}
    # Missing and belonging elsewhere read the same: nothing leaks about other versions.
    result.conflicts[:0] = [
        _("#%(pk)s is not an amendment of this version.") % {"pk": pk} for pk in sorted(missing)
    ]
    return result
