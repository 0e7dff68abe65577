"""Statement consultations: a question, short statements, participants and their votes.

Votes are append-only: casting again inserts a new row and the latest row per
(participant, statement) is the one that counts ("last vote wins", as in Pol.is). The vote
table is thus its own audit trail; the opinion map's ``VoteMatrix.from_triples`` dedupes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accord.common.models import TimeStampedModel
from accord.groups.models import Member, WorkingGroup

STATEMENT_MAX_LENGTH = 500


class Consultation(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Source(models.TextChoices):
        WEB = "web", "Opened here"
        POLIS = "polis", "Imported from Pol.is"

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="consultations")
    question = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations_opened",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField()
    # Optional deadline: after it the consultation counts as closed even if nobody closed it.
    closes_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    allow_public = models.BooleanField(default=False)
    allow_public_statements = models.BooleanField(default=False)
    moderation_required = models.BooleanField(default=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    external_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return self.question


class Statement(TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Awaiting moderation"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="statements"
    )
    # Web submissions are capped at STATEMENT_MAX_LENGTH by the service; imported Pol.is
    # comments are stored as they were written, so the column itself is unbounded.
    text = models.TextField()
    author = models.ForeignKey(
        "Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    is_seed = models.BooleanField(default=False)
    # Pol.is "meta" statements are shown but left out of the math.
    is_meta = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_statements_moderated",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "external_id"],
                condition=~models.Q(external_id=""),
                name="consult_statement_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Participant(models.Model):
    """Who votes: a delegation (``member``), a signed-in person, an anonymous browser
    (``anon_key`` = SHA-256 of the token in its signed cookie) or an imported Pol.is id."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_participations",
    )
    member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultation_participations",
    )
    anon_key = models.CharField(max_length=64, blank=True)
    external_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "member"],
                condition=models.Q(member__isnull=False),
                name="consult_participant_unique_member",
            ),
            models.UniqueConstraint(
                fields=["consultation", "user"],
                condition=models.Q(user__isnull=False, member__isnull=True),
                name="consult_participant_unique_user",
            ),
            models.UniqueConstraint(
                fields=["consultation", "anon_key"],
                condition=~models.Q(anon_key=""),
                name="consult_participant_unique_anon",
            ),
            models.UniqueConstraint(
                fields=["consultation", "external_id"],
                condition=~models.Q(external_id=""),
                name="consult_participant_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        if self.member_id:
            return str(self.member)
        if self.user_id:
            return str(self.user)
        if self.external_id:
            return f"Pol.is participant {self.external_id}"
        return f"Anonymous participant {self.pk}"


class Vote(models.Model):
    """One vote event (append-only): 1 agree, -1 disagree, 0 pass. The latest per
    (participant, statement) counts."""

    class Value(models.IntegerChoices):
        AGREE = 1, "Agree"
        PASS = 0, "Pass"
        DISAGREE = -1, "Disagree"

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    # Denormalised so the map reads one table filtered by one indexed column.
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=Value.choices)
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["participant", "statement"], name="consult_vote_pair")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 0, 1]), name="consult_vote_value_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.get_value_display()} {self.statement_id}"
