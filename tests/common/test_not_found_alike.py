"""A hidden thing's 404 is the same, byte for byte and header for header, as a missing thing's
(issue 10): nothing in a response lets a visitor enumerate pending contributions, closed
meeting days, draft versions or unpublished groups.

Each case compares two addresses of the same length, one of a thing the visitor may not see and
one of nothing at all. Only the Date header, the per-response CSRF tokens (the masked token in
the page, the cookie's value) and the address itself (in the login link) may differ.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from accord.accounts.services import api_token_create
from accord.contributions import services as contributions
from accord.drafts.services import versions as drafts
from accord.meetings import services as meetings
from tests.contributions.conftest import make_call
from tests.meetings.samples import CAPTIONING
from tests.pages import without_csrf

VARYING_HEADERS = {"date", "x-request-id"}  # new on every response, whatever it is


def _headers(response: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in response.headers.items() if k.lower() not in VARYING_HEADERS}


def _cookies(response: Any) -> dict[str, dict[str, str]]:
    """Each cookie set, with its attributes but without its value (a fresh CSRF secret) and
    its expiry (a date, one year from now)."""
    return {
        name: {k: str(v) for k, v in morsel.items() if k != "expires"}
        for name, morsel in response.cookies.items()
    }


def _body(response: Any) -> str:
    # The anonymous page's login link comes back to the address asked for.
    return without_csrf(response.content.decode()).replace(response.wsgi_request.path, "PATH")


def assert_alike(hidden: Any, missing: Any) -> None:
    assert hidden.status_code == missing.status_code == 404
    assert _body(hidden) == _body(missing)
    assert _headers(hidden) == _headers(missing)
    assert _cookies(hidden) == _cookies(missing)


def _pending_contribution(world: Any) -> tuple[str, str]:
    call = make_call(world)
    pending = contributions.contribution_submit(
        actor=world.users["delegate"], call=call, answers={1: "Not yet moderated."}
    )
    digits = len(str(pending.pk))
    missing = int("9" * digits)
    assert missing != pending.pk
    base = f"/g/{world.group.slug}/contributions/"
    return f"{base}{pending.pk}/", f"{base}{missing}/"


def _closed_day(world: Any) -> tuple[str, str]:
    secretariat = world.users["secretariat"]
    meeting = meetings.meeting_create(
        actor=secretariat,
        group=world.group,
        number=4,
        title="Informal consultations",
        start_date=date(2025, 4, 7),
        is_closed=True,
    )
    day = meetings.meeting_day_add(actor=secretariat, meeting=meeting, date=date(2025, 4, 7))
    meetings.transcript_upload(
        actor=secretariat, day=day, data=CAPTIONING.encode(), filename="day.txt"
    )
    base = f"/g/{world.group.slug}/meetings/4/days/"
    return f"{base}2025-04-07/", f"{base}2025-04-08/"


def _draft_version(world: Any) -> tuple[str, str]:
    chair = world.users["chair"]
    report = drafts.report_create(actor=chair, group=world.group, title="Draft report")
    version = drafts.version_create(
        actor=chair, report=report, kind="zero_draft", label="Zero draft"
    )
    drafts.version_paragraph_add(actor=chair, version=version, kind="op", text="Decides;")
    base = f"/g/{world.group.slug}/drafts/{report.slug}/v/"
    return f"{base}1/", f"{base}9/"


def _hidden_group(world: Any) -> tuple[str, str]:
    world.group.is_published = False
    world.group.save(update_fields=["is_published"])
    return f"/g/{world.group.slug}/", "/g/" + "x" * len(world.group.slug) + "/"


def _hidden_group_members(world: Any) -> tuple[str, str]:
    hidden, missing = _hidden_group(world)
    return f"{hidden}members/", f"{missing}members/"


CASES = {
    "pending contribution": _pending_contribution,
    "closed meeting day": _closed_day,
    "draft version": _draft_version,
    "unpublished group": _hidden_group,
    "unpublished group's members": _hidden_group_members,
}


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
@pytest.mark.parametrize("case", list(CASES))
def test_hidden_page_404_is_the_missing_page_404(world, client_as, role, case):
    hidden_url, missing_url = CASES[case](world)
    client = client_as(role)
    client.get("/")  # a returning visitor: the CSRF cookie is already set
    assert_alike(client.get(hidden_url), client.get(missing_url))
    # Also for a first visit, and for an htmx request.
    client.cookies.pop("csrftoken", None)
    first_hidden = client.get(hidden_url)
    client.cookies.pop("csrftoken", None)
    assert_alike(first_hidden, client.get(missing_url))
    htmx = {"HTTP_HX_REQUEST": "true"}
    assert_alike(client.get(hidden_url, **htmx), client.get(missing_url, **htmx))


def test_every_404_varies_on_language_and_cookie(world, client):
    """One Vary for every 404, however it was made: a page, the API, a view's own response."""
    client.get("/")
    for url in ["/no/such/page/", "/g/nosuch/", "/g/nosuch/contributions/1/", "/api/v1/groups/x"]:
        assert client.get(url)["Vary"] == "Accept-Language, Cookie"


def test_a_404_made_without_the_session_or_the_language_still_varies_alike():
    from django.http import HttpResponse, HttpResponseNotFound
    from django.test import RequestFactory

    from accord.common.notfound import UniformNotFoundMiddleware

    def bare(_request: Any) -> HttpResponse:
        response = HttpResponseNotFound("Not found.")
        response["Vary"] = "HX-Request"
        return response

    response = UniformNotFoundMiddleware(bare)(RequestFactory().get("/x/"))
    assert response["Vary"] == "Accept-Language, Cookie"
    found = UniformNotFoundMiddleware(lambda r: HttpResponse("ok", headers={"Vary": "Origin"}))
    assert found(RequestFactory().get("/x/"))["Vary"] == "Origin"


API_CASES = {
    "pending contribution": lambda w: tuple(
        p.replace("/g/", "/api/v1/groups/").rstrip("/") for p in _pending_contribution(w)
    ),
    "draft version": lambda w: tuple(
        p.replace("/g/", "/api/v1/groups/").replace("/v/", "/versions/").rstrip("/")
        for p in _draft_version(w)
    ),
    "closed meeting day": lambda w: tuple(
        p.replace("/g/", "/api/v1/groups/") + "transcript" for p in _closed_day(w)
    ),
    "unpublished group": lambda w: tuple(
        p.replace("/g/", "/api/v1/groups/").rstrip("/") for p in _hidden_group(w)
    ),
}


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
@pytest.mark.parametrize("case", list(API_CASES))
def test_hidden_api_404_is_the_missing_api_404(world, client, role, case):
    hidden_url, missing_url = API_CASES[case](world)
    extra = {}
    if role == "outsider":
        _token, key = api_token_create(user=world.users["outsider"], name="probe")
        extra = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    hidden = client.get(hidden_url, **extra)
    missing = client.get(missing_url, **extra)
    assert hidden.status_code == 404, hidden.content
    assert_alike(hidden, missing)
