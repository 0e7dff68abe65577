"""Creating a working group from the web site: the same service and rule as the API (issue 9)."""

from __future__ import annotations

import html as html_lib

import pytest

from accord.common.models import AuditEvent
from accord.groups.models import Role, WorkingGroup

NEW = "/groups/new/"
FORM = {
    "name": "Working Group on Data Governance",
    "short_name": "WGDG",
    "slug": "",
    "parent_body": "Commission on Science and Technology for Development",
    "mandate": "To report on data governance.",
    "start_date": "2026-03-01",
    "end_date": "2027-02-28",
    "decision_rule": "consensus",
    "working_languages": "en, fr",
}


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return html_lib.unescape(response.content.decode())


def test_staff_create_a_group_and_become_its_secretariat(client_as, world):
    client = client_as("secretariat")
    page = client.get(NEW)
    assert page.status_code == 200
    assert 'name="name"' in page.content.decode() and "New working group" in _text(page)
    # Help texts are HTML: a placeholder in angle brackets would become an element.
    assert "/g/ADDRESS/" in page.content.decode() and "<address>" not in page.content.decode()
    response = client.post(NEW, FORM)
    assert response.status_code == 302
    assert response["Location"] == "/g/wgdg/manage/"
    group = WorkingGroup.objects.get(slug="wgdg")
    assert group.name == "Working Group on Data Governance" and group.short_name == "WGDG"
    assert group.working_languages == ["en", "fr"]
    assert str(group.start_date) == "2026-03-01" and str(group.end_date) == "2027-02-28"
    assert group.constituencies.count() == 5
    assert Role.objects.filter(group=group, user=world.users["secretariat"], kind="secretariat")
    assert AuditEvent.objects.filter(action="accord.group.create", group_id=group.pk).count() == 1
    manage = client.get(response["Location"])
    assert manage.status_code == 200
    assert "Created the working group Working Group on Data Governance." in _text(manage)


def test_the_home_page_offers_the_form_only_to_those_who_may_create(client_as, world):
    assert f'href="{NEW}"' in client_as("secretariat").get("/").content.decode()
    for role in ["chair", "delegate", "outsider", "anonymous"]:
        assert NEW not in client_as(role).get("/").content.decode(), role


@pytest.mark.parametrize("role", ["chair", "delegate", "outsider"])
def test_others_are_refused_with_a_clear_message(client_as, world, role):
    client = client_as(role)
    page = client.get(NEW)
    assert page.status_code == 403
    assert "Only platform staff can create working groups." in _text(page)
    assert 'name="name"' not in page.content.decode()
    refused = client.post(NEW, FORM)
    assert refused.status_code == 403
    assert "Only platform staff can create working groups." in _text(refused)
    assert not WorkingGroup.objects.filter(slug="wgdg").exists()


def test_anonymous_visitors_are_sent_to_log_in(client_as, world):
    response = client_as("anonymous").get(NEW)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/groups/new/"
    assert client_as("anonymous").post(NEW, FORM).status_code == 302
    assert not WorkingGroup.objects.filter(slug="wgdg").exists()


def test_a_duplicate_address_is_refused_and_the_input_kept(client_as, world):
    response = client_as("secretariat").post(NEW, {**FORM, "slug": "wgec"})
    assert response.status_code == 409
    text = _text(response)
    assert "A group with the address 'wgec' already exists." in text
    assert 'value="Working Group on Data Governance"' in response.content.decode()
    assert WorkingGroup.objects.count() == 1
    # Made from the short name, the address collides too.
    again = client_as("secretariat").post(NEW, {**FORM, "short_name": "WGEC"})
    assert again.status_code == 409
    assert "A group with the address 'wgec' already exists." in _text(again)


def test_bad_input_is_refused_with_the_reason(client_as, world):
    client = client_as("secretariat")
    backwards = client.post(NEW, {**FORM, "end_date": "2025-01-01"})
    assert backwards.status_code == 400
    assert "The group cannot end before it starts." in _text(backwards)
    nameless = client.post(NEW, {**FORM, "name": ""})
    assert nameless.status_code == 400
    no_address = client.post(NEW, {**FORM, "name": "!!!", "short_name": "", "slug": ""})
    assert no_address.status_code == 400
    assert "Choose an address" in _text(no_address)
    assert WorkingGroup.objects.count() == 1
