"""The silence procedure: a text circulated until a deadline; any member may break silence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.drafts.models import Paragraph, Version
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup


class SilenceProcedure(models.Model):
    class Result(models.TextChoices):
        RUNNING = "", _("Under silence")
        ADOPTED = "adopted", _("Adopted under silence")
        BROKEN = "broken", _("Silence broken")
        CANCELLED = "cancelled", _("Withdrawn by the Chair")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="silences")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="silences")
    # The paragraphs under silence; none named means the whole text.
    paragraphs = models.ManyToManyField(Paragraph, blank=True, related_name="+")
    deadline = models.DateTimeField()  # stored in UTC
    time_zone = models.CharField(max_length=64)  # IANA name the chair stated, "Europe/Zurich"
    note = models.TextField(blank=True)  # the chair's covering letter
    # A follow-on procedure on the paragraphs that were not broken last time.
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="followed_by"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    # Set once, at the deadline (by the scheduled check or the first read after it).
    result = models.CharField(max_length=20, choices=Result.choices, blank=True, default="")
    concluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return f"Silence on {self.version} until {self.deadline:%Y-%m-%d %H:%M} UTC"

    @property
    def is_running(self) -> bool:
        return self.concluded_at is None


class SilenceBreak(models.Model):
    class Kind(models.TextChoices):
        OBJECTION = "objection", _("Objection")
        AMENDMENT = "amendment", _("Amendment")

    procedure = models.ForeignKey(SilenceProcedure, on_delete=models.PROTECT, related_name="breaks")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="silence_breaks")
    on_behalf_of = models.ForeignKey(
        NegotiatingGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    paragraphs = models.ManyToManyField(Paragraph, related_name="+")
    reason = models.TextField()
    proposed_text = models.TextField(blank=True)  # an amendment's wording
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="silence_break_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.member} broke silence"
