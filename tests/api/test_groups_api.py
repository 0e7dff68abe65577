from __future__ import annotations

import json

import pytest

from accord.accounts.services import api_token_create
from accord.groups.models import Member
from tests.groups.blocs import *  # noqa: F403 (the blocs fixture)


def auth(user):
    _, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/groups" in paths
    assert "/api/v1/search" in paths


def test_group_list_and_detail(client, world):
    assert [g["slug"] for g in client.get("/api/v1/groups").json()["items"]] == ["wgec"]
    detail = client.get("/api/v1/groups/wgec").json()
    assert detail["short_name"] == "WGEC"
    assert [c["slug"] for c in detail["constituencies"]][:2] == ["member-states", "private-sector"]


def test_unknown_group_is_404_with_one_error_body(client, db):
    response = client.get("/api/v1/groups/nope")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "No such working group.", "fields": {}}
    }


def test_members_filter_by_constituency(client, world):
    members = client.get("/api/v1/groups/wgec/members?constituency=member-states").json()["items"]
    assert sorted(m["iso3"] for m in members) == ["BRA", "CHE", "SWE"]


def test_write_needs_a_token(client, world):
    response = client.post(
        "/api/v1/groups/wgec/members", data=json.dumps({}), content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_secretariat_adds_member_with_token(client, world):
    body = {"name": "Kenya", "kind": "state", "iso3": "KEN", "constituency": "member-states"}
    response = client.post(
        "/api/v1/groups/wgec/members",
        data=json.dumps(body),
        content_type="application/json",
        **auth(world.users["secretariat"]),
    )
    assert response.status_code == 201, response.content
    assert response.json()["slug"] == "ken"
    again = client.post(
        "/api/v1/groups/wgec/members",
        data=json.dumps(body),
        content_type="application/json",
        **auth(world.users["secretariat"]),
    )
    assert again.status_code == 409
    assert Member.objects.filter(iso3="KEN").count() == 1


@pytest.mark.parametrize("role", ["chair", "delegate", "observer", "outsider"])
def test_others_cannot_add_members(client, world, role):
    body = {"name": "Kenya", "kind": "state", "iso3": "KEN", "constituency": "member-states"}
    response = client.post(
        "/api/v1/groups/wgec/members",
        data=json.dumps(body),
        content_type="application/json",
        **auth(world.users[role]),
    )
    assert response.status_code == 403
    assert not Member.objects.filter(iso3="KEN").exists()


def test_bad_member_input_is_400_or_422(client, world):
    headers = auth(world.users["secretariat"])
    response = client.post(
        "/api/v1/groups/wgec/members",
        data=json.dumps(
            {"name": "X", "kind": "state", "iso3": "K1", "constituency": "member-states"}
        ),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400
    assert "ISO 3166" in response.json()["error"]["message"]
    response = client.post(
        "/api/v1/groups/wgec/members", data="{not json", content_type="application/json", **headers
    )
    assert response.status_code in (400, 422)


def test_staff_creates_group_with_token(client, world):
    response = client.post(
        "/api/v1/groups",
        data=json.dumps({"name": "Expert Group on Data", "short_name": "EGD"}),
        content_type="application/json",
        **auth(world.users["secretariat"]),
    )
    assert response.status_code == 201
    assert response.json()["slug"] == "egd"
    assert len(response.json()["constituencies"]) == 5


def test_schema_component_names_are_unique():
    """Ninja names components after the Schema classes: two classes with one name would make
    one endpoint's documented response the other's."""
    import inspect

    from ninja import Schema

    import accord.api as api_package
    from accord.api import (
        amendments,
        consultations,
        contributions,
        correspondence,
        drafts,
        errors,
        exports,
        groups,
        meetings,
        positions,
        search,
    )

    modules = [
        amendments,
        consultations,
        contributions,
        correspondence,
        drafts,
        errors,
        exports,
        groups,
        meetings,
        positions,
        search,
    ]
    names: dict[str, str] = {}
    for module in modules:
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, Schema)
                and obj.__module__ == module.__name__
            ):
                assert name not in names, f"{name} in {module.__name__} and {names[name]}"
                names[name] = module.__name__
    assert api_package is not None


