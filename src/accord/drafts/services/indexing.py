"""The drafts' entries in full-text search: each paragraph of each version, and amendments.

Called by the drafts services inside their transaction, like contributions and transcripts.
Who may find an entry is who may read its version
(:func:`accord.drafts.selectors.versions.version_visible`): a published version is public; an
issued, circulated one is for anyone with a role in the group; a draft being prepared is for
those who prepare drafts; so is an issued version that is not circulated. An amendment goes
with the version it is made on.

A paragraph's entry is one ``VersionParagraph`` (``object_id``), titled and anchored by the
paragraph's UN id, which never changes; moving or renumbering a paragraph leaves it as is.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from accord.search.index import index_bulk_insert, index_delete, index_upsert
from accord.search.models import SearchEntry

from ..models import Amendment, Version, VersionParagraph

PARAGRAPH = SearchEntry.Kind.PARAGRAPH
AMENDMENT = SearchEntry.Kind.AMENDMENT


def _visibility(version: Version) -> tuple[bool, str]:
    """``(is_public, audience)`` as ``version_visible`` decides."""
    if version.is_published:
        return True, SearchEntry.Audience.MEMBERS
    if version.status == Version.Status.ISSUED and version.is_circulated:
        return False, SearchEntry.Audience.MEMBERS
    return False, SearchEntry.Audience.DRAFTERS


def _version_path(version: Version) -> str:
    report = version.report
    return reverse(
        "drafts:version",
        kwargs={
            "group_slug": report.group.slug,
            "report_slug": report.slug,
            "number": version.number,
        },
    )


def _paragraph_entry(
    version: Version, item: VersionParagraph, visibility: tuple[bool, str]
) -> SearchEntry:
    report, key = version.report, item.paragraph.key
    footnotes = [str(f.get("text", "")) for f in item.footnotes or [] if isinstance(f, dict)]
    return SearchEntry(
        kind=PARAGRAPH,
        object_id=item.pk,
        group_id=report.group_id,
        title=f"{key}, {version.label}"[:300],
        body="\n\n".join([item.text, *filter(None, footnotes)]),
        url=f"{_version_path(version)}#p-{key}",
        is_public=visibility[0],
        audience=visibility[1],
        facets={
            "report": report.slug,
            "report_title": report.title,
            "version": version.number,
            "paragraph": key,
        },
        sort_date=version.issued_at or version.created_at,
    )


def _proposer(amendment: Amendment) -> str:
    member = amendment.proposer
    if member is None:
        return amendment.proposer_role.replace("_", " ").capitalize()
    if amendment.on_behalf_of is not None:
        return f"{member.name} on behalf of the {amendment.on_behalf_of}"
    return member.name


def _amendment_entry(amendment: Amendment, visibility: tuple[bool, str]) -> SearchEntry:
    version = amendment.version
    report = version.report
    member = amendment.proposer
    facets: dict[str, Any] = {
        "report": report.slug,
        "report_title": report.title,
        "version": version.number,
        "paragraph": amendment.paragraph.key,
    }
    if member is not None:
        facets["member"] = member.slug
        facets["constituency"] = member.constituency.slug
        facets["constituency_name"] = member.constituency.name
    title = f"Amendment {amendment.pk} to {amendment.paragraph.key}, {version.label}"
    who = _proposer(amendment)
    return SearchEntry(
        kind=AMENDMENT,
        object_id=amendment.pk,
        group_id=report.group_id,
        title=f"{title} — {who}"[:300] if who else title,
        body="\n\n".join(filter(None, [amendment.new_text, amendment.rationale])),
        url=reverse(
            "drafts:amendment",
            kwargs={
                "group_slug": report.group.slug,
                "report_slug": report.slug,
                "pk": amendment.pk,
            },
        ),
        is_public=visibility[0],
        audience=visibility[1],
        facets=facets,
        sort_date=amendment.created_at,
    )


def _upsert(entry: SearchEntry) -> None:
    index_upsert(
        kind=entry.kind,
        object_id=entry.object_id,
        group_id=entry.group_id,
        title=entry.title,
        body=entry.body,
        url=entry.url,
        is_public=entry.is_public,
        audience=entry.audience,
        facets=entry.facets,
        sort_date=entry.sort_date,
    )


def _amendments_of(version: Version) -> list[Amendment]:
    return list(
        version.amendments.select_related(
            "paragraph", "proposer", "proposer__constituency", "on_behalf_of"
        ).order_by("pk")
    )


def index_version(version: Version) -> None:
    """(Re)write the entries of every paragraph and amendment of ``version`` as it is now.

    For a version whose text or visibility changed as a whole: created from another, imported,
    issued, published or withdrawn from the public.
    """
    version = Version.objects.select_related("report", "report__group").get(pk=version.pk)
    items = list(version.items.select_related("paragraph").order_by("order"))
    amendments = _amendments_of(version)
    index_delete(kind=PARAGRAPH, object_ids=[item.pk for item in items])
    index_delete(kind=AMENDMENT, object_ids=[a.pk for a in amendments])
    visibility = _visibility(version)
    entries = [_paragraph_entry(version, item, visibility) for item in items]
    entries += [_amendment_entry(a, visibility) for a in amendments]
    index_bulk_insert(entries)


def index_version_paragraph(item: VersionParagraph) -> None:
    """(Re)write one paragraph's entry after it was added or its text changed."""
    item = VersionParagraph.objects.select_related(
        "paragraph", "version", "version__report", "version__report__group"
    ).get(pk=item.pk)
    visibility = _visibility(item.version)
    _upsert(_paragraph_entry(item.version, item, visibility))


def unindex_version_paragraph(item: VersionParagraph) -> None:
    """Remove the entry of a paragraph taken out of a draft (call before deleting the row)."""
    index_delete(kind=PARAGRAPH, object_ids=[item.pk])


def index_amendment(amendment: Amendment) -> None:
    """(Re)write one amendment's entry, visible like the version it is made on."""
    amendment = Amendment.objects.select_related(
        "paragraph",
        "proposer",
        "proposer__constituency",
        "on_behalf_of",
        "version",
        "version__report",
        "version__report__group",
    ).get(pk=amendment.pk)
    visibility = _visibility(amendment.version)
    _upsert(_amendment_entry(amendment, visibility))
