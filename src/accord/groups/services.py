"""Writes that establish a group: the group, constituencies, members, roles, invitations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accord.accounts.models import User
from accord.common.audit import audit_record
from accord.common.errors import Conflict, Gone, NotFound, PermissionDenied, ValidationFailed

from .models import Constituency, Invitation, Member, Role, WorkingGroup
from .permissions import forget_roles, require

DEFAULT_CONSTITUENCIES: list[tuple[str, int | None]] = [
    ("Member States", None),
    ("Private sector", 5),
    ("Civil society", 5),
    ("Technical and academic community", 5),
    ("Intergovernmental and international organisations", 5),
]


def group_create(
    *,
    actor: Any,
    name: str,
    slug: str = "",
    short_name: str = "",
    parent_body: str = "",
    mandate: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    decision_rule: str = WorkingGroup.DecisionRule.CONSENSUS,
    working_languages: list[str] | None = None,
    with_default_constituencies: bool = True,
    demo_notice: str = "",
) -> WorkingGroup:
    """Create a group; the creating user (staff) becomes its secretariat."""
    if not (actor and (actor.is_staff or actor.is_superuser)):
        raise PermissionDenied("Only platform staff can create working groups.")
    if not name.strip():
        raise ValidationFailed("A group needs a name.", fields={"name": "required"})
    if decision_rule not in WorkingGroup.DecisionRule.values:
        raise ValidationFailed(
            f"Unknown decision rule '{decision_rule}'.", fields={"decision_rule": "invalid"}
        )
    if start_date and end_date and end_date < start_date:
        raise ValidationFailed(
            "The group cannot end before it starts.", fields={"end_date": "invalid"}
        )
    slug = slugify(slug or short_name or name)[:80]
    with transaction.atomic():
        if WorkingGroup.objects.filter(slug=slug).exists():
            raise Conflict(f"A group with the address '{slug}' already exists.")
        group = WorkingGroup.objects.create(
            name=name.strip(),
            slug=slug,
            short_name=short_name,
            parent_body=parent_body,
            mandate=mandate,
            start_date=start_date,
            end_date=end_date,
            decision_rule=decision_rule,
            working_languages=working_languages or ["en"],
            demo_notice=demo_notice,
        )
        if with_default_constituencies:
            for order, (cname, seats) in enumerate(DEFAULT_CONSTITUENCIES):
                Constituency.objects.create(
                    group=group, name=cname, slug=slugify(cname)[:80], seats=seats, order=order
                )
        Role.objects.create(group=group, user=actor, kind=Role.Kind.SECRETARIAT)
        audit_record(actor=actor, action="accord.group.create", target=group, group_id=group.pk)
    forget_roles(actor)
    return group


def group_update(*, actor: Any, group: WorkingGroup, **fields: Any) -> WorkingGroup:
    require(actor, "group.change", group)
    allowed = {
        "name",
        "short_name",
        "parent_body",
        "mandate",
        "start_date",
        "end_date",
        "decision_rule",
        "working_languages",
        "is_published",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(f"Cannot change: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        for key, value in fields.items():
            setattr(group, key, value)
        group.save()
        audit_record(
            actor=actor,
            action="accord.group.update",
            target=group,
            group_id=group.pk,
            data={"fields": sorted(fields)},
        )
    return group


def constituency_create(
    *, actor: Any, group: WorkingGroup, name: str, seats: int | None = None
) -> Constituency:
    require(actor, "group.manage_members", group)
    slug = slugify(name)[:80]
    with transaction.atomic():
        if group.constituencies.filter(slug=slug).exists():
            raise Conflict(f"The constituency '{name}' already exists.")
        order = group.constituencies.count()
        constituency = Constituency.objects.create(
            group=group, name=name, slug=slug, seats=seats, order=order
        )
        audit_record(
            actor=actor, action="accord.constituency.create", target=constituency, group_id=group.pk
        )
    return constituency


def constituency_update(
    *, actor: Any, constituency: Constituency, name: str | None = None, seats: int | None = None
) -> Constituency:
    require(actor, "group.manage_members", constituency.group)
    with transaction.atomic():
        if name:
            constituency.name = name
        constituency.seats = seats
        constituency.save()
        audit_record(
            actor=actor,
            action="accord.constituency.update",
            target=constituency,
            group_id=constituency.group_id,
        )
    return constituency


def member_create(
    *,
    actor: Any,
    group: WorkingGroup,
    constituency: Constituency,
    name: str,
    kind: str,
    iso3: str = "",
    status: str = Member.Status.MEMBER,
    aliases: list[str] | None = None,
) -> Member:
    require(actor, "group.manage_members", group)
    if constituency.group_id != group.pk:
        raise ValidationFailed(
            "That constituency belongs to another group.", fields={"constituency": "invalid"}
        )
    iso3 = iso3.strip().upper()
    if kind == Member.Kind.STATE and not (len(iso3) == 3 and iso3.isalpha()):
        raise ValidationFailed(
            "A State member needs its ISO 3166 alpha-3 code (e.g. BRA).", fields={"iso3": "invalid"}
        )
    if kind == Member.Kind.ORGANISATION:
        iso3 = ""
    if kind not in Member.Kind.values:
        raise ValidationFailed(f"Unknown member kind '{kind}'.", fields={"kind": "invalid"})
    slug = (iso3.lower() if iso3 else slugify(name))[:80]
    with transaction.atomic():
        if group.members.filter(slug=slug).exists() or (
            iso3 and group.members.filter(iso3=iso3).exists()
        ):
            raise Conflict(f"'{name}' is already a member of this group.")
        try:
            with transaction.atomic():
                member = Member.objects.create(
                    group=group,
                    constituency=constituency,
                    name=name.strip(),
                    kind=kind,
                    iso3=iso3,
                    slug=slug,
                    status=status,
                    aliases=aliases or [],
                )
        except IntegrityError as exc:
            raise Conflict(f"'{name}' is already a member of this group.") from exc
        audit_record(actor=actor, action="accord.member.create", target=member, group_id=group.pk)
    return member


def role_assign(
    *, actor: Any, group: WorkingGroup, user: User, kind: str, member: Member | None = None
) -> Role:
    require(actor, "group.manage_members", group)
    if kind not in Role.Kind.values:
        raise ValidationFailed(f"Unknown role '{kind}'.", fields={"kind": "invalid"})
    if kind == Role.Kind.DELEGATE and member is None:
        raise ValidationFailed(
            "A delegate acts for a member: choose one.", fields={"member": "required"}
        )
    if member is not None and member.group_id != group.pk:
        raise ValidationFailed(
            "That member belongs to another group.", fields={"member": "invalid"}
        )
    with transaction.atomic():
        role, created = Role.objects.get_or_create(
            group=group, user=user, kind=kind, defaults={"member": member}
        )
        if not created and role.member_id != (member.pk if member else None):
            raise Conflict(f"{user} already has the role {role.get_kind_display()} in this group.")
        if created:
            audit_record(
                actor=actor,
                action="accord.role.assign",
                target=role,
                group_id=group.pk,
                data={"user": user.pk, "kind": kind, "member": member.pk if member else None},
            )
    forget_roles(user)
    return role


def role_revoke(*, actor: Any, role: Role) -> None:
    require(actor, "group.manage_members", role.group)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="accord.role.revoke",
            target=role,
            group_id=role.group_id,
            data={"user": role.user_id, "kind": role.kind},
        )
        role.delete()
    forget_roles(role.user)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(
    *,
    actor: Any,
    group: WorkingGroup,
    email: str,
    kind: str,
    member: Member | None = None,
    accept_url_base: str = "",
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link after commit; returns it with its one-time token."""
    require(actor, "group.invite", group)
    email = email.strip().lower()
    if "@" not in email:
        raise ValidationFailed("Enter a valid e-mail address.", fields={"email": "invalid"})
    if kind not in Role.Kind.values:
        raise ValidationFailed(f"Unknown role '{kind}'.", fields={"kind": "invalid"})
    if kind == Role.Kind.DELEGATE and member is None:
        raise ValidationFailed(
            "A delegate acts for a member: choose one.", fields={"member": "required"}
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            group=group,
            email=email,
            kind=kind,
            member=member,
            token_hash=_token_hash(token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.ACCORD_INVITATION_DAYS),
        )
        audit_record(
            actor=actor,
            action="accord.invitation.create",
            target=invitation,
            group_id=group.pk,
            data={"email": email, "kind": kind},
        )
        link = f"{accept_url_base}/accounts/invitation/{token}/"
        acting_for = f" for {member.name}" if member else ""
        transaction.on_commit(
            lambda: send_mail(
                subject=f"Invitation to {group.name}",
                message=(
                    f"You are invited to take part in {group.name} as "
                    f"{Role.Kind(kind).label.lower()}{acting_for}.\n\nAccept here: {link}\n\n"
                    f"The link works once and expires in {settings.ACCORD_INVITATION_DAYS} days."
                ),
                from_email=None,
                recipient_list=[email],
            )
        )
    return invitation, token


