"""Role × action: every meetings action, allowed or denied exactly as the table says."""

from __future__ import annotations

import pytest

from accord.groups.permissions import ACTIONS, can
from accord.meetings.permissions import MEETING_ACTIONS
from tests.conftest import ROLES

EXPECTED = {
    "meetings.manage": {"secretariat"},
    "meetings.upload_transcript": {"secretariat"},
    "meetings.publish_transcript": {"secretariat"},
    "meetings.post_live": {"secretariat", "chair"},
    "meetings.view_closed": {
        "secretariat",
        "chair",
        "vice_chair",
        "facilitator",
        "delegate",
        "observer",
    },
}


def test_table_is_registered_and_complete():
    assert set(EXPECTED) == set(MEETING_ACTIONS)
    for action in EXPECTED:
        assert ACTIONS[action] == MEETING_ACTIONS[action]


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_role_action(world, role, action):
    assert can(world.user(role), action, world.group) is (role in EXPECTED[action])
