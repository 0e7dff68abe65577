"""Stance events are append-only in the database too: UPDATE and DELETE are refused by triggers on
SQLite and PostgreSQL (accord.common.append_only), as issued versions are (drafts/0002)."""

from django.db import migrations

from accord.common.append_only import migration_operations

TABLES = ["outcomes_stanceevent"]
forward, backward = migration_operations(TABLES)


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_consensus_silence_outcomes_followup")]
    operations = [migrations.RunPython(forward, backward)]
