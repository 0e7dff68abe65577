"""A transcript import that stops half-way through its transaction on its first attempt, so
that a test can kill the worker there (``test_worker``)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django_tasks import task

from accord.jobs.models import Job
from accord.jobs.runner import JobOutcome, Reporter, run_job
from accord.jobs.services import job_file_read
from accord.meetings.models import MeetingDay
from accord.meetings.services import transcript_upload


def _slow_upload(job: Job, report: Reporter) -> JobOutcome:
    marker = Path(job.params["marker"])
    day = MeetingDay.objects.get(pk=job.params["day"])
    data, filename = job_file_read(job)

    def progress(done: int, total: int) -> None:
        report.count(done, total)
        if job.attempts == 1:
            # The first batch of turns is written, inside the transaction: say so, then wait
            # for the kill.
            marker.write_text(f"{done}/{total}")
            time.sleep(300)

    transcript = transcript_upload(
        actor=job.started_by, day=day, data=data, filename=filename, progress=progress
    )
    return JobOutcome(summary=f"{transcript.turns.count()} turns stored.")


@task()
def slow_transcript_job(job_id: int) -> dict[str, Any]:
    return run_job(job_id, _slow_upload)
