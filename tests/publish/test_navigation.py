"""Group navigation: every part of the work is reachable, and Manage for those who may (issue 9)."""

from __future__ import annotations

import re

import pytest

from tests.factories import UserFactory


def _nav(html: str) -> str:
    return html[html.index('<nav aria-label="Site"') : html.index("</nav>")]


def _follow_the_work(html: str) -> list[str]:
    start = html.index("Follow the work")
    section = html[start : html.index("</ul>", start)]
    return re.findall(r'href="([^"]+)"', section)


def test_follow_the_work_lists_drafts_and_consultations(client, world):
    links = _follow_the_work(client.get("/g/wgec/").content.decode())
    assert links == [
        "/g/wgec/meetings/",
        "/g/wgec/contributions/",
        "/g/wgec/correspondence/",
        "/g/wgec/drafts/",
        "/g/wgec/consultations/",
        "/g/wgec/meetings/live/",
        "/g/wgec/outcomes/",
        "/g/wgec/follow-up/",
    ]
    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("page", ["/g/wgec/", "/g/wgec/members/", "/g/wgec/meetings/"])
def test_the_secretariat_reaches_manage_from_the_group_navigation(client_as, world, page):
    nav = _nav(client_as("secretariat").get(page).content.decode())
    assert '<a href="/g/wgec/manage/">Manage</a>' in nav


@pytest.mark.parametrize("role", ["chair", "vice_chair", "delegate", "observer", "outsider"])
def test_others_see_no_manage_link(client_as, world, role):
    for page in ["/g/wgec/", "/g/wgec/members/"]:
        assert "/manage/" not in client_as(role).get(page).content.decode(), (role, page)


def test_anonymous_visitors_see_no_manage_link(client, world):
    assert "/manage/" not in client.get("/g/wgec/").content.decode()


def test_the_link_follows_the_permission_service(client, world):
    # A superuser holds no role in the group; the permission service still lets them manage it.
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert '<a href="/g/wgec/manage/">Manage</a>' in _nav(client.get("/g/wgec/").content.decode())
    assert client.get("/g/wgec/manage/").status_code == 200
