"""Who may manage correspondence. Reading members-only lists uses ``group.view_restricted``."""

from __future__ import annotations

from accord.groups.permissions import SECRETARIAT, register_actions

ACTIONS: dict[str, frozenset[str]] = {
    "correspondence.import": frozenset({SECRETARIAT}),
    "correspondence.manage_lists": frozenset({SECRETARIAT}),
}

register_actions(ACTIONS)
