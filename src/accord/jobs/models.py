"""A job as the product shows it, beside django-tasks' own result row.

django-tasks records whether a task ran (its ``DBTaskResult``); a ``Job`` records what came of
it for people: who started it, for which group, how far it is, and the result or the error
in words. The uploaded file waits in ``JobFile`` until the job has ended.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.groups.models import WorkingGroup


class Job(models.Model):
    class Kind(models.TextChoices):
        TRANSCRIPT_UPLOAD = "transcript_upload", _("Transcript import")
        MAIL_IMPORT = "mail_import", _("Mail archive import")
        DRAFT_IMPORT = "draft_import", _("Draft import")
        CONTRIBUTIONS_IMPORT = "contributions_import", _("Contributions import")
        SYNTHESIS = "synthesis", _("Synthesis")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")

    FINISHED = frozenset({Status.SUCCEEDED, Status.FAILED})

    kind = models.CharField(max_length=40, choices=Kind.choices)
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="jobs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    # What the job works on, as its starter would name it ("meeting 3, 10 March: day1.txt").
    subject = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)

    # The django-tasks task that runs the job (its import path) and its current result id;
    # a retry enqueues the task again and the id changes.
    task_path = models.CharField(max_length=300)
    task_id = models.CharField(max_length=64, blank=True)
    # What the task needs besides the uploaded file (ids, options), JSON only.
    params = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=2)
    # host:pid of the process running the job, to tell a worker that died from a busy one.
    worker = models.CharField(max_length=200, blank=True)

    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)

    summary = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    # Where to see what the job made, and the page it was started from.
    result_url = models.CharField(max_length=500, blank=True)
    origin_url = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    error_code = models.CharField(max_length=40, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["started_by", "-created_at"], name="jobs_job_starter_idx"),
            models.Index(fields=["group", "-created_at"], name="jobs_job_group_idx"),
            models.Index(fields=["status"], name="jobs_job_status_idx"),
        ]

    def __str__(self) -> str:
        return f"job {self.pk} ({self.kind}, {self.status})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class JobFile(models.Model):
    """The upload a job works on, kept in the database (so any worker on any machine can read
    it) within the upload limit, and deleted when the job has ended."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="upload")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.name} ({self.size} bytes)"
