"""Reports, versions and their paragraphs: drafting, issuing, publishing.

A version's text changes only while it is a draft; every paragraph write checks that first,
before touching the database (the triggers of migration 0002 are the second line).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, ValidationFailed
from accord.contributions.models import Contribution
from accord.core.paragraph_ids import (
    InvalidKey,
    alternative_key,
    append_key,
    display_numbers,
    format_key,
    next_insertion_key,
    parse_key,
)
from accord.groups.models import WorkingGroup
from accord.groups.permissions import require

from ..models import Paragraph, Report, Version, VersionParagraph
from .indexing import index_version, index_version_paragraph, unindex_version_paragraph

PREFIX_OF_KIND: dict[str, str] = {"pp": "PP", "op": "OP", "heading": "H", "text": "T"}


def ensure_draft(version: Version) -> None:
    """Refuse any change to an issued version's text, before the database is touched."""
    if version.status == Version.Status.ISSUED:
        raise Conflict(
            _("%(label)s is issued and cannot change; create a new version.")
            % {"label": version.label},
            code="version_issued",
        )


def content_hash(items: Iterable[tuple[str, str, str, Any]]) -> str:
    """SHA-256 over the ordered (key, kind, text, footnotes) of a version's paragraphs."""
    payload = json.dumps(
        [list(item) for item in items], ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def version_content_hash(version: Version) -> str:
    rows = version.items.select_related("paragraph").order_by("order")
    return content_hash((r.paragraph.key, r.paragraph.kind, r.text, r.footnotes) for r in rows)


def _unique_slug(group: WorkingGroup, title: str) -> str:
    base = (slugify(title) or "report")[:70]
    slug, n = base, 2
    while Report.objects.filter(group=group, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def report_create(*, actor: Any, group: WorkingGroup, title: str, symbol: str = "") -> Report:
    require(actor, "drafts.create", group)
    title, symbol = title.strip(), symbol.strip()
    if not title:
        raise ValidationFailed(_("Give the report a title."), fields={"title": "required"})
    with transaction.atomic():
        report = Report.objects.create(
            group=group,
            title=title[:500],
            symbol=symbol[:100],
            slug=_unique_slug(group, title),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="accord.report.create",
            target=report,
            group_id=group.pk,
            data={"title": report.title, "symbol": report.symbol},
        )
    return report


def _new_version(
    *, actor: Any, report: Report, kind: str, label: str, based_on: Version | None
) -> Version:
    """Allocate the next number under a lock on the report (two chairs at once get 1 and 2)."""
    Report.objects.select_for_update().filter(pk=report.pk).first()
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return Version.objects.create(
        report=report, number=number, kind=kind, label=label, based_on=based_on, created_by=actor
    )


def _check_version_args(report: Report, kind: str, label: str, based_on: Version | None) -> str:
    if kind not in Version.Kind.values:
        raise ValidationFailed(
            _("Unknown version type %(kind)s.") % {"kind": repr(kind)}, fields={"kind": "invalid"}
        )
    label = label.strip()
    if not label:
        raise ValidationFailed(
            _("Give the version a label (e.g. Rev.1)."), fields={"label": "required"}
        )
    if based_on is not None and based_on.report_id != report.pk:
        raise ValidationFailed(_("A version can only be based on a version of the same report."))
    return label[:100]


def version_create(
    *, actor: Any, report: Report, kind: str, label: str, based_on: Version | None = None
) -> Version:
    """A draft version; with ``based_on``, it starts as a copy of that version's text."""
    require(actor, "drafts.create", report.group)
    label = _check_version_args(report, kind, label, based_on)
    with transaction.atomic():
        version = _new_version(
            actor=actor, report=report, kind=kind, label=label, based_on=based_on
        )
        if based_on is not None:
            VersionParagraph.objects.bulk_create(
                VersionParagraph(
                    version=version,
                    paragraph_id=item.paragraph_id,
                    order=item.order,
                    display_number=item.display_number,
                    text=item.text,
                    footnotes=item.footnotes,
                )
                for item in based_on.items.order_by("order")
            )
            index_version(version)
        audit_record(
            actor=actor,
            action="accord.version.create",
            target=version,
            group_id=report.group_id,
            data={"label": label, "kind": kind, "based_on": based_on.pk if based_on else None},
        )
    return version


def _renumber(version: Version) -> None:
    items = list(version.items.select_related("paragraph").order_by("order"))
    numbers = display_numbers([i.paragraph.key for i in items])
    changed = []
    for position, (item, number) in enumerate(zip(items, numbers, strict=True), start=1):
        if item.order != position or item.display_number != number:
            item.order, item.display_number = position, number
            changed.append(item)
    if changed:
        VersionParagraph.objects.bulk_update(changed, ["order", "display_number"])


def _allocate_key(
    version: Version, kind: str, after: Paragraph | None, alternative_of: Paragraph | None
) -> tuple[str, Paragraph | None]:
    """The UN id for a new paragraph, and the paragraph it derives from (bis, alt)."""
    existing = list(version.report.paragraphs.values_list("key", flat=True))
    prefix = PREFIX_OF_KIND[kind]
    if alternative_of is not None:
        return alternative_key(alternative_of.key, existing), alternative_of
    if prefix in ("PP", "OP") and after is not None:
        items = list(version.items.select_related("paragraph").order_by("order"))
        position = next((i for i, it in enumerate(items) if it.paragraph_id == after.pk), None)
        if position is None:
            raise ValidationFailed(
                _("%(key)s is not in %(label)s.") % {"key": after.key, "label": version.label}
            )
        same = [it.paragraph for it in items[: position + 1] if it.paragraph.kind == kind]
        later = [it for it in items[position + 1 :] if it.paragraph.kind == kind]
        if same and later:  # inserted between two: OP7 → OP7bis
            base = same[-1]
            return next_insertion_key(base.key, existing), base
    return append_key(prefix, existing), None


def version_paragraph_add(
    *,
    actor: Any,
    version: Version,
    kind: str,
    text: str,
    after: Paragraph | None = None,
    key: str | None = None,
    alternative_of: Paragraph | None = None,
    footnotes: list[dict[str, str]] | None = None,
) -> VersionParagraph:
    """Add a paragraph after ``after`` (at the end when None) with a new UN id.

    Inserted between two paragraphs of its kind it gets the next ordinal of the one before
    (after OP7 → OP7bis); at the end of its series, the next number; ``alternative_of``
    gives OP7alt. An explicit ``key`` is kept if free (or names a paragraph of this report
    not in this version).
    """
    ensure_draft(version)
    require(actor, "drafts.edit", version.report.group)
    if kind not in PREFIX_OF_KIND:
        raise ValidationFailed(
            _("Unknown paragraph kind %(kind)s.") % {"kind": repr(kind)}, fields={"kind": "invalid"}
        )
    text = text.strip()
    if not text:
        raise ValidationFailed(_("The paragraph has no text."), fields={"text": "required"})
    with transaction.atomic():
        version = Version.objects.select_for_update().get(pk=version.pk)
        ensure_draft(version)
        paragraph = _paragraph_for(version, kind, key, after, alternative_of)
        if after is None:
            order = (version.items.aggregate(n=Max("order"))["n"] or 0) + 1
        else:
            anchor = version.items.filter(paragraph=after).first()
            if anchor is None:
                raise ValidationFailed(
                    _("%(key)s is not in %(label)s.") % {"key": after.key, "label": version.label}
                )
            order = anchor.order + 1
            # Make room (order has no unique constraint, so one UPDATE shifts the rest).
            version.items.filter(order__gte=order).update(order=F("order") + 1)
        item = VersionParagraph.objects.create(
            version=version,
            paragraph=paragraph,
            order=order,
            text=text,
            footnotes=footnotes or [],
        )
        _renumber(version)
        index_version_paragraph(item)
        audit_record(
            actor=actor,
            action="accord.version.paragraph_add",
            target=version,
            group_id=version.report.group_id,
            data={"key": paragraph.key},
        )
    item.refresh_from_db()
    return item


def _paragraph_for(
    version: Version,
    kind: str,
    key: str | None,
    after: Paragraph | None,
    alternative_of: Paragraph | None,
) -> Paragraph:
    report = version.report
    if key:
        try:
            canonical = format_key(parse_key(key))
        except InvalidKey as error:
            raise ValidationFailed(str(error), fields={"key": "invalid"}) from error
        if PREFIX_OF_KIND[kind] != parse_key(canonical).prefix:
            raise ValidationFailed(
                _("%(canonical)s is not a %(kind)s paragraph id.")
                % {"canonical": canonical, "kind": kind}
            )
        existing = report.paragraphs.filter(key=canonical).first()
        if existing is not None:
            if version.items.filter(paragraph=existing).exists():
                raise Conflict(
                    _("%(canonical)s is already in %(label)s.")
                    % {"canonical": canonical, "label": version.label}
                )
            return existing
        return Paragraph.objects.create(report=report, key=canonical, kind=kind, created_in=version)
    new_key, derived = _allocate_key(version, kind, after, alternative_of)
    return Paragraph.objects.create(
        report=report, key=new_key, kind=kind, derived_from=derived, created_in=version
    )


def _item(version: Version, paragraph: Paragraph) -> VersionParagraph:
    item = version.items.filter(paragraph=paragraph).first()
    if item is None:
        raise ValidationFailed(
            _("%(key)s is not in %(label)s.") % {"key": paragraph.key, "label": version.label}
        )
    return item


def version_paragraph_update(
    *,
    actor: Any,
    version: Version,
    paragraph: Paragraph,
    text: str,
    footnotes: list[dict[str, str]] | None = None,
) -> VersionParagraph:
    ensure_draft(version)
    require(actor, "drafts.edit", version.report.group)
    text = text.strip()
    if not text:
        raise ValidationFailed(_("The paragraph has no text."), fields={"text": "required"})
    with transaction.atomic():
        version = Version.objects.select_for_update().get(pk=version.pk)
        ensure_draft(version)
        item = _item(version, paragraph)
        item.text = text
        fields = ["text"]
        if footnotes is not None:
            item.footnotes = footnotes
            fields.append("footnotes")
        item.save(update_fields=fields)
        index_version_paragraph(item)
        audit_record(
            actor=actor,
            action="accord.version.paragraph_update",
            target=version,
            group_id=version.report.group_id,
            data={"key": paragraph.key},
        )
    return item


def version_paragraph_remove(*, actor: Any, version: Version, paragraph: Paragraph) -> None:
    """Take the paragraph out of this draft; its identity (and id) stays reserved."""
    ensure_draft(version)
    require(actor, "drafts.edit", version.report.group)
    with transaction.atomic():
        version = Version.objects.select_for_update().get(pk=version.pk)
        ensure_draft(version)
        item = _item(version, paragraph)
        unindex_version_paragraph(item)
        item.delete()
        _renumber(version)
        audit_record(
            actor=actor,
            action="accord.version.paragraph_remove",
            target=version,
            group_id=version.report.group_id,
            data={"key": paragraph.key},
        )


def version_paragraph_move(
    *, actor: Any, version: Version, paragraph: Paragraph, after: Paragraph | None
) -> None:
    """Move a paragraph after another (to the top when ``after`` is None); ids never change."""
    ensure_draft(version)
    require(actor, "drafts.edit", version.report.group)
    with transaction.atomic():
        version = Version.objects.select_for_update().get(pk=version.pk)
        ensure_draft(version)
        items = list(version.items.order_by("order"))
        moving = next((i for i in items if i.paragraph_id == paragraph.pk), None)
        if moving is None:
            raise ValidationFailed(
                _("%(key)s is not in %(label)s.") % {"key": paragraph.key, "label": version.label}
            )
        items.remove(moving)
        position = 0
        if after is not None:
            position = next((n + 1 for n, i in enumerate(items) if i.paragraph_id == after.pk), -1)
            if position < 0:
                raise ValidationFailed(
                    _("%(key)s is not in %(label)s.") % {"key": after.key, "label": version.label}
                )
        items.insert(position, moving)
        for n, item in enumerate(items, start=1):
            item.order = n
        VersionParagraph.objects.bulk_update(items, ["order"])
        _renumber(version)
        audit_record(
            actor=actor,
            action="accord.version.paragraph_move",
            target=version,
            group_id=version.report.group_id,
            data={"key": paragraph.key, "after": after.key if after else None},
        )


def version_issue(*, actor: Any, version: Version) -> Version:
    """Issue (freeze) a draft version: only the chair; the content hash is shown to all."""
    ensure_draft(version)
    require(actor, "drafts.issue", version.report.group)
    with transaction.atomic():
        version = Version.objects.select_for_update().get(pk=version.pk)
        ensure_draft(version)
        if not version.items.exists():
            raise ValidationFailed(
                _("%(label)s has no paragraphs; add some before issuing.")
                % {"label": version.label}
            )
        digest = version_content_hash(version)
        now = timezone.now()
        Version.objects.filter(pk=version.pk).update(
            status=Version.Status.ISSUED,
            issued_at=now,
            issued_by=actor,
            content_hash=digest,
            is_circulated=True,
        )
        version.refresh_from_db()
        index_version(version)
        audit_record(
            actor=actor,
            action="accord.version.issue",
            target=version,
            group_id=version.report.group_id,
            data={"label": version.label, "content_hash": digest},
        )
    return version


def version_publish(*, actor: Any, version: Version, published: bool = True) -> Version:
    """Make an issued version public (or withdraw it from the public)."""
    require(actor, "drafts.publish", version.report.group)
    if version.status != Version.Status.ISSUED:
        raise Conflict(
            _("%(label)s is not issued yet; issue it before publishing.") % {"label": version.label}
        )
    with transaction.atomic():
        Version.objects.filter(pk=version.pk).update(is_published=published)
        version.refresh_from_db()
        index_version(version)
        audit_record(
            actor=actor,
            action="accord.version.publish" if published else "accord.version.unpublish",
            target=version,
            group_id=version.report.group_id,
        )
    return version


def paragraph_sources_set(
    *, actor: Any, paragraph: Paragraph, contributions: Iterable[Contribution]
) -> Paragraph:
    """Record which contributions a paragraph was framed from (traceability)."""
    group = paragraph.report.group
    require(actor, "drafts.edit", group)
    chosen = list(contributions)
    if any(c.call.group_id != group.pk for c in chosen):
        raise ValidationFailed(_("Only contributions to this group can be a paragraph's sources."))
    with transaction.atomic():
        paragraph.sources.set(chosen)
        audit_record(
            actor=actor,
            action="accord.paragraph.sources_set",
            target=paragraph,
            group_id=group.pk,
            data={"contributions": [c.pk for c in chosen]},
        )
    return paragraph
