"""The consensus call: members' final stances, explanations of position, the chair's
determinations. Stances are append-only events; the latest per (member, paragraph) counts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.drafts.models import Paragraph, Version
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup


class ConsensusCall(models.Model):
    """The chair tests consensus on an issued version (the whole text, and per paragraph)."""

    class Rule(models.TextChoices):
        CONSENSUS = "consensus", _("Consensus (no blocking objection)")
        CONSENSUS_RECORDED = "consensus_recorded", _("Consensus with recorded objections")
        ROUGH_CONSENSUS = "rough_consensus", _("Rough consensus (threshold per constituency)")
        VOTE = "vote", _("Vote of the members present and voting")

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="consensus_calls"
    )
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="consensus_calls")
    rule = models.CharField(max_length=30, choices=Rule.choices, default=Rule.CONSENSUS)
    # Thresholds of the rule, fixed when the call opens: {"default_objection_share": "1/10",
    # "max_objection_share": {"civil-society": "1/5"}} or {"majority": "2/3", "strict": false}.
    rule_params = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)  # what the chair said when opening the call
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set once, when the call closes: the decision as it stood (see services.calls).
    adopted = models.BooleanField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"Consensus call on {self.version}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class StanceEvent(models.Model):
    class Kind(models.TextChoices):
        SUPPORT = "support", _("Support")
        NO_OBJECTION = "no_objection", _("No objection (can live with it)")
        STAND_ASIDE = "stand_aside", _("Stand aside (does not block)")
        RESERVATION = "reservation", _("Reservation placed on record")
        DISSOCIATION = "dissociation", _("Dissociation from the paragraph")
        OBJECT = "object", _("Blocking objection")
        # On a paragraph only: drop the separate stance, the stance on the whole text counts.
        WITHDRAWN = "withdrawn", _("Same as on the whole text")

    call = models.ForeignKey(ConsensusCall, on_delete=models.PROTECT, related_name="stances")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="stances")
    on_behalf_of = models.ForeignKey(
        NegotiatingGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="stances"
    )
    paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.PROTECT, related_name="stances"
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
                name="stance_object_needs_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["dissociation", "withdrawn"])
                | models.Q(paragraph__isnull=False),
                name="stance_paragraph_kinds_name_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.kind} {self.paragraph or 'text'}"


class Explanation(models.Model):
    """An explanation of position before or after the decision, on the record beside it."""

    class Timing(models.TextChoices):
        BEFORE = "before", _("Before the decision")
        AFTER = "after", _("After the decision")

    call = models.ForeignKey(ConsensusCall, on_delete=models.PROTECT, related_name="explanations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="explanations")
    on_behalf_of = models.ForeignKey(
        NegotiatingGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    timing = models.CharField(max_length=10, choices=Timing.choices)
    text = models.TextField()
    paragraphs = models.ManyToManyField(Paragraph, blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Explanation of position by {self.member}"


class Determination(models.Model):
    """The chair declares a paragraph (or the whole text) agreed despite standing objections."""

    call = models.ForeignKey(ConsensusCall, on_delete=models.PROTECT, related_name="determinations")
    paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    # The objections overruled, as they stood: [{"member": id, "name": ..., "via": group name}].
    overruled = models.JSONField(default=list)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="determination_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Determination on {self.paragraph or 'the text'}"
