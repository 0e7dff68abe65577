"""An invitation is accepted only by the account it was sent to (issue 10): any other
logged-in account is refused with 403 and the invitation stays unused for its owner."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from accord.common.errors import Conflict, PermissionDenied
from accord.groups import services
from accord.groups.models import Invitation, Role
from tests.factories import UserFactory

INVITED = "ana.invited@example.org"
LOGGED_IN_ROLES = [
    "secretariat",
    "chair",
    "vice_chair",
    "facilitator",
    "delegate",
    "observer",
    "outsider",
]


@pytest.fixture
def invitation(world):
    invitation, token = services.invitation_create(
        actor=world.users["secretariat"],
        group=world.group,
        email=INVITED,
        kind="delegate",
        member=world.members["SWE"],
    )
    return invitation, f"/accounts/invitation/{token}/"


def _unused(invitation):
    invitation.refresh_from_db()
    return invitation.accepted_at is None and invitation.accepted_by is None


@pytest.mark.parametrize("role", LOGGED_IN_ROLES)
def test_another_logged_in_account_is_refused_and_the_invitation_is_not_burnt(
    client_as, world, invitation, role
):
    invitation, link = invitation
    page = client_as(role).get(link)
    assert page.status_code == 403
    assert "Log out, then accept" in page.content.decode()
    assert ">Accept</button>" not in page.content.decode()
    response = client_as(role).post(link)
    assert response.status_code == 403
    assert "sent to another e-mail address" in response.content.decode()
    assert _unused(invitation)
    assert not Role.objects.filter(user=world.users[role], member=world.members["SWE"]).exists()
    # Its owner can still accept it.
    owner = UserFactory(username="ana", email=INVITED)
    client = client_as("anonymous")
    client.force_login(owner)
    accepted = client.post(link)
    assert accepted.status_code == 302
    assert Role.objects.get(user=owner).member == world.members["SWE"]


@pytest.mark.parametrize("email", [INVITED, INVITED.upper()])
def test_the_invited_account_accepts_when_logged_in(client, world, invitation, email):
    invitation, link = invitation
    owner = UserFactory(username="ana", email=email)
    client.force_login(owner)
    page = client.get(link)
    assert page.status_code == 200
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == f"/g/{world.group.slug}/"
    invitation.refresh_from_db()
    assert invitation.accepted_by == owner


def test_logging_out_from_a_refused_invitation_comes_back_to_it(client_as, world, invitation):
    _invitation, link = invitation
    response = client_as("outsider").post("/accounts/logout/", {"next": link})
    assert response.status_code == 302 and response["Location"] == link


def test_a_new_person_makes_the_invited_account(client, world, invitation):
    invitation, link = invitation
    response = client.post(link, {"display_name": "Ana", "password": "a-long-password-1"})
    assert response.status_code == 302
    user = get_user_model().objects.get(email=INVITED)
    assert Role.objects.get(user=user).kind == "delegate"


def test_a_visitor_not_logged_in_whose_address_has_an_account_must_log_in(
    client, world, invitation
):
    invitation, link = invitation
    UserFactory(username="ana", email=INVITED)
    response = client.post(link, {"display_name": "Ana", "password": "a-long-password-1"})
    assert response.status_code == 409 and "log in first" in response.content.decode()
    assert _unused(invitation)


def test_the_service_refuses_another_account(world, invitation):
    invitation, link = invitation
    token = link.rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(PermissionDenied):
        services.invitation_accept(token=token, user=world.users["outsider"])
    assert _unused(invitation)
    with pytest.raises(Conflict):
        UserFactory(username="ana", email=INVITED)
        services.invitation_accept(token=token, password="a-long-password-1")
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None
