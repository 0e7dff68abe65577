"""Database triggers that keep a table append-only: rows are inserted, never updated or deleted.

The services already only ever insert events; the triggers also stop the admin, the shell, a
raw query and any future bug (the same guard as issued versions, migration ``drafts/0002``).
There is no exception, not even for the ``SET NULL`` that deleting a user account would make:
an account with history is deactivated, never deleted (the audit chain hashes the actor, so
nulling it would break ``audit_verify`` too).

Each app's migration installs them for its own tables through ``forward`` / ``backward``. A
later migration that makes SQLite rebuild one of these tables drops its triggers with it and
must install them again (``tests/common/test_append_only.py`` finds out when that happens).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MESSAGE = "append-only: rows of this table are never updated or deleted"


def _name(table: str, op: str) -> str:
    return f"{table}_append_only_{op}"


def install_sql(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {_name(table, op.lower())} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            for op in ("UPDATE", "DELETE")
        ]
    if vendor == "postgresql":
        function = _name(table, "refused")
        return [
            f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
            BEGIN
              RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
            END $$ LANGUAGE plpgsql""",
            f"DROP TRIGGER IF EXISTS {_name(table, 'guard')} ON {table}",
            f"""CREATE TRIGGER {_name(table, "guard")} BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}()""",
        ]
    return []


def remove_sql(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {_name(table, op)}" for op in ("update", "delete")]
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {_name(table, 'guard')} ON {table}",
            f"DROP FUNCTION IF EXISTS {_name(table, 'refused')}()",
        ]
    return []


def install(cursor: Any, vendor: str, tables: Iterable[str]) -> None:
    for table in tables:
        for sql in install_sql(vendor, table):
            cursor.execute(sql)


def remove(cursor: Any, vendor: str, tables: Iterable[str]) -> None:
    for table in tables:
        for sql in remove_sql(vendor, table):
            cursor.execute(sql)


def migration_operations(tables: list[str]) -> tuple[Any, Any]:
    """``(forward, backward)`` for a ``RunPython`` that guards ``tables``."""

    def forward(apps: Any, schema_editor: Any) -> None:
        install(schema_editor, schema_editor.connection.vendor, tables)

    def backward(apps: Any, schema_editor: Any) -> None:
        remove(schema_editor, schema_editor.connection.vendor, tables)

    return forward, backward
