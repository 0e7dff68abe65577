"""Who may run meetings, handle transcripts and post live updates."""

from __future__ import annotations

from accord.groups.permissions import ALL_ROLES, CHAIR, SECRETARIAT, register_actions

MEETING_ACTIONS: dict[str, frozenset[str]] = {
    "meetings.manage": frozenset({SECRETARIAT}),
    "meetings.upload_transcript": frozenset({SECRETARIAT}),
    "meetings.publish_transcript": frozenset({SECRETARIAT}),
    # The chair runs the room and may tell the outside world what is happening in it.
    "meetings.post_live": frozenset({SECRETARIAT, CHAIR}),
    "meetings.view_closed": ALL_ROLES,
}

register_actions(MEETING_ACTIONS)
