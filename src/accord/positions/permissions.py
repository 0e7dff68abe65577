"""Who may take positions (delegations) and move a paragraph's status (the chair, and a
facilitator on the paragraphs of their consultation)."""

from __future__ import annotations

from accord.groups.permissions import CHAIR, DELEGATE, FACILITATOR, register_actions

POSITION_ACTIONS: dict[str, frozenset[str]] = {
    "positions.record": frozenset({DELEGATE}),
    "positions.set_status": frozenset({CHAIR, FACILITATOR}),
}

register_actions(POSITION_ACTIONS)
