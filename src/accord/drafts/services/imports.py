"""Import a draft (DOCX, Markdown, plain text) as a new draft version of a report.

Parsing is pure (``accord.core.draft_import``); here the paragraphs get their identities:
a UN id written in the file (``OP7bis.``) names the report's paragraph of that id (so it
is matched across versions); paragraphs without one get fresh ids after the report's
highest, and are matched to earlier versions by text similarity when compared.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from accord.common.audit import audit_record
from accord.common.errors import ValidationFailed
from accord.common.uploads import user_message
from accord.core.brackets import Bracket as BracketNode
from accord.core.brackets import iter_nodes
from accord.core.draft_import import (
    DraftImportError,
    ImportedParagraph,
    parse_draft,
    parse_paragraph,
)
from accord.core.paragraph_ids import append_key, display_numbers
from accord.groups.permissions import require

from ..models import Bracket, Paragraph, Report, Version, VersionParagraph
from .indexing import index_version
from .versions import PREFIX_OF_KIND, _check_version_args, _new_version

MAX_PARAGRAPHS = 5_000


def version_import(
    *, actor: Any, report: Report, data: bytes, filename: str, kind: str, label: str
) -> Version:
    """Create a draft version from an uploaded file; nothing is written if it cannot be read."""
    require(actor, "drafts.create", report.group)
    label = _check_version_args(report, kind, label, None)
    try:
        imported = parse_draft(data, filename)  # bounded before parsing, linear after
    except DraftImportError as error:
        raise ValidationFailed(user_message(error), fields={"file": "invalid"}) from error
    if len(imported) > MAX_PARAGRAPHS:
        raise ValidationFailed(
            gettext("The file has more than %(limit)d paragraphs.") % {"limit": MAX_PARAGRAPHS}
        )
    with transaction.atomic():
        version = _new_version(actor=actor, report=report, kind=kind, label=label, based_on=None)
        items, spans = _write_paragraphs(report, version, imported)
        index_version(version)
        audit_record(
            actor=actor,
            action="accord.version.import",
            target=version,
            group_id=report.group_id,
            data={"filename": filename[:200], "paragraphs": items, "brackets": spans},
        )
    return version


def _write_paragraphs(
    report: Report, version: Version, imported: tuple[ImportedParagraph, ...]
) -> tuple[int, int]:
    existing = {p.key: p for p in report.paragraphs.all()}
    keys = set(existing)
    used_here: set[str] = set()
    chosen: list[tuple[Paragraph | None, str, ImportedParagraph]] = []
    for item in imported:
        label = item.label
        if label and label not in used_here and label[:2] == PREFIX_OF_KIND[item.kind]:
            paragraph = existing.get(label)
            key = label
        else:
            paragraph, key = None, append_key(PREFIX_OF_KIND[item.kind], keys)
        keys.add(key)
        used_here.add(key)
        chosen.append((paragraph, key, item))
    new = Paragraph.objects.bulk_create(
        Paragraph(report=report, key=key, kind=item.kind, created_in=version)
        for paragraph, key, item in chosen
        if paragraph is None
    )
    fresh = iter(new)
    paragraphs = [p if p is not None else next(fresh) for p, _, _ in chosen]
    numbers = display_numbers([key for _, key, _ in chosen])
    rows = VersionParagraph.objects.bulk_create(
        VersionParagraph(
            version=version,
            paragraph=paragraph,
            order=n,
            # The number as printed in the file when it has one, else the computed one.
            display_number=item.number or number,
            text=item.text,
            footnotes=[{"label": f.label, "text": f.text} for f in item.footnotes],
        )
        for n, (paragraph, (_, _, item), number) in enumerate(
            zip(paragraphs, chosen, numbers, strict=True), start=1
        )
    )
    brackets = []
    for paragraph, (_, _, item) in zip(paragraphs, chosen, strict=True):
        tree = parse_paragraph(item.text, [f.label for f in item.footnotes])
        for node in iter_nodes(tree):
            # Top-level spans only: nested brackets live inside them.
            if isinstance(node, BracketNode) and node.depth == 1 and node.start < len(item.text):
                end = min(node.end, len(item.text))
                brackets.append(
                    Bracket(
                        version=version,
                        paragraph=paragraph,
                        start=node.start,
                        end=end,
                        text=item.text[node.start : end],
                        from_text=True,
                    )
                )
    Bracket.objects.bulk_create(brackets)
    return len(rows), len(brackets)
