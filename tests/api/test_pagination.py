"""Every list in the API is paged the same way and reads one page (issue 10): with about 2,000
contributions one anonymous GET of the contributions list returned 206 MB in 8 s."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET
from accord.contributions.models import Answer, Contribution
from accord.meetings.models import LivePost
from tests.contributions.conftest import make_call

TOTAL = MAX_LIMIT + 5
CONTRIBUTIONS = "/api/v1/groups/wgec/contributions"


@pytest.fixture
def many(world):
    """TOTAL published contributions, each answering both questions of one call."""
    call = make_call(world)
    q1, q2 = call.questions.order_by("number")
    now = timezone.now()
    rows = Contribution.objects.bulk_create(
        Contribution(
            call=call,
            member=world.members["BRA"],
            status="published",
            submitted_at=now,
            published_at=now,
            title=f"Contribution {n}",
            content_hash=f"{n:064d}",
        )
        for n in range(TOTAL)
    )
    Answer.objects.bulk_create(
        Answer(contribution=c, question=q, text=f"{q.number}: {c.title}")
        for c in rows
        for q in (q1, q2)
    )
    return rows


def test_a_long_list_gives_the_largest_page_and_the_whole_count(client, many):
    body = client.get(CONTRIBUTIONS, {"limit": MAX_LIMIT}).json()
    assert body["count"] == TOTAL and len(body["items"]) == MAX_LIMIT
    newest_first = sorted(many, key=lambda c: c.pk, reverse=True)
    assert [c["id"] for c in body["items"]] == [c.pk for c in newest_first[:MAX_LIMIT]]
    assert body["items"][0]["answers"] == [
        {"question": 1, "text": f"1: {newest_first[0].title}"},
        {"question": 2, "text": f"2: {newest_first[0].title}"},
    ]
    rest = client.get(CONTRIBUTIONS, {"limit": MAX_LIMIT, "offset": MAX_LIMIT}).json()
    assert rest["count"] == TOTAL
    assert [c["id"] for c in rest["items"]] == [c.pk for c in newest_first[MAX_LIMIT:]]


def test_the_default_page_and_a_limit_above_the_largest(client, many):
    default = client.get(CONTRIBUTIONS).json()
    assert len(default["items"]) == DEFAULT_LIMIT and default["count"] == TOTAL
    for limit in (MAX_LIMIT + 1, 10**6, 2**63, 10**30):
        capped = client.get(CONTRIBUTIONS, {"limit": limit})
        assert capped.status_code == 200
        assert len(capped.json()["items"]) == MAX_LIMIT and capped.json()["count"] == TOTAL


def test_one_page_costs_a_fixed_number_of_queries(client, many):
    client.get(CONTRIBUTIONS, {"limit": 1})  # the first request imports the URL modules
    counts = []
    for limit in (1, MAX_LIMIT):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(CONTRIBUTIONS, {"limit": limit}).status_code == 200
        counts.append(len(queries))
        sql = [q["sql"] for q in queries]
        assert sum("COUNT(" in s for s in sql) == 1
        page = [s for s in sql if 'FROM "contributions_contribution"' in s and "COUNT(" not in s]
        assert len(page) == 1 and f"LIMIT {limit}" in page[0]
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"offset": -1}, 422),
        ({"offset": MAX_OFFSET + 1}, 422),
        ({"offset": 2**63}, 422),
        ({"offset": "99999999999999999999"}, 422),
        ({"limit": 0}, 422),
        ({"limit": -5}, 422),
        ({"limit": "ten"}, 422),
        ({"offset": MAX_OFFSET}, 200),
    ],
)
def test_offsets_and_limits_out_of_range(client, world, params, status):
    response = client.get(CONTRIBUTIONS, params)
    assert response.status_code == status, response.content
    if status == 200:
        assert response.json() == {"items": [], "count": 0}
    else:
        assert set(response.json()["error"]["fields"]) & {"limit", "offset"}


def test_past_the_end_is_an_empty_page_with_the_count(client, world):
    LivePost.objects.bulk_create(LivePost(group=world.group, body=f"post {n}") for n in range(3))
    body = client.get("/api/v1/groups/wgec/live", {"offset": 3}).json()
    assert body == {"items": [], "count": 3}
    two = client.get("/api/v1/groups/wgec/live", {"limit": 2}).json()
    assert two["count"] == 3 and len(two["items"]) == 2


def test_every_list_in_the_schema_is_paged(client, db):
    """No GET in the API answers a bare array: each list is {items, count}, with limit and
    offset."""
    schema = client.get("/api/v1/openapi.json").json()
    bare, paged = [], []
    for path, methods in schema["paths"].items():
        get = methods.get("get")
        if get is None:
            continue
        ok = get["responses"].get("200", {}).get("content", {}).get("application/json", {})
        ref = ok.get("schema", {})
        if ref.get("type") == "array":
            bare.append(path)
        name = ref.get("$ref", "").rsplit("/", 1)[-1]
        props = schema["components"]["schemas"].get(name, {}).get("properties", {})
        if set(props) >= {"items", "count"}:
            params = {p["name"] for p in get.get("parameters", [])}
            assert {"limit", "offset"} <= params, path
            paged.append(path)
    assert bare == []
    assert len(paged) >= 23, paged
