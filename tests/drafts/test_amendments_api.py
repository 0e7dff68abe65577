"""The amendments API: token auth, status codes, bodies, 404 for other groups' things."""

from __future__ import annotations

from accord.accounts.services import api_token_create
from accord.drafts.models import Amendment, Bracket, Report, Version
from accord.groups import services as group_services

from .conftest_amend import *  # noqa: F403 (fixtures)
from .conftest_amend import TEXTS, add_version, span

BASE = "/api/v1/groups/wgec/drafts/report"


def auth(user):
    _, key = api_token_create(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, url, body, user=None):
    extra = auth(user) if user is not None else {}
    return client.post(url, body, content_type="application/json", **extra)


def test_propose_support_decide(client, world, draft, swe_delegate):
    start, end = span(TEXTS["OP1"], "should")
    body = {
        "paragraph": "OP1",
        "kind": "replace_text",
        "start": start,
        "end": end,
        "new_text": "shall",
    }
    assert post(client, f"{BASE}/versions/1/amendments", body).status_code == 401
    denied = post(client, f"{BASE}/versions/1/amendments", body, world.users["observer"])
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "permission_denied"
    created = post(client, f"{BASE}/versions/1/amendments", body, world.users["delegate"])
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["proposer"] == world.members["BRA"].slug and data["old_text"] == "should"
    pk = data["id"]
    ok = post(client, f"{BASE}/amendments/{pk}/support", {"kind": "cosponsor"}, swe_delegate)
    assert ok.status_code == 200 and ok.json()["supports"] == [
        {"member": world.members["SWE"].slug, "kind": "cosponsor"}
    ]
    listed = client.get(f"{BASE}/versions/1/amendments", **auth(world.users["observer"]))
    assert listed.json() == {"items": [listed.json()["items"][0]], "count": 1}
    assert listed.json()["items"][0]["id"] == pk
    stale = post(
        client,
        f"{BASE}/amendments/{pk}/decide",
        {"decision": "not_incorporated", "lock_version": 3},
        world.users["chair"],
    )
    assert stale.status_code == 409 and "reload" in stale.json()["error"]["message"]
    done = post(
        client,
        f"{BASE}/amendments/{pk}/decide",
        {"decision": "not_incorporated", "lock_version": 0},
        world.users["chair"],
    )
    assert done.status_code == 200 and done.json()["status"] == "not_incorporated"


def test_bad_input_and_hidden_things(client, world, draft):
    delegate = world.users["delegate"]
    bad = post(
        client,
        f"{BASE}/versions/1/amendments",
        {"paragraph": "OP1", "kind": "replace_text", "start": 3, "end": 999, "new_text": "x"},
        delegate,
    )
    assert bad.status_code == 400 and "outside" in bad.json()["error"]["message"]
    missing = post(
        client,
        f"{BASE}/versions/1/amendments",
        {"paragraph": "OP99", "kind": "delete_paragraph"},
        delegate,
    )
    assert missing.status_code == 404
    assert (
        post(
            client,
            f"{BASE}/versions/7/amendments",
            {"paragraph": "OP1", "kind": "delete_paragraph"},
            delegate,
        ).status_code
        == 404
    )
    # Another group's report is not found, as if it did not exist.
    other = group_services.group_create(
        actor=world.users["secretariat"], name="Other group", short_name="OG"
    )
    report = Report.objects.create(group=other, title="Theirs", slug="report")
    add_version(report, 1, {"OP1": "Their text."})
    theirs = Amendment.objects.create(
        version=Version.objects.get(report=report),
        paragraph=report.paragraphs.get(),
        kind="delete_paragraph",
        proposer_role="chair",
        base_text_hash="x",
    )
    assert client.get(f"{BASE}/amendments/{theirs.pk}", **auth(delegate)).status_code == 404
    assert post(
        client,
        f"/api/v1/groups/{other.slug}/drafts/report/versions/1/amendments",
        {"paragraph": "OP1", "kind": "delete_paragraph"},
        delegate,
    ).status_code in (403, 404)
    assert Amendment.objects.count() == 1


def test_brackets_options_final_and_revision(client, world, draft, swe_delegate):
    start, end = span(TEXTS["OP1"], "every five years")
    made = post(
        client,
        f"{BASE}/versions/1/brackets",
        {"paragraph": "OP1", "start": start, "end": end, "reason": "capital"},
        world.users["delegate"],
    )
    assert made.status_code == 201 and made.json()["holders"][0]["reason"] == ""
    same = post(
        client,
        f"{BASE}/versions/1/brackets",
        {"paragraph": "OP1", "start": start, "end": end},
        swe_delegate,
    )
    assert same.json()["id"] == made.json()["id"] and len(same.json()["holders"]) == 2
    assert (
        post(
            client,
            f"{BASE}/versions/1/brackets",
            {"paragraph": "OP1", "start": start, "end": end},
            world.users["chair"],
        ).status_code
        == 403
    )
    lifted = post(client, f"{BASE}/brackets/{made.json()['id']}/lift", {}, swe_delegate)
    assert lifted.status_code == 200 and len(lifted.json()["holders"]) == 1
    group = post(
        client,
        f"{BASE}/versions/1/option-groups",
        {"label": "OP2 or OP3", "paragraphs": ["OP2", "OP3"]},
        world.users["chair"],
    )
    assert group.status_code == 201
    chosen = post(
        client,
        f"{BASE}/option-groups/{group.json()['id']}/choose",
        {"paragraph": "OP3"},
        world.users["chair"],
    )
    assert chosen.json()["chosen"] == "OP3"
    a = post(
        client,
        f"{BASE}/versions/1/amendments",
        {"paragraph": "OP3", "kind": "insert_text", "start": 0, "new_text": "Also "},
        world.users["delegate"],
    ).json()
    preview = client.get(
        f"{BASE}/versions/1/final?amendments={a['id']}", **auth(world.users["observer"])
    ).json()
    assert preview["items"][3]["text"].startswith("Also Requests") and not preview["conflicts"]
    body = {"amendments": [a["id"]], "label": "Rev.1"}
    assert (
        post(client, f"{BASE}/versions/1/revision", body, world.users["secretariat"]).status_code
        == 403
    )
    issued = post(client, f"{BASE}/versions/1/revision", body, world.users["chair"])
    assert issued.status_code == 201 and issued.json()["number"] == 2
    assert len(issued.json()["content_hash"]) == 64
    assert Bracket.objects.filter(version__number=2).count() == 1
    again = post(client, f"{BASE}/versions/1/revision", body, world.users["chair"])
    assert again.status_code in (400, 409)
