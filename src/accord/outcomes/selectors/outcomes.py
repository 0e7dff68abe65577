"""Reads of outcomes: the public sees an outcome once issued; members see drafts too."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from accord.common.errors import NotFound
from accord.groups.models import WorkingGroup
from accord.groups.permissions import can

from ..models import Annex, AnnexPoint, Outcome


def drafts_visible(viewer: Any, group: WorkingGroup) -> bool:
    return can(viewer, "outcomes.view", group)


def _outcomes(group: WorkingGroup) -> QuerySet[Outcome]:
    return Outcome.objects.filter(group=group).select_related(
        "adopted_version", "adopted_version__report", "call", "call__version", "silence"
    )


def outcome_list_for_viewer(*, group: WorkingGroup, viewer: Any) -> list[Outcome]:
    rows = _outcomes(group)
    if not drafts_visible(viewer, group):
        rows = rows.filter(status=Outcome.Status.ISSUED)
    return list(rows.order_by("-issued_at", "-created_at", "-id"))


def outcome_get_for_viewer(*, group: WorkingGroup, pk: int, viewer: Any) -> Outcome:
    """The outcome, or the same NotFound whether it is missing or a draft hidden from the viewer."""
    outcome = (
        _outcomes(group)
        .prefetch_related(
            "paragraphs",
            Prefetch(
                "annexes",
                queryset=Annex.objects.prefetch_related(
                    Prefetch(
                        "points",
                        queryset=AnnexPoint.objects.prefetch_related(
                            "members", "negotiating_groups"
                        ),
                    )
                ).select_related("proposal"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if outcome is None or not (outcome.is_issued or drafts_visible(viewer, group)):
        raise NotFound(_("No such outcome."))
    return outcome


def points_by_side(annex: Annex) -> dict[str, list[AnnexPoint]]:
    sides: dict[str, list[AnnexPoint]] = {AnnexPoint.Side.FOR: [], AnnexPoint.Side.AGAINST: []}
    for point in annex.points.all():
        sides[point.side].append(point)
    return sides
