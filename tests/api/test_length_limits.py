"""The API refuses text longer than the web forms allow (issue 10: a 1 MB meeting title was
accepted by the API): endpoint × field × the form's limit + 1 is a 422 naming the field, and
nothing is stored; text of exactly the limit is not refused for its length."""

from __future__ import annotations

import json

import pytest

from accord.accounts.services import api_token_create
from accord.consultations.models import STATEMENT_MAX_LENGTH
from accord.drafts.services.amendment_common import MAX_TEXT
from accord.drafts.services.brackets import MAX_NOTE
from accord.meetings.models import LIVE_POST_MAX_CHARS, LivePost, Meeting

G = "/api/v1/groups/wgec"
V1 = f"{G}/drafts/report/versions/1"
MEETING = {"start_date": "2025-05-01"}

# (path, role, body without the field, field, the web form's limit)
CASES = [
    ("/api/v1/groups", "secretariat", {}, "name", 300),
    ("/api/v1/groups", "secretariat", {"name": "WG"}, "short_name", 40),
    ("/api/v1/groups", "secretariat", {"name": "WG"}, "slug", 80),
    ("/api/v1/groups", "secretariat", {"name": "WG"}, "parent_body", 300),
    (
        f"{G}/members",
        "secretariat",
        {"kind": "state", "constituency": "member-states"},
        "name",
        300,
    ),
    (f"{G}/members", "secretariat", {"name": "K", "kind": "state", "constituency": "x"}, "iso3", 3),
    (f"{G}/negotiating-groups", "secretariat", {}, "name", 200),
    (f"{G}/negotiating-groups", "secretariat", {"name": "AG"}, "short_name", 40),
    (f"{G}/negotiating-groups", "secretariat", {"name": "AG"}, "slug", 80),
    (f"{G}/meetings", "secretariat", MEETING, "title", 300),
    (f"{G}/meetings", "secretariat", {**MEETING, "title": "T"}, "venue", 300),
    (f"{G}/live", "secretariat", {}, "body", LIVE_POST_MAX_CHARS),
    (
        f"{G}/calls",
        "chair",
        {"opens_at": "2030-01-01T09:00:00Z", "closes_at": "2030-02-01T09:00:00Z", "questions": []},
        "title",
        300,
    ),
    (f"{G}/drafts", "secretariat", {}, "title", 500),
    (f"{G}/drafts", "secretariat", {"title": "R"}, "symbol", 100),
    (f"{G}/drafts/report/versions", "secretariat", {"kind": "revision"}, "label", 100),
    (f"{V1}/revision", "chair", {"amendments": []}, "label", 100),
    (
        f"{V1}/amendments",
        "delegate",
        {"paragraph": "OP1", "kind": "replace_text"},
        "new_text",
        MAX_TEXT,
    ),
    (
        f"{V1}/amendments",
        "delegate",
        {"paragraph": "OP1", "kind": "replace_text"},
        "rationale",
        MAX_TEXT,
    ),
    (f"{V1}/amendments/edited", "delegate", {"paragraph": "OP1"}, "text", MAX_TEXT),
    (f"{V1}/brackets", "delegate", {"paragraph": "OP1"}, "note", MAX_NOTE),
    (f"{V1}/paragraphs/OP1/positions", "delegate", {"kind": "object"}, "reason", 5000),
    (f"{V1}/paragraphs/OP1/status", "chair", {"status": "agreed"}, "note", 2000),
    (f"{V1}/paragraphs/OP1/status", "chair", {"status": "agreed"}, "determination", 5000),
    (f"{G}/consultations/1/statements", "delegate", {}, "text", STATEMENT_MAX_LENGTH),
]


def _post(client, world, path, role, body):
    _, key = api_token_create(user=world.users[role], name="t")
    return client.post(
        path, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


@pytest.mark.parametrize(
    ("path", "role", "body", "field", "limit"),
    CASES,
    ids=[f"{path.rsplit('/', 1)[-1]}.{field}" for path, _r, _b, field, _l in CASES],
)
def test_text_over_the_forms_limit_is_422(client, world, path, role, body, field, limit):
    response = _post(client, world, path, role, {**body, field: "x" * (limit + 1)})
    assert response.status_code == 422, response.content[:300]
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    # The API names a body field by its place in the request: payload.<field>.
    assert f"at most {limit} characters" in error["fields"][f"payload.{field}"]
    assert Meeting.objects.count() == 0 and LivePost.objects.count() == 0
    at_limit = _post(client, world, path, role, {**body, field: "x" * limit})
    if at_limit.status_code >= 400:  # refused for another reason (e.g. a missing draft)
        assert f"payload.{field}" not in at_limit.json()["error"]["fields"], at_limit.content[:300]


def test_a_megabyte_meeting_title_is_refused(client, world):
    response = _post(
        client, world, f"{G}/meetings", "secretariat", {**MEETING, "title": "x" * 2**20}
    )
    assert response.status_code == 422 and "payload.title" in response.json()["error"]["fields"]
    assert Meeting.objects.count() == 0
