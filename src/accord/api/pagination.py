"""One paging scheme for every list in the API: ``?limit=&offset=``, answered as
``{"items": [...], "count": N}``.

``limit`` is 50 unless asked, and at most ``MAX_LIMIT`` (a larger one is served as
``MAX_LIMIT``: ``count`` tells the client how many there are); ``offset`` is 0 to
``MAX_OFFSET``, anything else is the API's 422. Only the page's rows are read: a queryset is
counted in the database (``SELECT COUNT``) and sliced there (``LIMIT``/``OFFSET``), and the
rows are turned into response items one page at a time.

An operation declares ``response={200: list[ItemOut], ...}``, is decorated with ``@paginated``
and returns the rows: a queryset or a list, or ``Rows(rows, each=...)`` /
``Rows(rows, page=...)`` when a row needs turning into an item (with the request, or in one
batch for the whole page).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, get_type_hints

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase, paginate

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 10_000


class Rows:
    """Rows to page through and what a page of them becomes: ``each`` turns one row into an
    item; ``page`` turns the page's rows into items at once (one bulk read for the page)."""

    def __init__(
        self,
        rows: QuerySet[Any] | Sequence[Any],
        *,
        each: Callable[[Any], Any] | None = None,
        page: Callable[[list[Any]], list[Any]] | None = None,
    ) -> None:
        self.rows = rows
        self.each = each
        self.page = page

    def count(self) -> int:
        if isinstance(self.rows, QuerySet):
            return self.rows.count()
        return len(self.rows)

    def items(self, start: int, stop: int) -> list[Any]:
        chosen = list(self.rows[start:stop])
        if self.page is not None:
            return self.page(chosen)
        if self.each is not None:
            return [self.each(row) for row in chosen]
        return chosen


class PageIn(Schema):
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        description=f"Items per page: {DEFAULT_LIMIT} unless asked, at most {MAX_LIMIT} "
        f"(a larger limit is served as {MAX_LIMIT}).",
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"Items to skip: 0 to {MAX_OFFSET}.")

    def bounds(self) -> tuple[int, int]:
        """(start, stop) of the page, the limit capped at ``MAX_LIMIT``."""
        return self.offset, self.offset + min(self.limit, MAX_LIMIT)


class BoundedLimitOffset(PaginationBase):
    """django-ninja's limit/offset paging with the bounds above."""

    Input = PageIn  # type: ignore[assignment]

    def paginate_queryset(
        self, queryset: Any, pagination: PageIn, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        rows = queryset if isinstance(queryset, Rows) else Rows(queryset)
        count = rows.count()
        start, stop = pagination.bounds()
        # Past the end: no rows to read (and no query for them).
        items = rows.items(start, stop) if start < count else []
        return {"items": items, "count": count}


def paginated(func: Callable[..., Any]) -> Callable[..., Any]:
    """Page the list an operation returns (see the module's docstring)."""
    # ninja reads the parameters' types in the wrapper's module: give it the types
    # themselves, not the names (``from __future__ import annotations``) of the view's module.
    func.__annotations__ = get_type_hints(func, include_extras=True)
    return paginate(BoundedLimitOffset)(func)  # type: ignore[no-any-return]
