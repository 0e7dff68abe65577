"""The compare page at size: a 200-paragraph draft and a revision of it, in a bounded number
of queries (the alignment and the word diff run on the texts in memory, with the C speed-ups
where built)."""

# ruff: noqa: F811  (fixtures imported from versions_fixtures)
from __future__ import annotations

import random
import re

import pytest
from django.urls import reverse

from accord.drafts.services import versions as services
from accord.drafts.services.imports import version_import
from tests.drafts.versions_fixtures import report  # noqa: F401

WORDS = [
    *("cooperation", "capacity", "access", "affordable", "meaningful", "digital", "public"),
    *("policy", "stakeholders", "governments", "private", "sector", "civil", "society"),
    *("technical", "academic", "community", "developing", "countries", "participation"),
    *("transparency", "accountability", "multilingual", "content", "security", "rights"),
    *("online", "gender", "data", "flows", "safeguards", "funding", "research", "network"),
]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


@pytest.fixture
def large(world, report):
    """A 200-paragraph zero draft and Rev.1: 20 paragraphs edited, 5 removed, 5 added and
    3 moved."""
    rng = random.Random(9)
    chair = world.users["chair"]
    lines = ["# Recommendations", ""]
    for i in range(1, 201):
        lines += [f"{i}. Recommends {_sentence(rng, 30)}.", ""]
    zero = version_import(
        actor=chair,
        report=report,
        data="\n".join(lines).encode(),
        filename="zero.md",
        kind="zero_draft",
        label="Zero draft",
    )
    services.version_issue(actor=chair, version=zero)
    rev = services.version_create(
        actor=chair, report=report, kind="revision", label="Rev.1", based_on=zero
    )
    items = list(rev.items.select_related("paragraph").order_by("order"))
    ops = [i for i in items if i.paragraph.kind == "op"]
    for item in ops[5:200:10]:
        words = item.text.split()
        words[3:5] = ["promptly", "and", "fully"]
        services.version_paragraph_update(
            actor=chair, version=rev, paragraph=item.paragraph, text=" ".join(words)
        )
    for item in ops[7:200:40]:
        services.version_paragraph_remove(actor=chair, version=rev, paragraph=item.paragraph)
    for item in ops[13:200:40]:
        services.version_paragraph_add(
            actor=chair, version=rev, kind="op", text=_sentence(rng, 25), after=item.paragraph
        )
    for source, target in ((ops[2], ops[120]), (ops[60], ops[180]), (ops[150], ops[30])):
        services.version_paragraph_move(
            actor=chair, version=rev, paragraph=source.paragraph, after=target.paragraph
        )
    return zero, rev


def test_a_200_paragraph_compare_in_bounded_queries(
    world, client_as, large, django_assert_max_num_queries
):
    zero, _rev = large
    client = client_as("chair")
    target = reverse("drafts:compare", args=[world.group.slug, zero.report.slug]) + "?a=1&b=2"
    with django_assert_max_num_queries(20):
        page = client.get(target).content.decode()
    counts = {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', page)}
    assert counts == {
        "changed": 20,
        "inserted": 5,
        "deleted": 5,
        "moved": 3,
        "unchanged": 173,
        "words_inserted": 20 * 3 + 5 * 25,
        "words_deleted": 20 * 2 + 5 * 31,
    }
