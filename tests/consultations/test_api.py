"""The consultations API: reads, token-authenticated votes and statements, the map as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accord.accounts.services import api_token_create
from accord.consultations import selectors, services
from accord.consultations.models import Statement, Vote

from .conftest import two_camps, write_polis_csv


def _base(c: Any) -> str:
    return f"/api/v1/groups/{c.group.slug}/consultations/{c.pk}"


def _auth(world: Any, role: str) -> dict[str, str]:
    _token, key = api_token_create(user=world.users[role], name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_reads(client: Any, world: Any, consultation: Any, public_consultation: Any) -> None:
    resp = client.get(f"/api/v1/groups/{world.group.slug}/consultations")
    assert resp.status_code == 200
    assert [c["id"] for c in resp.json()["items"]] == [
        public_consultation.pk
    ]  # anonymous: public only
    resp = client.get(
        f"/api/v1/groups/{world.group.slug}/consultations", **_auth(world, "delegate")
    )
    assert resp.json()["count"] == 2
    assert client.get(_base(consultation)).status_code == 404  # hidden
    body = client.get(_base(public_consultation)).json()
    assert body["is_open"] is True and body["allow_public"] is True
    statements = client.get(f"{_base(public_consultation)}/statements").json()["items"]
    assert len(statements) == 3 and all(s["is_seed"] for s in statements)
    assert client.get(f"/api/v1/groups/{world.group.slug}/consultations/999999").status_code == 404
    assert client.get("/api/v1/groups/nope/consultations").status_code == 404


def test_vote_with_token(client: Any, world: Any, consultation: Any) -> None:
    s = selectors.statement_list(consultation=consultation).first()
    assert s is not None
    url = f"{_base(consultation)}/votes"
    assert (
        client.post(
            url, {"statement": s.pk, "value": 1}, content_type="application/json"
        ).status_code
        == 401
    )
    headers = _auth(world, "delegate")
    resp = client.post(
        url, {"statement": s.pk, "value": 1}, content_type="application/json", **headers
    )
    assert resp.status_code == 201 and resp.json()["value"] == 1
    resp = client.post(
        url, {"statement": s.pk, "value": -1}, content_type="application/json", **headers
    )
    assert resp.status_code == 201
    assert selectors.votes_of(Vote.objects.last().participant) == {s.pk: -1}
    resp = client.post(
        url, {"statement": 999999, "value": 1}, content_type="application/json", **headers
    )
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "not_found"
    resp = client.post(
        url, {"statement": s.pk, "value": 3}, content_type="application/json", **headers
    )
    assert resp.status_code == 400
    outsider = _auth(world, "outsider")
    resp = client.post(
        url, {"statement": s.pk, "value": 1}, content_type="application/json", **outsider
    )
    assert resp.status_code == 404  # members-only consultation is hidden from outsiders
    services.consultation_close(actor=world.users["chair"], consultation=consultation)
    resp = client.post(
        url, {"statement": s.pk, "value": 1}, content_type="application/json", **headers
    )
    assert resp.status_code == 410 and resp.json()["error"]["code"] == "closed"
    assert Vote.objects.count() == 2


def test_public_consultation_outsider_votes_by_token(
    client: Any, world: Any, public_consultation: Any
) -> None:
    s = selectors.statement_list(consultation=public_consultation).first()
    assert s is not None
    resp = client.post(
        f"{_base(public_consultation)}/votes",
        {"statement": s.pk, "value": 0},
        content_type="application/json",
        **_auth(world, "outsider"),
    )
    assert resp.status_code == 201


def test_submit_statement(client: Any, world: Any, consultation: Any) -> None:
    url = f"{_base(consultation)}/statements"
    headers = _auth(world, "delegate")
    resp = client.post(url, {"text": "More seats."}, content_type="application/json", **headers)
    assert resp.status_code == 201 and resp.json()["status"] == "submitted"
    resp = client.post(url, {"text": "More seats."}, content_type="application/json", **headers)
    assert resp.status_code == 409
    resp = client.post(url, {"text": "x" * 501}, content_type="application/json", **headers)
    # Longer than the form allows: refused by the API's schema, as by the form.
    assert resp.status_code == 422 and "payload.text" in resp.json()["error"]["fields"]
    assert Statement.objects.filter(consultation=consultation).count() == 4


def test_map_json(client: Any, world: Any, consultation: Any, tmp_path: Path) -> None:
    body = client.get(f"{_base(consultation)}/map", **_auth(world, "delegate")).json()
    assert body["status"] == "not_enough_votes"
    assert body["message"] == "not enough votes to form groups: there are no votes yet"
    assert body["groups"] == [] and body["points"] == []
    path = write_polis_csv(tmp_path / "c", two_camps())
    imported = services.polis_import(actor=world.users["secretariat"], group=world.group, path=path)
    resp = client.get(f"{_base(imported)}/map", **_auth(world, "observer"))
    body = resp.json()
    assert resp.status_code == 200 and body["status"] == "ok"
    assert len(body["groups"]) == 2 and len(body["points"]) == 30
    assert all(g["representative"] for g in body["groups"])
    assert body["consensus"] and body["bridging"]
    assert {p["group"] for p in body["points"]} <= {-1, 0, 1}
