"""Every hostile or odd document of ``tests.hostile.documents`` against every document upload
path (issue 10): an anonymous visitor's public contribution with an attachment, a
delegation's contribution folder import, a draft import (web and API) and a day's transcript
(web and API). Each is refused with a 4xx and its message, at once or as the job the upload
became, within 2 s and 200 MB, and leaves nothing behind.

The contributions API takes no files (answers are JSON), so the folder import, which reads
files as the attachments do, stands in for it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.accounts.services import api_token_create
from accord.common.errors import ApplicationError
from accord.contributions.models import Attachment, Contribution
from accord.contributions.services.imports import contribution_import_folder
from accord.drafts.models import Version
from accord.drafts.services import versions as draft_services
from accord.jobs.models import Job
from accord.meetings import services as meeting_services
from accord.meetings.models import SpeakerTurn, Transcript
from tests.contributions.conftest import make_call
from tests.hostile import documents as hostile
from tests.hostile.bounds import measure

pytestmark = pytest.mark.django_db


@dataclass
class Refusal:
    """What an upload came to: the HTTP status (or 0 for a direct service call), whether it
    was refused, and the message shown."""

    status: int
    refused: bool
    message: str


@dataclass
class Places:
    """Where documents are uploaded in the ``world`` group."""

    world: Any
    call: Any
    report: Any
    day: Any
    folder: Path
    tokens: dict[str, dict[str, str]]
    urls: dict[str, str]


@pytest.fixture
def places(world: Any, tmp_path: Path, settings: Any) -> Places:
    from datetime import date

    settings.MEDIA_ROOT = tmp_path / "media"
    secretariat = world.users["secretariat"]
    meeting = meeting_services.meeting_create(
        actor=secretariat,
        group=world.group,
        number=3,
        title="Third meeting",
        start_date=date(2025, 3, 10),
    )
    day = meeting_services.meeting_day_add(
        actor=secretariat, meeting=meeting, date=date(2025, 3, 10)
    )
    report = draft_services.report_create(
        actor=world.users["chair"], group=world.group, title="Draft report"
    )
    tokens = {}
    for role in ("secretariat", "chair"):
        _, key = api_token_create(user=world.users[role], name="hostile")
        tokens[role] = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    call = make_call(world)
    slug = world.group.slug
    # Resolving the first URL imports every app and the API (seconds): not the upload's cost.
    urls = {
        "attachment": reverse("contributions:call", kwargs={"group_slug": slug, "pk": call.pk}),
        "draft": reverse("drafts:import", args=[slug, report.slug]),
        "draft_api": f"/api/v1/groups/{slug}/drafts/{report.slug}/import",
        "transcript": reverse("meetings:upload", args=[slug, 3, "2025-03-10"]),
        "transcript_api": f"/api/v1/groups/{slug}/meetings/3/days/2025-03-10/transcript",
    }
    return Places(world, call, report, day, tmp_path / "folder", tokens, urls)


def _page_message(response: Any) -> str:
    return html.unescape(response.content.decode())


def _json_message(response: Any) -> str:
    body = response.json()
    error = body.get("error") or {}
    return str(error.get("message", body))


def _job_refusal(status: int) -> Refusal:
    job = Job.objects.order_by("-id").first()
    assert job is not None, "the upload was neither refused nor queued"
    return Refusal(status, job.status == Job.Status.FAILED, job.error)


def attachment_web(client: Any, places: Places, name: str, data: bytes) -> Refusal:
    cache.clear()  # the public form's rate limit counts submissions in the cache
    response = client.post(
        places.urls["attachment"],
        {
            "name": "Ana Lima",
            "affiliation": "Instituto Nupef",
            "email": "ana@example.org",
            "constituency": "general-public",
            "answer_1": "Open processes build trust.",
            "website": "",
            "attachments": [SimpleUploadedFile(name, data)],
        },
    )
    return Refusal(response.status_code, response.status_code >= 400, _page_message(response))


def attachment_import(client: Any, places: Places, name: str, data: bytes) -> Refusal:
    places.folder.mkdir(exist_ok=True)
    path = places.folder / f"BRA_1{Path(name).suffix}"  # the member's ISO code, then '_'
    path.write_bytes(data)
    try:
        contribution_import_folder(
            actor=places.world.users["secretariat"],
            call=places.call,
            question=places.call.questions.first(),
            paths=[path],
        )
    except ApplicationError as error:
        return Refusal(error.status, True, error.message)
    return Refusal(0, False, "")


def draft_web(client: Any, places: Places, name: str, data: bytes) -> Refusal:
    client.force_login(places.world.users["chair"])
    response = client.post(
        places.urls["draft"],
        {"file": SimpleUploadedFile(name, data), "kind": "zero_draft", "label": "Zero draft"},
    )
    client.logout()
    if response.status_code == 302 and "/jobs/" in response["Location"]:
        return _job_refusal(response.status_code)
    return Refusal(response.status_code, response.status_code >= 400, _page_message(response))


def draft_api(client: Any, places: Places, name: str, data: bytes) -> Refusal:
    response = client.post(
        places.urls["draft_api"],
        {"file": SimpleUploadedFile(name, data), "kind": "zero_draft", "label": "Zero draft"},
        **places.tokens["chair"],
    )
    if response.status_code == 202:
        return Refusal(202, response.json()["status"] == "failed", _json_message(response))
    return Refusal(response.status_code, response.status_code >= 400, _json_message(response))


def transcript_web(client: Any, places: Places, name: str, data: bytes) -> Refusal:
    client.force_login(places.world.users["secretariat"])
    response = client.post(
        places.urls["transcript"], {"file": SimpleUploadedFile(name, data), "format": ""}
    )
    client.logout()
    if response.status_code == 302:
        return _job_refusal(response.status_code)
    return Refusal(response.status_code, response.status_code >= 400, _page_message(response))


def transcript_api(client: Any, places: Places, name: str, data: bytes) -> Refusal:
    url = f"/api/v1/groups/{places.world.group.slug}/meetings/3/days/2025-03-10/transcript"
    response = client.post(
        url, {"file": SimpleUploadedFile(name, data)}, **places.tokens["secretariat"]
    )
    if response.status_code == 202:
        return Refusal(202, response.json()["status"] == "failed", _json_message(response))
    return Refusal(response.status_code, response.status_code >= 400, _json_message(response))


Upload = Callable[[Any, Places, str, bytes], Refusal]
PATHS: dict[str, tuple[tuple[str, Upload], ...]] = {
    hostile.ATTACHMENT: (("web", attachment_web), ("import", attachment_import)),
    hostile.DRAFT: (("web", draft_web), ("api", draft_api)),
    hostile.TRANSCRIPT: (("web", transcript_web), ("api", transcript_api)),
}
CASES = [
    pytest.param(case, upload, id=f"{case.name}-{path}-{how}")
    for case in hostile.HOSTILE
    for path in case.paths
    for how, upload in PATHS[path]
]


def _nothing_written() -> tuple[int, ...]:
    return (
        Contribution.objects.count(),
        Attachment.objects.count(),
        Version.objects.count(),
        Transcript.objects.count(),
        SpeakerTurn.objects.count(),
    )


# Each way of uploading is warmed up once per process (its templates compiled, its modules
# imported): that is not what a document costs.
_WARMED: set[str] = set()


def _warm_up(upload: Upload) -> bool:
    if upload.__name__ in _WARMED:
        return False
    _WARMED.add(upload.__name__)
    return True


@pytest.mark.parametrize(("case", "upload"), CASES)
def test_hostile_document_is_refused_within_bounds(
    client: Any, places: Places, case: hostile.Hostile, upload: Upload
) -> None:
    data = case.data()
    before = _nothing_written()
    measured = measure(
        lambda: upload(client, places, case.filename, data), warm_up=_warm_up(upload)
    )
    assert measured.error is None, measured.error
    refusal: Refusal = measured.value
    assert refusal.refused, refusal
    assert refusal.status == 0 or 400 <= refusal.status < 500 or refusal.status in (202, 302)
    assert re.search(case.message, refusal.message), refusal.message[:2000]
    measured.check()
    assert _nothing_written() == before


def test_a_long_pdf_attachment_stops_at_the_interactive_deadline(
    client: Any, places: Places, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 400 pages of ordinary text: within every size limit, seconds of pypdf's work on any
    # machine. A waiting contributor is given 2 s; the test gives 0.1 s so that a fast
    # machine cannot finish the file within the deadline (CI's did, with 2 s).
    from accord.common import uploads
    from accord.contributions.services import common

    assert uploads.INTERACTIVE_PDF_LIMITS.seconds == 2.0
    monkeypatch.setattr(
        common, "INTERACTIVE_PDF_LIMITS", replace(uploads.INTERACTIVE_PDF_LIMITS, seconds=0.1)
    )
    data = hostile.text_pdf(pages=400)
    measured = measure(
        lambda: attachment_web(client, places, "report.pdf", data),
        warm_up=_warm_up(attachment_web),
    )
    refusal: Refusal = measured.value
    assert refusal.status == 400, refusal
    assert (
        "'report.pdf' could not be read: This PDF takes too long to read (more than 0.1 "
        "seconds); upload a shorter file, or its text as a Word (.docx) or plain-text file."
    ) in refusal.message
    measured.check(seconds=1.5)
    assert Contribution.objects.count() == 0
