"""The job status page (``/jobs/<id>/``) and the list of one's jobs (``/jobs/``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accord.common.errors import NotFound
from accord.common.htmx import render_page_or_partial

from . import selectors

PAGE_SIZE = 25


@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """Status, progress and the result or error; htmx polls the ``status`` fragment."""
    try:
        job = selectors.job_get_for_viewer(viewer=request.user, job_id=job_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    status = selectors.job_status(job)
    context = {
        "job": job,
        "group": job.group,
        "st": status,
        "refresh_seconds": settings.ACCORD_JOB_REFRESH_SECONDS,
    }
    response = render_page_or_partial(request, "jobs/job_detail.html", context, "status")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    jobs = selectors.job_list_for_viewer(viewer=request.user)
    raw_page = request.GET.get("page", "1")
    page = Paginator(jobs, PAGE_SIZE).get_page(
        int(raw_page) if raw_page.isdigit() and len(raw_page) < 10 else 1
    )
    rows = [selectors.job_status(job) for job in page.object_list]
    return render(request, "jobs/job_list.html", {"page": page, "rows": rows})
