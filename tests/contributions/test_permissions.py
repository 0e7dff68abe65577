"""Role × action tables: the registered actions, and submitting per the call's flags."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.common.errors import PermissionDenied
from accord.contributions import services
from accord.contributions.models import Contribution
from accord.groups.permissions import ACTIONS, can
from tests.conftest import ROLES

from .conftest import make_call, public_fields

EXPECTED = {
    "contributions.call_create": {"secretariat", "chair"},
    "contributions.submit": {"delegate", "observer"},
    "contributions.moderate": {"secretariat"},
}


def test_the_app_registers_exactly_these_actions():
    assert {a for a in ACTIONS if a.startswith("contributions.")} == set(EXPECTED)


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_can(world, role, action):
    assert can(world.user(role), action, world.group) is (role in EXPECTED[action])


def _create_call_as(world, role):
    now = timezone.now()
    return services.call_create(
        actor=world.user(role),
        group=world.group,
        title="A call",
        opens_at=now,
        closes_at=now + timedelta(days=1),
        questions=["Why?"],
    )


@pytest.mark.parametrize("role", ROLES)
def test_create_call(world, role):
    if role in EXPECTED["contributions.call_create"]:
        assert _create_call_as(world, role).pk
    else:
        with pytest.raises(PermissionDenied):
            _create_call_as(world, role)


# Who submits as a delegation, per call flags (members, observers). The delegate acts for
# Brazil (a member); the observer for Switzerland (an observer member).
SUBMIT_CASES = [
    # (allow_members, allow_observers) → roles that may submit as a delegation
    ((True, True), {"delegate", "observer"}),
    ((True, False), {"delegate"}),
    ((False, True), {"observer"}),
    ((False, False), set()),
]


@pytest.mark.parametrize(("flags", "allowed"), SUBMIT_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_submit_as_delegation(world, role, flags, allowed):
    call = make_call(
        world, allow_members=flags[0], allow_observers=flags[1], allow_public=not any(flags)
    )
    if role in allowed:
        contribution = services.contribution_submit(
            actor=world.user(role), call=call, answers={1: "Our view."}
        )
        expected = world.members["BRA" if role == "delegate" else "CHE"]
        assert contribution.member == expected
    else:
        with pytest.raises(PermissionDenied):
            services.contribution_submit(actor=world.user(role), call=call, answers={1: "x"})
        assert Contribution.objects.count() == 0


@pytest.mark.parametrize("allow_public", [True, False])
@pytest.mark.parametrize("role", ROLES)
def test_submit_as_public(world, role, allow_public):
    """Anyone may use the public form when the call allows it (logged in or not)."""
    call = make_call(world, allow_public=allow_public)
    if allow_public:
        contribution = services.contribution_submit_public(
            call=call, actor=world.user(role), **public_fields()
        )
        assert contribution.member is None
    else:
        with pytest.raises(PermissionDenied):
            services.contribution_submit_public(
                call=call, actor=world.user(role), **public_fields()
            )


STATUS_AFTER = {"publish": "published", "reject": "rejected", "withdraw": "withdrawn"}


@pytest.mark.parametrize("action", sorted(STATUS_AFTER))
@pytest.mark.parametrize("role", ROLES)
def test_moderate(world, call, role, action):
    contribution = services.contribution_submit(
        actor=world.users["delegate"], call=call, answers={1: "Our view."}
    )
    allowed = role == "secretariat" or (action == "withdraw" and role == "delegate")
    kwargs = {"reason": "Because."}
    if allowed:
        services.contribution_moderate(
            actor=world.user(role), contribution=contribution, action=action, **kwargs
        )
        contribution.refresh_from_db()
        assert contribution.status == STATUS_AFTER[action]
    else:
        with pytest.raises(PermissionDenied):
            services.contribution_moderate(
                actor=world.user(role), contribution=contribution, action=action, **kwargs
            )
        contribution.refresh_from_db()
        assert contribution.status == "submitted"
