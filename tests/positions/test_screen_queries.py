"""The negotiation screen reads a bounded number of queries, whatever the number of paragraphs,
amendments, brackets and positions: pinned on a small and a large version (200 paragraphs,
2,000 amendments), for every kind of reader, the page, the filtered page, a paragraph fragment
and a live update. An N+1 anywhere fails these."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.drafts.models import Version

from .synthetic import build_large

HX = {"HTTP_HX_REQUEST": "true"}
MAX_QUERIES = 20
READERS = ["chair", "delegate", "observer", "facilitator", "anonymous"]


def url(large, tail=""):
    return f"/g/{large.report.group.slug}/positions/{large.report.slug}/v/2/{tail}"


def count(client, path, *, warm=True, **headers):
    if warm:
        client.get(path, **headers)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, **headers)
    assert response.status_code in (200, 204), (path, response.status_code)
    return len(ctx.captured_queries), response


@pytest.fixture
def small(world):
    return build_large(world, paragraphs=8, amendments=14, members=3)


@pytest.fixture
def large(world):
    return build_large(world)


def _publish(version):
    Version.objects.filter(pk=version.pk).update(is_published=True)  # the public may read it


@pytest.mark.parametrize("reader", READERS)
def test_the_page_reads_the_same_few_queries_at_any_size(world, client_as, reader, small):
    _publish(small.v2)
    queries, response = count(client_as(reader), url(small))
    assert queries <= MAX_QUERIES
    html = response.content.decode()
    assert 'id="p-PP7"' in html and "State of play" in html
    # "Propose a change" loads when opened: its forms, in the same few queries.
    propose, fragment = count(client_as(reader), url(small, "?p=PP3&part=propose"), **HX)
    assert propose <= MAX_QUERIES
    if reader == "delegate":
        assert 'class="edit-form"' in fragment.content.decode()


def test_two_hundred_paragraphs_and_two_thousand_amendments(world, client_as, large):
    _publish(large.v2)
    facilitator = world.users["facilitator"].pk
    for reader in READERS:
        client = client_as(reader)
        queries, response = count(client, url(large))
        assert queries <= MAX_QUERIES, f"{reader}: {queries} queries"
        html = response.content.decode()
        assert html.count('<section id="p-') == 190  # every paragraph, headings apart
        fragment, _ = count(client, url(large, "?p=OP77"), warm=False, **HX)
        assert fragment <= MAX_QUERIES, (reader, fragment)
        opened, _ = count(client, url(large, "?p=OP77&part=more"), warm=False, **HX)
        assert opened <= MAX_QUERIES, (reader, opened)
        propose, _ = count(client, url(large, "?p=OP77&part=propose"), warm=False, **HX)
        assert propose <= MAX_QUERIES, (reader, propose)
        live, _ = count(client, url(large, "?since=0"), warm=False, **HX)
        assert live <= MAX_QUERIES, (reader, live)
        if reader in ("chair", "delegate"):
            for tail in ["?contested=1", "?status=agreed", f"?facilitator={facilitator}"]:
                filtered, _ = count(client, url(large, tail), warm=False)
                assert filtered <= MAX_QUERIES, (reader, tail, filtered)


def test_query_count_does_not_grow_with_the_text(world, client_as):
    """The same shapes of data, 8 paragraphs or 200: no more queries (the long text even
    reads fewer: its paragraphs' details are read when opened)."""
    small = build_large(world, paragraphs=8, amendments=14, members=3, tag="short")
    counts_small = {r: count(client_as(r), url(small))[0] for r in ["chair", "delegate"]}
    large = build_large(world)
    counts_large = {r: count(client_as(r), url(large))[0] for r in ["chair", "delegate"]}
    assert all(counts_large[r] <= counts_small[r] for r in counts_small), (
        counts_small,
        counts_large,
    )
