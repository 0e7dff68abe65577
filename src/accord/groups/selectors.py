"""Reads about groups, members and roles."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from accord.common.errors import NotFound

from .models import Constituency, Member, Role, WorkingGroup
from .permissions import can


def group_get(*, slug: str) -> WorkingGroup:
    group = WorkingGroup.objects.filter(slug=slug).first()
    if group is None:
        raise NotFound("No such working group.")
    return group


def group_get_for_viewer(*, slug: str, viewer: Any) -> WorkingGroup:
    """The group, if it is published or the viewer has a role in it."""
    group = group_get(slug=slug)
    if not group.is_published and not can(viewer, "group.view_restricted", group):
        raise NotFound("No such working group.")
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
        raise NotFound("No such member.")
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
