"""The manage page's negotiating-groups section: plain forms (no JS), every write a service."""

from __future__ import annotations

import pytest

from accord.common.models import AuditEvent
from accord.groups.models import NegotiatingGroup

BASE = "/g/wgec/manage/negotiating-groups/"


def test_section_lists_groups_members_and_grouped_checkboxes(client_as, blocs):
    html = client_as("secretariat").get("/g/wgec/manage/").content.decode()
    assert "Negotiating groups (3)" in html
    assert "<strong>Group of 77 and China</strong> (G77 and China)" in html
    assert "coordinated by South Africa" in html
    assert "Remove Egypt from G77 and China" in html
    # The create form: one checkbox per full member, grouped by constituency; no observers.
    assert 'type="checkbox" name="members" value="egy"' in html
    assert "Member States" in html and "Civil society" in html
    assert 'name="members" value="che"' not in html


def test_create_through_the_form(client_as, blocs, world):
    client = client_as("secretariat")
    response = client.post(
        BASE,
        {
            "name": "African Group",
            "short_name": "AGN",
            "aliases": "AFRICAN GROUP, Group of African States",
            "members": ["egy", "zaf"],
            "coordinator": "egy",
        },
    )
    assert response.status_code == 302
    agn = NegotiatingGroup.objects.get(slug="agn")
    assert sorted(m.iso3 for m in agn.members.all()) == ["EGY", "ZAF"]
    assert agn.coordinator.iso3 == "EGY"
    assert agn.aliases == ["AFRICAN GROUP", "Group of African States"]
    page = client.get("/g/wgec/manage/").content.decode()
    assert "Added the negotiating group AGN with 2 members." in page


def test_create_errors_keep_the_page(client_as, blocs):
    client = client_as("secretariat")
    twice = client.post(BASE, {"name": "African Group", "members": ["egy", "egy"]})
    assert twice.status_code == 400 and "Egypt is listed twice" in twice.content.decode()
    taken = client.post(BASE, {"name": "Group of 77", "slug": "g77"})
    assert taken.status_code == 409 and "already exists" in taken.content.decode()
    observer = client.post(BASE, {"name": "Alpine", "members": ["che"]})
    assert observer.status_code == 400  # not offered: observers are not choices
    assert NegotiatingGroup.objects.count() == 3


def test_add_remove_edit_delete(client_as, blocs):
    client = client_as("secretariat")
    assert client.post(BASE + "lmdc/members/", {"member": "bra"}).status_code == 302
    assert blocs.lmdc.members.filter(iso3="BRA").exists()
    again = client.post(BASE + "lmdc/members/", {"member": "bra"})
    assert again.status_code == 409
    assert client.post(BASE + "lmdc/members/", {"member": ""}).status_code == 400
    assert client.post(BASE + "lmdc/members/bra/remove/").status_code == 302
    assert not blocs.lmdc.members.filter(iso3="BRA").exists()
    edit = client.post(
        BASE + "g77/",
        {
            "ng-g77-name": "Group of 77 and China",
            "ng-g77-short_name": "G-77",
            "ng-g77-slug": "g77",
            "ng-g77-aliases": "G77",
            "ng-g77-coordinator": "bra",
        },
    )
    assert edit.status_code == 302
    blocs.g77.refresh_from_db()
    assert blocs.g77.short_name == "G-77" and blocs.g77.coordinator.iso3 == "BRA"
    bad = client.post(BASE + "g77/", {"ng-g77-name": "", "ng-g77-slug": "g77"})
    assert bad.status_code == 400 and 'id="ng-g77" open' in bad.content.decode()
    assert client.post(BASE + "eu/delete/").status_code == 302
    assert not NegotiatingGroup.objects.filter(slug="eu").exists()
    assert client.post(BASE + "nope/delete/").status_code == 404
    assert AuditEvent.objects.filter(action__startswith="accord.negotiating_group.").count() == 7


@pytest.mark.parametrize("role", ["chair", "delegate", "observer", "outsider", "anonymous"])
def test_only_the_secretariat(client_as, blocs, role):
    client = client_as(role)
    assert client.post(BASE, {"name": "African Group"}).status_code == 404
    assert client.post(BASE + "g77/members/bra/remove/").status_code == 404
    assert client.post(BASE + "eu/delete/").status_code == 404
    assert NegotiatingGroup.objects.count() == 3 and blocs.g77.members.count() == 3
