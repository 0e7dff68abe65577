"""Refused moderation answers 403 with the reason, never a redirect (issue 10): by plain POST
and by htmx, for every role, and the contribution is left as it was."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.contributions import services
from accord.contributions.models import Contribution
from tests.conftest import ROLES

# Who sees a pending contribution at all: the group's people; others get the missing page's 404.
SEES_PENDING = {"secretariat", "chair", "vice_chair", "facilitator", "delegate", "observer"}


def _pending(world, call):
    return services.contribution_submit(
        actor=world.users["delegate"], call=call, answers={1: "Our view on the matter."}
    )


def _moderate_url(world, contribution):
    return reverse(
        "contributions:moderate", kwargs={"group_slug": world.group.slug, "pk": contribution.pk}
    )


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("action", ["publish", "reject"])
@pytest.mark.parametrize("role", ROLES)
def test_moderation_by_role(world, call, client_as, role, action, htmx):
    contribution = _pending(world, call)
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client_as(role).post(
        _moderate_url(world, contribution), {"action": action, "reason": "Off topic"}, **extra
    )
    contribution.refresh_from_db()
    if role == "secretariat":
        assert response.status_code == (200 if htmx else 302)
        assert contribution.status == {"publish": "published", "reject": "rejected"}[action]
        return
    expected = 403 if role in SEES_PENDING else 404
    assert response.status_code == expected
    assert "Location" not in response
    assert contribution.status == Contribution.Status.SUBMITTED
    if expected == 403:
        assert "permission" in response.content.decode().lower()


def test_refused_moderation_of_a_published_contribution_is_403_for_anyone(world, call, client_as):
    contribution = _pending(world, call)
    services.contribution_publish(actor=world.users["secretariat"], contribution=contribution)
    for role in ["outsider", "anonymous", "chair"]:
        response = client_as(role).post(
            _moderate_url(world, contribution), {"action": "reject", "reason": "No."}
        )
        assert response.status_code == 403, role
        assert "Location" not in response
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.PUBLISHED


def test_a_bad_moderation_form_is_400_not_a_redirect(world, call, client_as):
    contribution = _pending(world, call)
    response = client_as("secretariat").post(
        _moderate_url(world, contribution), {"action": "reject", "reason": ""}
    )
    assert response.status_code == 400 and "Location" not in response
    assert "Give a reason" in response.content.decode()
