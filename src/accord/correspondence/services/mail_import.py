"""Import a mailing-list archive into a list's threads.

Archives: mbox, Mailman .txt/.txt.gz, hypermail pages (.html, or a .zip of a month).

Threading runs over the messages already in the list plus the new ones, so replies in a
later archive join the threads of an earlier one. Messages already imported never move to
another thread (their pages and search entries keep their addresses); a message only gets
a new parent when that parent lands in its own thread.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max, Min
from django.urls import reverse

from accord.common.audit import audit_record
from accord.common.errors import ValidationFailed
from accord.core.mail import (
    MailArchiveError,
    MailMessage,
    read_archive,
    thread_messages,
    thread_parents,
)
from accord.groups.models import WorkingGroup
from accord.groups.permissions import require
from accord.search.index import index_bulk_insert
from accord.search.models import SearchEntry

from ..display import mask_addresses
from ..models import MESSAGE_ID_LENGTH, SUBJECT_LENGTH, MailingList, Message, Thread
from .lists import mailing_list_create
from .senders import SenderMatcher

DEFAULT_LIST_NAME = "Main list"
Progress = Callable[[str], None]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


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
            return f"All {_plural(self.messages_read, 'message')} were already imported."
        text = (
            f"Imported {_plural(self.new_messages, 'new message')} from {self.filename}: "
            f"{_plural(self.threads_created, 'new thread')}, "
            f"{_plural(self.threads_updated, 'existing thread')} with new replies."
        )
        if self.duplicates:
            text += (
                f" {_plural(self.duplicates, 'message')} already imported or repeated in the "
                "file were skipped."
            )
        if self.matched_senders:
            text += f" {_plural(self.matched_senders, 'sender')} matched to the group's members."
        return text

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "summary": self.summary}


def _say(progress: Progress | None, text: str) -> None:
    if progress is not None:
        progress(text)


def _read(data: bytes, filename: str) -> list[MailMessage]:
    try:
        messages = read_archive(data, filename)
    except MailArchiveError as exc:
        raise ValidationFailed(str(exc), fields={"file": "invalid"}) from exc
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
) -> MailImportReport:
    """Import an archive into an existing list; the caller caps the size (``read_upload``).

    Raises PermissionDenied (not secretariat) or ValidationFailed (not a mail archive).
    Re-importing the same file writes nothing and says so in ``summary``.
    """
    require(actor, "correspondence.import", mailing_list.group)
    parsed = _read(data, filename)
    _say(progress, f"Read {_plural(len(parsed), 'message')} from {filename}.")
    with transaction.atomic():
        return _import(actor, mailing_list, parsed, data, filename, progress)


def mail_archive_import_to_list(
    *,
    actor: Any,
    group: WorkingGroup,
    list_name: str = DEFAULT_LIST_NAME,
    data: bytes,
    filename: str,
    is_public: bool = True,
    progress: Progress | None = None,
) -> tuple[MailingList, MailImportReport]:
    """Import into the group's list called ``list_name``, creating it (with ``is_public``)
    in the same transaction, so a rejected file leaves no empty list behind."""
    require(actor, "correspondence.import", group)
    parsed = _read(data, filename)
    _say(progress, f"Read {_plural(len(parsed), 'message')} from {filename}.")
    with transaction.atomic():
        mailing_list = group.mailing_lists.filter(name=" ".join(list_name.split())).first()
        if mailing_list is None:
            mailing_list = mailing_list_create(
                actor=actor, group=group, name=list_name, is_public=is_public
            )
            _say(progress, f"Created the mailing list '{mailing_list.name}'.")
        return mailing_list, _import(actor, mailing_list, parsed, data, filename, progress)


def _stored_as_mail(row: dict[str, Any]) -> MailMessage:
    """What threading needs of a stored message (ids, subject, date)."""
    return MailMessage(
        message_id=row["message_id"],
        in_reply_to=row["in_reply_to"] or None,
        references=tuple(row["references"] or ()),
        subject=row["subject"],
        sender_name="",
        sender_email="",
        date=row["sent_at"],
        body="",
        archived_at=None,
    )


def _import(
    actor: Any,
    mailing_list: MailingList,
    parsed: list[MailMessage],
    data: bytes,
    filename: str,
    progress: Progress | None,
) -> MailImportReport:
    # Serialise imports into one list (a no-op on SQLite, which locks the whole database).
    MailingList.objects.select_for_update().filter(pk=mailing_list.pk).first()
    stored: list[dict[str, Any]] = [
        dict(row)
        for row in Message.objects.filter(mailing_list=mailing_list).values(
            "id",
            "message_id",
            "thread_id",
            "parent_id",
            "in_reply_to",
            "references",
            "subject",
            "sent_at",
        )
    ]
    seen = {row["message_id"] for row in stored}
    new: list[MailMessage] = []
    for message in parsed:
        if message.message_id not in seen:
            seen.add(message.message_id)
            new.append(message)
    counts = {"messages_read": len(parsed), "new_messages": len(new)}
    if not new:
        return MailImportReport(
            mailing_list_id=mailing_list.pk,
            filename=filename,
            **counts,
            duplicates=len(parsed),
            threads_created=0,
            threads_updated=0,
            matched_senders=0,
        )

    everything = [_stored_as_mail(row) for row in stored] + new
    parents = thread_parents(everything)
    conversations = thread_messages(everything)
    _say(progress, f"Threading {_plural(len(everything), 'message')}.")

    thread_of = {row["message_id"]: row["thread_id"] for row in stored}
    new_ids = {m.message_id for m in new}
    created, updated = _assign_threads(mailing_list, conversations, parents, new_ids, thread_of)

    matcher = SenderMatcher(mailing_list.group)
    matched: set[str] = set()
    rows = []
    for m in new:
        user, member = matcher.match(email=m.sender_email, name=m.sender_name)
        if user is not None or member is not None:
            matched.add(m.sender_email or m.sender_name.casefold())
        rows.append(
            Message(
                mailing_list=mailing_list,
                thread_id=thread_of[m.message_id],
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
    Message.objects.bulk_create(rows, batch_size=500)
    _link_parents(mailing_list, parents, new_ids, thread_of, stored)
    touched = created | updated
    _refresh_threads(touched)
    _index(mailing_list, rows)
    _say(progress, f"Saved {_plural(len(rows), 'new message')}.")

    result = MailImportReport(
        mailing_list_id=mailing_list.pk,
        filename=filename,
        **counts,
        duplicates=len(parsed) - len(new),
        threads_created=len(created),
        threads_updated=len(updated),
        matched_senders=len(matched),
    )
    audit_record(
        actor=actor,
        action="accord.mail_archive.import",
        target=mailing_list,
        group_id=mailing_list.group_id,
        data={**dataclasses.asdict(result), "sha256": hashlib.sha256(data).hexdigest()},
    )
    return result


def _assign_threads(
    mailing_list: MailingList,
    conversations: Iterable[Any],
    parents: dict[str, str | None],
    new_ids: set[str],
    thread_of: dict[str, int],
) -> tuple[set[int], set[int]]:
    """Put every new message in a thread (filling ``thread_of``); (created, updated) ids."""
    created: set[int] = set()
    updated: set[int] = set()
    for conversation in conversations:
        ids = conversation.message_ids
        if all(mid in new_ids for mid in ids):
            thread = Thread.objects.create(
                mailing_list=mailing_list,
                subject=conversation.subject[:SUBJECT_LENGTH],
                root_message_id=conversation.root_id,
            )
            created.add(thread.pk)
            thread_of.update(dict.fromkeys(ids, thread.pk))
            continue
        if not any(mid in new_ids for mid in ids):
            continue
        root = conversation.root_id
        primary = thread_of.get(root) or thread_of[next(i for i in ids if i not in new_ids)]
        for mid in ids:
            if mid in new_ids:
                # The thread of the nearest stored ancestor, so that a reply lands beside the
                # message it answers even when one new message bridges two stored threads.
                ancestor = parents[mid]
                while ancestor is not None and ancestor in new_ids:
                    ancestor = parents[ancestor]
                thread_of[mid] = thread_of[ancestor] if ancestor is not None else primary
                updated.add(thread_of[mid])
    return created, updated


def _link_parents(
    mailing_list: MailingList,
    parents: dict[str, str | None],
    new_ids: set[str],
    thread_of: dict[str, int],
    stored: list[dict[str, Any]],
) -> None:
    pk_of = dict(Message.objects.filter(mailing_list=mailing_list).values_list("message_id", "pk"))
    id_of = {pk: mid for mid, pk in pk_of.items()}
    final: dict[str, str | None] = {
        row["message_id"]: id_of.get(row["parent_id"]) for row in stored
    }
    final.update({mid: parents[mid] for mid in new_ids})

    def closes_cycle(mid: str, parent: str) -> bool:
        current: str | None = parent
        while current is not None:
            if current == mid:
                return True
            current = final.get(current)
        return False

    changes: list[Message] = []
    for mid in new_ids:
        parent = parents[mid]
        if parent is not None:
            changes.append(Message(pk=pk_of[mid], parent_id=pk_of[parent]))
    for row in stored:
        # A stored root is re-parented only inside its own thread: a new archive may hold
        # the original that an earlier archive's reply answered.
        mid, parent = row["message_id"], parents[row["message_id"]]
        if (
            final[mid] is None
            and parent is not None
            and thread_of[parent] == thread_of[mid]
            and not closes_cycle(mid, parent)
        ):
            final[mid] = parent
            changes.append(Message(pk=pk_of[mid], parent_id=pk_of[parent]))
    Message.objects.bulk_update(changes, ["parent"], batch_size=500)


def _refresh_threads(thread_ids: set[int]) -> None:
    stats = (
        Message.objects.filter(thread_id__in=thread_ids)
        .values("thread_id")
        .annotate(count=Count("id"), first=Min("sent_at"), last=Max("sent_at"))
    )
    for row in stats:
        root = (
            Message.objects.filter(thread_id=row["thread_id"], parent__isnull=True)
            .order_by(F("sent_at").asc(nulls_last=True), "id")
            .values_list("message_id", flat=True)
            .first()
        )
        fields: dict[str, Any] = {
            "message_count": row["count"],
            "started_at": row["first"],
            "last_message_at": row["last"],
        }
        if root:
            fields["root_message_id"] = root
        Thread.objects.filter(pk=row["thread_id"]).update(**fields)


def _index(mailing_list: MailingList, rows: list[Message]) -> None:
    group = mailing_list.group
    entries = []
    for message in rows:
        url = reverse("correspondence:thread", args=[group.slug, message.thread_id])
        member = message.member
        facets = (
            {
                "constituency": member.constituency.slug,
                "constituency_name": member.constituency.name,
            }
            if member is not None
            else {}
        )
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.MESSAGE,
                object_id=message.pk,
                group_id=group.pk,
                title=(message.subject or "(no subject)")[:300],
                # Public entries are searchable by anyone: no harvestable addresses in them.
                body=mask_addresses(message.body) if mailing_list.is_public else message.body,
                url=f"{url}#msg-{message.pk}",
                is_public=mailing_list.is_public,
                facets=facets,
                sort_date=message.sent_at,
            )
        )
    index_bulk_insert(entries)
