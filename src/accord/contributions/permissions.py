"""Who may do what with calls and contributions.

Reading unpublished contributions uses the group's ``group.view_restricted`` (anyone with a
role). Whether a delegation may submit also depends on the call's flags (members, observers,
public); the services check those.
"""

from __future__ import annotations

from accord.groups.permissions import CHAIR, DELEGATE, OBSERVER, SECRETARIAT, register_actions

CALL_CREATE = "contributions.call_create"
SUBMIT = "contributions.submit"
MODERATE = "contributions.moderate"

register_actions(
    {
        CALL_CREATE: frozenset({SECRETARIAT, CHAIR}),
        # Submitting as a delegation: delegates, and observers acting for an observer member.
        SUBMIT: frozenset({DELEGATE, OBSERVER}),
        MODERATE: frozenset({SECRETARIAT}),
    }
)
