"""A draft import as a job: the request stores the file and answers at once, ``accord worker``
reads it into a new draft version (``services.imports.version_import``, one transaction)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from accord.jobs.models import Job
from accord.jobs.runner import JobOutcome, Reporter, run_job
from accord.jobs.services import job_file_read, job_start

from .models import Report
from .services import imports


def version_import_start(
    *, actor: Any, report: Report, data: bytes, filename: str, kind: str, label: str
) -> Job:
    """Queue the import of ``data`` (within the upload limit) as a new version of ``report``."""
    group = report.group
    return job_start(
        actor=actor,
        group=group,
        kind=Job.Kind.DRAFT_IMPORT,
        action="drafts.create",
        task=version_import_job,
        subject=_("%(file)s as a version of “%(report)s”")
        % {"file": filename, "report": report.title},
        params={"report": report.pk, "kind": kind, "label": label},
        upload=(data, filename),
        origin_url=reverse("drafts:import", args=[group.slug, report.slug]),
    )


def _import(job: Job, report: Reporter) -> JobOutcome:
    draft = Report.objects.select_related("group").get(pk=job.params["report"])
    data, filename = job_file_read(job)
    report(note=_("Reading the draft and numbering its paragraphs."))
    version = imports.version_import(
        actor=job.started_by,
        report=draft,
        data=data,
        filename=filename,
        kind=job.params["kind"],
        label=job.params["label"],
    )
    paragraphs = version.items.count()
    return JobOutcome(
        summary=ngettext(
            "Imported “%(label)s”: %(count)d paragraph.",
            "Imported “%(label)s”: %(count)d paragraphs.",
            paragraphs,
        )
        % {"label": version.label, "count": paragraphs},
        url=reverse("drafts:version", args=[draft.group.slug, draft.slug, version.number]),
        data={
            "report": draft.slug,
            "number": version.number,
            "kind": version.kind,
            "label": version.label,
            "paragraphs": paragraphs,
        },
    )


@task()
def version_import_job(job_id: int) -> dict[str, Any]:
    return run_job(job_id, _import)
