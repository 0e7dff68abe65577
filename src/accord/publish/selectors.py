"""Reads for the public site: what a viewer may see, across apps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.groups.models import WorkingGroup
from accord.groups.selectors import group_get_for_viewer, group_ids_visible_to
from accord.search.query import SearchPage, search_entries


@dataclass(frozen=True)
class SearchResult:
    page: SearchPage
    group_slugs: dict[int, str]


def search_for_viewer(
    *,
    viewer: Any,
    query: str,
    group_slug: str | None = None,
    kind: str | None = None,
    constituency: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Search what ``viewer`` may read: public entries, plus members-only ones of their groups.

    Unknown and unpublished-to-this-viewer groups raise the same NotFound.
    """
    group = group_get_for_viewer(slug=group_slug, viewer=viewer) if group_slug else None
    page = search_entries(
        query,
        member_group_ids=group_ids_visible_to(viewer),
        group_id=group.pk if group else None,
        kinds=[kind] if kind else None,
        facets={"constituency": constituency} if constituency else None,
        limit=limit,
        offset=offset,
    )
    ids = {hit.group_id for hit in page.hits}
    slugs = dict(WorkingGroup.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return SearchResult(page=page, group_slugs=slugs)
