"""Reads for the public site: what a viewer may see, across apps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.drafts.selectors.versions import draft_group_ids_visible_to
from accord.groups.models import Constituency, Member, WorkingGroup
from accord.groups.selectors import (
    group_get_for_viewer,
    group_ids_visible_to,
    members_by_constituency,
)
from accord.search.query import SearchPage, search_entries


@dataclass(frozen=True)
class ConstituencyRoll:
    """A constituency on the members page: its full members (who fill its seats) and,
    apart, its observers (who hold no seat)."""

    constituency: Constituency
    members: list[Member]
    observers: list[Member]


def member_roll(*, group: WorkingGroup) -> list[ConstituencyRoll]:
    """The group's constituencies in order, each with members and observers by name."""
    return [
        ConstituencyRoll(
            constituency=constituency,
            members=[m for m in people if m.status == Member.Status.MEMBER],
            observers=[m for m in people if m.status == Member.Status.OBSERVER],
        )
        for constituency, people in members_by_constituency(group=group)
    ]


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
    """Search what ``viewer`` may read: public entries, plus members-only ones of their groups,
    plus the drafts being prepared in groups where they prepare drafts.

    Unknown and unpublished-to-this-viewer groups raise the same NotFound.
    """
    group = group_get_for_viewer(slug=group_slug, viewer=viewer) if group_slug else None
    page = search_entries(
        query,
        member_group_ids=group_ids_visible_to(viewer),
        drafter_group_ids=draft_group_ids_visible_to(viewer) or (),
        group_id=group.pk if group else None,
        kinds=[kind] if kind else None,
        facets={"constituency": constituency} if constituency else None,
        limit=limit,
        offset=offset,
    )
    ids = {hit.group_id for hit in page.hits}
    slugs = dict(WorkingGroup.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return SearchResult(page=page, group_slugs=slugs)
