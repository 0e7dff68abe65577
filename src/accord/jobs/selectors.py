"""Reading jobs: one job for its viewer, "my jobs", and the status a page or the API shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.common.errors import NotFound
from accord.groups.models import WorkingGroup
from accord.groups.permissions import can

from .models import Job
from .permissions import can_view_job
from .recovery import NOT_RUN, WORKER_LOST, worker_gone
from .runner import INTERNAL_ERROR

# A job queued for longer than this while no worker took it: say how to start one.
WAITING_HINT_SECONDS = 20


def job_get_for_viewer(*, viewer: Any, job_id: int) -> Job:
    """The job, to its starter and the group's secretariat and chair; NotFound for others."""
    if not 0 < job_id < 2**63:  # a database integer; larger ones are no job either
        raise NotFound(_("No such job."))
    job = Job.objects.select_related("group", "started_by").filter(pk=job_id).first()
    if job is None or not can_view_job(viewer, job):
        raise NotFound(_("No such job."))
    return job


def job_list_for_viewer(*, viewer: Any, group: WorkingGroup | None = None) -> QuerySet[Job]:
    """The viewer's own jobs, newest first; with ``group``, all of the group's jobs for its
    secretariat and chair (and only the viewer's own for anyone else)."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return Job.objects.none()
    jobs = Job.objects.select_related("group", "started_by")
    if group is not None:
        jobs = jobs.filter(group=group)
        if can(viewer, "jobs.view_any", group):
            return jobs
    return jobs.filter(started_by=viewer)


@dataclass(frozen=True)
class JobStatus:
    """What a page says about a job, worked out once for the HTML view and the API."""

    job: Job
    status: str
    label: str
    done: int
    total: int | None
    percent: int | None
    note: str
    is_finished: bool
    summary: str
    error: str
    # A second attempt after the worker stopped: the first one left nothing behind.
    retried: bool
    # Queued for a while and no worker has taken it: perhaps none is running.
    waiting_long: bool
    # Running, but its worker has stopped: the next worker to start deals with it.
    worker_lost: bool
    seconds: int

    @property
    def kind_label(self) -> str:
        return str(self.job.get_kind_display())


def error_text(job: Job) -> str:
    """The error in words, in the reader's language for the errors the queue itself gives."""
    if job.error_code == WORKER_LOST:
        return ngettext(
            "The worker stopped while running this job, %(n)d time; nothing was changed. "
            "The file may be too large or damaged: try again with a smaller file.",
            "The worker stopped while running this job, %(n)d times; nothing was changed. "
            "The file may be too large or damaged: try again with a smaller file.",
            job.attempts,
        ) % {"n": job.attempts}
    if job.error_code == NOT_RUN:
        return _("The worker could not run this job; nothing was changed.")
    if job.error_code == INTERNAL_ERROR:
        return _(
            "The job stopped because of an error in accord; nothing was changed. "
            "The error is in the server's log (job %(id)s)."
        ) % {"id": job.pk}
    return job.error


def job_status(job: Job, *, now: dt.datetime | None = None) -> JobStatus:
    now = now or timezone.now()
    total = job.total
    done = min(job.done, total) if total is not None else job.done
    percent = None
    if job.status == Job.Status.SUCCEEDED:
        percent = 100
    elif total:
        percent = min(100, int(100 * done / total))
    since = job.started_at if job.status == Job.Status.RUNNING else job.created_at
    if job.is_finished and job.finished_at is not None:
        since = job.started_at or job.created_at
        seconds = int((job.finished_at - since).total_seconds())
    else:
        seconds = int((now - since).total_seconds()) if since else 0
    return JobStatus(
        job=job,
        status=job.status,
        label=str(job.get_status_display()),
        done=done,
        total=total,
        percent=percent,
        note=job.note,
        is_finished=job.is_finished,
        summary=job.summary,
        error=error_text(job) if job.status == Job.Status.FAILED else "",
        retried=job.attempts > 1,
        waiting_long=job.status == Job.Status.QUEUED and seconds >= WAITING_HINT_SECONDS,
        worker_lost=job.status == Job.Status.RUNNING and worker_gone(job, now=now),
        seconds=max(0, seconds),
    )
