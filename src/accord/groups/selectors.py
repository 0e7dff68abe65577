"""Reads about groups, members and roles."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accord.common.errors import NotFound, ValidationFailed

from .models import (
    Constituency,
    Member,
    NegotiatingGroup,
    NegotiatingGroupMembership,
    Role,
    WorkingGroup,
)
from .permissions import can


def group_get(*, slug: str) -> WorkingGroup:
    group = WorkingGroup.objects.filter(slug=slug).first()
    if group is None:
        raise NotFound(_("No such working group."))
    return group


def group_get_for_viewer(*, slug: str, viewer: Any) -> WorkingGroup:
    """The group, if it is published or the viewer has a role in it."""
    group = group_get(slug=slug)
    if not group.is_published and not can(viewer, "group.view_restricted", group):
        raise NotFound(_("No such working group."))
    return group


def group_list_for_viewer(*, viewer: Any) -> QuerySet[WorkingGroup]:
    groups = WorkingGroup.objects.all()
    if getattr(viewer, "is_superuser", False):
        return groups
    if getattr(viewer, "is_authenticated", False):
        return groups.filter(Q(is_published=True) | Q(roles__user=viewer)).distinct()
    return groups.filter(is_published=True)


def group_ids_visible_to(viewer: Any) -> set[int] | None:
    """Groups whose members-only material the viewer may read; ``None`` means all (superuser)."""
    if getattr(viewer, "is_superuser", False):
        return None
    if not getattr(viewer, "is_authenticated", False):
        return set()
    return set(Role.objects.filter(user=viewer).values_list("group_id", flat=True))


def constituency_list(*, group: WorkingGroup) -> QuerySet[Constituency]:
    """Constituencies with ``member_count`` (full members) and ``observer_count``."""
    return group.constituencies.annotate(
        member_count=Count("members", filter=Q(members__status=Member.Status.MEMBER)),
        observer_count=Count("members", filter=Q(members__status=Member.Status.OBSERVER)),
    ).order_by("order", "name")


def members_by_constituency(*, group: WorkingGroup) -> list[tuple[Constituency, list[Member]]]:
    constituencies = group.constituencies.prefetch_related(
        Prefetch("members", queryset=Member.objects.order_by("status", "name"))
    ).order_by("order")
    return [(c, list(c.members.all())) for c in constituencies]


def member_list(*, group: WorkingGroup) -> QuerySet[Member]:
    return group.members.select_related("constituency").order_by("name")


def member_get(*, group: WorkingGroup, slug: str) -> Member:
    member = group.members.select_related("constituency").filter(slug=slug).first()
    if member is None:
        raise NotFound(_("No such member."))
    return member


def member_for_user(*, user: Any, group: WorkingGroup) -> Member | None:
    """The member a delegate (or an observer delegation) acts for, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    role = (
        Role.objects.filter(group=group, user=user, member__isnull=False)
        .select_related("member")
        .order_by("id")
        .first()
    )
    return role.member if role else None


def roles_for_group(*, group: WorkingGroup) -> QuerySet[Role]:
    return group.roles.select_related("user", "member").order_by("kind", "user__username")


# ---- negotiating groups (blocs) -----------------------------------------------------------------


def negotiating_group_list(*, group: WorkingGroup) -> list[NegotiatingGroup]:
    """The working group's blocs by name, each with ``members`` prefetched (by name) and its
    coordinator: two queries however many groups and members."""
    return list(
        NegotiatingGroup.objects.filter(group=group)
        .select_related("coordinator")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Member.objects.select_related("constituency").order_by("name"),
            )
        )
        .order_by("name")
    )


def negotiating_group_get(*, group: WorkingGroup, slug: str) -> NegotiatingGroup:
    found = (
        NegotiatingGroup.objects.filter(group=group, slug=slug)
        .select_related("group", "coordinator")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Member.objects.select_related("constituency").order_by("name"),
            )
        )
        .first()
    )
    if found is None:
        raise NotFound(_("No such negotiating group."))
    return found


def speaking_for(*, group: WorkingGroup, slug: str | None) -> NegotiatingGroup | None:
    """The bloc a request says it speaks for (``on_behalf_of``): none when no slug is given;
    a slug that names no bloc of ``group`` is a 400 on that field."""
    if not slug:
        return None
    found = NegotiatingGroup.objects.filter(group=group, slug=slug).first()
    if found is None:
        raise ValidationFailed(
            _("There is no negotiating group “%(slug)s” in this group.") % {"slug": slug[:80]},
            fields={"on_behalf_of": _("Use a negotiating group of this group.")},
        )
    return found


def negotiating_groups_of_member(*, member: Member) -> list[NegotiatingGroup]:
    """The blocs ``member`` belongs to (those it may speak for), by name."""
    return list(
        NegotiatingGroup.objects.filter(group_id=member.group_id, memberships__member=member)
        .select_related("group")
        .order_by("name")
    )


def member_may_speak_for(member: Member, negotiating_group: NegotiatingGroup) -> bool:
    """A full member of the same working group that belongs to the bloc may speak on its behalf."""
    return (
        member.status == Member.Status.MEMBER
        and member.group_id == negotiating_group.group_id
        and NegotiatingGroupMembership.objects.filter(
            negotiating_group=negotiating_group, member=member
        ).exists()
    )


def negotiating_group_memberships(*, group_id: int) -> dict[int, list[int]]:
    """Bloc id → ids of its full members (observers never count): the ``memberships`` argument of
    ``positions.blocs.effective_positions``. One query."""
    out: dict[int, list[int]] = defaultdict(list)
    for group_pk, member_pk in (
        NegotiatingGroupMembership.objects.filter(
            negotiating_group__group_id=group_id, member__status=Member.Status.MEMBER
        )
        .order_by("member__name")
        .values_list("negotiating_group_id", "member_id")
    ):
        out[group_pk].append(member_pk)
    return dict(out)


def negotiating_groups_by_member(*, group: WorkingGroup) -> dict[int, list[NegotiatingGroup]]:
    """Member id → the blocs it belongs to, by name (for a members page: "Egypt — G77 and
    China, Arab Group"). Two queries for the whole working group."""
    out: dict[int, list[NegotiatingGroup]] = defaultdict(list)
    for negotiating_group in negotiating_group_list(group=group):
        for member in negotiating_group.members.all():
            out[member.pk].append(negotiating_group)
    return dict(out)


def negotiating_group_full_members(*, group_id: int) -> dict[int, list[Member]]:
    """Bloc id → its full members (with their constituency), by name: what a group statement
    counts for. One query for the whole working group."""
    out: dict[int, list[Member]] = defaultdict(list)
    for membership in (
        NegotiatingGroupMembership.objects.filter(
            negotiating_group__group_id=group_id, member__status=Member.Status.MEMBER
        )
        .select_related("member", "member__constituency")
        .order_by("member__name")
    ):
        out[membership.negotiating_group_id].append(membership.member)
    return dict(out)
