"""Position, status, stance and audit events are append-only in the database too (issue 10):
UPDATE and DELETE are refused by triggers, whatever path they come by (the ORM, the admin, a
raw query, a cascade); INSERT goes on as before."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accord.common.audit import audit_record, audit_verify
from accord.common.models import AuditEvent
from accord.outcomes.models import ConsensusCall, StanceEvent
from accord.positions.models import PositionEvent, StatusEvent
from tests.append_only import APPEND_ONLY_TABLES, append_only_lifted
from tests.drafts.versions_fixtures import draft, issued, report  # noqa: F401


@pytest.fixture
def events(world, issued):  # noqa: F811
    chair = world.users["chair"]
    paragraph = issued.items.order_by("order").last().paragraph
    member = world.members["BRA"]
    position = PositionEvent.objects.create(
        paragraph=paragraph, version=issued, member=member, kind="support", recorded_by=chair
    )
    status = StatusEvent.objects.create(
        paragraph=paragraph, version=issued, status="agreed_ad_ref", actor=chair
    )
    status.pending_members.add(member)  # inserting is what append-only allows
    call = ConsensusCall.objects.create(group=world.group, version=issued, opened_by=chair)
    stance = StanceEvent.objects.create(call=call, member=member, kind="support", recorded_by=chair)
    with transaction.atomic():
        audit = audit_record(actor=chair, action="accord.test.record", target=position)
    return {"position": position, "status": status, "stance": stance, "audit": audit}


def _refused(operation) -> None:
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        operation()


@pytest.mark.parametrize("kind", ["position", "status", "stance", "audit"])
def test_updates_and_deletes_are_refused_by_the_database(events, kind):
    row = events[kind]
    model = type(row)
    text_field = {"position": "reason", "status": "note", "stance": "reason", "audit": "action"}
    _refused(lambda: model.objects.filter(pk=row.pk).update(**{text_field[kind]: "rewritten"}))
    _refused(lambda: model.objects.filter(pk=row.pk).delete())
    table = model._meta.db_table
    _refused(lambda: connection.cursor().execute(f"DELETE FROM {table}"))
    _refused(lambda: connection.cursor().execute(f"UPDATE {table} SET id = id + 1000"))
    row.refresh_from_db()  # still there, as it was
    assert getattr(row, text_field[kind]) != "rewritten"


def test_the_members_a_status_awaits_cannot_be_changed_afterwards(events, world):
    status = events["status"]
    _refused(lambda: status.pending_members.clear())
    _refused(lambda: status.pending_members.through.objects.update(member=world.members["SWE"]))
    assert list(status.pending_members.all()) == [world.members["BRA"]]


def test_inserting_goes_on(events, world):
    before = PositionEvent.objects.count()
    latest = events["position"]
    PositionEvent.objects.create(
        paragraph=latest.paragraph,
        version=latest.version,
        member=latest.member,
        kind="object",
        reason="Changed instructions.",
        recorded_by=world.users["chair"],
    )
    assert PositionEvent.objects.count() == before + 1
    assert audit_verify() == (True, None)


def test_an_account_with_history_cannot_be_deleted_only_deactivated(events, world):
    chair = world.users["chair"]
    _refused(chair.delete)  # SET NULL on recorded_by would rewrite the events
    chair.is_active = False
    chair.save(update_fields=["is_active"])
    assert PositionEvent.objects.filter(recorded_by=chair).exists()


def test_every_append_only_table_has_its_triggers(db):
    """A later migration that rebuilds one of these tables on SQLite drops its triggers."""
    if connection.vendor != "sqlite":
        pytest.skip("lists SQLite's triggers")
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        triggers = cursor.fetchall()
    for table in APPEND_ONLY_TABLES:
        names = {name for tbl, name in triggers if tbl == table}
        assert names == {f"{table}_append_only_update", f"{table}_append_only_delete"}, table


def test_tampering_with_triggers_lifted_is_still_seen_by_the_chain(events):
    event = events["audit"]
    with append_only_lifted():
        AuditEvent.objects.filter(pk=event.pk).update(created_at=timezone.now())
    assert audit_verify() == (False, event.pk)
