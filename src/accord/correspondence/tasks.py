"""A mailing-list archive import as a job: the request stores the archive and answers at
once, ``accord worker`` reads and threads it (``services.mail_archive_import_to_list``,
one transaction)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from accord.groups.models import WorkingGroup
from accord.jobs.models import Job
from accord.jobs.runner import JobOutcome, Reporter, run_job
from accord.jobs.services import job_file_read, job_start

from . import services


def mail_import_start(
    *,
    actor: Any,
    group: WorkingGroup,
    list_name: str = services.DEFAULT_LIST_NAME,
    data: bytes,
    filename: str,
    is_public: bool = True,
) -> Job:
    """Queue the import of an archive (within the upload limit) into the list ``list_name``."""
    return job_start(
        actor=actor,
        group=group,
        kind=Job.Kind.MAIL_IMPORT,
        action="correspondence.import",
        task=mail_import_job,
        subject=_("%(file)s into the list “%(list)s”") % {"file": filename, "list": list_name},
        params={"list_name": list_name, "is_public": is_public},
        upload=(data, filename),
        origin_url=reverse("correspondence:import", args=[group.slug]),
    )


def _import(job: Job, report: Reporter) -> JobOutcome:
    data, filename = job_file_read(job)
    report(note=_("Reading the archive."))
    mailing_list, result = services.mail_archive_import_to_list(
        actor=job.started_by,
        group=job.group,
        list_name=job.params["list_name"],
        data=data,
        filename=filename,
        is_public=bool(job.params.get("is_public", True)),
        progress=report.say,
        count=report.count,
    )
    url = reverse("correspondence:list", args=[job.group.slug])
    return JobOutcome(
        summary=result.summary,
        url=f"{url}?{urlencode({'list': mailing_list.name})}",
        data={**result.as_dict(), "mailing_list": mailing_list.name},
    )


@task()
def mail_import_job(job_id: int) -> dict[str, Any]:
    return run_job(job_id, _import)
