"""The meetings API: reads, token-authenticated writes, one error body."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.accounts.services import api_token_create
from accord.meetings.models import LivePost, Meeting, SpeakerTurn, Transcript

from .conftest import stored_files
from .samples import CAPTIONING, TIMESTAMPED

BASE = "/api/v1/groups/wgec"


def token(world, role):
    _, key = api_token_create(user=world.users[role], name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_meeting_list_and_detail(client, world, meeting, open_transcript):
    response = client.get(f"{BASE}/meetings")
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "number": 3,
                "title": "Third meeting",
                "venue": "Palais des Nations, Geneva",
                "start_date": "2025-03-10",
                "end_date": "2025-03-12",
                "is_closed": False,
            }
        ],
        "count": 1,
    }
    detail = client.get(f"{BASE}/meetings/3").json()
    assert [d["date"] for d in detail["days"]] == ["2025-03-10", "2025-03-11"]
    assert detail["days"][0]["transcript_url"] is None
    assert detail["days"][1]["transcript_url"] == "/g/wgec/meetings/3/days/2025-03-11/"
    assert detail["days"][1]["transcript_public"] is True
    missing = client.get(f"{BASE}/meetings/9")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_transcript_read(client, world, open_transcript):
    base = f"{BASE}/meetings/3/days/2025-03-11/transcript"
    detail = client.get(base).json()
    assert detail["format"] == "captioning" and detail["turn_count"] == 5
    assert "turns" not in detail and detail["turns_url"] == f"{base}/turns"
    body = client.get(detail["turns_url"]).json()
    assert body["count"] == 5
    turns = body["items"]
    brazil = turns[1]
    assert brazil["speaker"] == "Brazil" and brazil["member"] == world.members["BRA"].slug
    assert brazil["url"] == "/g/wgec/meetings/3/days/2025-03-11/#turn-1"
    assert turns[0]["role"] == "chair"
    only = client.get(detail["turns_url"], {"speaker": "CHAIR"}).json()
    assert [t["index"] for t in only["items"]] == [0, 4] and only["count"] == 2
    page = client.get(detail["turns_url"], {"limit": 2, "offset": 3}).json()
    assert [t["index"] for t in page["items"]] == [3, 4] and page["count"] == 5


def test_closed_transcript_read_is_404_unless_member(client, world, closed_transcript):
    url = f"{BASE}/meetings/4/days/2025-04-07/transcript"
    hidden = client.get(url)
    missing = client.get(f"{BASE}/meetings/4/days/2025-04-08/transcript")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert client.get(url, **token(world, "outsider")).status_code == 404
    assert client.get(url, **token(world, "observer")).status_code == 200
    turns = client.get(f"{url}/turns")
    assert turns.status_code == 404 and turns.json() == missing.json()
    assert client.get(f"{url}/turns", **token(world, "observer")).status_code == 200


def test_meeting_create(client, world):
    payload = {"title": "API meeting", "start_date": "2025-09-01", "is_closed": True}
    assert (
        client.post(f"{BASE}/meetings", payload, content_type="application/json").status_code == 401
    )
    forbidden = client.post(
        f"{BASE}/meetings", payload, content_type="application/json", **token(world, "delegate")
    )
    assert forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "permission_denied"
    auth = token(world, "secretariat")
    created = client.post(f"{BASE}/meetings", payload, content_type="application/json", **auth)
    assert created.status_code == 201 and created.json()["number"] == 1
    again = client.post(
        f"{BASE}/meetings", {**payload, "number": 1}, content_type="application/json", **auth
    )
    assert again.status_code == 409
    bad = client.post(
        f"{BASE}/meetings",
        {**payload, "end_date": "2025-08-01"},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400 and "cannot end before" in bad.json()["error"]["message"]
    assert Meeting.objects.count() == 1


def test_transcript_upload(client, world, meeting):
    url = f"{BASE}/meetings/3/days/2025-03-10/transcript"
    file = SimpleUploadedFile("day1.txt", TIMESTAMPED.encode())
    assert client.post(url, {"file": file}).status_code == 401
    response = client.post(
        url,
        {"file": SimpleUploadedFile("day1.txt", TIMESTAMPED.encode())},
        **token(world, "secretariat"),
    )
    # The upload is a job (run at once by the tests' immediate backend); its result says
    # what was stored.
    assert response.status_code == 202, response.content
    job = response.json()
    assert response["Location"] == job["api_url"] == f"http://testserver/api/v1/jobs/{job['id']}"
    assert job["status"] == "succeeded" and job["finished"]
    assert client.get(response["Location"], **token(world, "secretariat")).json() == job
    body = job["result"]
    assert body["turns"] == 4 and body["format"] == "timestamped"
    assert [(m["label"], m["member"], m["role"]) for m in body["matched"]] == [
        ("Chair", None, "chair"),
        ("Sweden", "swe", None),
        ("Switzerland", "che", None),
    ]
    assert body["unmatched"] == ["Jane Doe"]
    duplicate = client.post(
        url,
        {"file": SimpleUploadedFile("again.txt", TIMESTAMPED.encode())},
        **token(world, "secretariat"),
    )
    assert duplicate.status_code == 202
    assert duplicate.json()["status"] == "failed"
    assert duplicate.json()["error"]["code"] == "conflict"
    assert duplicate.json()["error"]["message"].startswith(
        "This transcript was already uploaded on"
    )


@pytest.mark.parametrize(
    ("data", "extra", "status", "code"),
    [
        # Read by the job: the upload is accepted (202) and the job fails with the reason.
        (b"PK\x03\x04broken", {}, 202, "validation_failed"),
        (b"only prose here", {}, 202, "validation_failed"),
        (CAPTIONING.encode(), {"format": "nonsense"}, 202, "validation_failed"),
        # Refused by the request itself.
        (CAPTIONING.encode() * 20, {}, 413, "too_large"),
    ],
)
def test_transcript_upload_bad_input(
    client, world, meeting, media_root, settings, data, extra, status, code
):
    settings.ACCORD_MAX_UPLOAD_BYTES = 2048
    url = f"{BASE}/meetings/3/days/2025-03-10/transcript"
    name = "x.docx" if data.startswith(b"PK") else "x.txt"
    response = client.post(
        url, {"file": SimpleUploadedFile(name, data), **extra}, **token(world, "secretariat")
    )
    assert response.status_code == status
    if status == 202:
        assert response.json()["status"] == "failed"
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]
    assert (Transcript.objects.count(), SpeakerTurn.objects.count()) == (0, 0)
    assert stored_files(media_root) == []


def test_upload_permissions_and_missing_day(client, world, meeting):
    url = f"{BASE}/meetings/3/days/2025-03-10/transcript"
    file = SimpleUploadedFile("d.txt", CAPTIONING.encode())
    assert client.post(url, {"file": file}, **token(world, "chair")).status_code == 403
    missing = f"{BASE}/meetings/3/days/2025-03-19/transcript"
    file = SimpleUploadedFile("d.txt", CAPTIONING.encode())
    assert client.post(missing, {"file": file}, **token(world, "secretariat")).status_code == 404


def test_live(client, world, meeting):
    url = f"{BASE}/live"
    payload = {"body": "Consultations resume at 15:00.", "meeting": 3}
    assert client.post(url, payload, content_type="application/json").status_code == 401
    assert (
        client.post(
            url, payload, content_type="application/json", **token(world, "delegate")
        ).status_code
        == 403
    )
    created = client.post(url, payload, content_type="application/json", **token(world, "chair"))
    assert created.status_code == 201 and created.json()["meeting"] == 3
    too_long = client.post(
        url, {"body": "x" * 1001}, content_type="application/json", **token(world, "chair")
    )
    assert too_long.status_code == 422  # longer than the form allows: the schema refuses it
    listed = client.get(url).json()["items"]
    assert [p["body"] for p in listed] == ["Consultations resume at 15:00."]
    assert LivePost.objects.count() == 1


def test_openapi_schema_lists_the_routes(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert "/api/v1/groups/{slug}/meetings/{number}/days/{day}/transcript" in paths
    assert "/api/v1/groups/{slug}/live" in paths
