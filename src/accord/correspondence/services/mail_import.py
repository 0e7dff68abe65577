"""Import a mailing-list archive into a list's threads.

Archives: mbox, Mailman .txt/.txt.gz, hypermail pages (.html, or a .zip of a month). The
reader (``accord.core.mail``) refuses what it cannot read within its bounds before doing
the work; the writes go in short transactions and appear at once when the import is
complete (``mail_staging``), so a long import never blocks other people's writes and a
failed one leaves nothing.

Threading runs over the messages already in the list plus the new ones, so replies in a
later archive join the threads of an earlier one. Messages already imported never move to
another thread (their pages and search entries keep their addresses); a message only gets
a new parent when that parent lands in its own thread.

Both services are plain functions: ``progress(text)`` hears each step in words and
``count(done, total)`` the messages written so far (for a job's progress).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.db import DatabaseError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.common.audit import audit_record
from accord.common.errors import ValidationFailed
from accord.common.uploads import user_message
from accord.core.mail import (
    MailArchiveError,
    MailArchiveTooLarge,
    MailMessage,
    read_archive,
    thread_messages,
    thread_parents,
)
from accord.groups.models import WorkingGroup
from accord.groups.permissions import require
from accord.search.models import SearchEntry

from ..display import mask_addresses
from ..models import MESSAGE_ID_LENGTH, SUBJECT_LENGTH, MailImportRun, MailingList, Message, Thread
from . import mail_staging as staging
from .lists import clean_list_name
from .senders import SenderMatcher

logger = logging.getLogger(__name__)

DEFAULT_LIST_NAME = "Main list"
Progress = Callable[[str], None]
Count = Callable[[int, int], None]


@dataclasses.dataclass(frozen=True)
class MailImportReport:
    mailing_list_id: int
    filename: str
    messages_read: int
    new_messages: int
    # Messages of the file skipped because their Message-ID was already in the list or
    # earlier in the same file (list archives often hold a message twice).
    duplicates: int
    threads_created: int
    threads_updated: int
    # Distinct sender addresses (or names) of new messages matched to a user or member.
    matched_senders: int

    @property
    def summary(self) -> str:
        if self.new_messages == 0:
            return ngettext(
                "The %(n)s message was already imported.",
                "All %(n)s messages were already imported.",
                self.messages_read,
            ) % {"n": self.messages_read}
        text = _("Imported %(messages)s from %(file)s: %(created)s, %(updated)s.") % {
            "messages": ngettext("%(n)s new message", "%(n)s new messages", self.new_messages)
            % {"n": self.new_messages},
            "file": self.filename,
            "created": ngettext("%(n)s new thread", "%(n)s new threads", self.threads_created)
            % {"n": self.threads_created},
            "updated": ngettext(
                "%(n)s existing thread with new replies",
                "%(n)s existing threads with new replies",
                self.threads_updated,
            )
            % {"n": self.threads_updated},
        }
        if self.duplicates:
            text += " " + ngettext(
                "%(n)s message already imported or repeated in the file was skipped.",
                "%(n)s messages already imported or repeated in the file were skipped.",
                self.duplicates,
            ) % {"n": self.duplicates}
        if self.matched_senders:
            text += " " + ngettext(
                "%(n)s sender matched to the group's members.",
                "%(n)s senders matched to the group's members.",
                self.matched_senders,
            ) % {"n": self.matched_senders}
        return text

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "summary": self.summary}


def _say(progress: Progress | None, text: str) -> None:
    if progress is not None:
        progress(text)


def _messages(n: int) -> str:
    return ngettext("%(n)s message", "%(n)s messages", n) % {"n": f"{n:,}"}


def _read(data: bytes, filename: str) -> list[MailMessage]:
    try:
        messages = read_archive(data, filename)
    except MailArchiveTooLarge as exc:
        raise ValidationFailed(user_message(exc), fields={"file": "too_large"}) from exc
    except MailArchiveError as exc:
        raise ValidationFailed(user_message(exc), fields={"file": "invalid"}) from exc
    # Ids longer than a header line are forged; clipping keeps them storable and comparable.
    return [
        dataclasses.replace(
            m,
            message_id=m.message_id[:MESSAGE_ID_LENGTH],
            in_reply_to=m.in_reply_to[:MESSAGE_ID_LENGTH] if m.in_reply_to else None,
        )
        for m in messages
    ]


def mail_archive_import(
    *,
    actor: Any,
    mailing_list: MailingList,
    data: bytes,
    filename: str,
    progress: Progress | None = None,
    count: Count | None = None,
) -> MailImportReport:
    """Import an archive into an existing list; the caller caps the size (``read_upload``).

    Raises PermissionDenied (not secretariat), ValidationFailed (not a mail archive, or one
    beyond the reader's bounds) or Conflict (another import into the list is under way).
    Re-importing the same file writes nothing and says so in ``summary``.
    """
    require(actor, "correspondence.import", mailing_list.group)
    parsed = _read(data, filename)
    _say(
        progress,
        _("Read %(messages)s from %(file)s.")
        % {"messages": _messages(len(parsed)), "file": filename},
    )
    run = staging.claim(mailing_list=mailing_list, filename=filename)
    return _import(actor, run, parsed, data, filename, progress, count)


def mail_archive_import_to_list(
    *,
    actor: Any,
    group: WorkingGroup,
    list_name: str = DEFAULT_LIST_NAME,
    data: bytes,
    filename: str,
    is_public: bool = True,
    progress: Progress | None = None,
    count: Count | None = None,
) -> tuple[MailingList, MailImportReport]:
    """Import into the group's list called ``list_name``, creating it (with ``is_public``):
    a new list appears only with the messages, so a rejected or failed file leaves none."""
    require(actor, "correspondence.import", group)
    name = " ".join(list_name.split())
    if not group.mailing_lists.filter(name=name).exists():
        require(actor, "correspondence.manage_lists", group)
        name = clean_list_name(name)
    parsed = _read(data, filename)
    _say(
        progress,
        _("Read %(messages)s from %(file)s.")
        % {"messages": _messages(len(parsed)), "file": filename},
    )
    run = staging.claim(group=group, name=name, is_public=is_public, filename=filename)
    if run.new_list:
        _say(progress, _("Created the mailing list '%(name)s'.") % {"name": name})
    report = _import(actor, run, parsed, data, filename, progress, count)
    return run.mailing_list, report


@dataclasses.dataclass
class _Stored:
    """What threading and the thread counts need of a message already in the list."""

    pk: int
    message_id: str
    thread_id: int
    parent_id: int | None
    sent_at: datetime | None
    mail: MailMessage


def _stored(mailing_list: MailingList) -> list[_Stored]:
    rows = Message.objects.filter(mailing_list=mailing_list, import_run__isnull=True).values_list(
        "pk",
        "message_id",
        "thread_id",
        "parent_id",
        "in_reply_to",
        "references",
        "subject",
        "sent_at",
    )
    return [
        _Stored(
            pk=pk,
            message_id=mid,
            thread_id=thread_id,
            parent_id=parent_id,
            sent_at=sent_at,
            mail=MailMessage(
                message_id=mid,
                in_reply_to=in_reply_to or None,
                references=tuple(references or ()),
                subject=subject,
                sender_name="",
                sender_email="",
                date=sent_at,
                body="",
                archived_at=None,
            ),
        )
        for pk, mid, thread_id, parent_id, in_reply_to, references, subject, sent_at in rows
    ]


def _import(
    actor: Any,
    run: MailImportRun,
    parsed: list[MailMessage],
    data: bytes,
    filename: str,
    progress: Progress | None,
    count: Count | None,
) -> MailImportReport:
    try:
        return _write(actor, run, parsed, data, filename, progress, count)
    except BaseException:
        if not run.published:
            staging.discard(run)
        raise


def _write(
    actor: Any,
    run: MailImportRun,
    parsed: list[MailMessage],
    data: bytes,
    filename: str,
    progress: Progress | None,
    count: Count | None,
) -> MailImportReport:
    mailing_list = run.mailing_list
    stored = _stored(mailing_list)
    seen = {row.message_id for row in stored}
    new: list[MailMessage] = []
    for message in parsed:
        if message.message_id not in seen:
            seen.add(message.message_id)
            new.append(message)

    everything = [row.mail for row in stored] + new
    parents = thread_parents(everything) if new else {}
    _say(progress, _("Threading %(messages)s.") % {"messages": _messages(len(everything))})
    thread_of = {row.message_id: row.thread_id for row in stored}
    new_ids = {m.message_id for m in new}
    created, updated = _assign_threads(mailing_list, new, everything, parents, new_ids, thread_of)
    staging.stage_threads(run, [thread for thread, _members in created])
    for thread, members in created:
        thread_of.update(dict.fromkeys(members, thread.pk))

    matcher = SenderMatcher(mailing_list.group)
    matched: set[str] = set()
    rows: list[Message] = []
    pk_of = {row.message_id: row.pk for row in stored}
    for m in new:
        user, member = matcher.match(email=m.sender_email, name=m.sender_name)
        if user is not None or member is not None:
            matched.add(m.sender_email or m.sender_name.casefold())
        parent = parents.get(m.message_id)
        rows.append(
            Message(
                mailing_list=mailing_list,
                thread_id=thread_of[m.message_id],
                parent_id=pk_of.get(parent) if parent else None,  # new parents come later
                message_id=m.message_id,
                in_reply_to=m.in_reply_to or "",
                references=list(m.references),
                subject=m.subject[:SUBJECT_LENGTH],
                sender_name=m.sender_name[:300],
                sender_email=m.sender_email[:320],
                member=member,
                sender_user=user,
                sent_at=m.date,
                body=m.body,
                archived_at=(m.archived_at or "")[:1000],
            )
        )

    def written(done: int) -> None:
        _say(
            progress,
            _("Writing: %(done)s of %(total)s.")
            % {"done": f"{done:,}", "total": _messages(len(rows))},
        )
        if count is not None:
            count(done, len(rows))

    staging.stage_messages(run, rows, _search_entries(mailing_list), written)
    pk_of.update({row.message_id: row.pk for row in rows})
    new_parents = []
    for row in rows:
        parent = parents.get(row.message_id)
        if parent is not None and parent in new_ids:
            new_parents.append(Message(pk=row.pk, parent_id=pk_of[parent]))
    staging.stage_parents(run, new_parents)
    stored_parents = _reparented(stored, parents, thread_of, pk_of)
    stats = _thread_stats(updated, stored, rows, parents)

    result = MailImportReport(
        mailing_list_id=mailing_list.pk,
        filename=filename,
        messages_read=len(parsed),
        new_messages=len(new),
        duplicates=len(parsed) - len(new),
        threads_created=len(created),
        threads_updated=len(updated),
        matched_senders=len(matched),
    )

    def audit() -> None:
        if run.new_list:
            audit_record(
                actor=actor,
                action="accord.mailing_list.create",
                target=mailing_list,
                group_id=mailing_list.group_id,
                data={"name": mailing_list.name, "is_public": mailing_list.is_public},
            )
        if new:
            audit_record(
                actor=actor,
                action="accord.mail_archive.import",
                target=mailing_list,
                group_id=mailing_list.group_id,
                data={**dataclasses.asdict(result), "sha256": hashlib.sha256(data).hexdigest()},
            )

    staging.publish(run, stored_parents=stored_parents, thread_stats=stats, audit=audit)
    try:
        staging.release_search_entries(run, [row.pk for row in rows])
        staging.finish(run)
    except DatabaseError:
        # The import is published; only its search entries wait. The next import into
        # the list releases them (mail_staging.recover).
        logger.warning(
            "Search entries of import %s left for the next import", run.pk, exc_info=True
        )
        staging.abandon(run)
    if new:
        _say(
            progress,
            ngettext("Saved %(n)s new message.", "Saved %(n)s new messages.", len(rows))
            % {"n": len(rows)},
        )
    return result


def _assign_threads(
    mailing_list: MailingList,
    new: list[MailMessage],
    everything: list[MailMessage],
    parents: dict[str, str | None],
    new_ids: set[str],
    thread_of: dict[str, int],
) -> tuple[list[tuple[Thread, list[str]]], set[int]]:
    """New threads to create (not saved), each with its messages, and the ids of threads
    already there that get new messages (their new members go in ``thread_of``)."""
    if not new:
        return [], set()
    dates = {m.message_id: m.date for m in new}
    created: list[tuple[Thread, list[str]]] = []
    updated: set[int] = set()
    nearest: dict[str, str | None] = {}

    def stored_ancestor(mid: str) -> str | None:
        # The nearest ancestor already stored, remembered along the way (a chain of new
        # replies would otherwise be walked once per message).
        path = []
        current: str | None = parents[mid]
        while current is not None and current in new_ids and current not in nearest:
            path.append(current)
            current = parents[current]
        found = nearest[current] if current is not None and current in nearest else current
        for node in path:
            nearest[node] = found
        return found

    for conversation in thread_messages(everything):
        ids = conversation.message_ids
        fresh = [mid for mid in ids if mid in new_ids]
        if not fresh:
            continue
        if len(fresh) == len(ids):
            known = [d for d in (dates[mid] for mid in ids) if d is not None]
            thread = Thread(
                mailing_list=mailing_list,
                subject=conversation.subject[:SUBJECT_LENGTH],
                root_message_id=conversation.root_id,
                message_count=len(ids),
                started_at=min(known, default=None),
                last_message_at=max(known, default=None),
            )
            created.append((thread, list(ids)))
            continue
        root = conversation.root_id
        primary = thread_of.get(root) or thread_of[next(i for i in ids if i not in new_ids)]
        for mid in fresh:
            # The thread of the nearest stored ancestor, so that a reply lands beside the
            # message it answers even when one new message bridges two stored threads.
            ancestor = stored_ancestor(mid)
            thread_of[mid] = thread_of[ancestor] if ancestor is not None else primary
            updated.add(thread_of[mid])
    return created, updated


class _Roots:
    """Roots in a forest of message ids that only grows (union-find, path compression)."""

    def __init__(self, up: dict[str, str]) -> None:
        self.up = up

    def root(self, node: str) -> str:
        top = node
        while top in self.up:
            top = self.up[top]
        while node != top:
            self.up[node], node = top, self.up[node]
        return top


def _reparented(
    stored: list[_Stored],
    parents: dict[str, str | None],
    thread_of: dict[str, int],
    pk_of: dict[str, int],
) -> list[Message]:
    """Stored roots that get a parent: a new archive may hold the original that an earlier
    archive's reply answered. Only inside their own thread, and never closing a cycle
    (a stored root closes one exactly when it is the root of its new parent's tree)."""
    if not parents:
        return []
    id_of = {row.pk: row.message_id for row in stored}
    up: dict[str, str] = {}
    for row in stored:
        parent_id = id_of.get(row.parent_id) if row.parent_id is not None else None
        if parent_id is not None:
            up[row.message_id] = parent_id
    stored_ids = set(id_of.values())
    for mid, parent in parents.items():
        if mid not in stored_ids and parent is not None:
            up[mid] = parent
    roots = _Roots(up)
    changes: list[Message] = []
    for row in stored:
        mid, parent = row.message_id, parents[row.message_id]
        if (
            mid not in up
            and parent is not None
            and thread_of[parent] == thread_of[mid]
            and roots.root(parent) != mid
        ):
            up[mid] = parent
            row.parent_id = pk_of[parent]
            changes.append(Message(pk=row.pk, parent_id=pk_of[parent]))
    return changes


_EARLIEST = datetime.min.replace(tzinfo=UTC)


def _thread_stats(
    updated: set[int],
    stored: list[_Stored],
    rows: list[Message],
    parents: dict[str, str | None],
) -> list[Thread]:
    """Counts, dates and root of each thread already there that gets new messages, from
    what is known in memory (a query per thread was 40,000 queries for 20,000 threads).
    The root is the earliest message without a parent (undated last, then by id)."""
    if not updated:
        return []
    members: dict[int, list[tuple[datetime | None, int, str, bool]]] = {}
    for row in stored:
        if row.thread_id in updated:
            members.setdefault(row.thread_id, []).append(
                (row.sent_at, row.pk, row.message_id, row.parent_id is None)
            )
    for message in rows:
        if message.thread_id in updated:
            members.setdefault(message.thread_id, []).append(
                (
                    message.sent_at,
                    message.pk,
                    message.message_id,
                    parents.get(message.message_id) is None,
                )
            )
    stats: list[Thread] = []
    rootless: list[Thread] = []
    for thread_id, entries in members.items():
        dates = [date for date, *_rest in entries if date is not None]
        thread = Thread(
            pk=thread_id,
            message_count=len(entries),
            started_at=min(dates, default=None),
            last_message_at=max(dates, default=None),
        )
        roots = [
            (date is None, date or _EARLIEST, pk, mid) for date, pk, mid, root in entries if root
        ]
        if roots:
            thread.root_message_id = min(roots)[3]
        else:
            rootless.append(thread)
        stats.append(thread)
    if rootless:  # every message has a parent: the root stays as it was
        kept = dict(
            Thread.objects.filter(pk__in=[t.pk for t in rootless]).values_list(
                "pk", "root_message_id"
            )
        )
        for thread in rootless:
            thread.root_message_id = kept[thread.pk]
    return stats


def _search_entries(mailing_list: MailingList) -> Callable[[Sequence[Message]], list[SearchEntry]]:
    group = mailing_list.group
    # One reverse() for the list: one per message cost a second per 20,000 messages.
    sample = reverse("correspondence:thread", args=[group.slug, 987654321])
    head, _sep, tail = sample.rpartition("987654321")

    def entries(messages: Sequence[Message]) -> list[SearchEntry]:
        out = []
        for message in messages:
            member = message.member
            facets = (
                {
                    "constituency": member.constituency.slug,
                    "constituency_name": member.constituency.name,
                }
                if member is not None
                else {}
            )
            out.append(
                SearchEntry(
                    kind=SearchEntry.Kind.MESSAGE,
                    object_id=message.pk,
                    group_id=group.pk,
                    title=(message.subject or "(no subject)")[:300],
                    # Public entries are searchable by anyone: no harvestable addresses.
                    body=mask_addresses(message.body) if mailing_list.is_public else message.body,
                    url=f"{head}{message.thread_id}{tail}#msg-{message.pk}",
                    # Staged: found by no one until the import is published.
                    is_public=False,
                    audience=staging.STAGED,
                    facets=facets,
                    sort_date=message.sent_at,
                )
            )
        return out

    return entries
