"""The groups app's actions as a role × action table."""

from __future__ import annotations

import pytest

from accord.groups.permissions import ACTIONS, can
from tests.conftest import ROLES

EXPECTED = {
    "group.view_restricted": {
        "secretariat",
        "chair",
        "vice_chair",
        "facilitator",
        "delegate",
        "observer",
    },
    "group.change": {"secretariat"},
    "group.manage_members": {"secretariat"},
    "group.invite": {"secretariat"},
    "group.manage_negotiating_groups": {"secretariat"},
}


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_role_action_table(world, role, action):
    assert can(world.user(role), action, world.group) is (role in EXPECTED[action])


def test_table_lists_every_groups_action():
    assert {a for a in ACTIONS if a.startswith("group.")} == set(EXPECTED)


def test_roles_in_one_group_give_nothing_in_another(world, staff_user):
    from accord.groups import services

    other = services.group_create(actor=staff_user, name="Another group")
    assert can(world.users["chair"], "group.view_restricted", other) is False
