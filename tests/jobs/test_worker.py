"""Jobs run by a real ``accord worker`` process, against a database file (SQLite) or the test
database (PostgreSQL): they end with their result or error, and a worker killed with
``kill -9`` in the middle of an import leaves nothing of it; the next worker runs the job
again (or marks it failed when it has no attempt left).

The test process sets the data up and enqueues (``transactional_db``: committed, so other
processes see it); on SQLite its in-memory database is then copied to a file for the worker.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tasks_db.models import DBTaskResult

from accord.correspondence.tasks import mail_import_start
from accord.jobs.models import Job
from accord.jobs.services import job_start
from accord.meetings.tasks import transcript_upload_start
from tests.correspondence.archives import THREAD
from tests.meetings.samples import CAPTIONING

from .conftest import DATABASE_TASKS
from .slow_tasks import slow_transcript_job

REPO = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 120  # a worker starting on a busy machine; never reached when all is well

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class WorkerDatabase:
    """The database a worker process uses, and plain SQL on it from the test."""

    vendor: str
    url: str
    path: Path | None

    def publish(self) -> None:
        """Make what the test process wrote visible to the worker."""
        if self.path is not None:
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.path is not None:
            with sqlite3.connect(self.path) as db:
                return db.execute(sql).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall())

    def one(self, sql: str) -> Any:
        return self.rows(sql)[0][0]


@pytest.fixture
def worker_db(tmp_path: Path, settings: Any) -> WorkerDatabase:
    settings.TASKS = DATABASE_TASKS
    if connection.vendor == "sqlite":
        path = tmp_path / "worker.sqlite3"
        return WorkerDatabase("sqlite", f"sqlite:///{path}", path)
    if connection.vendor != "postgresql":
        pytest.skip(f"no worker test for {connection.vendor}")
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    url = f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
    return WorkerDatabase("postgresql", url, None)


def _env(db: WorkerDatabase, var: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": db.url,
        "DJANGO_SETTINGS_MODULE": "accord.settings.base",
        "ACCORD_VAR_DIR": str(var),
        # The worker imports the slow test task by its path.
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "ACCORD_LOG_LEVEL": "ERROR",
    }


def _worker(db: WorkerDatabase, var: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "accord.cli", "worker", "--interval", "0.1", *args]


def _run_batch(db: WorkerDatabase, var: Path) -> str:
    done = subprocess.run(
        _worker(db, var, "--batch"),
        env=_env(db, var),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=WAIT_SECONDS,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _wait_for(path: Path, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        if process.poll() is not None:
            raise AssertionError(f"the worker stopped: {process.communicate()}")
        time.sleep(0.1)
    raise AssertionError("the job never reached its slow step")


def _long_transcript(turns: int) -> bytes:
    speakers = ["CHAIR", "BRAZIL", "SWEDEN", "MR. SMITH"]
    return "".join(
        f">>{speakers[n % 4]}: Statement number {n} on enhanced cooperation.\n"
        for n in range(turns)
    ).encode()


def _imported(db: WorkerDatabase) -> tuple[int, int, int, int]:
    """Everything a transcript import writes: transcript, turns, index entries, audit."""
    return (
        db.one("SELECT COUNT(*) FROM meetings_transcript"),
        db.one("SELECT COUNT(*) FROM meetings_speakerturn"),
        db.one("SELECT COUNT(*) FROM search_searchentry WHERE kind = 'turn'"),
        db.one("SELECT COUNT(*) FROM common_auditevent WHERE action = 'accord.transcript.upload'"),
    )


def _job(db: WorkerDatabase, job_id: int) -> dict[str, Any]:
    names = ["status", "attempts", "error_code", "error", "summary", "done", "total", "task_id"]
    row = db.rows(f"SELECT {', '.join(names)} FROM jobs_job WHERE id = {int(job_id)}")[0]
    return dict(zip(names, row, strict=True))


def _task_status(db: WorkerDatabase, task_id: str) -> str:
    value = task_id if db.path is None else task_id.replace("-", "")
    table = DBTaskResult._meta.db_table
    return db.one(f"SELECT status FROM {table} WHERE id = '{value}'")


def test_jobs_run_in_a_real_worker_and_end_with_their_result(world, day, worker_db, tmp_path):
    secretariat = world.users["secretariat"]
    transcript = transcript_upload_start(
        actor=secretariat, day=day, data=CAPTIONING.encode(), filename="day1.txt"
    )
    mail = mail_import_start(actor=secretariat, group=world.group, data=THREAD, filename="t.mbox")
    garbage = mail_import_start(
        actor=secretariat, group=world.group, data=b"Minutes.\n\nNothing.", filename="m.docx"
    )
    assert {transcript.status, mail.status, garbage.status} == {Job.Status.QUEUED}
    worker_db.publish()

    _run_batch(worker_db, tmp_path)

    done = _job(worker_db, transcript.pk)
    assert (done["status"], done["attempts"]) == ("succeeded", 1)
    assert done["summary"] == "Transcript stored: 5 turns, 3 of 4 speakers matched."
    assert (done["done"], done["total"]) == (5, 5)
    assert _imported(worker_db) == (1, 5, 5, 1)
    assert _task_status(worker_db, done["task_id"]) == "SUCCESSFUL"
    imported = _job(worker_db, mail.pk)
    assert imported["status"] == "succeeded"
    assert imported["summary"].startswith("Imported 4 new messages from t.mbox")
    failed = _job(worker_db, garbage.pk)
    assert (failed["status"], failed["error_code"]) == ("failed", "validation_failed")
    assert "No messages found in m.docx" in failed["error"]
    assert worker_db.one("SELECT COUNT(*) FROM correspondence_message") == 4
    # Every upload is gone once its job has ended.
    assert worker_db.one("SELECT COUNT(*) FROM jobs_jobfile") == 0


def _start_slow(world: Any, day: Any, marker: Path, *, max_attempts: int) -> Job:
    return job_start(
        actor=world.users["secretariat"],
        group=world.group,
        kind=Job.Kind.TRANSCRIPT_UPLOAD,
        action="meetings.upload_transcript",
        task=slow_transcript_job,
        subject="A long day",
        params={"day": day.pk, "marker": str(marker)},
        upload=(_long_transcript(1200), "long.txt"),
        max_attempts=max_attempts,
    )


def _kill_mid_import(db: WorkerDatabase, var: Path, marker: Path, job_id: int) -> None:
    process = subprocess.Popen(
        _worker(db, var), env=_env(db, var), cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert _wait_for(marker, process) == "500/1200"  # 500 turns written, uncommitted
        assert _job(db, job_id)["status"] == "running"
        assert _imported(db) == (0, 0, 0, 0)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=WAIT_SECONDS)
    assert process.returncode == -signal.SIGKILL


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_runs_again(
    world, day, worker_db, tmp_path
):
    marker = tmp_path / "reached"
    job = _start_slow(world, day, marker, max_attempts=2)
    worker_db.publish()
    _kill_mid_import(worker_db, tmp_path, marker, job.pk)

    # Nothing of the import is kept; the job still says it runs, its worker gone.
    assert _imported(worker_db) == (0, 0, 0, 0)
    lost = _job(worker_db, job.pk)
    assert (lost["status"], lost["attempts"]) == ("running", 1)
    assert _task_status(worker_db, lost["task_id"]) == "RUNNING"
    assert list((tmp_path / "media").rglob("*.txt")) == []

    out = _run_batch(worker_db, tmp_path)
    assert f"Job {job.pk}: its worker had stopped; queued again." in out
    again = _job(worker_db, job.pk)
    assert (again["status"], again["attempts"], again["summary"]) == (
        "succeeded",
        2,
        "1200 turns stored.",
    )
    assert _imported(worker_db) == (1, 1200, 1200, 1)  # once, whole
    assert _task_status(worker_db, lost["task_id"]) == "FAILED"
    assert _task_status(worker_db, again["task_id"]) == "SUCCESSFUL"


def test_a_worker_killed_on_the_last_attempt_fails_the_job(world, day, worker_db, tmp_path):
    marker = tmp_path / "reached"
    job = _start_slow(world, day, marker, max_attempts=1)
    worker_db.publish()
    _kill_mid_import(worker_db, tmp_path, marker, job.pk)

    out = _run_batch(worker_db, tmp_path)
    assert f"Job {job.pk}: its worker had stopped; marked failed." in out
    failed = _job(worker_db, job.pk)
    assert (failed["status"], failed["error_code"], failed["attempts"]) == (
        "failed",
        "worker_lost",
        1,
    )
    assert _imported(worker_db) == (0, 0, 0, 0)
    assert worker_db.one("SELECT COUNT(*) FROM jobs_jobfile") == 0


def test_the_worker_refuses_a_database_without_its_tables(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "accord.settings.base",
        "ACCORD_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "accord.cli", "worker", "--batch"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=WAIT_SECONDS,
    )
    assert done.returncode == 2
    assert "The database has no job tables yet: run 'accord migrate'" in done.stderr


def test_a_page_upload_ends_on_the_job_page_with_the_result(
    world, client_as, day, worker_db, tmp_path
):
    """The whole path: the form answers with the job's page; a worker runs it; the page, reloaded,
    says what was imported."""
    client = client_as("secretariat")
    response = client.post(
        "/g/wgec/meetings/3/days/2025-03-10/upload/",
        {"file": SimpleUploadedFile("day1.txt", CAPTIONING.encode()), "format": ""},
    )
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert "Queued" in client.get(response["Location"]).content.decode()
    worker_db.publish()
    _run_batch(worker_db, tmp_path)
    assert _job(worker_db, job.pk)["status"] == "succeeded"
    if worker_db.path is None:  # the same database: the page now says so
        html = client.get(response["Location"]).content.decode()
        assert "Transcript stored: 5 turns, 3 of 4 speakers matched." in html
