"""API: thread list and detail (viewer-dependent), archive import with a token."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from accord.accounts.services import api_token_create
from accord.correspondence.models import MailingList, Message, Thread
from accord.search.models import SearchEntry
from tests.correspondence.archives import THREAD

BASE = "/api/v1/groups/wgec/correspondence"


def _auth(world, role: str) -> dict[str, str]:
    _, key = api_token_create(user=world.users[role], name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _rows() -> tuple[int, ...]:
    return (
        MailingList.objects.count(),
        Thread.objects.count(),
        Message.objects.count(),
        SearchEntry.objects.count(),
    )


def _post(client, headers, data: bytes = THREAD, name: str = "t.mbox", **fields):
    return client.post(
        f"{BASE}/import",
        {"file": SimpleUploadedFile(name, data), **fields},
        **headers,
    )


def test_thread_list_anonymous_sees_public_lists_only(client, imported, members_only):
    response = client.get(f"{BASE}/threads")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [t["subject"] for t in body["items"]] == ["Meeting logistics", "Draft report v2"]
    thread = body["items"][1]
    assert thread["message_count"] == 3 and thread["mailing_list"] == "Main list"
    assert thread["url"] == f"/g/wgec/correspondence/{thread['id']}/"


def test_thread_list_for_a_member_token(client, world, imported, members_only):
    body = client.get(f"{BASE}/threads", **_auth(world, "delegate")).json()
    assert body["count"] == 3
    only = client.get(f"{BASE}/threads?mailing_list=Bureau", **_auth(world, "delegate")).json()
    assert [t["subject"] for t in only["items"]] == ["Confidential scheduling"]
    assert client.get(f"{BASE}/threads?mailing_list=Bureau").status_code == 404


def test_thread_detail_hides_addresses_from_the_public(client, world, imported):
    thread = Thread.objects.get(subject="Draft report v2")
    detail = client.get(f"{BASE}/threads/{thread.pk}").json()
    assert detail["message_count"] == 3 and "messages" not in detail
    assert detail["messages_url"] == f"{BASE}/threads/{thread.pk}/messages"
    body = client.get(detail["messages_url"]).json()
    assert body["count"] == 3
    messages = body["items"]
    assert messages[0]["subject"] == "Draft report v2"
    assert all(m["sender_email"] is None for m in messages)
    reply2 = messages[2]
    assert reply2["parent_id"] == messages[1]["id"]
    assert "ana.souza@" not in reply2["body"]
    member_view = client.get(detail["messages_url"], **_auth(world, "delegate")).json()
    assert member_view["items"][1]["sender_email"] == "ana.souza@itamaraty.gov.br"


def test_thread_messages_are_paged(client, imported):
    """A thread of thousands of messages is read a page at a time (issue 10)."""
    thread = Thread.objects.get(subject="Draft report v2")
    url = f"{BASE}/threads/{thread.pk}/messages"
    everything = [m["id"] for m in client.get(url).json()["items"]]
    first = client.get(url, {"limit": 2}).json()
    rest = client.get(url, {"limit": 2, "offset": 2}).json()
    assert first["count"] == rest["count"] == 3
    assert [m["id"] for m in first["items"] + rest["items"]] == everything


def test_members_only_thread_is_404_like_a_missing_one(client, world, members_only):
    thread = members_only.threads.get()
    hidden = client.get(f"{BASE}/threads/{thread.pk}")
    missing = client.get(f"{BASE}/threads/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert client.get(f"{BASE}/threads/{thread.pk}", **_auth(world, "outsider")).status_code == 404
    assert client.get(f"{BASE}/threads/{thread.pk}", **_auth(world, "observer")).status_code == 200


def test_import_needs_a_token(client, world):
    assert _post(client, {}).status_code == 401
    response = _post(client, _auth(world, "delegate"))
    assert response.status_code == 403, response.json()
    assert response.json()["error"]["code"] == "permission_denied"
    assert _rows() == (0, 0, 0, 0)


def test_import_returns_the_report(client, world):
    # The import is a job (run at once by the tests' immediate backend): 202, and the report
    # is the job's result.
    response = _post(client, _auth(world, "secretariat"), list_name="Plenary", members_only="true")
    assert response.status_code == 202
    assert response["Location"] == response.json()["api_url"]
    assert response.json()["status"] == "succeeded"
    body = response.json()["result"]
    assert body["mailing_list"] == "Plenary"
    assert (body["new_messages"], body["threads_created"], body["duplicates"]) == (4, 2, 0)
    assert body["summary"].startswith("Imported 4 new messages from t.mbox")
    assert response.json()["summary"] == body["summary"]
    assert response.json()["result_url"] == "http://testserver/g/wgec/correspondence/?list=Plenary"
    assert not MailingList.objects.get(name="Plenary").is_public
    again = _post(client, _auth(world, "secretariat"), list_name="Plenary").json()["result"]
    assert (again["new_messages"], again["duplicates"]) == (0, 4)
    assert again["summary"] == "All 4 messages were already imported."


def test_import_garbage_fails_the_job_and_writes_nothing(client, world):
    response = _post(client, _auth(world, "secretariat"), b"\x00\x01PK binary", "report.docx")
    assert response.status_code == 202
    assert response.json()["status"] == "failed"
    error = response.json()["error"]
    assert "report.docx is a binary file" in error["message"]
    assert error["code"] == "validation_failed"
    assert _rows() == (0, 0, 0, 0)


def test_import_without_a_file_is_400(client, world):
    response = client.post(f"{BASE}/import", {"list_name": "X"}, **_auth(world, "secretariat"))
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Choose a file to upload."


@override_settings(ACCORD_MAX_UPLOAD_BYTES=100)
def test_import_oversized_is_413(client, world):
    response = _post(client, _auth(world, "secretariat"))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert _rows() == (0, 0, 0, 0)


def test_unknown_group_is_404(client, db):
    assert client.get("/api/v1/groups/nope/correspondence/threads").status_code == 404
