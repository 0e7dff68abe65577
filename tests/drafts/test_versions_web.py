"""Views (pages, htmx fragment), API and admin for reports and versions."""

# ruff: noqa: F811  (fixtures imported from versions_fixtures)
from __future__ import annotations

import pytest
from django.urls import reverse

from accord.accounts.services import api_token_create
from accord.drafts.models import Version, VersionParagraph
from accord.drafts.services import versions as services
from tests.conftest import ROLES
from tests.drafts.versions_fixtures import draft, issued, report  # noqa: F401


def url(name, world, *args):
    return reverse(f"drafts:{name}", args=[world.group.slug, *args])


def test_pages_for_the_chair(world, client_as, issued):
    report = issued.report
    client = client_as("chair")
    assert client.get(url("list", world)).status_code == 200
    page = client.get(url("report", world, report.slug))
    assert page.status_code == 200 and issued.content_hash in page.content.decode()
    page = client.get(url("version", world, report.slug, 1)).content.decode()
    assert '<span class="bracket" data-depth="1">[establish]</span>' in page
    assert 'class="para-id">OP1<' in page


def test_draft_page_hidden_from_delegates_as_missing(world, client_as, draft):
    client = client_as("delegate")
    assert client.get(url("version", world, draft.report.slug, 1)).status_code == 404
    assert client.get(url("version", world, draft.report.slug, 9)).status_code == 404


def test_forms_create_edit_issue(world, client_as, report):
    client = client_as("chair")
    r = client.post(
        url("report", world, report.slug), {"kind": "zero_draft", "label": "Zero draft"}
    )
    assert r.status_code == 302
    add = url("version-paragraph-add", world, report.slug, 1)
    assert client.post(add, {"kind": "op", "text": "Decides.", "after": ""}).status_code == 302
    assert client.post(add, {"kind": "op", "text": "Notes.", "after": ""}).status_code == 302
    assert client.post(add, {"kind": "op", "text": "Inserted.", "after": "OP1"}).status_code == 302
    edit = url("version-paragraph-edit", world, report.slug, 1, "OP1bis")
    assert client.post(edit, {"text": "Inserted, edited."}).status_code == 302
    version = report.versions.get(number=1)
    assert [i.paragraph.key for i in version.items.order_by("order")] == ["OP1", "OP1bis", "OP2"]
    assert client.post(url("version-issue", world, report.slug, 1)).status_code == 302
    r = client.post(edit, {"text": "Changed after issue."})
    assert r.status_code == 409 and "is issued and cannot change" in r.content.decode()
    assert (
        VersionParagraph.objects.get(version=version, paragraph__key="OP1bis").text
        == "Inserted, edited."
    )


