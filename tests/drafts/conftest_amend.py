"""Fixtures for the amendment, bracket and revision tests (imported by those modules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from accord.drafts.models import InformalConsultation, Paragraph, Report, Version, VersionParagraph
from accord.groups import services as group_services
from accord.groups.models import Role
from tests.factories import UserFactory

# Fixtures, for ``from .conftest_amend import *`` in the test modules.
__all__ = ["consultation", "draft", "swe_delegate"]

TEXTS = {
    "PP1": "Recalling its mandate to consider international public policy issues,",
    "OP1": "Decides that the Commission should review the implementation every five years;",
    "OP2": "Invites [all] Member States to share their experience;",
    "OP3": "Requests the Secretary-General to report at its next session.",
}


@dataclass
class Draft:
    report: Report
    version: Version
    paragraphs: dict[str, Paragraph] = field(default_factory=dict)

    def text(self, key: str, version: Version | None = None) -> str:
        return VersionParagraph.objects.get(
            version=version or self.version, paragraph=self.paragraphs[key]
        ).text


def add_version(
    report: Report, number: int, texts: dict[str, str], *, issue: bool = True, label: str = ""
) -> Version:
    version = Version.objects.create(
        report=report,
        number=number,
        kind="zero_draft" if number == 1 else "revision",
        label=label or ("Zero draft" if number == 1 else f"Rev.{number - 1}"),
    )
    for order, (key, text) in enumerate(texts.items(), start=1):
        paragraph, _ = Paragraph.objects.get_or_create(
            report=report, key=key, defaults={"kind": key[:2].lower()}
        )
        VersionParagraph.objects.create(
            version=version,
            paragraph=paragraph,
            order=order,
            text=text,
            display_number=f"{order}." if key.startswith("OP") else "",
        )
    if issue:
        Version.objects.filter(pk=version.pk).update(
            status="issued", is_circulated=True, issued_at=timezone.now(), content_hash="x" * 64
        )
        version.refresh_from_db()
    return version


@pytest.fixture
def draft(world: Any) -> Draft:
    report = Report.objects.create(group=world.group, title="Draft report", slug="report")
    version = add_version(report, 1, TEXTS)
    return Draft(report, version, {p.key: p for p in report.paragraphs.all()})


@pytest.fixture
def swe_delegate(world: Any) -> Any:
    user = UserFactory(username="delegate-swe")
    group_services.role_assign(
        actor=world.users["secretariat"],
        group=world.group,
        user=user,
        kind=Role.Kind.DELEGATE,
        member=world.members["SWE"],
    )
    return user


@pytest.fixture
def consultation(world: Any, draft: Draft) -> InformalConsultation:
    """The facilitator consults on OP2 only."""
    c = InformalConsultation.objects.create(
        report=draft.report, title="OP2 consultation", facilitator=world.users["facilitator"]
    )
    c.paragraphs.set([draft.paragraphs["OP2"]])
    return c


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)
