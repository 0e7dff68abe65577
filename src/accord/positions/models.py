"""Members' positions on paragraphs and the paragraphs' negotiation status, as append-only events.

The current position of a member and the current status of a paragraph are read through
selectors (the latest event); rows are never updated.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.drafts.models import Paragraph, Version
from accord.groups.models import Member, NegotiatingGroup


class PositionEvent(models.Model):
    class Kind(models.TextChoices):
        SUPPORT = "support", "Support"
        CAN_LIVE_WITH = "can_live_with", "Can live with"
        OBJECT = "object", "Object"  # blocking: a reason is required
        RESERVE = "reserve", "Reserve (awaiting instructions)"

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, related_name="position_events"
    )
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="position_events")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="position_events")
    # Set when ``member`` spoke on behalf of its negotiating group: the group's position, which
    # counts for each member of the group without its own (``positions.blocs``). The speaker's
    # own position is then unchanged. PROTECT: the record keeps saying on whose behalf it was.
    on_behalf_of = models.ForeignKey(
        NegotiatingGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="position_statements",
        verbose_name=_("on behalf of"),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="object") | ~models.Q(reason=""),
                name="position_object_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.kind} {self.paragraph.key}"


class StatusEvent(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        BRACKETED = "bracketed", "Bracketed"
        AGREED_AD_REF = "agreed_ad_ref", "Agreed ad referendum"
        AGREED = "agreed", "Agreed (provisionally, until the whole text is adopted)"
        DROPPED = "dropped", "Dropped"

    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="status_events")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="status_events")
    status = models.CharField(max_length=20, choices=Status.choices)
    # Agreed ad referendum: the members whose confirmation is awaited.
    pending_members = models.ManyToManyField(
        Member, blank=True, related_name="pending_confirmations"
    )
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Agreed (or agreed ad referendum) by determination of the Chair over standing objections
    # or held brackets: the Chair's reason, who determined, and what was overruled as it stood
    # (a snapshot: [{"kind": "objection", "member", "name", "via_group", "via_group_name",
    # "reason"} | {"kind": "bracket", "bracket", "text", "holders": [{"member", "name"}]}]).
    determination = models.TextField(_("determination of the Chair"), blank=True)
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("determined by"),
    )
    overruled = models.JSONField(_("overruled objections and brackets"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.paragraph.key}: {self.status}"

    @property
    def by_determination(self) -> bool:
        return bool(self.determination)
