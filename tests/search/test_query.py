"""The search index on the database under test (FTS5 on SQLite, tsvector on PostgreSQL)."""

from __future__ import annotations

from accord.search.index import index_delete, index_set_public, index_upsert
from accord.search.query import search_entries


def add(object_id, body, *, group_id=1, is_public=True, kind="turn", facets=None, title="Title"):
    index_upsert(
        kind=kind,
        object_id=object_id,
        group_id=group_id,
        title=title,
        body=body,
        url=f"/x/{object_id}/",
        is_public=is_public,
        facets=facets or {},
    )


def test_phrase_search_finds_and_highlights(db):
    add(1, "Capacity building for regulators is essential in developing countries.")
    add(2, "The building was closed for capacity reasons.")
    page = search_entries('"capacity building"', member_group_ids=set())
    assert [h.object_id for h in page.hits] == [1]
    assert "<mark>" in page.hits[0].snippet_html
    assert page.total == 1
    both = search_entries("capacity building", member_group_ids=set())
    assert sorted(h.object_id for h in both.hits) == [1, 2]


def test_snippets_escape_stored_html(db):
    add(1, "<script>alert('x')</script> enhanced cooperation matters")
    page = search_entries("cooperation", member_group_ids=set())
    html = page.hits[0].snippet_html
    # Only the engine's match markers are markup; anything else from the text is escaped
    # (PostgreSQL's ts_headline may leave the tag out of the fragment altogether).
    assert "<" not in html.replace("<mark>", "").replace("</mark>", "")
    assert "<mark>cooperation</mark>" in html


def test_members_only_entries_need_the_group(db):
    add(1, "closed session statement on mechanisms", group_id=7, is_public=False)
    assert search_entries("mechanisms", member_group_ids=set()).total == 0
    assert search_entries("mechanisms", member_group_ids={8}).total == 0
    assert search_entries("mechanisms", member_group_ids={7}).total == 1
    assert search_entries("mechanisms", member_group_ids=None).total == 1
    index_set_public(kind="turn", object_ids=[1], is_public=True)
    assert search_entries("mechanisms", member_group_ids=set()).total == 1


def test_filters_by_group_kind_and_facet(db):
    add(1, "remote participation support", group_id=1, facets={"constituency": "civil-society"})
    add(
        2,
        "remote participation support",
        group_id=2,
        kind="contribution",
        facets={"constituency": "private-sector"},
    )
    assert [
        h.object_id for h in search_entries("remote", member_group_ids=None, group_id=2).hits
    ] == [2]
    assert [
        h.object_id for h in search_entries("remote", member_group_ids=None, kinds=["turn"]).hits
    ] == [1]
    hits = search_entries(
        "remote", member_group_ids=None, facets={"constituency": "civil-society"}
    ).hits
    assert [h.object_id for h in hits] == [1]


def test_update_and_delete_keep_index_in_sync(db):
    add(1, "original wording")
    add(1, "revised wording")
    assert search_entries("original", member_group_ids=set()).total == 0
    assert search_entries("revised", member_group_ids=set()).total == 1
    index_delete(kind="turn", object_ids=[1])
    assert search_entries("revised", member_group_ids=set()).total == 0


def test_queries_with_operators_or_punctuation_do_not_crash(db):
    add(1, "OR AND NOT NEAR wording")
    for query in ['"', "AND", "a OR", "*", "NEAR(", "-", "'", "()", "title:x", "   "]:
        page = search_entries(query, member_group_ids=set())
        assert page.total >= 0


def test_paging(db):
    for i in range(1, 26):
        add(i, f"paragraph {i} on connectivity")
    first = search_entries("connectivity", member_group_ids=set(), limit=10)
    third = search_entries("connectivity", member_group_ids=set(), limit=10, offset=20)
    assert first.total == 25 and len(first.hits) == 10 and len(third.hits) == 5


def test_drafters_entries_need_drafting_rights_in_the_group(db):
    index_upsert(
        kind="paragraph",
        object_id=1,
        group_id=7,
        title="OP1, Zero draft",
        body="an unissued draft on lighthouses",
        url="/x/1/",
        is_public=False,
        audience="drafters",
    )
    assert search_entries("lighthouses", member_group_ids=set()).total == 0
    assert search_entries("lighthouses", member_group_ids={7}).total == 0
    assert search_entries("lighthouses", member_group_ids={7}, drafter_group_ids={8}).total == 0
    assert search_entries("lighthouses", member_group_ids={7}, drafter_group_ids={7}).total == 1
    assert search_entries("lighthouses", member_group_ids=None).total == 1
