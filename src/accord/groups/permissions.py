"""Who may do what in a group: one table of action → roles, read by every app.

Apps above ``groups`` add their own actions to ``ACTIONS`` in their ``permissions.py`` through
``register_actions``; the permission tests walk the whole table.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.common.errors import NotFound, PermissionDenied

from .models import Role, WorkingGroup

SECRETARIAT = Role.Kind.SECRETARIAT
CHAIR = Role.Kind.CHAIR
VICE_CHAIR = Role.Kind.VICE_CHAIR
FACILITATOR = Role.Kind.FACILITATOR
DELEGATE = Role.Kind.DELEGATE
OBSERVER = Role.Kind.OBSERVER

ALL_ROLES = frozenset(Role.Kind.values)
BUREAU = frozenset({SECRETARIAT, CHAIR, VICE_CHAIR})

ACTIONS: dict[str, frozenset[str]] = {
    # Members-only material (closed meetings, unpublished items) is read by everyone with a role.
    "group.view_restricted": ALL_ROLES,
    "group.change": frozenset({SECRETARIAT}),
    "group.manage_members": frozenset({SECRETARIAT}),
    "group.invite": frozenset({SECRETARIAT}),
    # Negotiating groups (blocs) and their members: who may speak for whom is set up by the
    # secretariat, never claimed by a delegation for itself.
    "group.manage_negotiating_groups": frozenset({SECRETARIAT}),
}


def register_actions(actions: dict[str, frozenset[str]]) -> None:
    overlap = set(actions) & set(ACTIONS)
    assert not overlap, f"actions registered twice: {sorted(overlap)}"
    ACTIONS.update(actions)


def user_role_kinds(user: Any, group: WorkingGroup) -> set[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_accord_role_cache", None)
    if cache is None:
        cache = {}
        user._accord_role_cache = cache
    if group.pk not in cache:
        cache[group.pk] = set(
            Role.objects.filter(group=group, user=user).values_list("kind", flat=True)
        )
    return set(cache[group.pk])


def can(user: Any, action: str, group: WorkingGroup) -> bool:
    allowed = ACTIONS[action]
    if user is not None and getattr(user, "is_superuser", False):
        return True
    return bool(user_role_kinds(user, group) & allowed)


def require(user: Any, action: str, group: WorkingGroup, *, hide: bool = False) -> None:
    """Raise PermissionDenied (or NotFound when ``hide``: the object's existence is private)."""
    if can(user, action, group):
        return
    if hide:
        raise NotFound()
    raise PermissionDenied(_("You do not have permission to do this in this group."))


CREATE_GROUP_REFUSED = gettext_lazy("Only platform staff can create working groups.")


def can_create_group(user: Any) -> bool:
    """Working groups are created by platform staff, who become the new group's secretariat.

    Not a group action: no group exists yet, so no role in one can grant it.
    """
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))
    )


def forget_roles(user: Any) -> None:
    """Drop the per-request role cache after the user's roles change."""
    if user is not None and hasattr(user, "_accord_role_cache"):
        del user._accord_role_cache
