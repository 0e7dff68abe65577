"""Pages: thread list, thread tree, import form (plain POST and htmx), bad input."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from accord.common.models import AuditEvent
from accord.correspondence.models import MailingList, Message, Thread
from accord.jobs.models import Job
from accord.search.models import SearchEntry
from tests.correspondence.archives import THREAD

HTMX = {"HTTP_HX_REQUEST": "true"}


def _rows() -> tuple[int, ...]:
    return (
        MailingList.objects.count(),
        Thread.objects.count(),
        Message.objects.count(),
        SearchEntry.objects.count(),
        AuditEvent.objects.count(),
    )


def _mail_rows_and_other_events() -> tuple[int, ...]:
    """``_rows()`` without the audit events of starting jobs."""
    return (*_rows()[:4], AuditEvent.objects.exclude(action="accord.job.start").count())


def _upload(data: bytes = THREAD, name: str = "march.mbox", **fields: object) -> dict[str, object]:
    return {"file": SimpleUploadedFile(name, data), "list_name": "Main list", **fields}


def test_thread_list_public(client_as, imported, members_only):
    response = client_as("anonymous").get("/g/wgec/correspondence/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and 'id="threads"' in html
    assert "Draft report v2" in html and "Meeting logistics" in html
    assert "Confidential scheduling" not in html
    assert "Import a mailing-list archive" not in html
    assert "accord/css/correspondence.css" in html


def test_thread_list_htmx_fragment(client_as, imported):
    response = client_as("anonymous").get("/g/wgec/correspondence/", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<h1>" not in html
    assert html.strip().startswith('<div id="threads">')
    assert "Draft report v2" in html


def test_thread_list_for_members_shows_members_only_list(client_as, imported, members_only):
    html = client_as("delegate").get("/g/wgec/correspondence/").content.decode()
    assert "Confidential scheduling" in html and "members only" in html


def test_secretariat_sees_import_link(client_as, imported):
    html = client_as("secretariat").get("/g/wgec/correspondence/").content.decode()
    assert "/g/wgec/correspondence/import/" in html


def test_thread_detail_nested_tree_without_addresses_for_the_public(client_as, imported):
    thread = Thread.objects.get(subject="Draft report v2")
    response = client_as("anonymous").get(f"/g/wgec/correspondence/{thread.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    ids = [m.pk for m in thread.messages.order_by("sent_at")]
    for pk in ids:
        assert f'<article id="msg-{pk}"' in html
    # reply2 sits two nested lists below the root.
    root_at = html.index(f'id="msg-{ids[0]}"')
    deepest_at = html.index(f'id="msg-{ids[2]}"')
    assert html[root_at:deepest_at].count('<ol class="thread">') == 2
    assert html.count("<ol") == html.count("</ol>")
    assert html.count("<li>") == html.count("</li>")
    assert "Ana Souza" in html
    assert "ana.souza@itamaraty.gov.br" not in html and "jane@example.org" not in html
    assert "a…@itamaraty.gov.br" in html


def test_thread_detail_shows_addresses_to_members(client_as, imported):
    thread = Thread.objects.get(subject="Draft report v2")
    html = client_as("delegate").get(f"/g/wgec/correspondence/{thread.pk}/").content.decode()
    assert "ana.souza@itamaraty.gov.br" in html


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_members_only_thread_is_404_like_a_missing_one(client_as, members_only, role):
    thread = members_only.threads.get()
    client = client_as(role)
    assert client.get(f"/g/wgec/correspondence/{thread.pk}/").status_code == 404
    assert client.get("/g/wgec/correspondence/999999/").status_code == 404


def test_members_only_thread_for_a_delegate(client_as, members_only):
    thread = members_only.threads.get()
    assert client_as("delegate").get(f"/g/wgec/correspondence/{thread.pk}/").status_code == 200


def test_import_form_for_the_secretariat_only(client_as):
    response = client_as("secretariat").get("/g/wgec/correspondence/import/")
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()
    for role in ["chair", "delegate", "anonymous"]:
        response = client_as(role).get("/g/wgec/correspondence/import/")
        assert response.status_code == 403
        assert "Only the secretariat" in response.content.decode()
    before = _rows()
    assert client_as("chair").post("/g/wgec/correspondence/import/", _upload()).status_code == 403
    assert _rows() == before


def test_import_plain_post_redirects_with_the_report(client_as):
    client = client_as("secretariat")
    response = client.post("/g/wgec/correspondence/import/", _upload(), follow=True)
    # The import is a job: the answer is its page, with the report and a link to the threads.
    job = Job.objects.get()
    assert response.redirect_chain[-1] == (f"/jobs/{job.pk}/", 302)
    html = response.content.decode()
    assert "Imported 4 new messages from march.mbox" in html
    assert 'href="/g/wgec/correspondence/?list=Main+list"' in html
    assert Message.objects.count() == 4
    assert MailingList.objects.get().is_public


def test_import_members_only_list(client_as):
    client_as("secretariat").post(
        "/g/wgec/correspondence/import/", _upload(list_name="Bureau", members_only="on")
    )
    assert not MailingList.objects.get(name="Bureau").is_public


def test_import_htmx_goes_to_the_job_page(client_as):
    client = client_as("secretariat")
    response = client.post("/g/wgec/correspondence/import/", _upload(), **HTMX)
    job = Job.objects.get()
    assert response.status_code == 200 and response["HX-Redirect"] == f"/jobs/{job.pk}/"
    assert Message.objects.count() == 4


def test_duplicate_import_says_so(client_as):
    client = client_as("secretariat")
    client.post("/g/wgec/correspondence/import/", _upload())
    before = _mail_rows_and_other_events()
    response = client.post("/g/wgec/correspondence/import/", _upload(), follow=True)
    assert "All 4 messages were already imported." in response.content.decode()
    assert _mail_rows_and_other_events() == before


def test_garbage_file_fails_the_job_with_a_message_and_nothing_written(client_as):
    before = _mail_rows_and_other_events()
    client = client_as("secretariat")
    response = client.post(
        "/g/wgec/correspondence/import/",
        _upload(b"Minutes of the meeting\n\nNothing here.", "minutes.docx"),
    )
    assert response.status_code == 302
    assert Job.objects.get().status == Job.Status.FAILED
    html = client.get(response["Location"]).content.decode()
    assert "No messages found in minutes.docx" in html
    assert _mail_rows_and_other_events() == before


def test_missing_file_is_400(client_as):
    response = client_as("secretariat").post(
        "/g/wgec/correspondence/import/", {"list_name": "Main list"}, **HTMX
    )
    assert response.status_code == 400
    assert "Choose a file to upload." in response.content.decode()


@override_settings(ACCORD_MAX_UPLOAD_BYTES=200)
def test_oversized_upload_is_413_and_nothing_written(client_as):
    before = _rows()
    response = client_as("secretariat").post("/g/wgec/correspondence/import/", _upload())
    assert response.status_code == 413
    assert "the limit is" in response.content.decode()
    assert _rows() == before


def test_unknown_group_is_404(client_as):
    assert client_as("anonymous").get("/g/nope/correspondence/").status_code == 404
