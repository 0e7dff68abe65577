"""Reads: which lists and threads a viewer may see, and a thread as a reply tree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from accord.common.errors import NotFound
from accord.groups.models import WorkingGroup
from accord.groups.permissions import can

from .models import MailingList, Message, Thread


def viewer_is_participant(*, viewer: Any, group: WorkingGroup) -> bool:
    """People with a role read members-only lists and see senders' addresses."""
    return can(viewer, "group.view_restricted", group)


def mailing_list_list_for_viewer(*, group: WorkingGroup, viewer: Any) -> QuerySet[MailingList]:
    # A list that an import under way is creating appears with its messages.
    lists = group.mailing_lists.exclude(import_runs__new_list=True)
    if not viewer_is_participant(viewer=viewer, group=group):
        lists = lists.filter(is_public=True)
    return lists.order_by("name")


def mailing_list_get_for_viewer(*, group: WorkingGroup, viewer: Any, name: str) -> MailingList:
    found = mailing_list_list_for_viewer(group=group, viewer=viewer).filter(name=name).first()
    if found is None:
        raise NotFound(_("No such mailing list."))
    return found


def thread_list_for_viewer(
    *,
    group: WorkingGroup,
    viewer: Any,
    mailing_list: MailingList | None = None,
    member_slug: str = "",
) -> QuerySet[Thread]:
    """Threads of the lists the viewer may read, latest activity first (undated last).

    ``member_slug`` keeps the threads in which that member's people wrote.
    """
    # Threads and messages an import has staged but not published are nobody's to see.
    threads = Thread.objects.filter(
        mailing_list__in=mailing_list_list_for_viewer(group=group, viewer=viewer),
        import_run__isnull=True,
    )
    if mailing_list is not None:
        threads = threads.filter(mailing_list=mailing_list)
    if member_slug:
        threads = threads.filter(
            Q(messages__member__slug=member_slug)
            & Q(messages__member__group=group)
            & Q(messages__import_run__isnull=True)
        ).distinct()
    return threads.select_related("mailing_list").order_by(
        F("last_message_at").desc(nulls_last=True), "-id"
    )


def thread_get_for_viewer(*, group: WorkingGroup, viewer: Any, thread_id: int) -> Thread:
    """The thread, or the same NotFound whether it is missing or on a members-only list."""
    thread = (
        thread_list_for_viewer(group=group, viewer=viewer)
        .filter(pk=thread_id)
        .select_related("mailing_list")
        .first()
    )
    if thread is None:
        raise NotFound(_("No such thread."))
    return thread


@dataclass(frozen=True)
class TreeNode:
    """One message in reading order. The template opens a nested list after a node with
    ``has_replies`` and closes ``closes`` levels after a node, so no recursion is needed."""

    message: Message
    depth: int
    has_replies: bool
    closes: int

    @property
    def close_range(self) -> range:
        return range(self.closes)


def thread_message_rows(*, thread: Thread) -> QuerySet[Message]:
    """The published messages of a thread, oldest first (undated last), unread: a caller
    that pages slices it in the database."""
    messages = thread.messages.filter(import_run__isnull=True)
    return messages.select_related("member", "member__constituency", "sender_user").order_by(
        F("sent_at").asc(nulls_last=True), "id"
    )


def thread_messages(*, thread: Thread) -> list[Message]:
    """The published messages of a thread, oldest first (undated last)."""
    return list(thread_message_rows(thread=thread))


def thread_tree(*, thread: Thread) -> list[TreeNode]:
    """Messages depth-first, replies in date order. A message whose parent is not in this
    thread starts a top-level branch; every message appears exactly once."""
    messages = thread_messages(thread=thread)
    by_pk = {m.pk: m for m in messages}
    children: dict[int | None, list[Message]] = {}
    for m in messages:
        parent = m.parent_id if m.parent_id in by_pk else None
        children.setdefault(parent, []).append(m)

    order: list[tuple[Message, int]] = []
    visited: set[int] = set()

    def walk(start: Message) -> None:
        stack = [(start, 0)]
        while stack:
            message, depth = stack.pop()
            if message.pk in visited:
                continue
            visited.add(message.pk)
            order.append((message, depth))
            replies = [c for c in children.get(message.pk, []) if c.pk not in visited]
            stack.extend((c, depth + 1) for c in reversed(replies))

    for root in children.get(None, []):
        walk(root)
    for m in messages:  # only reached if stored parents form a cycle
        if m.pk not in visited:
            walk(m)

    nodes = []
    for i, (message, depth) in enumerate(order):
        next_depth = order[i + 1][1] if i + 1 < len(order) else 0
        has_replies = next_depth > depth
        nodes.append(
            TreeNode(
                message=message,
                depth=depth,
                has_replies=has_replies,
                closes=0 if has_replies else depth - next_depth,
            )
        )
    return nodes
