from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from accord.contributions import services
from accord.contributions.models import Attachment, Contribution
from tests.pages import without_csrf

from .conftest import corrupt_docx_upload, docx_upload, make_call


def url(name, world, **kwargs):
    return reverse(f"contributions:{name}", kwargs={"group_slug": world.group.slug, **kwargs})


def _submitted(world, call, text="Our view on the matter."):
    return services.contribution_submit(actor=world.users["delegate"], call=call, answers={1: text})


def test_list_page_and_htmx_fragment(world, call, client_as):
    published = _submitted(world, call)
    services.contribution_publish(actor=world.users["secretariat"], contribution=published)
    pending = _submitted(world, call, "Pending text.")
    client = client_as("anonymous")
    page = client.get(url("list", world))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Contributions</h1>" in html and call.title in html
    assert published.title in html
    assert f"/contributions/{pending.pk}/" not in html
    assert "Contributions by constituency" in html and 'class="bar"' in html
    fragment = client.get(
        url("list", world), {"constituency": "civil-society"}, HTTP_HX_REQUEST="true"
    )
    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert body.lstrip().startswith('<div id="results"')
    assert "<h1>" not in body and "<html" not in body
    assert "No contributions match." in body


def test_list_members_can_see_unpublished_with_status_filter(world, call, client_as):
    pending = _submitted(world, call)
    page = client_as("observer").get(url("list", world), {"status": "submitted"})
    assert f"/contributions/{pending.pk}/" in page.content.decode()
    page = client_as("outsider").get(url("list", world), {"status": "submitted"})
    assert f"/contributions/{pending.pk}/" not in page.content.decode()


def test_list_filters_by_question(world, call, client_as):
    a = services.contribution_submit(
        actor=world.users["delegate"], call=call, answers={2: "Q2 only"}
    )
    services.contribution_publish(actor=world.users["secretariat"], contribution=a)
    html = client_as("anonymous").get(url("list", world), {"question": "1"}).content.decode()
    assert "No contributions match." in html
    html = client_as("anonymous").get(url("list", world), {"question": "2"}).content.decode()
    assert a.title in html


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_unpublished_detail_is_a_404_like_a_missing_one(world, call, client_as, role):
    pending = _submitted(world, call)
    client = client_as(role)
    hidden = client.get(url("detail", world, pk=pending.pk))
    missing = client.get(url("detail", world, pk=pending.pk + 1000))
    assert hidden.status_code == missing.status_code == 404
    assert without_csrf(hidden.content.decode()) == without_csrf(
        missing.content.decode().replace(str(pending.pk + 1000), str(pending.pk))
    )


@pytest.mark.parametrize("role", ["delegate", "observer", "chair", "secretariat"])
def test_unpublished_detail_is_visible_to_members(world, call, client_as, role):
    pending = _submitted(world, call)
    page = client_as(role).get(url("detail", world, pk=pending.pk))
    assert page.status_code == 200
    assert "Our view on the matter." in page.content.decode()


def test_attachment_download_follows_visibility(world, call, client_as):
    contribution = services.contribution_submit(
        actor=world.users["delegate"], call=call, answers={1: "x"}, uploads=[docx_upload()]
    )
    attachment = contribution.attachments.get()
    link = url("attachment", world, pk=contribution.pk, attachment_id=attachment.pk)
    assert client_as("anonymous").get(link).status_code == 404
    response = client_as("observer").get(link)
    assert response.status_code == 200
    assert 'filename="views.docx"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_an_attachment_whose_file_is_lost_is_not_found_not_a_server_error(world, call, client_as):
    contribution = services.contribution_submit(
        actor=world.users["delegate"], call=call, answers={1: "x"}, uploads=[docx_upload()]
    )
    attachment = contribution.attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    link = url("attachment", world, pk=contribution.pk, attachment_id=attachment.pk)
    response = client_as("observer").get(link)
    assert response.status_code == 404


