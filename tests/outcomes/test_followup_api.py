"""The follow-up API: list a group's recommendations, one with its reports, add a report."""

# ruff: noqa: F811  (fixtures imported from followup_fixtures)

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from accord.accounts.services import api_token_create
from accord.outcomes.models import ProgressReport, Recommendation
from tests.outcomes.followup_fixtures import fu, make_outcome, tracked  # noqa: F401

BASE = "/api/v1/groups/wgec/follow-up"


@pytest.fixture
def auth(world):
    def headers(role: str) -> dict[str, str]:
        _token, key = api_token_create(user=world.users[role], name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return headers


def _post(client, path, body, headers):
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


def test_list_and_get(client, tracked):
    listing = client.get(BASE)
    assert listing.status_code == 200
    rows = listing.json()["items"]
    assert [r["public_id"] for r in rows] == ["WGEC-2026-R1", "WGEC-2026-R2", "WGEC-2026-R3"]
    assert rows[0]["paragraph"] == "OP1" and rows[0]["number"] == "1."
    assert rows[0]["status"] == "not_started" and rows[0]["progress"] is None
    assert rows[0]["outcome_kind"] == "consensus_report"
    one = client.get(f"{BASE}/WGEC-2026-R2")
    assert one.status_code == 200
    assert one.json()["text"].startswith("Recommends a review") and one.json()["reports"] == []


def test_add_report_and_read_it_back(client, tracked, auth):
    created = _post(
        client,
        f"{BASE}/WGEC-2026-R1/reports",
        {
            "reported_on": "2026-05-01",
            "status": "In progress",
            "progress": 30,
            "text": "Begun.",
            "reporting_body": "UNCTAD",
        },
        auth("secretariat"),
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "in_progress" and body["progress"] == 30 and body["imported"] is False
    _post(
        client,
        f"{BASE}/WGEC-2026-R1/reports",
        {"reported_on": "2026-04-01", "status": "not_started", "text": "Earlier."},
        auth("chair"),
    )
    one = client.get(f"{BASE}/WGEC-2026-R1").json()
    assert one["status"] == "in_progress" and one["progress"] == 30  # the latest by date
    assert [r["reported_on"] for r in one["reports"]] == ["2026-04-01", "2026-05-01"]
    filtered = client.get(BASE, {"status": "in_progress"}).json()["items"]
    assert [r["public_id"] for r in filtered] == ["WGEC-2026-R1"]


def test_write_errors(client, tracked, auth):
    path = f"{BASE}/WGEC-2026-R1/reports"
    good = {"reported_on": "2026-05-01", "status": "in_progress", "text": "Begun."}
    assert _post(client, path, good, {}).status_code == 401
    denied = _post(client, path, good, auth("delegate"))
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "permission_denied"
    future = {**good, "reported_on": (date.today() + timedelta(days=3)).isoformat()}
    bad = _post(client, path, future, auth("secretariat"))
    assert bad.status_code == 400 and "reported_on" in bad.json()["error"]["fields"]
    too_much = _post(client, path, {**good, "progress": 150}, auth("secretariat"))
    assert too_much.status_code == 400 and "progress" in too_much.json()["error"]["fields"]
    number_date = _post(client, path, {**good, "reported_on": 0}, auth("secretariat"))
    assert number_date.status_code == 422
    missing = _post(client, f"{BASE}/WGEC-2026-R99/reports", good, auth("secretariat"))
    assert missing.status_code == 404
    assert _post(client, path, good, auth("secretariat")).status_code == 201
    assert _post(client, path, good, auth("secretariat")).status_code == 409
    assert ProgressReport.objects.count() == 1


def test_hidden_and_missing_are_the_same_404(client, tracked, auth):
    draft = make_outcome(tracked.group, version=tracked.v2, issued=False, title="Draft")
    Recommendation.objects.create(
        group=tracked.group, outcome=draft, public_id="WGEC-2026-R50", text="Draft text."
    )
    hidden = client.get(f"{BASE}/WGEC-2026-R50")
    missing = client.get(f"{BASE}/WGEC-2026-R99")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert "WGEC-2026-R50" not in [r["public_id"] for r in client.get(BASE).json()["items"]]
    assert client.get(f"{BASE}/WGEC-2026-R50", **auth("delegate")).status_code == 200
    assert client.get("/api/v1/groups/nope/follow-up").status_code == 404