@pytest.mark.parametrize("value", [0, 0.0, 1_700_000_000, True, ["2025-01-01"]])
def test_dates_must_be_text(client, world, value):
    # pydantic alone reads a number as seconds since 1970: "end_date": 0 became 1970-01-01.
    headers = auth(world.users["secretariat"])
    body = {"name": "Working group on dates", "end_date": value}
    response = client.post(
        "/api/v1/groups", json.dumps(body), content_type="application/json", **headers
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    [(field, message)] = error["fields"].items()
    assert field.endswith("end_date") and "Give the date as text, such as 2025-03-17." in message
    ok = client.post(
        "/api/v1/groups",
        json.dumps({**body, "end_date": "2026-06-30"}),
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 201 and ok.json()["end_date"] == "2026-06-30"


# ---- negotiating groups ----------------------------------------------------------------------

NG = "/api/v1/groups/wgec/negotiating-groups"


def post(client, path, body, headers):
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def test_negotiating_groups_list_and_detail(client, blocs):
    listed = client.get(NG).json()["items"]
    assert [g["slug"] for g in listed] == ["eu", "g77", "lmdc"]
    g77 = client.get(f"{NG}/g77").json()
    assert g77["name"] == "Group of 77 and China" and g77["coordinator"] == "zaf"
    assert [m["slug"] for m in g77["members"]] == ["bra", "egy", "zaf"]
    assert g77["members"][0]["constituency"] == "member-states"
    assert client.get(f"{NG}/nope").status_code == 404


def test_secretariat_creates_and_changes_members(client, blocs, world):
    headers = auth(world.users["secretariat"])
    body = {"name": "African Group", "short_name": "AGN", "members": ["egy", "zaf"]}
    created = post(client, NG, {**body, "coordinator": "zaf"}, headers)
    assert created.status_code == 201, created.content
    assert created.json()["slug"] == "agn" and created.json()["coordinator"] == "zaf"
    assert post(client, NG, body, headers).status_code == 409  # the same address again
    added = post(client, f"{NG}/agn/members", {"member": "nor"}, headers)
    assert added.status_code == 201
    assert [m["slug"] for m in added.json()["members"]] == ["egy", "nor", "zaf"]
    assert post(client, f"{NG}/agn/members", {"member": "nor"}, headers).status_code == 409
    removed = client.delete(f"{NG}/agn/members/zaf", **headers)
    assert removed.status_code == 200 and removed.json()["coordinator"] is None
    assert client.delete(f"{NG}/agn/members/zaf", **headers).status_code == 404


def test_negotiating_group_bad_input(client, blocs, world):
    headers = auth(world.users["secretariat"])
    twice = post(client, NG, {"name": "African Group", "members": ["egy", "egy"]}, headers)
    assert twice.status_code == 400 and "Egypt is listed twice" in twice.json()["error"]["message"]
    unknown = post(client, NG, {"name": "African Group", "members": ["egy", "atl"]}, headers)
    assert unknown.status_code == 400 and "atl" in unknown.json()["error"]["message"]
    observer = post(client, NG, {"name": "Alpine", "members": ["che"]}, headers)
    assert observer.status_code == 400 and "observer" in observer.json()["error"]["message"]
    assert post(client, f"{NG}/nope/members", {"member": "egy"}, headers).status_code == 404
    assert client.get(NG).json()["items"][0]["slug"] == "eu" and client.get(NG).json()["count"] == 3


@pytest.mark.parametrize("role", ["chair", "delegate", "observer", "outsider"])
def test_only_the_secretariat_writes_negotiating_groups(client, blocs, world, role):
    headers = auth(world.users[role])
    assert post(client, NG, {"name": "African Group"}, headers).status_code == 403
    assert post(client, f"{NG}/lmdc/members", {"member": "bra"}, headers).status_code == 403
    assert client.delete(f"{NG}/g77/members/bra", **headers).status_code == 403
    assert post(client, NG, {"name": "African Group"}, {}).status_code == 401
    assert client.get(NG).json()["count"] == 3 and blocs.g77.members.count() == 3