def test_call_page_shows_member_form_to_a_delegate(world, call, client_as):
    html = client_as("delegate").get(url("call", world, pk=call.pk)).content.decode()
    assert "Submit a contribution for Brazil" in html
    assert '<label for="id_answer_1">Question 1: What is the state' in html
    assert '<label for="id_attachments">Attachments</label>' in html
    assert 'name="website"' not in html


def test_call_page_shows_public_form_with_honeypot(world, call, client_as):
    html = client_as("anonymous").get(url("call", world, pk=call.pk)).content.decode()
    assert "Submit a public contribution" in html
    for label in [
        "Your name",
        "Organisation or affiliation",
        "E-mail address",
        "Stakeholder group",
    ]:
        assert f">{label}</label>" in html
    assert 'class="honeypot"' in html and "Other / general public" in html


def test_delegate_submits_with_docx_then_it_is_published(world, call, client_as):
    client = client_as("delegate")
    response = client.post(
        url("call", world, pk=call.pk),
        {"answer_1": "We support a new forum.", "answer_2": "", "attachments": [docx_upload()]},
        follow=True,
    )
    assert response.status_code == 200
    contribution = Contribution.objects.get()
    assert response.redirect_chain[-1][0] == url("detail", world, pk=contribution.pk)
    html = response.content.decode()
    assert "will be published after moderation" in html
    assert "views.docx" in html and "Submitted" in html
    # The secretariat publishes from the moderation queue (plain POST).
    secretariat = client_as("secretariat")
    queue = secretariat.get(url("moderation", world)).content.decode()
    assert contribution.title in queue and f'for="reason-{contribution.pk}"' in queue
    done = secretariat.post(
        url("moderate", world, pk=contribution.pk),
        {"action": "publish", "next": url("moderation", world)},
    )
    assert done.status_code == 302 and done["Location"] == url("moderation", world)
    anonymous = client_as("anonymous").get(url("detail", world, pk=contribution.pk))
    assert anonymous.status_code == 200
    assert "We support a new forum." in anonymous.content.decode()


