"""Who decides and concludes: only the chair opens calls, circulates texts under silence,
makes determinations and issues outcomes; members (a delegate, also speaking for its
negotiating group) record stances, explain positions and break silence; observers none of it.
The secretariat keeps the follow-up tracker. The public reads outcomes once issued."""

from __future__ import annotations

from accord.groups.permissions import (
    ALL_ROLES,
    CHAIR,
    DELEGATE,
    SECRETARIAT,
    register_actions,
)

OUTCOME_ACTIONS: dict[str, frozenset[str]] = {
    "outcomes.view": ALL_ROLES,  # calls, stances, silence, package view, draft outcomes
    "outcomes.open_call": frozenset({CHAIR}),  # also closes it and makes determinations
    "outcomes.record_stance": frozenset({DELEGATE}),  # stances, explanations, conditions
    "outcomes.silence": frozenset({CHAIR}),  # circulate under silence, withdraw
    "outcomes.break_silence": frozenset({DELEGATE}),
    "outcomes.draft": frozenset({CHAIR}),  # draft, edit and issue an outcome
    "outcomes.track": frozenset({SECRETARIAT, CHAIR}),  # follow-up of recommendations
}

register_actions(OUTCOME_ACTIONS)
