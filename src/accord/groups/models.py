"""A working group, its constituencies, its members (delegations) and who acts for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.common.models import TimeStampedModel


class WorkingGroup(TimeStampedModel):
    class DecisionRule(models.TextChoices):
        CONSENSUS = "consensus", "Consensus"
        CONSENSUS_WITH_OBJECTIONS = "consensus_recorded", "Consensus with recorded objections"
        ROUGH_CONSENSUS = "rough_consensus", "Rough consensus"
        VOTE = "vote", "Vote"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=40, blank=True)
    parent_body = models.CharField(max_length=300, blank=True)
    mandate = models.TextField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    decision_rule = models.CharField(
        max_length=30, choices=DecisionRule.choices, default=DecisionRule.CONSENSUS
    )
    working_languages = models.JSONField(default=list, blank=True)
    is_published = models.BooleanField(default=True)
    demo_notice = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Constituency(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="constituencies")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    seats = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "slug"], name="constituency_unique_slug"),
        ]
        verbose_name_plural = "constituencies"

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A delegation: a State (with its ISO 3166 alpha-3 code) or an organisation."""

    class Kind(models.TextChoices):
        STATE = "state", "State"
        ORGANISATION = "organisation", "Organisation"

    class Status(models.TextChoices):
        MEMBER = "member", "Member"
        OBSERVER = "observer", "Observer"

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    constituency = models.ForeignKey(Constituency, on_delete=models.PROTECT, related_name="members")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    iso3 = models.CharField(max_length=3, blank=True)
    slug = models.SlugField(max_length=80)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.MEMBER)
    aliases = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "slug"], name="member_unique_slug"),
            models.UniqueConstraint(
                fields=["group", "iso3"], condition=~models.Q(iso3=""), name="member_unique_iso3"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="organisation", iso3="") | models.Q(kind="state"),
                name="member_iso3_only_for_states",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """What a user may do in a group. A delegate acts for exactly one member."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", "Secretariat"
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        FACILITATOR = "facilitator", "Facilitator"
        DELEGATE = "delegate", "Delegate"
        OBSERVER = "observer", "Observer"

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_roles"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="delegates"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user", "kind"], name="role_unique_kind"),
            models.CheckConstraint(
                condition=~models.Q(kind="delegate") | models.Q(member__isnull=False),
                name="role_delegate_has_member",
            ),
        ]

    def __str__(self) -> str:
        suffix = f" for {self.member}" if self.member_id else ""
        return f"{self.user} — {self.get_kind_display()}{suffix}"


class Invitation(models.Model):
    """An e-mailed link that creates (or links) an account and gives it a role."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    kind = models.CharField(max_length=20, choices=Role.Kind.choices)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
    )

    def __str__(self) -> str:
        return f"{self.email} as {self.kind} in {self.group}"


class NegotiatingGroup(models.Model):
    """A bloc of members that negotiates as one ("G77 and China", "EU", "EIG").

    A member speaking on behalf of its group states the group's position; that position
    counts for every member of the group that has not stated its own (``positions.blocs``).
    """

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="negotiating_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(max_length=80)
    # Other names the group goes by in transcripts and mail ("GROUP OF 77", "G77 AND CHINA").
    aliases = models.JSONField(default=list, blank=True)
    # The member that usually speaks for the group (its chair or coordinator), if any.
    coordinator = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members: models.ManyToManyField[Member, NegotiatingGroupMembership] = models.ManyToManyField(
        Member, through="NegotiatingGroupMembership", related_name="negotiating_groups"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "slug"], name="negotiating_group_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class NegotiatingGroupMembership(models.Model):
    negotiating_group = models.ForeignKey(
        NegotiatingGroup, on_delete=models.CASCADE, related_name="memberships"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="bloc_memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["negotiating_group", "member"], name="negotiating_group_member_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.negotiating_group}"
