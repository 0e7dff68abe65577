"""The positions API: reads per version / paragraph / constituency, writes with a token."""

from __future__ import annotations

from accord.drafts.models import Amendment
from accord.positions.models import PositionEvent, StatusEvent

from .conftest import TEXTS, make_version, post_json

BASE = "/api/v1/groups/wgec/drafts/recs/versions"


def test_record_and_read_positions(world, neg, client, auth):
    path = f"{BASE}/1/paragraphs/OP2/positions"
    created = post_json(client, path, {"kind": "support"}, auth("delegate"))
    assert created.status_code == 201
    assert created.json()["member"] == world.members["BRA"].slug
    post_json(client, path, {"kind": "object", "reason": "Too vague."}, auth("delegate"))
    assert PositionEvent.objects.count() == 2
    one = client.get(path, **auth("observer"))
    assert one.status_code == 200
    body = one.json()
    assert body["key"] == "OP2" and body["status"]["status"] == "open"
    [position] = body["positions"]
    assert position["kind"] == "object" and position["reason"] == "Too vague."
    assert position["version"] == 1 and position["carried_over"] is False
    states = next(t for t in body["by_constituency"] if t["constituency"] == "member-states")
    assert states["counts"]["object"] == 1 and states["objectors"] == [world.members["BRA"].slug]
    assert states["no_position"] == 1
    listing = client.get(f"{BASE}/1/positions", **auth("chair")).json()
    assert [p["key"] for p in listing["items"]] == ["PP1", "OP1", "OP2"]
    votes = client.get(f"{BASE}/1/votes", **auth("chair")).json()
    assert votes == {
        "items": [{"member": world.members["BRA"].pk, "paragraph": "OP2", "value": -1}],
        "count": 1,
    }


def test_positions_are_members_only_and_hidden_versions_404(world, neg, client, auth):
    assert client.get(f"{BASE}/1/positions").status_code == 404
    assert client.get(f"{BASE}/1/positions", **auth("outsider")).status_code == 404
    assert client.get(f"{BASE}/1/statuses").status_code == 404  # circulated, not published
    make_version(neg.report, 2, TEXTS, neg.paragraphs, published=True)
    statuses = client.get(f"{BASE}/2/statuses")
    assert statuses.status_code == 200 and statuses.json()["OP1"]["status"] == "bracketed"
    make_version(neg.report, 3, TEXTS, neg.paragraphs, issued=False)
    hidden = client.get(f"{BASE}/3/statuses", **auth("delegate"))
    missing = client.get(f"{BASE}/9/statuses", **auth("delegate"))
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
    assert client.get(f"{BASE}/3/statuses", **auth("chair")).status_code == 200


def test_write_errors(world, neg, client, auth):
    path = f"{BASE}/1/paragraphs/OP2/positions"
    assert post_json(client, path, {"kind": "support"}, {}).status_code == 401
    observer = post_json(client, path, {"kind": "support"}, auth("observer"))
    assert observer.status_code == 403
    bad = post_json(client, path, {"kind": "object"}, auth("delegate"))
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["reason"]
    unknown = post_json(
        client, f"{BASE}/1/paragraphs/OP9/positions", {"kind": "support"}, auth("delegate")
    )
    assert unknown.status_code == 404
    assert PositionEvent.objects.count() == 0


def test_status_and_ad_ref_flow(world, neg, client, auth):
    path = f"{BASE}/1/paragraphs/OP2/status"
    bra = world.members["BRA"].slug
    body = {"status": "agreed_ad_ref", "pending_members": [bra], "note": "pending capital"}
    assert post_json(client, path, body, auth("delegate")).status_code == 403
    assert post_json(client, path, body, auth("facilitator")).status_code == 403
    unknown = post_json(client, path, {**body, "pending_members": ["nobody"]}, auth("chair"))
    assert unknown.status_code == 400
    set_ = post_json(client, path, body, auth("chair"))
    assert set_.status_code == 201
    assert set_.json()["status"] == "agreed_ad_ref" and set_.json()["pending_members"] == [bra]
    confirm = post_json(client, f"{BASE}/1/paragraphs/OP2/confirm", {}, auth("delegate"))
    assert confirm.status_code == 201
    assert confirm.json() == {
        "status": "agreed",
        "label": "Agreed (provisional)",
        "is_provisional": True,
        "is_derived": False,
        "carried_over": False,
        "pending_members": [],
        "determination": "",
        "determination_text": "",
        "overruled": [],
    }
    again = post_json(client, f"{BASE}/1/paragraphs/OP2/confirm", {}, auth("delegate"))
    assert again.status_code == 409
    back = post_json(client, path, {"status": "bracketed"}, auth("chair"))
    assert back.status_code == 409 and "cannot become bracketed" in back.json()["error"]["message"]
    assert StatusEvent.objects.count() == 2


def test_compilation_json(world, neg, client, auth):
    Amendment.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP1"),
        kind=Amendment.Kind.INSERT_TEXT,
        proposer=world.members["SWE"],
        new_text=" open-ended",
        base_text_hash="h",
    )
    body = client.get(f"{BASE}/1/compilation", **auth("delegate")).json()
    assert body["label"] == "Zero draft"
    op1 = body["paragraphs"][1]
    assert op1["key"] == "OP1" and op1["status"] == "bracketed"
    assert op1["proposals"][0]["proposer"] == "Sweden" and op1["positions"] is not None
    assert client.get(f"{BASE}/1/compilation").status_code == 404
