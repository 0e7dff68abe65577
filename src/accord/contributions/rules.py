"""Small rules read by both services and selectors: who submits as what, how authors show."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from accord.common.errors import PermissionDenied
from accord.groups.models import Member
from accord.groups.permissions import DELEGATE, can, user_role_kinds
from accord.groups.selectors import member_for_user

from .models import Call, Contribution
from .permissions import SUBMIT

GENERAL_PUBLIC_SLUG = "general-public"
GENERAL_PUBLIC_NAME = "Other / general public"


def when(moment: datetime) -> str:
    """A deadline as people write it: '30 June 2025, 23:59 UTC'."""
    return dateformat.format(timezone.localtime(moment), "j F Y, H:i T")


def submitting_member(*, actor: Any, call: Call) -> tuple[Member, bool]:
    """The delegation ``actor`` submits for, and whether it submits as an observer.

    An observer is a user with the observer role, or anyone acting for a member whose status
    is observer. Raises PermissionDenied when the actor acts for no member of the group or the
    call does not take contributions from its kind.
    """
    group = call.group
    member = member_for_user(user=actor, group=group)
    if member is None or not can(actor, SUBMIT, group):
        raise PermissionDenied(
            _(
                "Only delegates and observers acting for a delegation of this group can submit "
                "as a delegation."
            )
        )
    as_observer = member.status == Member.Status.OBSERVER or DELEGATE not in user_role_kinds(
        actor, group
    )
    if as_observer and not call.allow_observers:
        raise PermissionDenied(_("This call does not take contributions from observers."))
    if not as_observer and not call.allow_members:
        raise PermissionDenied(_("This call does not take contributions from members."))
    return member, as_observer


def constituency_facet(contribution: Contribution) -> tuple[str, str]:
    """(slug, name) of the author's constituency; self-identified for the public."""
    if contribution.member_id:
        constituency = contribution.member.constituency  # type: ignore[union-attr]
    else:
        constituency = contribution.public_constituency
    if constituency is None:
        return GENERAL_PUBLIC_SLUG, GENERAL_PUBLIC_NAME
    return constituency.slug, constituency.name
