"""The role × action table for consultations, and the services enforcing it."""

from __future__ import annotations

from typing import Any

import pytest

from accord.common.errors import NotFound, PermissionDenied
from accord.consultations import permissions as P
from accord.consultations import selectors, services
from accord.groups.permissions import can
from tests.conftest import ROLES

from .conftest import open_consultation

BUREAU = {"secretariat", "chair"}
WITH_ROLE = {"secretariat", "chair", "vice_chair", "facilitator", "delegate", "observer"}
EXPECTED = {
    P.OPEN: BUREAU,
    P.CLOSE: BUREAU,
    P.MODERATE: BUREAU,
    P.IMPORT: {"secretariat"},
    P.VOTE: WITH_ROLE,
    P.SUBMIT: WITH_ROLE,
    P.VIEW_RESTRICTED: WITH_ROLE,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_action_table(world: Any, role: str, action: str) -> None:
    assert can(world.user(role), action, world.group) is (role in EXPECTED[action])


@pytest.mark.parametrize("role", ROLES)
def test_open_and_close_by_role(world: Any, role: str) -> None:
    actor = world.user(role)
    if role in BUREAU:
        c = services.consultation_open(actor=actor, group=world.group, question="Q?")
        services.consultation_close(actor=actor, consultation=c)
        return
    with pytest.raises(PermissionDenied):
        services.consultation_open(actor=actor, group=world.group, question="Q?")
    c = open_consultation(world)
    with pytest.raises(PermissionDenied):
        services.consultation_close(actor=actor, consultation=c)


@pytest.mark.parametrize("role", ROLES)
def test_vote_members_only_by_role(world: Any, role: str) -> None:
    c = open_consultation(world)
    s = selectors.statement_list(consultation=c).first()
    assert s is not None
    call = lambda: services.vote_cast(  # noqa: E731
        actor=world.user(role), consultation=c, statement_id=s.pk, value=1, anon_token="t"
    )
    if role in WITH_ROLE:
        assert call().participant_id
    else:
        with pytest.raises(PermissionDenied):
            call()


@pytest.mark.parametrize("role", ROLES)
def test_members_only_consultation_is_hidden(world: Any, role: str) -> None:
    c = open_consultation(world)
    viewer = world.user(role)
    if role in WITH_ROLE:
        assert selectors.consultation_get_for_viewer(viewer=viewer, group=world.group, pk=c.pk)
    else:
        with pytest.raises(NotFound):
            selectors.consultation_get_for_viewer(viewer=viewer, group=world.group, pk=c.pk)
    public = open_consultation(world, allow_public=True)
    assert selectors.consultation_get_for_viewer(viewer=viewer, group=world.group, pk=public.pk)
