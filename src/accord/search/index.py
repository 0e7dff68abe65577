"""Writes to the search index; called by other apps' services inside their transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .models import SearchEntry


def index_upsert(
    *,
    kind: str,
    object_id: int,
    group_id: int,
    title: str,
    body: str,
    url: str,
    is_public: bool,
    facets: dict[str, Any] | None = None,
    sort_date: datetime | None = None,
    audience: str = SearchEntry.Audience.MEMBERS,
) -> None:
    """Add or replace the entry of one object.

    ``audience``: who may find it when it is not public (``SearchEntry.Audience``), as the
    owning app's rules say; the search page then asks who the viewer is for each.
    """
    SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={
            "group_id": group_id,
            "title": title[:300],
            "body": body,
            "url": url,
            "is_public": is_public,
            "audience": audience,
            "facets": facets or {},
            "sort_date": sort_date,
        },
    )


def index_bulk_insert(entries: list[SearchEntry]) -> None:
    """Insert many new entries at once (transcript turns); the caller removes stale ones first."""
    SearchEntry.objects.bulk_create(entries, batch_size=500)


def index_delete(*, kind: str, object_ids: list[int]) -> None:
    SearchEntry.objects.filter(kind=kind, object_id__in=object_ids).delete()


def index_set_public(*, kind: str, object_ids: list[int], is_public: bool) -> None:
    # Row-by-row through the ORM would be slow for a day of turns; one UPDATE keeps the
    # FTS triggers firing per row all the same.
    SearchEntry.objects.filter(kind=kind, object_id__in=object_ids).update(is_public=is_public)
