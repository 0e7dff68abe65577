"""Whether an amendment or bracket action is allowed, asked before doing it.

Each write in ``services.amendments`` and ``services.brackets`` has a check beside it
(``amendment_propose_check`` beside ``amendment_propose`` …), as Wagtail's action objects
separate ``check()`` from ``execute()``: the check raises the error the write would, and
the write calls its check first, so the rule is written once. Screens ask
:func:`verdict` instead of re-deriving the rule: it answers allowed or not, and why.

A screen asks many checks at once (every paragraph, every amendment); a
:class:`Standing` read once (the actor's roles, member and facilitated paragraphs) is
passed to each so that the answers cost no further queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accord.common.errors import ApplicationError, PermissionDenied
from accord.groups.models import Member, WorkingGroup
from accord.groups.permissions import ACTIONS, DELEGATE, FACILITATOR, user_role_kinds
from accord.groups.selectors import member_for_user

from ..models import InformalConsultation, Report


@dataclass(frozen=True)
class Verdict:
    """Allowed, or not and why (``reason`` is the message the write would give)."""

    allowed: bool
    reason: str = ""
    code: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)


def verdict(check: Callable[..., object], /, **kwargs: Any) -> Verdict:
    """Run ``check(**kwargs)``: :data:`ALLOWED`, or the refusal it raises as a verdict."""
    try:
        check(**kwargs)
    except ApplicationError as exc:
        return Verdict(False, exc.message, exc.code)
    return ALLOWED


@dataclass(frozen=True)
class Standing:
    """Who the actor is in a working group, for the checks.

    ``member``: the member a delegate acts for (observers' members do not count);
    ``facilitated``: ids of the paragraphs of the open consultations they facilitate.
    """

    kinds: frozenset[str]
    member: Member | None
    superuser: bool
    facilitated: frozenset[int]

    def can(self, action: str) -> bool:
        return self.superuser or bool(self.kinds & ACTIONS[action])

    def require(self, action: str) -> None:
        if not self.can(action):
            raise PermissionDenied(_("You do not have permission to do this in this group."))


def standing_of(actor: Any, group: WorkingGroup, report: Report | None = None) -> Standing:
    """Read the actor's standing in ``group`` (at most three queries; facilitated
    paragraphs only of ``report``, and only for a facilitator)."""
    kinds = frozenset(user_role_kinds(actor, group))
    member = member_for_user(user=actor, group=group) if DELEGATE in kinds else None
    facilitated: frozenset[int] = frozenset()
    if report is not None and FACILITATOR in kinds:
        ids = InformalConsultation.objects.filter(
            report=report, facilitator=actor, is_open=True
        ).values_list("paragraphs__id", flat=True)
        facilitated = frozenset(pid for pid in ids if pid is not None)
    return Standing(kinds, member, bool(getattr(actor, "is_superuser", False)), facilitated)
