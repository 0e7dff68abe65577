"""Full-text queries behind one function: SQLite FTS5 by default, PostgreSQL FTS on PostgreSQL.

Snippets come back as HTML: the stored text is escaped and only the ``<mark>`` tags that the
engine placed around matches (through private-use sentinels) are real markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.html import escape
from django.utils.translation import gettext as _

from accord.common.errors import ValidationFailed

from .models import SearchEntry

_START, _END = "\ue000", "\ue001"
# Bounds checked before any work (a 200-word query took 14.6 s and a 30,000-word one 6 GB):
# the engines' cost grows much faster than the number of terms ANDed together.
MAX_QUERY_CHARS = 300
MAX_TERMS = 12
MAX_OFFSET = 10_000
_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]+)"')


@dataclass(frozen=True)
class SearchHit:
    kind: str
    object_id: int
    group_id: int
    title: str
    url: str
    snippet_html: str
    facets: dict[str, Any]

    @property
    def kind_label(self) -> str:
        """What the hit is, for people ("Transcript", "Amendment"), in the active language."""
        try:
            return str(SearchEntry.Kind(self.kind).label)
        except ValueError:
            return self.kind


@dataclass(frozen=True)
class SearchPage:
    query: str
    hits: list[SearchHit]
    total: int


def check_query(text: str, offset: int = 0) -> None:
    """Refuse a query the engines cannot answer in bounded time and memory: too long, too many
    distinct words, or a result offset beyond what anyone pages to."""
    if len(text) > MAX_QUERY_CHARS:
        raise ValidationFailed(
            _("Search for at most %(n)d characters at a time.") % {"n": MAX_QUERY_CHARS},
            fields={"q": _("Too long.")},
        )
    terms = {word.casefold() for word in _WORD.findall(text)}
    if len(terms) > MAX_TERMS:
        raise ValidationFailed(
            _("Search for at most %(n)d different words at a time.") % {"n": MAX_TERMS},
            fields={"q": _("Too many words.")},
        )
    if not 0 <= offset <= MAX_OFFSET:
        raise ValidationFailed(
            _("There are no results that far: start at most at %(n)d.") % {"n": MAX_OFFSET},
            fields={"offset": _("Out of range.")},
        )


def _fts5_query(text: str) -> str:
    """Turn what a person typed into a safe FTS5 query: quoted phrases and quoted words, ANDed
    (each once: a word repeated adds nothing but cost)."""
    parts: list[str] = []
    for phrase in _PHRASE.findall(text):
        words = _WORD.findall(phrase)
        if words:
            parts.append('"' + " ".join(words) + '"')
    rest = _PHRASE.sub(" ", text)
    parts.extend(f'"{word}"' for word in _WORD.findall(rest))
    return " AND ".join(dict.fromkeys(parts))


def _snippet_html(raw: str) -> str:
    return escape(raw).replace(_START, "<mark>").replace(_END, "</mark>")


def search_entries(
    query: str,
    *,
    member_group_ids: set[int] | None,
    drafter_group_ids: Collection[int] = (),
    group_id: int | None = None,
    kinds: list[str] | None = None,
    facets: dict[str, str] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """Entries matching ``query``, best first.

    ``member_group_ids``: groups whose non-public entries for members (audience ``members``)
    this viewer may see; ``None`` means every entry of every group (staff).
    ``drafter_group_ids``: groups whose entries for those who prepare drafts (audience
    ``drafters``: unissued versions) this viewer may see. Public entries are always visible.
    The same clauses serve SQLite and PostgreSQL.
    """
    check_query(query, offset)
    query = query.strip()
    if not query or not _WORD.search(query):
        return SearchPage(query=query, hits=[], total=0)
    where: list[str] = []
    params: list[Any] = []
    if member_group_ids is not None:
        visible = ["e.is_public"]
        for audience, group_ids in (
            (SearchEntry.Audience.MEMBERS, member_group_ids),
            (SearchEntry.Audience.DRAFTERS, drafter_group_ids),
        ):
            ids = sorted(group_ids)
            if ids:
                visible.append(
                    f"(e.audience = %s AND e.group_id IN ({', '.join(['%s'] * len(ids))}))"
                )
                params.extend([str(audience), *ids])
        where.append("(" + " OR ".join(visible) + ")")
    if group_id is not None:
        where.append("e.group_id = %s")
        params.append(group_id)
    if kinds:
        where.append(f"e.kind IN ({', '.join(['%s'] * len(kinds))})")
        params.extend(kinds)
    facet_filters = {k: v for k, v in (facets or {}).items() if v not in (None, "")}
    if connection.vendor == "postgresql":
        return _search_postgres(query, where, params, facet_filters, limit, offset)
    return _search_sqlite(query, where, params, facet_filters, limit, offset)


def _facet_sql(facet_filters: dict[str, str], params: list[Any]) -> list[str]:
    clauses = []
    for key, value in facet_filters.items():
        if not re.fullmatch(r"[a-z_]+", key):
            continue
        if connection.vendor == "postgresql":
            clauses.append("e.facets ->> %s = %s")
            params.extend([key, str(value)])
        else:
            clauses.append("CAST(json_extract(e.facets, %s) AS TEXT) = %s")
            params.extend([f"$.{key}", str(value)])
    return clauses


def _search_sqlite(
    query: str,
    where: list[str],
    params: list[Any],
    facet_filters: dict[str, str],
    limit: int,
    offset: int,
) -> SearchPage:
    match = _fts5_query(query)
    if not match:
        return SearchPage(query=query, hits=[], total=0)
    params = [match, *params]
    clauses = ["search_searchentry_fts MATCH %s", *where, *_facet_sql(facet_filters, params)]
    base = (
        "FROM search_searchentry_fts "
        "JOIN search_searchentry e ON e.id = search_searchentry_fts.rowid "
        "WHERE " + " AND ".join(clauses)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) " + base, params)
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT e.kind, e.object_id, e.group_id, e.title, e.url, e.facets, "
            f"snippet(search_searchentry_fts, 1, '{_START}', '{_END}', '…', 24) "
            + base
            + " ORDER BY bm25(search_searchentry_fts, 2.0, 1.0) LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        rows = cursor.fetchall()
    return SearchPage(query=query, hits=[_hit(row) for row in rows], total=total)


def _search_postgres(
    query: str,
    where: list[str],
    params: list[Any],
    facet_filters: dict[str, str],
    limit: int,
    offset: int,
) -> SearchPage:
    document = "to_tsvector('english', coalesce(e.title, '') || ' ' || coalesce(e.body, ''))"
    params = [query, *params]
    clauses = [f"{document} @@ q.query", *where, *_facet_sql(facet_filters, params)]
    base = (
        "FROM search_searchentry e, websearch_to_tsquery('english', %s) AS q(query) "
        "WHERE " + " AND ".join(clauses)
    )
    headline = (
        f"ts_headline('english', e.body, q.query, 'StartSel={_START}, StopSel={_END}, "
        'MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "\')'
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) " + base, params)
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT e.kind, e.object_id, e.group_id, e.title, e.url, e.facets, {headline} "
            + base
            + f" ORDER BY ts_rank({document}, q.query) DESC, e.id LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        rows = cursor.fetchall()
    return SearchPage(query=query, hits=[_hit(row) for row in rows], total=total)


def _hit(row: tuple[Any, ...]) -> SearchHit:
    kind, object_id, group_id, title, url, facets, snippet = row
    if isinstance(facets, str):
        facets = json.loads(facets)
    return SearchHit(
        kind=kind,
        object_id=object_id,
        group_id=group_id,
        title=title,
        url=url,
        snippet_html=_snippet_html(snippet or ""),
        facets=facets or {},
    )
