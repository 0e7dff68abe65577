"""Audit events are append-only in the database too: UPDATE and DELETE are refused by triggers on
SQLite and PostgreSQL (accord.common.append_only), as issued versions are (drafts/0002)."""

from django.db import migrations

from accord.common.append_only import migration_operations

TABLES = ["common_auditevent"]
forward, backward = migration_operations(TABLES)


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