def test_delegate_cannot_issue_by_post(world, client_as, draft):
    client_as("chair")
    client = client_as("delegate")
    r = client.post(url("version-issue", world, draft.report.slug, 1))
    assert r.status_code == 404  # the draft is not even visible to them
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_compare_page_and_htmx_fragment(world, client_as, issued):
    chair = world.users["chair"]
    rev = services.version_create(
        actor=chair, report=issued.report, kind="revision", label="Rev.1", based_on=issued
    )
    op2 = issued.report.paragraphs.get(key="OP2")
    services.version_paragraph_update(
        actor=chair, version=rev, paragraph=op2, text="Requests the secretariat to report annually."
    )
    client = client_as("chair")
    target = url("compare", world, issued.report.slug) + "?a=1&b=2"
    page = client.get(target).content.decode()
    assert "<html" in page and "<ins>annually</ins>" in page
    fragment = client.get(target, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and fragment.lstrip().startswith('<section id="result"')
    assert "<ins>annually</ins>" in fragment


def test_import_form(world, client_as, report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("secretariat")
    upload = SimpleUploadedFile("d.md", b"# Title\n\n1. Decides [to act].\n")
    r = client.post(
        url("import", world, report.slug),
        {"file": upload, "kind": "zero_draft", "label": "Zero draft"},
    )
    # The import is a job (run at once in the tests): its page links to the new version.
    assert r.status_code == 302 and r["Location"].startswith("/jobs/")
    page = client.get(r["Location"]).content.decode()
    assert "Imported “Zero draft”: 2 paragraphs." in page  # the heading and OP1
    assert f'href="{url("version", world, report.slug, 1)}"' in page
    bad = SimpleUploadedFile("d.md", b"# Only a heading\n")
    r = client.post(
        url("import", world, report.slug), {"file": bad, "kind": "zero_draft", "label": "Again"}
    )
    assert r.status_code == 302 and "No paragraphs" in client.get(r["Location"]).content.decode()
    assert report.versions.count() == 1


def _auth(world, role):
    _token, key = api_token_create(user=world.users[role], name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


API = "/api/v1/groups/{g}/drafts"


def test_api_flow(world, client, report):
    base = API.format(g=world.group.slug) + f"/{report.slug}"
    chair = _auth(world, "chair")
    r = client.post(
        f"{base}/versions",
        {"kind": "zero_draft", "label": "Zero draft"},
        content_type="application/json",
        **chair,
    )
    assert r.status_code == 201, r.content
    r = client.post(
        f"{base}/versions/1/paragraphs",
        {"kind": "op", "text": "Decides [to act]."},
        content_type="application/json",
        **chair,
    )
    assert r.status_code == 201 and r.json()["key"] == "OP1"
    r = client.post(f"{base}/versions/1/issue", **_auth(world, "secretariat"))
    assert r.status_code == 403
    r = client.post(f"{base}/versions/1/issue", **chair)
    assert r.status_code == 200 and len(r.json()["content_hash"]) == 64
    r = client.put(
        f"{base}/versions/1/paragraphs/OP1",
        {"text": "Changed."},
        content_type="application/json",
        **chair,
    )
    assert r.status_code == 409 and "cannot change" in r.json()["error"]["message"]
    r = client.post(
        f"{base}/versions",
        {"kind": "revision", "label": "Rev.1", "based_on": 1},
        content_type="application/json",
        **chair,
    )
    assert r.status_code == 201
    r = client.put(
        f"{base}/versions/2/paragraphs/OP1",
        {"text": "Decides to act."},
        content_type="application/json",
        **chair,
    )
    assert r.status_code == 200
    r = client.get(f"{base}/compare?a=1&b=2", **chair)
    assert r.status_code == 200 and r.json()["blocks"][0]["old"] == ["OP1"]
    assert client.post(f"{base}/versions/2/issue").status_code == 401
    r = client.get(f"{base}/versions/2")  # anonymous: draft hidden
    assert r.status_code == 404


def test_api_import_bad_file(world, client, report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    base = API.format(g=world.group.slug) + f"/{report.slug}"
    r = client.post(
        f"{base}/import",
        {"file": SimpleUploadedFile("d.docx", b"PK\x03\x04junk"), "label": "Z"},
        **_auth(world, "chair"),
    )
    assert r.status_code == 202 and r.json()["status"] == "failed"
    assert "damaged" in r.json()["error"]["message"]
    assert Version.objects.count() == 0


def test_admin_cannot_change_an_issued_version(world, client, issued):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin_user)
    item = issued.items.get(paragraph__key="OP1")
    r = client.get(reverse("admin:drafts_versionparagraph_change", args=[item.pk]))
    assert r.status_code == 200 and b'name="text"' not in r.content  # read-only view
    r = client.post(
        reverse("admin:drafts_versionparagraph_change", args=[item.pk]),
        {
            "version": issued.pk,
            "paragraph": item.paragraph_id,
            "order": 1,
            "text": "Hacked.",
            "footnotes": "[]",
        },
    )
    assert r.status_code == 403
    r = client.post(reverse("admin:drafts_version_delete", args=[issued.pk]), {"post": "yes"})
    assert r.status_code == 403
    item.refresh_from_db()
    assert item.text.startswith("Decides") and Version.objects.filter(pk=issued.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_version_page_by_role(world, client_as, issued, role):
    client = client_as(role)
    status = client.get(url("version", world, issued.report.slug, 1)).status_code
    # Issued and circulated: every role reads it; outsiders and the public do not (not published).
    assert status == (404 if role in ("outsider", "anonymous") else 200)
