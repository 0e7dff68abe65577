"""Jobs fixtures: a meeting day to upload transcripts to, and the task backends to run on."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from accord.accounts.services import api_token_create
from accord.meetings import services as meeting_services

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def day(world: Any) -> Any:
    """Day 1 (2025-03-10) of meeting 3 of the ``world`` group."""
    secretariat = world.users["secretariat"]
    meeting = meeting_services.meeting_create(
        actor=secretariat,
        group=world.group,
        number=3,
        title="Third meeting",
        start_date=date(2025, 3, 10),
    )
    return meeting_services.meeting_day_add(
        actor=secretariat, meeting=meeting, date=date(2025, 3, 10)
    )


@pytest.fixture
def queued_only(settings: Any) -> None:
    """Tasks are stored in the database and wait for a worker (none runs in the test)."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def dummy_tasks(settings: Any) -> None:
    """Tasks are kept in memory and never run."""
    settings.TASKS = DUMMY_TASKS


def token(user: Any) -> dict[str, str]:
    _, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}
