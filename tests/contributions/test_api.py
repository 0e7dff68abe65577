from __future__ import annotations

import json

import pytest

from accord.accounts.services import api_token_create
from accord.contributions import services
from accord.contributions.models import Contribution

from .conftest import make_call

BASE = "/api/v1/groups/wgec"


@pytest.fixture
def auth(world):
    def header(role):
        _, key = api_token_create(user=world.users[role], name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return header


def post(client, path, body, headers):
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def test_call_list_and_detail(world, call, client):
    listing = client.get(f"{BASE}/calls")
    assert listing.status_code == 200
    [item] = listing.json()["items"]
    assert item["id"] == call.pk and item["state"] == "open"
    assert [q["number"] for q in item["questions"]] == [1, 2]
    assert client.get(f"{BASE}/calls/{call.pk}").json()["title"] == call.title
    assert client.get(f"{BASE}/calls/999999").status_code == 404


def test_call_create(world, client, auth):
    body = {
        "title": "API call",
        "opens_at": "2030-01-01T09:00:00Z",
        "closes_at": "2030-02-01T09:00:00Z",
        "questions": ["Q one?", "Q two?"],
        "allow_public": True,
    }
    created = post(client, f"{BASE}/calls", body, auth("chair"))
    assert created.status_code == 201
    assert created.json()["allow_public"] is True and created.json()["state"] == "upcoming"
    assert post(client, f"{BASE}/calls", body, auth("delegate")).status_code == 403
    assert post(client, f"{BASE}/calls", body, {}).status_code == 401
    bad = post(client, f"{BASE}/calls", {**body, "questions": []}, auth("chair"))
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["questions"]


def test_submit_and_moderate(world, call, client, auth):
    submitted = post(
        client,
        f"{BASE}/calls/{call.pk}/contributions",
        {"answers": [{"question": 1, "text": "API answer."}]},
        auth("delegate"),
    )
    assert submitted.status_code == 201, submitted.content
    data = submitted.json()
    assert data["member"] == "bra" and data["status"] == "submitted" and data["source"] == "api"
    assert data["notice"] == "" and data["answers"] == [{"question": 1, "text": "API answer."}]
    pk = data["id"]
    # Unpublished: members see it, the public gets the same 404 as for a missing id.
    assert client.get(f"{BASE}/contributions/{pk}").status_code == 404
    assert client.get(f"{BASE}/contributions/{pk}", **auth("observer")).status_code == 200
    assert client.get(f"{BASE}/contributions", {"status": "submitted"}).json() == {
        "items": [],
        "count": 0,
    }
    assert (
        client.get(f"{BASE}/contributions", {"status": "all"}, **auth("chair")).json()["count"] == 1
    )
    denied = post(
        client, f"{BASE}/contributions/{pk}/moderation", {"action": "publish"}, auth("chair")
    )
    assert denied.status_code == 403
    published = post(
        client, f"{BASE}/contributions/{pk}/moderation", {"action": "publish"}, auth("secretariat")
    )
    assert published.status_code == 200 and published.json()["status"] == "published"
    public = client.get(f"{BASE}/contributions", {"constituency": "member-states", "question": 1})
    assert [c["id"] for c in public.json()["items"]] == [pk]
    assert client.get(f"{BASE}/contributions", {"question": 2}).json()["items"] == []
    no_reason = post(
        client, f"{BASE}/contributions/{pk}/moderation", {"action": "reject"}, auth("secretariat")
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["error"]["message"]


def test_submit_late_and_closed(world, client, auth):
    late_call = make_call(world, opens_in=-10, closes_in=-1)
    late = post(
        client,
        f"{BASE}/calls/{late_call.pk}/contributions",
        {"answers": [{"question": 1, "text": "Late."}]},
        auth("delegate"),
    )
    assert late.status_code == 201
    assert late.json()["is_late"] is True
    assert "received after the deadline of" in late.json()["notice"]
    assert "marked late" in late.json()["notice"]
    closed = make_call(world, opens_in=-10, closes_in=-1, accept_late=False)
    gone = post(
        client,
        f"{BASE}/calls/{closed.pk}/contributions",
        {"answers": [{"question": 1, "text": "Too late."}]},
        auth("delegate"),
    )
    assert gone.status_code == 410
    assert gone.json()["error"]["code"] == "closed"
    assert "The call closed on" in gone.json()["error"]["message"]
    assert Contribution.objects.filter(call=closed).count() == 0


def test_submit_errors(world, call, client, auth):
    path = f"{BASE}/calls/{call.pk}/contributions"
    answers = {"answers": [{"question": 1, "text": "x"}]}
    assert post(client, path, answers, {}).status_code == 401
    assert post(client, path, answers, auth("chair")).status_code == 403
    unknown = post(client, path, {"answers": [{"question": 7, "text": "x"}]}, auth("delegate"))
    assert unknown.status_code == 400
    assert post(client, path, answers, auth("delegate")).status_code == 201
    duplicate = post(client, path, answers, auth("delegate"))
    assert duplicate.status_code == 409
    assert Contribution.objects.count() == 1


def test_withdraw_by_delegate(world, call, client, auth):
    contribution = services.contribution_submit(
        actor=world.users["delegate"], call=call, answers={1: "x"}
    )
    response = post(
        client,
        f"{BASE}/contributions/{contribution.pk}/moderation",
        {"action": "withdraw", "reason": "Replaced by a new version"},
        auth("delegate"),
    )
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
