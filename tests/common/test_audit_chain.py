"""The audit log's hash chain never forks: concurrent writes append one after another (an
advisory lock on PostgreSQL; SQLite's writers queue already), and the database refuses a
second successor of any event whatever the code does."""

from __future__ import annotations

import time
from typing import Any
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accord.common import audit
from accord.common.audit import audit_record, audit_verify
from accord.common.models import AuditEvent
from tests.factories import GroupFactory

from ..drafts.concurrency_amend import together

_now = timezone.now


def _slow_now() -> Any:
    """The clock is read between the head and the insert: widen that window so that two
    writers would both chain to the same head if nothing queued them."""
    now = _now()
    time.sleep(0.005)
    return now


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: the in-memory SQLite test database fails concurrent writers at "
    "once ('table is locked'), and on a real SQLite file BEGIN IMMEDIATE queues them anyway",
)
def test_concurrent_writes_on_postgresql_append_one_after_another() -> None:
    group = GroupFactory()
    writers, each = 8, 6

    def write() -> None:
        for n in range(each):
            with transaction.atomic():
                audit_record(actor=None, action="accord.test.write", target=group, data={"n": n})

    with mock.patch.object(audit.timezone, "now", _slow_now):
        errors = together(*[write for _ in range(writers)])
    assert errors == []
    events = list(AuditEvent.objects.order_by("id"))
    assert len(events) == writers * each
    assert len({e.prev_hash for e in events}) == len(events)  # one successor each
    assert audit_verify() == (True, None)


@pytest.mark.django_db
def test_a_second_successor_is_refused_by_the_database() -> None:
    group = GroupFactory()
    with transaction.atomic():
        first = audit_record(actor=None, action="accord.test.one", target=group)
        audit_record(actor=None, action="accord.test.two", target=group)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.create(
            action="accord.test.fork",
            object_type="groups.workinggroup",
            object_id=str(group.pk),
            created_at=timezone.now(),
            prev_hash=first.hash,  # already followed by "two"
            hash="f" * 64,
        )
    assert audit_verify() == (True, None)
