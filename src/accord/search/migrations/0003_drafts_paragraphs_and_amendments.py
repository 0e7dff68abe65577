"""Paragraphs of versions and amendments in search, and who besides the public may find an entry.

On SQLite, adding a NOT NULL column rebuilds the table (create, copy, drop, rename); dropping
the old table drops the triggers that keep the FTS5 index in sync, so they are made again here.
The FTS5 table itself is untouched: rows keep their ids, and it reads content by name.
"""

from django.db import migrations, models

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS search_searchentry_ai",
    "DROP TRIGGER IF EXISTS search_searchentry_ad",
    "DROP TRIGGER IF EXISTS search_searchentry_au",
    """CREATE TRIGGER search_searchentry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER search_searchentry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER search_searchentry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_searchentry_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]


def reinstall_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]

    operations = [
        # Undoing the column rebuilds the table again: the triggers come back after it.
        migrations.RunPython(migrations.RunPython.noop, reinstall_triggers),
        migrations.AddField(
            model_name="searchentry",
            name="audience",
            field=models.CharField(
                choices=[
                    ("members", "Anyone with a role in the group"),
                    ("drafters", "Those who prepare drafts in the group"),
                ],
                default="members",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("turn", "Transcript"),
                    ("contribution", "Contribution"),
                    ("message", "Correspondence"),
                    ("paragraph", "Paragraph"),
                    ("amendment", "Amendment"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]
