"""Outcomes: a consensus report adopted by the group, a Chair's summary issued under the
Chair's own responsibility, or no outcome; an annex of arguments for and against."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.drafts.models import Paragraph, Version
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup

from .decision import ConsensusCall
from .silence import SilenceProcedure


class Outcome(models.Model):
    class Kind(models.TextChoices):
        CONSENSUS_REPORT = "consensus_report", _("Consensus report")
        CHAIRS_SUMMARY = "chairs_summary", _("Chair's summary")
        NONE = "none", _("No outcome")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (the Chair is editing it)")
        ISSUED = "issued", _("Issued")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=500)
    symbol = models.CharField(max_length=100, blank=True)  # its own document symbol
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The call or silence procedure it follows, and (consensus report) the version adopted.
    call = models.ForeignKey(
        ConsensusCall, null=True, blank=True, on_delete=models.PROTECT, related_name="outcomes"
    )
    silence = models.ForeignKey(
        SilenceProcedure, null=True, blank=True, on_delete=models.PROTECT, related_name="outcomes"
    )
    adopted_version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.PROTECT, related_name="outcomes"
    )
    statement = models.TextField(blank=True)  # "no outcome": what the chair put on record
    language = models.CharField(max_length=10, default="en")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)  # SHA-256 of the issued text

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="consensus_report")
                | models.Q(adopted_version__isnull=False),
                name="outcome_report_has_version",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(issued_at__isnull=False) & ~models.Q(content_hash="")),
                name="outcome_issued_has_hash",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED


class OutcomeParagraph(models.Model):
    """A paragraph of a Chair's summary: drafted from the record, edited by the chair."""

    class Kind(models.TextChoices):
        HEADING = "heading", _("Heading")
        TEXT = "text", _("Text")

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="paragraphs")
    order = models.PositiveIntegerField()
    key = models.CharField(max_length=40)  # stable within the summary: "S2", "S2.3"
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField()
    drafted_text = models.TextField(blank=True)  # as the system drafted it
    # Where each statement comes from: [{"kind": "turn", "label": "...", "url": "/g/..."}].
    sources = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["outcome", "order"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "key"], name="outcome_paragraph_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key} of {self.outcome}"

    @property
    def is_edited(self) -> bool:
        return bool(self.drafted_text) and self.text != self.drafted_text


class Annex(models.Model):
    """Arguments for and against a contested proposal, annexed to a report or summary."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="annexes")
    order = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=500)
    proposal = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposal_text = models.TextField(blank=True)

    class Meta:
        ordering = ["outcome", "order"]
        verbose_name_plural = "annexes"

    def __str__(self) -> str:
        return self.title


class AnnexPoint(models.Model):
    class Side(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")

    annex = models.ForeignKey(Annex, on_delete=models.CASCADE, related_name="points")
    order = models.PositiveIntegerField(default=0)
    side = models.CharField(max_length=10, choices=Side.choices)
    text = models.TextField()
    members = models.ManyToManyField(Member, blank=True, related_name="+")
    negotiating_groups = models.ManyToManyField(NegotiatingGroup, blank=True, related_name="+")
    sources = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["annex", "side", "order", "id"]

    def __str__(self) -> str:
        return f"{self.side}: {self.text[:40]}"
