"""Reading reports and versions, comparing two versions, a paragraph's history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from accord.common.errors import NotFound
from accord.common.models import AuditEvent
from accord.core.textdiff import Para, Redline, align_paragraphs, redline
from accord.groups.models import Role, WorkingGroup
from accord.groups.permissions import ACTIONS, can

from ..models import Amendment, Paragraph, Report, Version, VersionParagraph


def may_see_drafts(viewer: Any, group: WorkingGroup) -> bool:
    """Draft (unissued) versions are the chair's and the secretariat's working copies."""
    return can(viewer, "drafts.edit", group) or can(viewer, "drafts.issue", group)


def draft_group_ids_visible_to(viewer: Any) -> set[int] | None:
    """Groups where :func:`may_see_drafts` holds for the viewer (for search); None: all."""
    if getattr(viewer, "is_superuser", False):
        return None
    if not getattr(viewer, "is_authenticated", False):
        return set()
    kinds = ACTIONS["drafts.edit"] | ACTIONS["drafts.issue"]
    return set(Role.objects.filter(user=viewer, kind__in=kinds).values_list("group_id", flat=True))


def version_visible(viewer: Any, version: Version, group: WorkingGroup) -> bool:
    """Who may read a version — the one rule every view, screen, API and export asks.

    Those who prepare drafts (chair, secretariat) read every version; everyone reads a
    published one; a member reads an issued version once it is circulated.
    """
    if version.is_published or may_see_drafts(viewer, group):
        return True
    return (
        version.status == Version.Status.ISSUED
        and version.is_circulated
        and can(viewer, "drafts.view", group)
    )


def versions_for_viewer(*, viewer: Any, report: Report) -> list[Version]:
    group = report.group
    return [
        v
        for v in report.versions.select_related("issued_by").order_by("number")
        if version_visible(viewer, v, group)
    ]


def report_list_for_viewer(*, viewer: Any, group: WorkingGroup) -> list[Report]:
    """Reports with at least one version the viewer may read (all of them for the bureau)."""
    reports = list(Report.objects.filter(group=group).order_by("-created_at"))
    if may_see_drafts(viewer, group):
        return reports
    return [r for r in reports if versions_for_viewer(viewer=viewer, report=r)]


def report_get_for_viewer(*, viewer: Any, group: WorkingGroup, slug: str) -> Report:
    report = Report.objects.filter(group=group, slug=slug).select_related("group").first()
    if report is None or report not in report_list_for_viewer(viewer=viewer, group=group):
        raise NotFound(_("No such report."))
    return report


def version_get_for_viewer(*, viewer: Any, report: Report, number: int) -> Version:
    """The version, or the same NotFound whether it is missing or hidden from the viewer."""
    version = report.versions.filter(number=number).select_related("report__group").first()
    if version is None or not version_visible(viewer, version, report.group):
        raise NotFound(_("No such version."))
    return version


def version_in_group_for_viewer(
    *, group: WorkingGroup, report_slug: str, number: int, viewer: Any, with_stamp: bool = False
) -> Version:
    """A version by its group, report slug and number, or the same ``NotFound`` whether it is
    missing or hidden from the viewer (one query).

    ``with_stamp``: also read, in the same query, the id of the group's latest audit event
    (``version.audit_stamp``): the position in the log of changes that a screen drawn from
    what is read next reflects at least.
    """
    versions = Version.objects.select_related("report", "report__group").filter(
        report__group=group, report__slug=report_slug, number=number
    )
    if with_stamp:
        latest = AuditEvent.objects.filter(group_id=OuterRef("report__group_id")).order_by("-id")
        versions = versions.annotate(audit_stamp=Subquery(latest.values("id")[:1]))
    version = versions.first()
    if version is None or not version_visible(viewer, version, group):
        raise NotFound(_("No such version."))
    return version


def version_items(version: Version) -> QuerySet[VersionParagraph]:
    return version.items.select_related("paragraph").order_by("order")


@dataclass(frozen=True)
class Comparison:
    """Two versions, their paragraphs in order, and the redline between them."""

    old: Version
    new: Version
    old_items: list[VersionParagraph]
    new_items: list[VersionParagraph]
    redline: Redline


def _paras(items: list[VersionParagraph]) -> list[Para]:
    # Identity first: the Paragraph row's id, so OP7 in both versions is one paragraph even
    # if rewritten; paragraphs without a counterpart fall back to text similarity.
    return [Para(f"p{item.paragraph_id}", item.text) for item in items]


def version_compare(a: Version, b: Version) -> Comparison:
    """Redline from ``a`` (old) to ``b`` (new): by identity, then similarity, then words."""
    old_items, new_items = list(version_items(a)), list(version_items(b))
    old, new = _paras(old_items), _paras(new_items)
    result = redline(old, new, alignment=align_paragraphs(old, new))
    return Comparison(a, b, old_items, new_items, result)


@dataclass(frozen=True)
class HistoryEntry:
    version: Version
    text: str | None  # None: not in that version
    changed: bool  # differs from the previous version that had it (or first appearance)


def paragraph_history(*, paragraph: Paragraph, viewer: Any) -> list[HistoryEntry]:
    """The paragraph's text in each version the viewer may read, marking where it changed."""
    texts = {vp.version_id: vp.text for vp in VersionParagraph.objects.filter(paragraph=paragraph)}
    out: list[HistoryEntry] = []
    previous: str | None = None
    for version in versions_for_viewer(viewer=viewer, report=paragraph.report):
        text = texts.get(version.pk)
        out.append(HistoryEntry(version, text, text is not None and text != previous))
        if text is not None:
            previous = text
    return out


def paragraph_amendments_incorporated(*, paragraph: Paragraph) -> QuerySet[Amendment]:
    """The amendments that changed this paragraph, with the version that took them in."""
    return (
        Amendment.objects.filter(paragraph=paragraph, incorporated_in__isnull=False)
        .select_related("incorporated_in", "proposer")
        .order_by("incorporated_in__number", "created_at")
    )