def invitation_accept(
    *,
    token: str,
    user: User | None = None,
    username: str = "",
    password: str = "",
    display_name: str = "",
) -> Role:
    """Accept by token: links the role to ``user`` or to a new account made with ``password``."""
    from accord.accounts.services import user_create

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("group", "member")
            .filter(token_hash=_token_hash(token))
            .first()
        )
        if invitation is None:
            raise NotFound("This invitation link is not valid.")
        if invitation.accepted_at is not None:
            raise Gone("This invitation has already been used.")
        if invitation.expires_at < timezone.now():
            raise Gone("This invitation has expired; ask the secretariat for a new one.")
        if user is None:
            existing = User.objects.filter(email__iexact=invitation.email).first()
            if existing is not None:
                raise Conflict(
                    "An account with this e-mail exists: log in first, then open the link again."
                )
            if len(password) < 8:
                raise ValidationFailed(
                    "Choose a password of at least 8 characters.", fields={"password": "too_short"}
                )
            user = user_create(
                username=username or invitation.email,
                email=invitation.email,
                password=password,
                display_name=display_name,
            )
        role, _ = Role.objects.get_or_create(
            group=invitation.group,
            user=user,
            kind=invitation.kind,
            defaults={"member": invitation.member},
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit_record(
            actor=user,
            action="accord.invitation.accept",
            target=invitation,
            group_id=invitation.group_id,
        )
    forget_roles(user)
    return role
