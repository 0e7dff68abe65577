"""Meetings fixtures: an open and a closed meeting of the shared ``world`` group."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from accord.meetings import services

from .samples import CAPTIONING


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> Any:
    """A fresh MEDIA_ROOT per test, so a test can assert that no file was left behind."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root: Any) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def meeting(world: Any) -> Any:
    """Open meeting 3, days 1 (2025-03-10) and 2 (2025-03-11)."""
    secretariat = world.users["secretariat"]
    m = services.meeting_create(
        actor=secretariat,
        group=world.group,
        number=3,
        title="Third meeting",
        venue="Palais des Nations, Geneva",
        start_date=date(2025, 3, 10),
        end_date=date(2025, 3, 12),
    )
    services.meeting_day_add(actor=secretariat, meeting=m, date=date(2025, 3, 10))
    services.meeting_day_add(actor=secretariat, meeting=m, date=date(2025, 3, 11))
    return m


@pytest.fixture
def closed_meeting(world: Any) -> Any:
    """Closed meeting 4 with one day (2025-04-07)."""
    secretariat = world.users["secretariat"]
    m = services.meeting_create(
        actor=secretariat,
        group=world.group,
        number=4,
        title="Informal consultations",
        start_date=date(2025, 4, 7),
        is_closed=True,
    )
    services.meeting_day_add(actor=secretariat, meeting=m, date=date(2025, 4, 7))
    return m


def upload(world: Any, day: Any, text: str = CAPTIONING, name: str = "day.txt", **kw: Any) -> Any:
    data = text.encode() if isinstance(text, str) else text
    return services.transcript_upload(
        actor=world.users["secretariat"], day=day, data=data, filename=name, **kw
    )


@pytest.fixture
def closed_transcript(world: Any, closed_meeting: Any) -> Any:
    return upload(world, closed_meeting.days.get(), name="closed.txt")


@pytest.fixture
def open_transcript(world: Any, meeting: Any) -> Any:
    # Other words than the closed one's, so searches tell the two apart (and no duplicate).
    text = CAPTIONING.replace("quokka habitats", "wombat burrows")
    return upload(world, meeting.days.get(date=date(2025, 3, 11)), text, name="open.txt")
