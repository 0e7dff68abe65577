"""Odd input to the API answers 4xx with the API's error body, never 500 (issue 10): a lone
surrogate in a JSON string, a form or multipart body sent to a JSON operation, a body that is not
UTF-8, integers beyond 64 bits (or below 1) where ids and numbers are expected, in the path, the
query string and JSON bodies. The web forms get the same odd input at the end."""

from __future__ import annotations

import json

import pytest

from accord.accounts.services import api_token_create
from accord.meetings.models import Meeting
from tests.drafts.conftest_amend import *  # noqa: F403 (the draft fixture)

HUGE = "99999999999999999999"  # > 2**64
BASE = "/api/v1/groups/wgec"
DRAFT = f"{BASE}/drafts/report/versions/1"


def token(world, role="secretariat"):
    _, key = api_token_create(user=world.users[role], name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def refused(response, status=None):
    """A 4xx with the API's one error body."""
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    if status is not None:
        assert response.status_code == status, response.content[:300]
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    return response.json()["error"]


# ------------------------------------------------------------------ bodies


MEETING = {"title": "Second session", "start_date": "2025-05-01"}


@pytest.mark.parametrize(
    ("url", "raw"),
    [
        (f"{BASE}/meetings", '{"title": "A \\ud800 title", "start_date": "2025-05-01"}'),
        (f"{BASE}/meetings", '{"title": "ok", "venue": "\\udfff", "start_date": "2025-05-01"}'),
        (f"{BASE}/members", '{"name": "\\ud83d", "kind": "state", "constituency": "x"}'),
        (f"{BASE}/live", '{"body": ["\\ud800"]}'),
        (f"{BASE}/live", '{"\\ud800": "key, not value"}'),
    ],
)
def test_a_lone_surrogate_in_a_json_string_is_422(client, world, url, raw):
    response = client.post(url, raw, content_type="application/json", **token(world))
    error = refused(response, 422)
    assert error["code"] == "validation_failed"
    assert "surrogate" in error["message"]
    assert Meeting.objects.count() == 0


def test_a_surrogate_pair_is_an_ordinary_character(client, world):
    raw = '{"title": "Session \\ud83d\\ude00", "start_date": "2025-05-01"}'
    response = client.post(f"{BASE}/meetings", raw, content_type="application/json", **token(world))
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "Session \N{GRINNING FACE}"


def test_a_body_that_is_not_utf8_is_4xx(client, world):
    raw = b'{"title": "caf\xe9", "start_date": "2025-05-01"}'  # Latin-1
    response = client.post(f"{BASE}/meetings", raw, content_type="application/json", **token(world))
    error = refused(response, 400)
    assert "UTF-8" in error["message"]
    assert Meeting.objects.count() == 0


def test_a_body_that_is_not_json_is_4xx(client, world):
    response = client.post(
        f"{BASE}/meetings", b"{title: 1", content_type="application/json", **token(world)
    )
    refused(response, 400)


@pytest.mark.parametrize("kind", ["multipart", "urlencoded", "text"])
def test_a_form_body_sent_to_a_json_operation_is_4xx(client, world, kind):
    url = f"{BASE}/meetings"
    if kind == "multipart":
        response = client.post(url, MEETING, **token(world))  # the test client's default
    elif kind == "urlencoded":
        response = client.post(
            url,
            "title=Second+session&start_date=2025-05-01",
            content_type="application/x-www-form-urlencoded",
            **token(world),
        )
    else:
        response = client.post(url, json.dumps(MEETING), content_type="text/plain", **token(world))
    error = refused(response)
    assert response.status_code in (415, 422)
    assert "application/json" in error["message"]
    assert Meeting.objects.count() == 0


def test_a_json_body_with_a_charset_is_accepted(client, world):
    response = client.post(
        f"{BASE}/meetings",
        json.dumps(MEETING),
        content_type="application/json; charset=utf-8",
        **token(world),
    )
    assert response.status_code == 201, response.content


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize("number", [HUGE, str(2**63), "-1", "0"])
@pytest.mark.parametrize(
    "path",
    [
        f"{BASE}/meetings/{{n}}",
        f"{BASE}/calls/{{n}}",
        f"{BASE}/contributions/{{n}}",
        f"{BASE}/correspondence/threads/{{n}}",
        f"{BASE}/consultations/{{n}}",
        f"{BASE}/outcomes/{{n}}",
        f"{BASE}/drafts/report/versions/{{n}}",
        f"{BASE}/drafts/report/versions/{{n}}/amendments",
        f"{BASE}/drafts/report/versions/{{n}}/positions",
        f"{BASE}/drafts/report/amendments/{{n}}",
        "/api/v1/jobs/{n}",
    ],
)
def test_an_id_or_number_out_of_range_in_a_path_is_404(client, world, draft, path, number):
    """Nothing has that id or number: the same 404 as for one that does not exist (Django's
    lookups answer an out-of-range integer with no rows, on SQLite and PostgreSQL alike)."""
    response = client.get(path.format(n=number), **token(world))
    missing = client.get(path.format(n=1234567), **token(world))
    assert refused(response, 404) == refused(missing, 404)


@pytest.mark.parametrize(
    "query",
    [
        f"amendments={HUGE}",
        f"amendments={2**63}",
        "amendments=-1",
        "amendments=1&amendments=x",
    ],
)
def test_final_text_with_out_of_range_amendment_ids_is_4xx(client, world, draft, query):
    refused(client.get(f"{DRAFT}/final?{query}", **token(world)))


@pytest.mark.parametrize(
    ("url", "query"),
    [
        (f"{BASE}/contributions", f"call={HUGE}"),
        (f"{BASE}/contributions", f"question={HUGE}"),
        (f"{BASE}/contributions", "call=-5"),
        (f"{BASE}/drafts/report/compare", f"a={HUGE}&b=1"),
        (f"{BASE}/drafts/report/compare", "a=1&b=-1"),
        (f"{BASE}/meetings", f"offset={HUGE}"),
        (f"{BASE}/meetings", f"limit={HUGE}"),
        ("/api/v1/search", f"q=capacity&offset={HUGE}"),
    ],
)
def test_an_out_of_range_number_in_a_query_string_is_4xx_or_bounded(
    client, world, draft, url, query
):
    response = client.get(f"{url}?{query}", **token(world))
    if query.startswith("limit"):
        assert response.status_code == 200  # capped to the largest page
        assert response.json()["count"] == 0
    else:
        refused(response)


@pytest.mark.parametrize(
    ("url", "body"),
    [
        (f"{DRAFT}/revision", {"amendments": [int(HUGE)], "label": "Rev.1"}),
        (f"{DRAFT}/revision", {"amendments": [2**63], "label": "Rev.1"}),
        (f"{DRAFT}/revision", {"amendments": [-1], "label": "Rev.1"}),
        (f"{BASE}/live", {"body": "Resuming at 3 pm", "meeting": int(HUGE)}),
        (f"{BASE}/meetings", {**MEETING, "number": int(HUGE)}),
        (f"{BASE}/meetings", {**MEETING, "number": 2**40}),  # PostgreSQL's integer: 2**31 - 1
        (f"{BASE}/meetings", {**MEETING, "number": -3}),
        (f"{DRAFT}/amendments", {"paragraph": "OP1", "kind": "delete_text", "parent": int(HUGE)}),
        (
            f"{DRAFT}/amendments",
            {"paragraph": "OP1", "kind": "delete_text", "quote": "five", "occurrence": int(HUGE)},
        ),
        (
            f"{DRAFT}/amendments",
            {"paragraph": "OP1", "kind": "delete_text", "start": int(HUGE), "end": 3},
        ),
    ],
)
def test_an_out_of_range_integer_in_a_json_body_is_422(client, world, draft, url, body):
    role = "secretariat" if "/meetings" in url or "/live" in url else "chair"
    response = client.post(
        url, json.dumps(body), content_type="application/json", **token(world, role)
    )
    error = refused(response, 422)
    assert error["code"] == "validation_failed"
    assert Meeting.objects.count() == 0


# ------------------------------------------------------------------ the web forms


def test_the_web_forms_read_a_lone_surrogate_as_a_replacement_character(client_as, world):
    """Django decodes form data with errors="replace": the bytes of a lone surrogate
    (%ED%A0%80, not UTF-8) arrive as U+FFFD, which is stored like any other character."""
    client = client_as("secretariat")
    response = client.post(
        f"/g/{world.group.slug}/meetings/new/",
        "title=A%ED%A0%80B&start_date=2025-05-01",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert Meeting.objects.get().title == "A\ufffd\ufffd\ufffdB"


@pytest.mark.parametrize("url", ["/search/?q=capacity&page={n}", "/jobs/?page={n}"])
@pytest.mark.parametrize("number", [HUGE, "-1"])
def test_the_web_pages_take_a_huge_page_number_without_a_500(client_as, world, url, number):
    response = client_as("secretariat").get(url.format(n=number))
    assert response.status_code < 500
