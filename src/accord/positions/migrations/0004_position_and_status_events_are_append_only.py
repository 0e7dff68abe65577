"""Position and status events (and the members a status awaits) are append-only in the
database too: UPDATE and DELETE are refused by triggers on SQLite and PostgreSQL
(accord.common.append_only), as issued versions are (drafts/0002)."""

from django.db import migrations

from accord.common.append_only import migration_operations

TABLES = [
    "positions_positionevent",
    "positions_statusevent",
    "positions_statusevent_pending_members",
]
forward, backward = migration_operations(TABLES)


class Migration(migrations.Migration):
    dependencies = [("positions", "0003_status_agreed_by_determination_over_objections")]
    operations = [migrations.RunPython(forward, backward)]
