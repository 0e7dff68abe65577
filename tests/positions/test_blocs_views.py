"""Negotiating groups on the negotiation screen, history, compilation and API; query bounds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.groups import services as group_services
from accord.groups.models import Member
from accord.positions import services
from accord.positions.models import PositionEvent

from .conftest import post_json

HX = {"HTTP_HX_REQUEST": "true"}
API = "/api/v1/groups/wgec/drafts/recs/versions/1/paragraphs/OP2/positions"


def url(neg, tail=""):
    return f"/g/{neg.report.group.slug}/positions/{neg.report.slug}/v/1/{tail}"


def login(client, user):
    client.logout()
    client.force_login(user)
    return client


def test_form_offers_the_delegations_groups(client, neg, blocs):
    html = login(client, blocs.delegates["EGY"]).get(url(neg)).content.decode()
    assert 'name="p-OP2-on_behalf_of"' in html
    assert "Egypt (its own position)" in html
    assert "On behalf of the G77 and China" in html and "On behalf of the LMDC" in html
    assert "On behalf of the EU" not in html
    norway = login(client, blocs.delegates["NOR"]).get(url(neg)).content.decode()
    assert "Record the position" in norway and "on_behalf_of" not in norway


def test_record_on_behalf_through_the_screen(client, neg, blocs):
    client = login(client, blocs.delegates["ZAF"])
    response = client.post(
        url(neg, "p/OP2/position/"),
        {"p-OP2-kind": "object", "p-OP2-reason": "Too vague.", "p-OP2-on_behalf_of": "g77"},
        **HX,
    )
    assert response.status_code == 200, response.content
    html = response.content.decode()
    assert "Position of the G77 and China recorded on paragraph 2: object." in html
    assert "South Africa on behalf of the G77 and China: Object — Too vague." in html
    assert "Counts for: Brazil, Egypt, South Africa" in html
    assert "(now: object, via G77 and China)" in html
    assert PositionEvent.objects.get().on_behalf_of == blocs.g77
    page = login(client, blocs.delegates["BRA"]).get(url(neg)).content.decode()
    assert 'Egypt <span class="pos-via">(via G77 and China)</span>: Too vague.' in page
    history = client.get(url(neg, "p/OP2/history/")).content.decode()
    assert "South Africa on behalf of the G77 and China: Object — Too vague." in history
    compilation = client.get(url(neg, "compilation/")).content.decode()
    assert "South Africa on behalf of the G77 and China: Object" in compilation
    assert "Egypt (via G77 and China)" in compilation


def test_refused_on_behalf_keeps_the_form(client, neg, blocs):
    client = login(client, blocs.delegates["NOR"])
    refused = client.post(
        url(neg, "p/OP2/position/"), {"p-OP2-kind": "support", "p-OP2-on_behalf_of": "g77"}, **HX
    )
    assert refused.status_code == 403
    assert "Norway is not a member of the G77 and China" in refused.content.decode()
    unknown = client.post(
        url(neg, "p/OP2/position/"), {"p-OP2-kind": "support", "p-OP2-on_behalf_of": "nope"}
    )
    assert unknown.status_code == 400 and "no negotiating group" in unknown.content.decode()
    assert PositionEvent.objects.count() == 0


def test_api_on_behalf(client, neg, blocs, auth_for):
    created = post_json(
        client,
        API,
        {"kind": "object", "reason": "Too vague.", "on_behalf_of": "g77"},
        auth_for("ZAF"),
    )
    assert created.status_code == 201, created.content
    assert created.json()["on_behalf_of"] == "g77" and created.json()["member"] == "zaf"
    body = client.get(API, **auth_for("NOR")).json()
    by_member = {p["member"]: p for p in body["positions"]}
    assert by_member["egy"]["via_group"] == "g77" and by_member["egy"]["reason"] == "Too vague."
    assert by_member["egy"]["via_group_name"] == "G77 and China"
    [statement] = body["group_statements"]
    assert statement["speaker"] == "zaf" and statement["counts_for"] == ["bra", "egy", "zaf"]
    assert "nor" not in by_member
    not_in = post_json(client, API, {"kind": "support", "on_behalf_of": "g77"}, auth_for("NOR"))
    assert (
        not_in.status_code == 403 and "Norway is not a member" in not_in.json()["error"]["message"]
    )
    unknown = post_json(client, API, {"kind": "support", "on_behalf_of": "nope"}, auth_for("NOR"))
    assert unknown.status_code == 400 and unknown.json()["error"]["fields"]["on_behalf_of"]
    assert PositionEvent.objects.count() == 1


@pytest.fixture
def auth_for(blocs):
    from accord.accounts.services import api_token_create

    def header(key):
        _, token = api_token_create(user=blocs.delegates[key], name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    return header


def _grow(world, blocs, n):
    """n more States, all in the G77, and a group of their own that speaks on every paragraph."""
    secretariat = world.users["secretariat"]
    states = world.constituencies["member-states"]
    added = []
    for i in range(n):
        code = f"X{chr(65 + len(Member.objects.all()) % 26)}{chr(65 + i % 26)}"
        added.append(
            group_services.member_create(
                actor=secretariat,
                group=world.group,
                constituency=states,
                name=f"State {code} {i}",
                kind=Member.Kind.STATE,
                iso3=code,
            )
        )
    for m in added:
        group_services.negotiating_group_add_member(
            actor=secretariat, negotiating_group=blocs.g77, member=m
        )
    return group_services.negotiating_group_create(
        actor=secretariat, group=world.group, name=f"Bloc of {n}", members=added
    )


def _screen_queries(client, neg):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url(neg))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_negotiation_screen_queries_do_not_grow_with_members_or_groups(
    client, world, neg, blocs, django_assert_max_num_queries
):
    for key in ["PP1", "OP1", "OP2"]:
        services.position_record(
            actor=blocs.delegates["ZAF"],
            version=neg.v1,
            paragraph=neg.p(key),
            kind="object",
            reason="Too vague.",
            on_behalf_of=blocs.g77,
        )
        services.position_record(
            actor=blocs.delegates["EGY"],
            version=neg.v1,
            paragraph=neg.p(key),
            kind="support",
            on_behalf_of=blocs.lmdc,
        )
    client = login(client, world.users["chair"])
    client.get(url(neg))  # warm caches (sessions, content types)
    before = _screen_queries(client, neg)
    bloc = _grow(world, blocs, 12)
    speaker = bloc.members.first()
    from accord.groups.models import Role
    from tests.factories import UserFactory

    user = UserFactory(username="bloc-speaker")
    group_services.role_assign(
        actor=world.users["secretariat"],
        group=world.group,
        user=user,
        kind=Role.Kind.DELEGATE,
        member=speaker,
    )
    for key in ["PP1", "OP1", "OP2"]:
        services.position_record(
            actor=user, version=neg.v1, paragraph=neg.p(key), kind="reserve", on_behalf_of=bloc
        )
    after = _screen_queries(client, neg)
    assert after == before
    with django_assert_max_num_queries(40):  # 34 for three paragraphs today
        assert client.get(url(neg)).status_code == 200
