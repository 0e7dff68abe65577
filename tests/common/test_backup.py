"""Backups that restore: ``accord backup`` of the demo (while someone keeps writing), then
``accord restore`` into a fresh database, which checks counts, issued versions' hashes and the
audit chain against the manifest — on SQLite files and on PostgreSQL databases of their own."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
# Each database's backup is tested in that database's run of the suite (the demo it backs up
# takes half a minute to build).
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
sqlite_run = pytest.mark.skipif(ON_POSTGRESQL, reason="tested in the suite's SQLite run")


def accord(*args: str, url: str, var: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        DATABASE_URL=url,
        ACCORD_VAR_DIR=str(var),
        DJANGO_SETTINGS_MODULE="accord.settings.dev",
    )
    return subprocess.run(
        [sys.executable, "-m", "accord.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _demo(url: str, var: Path, db: Path | None = None) -> None:
    args = ["demo", "--no-serve"] + (["--db", str(db)] if db else [])
    built = accord(*args, url=url, var=var)
    assert built.returncode == 0, built.stderr[-2000:]


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory: Any) -> tuple[Path, Path]:
    var = tmp_path_factory.mktemp("source")
    db = var / "accord.sqlite3"
    _demo(f"sqlite:///{db}", var, db)
    (var / "media" / "attachments").mkdir(parents=True, exist_ok=True)
    (var / "media" / "attachments" / "submission.txt").write_text("An uploaded file.")
    return var, db


@sqlite_run
def test_a_sqlite_backup_taken_while_writes_go_on_restores_and_checks(sqlite_demo, tmp_path):
    var, db = sqlite_demo
    stop = threading.Event()
    written = [0]

    def keep_writing() -> None:  # another process's writes, as a visitor's sessions would be
        with sqlite3.connect(db, timeout=20) as other:
            while not stop.is_set():
                other.execute(
                    "INSERT INTO django_session (session_key, session_data, expire_date) "
                    "VALUES (?, '', '2100-01-01')",
                    [uuid.uuid4().hex],
                )
                other.commit()
                written[0] += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        made = accord("backup", str(tmp_path / "backup"), url=f"sqlite:///{db}", var=var)
    finally:
        stop.set()
        writer.join()
    assert made.returncode == 0, made.stderr
    assert written[0] > 0
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    uploads = [p for p in (var / "media").rglob("*") if p.is_file()]
    assert manifest["vendor"] == "sqlite" and manifest["media_files"] == len(uploads) > 1
    assert len(manifest["issued_versions"]) == 3  # the zero draft, Rev.1, Rev.2
    assert manifest["audit"]["events"] > 1000

    fresh = tmp_path / "fresh"
    restored = accord(
        "restore", str(tmp_path / "backup"), url=f"sqlite:///{fresh / 'accord.sqlite3'}", var=fresh
    )
    assert restored.returncode == 0, restored.stderr
    assert "Restored and checked" in restored.stdout
    assert (fresh / "media" / "attachments" / "submission.txt").read_text() == "An uploaded file."
    with sqlite3.connect(fresh / "accord.sqlite3") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        sessions = copy.execute("SELECT COUNT(*) FROM django_session").fetchone()[0]
    assert sessions == manifest["counts"]["django_session"]

    again = accord(
        "restore", str(tmp_path / "backup"), url=f"sqlite:///{fresh / 'accord.sqlite3'}", var=fresh
    )
    assert again.returncode == 2 and "not empty" in again.stderr


@sqlite_run
def test_a_tampered_backup_is_refused_on_restore(sqlite_demo, tmp_path):
    var, db = sqlite_demo
    assert accord("backup", str(tmp_path / "b"), url=f"sqlite:///{db}", var=var).returncode == 0
    with sqlite3.connect(tmp_path / "b" / "database.sqlite3") as copy:
        for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            copy.execute(f'DROP TRIGGER "{name}"')
        copy.execute(
            "UPDATE drafts_versionparagraph SET text = text || ' (altered)' WHERE id = "
            "(SELECT MIN(vp.id) FROM drafts_versionparagraph vp JOIN drafts_version v "
            "ON v.id = vp.version_id WHERE v.status = 'issued')"
        )
    fresh = tmp_path / "fresh"
    restored = accord(
        "restore", str(tmp_path / "b"), url=f"sqlite:///{fresh / 'accord.sqlite3'}", var=fresh
    )
    assert restored.returncode == 1
    assert "does not match its content hash" in restored.stderr


@sqlite_run
def test_a_backup_goes_into_a_new_folder_only(sqlite_demo, tmp_path):
    var, db = sqlite_demo
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something").write_text("x")
    made = accord("backup", str(tmp_path / "full"), url=f"sqlite:///{db}", var=var)
    assert made.returncode == 2 and "not empty" in made.stderr
    missing = accord("restore", str(tmp_path / "nothing"), url=f"sqlite:///{db}", var=var)
    assert missing.returncode == 2 and "manifest.json" in missing.stderr


def _pg_up() -> bool:
    return (
        shutil.which("pg_dump") is not None
        and shutil.which("psql") is not None
        and (
            subprocess.run(["psql", PG_ADMIN, "-c", "SELECT 1"], capture_output=True).returncode
            == 0
        )
    )


@pytest.mark.skipif(not ON_POSTGRESQL, reason="tested in the suite's PostgreSQL run")
@pytest.mark.skipif(not _pg_up(), reason="needs PostgreSQL on 127.0.0.1 and pg_dump/psql")
def test_a_postgresql_backup_restores_into_a_new_database_and_checks(tmp_path):
    source, target = (f"accord_backup_{uuid.uuid4().hex[:8]}_{n}" for n in ("src", "dst"))
    for name in (source, target):
        subprocess.run(["psql", PG_ADMIN, "-c", f"CREATE DATABASE {name}"], check=True)
    try:
        base = "postgres://postgres@127.0.0.1:5432/"
        _demo(base + source, tmp_path / "src")
        made = accord("backup", str(tmp_path / "backup"), url=base + source, var=tmp_path / "src")
        assert made.returncode == 0, made.stderr
        manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
        assert manifest["vendor"] == "postgresql" and len(manifest["issued_versions"]) == 3
        restored = accord(
            "restore", str(tmp_path / "backup"), url=base + target, var=tmp_path / "dst"
        )
        assert restored.returncode == 0, restored.stderr
        assert "Restored and checked" in restored.stdout
    finally:
        for name in (source, target):
            subprocess.run(
                ["psql", PG_ADMIN, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                capture_output=True,
            )
