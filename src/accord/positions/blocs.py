"""How a negotiating group's position counts for its members (the one rule every view uses).

A member speaking on behalf of its group (the G77 and China, the EU) states the group's
position. That position counts for each member of the group that has not stated its own: the
member's own position always wins. A member in several groups that spoke differently takes the
most recent group position. Every result says whether it came through a group, so views can
show "via G77 and China".

Plain data in, plain data out (no queries), so positions on paragraphs and stances in a
consensus call follow exactly the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Effective(Generic[T]):
    """A member's position as it counts: its own, or its group's (``via_group`` set)."""

    value: T
    via_group: int | None = None  # the negotiating group's id when it came through a group


@dataclass(frozen=True)
class GroupStatement(Generic[T]):
    """A position stated on behalf of a group; ``order`` sorts statements oldest first."""

    group_id: int
    value: T
    order: tuple[object, ...]


def effective_positions(
    *,
    own: Mapping[int, T],
    group_statements: Iterable[GroupStatement[T]],
    memberships: Mapping[int, Iterable[int]],
) -> dict[int, Effective[T]]:
    """Member id → the position that counts for it.

    ``own``: member id → its own latest position. ``group_statements``: each group's latest
    statement. ``memberships``: group id → its member ids. Members with neither are absent.
    """
    result: dict[int, Effective[T]] = {m: Effective(v) for m, v in own.items()}
    latest: dict[int, GroupStatement[T]] = {}
    for statement in sorted(group_statements, key=lambda s: s.order):
        for member_id in memberships.get(statement.group_id, ()):
            latest[member_id] = statement  # later statements overwrite earlier ones
    for member_id, statement in latest.items():
        if member_id not in result:
            result[member_id] = Effective(statement.value, via_group=statement.group_id)
    return result
