"""NUL characters in a URL's query or a JSON body are refused, never a database error."""

from __future__ import annotations

import json

import pytest

from accord.common.middleware import NUL_MESSAGE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/search?q=climate%00finance", "q"),
        ("/api/v1/search?q%00=x", "q"),
        ("/api/v1/groups?x=%00", "x"),
    ],
)
def test_nul_in_api_query_is_the_api_validation_error(client, url: str, field: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    message = "Text may not contain NUL (0x00) characters."
    assert response.json() == {
        "error": {"code": "validation_failed", "message": message, "fields": {field: message}}
    }


@pytest.mark.django_db
def test_nul_in_page_query_is_a_400(client, world) -> None:
    response = client.get(f"/g/{world.group.slug}/search/?q=a%00b")
    assert response.status_code == 400
    assert b"NUL" in response.content


@pytest.mark.django_db
def test_nul_in_json_body_is_refused(client) -> None:
    token = {"HTTP_AUTHORIZATION": "Bearer not-checked-yet"}
    for body in ('{"text": "a\\u0000b"}', '{"a\\u0000": 1}', '{"x": ["ok", {"y": "\\u0000"}]}'):
        response = client.post("/api/v1/groups", body, content_type="application/json", **token)
        assert response.status_code == 422, body
        assert response.json()["error"]["fields"] == {"request": NUL_MESSAGE}
        # Without a token the API answers first that one is needed.
        anonymous = client.post("/api/v1/groups", body, content_type="application/json")
        assert anonymous.status_code == 401


@pytest.mark.django_db
def test_escaped_backslash_before_u0000_is_not_a_nul(client) -> None:
    body = json.dumps({"text": "C:\\u0000 is a path, not a NUL"})
    assert "\\\\u0000" in body
    # With a token header the body is looked at; the made-up token then gets the API's 401.
    response = client.post(
        "/api/v1/groups",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer not-checked-yet",
    )
    assert response.status_code == 401 and NUL_MESSAGE not in response.content.decode()


@pytest.mark.django_db
def test_ordinary_requests_pass(client) -> None:
    assert client.get("/api/v1/search?q=climate").status_code == 200


@pytest.mark.django_db
def test_nul_in_a_form_field_is_a_400_and_files_are_not_read(client, world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users["secretariat"])
    url = f"/g/{world.group.slug}/search/"
    assert client.post(url, {"q": "a\x00b"}).status_code == 400
    upload = SimpleUploadedFile("scan.bin", b"\x00\x01binary\x00", "application/octet-stream")
    # A file may hold NUL bytes: the request goes on to the view.
    assert client.post(url, {"q": "ab", "file": upload}).status_code == 200
