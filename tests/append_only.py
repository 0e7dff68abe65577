"""The append-only triggers (accord.common.append_only) for tests that must empty the database.

The test runner's flush of a transactional test deletes every row, which the triggers refuse;
``tests/conftest.py`` lifts them around every flush. A test that tampers with history on
purpose (to see ``audit_verify`` notice) lifts them around its tampering.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections

from accord.common.append_only import install, remove

APPEND_ONLY_TABLES = [
    "common_auditevent",
    "positions_positionevent",
    "positions_statusevent",
    "positions_statusevent_pending_members",
    "outcomes_stanceevent",
]


@contextmanager
def append_only_lifted(using: str = "default") -> Iterator[None]:
    connection = connections[using]
    with connection.cursor() as cursor:
        remove(cursor, connection.vendor, APPEND_ONLY_TABLES)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            install(cursor, connection.vendor, APPEND_ONLY_TABLES)
