"""A call for contributions, its questions, and what members and the public send in."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accord.common.models import TimeStampedModel
from accord.groups.models import Constituency, Member, WorkingGroup


class Call(TimeStampedModel):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="calls")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    allow_members = models.BooleanField(default=True)
    allow_observers = models.BooleanField(default=True)
    allow_public = models.BooleanField(default=False)
    # Late submissions are kept and flagged rather than refused, unless the call says otherwise.
    accept_late = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="question_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Q{self.number}. {self.text[:60]}"


class Contribution(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REJECTED = "rejected", "Rejected"

    class Source(models.TextChoices):
        WEB = "web", "Web form"
        API = "api", "API"
        IMPORT = "import", "Import"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="contributions")
    # A contribution belongs to the delegation; submitted_by only records which login sent it.
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="contributions"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_name = models.CharField(max_length=200, blank=True)
    public_affiliation = models.CharField(max_length=300, blank=True)
    public_email = models.EmailField(blank=True)  # never shown publicly
    # Self-identified; null for "Other / general public".
    public_constituency = models.ForeignKey(
        Constituency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    moderation_reason = models.TextField(blank=True)
    is_late = models.BooleanField(default=False)
    submitted_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    title = models.CharField(max_length=400)
    content_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=False) | ~models.Q(public_name=""),
                name="contribution_has_author",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField()

    class Meta:
        ordering = ["question__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "question"], name="answer_unique_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contribution_id}/Q{self.question_id}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        TXT = "txt", "Text"

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="contributions/%Y/%m/")
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    extracted_text = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
