"""Full-text search across transcripts, contributions, correspondence, draft paragraphs and
amendments, limited to what the caller may read."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from accord.publish.selectors import search_for_viewer

from .auth import viewer
from .errors import ErrorBody
from .pagination import PageIn

router = Router(tags=["search"])


class HitOut(Schema):
    kind: str
    title: str
    url: str
    snippet_html: str
    group: str


class SearchOut(Schema):
    """A page of hits in the API's one paging scheme (``items``, ``count``), with the query."""

    query: str
    count: int
    items: list[HitOut]


@router.get("/search", response={200: SearchOut, 400: ErrorBody, 404: ErrorBody})
def search(
    request: HttpRequest,
    q: str,
    page: Query[PageIn],
    group: str = "",
    kind: str = "",
    constituency: str = "",
) -> SearchOut:
    start, stop = page.bounds()
    result = search_for_viewer(
        viewer=viewer(request),
        query=q,
        group_slug=group or None,
        kind=kind or None,
        constituency=constituency or None,
        limit=stop - start,
        offset=start,
    )
    return SearchOut(
        query=result.page.query,
        count=result.page.total,
        items=[
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
