"""Reads of the follow-up tracker: a group's tracked recommendations, one recommendation's story
(contributions → versions → outcome → progress reports) and the reports for the Atom feed.

Recommendations of an issued outcome are public; those of a draft outcome (which the tracking
service refuses, but a row may exist) are seen only by members, like the draft itself. What a
viewer may not see is the same ``NotFound`` as what does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accord.common.errors import NotFound
from accord.contributions.models import Contribution
from accord.core.textdiff import DiffOp, diff_words
from accord.drafts.models import Paragraph, Version, VersionParagraph
from accord.drafts.selectors.versions import version_visible
from accord.groups.models import WorkingGroup
from accord.groups.permissions import can

from ..models import Outcome, ProgressReport, Recommendation

Status = Recommendation.Status


def may_track(viewer: Any, group: WorkingGroup) -> bool:
    """The secretariat and the chair keep the tracker."""
    return can(viewer, "outcomes.track", group)


def _drafts_visible(viewer: Any, group: WorkingGroup) -> bool:
    return can(viewer, "outcomes.view", group)


def _visible(viewer: Any, group: WorkingGroup) -> QuerySet[Recommendation]:
    rows = Recommendation.objects.filter(group=group).select_related("outcome", "paragraph")
    if not _drafts_visible(viewer, group):
        rows = rows.filter(outcome__status=Outcome.Status.ISSUED)
    return rows


def _sort_key(r: Recommendation) -> tuple[int, str, int, str]:
    """By outcome, then the number in the id (R2 before R10)."""
    tail = r.public_id.rsplit("-R", 1)[-1]
    return (
        (r.outcome_id, "", int(tail), "") if tail.isdigit() else (r.outcome_id, r.public_id, 0, "")
    )


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int
    percent: int  # of all the recommendations shown in the chart


@dataclass
class Tracker:
    recommendations: list[Recommendation]  # after the status filter
    counts: list[StatusCount]  # every status, over all recommendations (the chart)
    total: int
    status: str  # the filter applied ("" for all)


def recommendations_for_viewer(
    *, viewer: Any, group: WorkingGroup, status: str = ""
) -> list[Recommendation]:
    rows = _visible(viewer, group)
    if status:
        rows = rows.filter(status=status)
    return sorted(rows, key=_sort_key)


def tracker_for_viewer(*, viewer: Any, group: WorkingGroup, status: str = "") -> Tracker:
    """The tracker table (filtered by ``status`` when it is a status code) and its chart."""
    status = status if status in Status.values else ""
    every = recommendations_for_viewer(viewer=viewer, group=group)
    total = len(every)
    counts = []
    for code, label in Status.choices:
        n = sum(1 for r in every if r.status == code)
        counts.append(StatusCount(code, str(label), n, round(100 * n / total) if total else 0))
    shown = [r for r in every if r.status == status] if status else every
    return Tracker(shown, counts, total, status)


def recommendation_get_for_viewer(
    *, viewer: Any, group: WorkingGroup, public_id: str
) -> Recommendation:
    """The recommendation, or the same NotFound whether it is missing or hidden."""
    recommendation = _visible(viewer, group).filter(public_id=public_id).first()
    if recommendation is None:
        raise NotFound(_("No such recommendation."))
    return recommendation


def reports_of(recommendation: Recommendation) -> list[ProgressReport]:
    """Its implementation reports, oldest first."""
    return list(recommendation.reports.order_by("reported_on", "id"))


@dataclass(frozen=True)
class VersionStep:
    """The recommendation's text in one issued version of the report."""

    version: Version
    display_number: str
    text: str
    changed: bool  # differs from the previous version shown (the first one counts as new)
    first: bool
    diff: tuple[DiffOp, ...] = ()  # word diff from the previous version when it changed

    @property
    def issued_at(self) -> datetime | None:
        return self.version.issued_at


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "contribution", "version", "outcome", "report"
    when: date | datetime | None
    item: Any


@dataclass
class Story:
    recommendation: Recommendation
    outcome: Outcome
    contributions: list[Contribution] = field(default_factory=list)
    versions: list[VersionStep] = field(default_factory=list)
    reports: list[ProgressReport] = field(default_factory=list)

    @property
    def timeline(self) -> list[TimelineEntry]:
        """Contributions → versions → outcome → progress reports, each part in date order."""
        return [
            *(TimelineEntry("contribution", c.submitted_at, c) for c in self.contributions),
            *(TimelineEntry("version", s.issued_at, s) for s in self.versions),
            TimelineEntry("outcome", self.outcome.issued_at, self.outcome),
            *(TimelineEntry("report", r.reported_on, r) for r in self.reports),
        ]


