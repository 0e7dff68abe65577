"""Search finds the paragraphs of versions and amendments, only where the reader may read them.

Who may read what follows ``accord.drafts.selectors.versions.version_visible``: a published
version is public; an issued (circulated) one is for anyone with a role in the group; a draft
being prepared is for the chair and the secretariat. The same rules hold on the search page,
the site-wide search page and the API. Database-agnostic: runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from accord.accounts.services import api_token_create
from accord.drafts.models import Paragraph
from accord.drafts.services.amendments import amendment_propose
from accord.drafts.services.imports import version_import
from accord.drafts.services.revisions import revision_issue_from_amendments
from accord.drafts.services.versions import (
    report_create,
    version_create,
    version_issue,
    version_paragraph_add,
    version_paragraph_remove,
    version_paragraph_update,
    version_publish,
)
from accord.search.models import SearchEntry

PARAGRAPHS = [
    ("pp", "Recalling the work of the ornithology panel,"),
    ("op", "Decides to establish a forum on lighthouse maintenance;"),
    ("op", "Requests the secretariat to report."),
]


def version_url(report: Any, number: int, key: str) -> str:
    path = reverse(
        "drafts:version",
        kwargs={"group_slug": report.group.slug, "report_slug": report.slug, "number": number},
    )
    return f"{path}#p-{key}"


def amendment_url(amendment: Any) -> str:
    report = amendment.version.report
    return reverse(
        "drafts:amendment",
        kwargs={"group_slug": report.group.slug, "report_slug": report.slug, "pk": amendment.pk},
    )


def make_version(world: Any, texts: list[tuple[str, str]] = PARAGRAPHS, **kw: Any) -> Any:
    chair = world.users["chair"]
    report = kw.pop("report", None) or report_create(
        actor=chair, group=world.group, title="Draft recommendations"
    )
    version = version_create(actor=chair, report=report, kind="zero_draft", label="Zero draft")
    for kind, text in texts:
        version_paragraph_add(actor=chair, version=version, kind=kind, text=text)
    return version


@pytest.fixture
def search(client: Any, world: Any) -> Any:
    """``search(role, q)``: the hits' (kind, url) on the group page, site page and API agree."""
    tokens: dict[str, str] = {}

    def run(role: str, query: str, **params: str) -> list[tuple[str, str]]:
        client.logout()
        headers = {}
        if role != "anonymous":
            client.force_login(world.users[role])
            if role not in tokens:
                tokens[role] = api_token_create(user=world.users[role], name="t")[1]
            headers["HTTP_AUTHORIZATION"] = f"Bearer {tokens[role]}"
        group_page = client.get(
            reverse("publish:search", args=[world.group.slug]), {"q": query, **params}
        )
        site_page = client.get(reverse("publish:search-all"), {"q": query, **params})
        client.logout()
        api = client.get("/api/v1/search", {"q": query, **params}, **headers)
        assert group_page.status_code == site_page.status_code == api.status_code == 200
        hits = [(h["kind"], h["url"]) for h in api.json()["items"]]
        for page in (group_page, site_page):
            html = page.content.decode()
            for _kind, url in hits:
                assert f'href="{url}"' in html
            assert html.count('class="search-hit"') == len(hits)
        return hits

    return run


def test_a_published_paragraph_is_found_by_anyone_with_its_anchor(world, search):
    version = make_version(world)
    version = version_issue(actor=world.users["chair"], version=version)
    version_publish(actor=world.users["chair"], version=version)
    expected = [("paragraph", version_url(version.report, 1, "OP1"))]
    assert search("anonymous", "lighthouse") == expected
    assert search("outsider", "lighthouse") == expected
    assert search("delegate", '"lighthouse maintenance"') == expected
    assert search("anonymous", "ornithology") == [
        ("paragraph", version_url(version.report, 1, "PP1"))
    ]


def test_the_result_names_the_paragraph_version_and_report(client, world):
    version = make_version(world)
    version = version_issue(actor=world.users["chair"], version=version)
    version_publish(actor=world.users["chair"], version=version)
    html = client.get(
        reverse("publish:search", args=[world.group.slug]), {"q": "lighthouse"}
    ).content.decode()
    assert f'<a href="{version_url(version.report, 1, "OP1")}">OP1, Zero draft</a>' in html
    assert "Paragraph · Draft recommendations" in html
    assert "<mark>lighthouse</mark>" in html
    api = client.get("/api/v1/search", {"q": "lighthouse"}).json()
    assert api["items"][0]["title"] == "OP1, Zero draft"
    assert api["items"][0]["group"] == "wgec"


def test_an_issued_unpublished_version_is_for_members_only(world, search):
    version = make_version(world)
    version = version_issue(actor=world.users["chair"], version=version)
    expected = [("paragraph", version_url(version.report, 1, "OP1"))]
    for role in ["delegate", "observer", "facilitator", "chair", "secretariat"]:
        assert search(role, "lighthouse") == expected, role
    for role in ["anonymous", "outsider"]:
        assert search(role, "lighthouse") == [], role


def test_a_draft_being_prepared_is_only_for_those_who_prepare_it(world, search):
    version = make_version(world)
    expected = [("paragraph", version_url(version.report, 1, "OP1"))]
    for role in ["chair", "secretariat"]:
        assert search(role, "lighthouse") == expected, role
    for role in ["delegate", "observer", "facilitator", "vice_chair", "outsider", "anonymous"]:
        assert search(role, "lighthouse") == [], role