def test_moderation_htmx_returns_the_row(world, call, client_as):
    contribution = _submitted(world, call)
    client = client_as("secretariat")
    response = client.post(
        url("moderate", world, pk=contribution.pk),
        {"action": "reject", "reason": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert body.lstrip().startswith("<article") and "Give a reason" in body
    response = client.post(
        url("moderate", world, pk=contribution.pk),
        {"action": "reject", "reason": "Off topic"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Now rejected." in response.content.decode()


def test_moderation_queue_is_for_the_secretariat(world, call, client_as):
    assert client_as("chair").get(url("moderation", world)).status_code == 403
    contribution = _submitted(world, call)
    response = client_as("chair").post(
        url("moderate", world, pk=contribution.pk), {"action": "publish"}
    )
    assert response.status_code == 403
    assert "You do not have permission" in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.status == "submitted"


def test_late_submission_page_says_so(world, client_as):
    call = make_call(world, opens_in=-10, closes_in=-1)
    response = client_as("delegate").post(
        url("call", world, pk=call.pk), {"answer_1": "Late."}, follow=True
    )
    html = response.content.decode()
    assert "received after the deadline of" in html and "marked late" in html
    assert Contribution.objects.get().is_late


def test_closed_call_410_keeps_the_input(world, client_as):
    call = make_call(world, opens_in=-10, closes_in=-1, accept_late=False)
    response = client_as("delegate").post(
        url("call", world, pk=call.pk), {"answer_1": "My carefully written answer."}
    )
    assert response.status_code == 410
    html = response.content.decode()
    assert "The call closed on" in html
    assert "My carefully written answer." in html
    assert Contribution.objects.count() == 0


def test_corrupt_docx_form_400_keeps_input(world, call, client_as):
    response = client_as("delegate").post(
        url("call", world, pk=call.pk),
        {"answer_1": "Text kept.", "attachments": [corrupt_docx_upload()]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "broken.docx" in html and "Text kept." in html and "Attach your files again" in html
    assert Contribution.objects.count() == Attachment.objects.count() == 0


@override_settings(ACCORD_MAX_UPLOAD_BYTES=500)
def test_oversized_form_413(world, call, client_as):
    response = client_as("delegate").post(
        url("call", world, pk=call.pk), {"answer_1": "x", "attachments": [docx_upload()]}
    )
    assert response.status_code == 413
    assert "the limit is" in response.content.decode()
    assert Contribution.objects.count() == 0


def _public_post(**overrides):
    data = {
        "name": "Ana Lima",
        "affiliation": "Instituto Nupef",
        "email": "ana@example.org",
        "constituency": "general-public",
        "answer_1": "Open processes build trust.",
        "website": "",
    }
    data.update(overrides)
    return data


def test_public_form_submission(world, call, client_as):
    response = client_as("anonymous").post(
        url("call", world, pk=call.pk), _public_post(constituency="civil-society"), follow=True
    )
    assert response.redirect_chain[-1][0] == url("call", world, pk=call.pk)
    assert "Thank you" in response.content.decode()
    contribution = Contribution.objects.get()
    assert contribution.public_constituency == world.constituencies["civil-society"]


def test_public_form_honeypot_400(world, call, client_as):
    response = client_as("anonymous").post(
        url("call", world, pk=call.pk), _public_post(website="http://buy.example")
    )
    assert response.status_code == 400
    assert "Your submission could not be accepted." in response.content.decode()
    assert Contribution.objects.count() == 0


@override_settings(ACCORD_PUBLIC_SUBMISSIONS_PER_HOUR=1)
def test_public_form_rate_limit_429(world, call, client_as):
    client = client_as("anonymous")
    assert client.post(url("call", world, pk=call.pk), _public_post()).status_code == 302
    response = client.post(url("call", world, pk=call.pk), _public_post(answer_1="Again"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Contribution.objects.count() == 1


def test_public_form_missing_fields_400(world, call, client_as):
    response = client_as("anonymous").post(url("call", world, pk=call.pk), _public_post(email=""))
    assert response.status_code == 400
    assert Contribution.objects.count() == 0


def test_withdraw_from_detail_page(world, call, client_as):
    contribution = _submitted(world, call)
    client = client_as("delegate")
    page = client.get(url("detail", world, pk=contribution.pk)).content.decode()
    assert 'value="withdraw"' in page and 'value="publish"' not in page
    client.post(
        url("moderate", world, pk=contribution.pk), {"action": "withdraw", "reason": "Replaced"}
    )
    contribution.refresh_from_db()
    assert contribution.status == "withdrawn"


def test_call_create_form(world, client_as):
    client = client_as("chair")
    page = client.get(url("call-create", world))
    assert page.status_code == 200
    assert '<label for="id_questions">Questions</label>' in page.content.decode()
    response = client.post(
        url("call-create", world),
        {
            "title": "Second call",
            "opens_at": "2030-01-01T09:00",
            "closes_at": "2030-02-01T17:00",
            "questions": "First question?\n\nSecond question?",
            "allow_members": "on",
            "accept_late": "on",
        },
    )
    assert response.status_code == 302
    call = world.group.calls.get(title="Second call")
    assert [q.text for q in call.questions.all()] == ["First question?", "Second question?"]
    assert not call.allow_public and call.allow_members
    bad = client.post(
        url("call-create", world),
        {
            "title": "Bad",
            "opens_at": "2030-02-01T09:00",
            "closes_at": "2030-01-01T09:00",
            "questions": "Q?",
        },
    )
    assert bad.status_code == 400 and "must close after it opens" in bad.content.decode()
    assert client_as("delegate").get(url("call-create", world)).status_code == 403
