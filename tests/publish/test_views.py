from __future__ import annotations

from accord.search.index import index_upsert


def test_home_lists_published_groups(client, world):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Working Group on Enhanced Cooperation" in response.content


def test_home_for_a_logged_in_member_lists_published_and_own_groups(client_as, world, staff_user):
    from accord.groups import services

    hidden = services.group_create(actor=staff_user, name="Closed expert group")
    hidden.is_published = False
    hidden.save()
    html = client_as("delegate").get("/").content.decode()
    assert "Working Group on Enhanced Cooperation" in html and "Closed expert group" not in html
    html = client_as("secretariat").get("/").content.decode()
    assert (
        html.count("Working Group on Enhanced Cooperation") == 1 and "Closed expert group" in html
    )


def test_group_overview_and_members(client, world):
    page = client.get("/g/wgec/")
    assert page.status_code == 200
    assert b"Consensus" in page.content
    members = client.get("/g/wgec/members/").content.decode()
    assert "Brazil" in members and "Open Network Alliance" in members
    assert members.index("Member States") < members.index("Civil society")


def test_unpublished_group_is_404_for_outsiders(client_as, world):
    world.group.is_published = False
    world.group.save()
    missing = client_as("anonymous").get("/g/no-such-group/")
    hidden = client_as("anonymous").get("/g/wgec/")
    assert hidden.status_code == missing.status_code == 404
    assert client_as("outsider").get("/g/wgec/").status_code == 404
    assert client_as("delegate").get("/g/wgec/").status_code == 200


def test_search_page_and_htmx_fragment(client, world):
    index_upsert(
        kind="turn",
        object_id=1,
        group_id=world.group.pk,
        title="Meeting 1 — Brazil",
        body="We support capacity building for regulators.",
        url="/g/wgec/meetings/1/#turn-1",
        is_public=True,
    )
    page = client.get("/g/wgec/search/", {"q": "capacity building"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<html" in html and "Meeting 1 — Brazil" in html and "<mark>" in html
    fragment = client.get(
        "/g/wgec/search/", {"q": "capacity"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment and 'id="results"' in fragment and "Meeting 1" in fragment


def test_search_api_hides_members_only_entries(client, world):
    index_upsert(
        kind="turn",
        object_id=5,
        group_id=world.group.pk,
        title="Closed",
        body="secret mechanism text",
        url="/x/",
        is_public=False,
    )
    assert client.get("/api/v1/search", {"q": "mechanism"}).json()["count"] == 0
    from accord.accounts.services import api_token_create

    _, key = api_token_create(user=world.users["observer"], name="t")
    body = client.get(
        "/api/v1/search", {"q": "mechanism"}, HTTP_AUTHORIZATION=f"Bearer {key}"
    ).json()
    assert body["count"] == 1 and body["items"][0]["group"] == "wgec"
