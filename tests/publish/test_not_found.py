"""The 404 page: a page of the site with a way back, that tells a hidden page from a missing one
in no way (issue 9)."""

from __future__ import annotations

import re

import pytest


def _body(response) -> str:  # type: ignore[no-untyped-def]
    # The CSRF token in the page's htmx headers is masked afresh for every response.
    return re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken": ""', response.content.decode())


def test_the_404_page_is_a_site_page_with_a_way_back(client, world):
    response = client.get("/g/no-such-group/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<nav aria-label="Site">' in html and '<main id="main">' in html
    assert "<h1>Page not found</h1>" in html
    assert '<a href="/">Back to the working groups</a>' in html
    assert 'href="/accounts/login/?next=/g/no-such-group/"' in html
    assert "No such working group." not in html  # the reason is never told


@pytest.mark.parametrize("page", ["/g/wgec/", "/g/wgec/members/", "/g/wgec/meetings/"])
def test_a_hidden_and_a_missing_page_look_the_same_to_an_anonymous_visitor(client, world, page):
    world.group.is_published = False
    world.group.save()
    hidden = client.get(page)
    world.group.slug = "renamed"
    world.group.save()
    missing = client.get(page)
    assert hidden.status_code == missing.status_code == 404
    assert _body(hidden) == _body(missing)
    assert f'href="/accounts/login/?next={page}"' in _body(hidden)


def test_a_logged_in_visitor_gets_no_login_link(client_as, world):
    html = client_as("outsider").get("/g/no-such-group/").content.decode()
    assert "<h1>Page not found</h1>" in html and "/accounts/login/" not in html
