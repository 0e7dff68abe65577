"""Starting, running and recovering jobs (services, runner, recovery, status)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks.exceptions import InvalidTaskError
from django_tasks_db.models import DBTaskResult

from accord.common.errors import PermissionDenied, ValidationFailed
from accord.common.models import AuditEvent
from accord.jobs import recovery, runner, selectors
from accord.jobs.models import Job, JobFile
from accord.jobs.services import job_file_read
from accord.meetings.models import SpeakerTurn, Transcript
from accord.meetings.tasks import transcript_upload_job, transcript_upload_start
from tests.meetings.samples import CAPTIONING

from .conftest import DATABASE_TASKS

HERE = socket.gethostname()


def _start(world: Any, day: Any, data: bytes = CAPTIONING.encode(), **kw: Any) -> Job:
    return transcript_upload_start(
        actor=world.users["secretariat"], day=day, data=data, filename="day1.txt", **kw
    )


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _claimed(job: Job, *, worker: str, attempts: int = 1, started: Any = None) -> Job:
    """The job as a worker leaves it when it dies mid-job: running, claimed by ``worker``."""
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING,
        worker=worker,
        attempts=attempts,
        started_at=started or timezone.now(),
    )
    job.refresh_from_db()
    return job


def test_a_job_runs_at_once_with_the_immediate_backend(world, day):
    job = _start(world, day)
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 1
    assert job.summary == "Transcript stored: 5 turns, 3 of 4 speakers matched."
    assert job.result_url == "/g/wgec/meetings/3/days/2025-03-10/"
    assert job.origin_url == "/g/wgec/meetings/3/days/2025-03-10/upload/"
    assert job.result["turns"] == 5 and job.result["unmatched"] == ["MR. SMITH"]
    assert (job.done, job.total) == (5, 5)
    assert job.subject == "Meeting 3, 2025-03-10: day1.txt"
    assert job.started_by == world.users["secretariat"] and job.group == world.group
    assert job.task_path == "accord.meetings.tasks.transcript_upload_job"
    assert job.task_id and job.finished_at is not None
    assert Transcript.objects.count() == 1 and SpeakerTurn.objects.count() == 5
    # The upload is deleted once the job has ended.
    assert not JobFile.objects.exists()
    start = AuditEvent.objects.get(action="accord.job.start")
    assert start.object_id == str(job.pk) and start.data["file"] == "day1.txt"
    assert start.data["size"] == len(CAPTIONING.encode())


def test_a_queued_job_keeps_its_upload_and_its_task(world, day, queued_only):
    job = _start(world, day)
    assert job.status == Job.Status.QUEUED and job.attempts == 0
    task = DBTaskResult.objects.get()
    assert str(task.id) == job.task_id and task.status == "READY"
    assert task.task_path == "accord.meetings.tasks.transcript_upload_job"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert job_file_read(job) == (CAPTIONING.encode(), "day1.txt")
    assert (
        JobFile.objects.get().sha256
        == AuditEvent.objects.get(action="accord.job.start").data["sha256"]
    )
    assert Transcript.objects.count() == 0


def test_starting_needs_the_permission_and_leaves_nothing(world, day, queued_only):
    with pytest.raises(PermissionDenied):
        transcript_upload_start(actor=world.users["chair"], day=day, data=b"x", filename="day1.txt")
    assert (Job.objects.count(), JobFile.objects.count(), DBTaskResult.objects.count()) == (0, 0, 0)


def test_a_refused_enqueue_leaves_no_job(world, day, settings):
    settings.TASKS = {"default": {**DATABASE_TASKS["default"], "QUEUES": ["other"]}}
    with pytest.raises(InvalidTaskError, match="Queue 'default' is not valid"):
        _start(world, day)
    assert (Job.objects.count(), JobFile.objects.count(), DBTaskResult.objects.count()) == (0, 0, 0)
    assert not AuditEvent.objects.filter(action="accord.job.start").exists()


def test_a_file_the_service_refuses_fails_the_job_with_its_message(world, day):
    job = _start(world, day, data=b"No speakers, only prose.")
    assert job.status == Job.Status.FAILED
    assert job.error_code == "validation_failed"
    assert "Unrecognised transcript format" in job.error
    assert selectors.job_status(job).error == job.error
    assert job.summary == "" and job.result == {}
    assert Transcript.objects.count() == 0 and not JobFile.objects.exists()


def test_an_unexpected_error_fails_the_job_in_words_and_is_raised(world, day, dummy_tasks):
    job = _start(world, day)

    def broken(job: Job, report: runner.Reporter) -> runner.JobOutcome:
        raise RuntimeError("a bug")

    with pytest.raises(RuntimeError, match="a bug"):
        runner.run_job(job.pk, broken)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error_code == "internal"
    assert selectors.job_status(job).error == (
        "The job stopped because of an error in accord; nothing was changed. "
        f"The error is in the server's log (job {job.pk})."
    )


def test_a_job_that_is_not_queued_is_left_alone(world, day):
    job = _start(world, day)  # already ran
    calls = []
    assert runner.run_job(job.pk, lambda j, r: calls.append(j)) == {
        "job": job.pk,
        "status": "skipped",
    }
    assert calls == [] and Job.objects.get().attempts == 1


def test_a_permission_withdrawn_before_the_job_runs_fails_it(world, day, dummy_tasks):
    from accord.groups.models import Role

    job = _start(world, day)
    secretariat = world.users["secretariat"]
    Role.objects.filter(user=secretariat).delete()
    secretariat.is_superuser = False
    secretariat.save()
    fresh = type(secretariat).objects.get(pk=secretariat.pk)
    Job.objects.filter(pk=job.pk).update(started_by=fresh)
    transcript_upload_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error_code == "permission_denied"
    assert Transcript.objects.count() == 0


def test_progress_is_written_throttled_but_never_drops_a_note_or_the_end(world, day, dummy_tasks):
    job = _start(world, day)
    seen: list[tuple[int, int | None, str]] = []

    def handler(job: Job, report: runner.Reporter) -> runner.JobOutcome:
        def row() -> tuple[int, int | None, str]:
            return Job.objects.values_list("done", "total", "note").get(pk=job.pk)

        report(done=1, total=10, note="Reading.")
        seen.append(row())
        report(done=2)  # within the interval: not written
        seen.append(row())
        report(done=3, note="Storing.")  # a new note: written
        seen.append(row())
        report.count(10, 10)  # the last step: written
        seen.append(row())
        return runner.JobOutcome(summary="Done.")

    runner.run_job(job.pk, handler)
    assert seen == [
        (1, 10, "Reading."),
        (1, 10, "Reading."),
        (3, 10, "Storing."),
        (10, 10, "Storing."),
    ]
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and (job.done, job.total) == (10, 10)
    assert selectors.job_status(job).percent == 100


@pytest.mark.django_db(transaction=True)
def test_progress_inside_a_transaction_goes_through_another_connection(world, day, dummy_tasks):
    """A worker runs the job outside any transaction; the import's own transaction then holds
    the database. Progress must neither wait for it nor be lost to its rollback."""
    job = _start(world, day)
    timings: list[float] = []

    def handler(job: Job, report: runner.Reporter) -> runner.JobOutcome:
        assert report.row_committed
        report(note="Before the transaction.")
        with transaction.atomic():
            Transcript.objects.filter(pk=0).update(original_name="x")  # take the write lock
            started = time.monotonic()
            report(done=5, total=10, note="Inside.")
            timings.append(time.monotonic() - started)
            if connection.vendor == "postgresql":
                # Seen from outside while the transaction is still open.
                side = report._side_connection()
                with side.cursor() as cursor:
                    cursor.execute("SELECT done, note FROM jobs_job WHERE id = %s", [job.pk])
                    assert cursor.fetchone() == (5, "Inside.")
        return runner.JobOutcome(summary="Done.")

    runner.run_job(job.pk, handler)
    # Never the database's busy timeout (20 s on SQLite): at once, written or skipped.
    assert timings and timings[0] < 1.0
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.note == "Inside."


def test_a_job_whose_worker_died_is_queued_again_then_failed(world, day, queued_only):
    job = _start(world, day)
    first_task = job.task_id
    DBTaskResult.objects.filter(id=first_task).update(status="RUNNING")
    job = _claimed(job, worker=f"{HERE}:{_dead_pid()}")
    assert selectors.job_status(job).worker_lost

    assert recovery.job_recover_lost() == [recovery.Recovered(job_id=job.pk, retried=True)]
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.worker == "" and job.attempts == 1
    assert job.task_id != first_task
    lost = DBTaskResult.objects.get(id=first_task)
    assert lost.status == "FAILED"
    assert lost.exception_class_path == "accord.jobs.recovery.WorkerLost"
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    assert JobFile.objects.filter(job=job).exists()  # the retry reads it again

    job = _claimed(job, worker=f"{HERE}:{_dead_pid()}", attempts=2)
    assert recovery.job_recover_lost() == [recovery.Recovered(job_id=job.pk, retried=False)]
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error_code == "worker_lost"
    assert job.finished_at is not None and not JobFile.objects.exists()
    status = selectors.job_status(job)
    assert status.error.startswith(
        "The worker stopped while running this job, 2 times; nothing was changed."
    )
    assert status.retried


def test_a_retried_job_runs_to_its_end(world, day, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = _claimed(_start(world, day), worker=f"{HERE}:{_dead_pid()}")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    recovery.job_recover_lost()  # enqueues again: the immediate backend runs it now
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 2
    assert Transcript.objects.count() == 1 and SpeakerTurn.objects.count() == 5
    assert selectors.job_status(job).retried


def test_a_running_worker_keeps_its_job(world, day, dummy_tasks):
    job = _claimed(_start(world, day), worker=f"{HERE}:{os.getppid()}")
    assert recovery.job_recover_lost() == []
    assert Job.objects.get().status == Job.Status.RUNNING
    assert not selectors.job_status(job).worker_lost
    mine = _claimed(job, worker=runner.worker_name())
    assert not recovery.worker_gone(mine)


def test_a_worker_elsewhere_is_lost_only_after_the_timeout(world, day, dummy_tasks, settings):
    settings.ACCORD_JOB_LOST_AFTER_SECONDS = 3600
    job = _claimed(_start(world, day), worker="another-machine:4242")
    assert recovery.job_recover_lost() == []
    Job.objects.filter(pk=job.pk).update(started_at=timezone.now() - dt.timedelta(hours=2))
    assert recovery.job_recover_lost() == [recovery.Recovered(job_id=job.pk, retried=True)]


def test_a_queued_job_whose_task_ended_without_it_is_failed(world, day, queued_only):
    job = _start(world, day)
    DBTaskResult.objects.filter(id=job.task_id).update(status="FAILED")
    assert recovery.job_recover_lost() == [recovery.Recovered(job_id=job.pk, retried=False)]
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error_code == "not_run"
    assert selectors.job_status(job).error == (
        "The worker could not run this job; nothing was changed."
    )


def test_status_while_queued_and_running(world, day, dummy_tasks):
    job = _start(world, day)
    now = job.created_at
    assert not selectors.job_status(job, now=now).waiting_long
    later = selectors.job_status(job, now=now + dt.timedelta(seconds=30))
    assert later.waiting_long and later.seconds == 30 and later.percent is None
    assert (later.label, later.kind_label) == ("Queued", "Transcript import")
    job = _claimed(job, worker=runner.worker_name(), started=now)
    Job.objects.filter(pk=job.pk).update(done=250, total=1000)
    job.refresh_from_db()
    running = selectors.job_status(job, now=now + dt.timedelta(seconds=5))
    assert (running.label, running.percent, running.seconds) == ("Running", 25, 5)
    assert not running.is_finished and not running.waiting_long


def test_a_failed_import_keeps_nothing_but_the_job(world, day, dummy_tasks):
    """A failure inside the service's transaction rolls back everything it wrote."""
    job = _start(world, day)

    def half_then_fail(job: Job, report: runner.Reporter) -> runner.JobOutcome:
        from accord.meetings.services import transcript_upload

        def progress(done: int, total: int) -> None:
            report.count(done, total)
            raise ValidationFailed("Stopped half-way.")

        data, name = job_file_read(job)
        transcript_upload(
            actor=job.started_by, day=day, data=data, filename=name, progress=progress
        )
        raise AssertionError("not reached")

    runner.run_job(job.pk, half_then_fail)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error == "Stopped half-way."
    assert (Transcript.objects.count(), SpeakerTurn.objects.count()) == (0, 0)


def test_a_mail_import_job_counts_the_messages_it_writes(world):
    """The job page shows 'n of N messages', not only notes (the job passed no count)."""
    from accord.correspondence.tasks import mail_import_start
    from tests.correspondence.archives import Mail, mbox

    data = mbox(*(Mail(f"m{n}@example.org", f"Point {n}", body="Text.") for n in range(7)))
    job = mail_import_start(
        actor=world.users["secretariat"], group=world.group, data=data, filename="t.mbox"
    )
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total) == (7, 7)
