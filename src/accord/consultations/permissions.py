"""Who may do what with consultations.

Voting and submitting statements is open to everyone with a role in the group (delegates and
observers acting for a member vote *as that member*); the public may take part only when the
consultation allows it, which the services check (the public has no role to put in this table).
"""

from __future__ import annotations

from accord.groups.permissions import ALL_ROLES, CHAIR, SECRETARIAT, register_actions

OPEN = "consultations.open"
CLOSE = "consultations.close"
MODERATE = "consultations.moderate"
IMPORT = "consultations.import"
VOTE = "consultations.vote"
SUBMIT = "consultations.submit"
VIEW_RESTRICTED = "consultations.view_restricted"

register_actions(
    {
        OPEN: frozenset({SECRETARIAT, CHAIR}),
        CLOSE: frozenset({SECRETARIAT, CHAIR}),
        MODERATE: frozenset({SECRETARIAT, CHAIR}),
        IMPORT: frozenset({SECRETARIAT}),
        VOTE: ALL_ROLES,
        SUBMIT: ALL_ROLES,
        # Members-only consultations (allow_public off) and their maps.
        VIEW_RESTRICTED: ALL_ROLES,
    }
)
