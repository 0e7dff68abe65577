"""Writes: record a position, move a paragraph's status, confirm an ad referendum agreement;
and, beside each write, the check that says whether it is allowed (``checks``).

Everything here appends an event; no row is ever updated (the current state is read by the
selectors). Positions and statuses apply to issued, circulated versions only: members negotiate
on the text they were sent. Headings take no positions and no status.

Checks and writes (as Wagtail's action objects separate ``check()`` from ``execute()``): each
``may_*`` function returns the refusal the write would raise (an ``ApplicationError``), or
``None`` when the action is allowed; the write raises that same refusal. Screens ask the checks
instead of re-deriving the rules. A check reads what it needs through an ``Acting`` (who acts on
which version), which a screen builds once and fills from what it has already read, so asking
for every paragraph of a long text costs no query per paragraph.
"""

from .checks import (
    FORWARD,
    REASON_MAX,
    Acting,
    Refusal,
    S,
    may_confirm,
    may_determine,
    may_move,
    may_record_position,
    may_set_status,
    may_take_positions,
    status_moves,
)
from .records import position_record
from .status import ad_referendum_confirm, status_set

__all__ = [
    "FORWARD",
    "REASON_MAX",
    "Acting",
    "Refusal",
    "S",
    "ad_referendum_confirm",
    "may_confirm",
    "may_determine",
    "may_move",
    "may_record_position",
    "may_set_status",
    "may_take_positions",
    "position_record",
    "status_moves",
    "status_set",
]
