"""Jobs whose worker died: run again once, or marked failed.

django-tasks' database backend leaves the task of a worker that was killed (``kill -9``, out
of memory, the machine stopped) as RUNNING for ever and never retries it. Nothing of the
job's work is kept: every import writes in one transaction, which the database rolls back
when the connection drops. So ``accord worker`` looks for such jobs when it starts (and every
minute while it runs): a job is run again if it has attempts left (``max_attempts``, 2 by
default: a file that kills the worker each time must not do so for ever), else it is marked
failed with a message that says so. Its old task result is marked failed. A worker killed
between taking a task and claiming its job leaves the job queued behind a RUNNING task: the
job gets a new task (it never ran, so no attempt is used).

A worker is known to be gone when it ran on this machine and its process no longer exists;
on another machine, when the job has run for longer than ``ACCORD_JOB_LOST_AFTER_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Job, JobFile

logger = logging.getLogger(__name__)

WORKER_LOST = "worker_lost"
NOT_RUN = "not_run"


@dataclass(frozen=True)
class Recovered:
    job_id: int
    retried: bool


def _process_gone(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        # A zombie (exited, not yet reaped by its parent) no longer runs anything.
        state = stat.read_text().rsplit(")", 1)[1].split()[0]
        return state in {"Z", "X"}
    except FileNotFoundError:
        return True
    except (OSError, IndexError):
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def worker_gone(job: Job, *, now: dt.datetime | None = None) -> bool:
    """Whether the process that claimed ``job`` has stopped (see the module's docstring)."""
    return _gone(job.worker, job.started_at or job.updated_at, now=now)


def _gone(worker: str, started: dt.datetime | None, *, now: dt.datetime | None = None) -> bool:
    host, _, pid = worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return int(pid) != os.getpid() and _process_gone(int(pid))
    lost_after = dt.timedelta(seconds=settings.ACCORD_JOB_LOST_AFTER_SECONDS)
    return started is None or (now or timezone.now()) - started > lost_after


def _task_result_model() -> Any:
    if not apps.is_installed("django_tasks_db"):
        return None
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult


def _mark_task_lost(task_id: str) -> None:
    model = _task_result_model()
    if model is None or not _is_uuid(task_id):
        return  # not the database backend's task
    model.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="accord.jobs.recovery.WorkerLost",
        traceback="The worker running this task stopped before the task finished.\n",
    )


def _lost_running_job(job_id: int, worker: str) -> Recovered | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.RUNNING or job.worker != worker:
            return None  # finished or claimed again meanwhile
        _mark_task_lost(job.task_id)
        now = timezone.now()
        if job.attempts < job.max_attempts:
            job.status = Job.Status.QUEUED
            job.worker = ""
            job.done, job.total, job.note = 0, None, ""
            job.save()
            result = import_string(job.task_path).enqueue(job.pk)
            Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
            logger.warning("Job %s: its worker stopped; queued again.", job.pk)
            return Recovered(job_id=job.pk, retried=True)
        job.status = Job.Status.FAILED
        job.error_code = WORKER_LOST
        # The words are chosen when the page shows them (selectors.error_text), in the
        # reader's language; this is what the API and the log say.
        job.error = (
            f"The worker stopped while running this job ({job.attempts} attempts); "
            "nothing was changed."
        )
        job.finished_at = now
        job.save()
        JobFile.objects.filter(job=job).delete()
        logger.warning("Job %s: its worker stopped on the last attempt; failed.", job.pk)
        return Recovered(job_id=job.pk, retried=False)


def _never_run_job(job_id: int) -> Recovered | None:
    """A queued job whose task ended without running it (its code could not be imported)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.QUEUED:
            return None
        job.status = Job.Status.FAILED
        job.error_code = NOT_RUN
        job.error = "The worker could not run this job; nothing was changed."
        job.finished_at = timezone.now()
        job.save()
        JobFile.objects.filter(job=job).delete()
        return Recovered(job_id=job.pk, retried=False)


def _stranded_job(job_id: int, task_id: str) -> Recovered | None:
    """A queued job whose task a worker claimed, and then died before it claimed the job:
    the task stays RUNNING for ever and the job queued. The job never ran (no attempt is
    used): it gets a new task."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.QUEUED or job.task_id != task_id:
            return None
        _mark_task_lost(task_id)
        result = import_string(job.task_path).enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
        logger.warning("Job %s: the worker that took its task stopped; queued again.", job.pk)
        return Recovered(job_id=job.pk, retried=True)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def job_recover_lost(*, now: dt.datetime | None = None) -> list[Recovered]:
    """Queue again or fail the jobs whose worker died; returns what was done."""
    done: list[Recovered] = []
    running = Job.objects.filter(status=Job.Status.RUNNING).only(
        "pk", "worker", "started_at", "updated_at"
    )
    for job in running:
        if worker_gone(job, now=now):
            recovered = _lost_running_job(job.pk, job.worker)
            if recovered is not None:
                done.append(recovered)
    model = _task_result_model()
    if model is not None:
        queued = {
            task_id: pk
            for task_id, pk in Job.objects.filter(status=Job.Status.QUEUED).values_list(
                "task_id", "pk"
            )
            if _is_uuid(task_id)  # another backend's ids are not the database backend's
        }
        if queued:
            ended = model.objects.filter(id__in=list(queued), status__in=["FAILED", "SUCCESSFUL"])
            for task_id in ended.values_list("id", flat=True):
                recovered = _never_run_job(queued[str(task_id)])
                if recovered is not None:
                    done.append(recovered)
            taken = model.objects.filter(id__in=list(queued), status="RUNNING")
            for task_id, workers, started in taken.values_list("id", "worker_ids", "started_at"):
                if _gone(workers[-1] if workers else "", started, now=now):
                    recovered = _stranded_job(queued[str(task_id)], str(task_id))
                    if recovered is not None:
                        done.append(recovered)
    return done