def _contributions(viewer: Any, recommendation: Recommendation) -> list[Contribution]:
    paragraph = recommendation.paragraph
    if paragraph is None:
        return []
    rows = paragraph.sources.select_related("member__constituency", "public_constituency", "call")
    # Members read unpublished material; the public only what is published.
    if not can(viewer, "group.view_restricted", recommendation.group):
        rows = rows.filter(status=Contribution.Status.PUBLISHED)
    return list(rows.order_by("submitted_at", "id"))


def _versions(viewer: Any, recommendation: Recommendation) -> list[VersionStep]:
    paragraph = recommendation.paragraph
    if paragraph is None:
        return []
    items = (
        VersionParagraph.objects.filter(paragraph=paragraph, version__status=Version.Status.ISSUED)
        .select_related("version__report")
        .order_by("version__number")
    )
    group = recommendation.group
    steps: list[VersionStep] = []
    previous: str | None = None
    for item in items:
        if not version_visible(viewer, item.version, group):
            continue
        changed = previous is None or item.text != previous
        diff = tuple(diff_words(previous, item.text)) if previous is not None and changed else ()
        steps.append(
            VersionStep(
                item.version, item.display_number, item.text, changed, previous is None, diff
            )
        )
        previous = item.text
    return steps


def recommendation_story_for_viewer(*, viewer: Any, group: WorkingGroup, public_id: str) -> Story:
    """Where a recommendation came from and what became of it, as far as the viewer may see."""
    recommendation = recommendation_get_for_viewer(viewer=viewer, group=group, public_id=public_id)
    return Story(
        recommendation=recommendation,
        outcome=recommendation.outcome,
        contributions=_contributions(viewer, recommendation),
        versions=_versions(viewer, recommendation),
        reports=reports_of(recommendation),
    )


def progress_reports_for_feed(
    *, viewer: Any, group: WorkingGroup, limit: int = 100
) -> list[ProgressReport]:
    """The latest reports on recommendations the viewer may see, newest first."""
    rows = ProgressReport.objects.filter(recommendation__group=group).select_related(
        "recommendation"
    )
    if not _drafts_visible(viewer, group):
        rows = rows.filter(recommendation__outcome__status=Outcome.Status.ISSUED)
    return list(rows.order_by("-reported_on", "-id")[:limit])


def source_version(outcome: Outcome) -> Version | None:
    """The version an outcome speaks of: the adopted one, or the one put to the call or under
    silence (a Chair's summary)."""
    if outcome.adopted_version_id:
        return outcome.adopted_version
    if outcome.call_id:
        return outcome.call.version  # type: ignore[union-attr]
    if outcome.silence_id:
        return outcome.silence.version  # type: ignore[union-attr]
    return None


@dataclass(frozen=True)
class Candidate:
    """An operative paragraph a Chair's summary may name for tracking: whether the summary as
    drafted lists it among those with broad support, and its public id once tracked."""

    item: VersionParagraph
    broadly_supported: bool
    tracked_as: str


def summary_candidates(outcome: Outcome) -> list[Candidate]:
    """The operative paragraphs of the text a Chair's summary speaks of."""
    version = source_version(outcome)
    if version is None:
        return []
    # The drafter keys each broadly supported recommendation "broad.<paragraph key>".
    broad = {
        key.removeprefix("broad.")
        for key in outcome.paragraphs.filter(key__startswith="broad.").values_list("key", flat=True)
    }
    tracked = dict(
        Recommendation.objects.filter(outcome=outcome).values_list("paragraph_id", "public_id")
    )
    return [
        Candidate(item, item.paragraph.key in broad, tracked.get(item.paragraph_id, ""))
        for item in version.items.filter(paragraph__kind=Paragraph.Kind.OPERATIVE)
        .select_related("paragraph")
        .order_by("order")
    ]


def trackable_outcomes(*, viewer: Any, group: WorkingGroup) -> list[Outcome]:
    """Issued outcomes whose recommendations may be tracked (for the tracker's keepers)."""
    if not may_track(viewer, group):
        return []
    return list(
        Outcome.objects.filter(group=group, status=Outcome.Status.ISSUED)
        .filter(Q(kind=Outcome.Kind.CONSENSUS_REPORT) | Q(kind=Outcome.Kind.CHAIRS_SUMMARY))
        .select_related("adopted_version", "call__version", "silence__version")
        .order_by("-issued_at", "-id")
    )
