"""The import service refuses hostile archives with a clear 4xx in bounded time and memory,
leaving nothing behind, and a long word in a message costs nothing on import or on the
public page of its thread (issue 10)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from accord.common.errors import ValidationFailed
from accord.common.models import AuditEvent
from accord.correspondence import services
from accord.correspondence.models import MailingList, Message, Thread
from accord.search.models import SearchEntry
from tests.core.mail import hostile
from tests.correspondence.archives import Mail, mbox
from tests.hostile.bounds import measure

pytestmark = pytest.mark.django_db

HOSTILE = {
    "gzip bomb": (hostile.gzip_bomb, "too_large", "compression bomb"),
    "32 kB .txt.gz of short lines": (hostile.short_lines_gz, "too_large", "compression bomb"),
    "ZIP of four big .gz messages": (hostile.zip_of_gzipped_messages, "too_large", "bomb"),
    "gz in gz": (lambda: hostile.nested()["gz in gz"], "invalid", "another compressed archive"),
    "zip in zip": (lambda: hostile.nested()["zip in zip"], "invalid", "another compressed"),
    "50,001 messages": (lambda: hostile.mbox(50_001, body="+1"), "too_large", "50,000"),
    "MIME nested 1,000 deep": (lambda: hostile.deep_mime(1_000), "too_large", "MIME containers"),
}


def _rows() -> tuple[int, ...]:
    return (
        MailingList.objects.count(),
        Thread.objects.count(),
        Message.objects.count(),
        SearchEntry.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_archives_are_refused_within_bounds(world: Any, name: str) -> None:
    build, code, needle = HOSTILE[name]
    data = build()
    before = _rows()
    measured = measure(
        lambda: services.mail_archive_import_to_list(
            actor=world.users["secretariat"],
            group=world.group,
            list_name="Hostile",
            data=data,
            filename="upload.bin",
        )
    )
    error = measured.raised(ValidationFailed)
    measured.check()
    assert error.status == 400 and error.fields == {"file": code}
    assert needle in error.message and error.message.startswith("upload.bin")
    assert _rows() == before


def test_a_long_word_costs_nothing_on_import_or_on_the_public_page(world: Any, client: Any) -> None:
    client.get(f"/g/{world.group.slug}/correspondence/")  # the URLs and templates, once
    # 20,000 characters took 6-7 s on import and on every anonymous view; then 200,000.
    for size in (20_000, 200_000):
        word = "a" * size
        data = mbox(
            Mail(f"w{size}@wg", f"Long word {size}", body=f"{word} jane.doe@example.org {word}")
        )
        started = time.perf_counter()
        _, report = services.mail_archive_import_to_list(
            actor=world.users["secretariat"], group=world.group, data=data, filename="w.mbox"
        )
        assert report.new_messages == 1
        assert time.perf_counter() - started < 2.0
        thread = Thread.objects.get(subject=f"Long word {size}")
        started = time.perf_counter()
        page = client.get(f"/g/{world.group.slug}/correspondence/{thread.pk}/")
        assert time.perf_counter() - started < 2.0
        assert page.status_code == 200
        html = page.content.decode()
        assert "j…@example.org" in html and "jane.doe@" not in html
