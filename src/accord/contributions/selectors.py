"""Reads about calls and contributions; what a viewer may see decides what comes back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.errors import NotFound, PermissionDenied
from accord.groups.models import WorkingGroup
from accord.groups.permissions import can, require

from .models import Attachment, Call, Contribution
from .permissions import MODERATE
from .rules import GENERAL_PUBLIC_NAME, GENERAL_PUBLIC_SLUG, submitting_member

Status = Contribution.Status


def is_member_viewer(viewer: Any, group: WorkingGroup) -> bool:
    """Anyone with a role in the group reads unpublished material."""
    return can(viewer, "group.view_restricted", group)


def call_state(call: Call, now: datetime | None = None) -> str:
    """'upcoming', 'open' or 'closed' (closed calls may still take late contributions)."""
    now = now or timezone.now()
    if now < call.opens_at:
        return "upcoming"
    return "open" if now <= call.closes_at else "closed"


def call_list(*, group: WorkingGroup) -> QuerySet[Call]:
    return group.calls.prefetch_related("questions").order_by("-opens_at", "-id")


def call_get(*, group: WorkingGroup, pk: int) -> Call:
    call = group.calls.prefetch_related("questions").filter(pk=pk).first()
    if call is None:
        raise NotFound(_("No such call for contributions."))
    return call


def constituency_options(*, group: WorkingGroup) -> list[tuple[str, str]]:
    """(slug, name) of the group's constituencies plus 'Other / general public'."""
    options = [(c.slug, c.name) for c in group.constituencies.order_by("order", "name")]
    return [*options, (GENERAL_PUBLIC_SLUG, GENERAL_PUBLIC_NAME)]


def _base(group: WorkingGroup) -> QuerySet[Contribution]:
    return Contribution.objects.filter(call__group=group).select_related(
        "call", "member__constituency", "public_constituency"
    )


def contribution_list_for_viewer(
    *,
    viewer: Any,
    group: WorkingGroup,
    constituency: str = "",
    question: int | None = None,
    status: str = "",
    call: Call | None = None,
) -> QuerySet[Contribution]:
    """Published contributions; members may ask for another ``status`` or 'all'.

    ``constituency`` is a constituency slug, or 'general-public' for the public who chose no
    constituency; ``question`` a question number (contributions that answer it).
    """
    contributions = _base(group)
    if call is not None:
        contributions = contributions.filter(call=call)
    if not is_member_viewer(viewer, group) or not status:
        contributions = contributions.filter(status=Status.PUBLISHED)
    elif status != "all":
        contributions = contributions.filter(status=status)
    if constituency == GENERAL_PUBLIC_SLUG:
        contributions = contributions.filter(member__isnull=True, public_constituency__isnull=True)
    elif constituency:
        contributions = contributions.filter(
            Q(member__constituency__slug=constituency)
            | Q(member__isnull=True, public_constituency__slug=constituency)
        )
    if question is not None:
        contributions = contributions.filter(answers__question__number=question).distinct()
    return contributions.order_by("-submitted_at", "-id")


@dataclass(frozen=True)
class ConstituencyCount:
    slug: str
    name: str
    count: int
    percent: int  # of the largest count, for the bar's width


def constituency_counts(
    contributions: QuerySet[Contribution], *, group: WorkingGroup
) -> list[ConstituencyCount]:
    """How many of ``contributions`` come from each constituency (all shown, zero included)."""
    counts: dict[str, int] = {}
    rows = contributions.values_list(
        "pk", "member_id", "member__constituency__slug", "public_constituency__slug"
    )
    for _pk, member_id, member_slug, public_slug in rows:
        slug = member_slug if member_id else (public_slug or GENERAL_PUBLIC_SLUG)
        counts[slug] = counts.get(slug, 0) + 1
    top = max(counts.values(), default=0)
    return [
        ConstituencyCount(
            slug=slug,
            name=name,
            count=counts.get(slug, 0),
            percent=round(100 * counts.get(slug, 0) / top) if top else 0,
        )
        for slug, name in constituency_options(group=group)
    ]


def contribution_get_for_viewer(*, viewer: Any, group: WorkingGroup, pk: int) -> Contribution:
    """A contribution; unpublished ones only for members — the same NotFound otherwise."""
    contribution = (
        _base(group).prefetch_related("answers__question", "attachments").filter(pk=pk).first()
    )
    if contribution is None or (
        contribution.status != Status.PUBLISHED and not is_member_viewer(viewer, group)
    ):
        raise NotFound(_("No such contribution."))
    return contribution


def attachment_get_for_viewer(
    *, viewer: Any, group: WorkingGroup, contribution_pk: int, pk: int
) -> Attachment:
    contribution = contribution_get_for_viewer(viewer=viewer, group=group, pk=contribution_pk)
    attachment = contribution.attachments.filter(pk=pk).first()
    if attachment is None:
        raise NotFound(_("No such attachment."))
    return attachment


def moderation_queue(*, viewer: Any, group: WorkingGroup) -> QuerySet[Contribution]:
    """Submitted contributions waiting for the secretariat, oldest first."""
    require(viewer, MODERATE, group)
    return (
        _base(group)
        .filter(status=Status.SUBMITTED)
        .prefetch_related("answers__question", "attachments")
        .order_by("submitted_at", "id")
    )


@dataclass(frozen=True)
class SubmitMode:
    """Which form the call page offers: 'member', 'public' or '' (none), and why not."""

    kind: str
    member_name: str = ""
    as_observer: bool = False
    reason: str = ""


def submit_mode_for_viewer(*, viewer: Any, call: Call) -> SubmitMode:
    group = call.group
    if can(viewer, "contributions.submit", group):
        try:
            member, as_observer = submitting_member(actor=viewer, call=call)
        except PermissionDenied as exc:
            if not call.allow_public:
                return SubmitMode(kind="", reason=exc.message)
        else:
            return SubmitMode(kind="member", member_name=member.name, as_observer=as_observer)
    if call.allow_public:
        return SubmitMode(kind="public")
    return SubmitMode(kind="", reason="This call takes contributions from members only.")
