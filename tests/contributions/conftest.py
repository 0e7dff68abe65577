"""Fixtures for the contributions tests: calls in every time state, and real test files."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import docx
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.contributions import services


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    # The rate limit counts in the cache; one test's submissions must not limit the next.
    cache.clear()
    yield
    cache.clear()


def make_call(world: Any, *, opens_in: int = -1, closes_in: int = 7, **flags: Any) -> Any:
    """A call opening ``opens_in`` days from now and closing ``closes_in`` days from now."""
    now = timezone.now()
    defaults = {"allow_members": True, "allow_observers": True, "allow_public": True}
    return services.call_create(
        actor=world.users["secretariat"],
        group=world.group,
        title="Call for contributions on enhanced cooperation",
        description="Views on how to implement enhanced cooperation.",
        opens_at=now + timedelta(days=opens_in),
        closes_at=now + timedelta(days=closes_in),
        questions=[
            "What is the state of implementation of enhanced cooperation?",
            "What recommendations would you make?",
        ],
        **{**defaults, **flags},
    )


@pytest.fixture
def call(world: Any) -> Any:
    return make_call(world)


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_upload(name: str = "views.docx", *paragraphs: str) -> SimpleUploadedFile:
    data = docx_bytes(*(paragraphs or ("Multistakeholder cooperation needs a lighthouse.",)))
    return SimpleUploadedFile(
        name,
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def corrupt_docx_upload(name: str = "broken.docx") -> SimpleUploadedFile:
    # Starts like a zip (so it is sniffed as one) but the archive is cut off.
    data = docx_bytes("This document will be truncated.")[:300]
    return SimpleUploadedFile(name, data)


def public_fields(**overrides: Any) -> dict[str, Any]:
    fields = {
        "name": "Ana Lima",
        "affiliation": "Instituto Nupef",
        "email": "ana@example.org",
        "constituency": None,
        "answers": {1: "Open processes build trust."},
        "client_ip": "203.0.113.9",
    }
    fields.update(overrides)
    return fields
