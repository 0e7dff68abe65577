"""Starting a job: what the request does before it answers (``job_start``).

The request checks what is cheap (the permission, the upload's size), stores the upload and
the job, and enqueues the task, all in one transaction: a worker never sees a task without
its job or file, and a refused request leaves neither.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks.base import Task

from accord.common.audit import audit_record
from accord.common.errors import NotFound
from accord.groups.models import WorkingGroup
from accord.groups.permissions import require

from .models import Job, JobFile

SUBJECT_LENGTH = Job._meta.get_field("subject").max_length or 300


def job_start(
    *,
    actor: Any,
    group: WorkingGroup,
    kind: str,
    action: str,
    task: Task[Any, Any],
    subject: str,
    params: dict[str, Any] | None = None,
    upload: tuple[bytes, str] | None = None,
    origin_url: str = "",
    max_attempts: int = 2,
) -> Job:
    """Queue ``task(job_id)`` for ``actor``, who must be allowed ``action`` in ``group``.

    ``upload`` is ``(bytes, file name)`` as ``read_upload`` returns it (so within the upload
    limit); the task reads it back with ``job_file_read``. ``params`` are JSON values the task
    needs (ids, options). With an immediate task backend (tests) the job has run when this
    returns; with the database backend it waits for ``accord worker``.
    """
    require(actor, action, group)
    job_params = {**(params or {}), "language": translation.get_language() or ""}
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            group=group,
            started_by=actor if getattr(actor, "is_authenticated", False) else None,
            subject=subject[:SUBJECT_LENGTH],
            task_path=task.module_path,
            params=job_params,
            origin_url=origin_url[:500],
            max_attempts=max(1, max_attempts),
        )
        data: dict[str, Any] = {"kind": kind, "subject": job.subject}
        if upload is not None:
            content, name = upload
            digest = hashlib.sha256(content).hexdigest()
            JobFile.objects.create(
                job=job, name=name[:200], size=len(content), sha256=digest, data=content
            )
            data.update(file=name[:200], size=len(content), sha256=digest)
        audit_record(
            actor=actor, action="accord.job.start", target=job, group_id=group.pk, data=data
        )
        result = task.enqueue(job.pk)
        # An immediate backend has run the job by now: save only the id, never over its state.
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def job_file_read(job: Job) -> tuple[bytes, str]:
    """The upload stored with the job: (bytes, file name)."""
    upload = JobFile.objects.filter(job=job).first()
    if upload is None:
        raise NotFound(_("The uploaded file of this job is no longer stored."))
    return bytes(upload.data), upload.name
