"""The page cache: a group's page is served again while the group's state stamp (its newest
audit event) is unchanged, for the same viewer, path and language; any write through a service
draws it afresh; nothing viewer-specific or half-made is ever stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client, RequestFactory

from accord.common.audit import audit_record
from accord.groups import pagecache
from accord.groups import services as group_services
from accord.groups.models import WorkingGroup

HIT = pagecache.HIT_HEADER


@pytest.fixture(autouse=True)
def page_cache_on(settings: Any) -> Any:
    settings.ACCORD_PAGE_CACHE_SECONDS = 30
    caches[pagecache.CACHE_ALIAS].clear()
    yield
    caches[pagecache.CACHE_ALIAS].clear()


def _rename_quietly(group: WorkingGroup, name: str) -> None:
    """A change that bypasses the services (and so the audit log): the cache cannot see it."""
    WorkingGroup.objects.filter(pk=group.pk).update(name=name)


def test_a_visitor_gets_the_stored_page_until_a_service_writes(world: Any) -> None:
    visitor = Client()
    first = visitor.get("/g/wgec/")
    assert first.status_code == 200 and first[HIT] == "miss"
    again = visitor.get("/g/wgec/")
    assert again[HIT] == "hit" and again.content == first.content
    assert "Set-Cookie" not in again.headers and not again.cookies

    _rename_quietly(world.group, "Renamed without a service")
    assert b"Renamed without a service" not in visitor.get("/g/wgec/").content  # still stored

    secretariat = world.users["secretariat"]
    group_services.group_update(actor=secretariat, group=world.group, name="New name")
    fresh = visitor.get("/g/wgec/")
    assert fresh[HIT] == "miss" and b"New name" in fresh.content
    assert visitor.get("/g/wgec/")[HIT] == "hit"


def test_another_groups_writes_leave_the_page_stored(world: Any, staff_user: Any) -> None:
    other = group_services.group_create(actor=staff_user, name="Another group")
    visitor = Client()
    visitor.get("/g/wgec/")
    group_services.group_update(actor=staff_user, group=other, name="Another group, renamed")
    assert visitor.get("/g/wgec/")[HIT] == "hit"


def test_each_viewer_has_their_own_page(client_as: Any, world: Any) -> None:
    anonymous = Client().get("/g/wgec/members/")
    assert anonymous[HIT] == "miss"
    delegate = client_as("delegate")
    # A member's first page makes their CSRF secret, so it is not stored; the next one is.
    assert HIT not in delegate.get("/g/wgec/members/").headers  # not the visitor's page
    assert delegate.get("/g/wgec/members/")[HIT] == "miss"
    assert delegate.get("/g/wgec/members/")[HIT] == "hit"
    chair = Client()
    chair.force_login(world.users["chair"])
    chair.get("/g/wgec/members/")
    assert chair.get("/g/wgec/members/")[HIT] == "miss"


def test_a_csrf_token_is_served_only_to_the_browser_whose_secret_made_it(world: Any) -> None:
    one, two = Client(), Client()
    for browser in (one, two):
        browser.force_login(world.users["delegate"])
    page = one.get("/g/wgec/")
    assert b"X-CSRFToken" in page.content  # members' pages carry the token
    assert HIT not in page.headers  # made with a new secret: fits this browser only
    assert one.get("/g/wgec/")[HIT] == "miss"
    assert one.get("/g/wgec/")[HIT] == "hit"
    # The same account in another browser (another CSRF secret): drawn for that browser.
    assert HIT not in two.get("/g/wgec/").headers
    assert two.get("/g/wgec/")[HIT] == "miss"


def test_a_visitors_page_makes_no_csrf_secret(world: Any) -> None:
    page = Client().get("/g/wgec/")
    assert b"X-CSRFToken" not in page.content and "csrftoken" not in page.cookies


def test_messages_waiting_are_shown_not_hidden_behind_a_stored_page(world: Any) -> None:
    """A flash message waits in the session or in the messages cookie: the view runs (and
    shows it), and that page is not stored."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    calls: list[int] = []

    @pagecache.cached_by_group_state
    def view(request: Any, slug: str) -> HttpResponse:
        calls.append(1)
        return HttpResponse("page")

    def request(**cookies: str) -> Any:
        made = RequestFactory().get("/g/wgec/")
        made.COOKIES.update(cookies)
        made.user = AnonymousUser()
        made.session = _Session({"_messages": "[...]"} if not cookies else {})
        return made

    for _ in range(2):
        assert HIT not in view(request(), slug="wgec").headers
    for _ in range(2):
        assert HIT not in view(request(messages="..."), slug="wgec").headers
    assert len(calls) == 4
    plain = RequestFactory().get("/g/wgec/")
    plain.user, plain.session = AnonymousUser(), _Session()
    assert view(plain, slug="wgec")[HIT] == "miss"
    assert view(plain, slug="wgec")[HIT] == "hit" and len(calls) == 5


class _Session(dict[str, Any]):
    modified = False


def test_a_hidden_page_is_never_stored(client_as: Any, world: Any) -> None:
    world.group.is_published = False
    world.group.save()
    for _ in range(2):
        hidden = Client().get("/g/wgec/")
        assert hidden.status_code == 404 and HIT not in hidden.headers
    assert client_as("delegate").get("/g/wgec/").status_code == 200


def test_the_language_is_part_of_the_key(world: Any) -> None:
    visitor = Client()
    assert visitor.get("/g/wgec/", HTTP_ACCEPT_LANGUAGE="en")[HIT] == "miss"
    assert visitor.get("/g/wgec/", HTTP_ACCEPT_LANGUAGE="en")[HIT] == "hit"
    assert visitor.get("/g/wgec/?page=2", HTTP_ACCEPT_LANGUAGE="en")[HIT] == "miss"


def test_off_when_the_lifetime_is_zero(settings: Any, world: Any) -> None:
    settings.ACCORD_PAGE_CACHE_SECONDS = 0
    visitor = Client()
    for _ in range(2):
        assert HIT not in visitor.get("/g/wgec/").headers


def test_the_stamp_is_the_groups_newest_audit_event(world: Any, staff_user: Any) -> None:
    before = pagecache.group_stamp("wgec")
    with transaction.atomic():
        event = audit_record(
            actor=staff_user,
            action="accord.test.touch",
            target=world.group,
            group_id=world.group.pk,
        )
    assert pagecache.group_stamp("wgec") == event.pk > before
    assert pagecache.group_stamp("no-such-group") == 0


def test_writes_are_not_cached(world: Any) -> None:
    """Only GET and HEAD are looked up; a POST always reaches the view."""
    delegate = Client()
    delegate.force_login(world.users["delegate"])
    delegate.get("/g/wgec/")
    response = delegate.post("/g/wgec/")
    assert HIT not in response.headers


def test_pages_are_stored_compressed_and_huge_ones_not_at_all(world: Any, monkeypatch) -> None:
    visitor = Client()
    page = visitor.get("/g/wgec/members/")
    # The local-memory cache keeps pickled values: the page's HTML is not among them.
    (stored,) = list(caches[pagecache.CACHE_ALIAS]._cache.values())  # type: ignore[attr-defined]
    assert b"Brazil" in page.content and b"Brazil" not in stored
    assert visitor.get("/g/wgec/members/").content == page.content
    caches[pagecache.CACHE_ALIAS].clear()
    monkeypatch.setattr(pagecache, "MAX_STORED_BYTES", len(page.content) - 1)
    for _ in range(2):
        assert HIT not in visitor.get("/g/wgec/members/").headers
