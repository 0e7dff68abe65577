"""Running a job inside the worker: claim it, report progress, record the result or error.

Each app's task is one line, ``return run_job(job_id, handler)``; the handler calls the app's
own service, which writes everything in one transaction, and returns a ``JobOutcome``. The
job's own state (running, progress, result) is written outside that transaction, so the page
shows it while the work goes on and a failed import leaves the job saying why.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F
from django.db.utils import DatabaseError, load_backend
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.common.errors import ApplicationError

from .models import Job, JobFile

logger = logging.getLogger(__name__)

NOTE_LENGTH = Job._meta.get_field("note").max_length or 500


def worker_name() -> str:
    """host:pid of this process, so that another worker can tell whether it still runs."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class JobOutcome:
    """What a handler returns: one sentence for people, a link, and data for the API."""

    summary: str
    url: str = ""
    data: dict[str, Any] = field(default_factory=dict)


class Reporter:
    """Progress from inside a job: ``reporter(done=, total=, note=)``.

    Writes are throttled (``min_interval``) except for a new note and the last step. Inside
    the import's transaction a write goes through a second connection, so it is seen before
    the import commits; on SQLite that connection gives up at once while the import holds
    the write lock (progress then shows at the next step outside it), on PostgreSQL it is
    bounded by a lock timeout. Progress is best effort: it never fails or slows the job.
    """

    def __init__(self, job: Job, *, min_interval: float = 0.5) -> None:
        self.job_id = job.pk
        self.min_interval = min_interval
        # Only a job whose row is committed can be updated from another connection.
        self.row_committed = not connection.in_atomic_block
        self.done = 0
        self.total: int | None = None
        self.note = ""
        self._last_write = 0.0
        self._side: BaseDatabaseWrapper | None = None
        self._side_unusable_until = 0.0

    def __call__(
        self, done: int | None = None, total: int | None = None, note: str | None = None
    ) -> None:
        new_note = note is not None and note[:NOTE_LENGTH] != self.note
        if done is not None:
            self.done = max(0, int(done))
        if total is not None:
            self.total = max(0, int(total))
        if note is not None:
            self.note = note[:NOTE_LENGTH]
        last = self.total is not None and self.done >= self.total
        now = time.monotonic()
        if not (new_note or last) and now - self._last_write < self.min_interval:
            return
        self._last_write = now
        self._write()

    def count(self, done: int, total: int) -> None:
        """For services that call ``progress(done, total)``."""
        self(done=done, total=total)

    def say(self, text: str) -> None:
        """For services that call ``progress(text)``."""
        self(note=text)

    def last(self, *, finished: bool = False) -> dict[str, Any]:
        """The progress to record when the job ends (a finished job has done it all)."""
        done = self.total if finished and self.total is not None else self.done
        return {"done": done, "total": self.total, "note": self.note}

    def _fields(self) -> dict[str, Any]:
        total = self.total
        return {
            "done": min(self.done, total) if total is not None else self.done,
            "total": total,
            "note": self.note,
            "updated_at": timezone.now(),
        }

    def _write(self) -> None:
        fields = self._fields()
        if not connection.in_atomic_block or not self.row_committed:
            Job.objects.filter(pk=self.job_id).update(**fields)
            return
        if time.monotonic() < self._side_unusable_until:
            return
        try:
            self._write_aside(fields)
        except DatabaseError:
            # Locked (SQLite) or a lock timeout (PostgreSQL): skip for a while.
            self._side_unusable_until = time.monotonic() + 2.0

    def _write_aside(self, fields: dict[str, Any]) -> None:
        side = self._side_connection()
        table = side.ops.quote_name(Job._meta.db_table)
        names = ["done", "total", "note", "updated_at"]
        assignments = ", ".join(f"{side.ops.quote_name(n)} = %s" for n in names)
        values = [
            fields["done"],
            fields["total"],
            fields["note"],
            side.ops.adapt_datetimefield_value(fields["updated_at"]),
        ]
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {assignments} WHERE {side.ops.quote_name('id')} = %s",
                [*values, self.job_id],
            )

    def _side_connection(self) -> BaseDatabaseWrapper:
        if self._side is None:
            settings_dict = dict(connection.settings_dict)
            backend = load_backend(settings_dict["ENGINE"])
            side: BaseDatabaseWrapper = backend.DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
            with side.cursor() as cursor:
                if side.vendor == "sqlite":
                    cursor.execute("PRAGMA busy_timeout = 0")
                elif side.vendor == "postgresql":
                    cursor.execute("SET lock_timeout = '250ms'")
                    cursor.execute("SET statement_timeout = '2s'")
            self._side = side
        return self._side

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


Handler = Callable[[Job, Reporter], JobOutcome]

INTERNAL_ERROR = "internal"


def run_job(job_id: int, handler: Handler) -> dict[str, Any]:
    """Claim the queued job ``job_id``, run ``handler`` and record how it ended.

    An ``ApplicationError`` (a file that cannot be read, a permission withdrawn since) ends
    the job as failed with its message; any other exception too, with a general message,
    and is raised again so that the task backend records its traceback. A job that is not
    queued (finished, or claimed by another worker) is left alone.
    """
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        attempts=F("attempts") + 1,
        started_at=timezone.now(),
        worker=worker_name(),
        done=0,
        total=None,
        note="",
        updated_at=timezone.now(),
    )
    if not claimed:
        logger.warning("Job %s is not queued; the task leaves it alone.", job_id)
        return {"job": job_id, "status": "skipped"}
    job = Job.objects.select_related("group", "started_by").get(pk=job_id)
    reporter = Reporter(job)
    language = str(job.params.get("language") or "") or None
    try:
        with translation.override(language):
            try:
                outcome = handler(job, reporter)
            except ApplicationError as exc:
                _finish(
                    job,
                    status=Job.Status.FAILED,
                    error=exc.message,
                    error_code=exc.code,
                    **reporter.last(),
                )
                return {"job": job_id, "status": "failed", "error": exc.message}
            except Exception:
                logger.exception("Job %s (%s) failed", job_id, job.kind)
                _finish(
                    job,
                    **reporter.last(),
                    status=Job.Status.FAILED,
                    error=_(
                        "The job stopped because of an error in accord; nothing was "
                        "changed. The error is in the server's log (job %(id)s)."
                    )
                    % {"id": job_id},
                    error_code=INTERNAL_ERROR,
                )
                raise
            _finish(
                job,
                status=Job.Status.SUCCEEDED,
                summary=outcome.summary,
                result=outcome.data,
                result_url=outcome.url,
                **reporter.last(finished=True),
            )
    finally:
        reporter.close()
    return {"job": job_id, "status": "succeeded", "summary": outcome.summary}


def _finish(job: Job, *, status: str, **fields: Any) -> None:
    now = timezone.now()
    values = {"status": status, "finished_at": now, "updated_at": now, **fields}
    # A busy SQLite database answers "locked" after its timeout; the outcome must not be lost.
    for attempt in range(3):
        try:
            # Together: a worker killed between them left the upload behind for ever.
            with transaction.atomic():
                Job.objects.filter(pk=job.pk).update(**values)
                JobFile.objects.filter(job_id=job.pk).delete()
            break
        except OperationalError:
            if attempt == 2:
                raise
            time.sleep(1.0)
    for name, value in values.items():
        setattr(job, name, value)
