"""Follow-up: recommendations with stable public ids and their implementation reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.drafts.models import Paragraph
from accord.groups.models import WorkingGroup

from .outcome import Outcome


class Recommendation(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        PARTIAL = "partial", _("Partly implemented")
        IMPLEMENTED = "implemented", _("Implemented")
        NOT_IMPLEMENTED = "not_implemented", _("Will not be implemented")
        SUPERSEDED = "superseded", _("Superseded")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="tracked")
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="tracked")
    public_id = models.CharField(max_length=40)  # stable: "WGEDC-2026-R7"
    paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.PROTECT, related_name="tracked"
    )
    number = models.CharField(max_length=20, blank=True)  # as printed in the outcome: "7."
    text = models.TextField()  # the recommendation as adopted (or as summarised)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(null=True, blank=True)  # percent, latest report
    responsible_bodies = models.TextField(blank=True)
    review_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "public_id"], name="recommendation_public_id"),
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True) | models.Q(progress__lte=100),
                name="recommendation_progress_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.public_id


class ProgressReport(models.Model):
    """A dated report on a recommendation's implementation (entered or imported from CSV)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="reports"
    )
    reported_on = models.DateField()
    status = models.CharField(max_length=20, choices=Recommendation.Status.choices)
    progress = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField()
    reporting_body = models.CharField(max_length=300, blank=True)
    source_url = models.URLField(max_length=1000, blank=True)
    imported = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reported_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True) | models.Q(progress__lte=100),
                name="progress_report_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} on {self.reported_on}"
