"""Jobs: long work (imports) that runs in ``accord worker``; its status, progress and result.

An import endpoint answers ``202`` with the job (``queued_response``) and its address in
``Location``; the client reads ``GET /api/v1/jobs/{id}`` until ``finished`` is true.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status

from accord.jobs import selectors
from accord.jobs.models import Job

from .auth import viewer
from .errors import ErrorBody, ErrorDetail
from .pagination import Rows, paginated

router = Router(tags=["jobs"])


class ProgressOut(Schema):
    done: int
    total: int | None
    percent: int | None
    note: str


class JobOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str  # queued | running | succeeded | failed
    finished: bool
    group: str
    subject: str
    started_by: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    attempts: int
    max_attempts: int
    progress: ProgressOut
    summary: str
    result: dict[str, Any]
    # Where to see what the job made (a page), once it has succeeded.
    result_url: str | None
    error: ErrorDetail | None
    url: str  # the job's page
    api_url: str


def job_out(request: HttpRequest, job: Job) -> dict[str, Any]:
    st = selectors.job_status(job)
    return {
        "id": job.pk,
        "kind": job.kind,
        "kind_label": st.kind_label,
        "status": job.status,
        "finished": st.is_finished,
        "group": job.group.slug,
        "subject": job.subject,
        "started_by": job.started_by.get_username() if job.started_by else None,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
        "progress": {"done": st.done, "total": st.total, "percent": st.percent, "note": st.note},
        "summary": job.summary,
        "result": job.result,
        "result_url": request.build_absolute_uri(job.result_url) if job.result_url else None,
        "error": (
            {"code": job.error_code or "failed", "message": st.error, "fields": {}}
            if job.status == Job.Status.FAILED
            else None
        ),
        "url": request.build_absolute_uri(job.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api:job_detail", args=[job.pk])),
    }


def queued_response(request: HttpRequest, response: HttpResponse, job: Job) -> Status[Any]:
    """What an import endpoint answers once its work is a job: 202, the job, ``Location``."""
    body = job_out(request, job)
    response["Location"] = body["api_url"]
    return Status(202, body)


@router.get("/jobs", response={200: list[JobOut]})
@paginated
def job_list(request: HttpRequest) -> Rows:
    """The caller's own jobs, newest first."""
    jobs = selectors.job_list_for_viewer(viewer=viewer(request))
    return Rows(jobs.order_by("-created_at", "-id"), each=lambda job: job_out(request, job))


@router.get("/jobs/{job_id}", response={200: JobOut, 404: ErrorBody}, url_name="job_detail")
def job_detail(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """A job's status and progress, and its result or error once ``finished``; to its starter
    and the group's secretariat and chair (404 for anyone else, as for a missing job)."""
    job = selectors.job_get_for_viewer(viewer=viewer(request), job_id=job_id)
    return job_out(request, job)
