"""Writing an archive import in short transactions, visible only once it is complete.

A large import used to write everything in one transaction; on SQLite that holds the
database's only write lock for the whole import (37 s for one archive), and every other
write waited and then failed with "database is locked". Now an import:

1. claims the list (``claim``: one ``MailImportRun`` per list; a list it creates is hidden
   until the end), in a short transaction;
2. writes its threads, messages and search entries in batches (``stage_*``), each batch its
   own short transaction, all of them *staged*: ``import_run`` is set on threads and
   messages, which no page, selector or API shows, and search entries have the audience
   ``STAGED``, which no search matches (a superuser's search, which sees every entry, is the
   one exception, and only while the import runs);
3. publishes them in one short transaction (``publish``: a few UPDATEs, the changes to
   threads already there, the audit events), then releases the search entries in batches.

A failed import deletes what it staged (``discard``); an import whose process died (``kill
-9``, out of memory) leaves its run behind, which the next import into the list finds stale
and cleans up before it starts. Between batches other writers get the lock; the import's
own atomicity is that of its publication.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.errors import Conflict, NotFound
from accord.groups.models import WorkingGroup
from accord.search.index import index_bulk_insert
from accord.search.models import SearchEntry

from ..models import MailImportRun, MailingList, Message, Thread

BATCH = 500
#: Audience of a staged message's search entry: no viewer is given it, so no search finds it.
STAGED = "staged"
#: A run on another machine is taken for dead after this long without a heartbeat.
STALE_AFTER = timedelta(minutes=5)

T = TypeVar("T")


def worker_name() -> str:
    """host:pid of this process, so that another import can tell whether it still runs."""
    return f"{socket.gethostname()}:{os.getpid()}"


def batches(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:  # a zombie (exited, not yet reaped) runs nothing
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in {"Z", "X"}
    except (OSError, IndexError):
        return False


def run_is_alive(run: MailImportRun) -> bool:
    """Whether the import that writes ``run`` still runs: it beats at every batch, and a
    process on this machine that no longer exists is known dead at once."""
    if timezone.now() - run.heartbeat_at >= STALE_AFTER:
        return False
    host, _sep, pid = run.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit() and int(pid) != os.getpid():
        return not _process_gone(int(pid))
    return True


def abandon(run: MailImportRun) -> None:
    """Leave ``run`` to the next import into its list, which takes it for dead at once."""
    MailImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - 2 * STALE_AFTER)


def _busy(mailing_list: MailingList) -> Conflict:
    return Conflict(
        _("An import into the list “%(list)s” is under way; try again when it has finished.")
        % {"list": mailing_list.name}
    )


def claim(
    *,
    filename: str,
    mailing_list: MailingList | None = None,
    group: WorkingGroup | None = None,
    name: str = "",
    is_public: bool = True,
) -> MailImportRun:
    """Start an import into ``mailing_list``, or into the group's list ``name`` (created,
    hidden, if there is none). A run left by a dead import is cleaned up first; a live one
    is a ``Conflict``."""
    label = mailing_list or MailingList(name=name)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                target, created = _lock_list(mailing_list, group, name, is_public)
                label = target
                current = MailImportRun.objects.filter(mailing_list=target).first()
                if current is None:
                    return MailImportRun.objects.create(
                        mailing_list=target,
                        new_list=created,
                        filename=filename[:300],
                        worker=worker_name(),
                        heartbeat_at=timezone.now(),
                    )
                if run_is_alive(current):
                    raise _busy(target)
        except IntegrityError as exc:  # another import claimed (or created) it just now
            raise _busy(label) from exc
        recover(current)
    raise _busy(label)


def _lock_list(
    mailing_list: MailingList | None, group: WorkingGroup | None, name: str, is_public: bool
) -> tuple[MailingList, bool]:
    if mailing_list is not None:
        found = MailingList.objects.select_for_update().filter(pk=mailing_list.pk).first()
        if found is None:
            raise NotFound(_("No such mailing list."))
        return found, False
    assert group is not None
    found = MailingList.objects.select_for_update().filter(group=group, name=name).first()
    if found is not None:
        return found, False
    return MailingList.objects.create(group=group, name=name, is_public=is_public), True


def recover(run: MailImportRun) -> None:
    """Clean up after an import whose process died: discard what it staged, or finish
    releasing the search entries of what it had published."""
    if run.published:
        listed = Message.objects.filter(mailing_list_id=run.mailing_list_id).values("pk")
        staged = SearchEntry.objects.filter(
            kind=SearchEntry.Kind.MESSAGE, audience=STAGED, object_id__in=listed
        )
        release_search_entries(run, list(staged.values_list("object_id", flat=True)))
        MailImportRun.objects.filter(pk=run.pk).delete()
    else:
        discard(run)


def heartbeat(run: MailImportRun) -> None:
    """Say the run is alive; inside each batch's transaction. Stops an import whose run was
    taken over (found stale and discarded by another)."""
    if not MailImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now()):
        raise _busy(run.mailing_list)


def stage_threads(run: MailImportRun, threads: list[Thread]) -> None:
    """Insert new threads, hidden, in batches; their primary keys are set on them."""
    for chunk in batches(threads):
        with transaction.atomic():
            heartbeat(run)
            for thread in chunk:
                thread.import_run = run
            Thread.objects.bulk_create(chunk)


def stage_messages(
    run: MailImportRun,
    messages: list[Message],
    entries: Callable[[Sequence[Message]], list[SearchEntry]],
    done: Callable[[int], None] | None = None,
) -> None:
    """Insert new messages, hidden, with their search entries (``entries(batch)`` builds
    them once the batch has primary keys), a batch per transaction; ``done(count)`` after
    each."""
    written = 0
    for chunk in batches(messages):
        with transaction.atomic():
            heartbeat(run)
            for message in chunk:
                message.import_run = run
            Message.objects.bulk_create(chunk)
            index_bulk_insert(entries(chunk))
        written += len(chunk)
        if done is not None:
            done(written)


def stage_parents(run: MailImportRun, changes: list[Message]) -> None:
    """Set parents between new messages (known only once both are inserted)."""
    for chunk in batches(changes):
        with transaction.atomic():
            heartbeat(run)
            Message.objects.bulk_update(chunk, ["parent"])


def publish(
    run: MailImportRun,
    *,
    stored_parents: list[Message],
    thread_stats: list[Thread],
    audit: Callable[[], None],
) -> None:
    """Make everything the run staged visible at once, with the changes to threads and
    messages already in the list and the audit events (``audit()``), in one transaction."""
    with transaction.atomic():
        if not MailImportRun.objects.filter(pk=run.pk, published=False).update(
            published=True, new_list=False, heartbeat_at=timezone.now()
        ):
            raise _busy(run.mailing_list)
        Thread.objects.filter(import_run=run).update(import_run=None)
        Message.objects.filter(import_run=run).update(import_run=None)
        Message.objects.bulk_update(stored_parents, ["parent"], batch_size=BATCH)
        Thread.objects.bulk_update(
            thread_stats,
            ["message_count", "started_at", "last_message_at", "root_message_id"],
            batch_size=BATCH,
        )
        audit()
    run.published = True


def release_search_entries(run: MailImportRun, ids: Sequence[int]) -> None:
    """Give the staged search entries of published messages ``ids`` their audience, in
    batches; each batch reads whether the list is public then (it may have changed)."""
    for chunk in batches(ids):
        with transaction.atomic():
            is_public = (
                MailingList.objects.filter(pk=run.mailing_list_id)
                .values_list("is_public", flat=True)
                .first()
            )
            SearchEntry.objects.filter(
                kind=SearchEntry.Kind.MESSAGE, object_id__in=chunk, audience=STAGED
            ).update(audience=SearchEntry.Audience.MEMBERS, is_public=bool(is_public))


def finish(run: MailImportRun) -> None:
    MailImportRun.objects.filter(pk=run.pk).delete()


def discard(run: MailImportRun) -> None:
    """Delete what a run staged, a batch per transaction, then the run (and the list it
    created, which holds nothing else)."""
    staged = Message.objects.filter(import_run=run)
    while ids := list(staged.values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            SearchEntry.objects.filter(kind=SearchEntry.Kind.MESSAGE, object_id__in=ids).delete()
            # Parents first: a message's parent may be in a later batch.
            Message.objects.filter(pk__in=ids).update(parent=None)
            Message.objects.filter(parent_id__in=ids).update(parent=None)
            Message.objects.filter(pk__in=ids).delete()
    while ids := list(Thread.objects.filter(import_run=run).values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            Thread.objects.filter(pk__in=ids).delete()
    with transaction.atomic():
        if run.new_list:
            MailingList.objects.filter(pk=run.mailing_list_id).delete()
        MailImportRun.objects.filter(pk=run.pk).delete()
