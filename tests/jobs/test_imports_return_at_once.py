"""An import started from a page or the API answers at once with its job, however large or
slow to read the file: the request only checks, stores and enqueues (no worker runs here)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from accord.correspondence.models import Message
from accord.jobs.models import Job, JobFile
from accord.meetings.models import Transcript

from .conftest import token

# Well within the 20 MB upload limit, and far more than any import reads in two seconds.
LARGE = 16 * 1024 * 1024
BOUND_SECONDS = 2.0


def _large_transcript() -> bytes:
    line = b">>BRAZIL: Brazil supports enhanced cooperation on data governance.\n"
    return line * (LARGE // len(line))


def _large_mbox() -> bytes:
    message = (
        b"From ana@example.org Mon Mar  3 10:00:00 2025\n"
        b"From: Ana <ana@example.org>\nSubject: Hello\nMessage-ID: <%d@example.org>\n\n"
        b"Text of the message.\n\n"
    )
    out, n = [], 0
    size = 0
    while size < LARGE:
        chunk = message.replace(b"%d", str(n).encode())
        out.append(chunk)
        size += len(chunk)
        n += 1
    return b"".join(out)


@pytest.fixture(autouse=True)
def warm(client: Any, world: Any) -> None:
    """A running server has loaded its code: the first request of a test process imports
    every app (seconds on a busy machine), which is not the request's own cost."""
    client.get("/api/v1/groups/wgec/meetings")
    client.get("/g/wgec/meetings/")


def _timed(call: Any) -> tuple[Any, float]:
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _queued(kind: str) -> Job:
    job = Job.objects.get()
    assert job.kind == kind and job.status == Job.Status.QUEUED
    assert JobFile.objects.get(job=job).size > LARGE - 1024
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    return job


def test_transcript_page(world, client_as, day, queued_only):
    client = client_as("secretariat")
    url = "/g/wgec/meetings/3/days/2025-03-10/upload/"
    upload = SimpleUploadedFile("huge.txt", _large_transcript())
    response, seconds = _timed(lambda: client.post(url, {"file": upload, "format": ""}))
    job = _queued(Job.Kind.TRANSCRIPT_UPLOAD)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert seconds < BOUND_SECONDS
    assert Transcript.objects.count() == 0  # nothing read yet


def test_transcript_api(world, client, day, queued_only):
    url = "/api/v1/groups/wgec/meetings/3/days/2025-03-10/transcript"
    upload = SimpleUploadedFile("huge.txt", _large_transcript())
    response, seconds = _timed(
        lambda: client.post(url, {"file": upload}, **token(world.users["secretariat"]))
    )
    job = _queued(Job.Kind.TRANSCRIPT_UPLOAD)
    assert response.status_code == 202 and seconds < BOUND_SECONDS
    body = response.json()
    assert (body["id"], body["status"], body["finished"]) == (job.pk, "queued", False)
    assert response["Location"] == f"http://testserver/api/v1/jobs/{job.pk}"


def test_mail_page(world, client_as, queued_only):
    client = client_as("secretariat")
    upload = SimpleUploadedFile("huge.mbox", _large_mbox())
    response, seconds = _timed(
        lambda: client.post(
            "/g/wgec/correspondence/import/", {"file": upload, "list_name": "Main list"}
        )
    )
    job = _queued(Job.Kind.MAIL_IMPORT)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert seconds < BOUND_SECONDS
    assert Message.objects.count() == 0


def test_mail_page_htmx(world, client_as, queued_only):
    client = client_as("secretariat")
    upload = SimpleUploadedFile("huge.mbox", _large_mbox())
    response, seconds = _timed(
        lambda: client.post(
            "/g/wgec/correspondence/import/",
            {"file": upload, "list_name": "Main list"},
            HTTP_HX_REQUEST="true",
        )
    )
    job = _queued(Job.Kind.MAIL_IMPORT)
    assert response["HX-Redirect"] == f"/jobs/{job.pk}/" and seconds < BOUND_SECONDS


def test_mail_api(world, client, queued_only):
    upload = SimpleUploadedFile("huge.mbox", _large_mbox())
    response, seconds = _timed(
        lambda: client.post(
            "/api/v1/groups/wgec/correspondence/import",
            {"file": upload},
            **token(world.users["secretariat"]),
        )
    )
    job = _queued(Job.Kind.MAIL_IMPORT)
    assert response.status_code == 202 and seconds < BOUND_SECONDS
    assert response.json()["id"] == job.pk


@pytest.mark.parametrize(("role", "status"), [("chair", 403), ("delegate", 403), ("outsider", 403)])
def test_a_refused_import_stores_nothing(world, client, day, queued_only, role, status):
    upload = SimpleUploadedFile("day.txt", b">>CHAIR: Good morning.\n")
    url = "/api/v1/groups/wgec/meetings/3/days/2025-03-10/transcript"
    response = client.post(url, {"file": upload}, **token(world.users[role]))
    assert response.status_code == status
    assert (Job.objects.count(), JobFile.objects.count(), DBTaskResult.objects.count()) == (0, 0, 0)


def test_an_oversized_upload_is_refused_before_any_job(
    world, client_as, day, queued_only, settings
):
    settings.ACCORD_MAX_UPLOAD_BYTES = 1024 * 1024
    client = client_as("secretariat")
    upload = SimpleUploadedFile("huge.txt", _large_transcript())
    response, seconds = _timed(
        lambda: client.post("/g/wgec/meetings/3/days/2025-03-10/upload/", {"file": upload})
    )
    assert response.status_code == 413 and seconds < BOUND_SECONDS
    assert not Job.objects.exists() and not JobFile.objects.exists()
