"""Reads for amendments, brackets and option groups, and a paragraph's history."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from accord.common.errors import NotFound
from accord.groups.models import WorkingGroup

from ..models import (
    Amendment,
    AmendmentSupport,
    Bracket,
    BracketHolder,
    OptionGroup,
    Paragraph,
    Report,
    Version,
    VersionParagraph,
)
from .versions import version_visible


def text_hash(text: str) -> str:
    """The hash an amendment keeps of the text it was proposed on."""
    return hashlib.sha256(text.encode()).hexdigest()


def latest_issued_version(report: Report) -> Version | None:
    return report.versions.filter(status=Version.Status.ISSUED).order_by("-number").first()


def version_item(version: Version, paragraph: Paragraph) -> VersionParagraph | None:
    return VersionParagraph.objects.filter(version=version, paragraph=paragraph).first()


def paragraph_in_version(*, version: Version, key: str) -> VersionParagraph:
    item = (
        VersionParagraph.objects.select_related("paragraph")
        .filter(version=version, paragraph__key=key)
        .first()
    )
    if item is None:
        raise NotFound(_("No such paragraph in this version."))
    return item


def _amendments() -> QuerySet[Amendment]:
    return Amendment.objects.select_related(
        "proposer", "paragraph", "version", "version__report", "parent", "merged_into"
    ).prefetch_related(
        Prefetch("supports", queryset=AmendmentSupport.objects.select_related("member")),
        "parts",
    )


def amendment_get_for_viewer(
    *, group: WorkingGroup, report_slug: str, pk: int, viewer: Any
) -> Amendment:
    amendment = (
        _amendments()
        .filter(pk=pk, version__report__group=group, version__report__slug=report_slug)
        .first()
    )
    if amendment is None or not version_visible(viewer, amendment.version, group):
        raise NotFound(_("No such amendment."))
    return amendment


def amendment_list(*, version: Version, paragraph: Paragraph | None = None) -> QuerySet[Amendment]:
    """The version's amendments, oldest first (a queryset: the API reads a page at a time)."""
    qs = _amendments().filter(version=version)
    if paragraph is not None:
        qs = qs.filter(paragraph=paragraph)
    return qs.order_by("created_at", "id")


def amendment_is_stale(amendment: Amendment) -> bool:
    """Proposed on a version that a newer issued version has replaced."""
    latest = latest_issued_version(amendment.version.report)
    return latest is not None and latest.number > amendment.version.number


@dataclass
class SupportSummary:
    cosponsors: list[Any] = field(default_factory=list)
    supporters: list[Any] = field(default_factory=list)
    opponents: list[Any] = field(default_factory=list)


def support_summary(amendment: Amendment) -> SupportSummary:
    summary = SupportSummary()
    buckets = {
        AmendmentSupport.Kind.COSPONSOR: summary.cosponsors,
        AmendmentSupport.Kind.SUPPORT: summary.supporters,
        AmendmentSupport.Kind.OPPOSE: summary.opponents,
    }
    for support in amendment.supports.all():
        buckets[AmendmentSupport.Kind(support.kind)].append(support.member)
    return summary


def bracket_list(
    *, version: Version, paragraph: Paragraph | None = None, open_only: bool = False
) -> list[Bracket]:
    qs = Bracket.objects.filter(version=version).prefetch_related(
        Prefetch(
            "holders",
            queryset=BracketHolder.objects.filter(lifted_at__isnull=True).select_related("member"),
            to_attr="active_holders",
        )
    )
    if paragraph is not None:
        qs = qs.filter(paragraph=paragraph)
    if open_only:
        qs = qs.filter(lifted_at__isnull=True)
    return list(qs.select_related("paragraph", "linked_paragraph"))


def bracket_get_for_viewer(
    *, group: WorkingGroup, report_slug: str, pk: int, viewer: Any
) -> Bracket:
    found = (
        Bracket.objects.select_related("version", "version__report", "paragraph")
        .filter(pk=pk, version__report__group=group, version__report__slug=report_slug)
        .first()
    )
    if found is None or not version_visible(viewer, found.version, group):
        raise NotFound(_("No such bracket."))
    return found


def option_group_list(*, version: Version) -> list[OptionGroup]:
    return list(
        OptionGroup.objects.filter(version=version)
        .select_related("chosen")
        .prefetch_related("paragraphs")
        .order_by("id")
    )


def option_group_get_for_viewer(
    *, group: WorkingGroup, report_slug: str, pk: int, viewer: Any
) -> OptionGroup:
    found = (
        OptionGroup.objects.select_related("version", "version__report")
        .filter(pk=pk, version__report__group=group, version__report__slug=report_slug)
        .first()
    )
    if found is None or not version_visible(viewer, found.version, group):
        raise NotFound(_("No such option group."))
    return found


@dataclass(frozen=True)
class HistoryEntry:
    """A paragraph in one version: its text and the amendments incorporated into it there."""

    version: Version
    text: str
    incorporated: list[Amendment]


def paragraph_history(paragraph: Paragraph) -> list[HistoryEntry]:
    """Every version holding ``paragraph``, oldest first, with what changed it in each."""
    items = (
        VersionParagraph.objects.filter(paragraph=paragraph)
        .select_related("version")
        .order_by("version__number")
    )
    incorporated: dict[int, list[Amendment]] = {}
    for amendment in _amendments().filter(
        paragraph=paragraph, status=Amendment.Status.INCORPORATED
    ):
        if amendment.incorporated_in_id is not None:
            incorporated.setdefault(amendment.incorporated_in_id, []).append(amendment)
    # A paragraph added or offered as an alternative was created by an amendment on its
    # anchor; it appears in the history of the version that created it.
    if paragraph.created_in_id is not None and paragraph.derived_from_id is not None:
        for amendment in _amendments().filter(
            paragraph_id=paragraph.derived_from_id,
            incorporated_in_id=paragraph.created_in_id,
            kind__in=[Amendment.Kind.ADD_PARAGRAPH, Amendment.Kind.ALTERNATIVE],
        ):
            bucket = incorporated.setdefault(paragraph.created_in_id, [])
            if amendment not in bucket:
                bucket.append(amendment)
    return [
        HistoryEntry(item.version, item.text, incorporated.get(item.version_id, []))
        for item in items
    ]
