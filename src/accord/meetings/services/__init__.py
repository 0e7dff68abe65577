"""Writes for meetings; the HTML views, the API and the CLI all call these."""

from .live import live_post_create
from .meetings import agenda_item_add, meeting_create, meeting_day_add, meeting_update
from .transcripts import transcript_publish, transcript_rematch, transcript_upload

__all__ = [
    "agenda_item_add",
    "live_post_create",
    "meeting_create",
    "meeting_day_add",
    "meeting_update",
    "transcript_publish",
    "transcript_rematch",
    "transcript_upload",
]
