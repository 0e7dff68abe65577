"""The secretariat's management pages: every form goes through the services."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from accord.common.models import AuditEvent
from accord.groups.models import Invitation, Member, Role


@pytest.mark.parametrize("role", ["chair", "delegate", "observer", "outsider", "anonymous"])
def test_only_the_secretariat_sees_the_manage_page(client_as, role):
    assert client_as(role).get("/g/wgec/manage/").status_code == 404


def test_secretariat_page_lists_constituencies_members_roles(client_as):
    html = client_as("secretariat").get("/g/wgec/manage/").content.decode()
    assert "Technical and academic community" in html
    assert "Brazil" in html and "Delegate" in html


def test_add_member_and_bad_member(client_as, world):
    client = client_as("secretariat")
    response = client.post(
        "/g/wgec/manage/members/",
        {
            "name": "Kenya",
            "kind": "state",
            "iso3": "KEN",
            "constituency": "member-states",
            "status": "member",
        },
    )
    assert response.status_code == 302
    assert Member.objects.filter(group=world.group, iso3="KEN").exists()
    bad = client.post(
        "/g/wgec/manage/members/",
        {
            "name": "Atlantis",
            "kind": "state",
            "iso3": "A1",
            "constituency": "member-states",
            "status": "member",
        },
    )
    assert bad.status_code == 400
    assert "ISO 3166" in bad.content.decode()
    assert not Member.objects.filter(name="Atlantis").exists()
    assert AuditEvent.objects.filter(action="accord.member.create", data__isnull=False).count() == 5


def test_edit_constituency_seats(client_as, world):
    client = client_as("secretariat")
    client.post(
        "/g/wgec/manage/constituencies/private-sector/", {"name": "Private sector", "seats": "7"}
    )
    assert world.group.constituencies.get(slug="private-sector").seats == 7
    client.post("/g/wgec/manage/constituencies/", {"name": "Youth", "seats": "2"})
    assert world.group.constituencies.get(slug="youth").seats == 2


def test_invite_a_delegate_who_accepts_by_the_link(
    client_as, world, client, django_capture_on_commit_callbacks
):
    secretariat = client_as("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(
            "/g/wgec/manage/invitations/",
            {
                "email": "new.delegate@example.org",
                "kind": "delegate",
                "member": "swe",
            },
        )
    assert response.status_code == 302
    link = re.search(
        r"http://testserver(/accounts/invitation/[^/\s]+/)", mail.outbox[-1].body
    ).group(1)
    client.logout()
    accepted = client.post(link, {"display_name": "New Delegate", "password": "a-long-password-1"})
    assert accepted.status_code == 302
    role = Role.objects.get(user__email="new.delegate@example.org")
    assert role.kind == "delegate" and role.member.iso3 == "SWE"
    assert Invitation.objects.get(email="new.delegate@example.org").accepted_at is not None
    again = client.post(link, {"display_name": "X", "password": "a-long-password-1"})
    assert again.status_code == 410


def test_delegate_invitation_without_member_is_refused(client_as, world):
    response = client_as("secretariat").post(
        "/g/wgec/manage/invitations/",
        {
            "email": "x@example.org",
            "kind": "delegate",
            "member": "",
        },
    )
    assert response.status_code == 400
    assert "acts for a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_revoke_a_role(client_as, world):
    role = Role.objects.get(user=world.users["observer"])
    response = client_as("secretariat").post(f"/g/wgec/manage/roles/{role.pk}/revoke/")
    assert response.status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()
