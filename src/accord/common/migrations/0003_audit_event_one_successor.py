"""Each audit event has at most one successor: the hash chain cannot fork.

SQLite adds the constraint by rebuilding the table, which drops its append-only triggers: they
are installed again after it (and, going backwards, after the rebuild that removes it)."""

from django.db import migrations, models

from accord.common.append_only import migration_operations

install, _remove = migration_operations(["common_auditevent"])


class Migration(migrations.Migration):
    dependencies = [("common", "0002_audit_events_are_append_only")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, install),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("prev_hash",), name="audit_event_one_successor"
            ),
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
