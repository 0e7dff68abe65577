"""Migration 0003 adds a column; on SQLite that rebuilds the table, which must keep the index."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accord.search.index import index_upsert
from accord.search.query import search_entries

BEFORE = [("search", "0002_fulltext_index")]
AFTER = [("search", "0003_drafts_paragraphs_and_amendments")]


def migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_entries_stay_searchable_and_in_sync_across_0003(transactional_db):
    try:
        old = migrate(BEFORE).get_model("search", "SearchEntry")
        old.objects.create(
            kind="turn", object_id=1, group_id=1, title="T", body="old wording on kelp", url="/"
        )
        migrate(AFTER)
        found = search_entries("kelp", member_group_ids=None)
        assert [h.object_id for h in found.hits] == [1]
        # The triggers work again: an update and a new row reach the index.
        index_upsert(
            kind="turn",
            object_id=1,
            group_id=1,
            title="T",
            body="new on coral",
            url="/",
            is_public=True,
        )
        assert search_entries("kelp", member_group_ids=None).total == 0
        assert search_entries("coral", member_group_ids=set()).total == 1
        # And back: removing the column keeps them too.
        migrate(BEFORE).get_model("search", "SearchEntry").objects.filter(object_id=1).update(
            body="back on sponges"
        )
        assert search_entries("sponges", member_group_ids=None).total == 1
    finally:
        migrate(AFTER)
