"""Full-text search across transcripts, contributions and correspondence."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from accord.publish.selectors import search_for_viewer

from .auth import viewer
from .errors import ErrorBody

router = Router(tags=["search"])


class HitOut(Schema):
    kind: str
    title: str
    url: str
    snippet_html: str
    group: str


class SearchOut(Schema):
    query: str
    total: int
    hits: list[HitOut]


@router.get("/search", response={200: SearchOut, 404: ErrorBody})
def search(
    request: HttpRequest,
    q: str,
    group: str = "",
    kind: str = "",
    constituency: str = "",
    limit: int = 20,
    offset: int = 0,
) -> SearchOut:
    result = search_for_viewer(
        viewer=viewer(request),
        query=q,
        group_slug=group or None,
        kind=kind or None,
        constituency=constituency or None,
        limit=max(1, min(limit, 100)),
        offset=max(0, offset),
    )
    return SearchOut(
        query=result.page.query,
        total=result.page.total,
        hits=[
            HitOut(
                kind=h.kind,
                title=h.title,
                url=h.url,
                snippet_html=h.snippet_html,
                group=result.group_slugs.get(h.group_id, ""),
            )
            for h in result.page.hits
        ],
    )
