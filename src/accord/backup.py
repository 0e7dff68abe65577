"""``accord backup DIR`` and ``accord restore DIR``: a copy of the database and the uploaded
files that is checked when it is restored.

A backup is a folder: ``database.sqlite3`` (SQLite's online backup, safe while others write)
or ``database.pgdump`` (``pg_dump -Fc``), ``media.tar`` (the uploaded files) and
``manifest.json``: the number of rows of every table, the content hash of every issued
version and the audit chain's length and head, all read from the *same* moment as the copy
(from the copied file on SQLite; inside the transaction whose snapshot ``pg_dump`` is given on
PostgreSQL). Restoring goes into an empty database and then compares the restored rows with
the manifest, recomputes every issued version's hash from its paragraphs and verifies the
audit chain: a restore that does not match says what differs and fails.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media.tar"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"

Say = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot be done, with what to do about it."""


@dataclass
class Restored:
    manifest: dict[str, Any]
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def _tables() -> list[str]:
    return sorted(
        {
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy
        }
    )


def _read_state(cursor: Any, tables: list[str], quote: Callable[[str], str]) -> dict[str, Any]:
    """Counts, issued versions' hashes and the audit head, from one consistent view."""
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # the models' own tables
        counts[table] = int(cursor.fetchone()[0])
    cursor.execute("SELECT id, content_hash FROM drafts_version WHERE status = 'issued'")
    issued = {str(pk): digest for pk, digest in cursor.fetchall()}
    cursor.execute("SELECT hash FROM common_auditevent ORDER BY id DESC LIMIT 1")
    head = cursor.fetchone()
    return {
        "counts": counts,
        "issued_versions": issued,
        "audit": {"events": counts.get("common_auditevent", 0), "head": head[0] if head else ""},
    }


def _pg_env() -> tuple[str, dict[str, str]]:
    """The connection for pg_dump/pg_restore: a libpq URI, the password in the environment."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    host = db.get("HOST") or "localhost"
    port = db.get("PORT") or 5432
    user = db.get("USER") or ""
    uri = f"postgresql://{user + '@' if user else ''}{host}:{port}/{db['NAME']}"
    return uri, env


def _empty_folder(folder: Path) -> None:
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new folder for the backup.")
    folder.mkdir(parents=True, exist_ok=True)


def backup(folder: Path, *, say: Say = print) -> dict[str, Any]:
    """Write a backup of the configured database and the uploaded files into ``folder``."""
    _empty_folder(folder)
    tables = _tables()
    vendor = connection.vendor
    if vendor == "sqlite":
        say("Copying the database (SQLite online backup) …")
        target = folder / SQLITE_FILE
        connection.ensure_connection()
        source = connection.connection
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            state = _read_state(copy.cursor(), tables, lambda t: f'"{t}"')
        finally:
            copy.close()
    elif vendor == "postgresql":
        say("Dumping the database (pg_dump, one snapshot) …")
        uri, env = _pg_env()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            command = ["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}"]
            dumped = subprocess.run(
                [*command, "-f", str(folder / PG_FILE), uri],
                env=env,
                capture_output=True,
                text=True,
            )
            if dumped.returncode != 0:
                raise BackupError(f"pg_dump failed: {dumped.stderr.strip()}")
            state = _read_state(cursor, tables, connection.ops.quote_name)
    else:
        raise BackupError(f"No backup for the {vendor} database.")
    say("Packing the uploaded files …")
    media_files = _pack_media(folder / MEDIA)
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "vendor": vendor,
        "media_files": media_files,
        **state,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    say(
        f"Backup written to {folder}: {sum(state['counts'].values())} rows in "
        f"{len(tables)} tables, {len(state['issued_versions'])} issued versions, "
        f"{state['audit']['events']} audit events, {media_files} uploaded files."
    )
    return manifest


def _pack_media(target: Path) -> int:
    root = Path(settings.MEDIA_ROOT)
    count = 0
    with tarfile.open(target, "w") as tar:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(root)))
                    count += 1
    return count


def _database_is_empty() -> bool:
    return "django_migrations" not in connection.introspection.table_names()


def restore(folder: Path, *, say: Say = print) -> Restored:
    """Restore ``folder`` into the configured, empty database, then check it."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder} holds no readable {MANIFEST}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    vendor = connection.vendor
    if manifest["vendor"] != vendor:
        raise BackupError(
            f"This backup is of a {manifest['vendor']} database; the configured one is {vendor}."
        )
    if not _database_is_empty():
        raise BackupError("The configured database is not empty: restore into a new one.")
    if vendor == "sqlite":
        say("Restoring the database (SQLite) …")
        connection.ensure_connection()
        source = sqlite3.connect(folder / SQLITE_FILE)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        say("Restoring the database (pg_restore) …")
        uri, env = _pg_env()
        connection.close()
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        restored = subprocess.run(
            [*command, "-d", uri, str(folder / PG_FILE)],
            env=env,
            capture_output=True,
            text=True,
        )
        if restored.returncode != 0:
            raise BackupError(f"pg_restore failed: {restored.stderr.strip()}")
    say("Unpacking the uploaded files …")
    _unpack_media(folder / MEDIA)
    say("Checking the restored database against the manifest …")
    result = Restored(manifest, check(manifest))
    if result.ok:
        say(
            f"Restored and checked: {sum(manifest['counts'].values())} rows, "
            f"{len(manifest['issued_versions'])} issued versions with their hashes, "
            f"an audit chain of {manifest['audit']['events']} events that verifies."
        )
    return result


def _unpack_media(source: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source) as tar:
        tar.extractall(root, filter="data")  # no absolute paths, links out or devices


def check(manifest: dict[str, Any]) -> list[str]:
    """What differs between the configured database and a backup's manifest."""
    from accord.common.audit import audit_verify
    from accord.drafts.models import Version
    from accord.drafts.services.versions import version_content_hash

    differences = []
    with connection.cursor() as cursor:
        now = _read_state(cursor, _tables(), connection.ops.quote_name)
    for table, count in sorted(manifest["counts"].items()):
        if now["counts"].get(table) != count:
            differences.append(f"{table}: {now['counts'].get(table)} rows, {count} in the backup")
    for pk, digest in sorted(manifest["issued_versions"].items()):
        version = Version.objects.filter(pk=int(pk)).first()
        if version is None:
            differences.append(f"issued version {pk} is missing")
        elif version.content_hash != digest or version_content_hash(version) != digest:
            differences.append(f"issued version {pk} does not match its content hash")
    ok, broken = audit_verify()
    if not ok:
        differences.append(f"the audit chain breaks at event {broken}")
    if now["audit"]["head"] != manifest["audit"]["head"]:
        differences.append("the audit chain's head differs from the backup's")
    return differences
