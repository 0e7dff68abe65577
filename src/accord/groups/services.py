"""Writes that establish a group: the group, constituencies, members, roles, invitations."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accord.accounts.models import User
from accord.common.audit import audit_record
from accord.common.errors import Conflict, Gone, NotFound, PermissionDenied, ValidationFailed

from .models import (
    Constituency,
    Invitation,
    Member,
    NegotiatingGroup,
    NegotiatingGroupMembership,
    Role,
    WorkingGroup,
)
from .permissions import CREATE_GROUP_REFUSED, can_create_group, forget_roles, require

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
    if not can_create_group(actor):
        raise PermissionDenied(str(CREATE_GROUP_REFUSED))
    if not name.strip():
        raise ValidationFailed(_("A group needs a name."), fields={"name": "required"})
    if decision_rule not in WorkingGroup.DecisionRule.values:
        raise ValidationFailed(
            _("Unknown decision rule '%(rule)s'.") % {"rule": decision_rule},
            fields={"decision_rule": "invalid"},
        )
    if start_date and end_date and end_date < start_date:
        raise ValidationFailed(
            _("The group cannot end before it starts."), fields={"end_date": "invalid"}
        )
    slug = slugify(slug or short_name or name)[:80]
    if not slug:
        raise ValidationFailed(
            _("Choose an address for the group: letters, digits and hyphens."),
            fields={"slug": "required"},
        )
    duplicate = _("A group with the address '%(slug)s' already exists.") % {"slug": slug}
    with transaction.atomic():
        if WorkingGroup.objects.filter(slug=slug).exists():
            raise Conflict(duplicate)
        try:
            with transaction.atomic():  # two creators racing for one address: one wins
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
        except IntegrityError as exc:
            raise Conflict(duplicate) from exc
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
        raise ValidationFailed(_("Cannot change: %(join)s.") % {"join": ", ".join(sorted(unknown))})
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
            raise Conflict(_("The constituency '%(name)s' already exists.") % {"name": name})
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
            _("That constituency belongs to another group."), fields={"constituency": "invalid"}
        )
    iso3 = iso3.strip().upper()
    if kind == Member.Kind.STATE and not (len(iso3) == 3 and iso3.isalpha()):
        raise ValidationFailed(
            _("A State member needs its ISO 3166 alpha-3 code (e.g. BRA)."),
            fields={"iso3": "invalid"},
        )
    if kind == Member.Kind.ORGANISATION:
        iso3 = ""
    if kind not in Member.Kind.values:
        raise ValidationFailed(
            _("Unknown member kind '%(kind)s'.") % {"kind": kind}, fields={"kind": "invalid"}
        )
    slug = (iso3.lower() if iso3 else slugify(name))[:80]
    with transaction.atomic():
        if group.members.filter(slug=slug).exists() or (
            iso3 and group.members.filter(iso3=iso3).exists()
        ):
            raise Conflict(_("'%(name)s' is already a member of this group.") % {"name": name})
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
            raise Conflict(
                _("'%(name)s' is already a member of this group.") % {"name": name}
            ) from exc
        audit_record(actor=actor, action="accord.member.create", target=member, group_id=group.pk)
    return member


def role_assign(
    *, actor: Any, group: WorkingGroup, user: User, kind: str, member: Member | None = None
) -> Role:
    require(actor, "group.manage_members", group)
    if kind not in Role.Kind.values:
        raise ValidationFailed(
            _("Unknown role '%(kind)s'.") % {"kind": kind}, fields={"kind": "invalid"}
        )
    if kind == Role.Kind.DELEGATE and member is None:
        raise ValidationFailed(
            _("A delegate acts for a member: choose one."), fields={"member": "required"}
        )
    if member is not None and member.group_id != group.pk:
        raise ValidationFailed(
            _("That member belongs to another group."), fields={"member": "invalid"}
        )
    with transaction.atomic():
        role, created = Role.objects.get_or_create(
            group=group, user=user, kind=kind, defaults={"member": member}
        )
        if not created and role.member_id != (member.pk if member else None):
            raise Conflict(
                _("%(user)s already has the role %(get_kind_display)s in this group.")
                % {"user": user, "get_kind_display": role.get_kind_display()}
            )
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
        raise ValidationFailed(_("Enter a valid e-mail address."), fields={"email": "invalid"})
    if kind not in Role.Kind.values:
        raise ValidationFailed(
            _("Unknown role '%(kind)s'.") % {"kind": kind}, fields={"kind": "invalid"}
        )
    if kind == Role.Kind.DELEGATE and member is None:
        raise ValidationFailed(
            _("A delegate acts for a member: choose one."), fields={"member": "required"}
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
        names = {
            "group": group.name,
            "role": str(Role.Kind(kind).label).lower(),
            "member": member.name if member else "",
            "link": link,
            "days": settings.ACCORD_INVITATION_DAYS,
        }
        invited = (
            _("You are invited to take part in %(group)s as %(role)s for %(member)s.")
            if member
            else _("You are invited to take part in %(group)s as %(role)s.")
        ) % names
        body = "\n\n".join(
            [
                invited,
                _("Accept here: %(link)s") % names,
                _("The link works once and expires in %(days)s days.") % names,
            ]
        )
        transaction.on_commit(
            lambda: send_mail(
                subject=_("Invitation to %(group)s") % names,
                message=body,
                from_email=None,
                recipient_list=[email],
            )
        )
    return invitation, token


def _invitation_open(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("group", "member")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if invitation is None:
        raise NotFound(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise Gone(_("This invitation has already been used."))
    if invitation.expires_at < timezone.now():
        raise Gone(_("This invitation has expired; ask the secretariat for a new one."))
    return invitation


def _require_invited(invitation: Invitation, user: User) -> None:
    """Only the account the invitation was sent to takes it: anyone else who has the link
    (forwarded, shoulder-surfed, a shared computer) would burn it and take the role."""
    if user.email.strip().lower() != invitation.email.strip().lower():
        raise PermissionDenied(
            _(
                "This invitation was sent to another e-mail address than your account's "
                "(%(email)s). Log out and open the link again, or log in with the account of "
                "the invited address."
            )
            % {"email": user.email}
        )


def invitation_check(*, token: str, user: User) -> Invitation:
    """What accepting would say for ``user``, without accepting: the invitation, or the error."""
    with transaction.atomic():
        invitation = _invitation_open(token)
        _require_invited(invitation, user)
    return invitation


def invitation_accept(
    *,
    token: str,
    user: User | None = None,
    username: str = "",
    password: str = "",
    display_name: str = "",
) -> Role:
    """Accept by token: links the role to ``user`` (the account the invitation was sent to)
    or to a new account made with ``password`` for the invited address."""
    from accord.accounts.services import user_create

    with transaction.atomic():
        invitation = _invitation_open(token)
        if user is not None:
            _require_invited(invitation, user)
        else:
            existing = User.objects.filter(email__iexact=invitation.email).first()
            if existing is not None:
                raise Conflict(
                    _("An account with this e-mail exists: log in first, then open the link again.")
                )
            if len(password) < 8:
                raise ValidationFailed(
                    _("Choose a password of at least 8 characters."),
                    fields={"password": "too_short"},
                )
            user = user_create(
                username=username or invitation.email,
                email=invitation.email,
                password=password,
                display_name=display_name,
            )
        role, _created = Role.objects.get_or_create(
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


# ---- negotiating groups (blocs) -----------------------------------------------------------------

NEGOTIATING_GROUP_NAME_MAX = 200
NEGOTIATING_GROUP_SHORT_NAME_MAX = 40


def _negotiating_group_member(group: WorkingGroup, member: Member) -> Member:
    """A full member of ``group``: observers take no positions, so no group speaks for them."""
    if member.group_id != group.pk:
        raise ValidationFailed(
            _("%(member)s is not a member of this working group.") % {"member": member.name},
            fields={"members": _("Choose members of this working group.")},
        )
    if member.status != Member.Status.MEMBER:
        raise ValidationFailed(
            _(
                "%(member)s is an observer: observers do not take positions, so they cannot "
                "belong to a negotiating group."
            )
            % {"member": member.name},
            fields={"members": _("Observers cannot belong to a negotiating group.")},
        )
    return member


def _negotiating_group_names(name: str, short_name: str, slug: str) -> tuple[str, str, str]:
    name, short_name = name.strip(), short_name.strip()
    if not name:
        raise ValidationFailed(
            _("A negotiating group needs a name."), fields={"name": _("Required.")}
        )
    if len(name) > NEGOTIATING_GROUP_NAME_MAX:
        raise ValidationFailed(
            _("The name is too long (at most %(n)d characters).")
            % {"n": NEGOTIATING_GROUP_NAME_MAX},
            fields={"name": _("Too long.")},
        )
    if len(short_name) > NEGOTIATING_GROUP_SHORT_NAME_MAX:
        raise ValidationFailed(
            _("The short name is too long (at most %(n)d characters).")
            % {"n": NEGOTIATING_GROUP_SHORT_NAME_MAX},
            fields={"short_name": _("Too long.")},
        )
    slug = slugify(slug or short_name or name)[:80]
    if not slug:
        raise ValidationFailed(
            _("Give the negotiating group an address (letters or digits)."),
            fields={"slug": _("Required.")},
        )
    return name, short_name, slug


def _aliases(aliases: Iterable[str] | None) -> list[str]:
    out: list[str] = []
    for alias in aliases or ():
        alias = " ".join(str(alias).split())[:200]
        if alias and alias.casefold() not in {a.casefold() for a in out}:
            out.append(alias)
    return out


def _slug_taken(group: WorkingGroup, slug: str, *, exclude: int | None = None) -> None:
    others = NegotiatingGroup.objects.filter(group=group, slug=slug)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise Conflict(
            _("A negotiating group with the address '%(slug)s' already exists.") % {"slug": slug}
        )


def negotiating_group_create(
    *,
    actor: Any,
    group: WorkingGroup,
    name: str,
    short_name: str = "",
    slug: str = "",
    aliases: Iterable[str] | None = None,
    members: Iterable[Member] = (),
    coordinator: Member | None = None,
) -> NegotiatingGroup:
    """Define a bloc ("G77 and China") and its members; the coordinator must be one of them.

    Every member is checked before anything is written: a member listed twice, a member of
    another working group or an observer refuses the whole call.
    """
    require(actor, "group.manage_negotiating_groups", group)
    name, short_name, slug = _negotiating_group_names(name, short_name, slug)
    chosen: list[Member] = []
    seen: set[int] = set()
    for member in members:
        _negotiating_group_member(group, member)
        if member.pk in seen:
            raise ValidationFailed(
                _("%(member)s is listed twice.") % {"member": member.name},
                fields={"members": _("List each member once.")},
            )
        seen.add(member.pk)
        chosen.append(member)
    if coordinator is not None and coordinator.pk not in seen:
        raise ValidationFailed(
            _("The coordinator, %(member)s, must be one of the group's members.")
            % {"member": coordinator.name},
            fields={"coordinator": _("Choose one of the group's members.")},
        )
    with transaction.atomic():
        _slug_taken(group, slug)
        try:
            with transaction.atomic():
                negotiating_group = NegotiatingGroup.objects.create(
                    group=group,
                    name=name,
                    short_name=short_name,
                    slug=slug,
                    aliases=_aliases(aliases),
                    coordinator=coordinator,
                )
        except IntegrityError as exc:  # a concurrent create with the same address
            raise Conflict(
                _("A negotiating group with the address '%(slug)s' already exists.")
                % {"slug": slug}
            ) from exc
        NegotiatingGroupMembership.objects.bulk_create(
            [
                NegotiatingGroupMembership(negotiating_group=negotiating_group, member=m)
                for m in chosen
            ]
        )
        audit_record(
            actor=actor,
            action="accord.negotiating_group.create",
            target=negotiating_group,
            group_id=group.pk,
            data={
                "slug": slug,
                "name": name,
                "members": sorted(m.slug for m in chosen),
                "coordinator": coordinator.slug if coordinator else None,
            },
        )
    return negotiating_group


_KEEP: Any = object()


def negotiating_group_update(
    *,
    actor: Any,
    negotiating_group: NegotiatingGroup,
    name: str | None = None,
    short_name: str | None = None,
    slug: str | None = None,
    aliases: Iterable[str] | None = None,
    coordinator: Member | None = _KEEP,
) -> NegotiatingGroup:
    """Change names, address, aliases or coordinator (``coordinator=None`` clears it)."""
    group = negotiating_group.group
    require(actor, "group.manage_negotiating_groups", group)
    new_name, new_short, new_slug = _negotiating_group_names(
        negotiating_group.name if name is None else name,
        negotiating_group.short_name if short_name is None else short_name,
        negotiating_group.slug if slug is None else slug,
    )
    with transaction.atomic():
        current = NegotiatingGroup.objects.select_for_update().get(pk=negotiating_group.pk)
        if (
            coordinator is not _KEEP
            and coordinator is not None
            and not current.memberships.filter(member=coordinator).exists()
        ):
            raise ValidationFailed(
                _("The coordinator, %(member)s, must be one of the group's members.")
                % {"member": coordinator.name},
                fields={"coordinator": _("Choose one of the group's members.")},
            )
        _slug_taken(group, new_slug, exclude=current.pk)
        changed: list[str] = []
        for field, value in (("name", new_name), ("short_name", new_short), ("slug", new_slug)):
            if getattr(current, field) != value:
                setattr(current, field, value)
                changed.append(field)
        if aliases is not None and _aliases(aliases) != current.aliases:
            current.aliases = _aliases(aliases)
            changed.append("aliases")
        if coordinator is not _KEEP and current.coordinator_id != (
            coordinator.pk if coordinator else None
        ):
            current.coordinator = coordinator
            changed.append("coordinator")
        if changed:
            current.save(update_fields=changed)
        audit_record(
            actor=actor,
            action="accord.negotiating_group.update",
            target=current,
            group_id=group.pk,
            data={"fields": sorted(changed)},
        )
    return current


def negotiating_group_add_member(
    *, actor: Any, negotiating_group: NegotiatingGroup, member: Member
) -> NegotiatingGroupMembership:
    group = negotiating_group.group
    require(actor, "group.manage_negotiating_groups", group)
    _negotiating_group_member(group, member)
    label = str(negotiating_group)
    with transaction.atomic():
        if negotiating_group.memberships.filter(member=member).exists():
            raise Conflict(
                _("%(member)s is already in %(group)s.") % {"member": member.name, "group": label}
            )
        try:
            with transaction.atomic():
                membership = NegotiatingGroupMembership.objects.create(
                    negotiating_group=negotiating_group, member=member
                )
        except IntegrityError as exc:  # added concurrently
            raise Conflict(
                _("%(member)s is already in %(group)s.") % {"member": member.name, "group": label}
            ) from exc
        audit_record(
            actor=actor,
            action="accord.negotiating_group.add_member",
            target=negotiating_group,
            group_id=group.pk,
            data={"member": member.slug},
        )
    return membership


def negotiating_group_remove_member(
    *, actor: Any, negotiating_group: NegotiatingGroup, member: Member
) -> None:
    """Take a member out of the bloc: the group's statements no longer count for it (its own
    positions are untouched). A coordinator who leaves is no longer the coordinator."""
    group = negotiating_group.group
    require(actor, "group.manage_negotiating_groups", group)
    with transaction.atomic():
        deleted, _n = NegotiatingGroupMembership.objects.filter(
            negotiating_group=negotiating_group, member=member
        ).delete()
        if not deleted:
            raise NotFound(
                _("%(member)s is not in %(group)s.")
                % {"member": member.name, "group": str(negotiating_group)}
            )
        if negotiating_group.coordinator_id == member.pk:
            NegotiatingGroup.objects.filter(pk=negotiating_group.pk).update(coordinator=None)
            negotiating_group.coordinator = None
        audit_record(
            actor=actor,
            action="accord.negotiating_group.remove_member",
            target=negotiating_group,
            group_id=group.pk,
            data={"member": member.slug},
        )


def negotiating_group_delete(*, actor: Any, negotiating_group: NegotiatingGroup) -> None:
    """Delete a bloc that has nothing on record. One that has spoken (positions, amendments)
    stays, because the record must keep saying on whose behalf it was said; remove its members
    instead."""
    group = negotiating_group.group
    require(actor, "group.manage_negotiating_groups", group)
    label = str(negotiating_group)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="accord.negotiating_group.delete",
            target=negotiating_group,
            group_id=group.pk,
            data={"slug": negotiating_group.slug, "name": negotiating_group.name},
        )
        try:
            with transaction.atomic():
                negotiating_group.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise Conflict(
                _(
                    "%(group)s has spoken on the record (positions or amendments on its "
                    "behalf), so it cannot be deleted; remove its members instead."
                )
                % {"group": label}
            ) from exc
