"""Threading: which message answers which, and which messages form a conversation.

The rules, in order (a simplified JWZ algorithm, https://www.jwz.org/doc/threading.html):

1. De-duplication. Messages are identified by Message-ID; when an archive holds the
   same id more than once (list archives often do), the first occurrence stands for all.
2. References. A message's candidate parents are its References, then its In-Reply-To
   if that is not among them. The parent is the *last* candidate present in the set,
   so a reply whose direct parent is missing from the archive still hangs under the
   nearest ancestor that is there, and the thread does not split. A candidate that
   would close a cycle (forged or looping headers) is skipped.
3. Subject fallback, for messages still without a parent, taken in date order. Such a
   message joins the earliest thread with the same normalised subject (compared with
   ``casefold``) only if it is evidently a reply: its subject has a reply or forward
   prefix (``Re:``, ``AW:``, ``Fwd:``...) or it carries In-Reply-To/References that point
   outside the archive. It is attached to that thread's root. Two new posts with the
   same subject and no reply marks stay separate threads: in a working group, "Comments
   on the draft" is a subject many delegations start independently.

A reply dated before the message it answers (clock skew) cannot pull that message into
its thread by subject; reference links still work in any order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from accord.core.mail.model import MailMessage, MailThread
from accord.core.mail.subjects import has_reply_prefix, normalise_subject

_PLACEHOLDER_DATE = datetime(1970, 1, 1, tzinfo=UTC)


def _unique_in_date_order(messages: Iterable[MailMessage]) -> list[MailMessage]:
    seen: dict[str, tuple[int, MailMessage]] = {}
    for index, message in enumerate(messages):
        seen.setdefault(message.message_id, (index, message))

    def key(item: tuple[int, MailMessage]) -> tuple[bool, datetime, int]:
        index, message = item
        # Undated messages go last; the placeholder date only keeps the tuple comparable.
        return (message.date is None, message.date or _PLACEHOLDER_DATE, index)

    return [message for _, message in sorted(seen.values(), key=key)]


def _candidates(message: MailMessage) -> list[str]:
    candidates = list(message.references)
    if message.in_reply_to and message.in_reply_to not in candidates:
        candidates.append(message.in_reply_to)
    return candidates


class _Roots:
    """The root of each message's tree as parents are set, in near-constant time (union-find
    with path compression): walking up from each candidate instead was quadratic when a
    message's References name thousands of its own descendants."""

    def __init__(self) -> None:
        self.up: dict[str, str] = {}

    def root(self, node: str) -> str:
        top = node
        while top in self.up:
            top = self.up[top]
        while node != top:  # compress the path
            self.up[node], node = top, self.up[node]
        return top

    def attach(self, child: str, parent: str) -> None:
        self.up[child] = parent


def _parents(ordered: Sequence[MailMessage]) -> dict[str, str | None]:
    present = {message.message_id for message in ordered}
    parents: dict[str, str | None] = dict.fromkeys(m.message_id for m in ordered)
    roots = _Roots()
    for message in ordered:
        # The message has no parent yet, so a candidate closes a cycle exactly when the
        # message is the root of the candidate's tree.
        for candidate in reversed(_candidates(message)):
            if (
                candidate != message.message_id
                and candidate in present
                and roots.root(candidate) != message.message_id
            ):
                parents[message.message_id] = candidate
                roots.attach(message.message_id, candidate)
                break

    first_root_by_subject: dict[str, str] = {}
    for message in ordered:
        if parents[message.message_id] is not None:
            continue
        key = normalise_subject(message.subject).casefold()
        if not key:
            continue
        is_reply = has_reply_prefix(message.subject) or bool(_candidates(message))
        earlier = first_root_by_subject.get(key)
        if is_reply and earlier is not None:
            parents[message.message_id] = earlier
        else:
            first_root_by_subject.setdefault(key, message.message_id)
    return parents


def thread_parents(messages: Iterable[MailMessage]) -> dict[str, str | None]:
    """Map each distinct Message-ID to its parent's id, or ``None`` for a thread root.

    The parent is always another key of the result, so a UI can draw the tree from this
    dict alone. Deterministic for the same input, whatever the input order of messages
    with distinct dates. The rules are in this module's docstring.
    """
    return _parents(_unique_in_date_order(messages))


def thread_messages(messages: Iterable[MailMessage]) -> list[MailThread]:
    """Group messages into conversations, earliest conversation first.

    Every distinct Message-ID is in exactly one thread. Threads are ordered by their
    earliest message; within a thread, ``message_ids`` are in date order (undated last,
    ties in archive order). Use ``thread_parents`` for the reply tree.
    """
    ordered = _unique_in_date_order(messages)
    parents = _parents(ordered)
    by_id = {message.message_id: message for message in ordered}
    root_cache: dict[str, str] = {}

    def root_of(message_id: str) -> str:
        path: list[str] = []
        current = message_id
        while current not in root_cache:
            parent = parents[current]
            if parent is None:
                root_cache[current] = current
                break
            path.append(current)
            current = parent
        root = root_cache[current]
        for node in path:
            root_cache[node] = root
        return root

    members: dict[str, list[str]] = {}
    for message in ordered:
        members.setdefault(root_of(message.message_id), []).append(message.message_id)

    threads = []
    for root_id, ids in members.items():
        subjects = [by_id[root_id].subject] + [by_id[i].subject for i in ids]
        subject = next((s for s in map(normalise_subject, subjects) if s), "")
        threads.append(MailThread(root_id=root_id, subject=subject, message_ids=tuple(ids)))
    return threads
