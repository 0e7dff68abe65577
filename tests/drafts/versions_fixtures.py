"""Fixtures for the reports-and-versions draft tests (imported explicitly by the test modules)."""

from __future__ import annotations

import pytest

from accord.drafts.services import versions as services


@pytest.fixture
def report(world):
    return services.report_create(
        actor=world.users["chair"], group=world.group, title="Draft report"
    )


@pytest.fixture
def draft(world, report):
    chair = world.users["chair"]
    version = services.version_create(
        actor=chair, report=report, kind="zero_draft", label="Zero draft"
    )
    for kind, text in [
        ("heading", "Recommendations"),
        ("pp", "Recalling its earlier work,"),
        ("op", "Decides to [establish][consider] a forum;"),
        ("op", "Requests the secretariat to report."),
    ]:
        services.version_paragraph_add(actor=chair, version=version, kind=kind, text=text)
    return version


@pytest.fixture
def issued(world, draft):
    return services.version_issue(actor=world.users["chair"], version=draft)