def test_visibility_follows_the_version_through_issue_and_publish(world, search):
    chair = world.users["chair"]
    version = make_version(world)
    assert search("delegate", "lighthouse") == []
    version = version_issue(actor=chair, version=version)
    assert len(search("delegate", "lighthouse")) == 1
    assert search("anonymous", "lighthouse") == []
    version_publish(actor=chair, version=version)
    assert len(search("anonymous", "lighthouse")) == 1
    version_publish(actor=chair, version=version, published=False)
    assert search("anonymous", "lighthouse") == []
    assert len(search("delegate", "lighthouse")) == 1


def test_editing_and_removing_a_draft_paragraph_updates_the_index(world, search):
    chair = world.users["chair"]
    version = make_version(world)
    op1 = Paragraph.objects.get(report=version.report, key="OP1")
    version_paragraph_update(
        actor=chair, version=version, paragraph=op1, text="Decides to establish a forum on canals;"
    )
    assert search("chair", "lighthouse") == []
    assert search("chair", "canals") == [("paragraph", version_url(version.report, 1, "OP1"))]
    version_paragraph_remove(actor=chair, version=version, paragraph=op1)
    assert search("chair", "canals") == []
    assert not SearchEntry.objects.filter(kind="paragraph", facets__paragraph="OP1").exists()


def test_a_copy_an_import_and_a_revision_are_indexed_as_their_own_versions(world, search):
    chair = world.users["chair"]
    first = make_version(world)
    first = version_issue(actor=chair, version=first)
    version_publish(actor=chair, version=first)
    report = first.report
    copy = version_create(
        actor=chair, report=report, kind="revision", label="Rev.1", based_on=first
    )
    # The published one for everyone; the draft copy (v2) only for its authors.
    assert search("anonymous", "lighthouse") == [("paragraph", version_url(report, 1, "OP1"))]
    assert sorted(search("chair", "lighthouse")) == [
        ("paragraph", version_url(report, 1, "OP1")),
        ("paragraph", version_url(report, copy.number, "OP1")),
    ]
    imported = version_import(
        actor=chair,
        report=report,
        data=b"1. Decides to survey the hedgehog population;\n",
        filename="d.md",
        kind="revision",
        label="Rev.2",
    )
    key = imported.items.get().paragraph.key
    assert [url for _, url in search("chair", "hedgehog")] == [
        version_url(report, imported.number, key)
    ]
    assert search("delegate", "hedgehog") == []

    amendment = amendment_propose(
        actor=world.users["delegate"],
        version=first,
        paragraph=Paragraph.objects.get(report=report, key="OP1"),
        kind="replace_text",
        start=32,
        end=42,
        new_text="windmill",
    )
    revision = revision_issue_from_amendments(
        actor=chair, version=first, incorporate=[amendment], label="Rev.3"
    )
    paragraph_hits = [url for kind, url in search("delegate", "windmill") if kind == "paragraph"]
    assert paragraph_hits == [version_url(report, revision.number, "OP1")]
    assert [url for kind, url in search("anonymous", "windmill") if kind == "paragraph"] == []


def test_amendments_are_found_by_their_text_and_rationale(world, search):
    chair = world.users["chair"]
    version = version_issue(actor=chair, version=make_version(world))
    amendment = amendment_propose(
        actor=world.users["delegate"],
        version=version,
        paragraph=Paragraph.objects.get(report=version.report, key="OP1"),
        kind="replace_text",
        start=32,
        end=42,
        new_text="hovercraft",
        rationale="Zeppelins are out of date.",
    )
    expected = [("amendment", amendment_url(amendment))]
    for query in ["hovercraft", "zeppelins"]:
        assert search("delegate", query) == expected
        assert search("observer", query) == expected
        assert search("anonymous", query) == []
        assert search("outsider", query) == []
    assert search("delegate", "zeppelins", kind="amendment") == expected
    assert search("delegate", "zeppelins", kind="paragraph") == []
    # Proposed by Brazil (member states): the constituency filter applies.
    assert search("delegate", "zeppelins", constituency="member-states") == expected
    assert search("delegate", "zeppelins", constituency="civil-society") == []
    version_publish(actor=chair, version=version)
    assert search("anonymous", "hovercraft") == expected


def test_the_amendment_result_names_paragraph_and_proposer(client_as, world):
    version = version_issue(actor=world.users["chair"], version=make_version(world))
    amendment = amendment_propose(
        actor=world.users["delegate"],
        version=version,
        paragraph=Paragraph.objects.get(report=version.report, key="OP1"),
        kind="replace_text",
        start=32,
        end=42,
        new_text="hovercraft",
    )
    html = (
        client_as("delegate")
        .get(reverse("publish:search", args=[world.group.slug]), {"q": "hovercraft"})
        .content.decode()
    )
    title = f"Amendment {amendment.pk} to OP1, Zero draft — Brazil"
    assert f'<a href="{amendment_url(amendment)}">{title}</a>' in html
    assert "Amendment · Member States · Draft recommendations" in html
    # The link leads to the amendment, readable by the same person.
    assert client_as("delegate").get(amendment_url(amendment)).status_code == 200
    assert client_as("anonymous").get(amendment_url(amendment)).status_code == 404


def test_the_kind_filter_lists_paragraphs_and_amendments(client):
    html = client.get(reverse("publish:search-all"), {"q": ""}).content.decode()
    assert '<option value="paragraph">Paragraph</option>' in html
    assert '<option value="amendment">Amendment</option>' in html
