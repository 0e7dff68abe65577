"""The amendments API without offsets: quoted words (and which occurrence), propose by
editing (preview, then record), parts in every amendment's body; offsets still work."""

from __future__ import annotations

from accord.drafts.models import Amendment, Bracket
from accord.drafts.selectors.amendments import text_hash

from .conftest_amend import *  # noqa: F403 (fixtures)
from .conftest_amend import TEXTS
from .test_amendment_edit import EDITED
from .test_amendments_api import BASE, auth, post


def test_quote_and_occurrence(client, world, draft):
    delegate = world.users["delegate"]
    body = {"paragraph": "OP1", "kind": "delete_text", "quote": "the"}
    ask = post(client, f"{BASE}/versions/1/amendments", body, delegate)
    assert ask.status_code == 400
    error = ask.json()["error"]
    assert error["code"] == "ambiguous_quote" and error["fields"]["occurrences"] == "13-16 42-45"
    done = post(client, f"{BASE}/versions/1/amendments", {**body, "occurrence": 2}, delegate)
    assert done.status_code == 201 and (done.json()["start"], done.json()["end"]) == (42, 45)
    bracket = post(
        client,
        f"{BASE}/versions/1/brackets",
        {"paragraph": "OP2", "quote": "Member States"},
        delegate,
    )
    assert bracket.status_code == 201 and bracket.json()["text"] == "Member States"
    offsets = post(
        client, f"{BASE}/versions/1/brackets", {"paragraph": "OP3", "start": 0, "end": 8}, delegate
    )
    assert offsets.status_code == 201 and Bracket.objects.count() == 2
    neither = post(client, f"{BASE}/versions/1/brackets", {"paragraph": "OP3"}, delegate)
    assert neither.status_code == 400


def test_propose_by_editing_preview_then_record(client, world, draft):
    delegate = world.users["delegate"]
    body = {
        "paragraph": "OP1",
        "text": EDITED,
        "expected_text_hash": text_hash(TEXTS["OP1"]),
        "preview": True,
    }
    preview = post(client, f"{BASE}/versions/1/amendments/edited", body, delegate)
    assert preview.status_code == 200, preview.content
    data = preview.json()
    assert data["text"] == EDITED and data["kind"] == "replace_text"
    assert [(p["old_text"], p["new_text"]) for p in data["parts"]] == [
        ("should", "shall"),
        ("", " regularly"),
        ("five", "four"),
    ]
    assert Amendment.objects.count() == 0
    created = post(
        client,
        f"{BASE}/versions/1/amendments/edited",
        {**body, "preview": False, "rationale": "Tighter."},
        delegate,
    )
    assert created.status_code == 201
    assert [p["new_text"] for p in created.json()["parts"]] == ["shall", " regularly", "four"]
    listed = client.get(f"{BASE}/versions/1/amendments", **auth(world.users["observer"]))
    assert len(listed.json()["items"][0]["parts"]) == 3
    unchanged = post(
        client, f"{BASE}/versions/1/amendments/edited", {**body, "text": TEXTS["OP1"]}, delegate
    )
    assert unchanged.status_code == 400
    stale = post(
        client,
        f"{BASE}/versions/1/amendments/edited",
        {**body, "expected_text_hash": "0" * 64},
        delegate,
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_text"
    assert post(client, f"{BASE}/versions/1/amendments/edited", body).status_code == 401
    assert Amendment.objects.count() == 1
