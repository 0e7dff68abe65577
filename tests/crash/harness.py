"""The crash tests' machinery: a work database reset from a snapshot before every kill, the
child process that is killed (``child.py``), and the checks made after each kill.

SQLite: the test process's in-memory database is backed up into a snapshot file; before each
kill the snapshot is copied over the work file (its ``-wal`` and ``-shm`` removed). PostgreSQL:
the test database is copied with ``pg_dump`` into a snapshot database (``pg_dump`` needs no
exclusive access to the test database, ``CREATE DATABASE ... TEMPLATE`` would), and the work
database is created again from it, as a template, before each kill.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection

REPO = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 120  # a child on a busy machine; never reached when all is well


def _psycopg() -> Any:
    import psycopg

    return psycopg


@dataclass
class CrashDatabase:
    """Where the killed processes write, reset to the prepared snapshot before each kill."""

    vendor: str
    url: str
    work: Path | None = None  # SQLite
    snapshot: Path | None = None
    server: dict[str, Any] = field(default_factory=dict)  # PostgreSQL: host, port, user
    work_name: str = ""
    snapshot_name: str = ""
    amcheck: str = ""  # why amcheck cannot run ("" when it can)
    _resets: int = 0
    _dropper: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1))
    _dropping: list[Future[None]] = field(default_factory=list)

    @classmethod
    def for_test_database(cls, folder: Path) -> CrashDatabase:
        if connection.vendor == "sqlite":
            work = folder / "work.sqlite3"
            return cls("sqlite", f"sqlite:///{work}", work=work, snapshot=folder / "snap.sqlite3")
        s = connection.settings_dict
        server = {
            "host": s["HOST"] or "localhost",
            "port": int(s["PORT"] or 5432),
            "user": s["USER"],
            "password": s["PASSWORD"] or None,
        }
        snapshot_name = f"accord_crash_{os.getpid()}"
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        # The child is started on this; each request names the work database of the moment.
        url = f"postgres://{auth}@{server['host']}:{server['port']}/{snapshot_name}_work0"
        return cls(
            "postgresql",
            url,
            server=server,
            work_name=f"{snapshot_name}_work0",
            snapshot_name=snapshot_name,
        )

    # -- snapshot and reset --------------------------------------------------------------

    def take_snapshot(self) -> None:
        """Keep what the test process wrote (committed: ``transactional_db``) as the snapshot."""
        if self.snapshot is not None:
            connection.ensure_connection()
            with closing(sqlite3.connect(self.snapshot)) as target:
                connection.connection.backup(target)
            return
        source = connection.settings_dict["NAME"]
        self._admin(f'DROP DATABASE IF EXISTS "{self.snapshot_name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{self.snapshot_name}"')
        env = {**os.environ, "PGPASSWORD": self.server["password"] or ""}
        common = ["-h", self.server["host"], "-p", str(self.server["port"])]
        common += ["-U", self.server["user"]]
        dump = subprocess.run(
            ["pg_dump", *common, "--no-owner", source], env=env, capture_output=True, check=True
        )
        subprocess.run(
            ["psql", *common, "-q", "-v", "ON_ERROR_STOP=1", "-d", self.snapshot_name],
            input=dump.stdout,
            env=env,
            capture_output=True,
            check=True,
        )
        self.amcheck = self._create_amcheck(self.snapshot_name)

    def reset(self) -> None:
        if self.work is not None:
            assert self.snapshot is not None
            for suffix in ("-wal", "-shm"):
                Path(f"{self.work}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(self.snapshot, self.work)
            return
        # A new database each time; the last one is dropped beside the next kill (DROP
        # DATABASE waits for a checkpoint: a second or so that need not be waited for).
        old, self._resets = self.work_name, self._resets + 1
        self.work_name = f"{self.snapshot_name}_work{self._resets}"
        self._admin(f'CREATE DATABASE "{self.work_name}" TEMPLATE "{self.snapshot_name}"')
        self._dropping.append(self._dropper.submit(self._drop_database, old))

    def _drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop(self) -> None:
        if self.vendor == "postgresql":
            for name in (self.work_name, self.snapshot_name):
                self._dropping.append(self._dropper.submit(self._drop_database, name))
            self._dropper.shutdown(wait=True)
            for future in self._dropping:
                future.result()

    def _connect(self, name: str) -> Any:
        return _psycopg().connect(dbname=name, autocommit=True, **self.server)

    def _admin(self, sql: str) -> None:
        with closing(self._connect("postgres")) as db:
            db.execute(sql)

    def _create_amcheck(self, name: str) -> str:
        try:
            with closing(self._connect(name)) as db:
                db.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        except Exception as exc:  # no contrib package, or not allowed to create it
            return f"amcheck cannot be created: {exc}"
        return ""

    # -- reading the work database -------------------------------------------------------

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.work is not None:
            with closing(sqlite3.connect(self.work)) as db:
                return db.execute(sql).fetchall()
        with closing(self._connect(self.work_name)) as db:
            return list(db.execute(sql).fetchall())  # type: ignore[arg-type]

    def one(self, sql: str) -> Any:
        return self.rows(sql)[0][0]

    def counts(self, queries: Sequence[str]) -> tuple[int, ...]:
        return tuple(int(self.one(q)) for q in queries)

    def integrity_problems(self) -> list[str]:
        """What the database's own checks find wrong (empty when all is well)."""
        if self.work is not None:
            with closing(sqlite3.connect(self.work)) as db:
                problems = [r[0] for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
                problems += [f"foreign key: {r}" for r in db.execute("PRAGMA foreign_key_check")]
                # The full-text index agrees with the entries it indexes.
                try:
                    db.execute(
                        "INSERT INTO search_searchentry_fts(search_searchentry_fts) "
                        "VALUES ('integrity-check')"
                    )
                except sqlite3.DatabaseError as exc:
                    problems.append(f"full-text index: {exc}")
                return problems
        if self.amcheck:
            return []
        problems = []
        with closing(self._connect(self.work_name)) as db:
            indexes = db.execute(
                "SELECT c.oid, c.relname FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am am ON am.oid = c.relam "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE am.amname = 'btree' AND n.nspname = 'public'"
            ).fetchall()
            assert indexes, "the app has btree indexes to check"
            for oid, name in indexes:
                try:
                    db.execute("SELECT bt_index_check(%s::regclass, true)", [oid])
                except Exception as exc:
                    problems.append(f"index {name}: {exc}")
        return problems


class Child:
    """``tests/crash/child.py`` serving requests: every request runs in a fork of it."""

    def __init__(self, db: CrashDatabase, folder: Path) -> None:
        self.db = db
        self.folder = folder
        env = {
            **os.environ,
            "DATABASE_URL": db.url,
            "DJANGO_SETTINGS_MODULE": "accord.settings.base",
            "ACCORD_VAR_DIR": str(folder / "var"),
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
            "ACCORD_LOG_LEVEL": "CRITICAL",
        }
        self.log = (folder / "child.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.crash.child"],
            env=env,
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        assert json.loads(self._line()) == {"ready": True}

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"the crash child stopped: {self._log()}")
        return line

    def _log(self) -> str:
        self.log.flush()
        return (self.folder / "child.log").read_text()[-4000:]

    def run(self, operation: str, params: dict[str, Any], kill_at: int = 0) -> Run:
        """Run ``operation`` in a fresh process, killed at its ``kill_at``-th step (0: never)."""
        out = self.folder / "answer.json"
        out.unlink(missing_ok=True)
        assert self.process.stdin is not None
        request = {
            "operation": operation,
            "params": params,
            "kill_at": kill_at,
            "out": str(out),
            "database": self.db.work_name,  # PostgreSQL: a new one at each reset
        }
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        returncode = json.loads(self._line())["returncode"]
        answer = json.loads(out.read_text()) if out.exists() else {}
        return Run(returncode, answer.get("result"), answer.get("error"), answer.get("steps"))

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=WAIT_SECONDS)
        self.log.close()


@dataclass(frozen=True)
class Run:
    returncode: int  # -9 when killed
    result: Any
    error: str | None
    steps: list[str] | None  # None when killed before it could write them

    @property
    def killed(self) -> bool:
        return self.returncode == -9


def kill_points(steps: Sequence[str], how_many: int) -> list[int]:
    """About ``how_many`` step numbers (1-based) spread over a run: both sides of its COMMITs
    (up to half of them, evenly chosen when there are more), the rest evenly over all steps."""
    commits = [n for n, kind in enumerate(steps, start=1) if kind in {"commit", "committed"}]
    chosen = set(_evenly(commits, how_many // 2))
    others = [n for n in range(1, len(steps) + 1) if n not in chosen]
    chosen |= set(_evenly(others, how_many - len(chosen)))
    return sorted(chosen)


def _evenly(items: Sequence[int], n: int) -> list[int]:
    if n <= 0 or not items:
        return []
    if n >= len(items):
        return list(items)
    return [items[round(k * (len(items) - 1) / max(n - 1, 1))] for k in range(n)]
