"""Fixtures for the follow-up tests (imported explicitly by the test modules).

A report with a zero draft and Rev.1 (both issued and published; OP2 reworded in Rev.1), two
contributions behind OP1 (one published, one still awaiting moderation), and an issued
consensus report that adopted Rev.1 in 2026. ``issued_outcome`` is built with the ORM: the
issuing service belongs to another part of the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accord.contributions.models import Call, Contribution
from accord.drafts.models import Paragraph, Report, Version, VersionParagraph
from accord.outcomes.models import Outcome

ZERO = {
    "PP1": "Recalling the mandate given to the working group,",
    "OP1": "Recommends that all stakeholders take part fully in the follow-up;",
    "OP2": "Recommends a new intergovernmental mechanism on enhanced cooperation;",
    "OP3": "Invites the secretariat to report annually on progress;",
}
REV1 = {
    **ZERO,
    "OP2": "Recommends a review of existing mechanisms on enhanced cooperation;",
}
ISSUED_AT = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


def make_version(
    report: Report,
    number: int,
    texts: dict[str, str],
    paragraphs: dict[str, Paragraph],
    *,
    issued_at: datetime,
    published: bool = True,
    numbers: dict[str, str] | None = None,
) -> Version:
    """An issued version with the given texts; display numbers "1." … unless ``numbers``."""
    version = Version.objects.create(
        report=report,
        number=number,
        kind=Version.Kind.ZERO_DRAFT if number == 1 else Version.Kind.REVISION,
        label="Zero draft" if number == 1 else f"Rev.{number - 1}",
    )
    for order, (key, text) in enumerate(texts.items(), 1):
        if key not in paragraphs:
            kind = Paragraph.Kind.PREAMBULAR if key.startswith("PP") else Paragraph.Kind.OPERATIVE
            paragraphs[key] = Paragraph.objects.create(
                report=report, key=key, kind=kind, created_in=version
            )
        display = (numbers or {}).get(key, f"{key[2:]}." if key.startswith("OP") else "")
        VersionParagraph.objects.create(
            version=version,
            paragraph=paragraphs[key],
            order=order,
            display_number=display,
            text=text,
        )
    Version.objects.filter(pk=version.pk).update(
        status=Version.Status.ISSUED,
        issued_at=issued_at,
        content_hash="x" * 64,
        is_circulated=True,
        is_published=published,
    )
    version.refresh_from_db()
    return version


def make_outcome(
    group: Any,
    *,
    kind: str = Outcome.Kind.CONSENSUS_REPORT,
    version: Version | None = None,
    issued: bool = True,
    issued_at: datetime = ISSUED_AT,
    title: str = "Report of the working group",
) -> Outcome:
    return Outcome.objects.create(
        group=group,
        kind=kind,
        title=title,
        symbol="WGEC/2026/1",
        adopted_version=version,
        status=Outcome.Status.ISSUED if issued else Outcome.Status.DRAFT,
        issued_at=issued_at if issued else None,
        content_hash="x" * 64 if issued else "",
    )


@dataclass
class FollowUp:
    world: Any
    report: Report
    v1: Version
    v2: Version
    outcome: Outcome
    paragraphs: dict[str, Paragraph] = field(default_factory=dict)
    contributions: dict[str, Contribution] = field(default_factory=dict)

    def p(self, key: str) -> Paragraph:
        return self.paragraphs[key]

    @property
    def group(self) -> Any:
        return self.world.group

    def user(self, role: str) -> Any:
        return self.world.user(role)


@pytest.fixture
def fu(world: Any) -> FollowUp:
    report = Report.objects.create(group=world.group, title="Recommendations", slug="recs")
    paragraphs: dict[str, Paragraph] = {}
    v1 = make_version(report, 1, ZERO, paragraphs, issued_at=ISSUED_AT - timedelta(days=90))
    v2 = make_version(report, 2, REV1, paragraphs, issued_at=ISSUED_AT - timedelta(days=30))
    now = timezone.now()
    call = Call.objects.create(
        group=world.group,
        title="Call for contributions",
        opens_at=now - timedelta(days=200),
        closes_at=now - timedelta(days=150),
    )
    published = Contribution.objects.create(
        call=call,
        member=world.members["cs"],
        title="Participation of all stakeholders",
        status=Contribution.Status.PUBLISHED,
        submitted_at=ISSUED_AT - timedelta(days=160),
        published_at=ISSUED_AT - timedelta(days=159),
        content_hash="a" * 64,
    )
    pending = Contribution.objects.create(
        call=call,
        member=world.members["BRA"],
        title="Unmoderated views on follow-up",
        status=Contribution.Status.SUBMITTED,
        submitted_at=ISSUED_AT - timedelta(days=155),
        content_hash="b" * 64,
    )
    paragraphs["OP1"].sources.add(published, pending)
    outcome = make_outcome(world.group, version=v2)
    return FollowUp(
        world,
        report,
        v1,
        v2,
        outcome,
        paragraphs,
        {"published": published, "pending": pending},
    )


@pytest.fixture
def tracked(fu: FollowUp) -> FollowUp:
    """``fu`` with the outcome's recommendations tracked (WGEC-2026-R1 … R3)."""
    from accord.outcomes.services.followup import recommendations_track

    recommendations_track(actor=fu.world.users["secretariat"], outcome=fu.outcome)
    return fu
