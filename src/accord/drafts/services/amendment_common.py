"""What the amendment and bracket services share: the version's group, issued text, the
paragraph's row, the delegate's member, and optimistic locking of an amendment."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from accord.common.errors import Conflict, NotFound, PermissionDenied
from accord.groups.models import Member, WorkingGroup
from accord.groups.permissions import DELEGATE, user_role_kinds
from accord.groups.selectors import member_for_user

from ..models import Amendment, Paragraph, Version, VersionParagraph
from ..selectors.amendments import version_item
from .checks import Standing, standing_of

MAX_TEXT = 20_000


def group_of(version: Version) -> WorkingGroup:
    return version.report.group


def ensure_issued(version: Version) -> None:
    if version.status != Version.Status.ISSUED:
        raise Conflict(
            _(
                "%(version)s has not been issued; amendments and brackets are made on "
                "circulated text."
            )
            % {"version": version.label},
            code="version_not_issued",
        )


def item_or_404(version: Version, paragraph: Paragraph) -> VersionParagraph:
    item = version_item(version, paragraph)
    if item is None:
        raise NotFound(_("No such paragraph in this version."))
    return item


def acting_member(actor: Any, group: WorkingGroup) -> Member | None:
    """The member a delegate acts for (delegates only: observers' members do not count)."""
    if DELEGATE not in user_role_kinds(actor, group):
        return None
    return member_for_user(user=actor, group=group)


def require_member(actor: Any, group: WorkingGroup, refusal: str) -> Member:
    """The delegate's member, or PermissionDenied with ``refusal`` (a whole sentence)."""
    member = acting_member(actor, group)
    if member is None:
        raise PermissionDenied(refusal)
    return member


def locked_update(amendment: Amendment, expected: int | None, **changes: Any) -> None:
    """Write ``changes`` only if nobody changed the amendment since it was read."""
    seen = amendment.lock_version if expected is None else expected
    count = Amendment.objects.filter(pk=amendment.pk, lock_version=seen).update(
        lock_version=F("lock_version") + 1, **changes
    )
    if count != 1:
        raise Conflict(_("This amendment was changed by someone else; reload."), code="stale")
    amendment.refresh_from_db()


def ensure_proposed(amendment: Amendment) -> None:
    if amendment.status != Amendment.Status.PROPOSED:
        raise Conflict(
            _("This amendment is already %(status)s.")
            % {"status": amendment.get_status_display().lower()},
            code="decided",
        )


def standing_for(actor: Any, amendment: Amendment, standing: Standing | None) -> Standing:
    return standing if standing is not None else standing_of(actor, group_of(amendment.version))
