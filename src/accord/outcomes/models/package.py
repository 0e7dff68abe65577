"""The package view's inputs beyond positions: members' conditions on recommendations, and a
cache of solver answers keyed by their input (identical input, identical answer)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.drafts.models import Paragraph, Version
from accord.groups.models import Member, NegotiatingGroup


class PackageCondition(models.Model):
    """A member's condition on the package: "R7 only if R3 is in", "R3 must be in"."""

    class Kind(models.TextChoices):
        REQUIRES = "requires", _("Accepts it only if another recommendation is in")
        MUST_INCLUDE = "must_include", _("Red line: must be in the package")
        MUST_EXCLUDE = "must_exclude", _("Red line: must not be in the package")

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="conditions")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="conditions")
    on_behalf_of = models.ForeignKey(
        NegotiatingGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="+")
    # REQUIRES: the recommendation that must be in for ``paragraph`` to be acceptable.
    requires = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="requires") & models.Q(requires__isnull=False))
                | (~models.Q(kind="requires") & models.Q(requires__isnull=True)),
                name="package_condition_requires_other",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.kind} {self.paragraph}"


class PackageRun(models.Model):
    """A solver answer for one input (SHA-256 of the problem), reused while nothing changes."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="package_runs")
    input_hash = models.CharField(max_length=64)
    result = models.JSONField()
    took_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "input_hash"], name="package_run_once"),
        ]

    def __str__(self) -> str:
        return f"Package run {self.input_hash[:8]} on {self.version}"
