"""Import service: real archives, duplicates, cross-file threading, sender matching, search."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from accord.common.errors import Conflict, PermissionDenied, ValidationFailed
from accord.common.models import AuditEvent
from accord.core.mail import read_archive, thread_messages
from accord.correspondence import services
from accord.correspondence.models import MailingList, Message, Thread
from accord.groups import services as group_services
from accord.groups.models import Member, Role
from accord.publish.selectors import search_for_viewer
from accord.search.models import SearchEntry
from tests.correspondence.archives import THREAD, Mail, mbox, split_alternating
from tests.factories import UserFactory
from tests.shared_data import shared_data

MBOX = "3GPP_TSG_RAN_WG4_NR-MIMO-OTA.mbox"
PIPERMAIL = "numpy-discussion-2001-November.pipermail.txt"


def _sample(name: str) -> bytes:
    return shared_data("mailing-list-samples", name).read_bytes()


def _import(world, data: bytes, filename: str, list_name: str = "Main list", **kwargs):
    return services.mail_archive_import_to_list(
        actor=world.users["secretariat"],
        group=world.group,
        list_name=list_name,
        data=data,
        filename=filename,
        **kwargs,
    )


def _rows() -> tuple[int, int, int, int, int]:
    return (
        MailingList.objects.count(),
        Thread.objects.count(),
        Message.objects.count(),
        SearchEntry.objects.filter(kind="message").count(),
        AuditEvent.objects.count(),
    )


def _partition(mailing_list: MailingList) -> set[frozenset[str]]:
    return {
        frozenset(t.messages.values_list("message_id", flat=True))
        for t in mailing_list.threads.all()
    }


# --- real archives -------------------------------------------------------------------


@pytest.mark.shared_data
def test_mbox_import_matches_the_core_parser(world):
    mailing_list, report = _import(world, _sample(MBOX), MBOX)
    # 59 messages, 56 distinct Message-IDs, 24 threads (tests/core/mail/test_real_archives.py).
    assert (report.messages_read, report.new_messages, report.duplicates) == (59, 56, 3)
    assert (report.threads_created, report.threads_updated) == (24, 0)
    assert mailing_list.messages.count() == 56
    assert mailing_list.threads.count() == 24
    sizes = Counter(t.message_count for t in mailing_list.threads.all())
    assert sizes == {14: 1, 6: 1, 5: 1, 4: 2, 3: 1, 2: 2, 1: 16}
    expected = {
        frozenset(t.message_ids) for t in thread_messages(read_archive(_sample(MBOX), MBOX))
    }
    assert _partition(mailing_list) == expected
    scaled = mailing_list.threads.get(subject="scaled channel model tables")
    assert scaled.messages.count() == 14
    # Every reply's parent lies in its own thread, and each thread has exactly one root.
    for thread in mailing_list.threads.all():
        assert thread.messages.filter(parent__isnull=True).count() == 1
        assert not thread.messages.exclude(parent__isnull=True).exclude(parent__thread=thread)
    assert SearchEntry.objects.filter(kind="message").count() == 56


@pytest.mark.shared_data
def test_pipermail_import_counts(world):
    mailing_list, report = _import(world, _sample(PIPERMAIL), PIPERMAIL)
    # The sample holds the month twice: 164 messages, 82 distinct, 26 threads.
    assert (report.messages_read, report.new_messages, report.duplicates) == (164, 82, 82)
    assert report.threads_created == 26
    assert mailing_list.threads.count() == 26
    assert sum(mailing_list.threads.values_list("message_count", flat=True)) == 82
    reimpl = mailing_list.threads.get(
        subject="Re-implementation of Python Numerical arrays (Numeric) available for download"
    )
    assert reimpl.message_count == 14
    # "user at host" addresses are stored de-obfuscated.
    assert mailing_list.messages.filter(sender_email="jjl@pobox.com").exists()


@pytest.mark.shared_data
def test_gzipped_pipermail_imports_the_same(world, tmp_path: Path):
    target = tmp_path / (PIPERMAIL + ".gz")
    target.write_bytes(gzip.compress(_sample(PIPERMAIL)))
    mailing_list, report = _import(world, target.read_bytes(), target.name)
    assert (report.messages_read, report.new_messages, report.threads_created) == (164, 82, 26)
    assert mailing_list.threads.count() == 26


@pytest.mark.shared_data
def test_reimporting_the_same_file_creates_nothing(world):
    _import(world, _sample(PIPERMAIL), PIPERMAIL)
    before = _rows()
    _, report = _import(world, _sample(PIPERMAIL), PIPERMAIL)
    assert (report.new_messages, report.duplicates) == (0, 164)
    assert (report.threads_created, report.threads_updated) == (0, 0)
    assert report.summary == "All 164 messages were already imported."
    assert _rows() == before


@pytest.mark.shared_data
def test_mbox_in_two_interleaved_parts_threads_replies_across_files(world):
    first, second = split_alternating(_sample(MBOX))
    mailing_list, one = _import(world, first, "part1.mbox")
    _, two = _import(world, second, "part2.mbox")
    assert one.new_messages + two.new_messages == 56
    assert two.threads_updated > 0  # replies in part 2 joined threads of part 1
    expected = {
        frozenset(t.message_ids) for t in thread_messages(read_archive(_sample(MBOX), MBOX))
    }
    assert _partition(mailing_list) == expected
    assert mailing_list.threads.count() == 24
    for thread in mailing_list.threads.all():
        assert thread.message_count == thread.messages.count()
        assert thread.messages.filter(parent__isnull=True).count() == 1


@pytest.mark.shared_data
def test_two_real_archives_in_one_list(world):
    mailing_list, _ = _import(world, _sample(MBOX), MBOX)
    _, report = _import(world, _sample(PIPERMAIL), PIPERMAIL)
    assert (report.new_messages, report.threads_created, report.threads_updated) == (82, 26, 0)
    assert mailing_list.threads.count() == 50
    assert mailing_list.messages.count() == 138


@pytest.mark.shared_data
def test_search_finds_a_phrase_from_a_real_message(world):
    _import(world, _sample(MBOX), MBOX)
    result = search_for_viewer(
        viewer=AnonymousUser(), query='"FR2 channel verification"', group_slug=world.group.slug
    )
    hits = [h for h in result.page.hits if h.kind == "message"]
    assert hits
    message = Message.objects.get(pk=hits[0].object_id)
    assert hits[0].url == f"/g/wgec/correspondence/{message.thread_id}/#msg-{message.pk}"
    assert hits[0].title == message.subject


# --- inline archives -----------------------------------------------------------------


def test_import_creates_threads_tree_and_audit(world):
    mailing_list, report = _import(world, THREAD, "t.mbox")
    assert (report.new_messages, report.threads_created, report.duplicates) == (4, 2, 0)
    draft = mailing_list.threads.get(subject="Draft report v2")
    assert draft.message_count == 3
    assert draft.root_message_id == "<root@wg>"
    assert draft.started_at.isoformat() == "2024-03-04T10:00:00+00:00"
    assert draft.last_message_at.isoformat() == "2024-03-05T11:00:00+00:00"
    reply2 = Message.objects.get(message_id="<reply2@wg>")
    assert reply2.parent.message_id == "<reply1@wg>"
    assert reply2.parent.parent.message_id == "<root@wg>"
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "accord.mailing_list.create" in actions
    assert "accord.mail_archive.import" in actions
    assert "4 new messages" in report.summary


def test_reply_in_a_later_archive_joins_the_existing_thread(world, imported):
    later = mbox(
        Mail(
            "late@wg",
            "Re: Draft report v2",
            date="Fri, 08 Mar 2024 12:00:00 +0000",
            body="Late comment.",
            in_reply_to="reply2@wg",
        )
    )
    _, report = _import(world, later, "march-2.mbox")
    assert (report.new_messages, report.threads_created, report.threads_updated) == (1, 0, 1)
    thread = imported.threads.get(subject="Draft report v2")
    thread.refresh_from_db()
    assert thread.message_count == 4
    assert thread.last_message_at.isoformat() == "2024-03-08T12:00:00+00:00"
    assert Message.objects.get(message_id="<late@wg>").parent.message_id == "<reply2@wg>"


def test_original_arriving_after_its_reply_becomes_the_root(world):
    reply = mbox(
        Mail("r@wg", "Re: Agenda", date="Tue, 05 Mar 2024 09:00:00 +0000", in_reply_to="o@wg")
    )
    mailing_list, _ = _import(world, reply, "a.mbox")
    original = mbox(Mail("o@wg", "Agenda", date="Mon, 04 Mar 2024 09:00:00 +0000"))
    _, report = _import(world, original, "b.mbox")
    assert (report.threads_created, report.threads_updated) == (0, 1)
    thread = mailing_list.threads.get()
    assert thread.root_message_id == "<o@wg>"
    assert thread.message_count == 2
    assert Message.objects.get(message_id="<r@wg>").parent.message_id == "<o@wg>"


def test_senders_matched_to_delegate_user_and_member_aliases(world):
    ana = UserFactory(username="ana", email="Ana.Souza@itamaraty.gov.br")
    group_services.role_assign(
        actor=world.users["secretariat"],
        group=world.group,
        user=ana,
        kind=Role.Kind.DELEGATE,
        member=world.members["BRA"],
    )
    Member.objects.filter(pk=world.members["SWE"].pk).update(aliases=["Sweden", "@gov.se"])
    Member.objects.filter(pk=world.members["cs"].pk).update(aliases=["Secretariat"])
    _, report = _import(world, THREAD, "t.mbox")
    assert report.matched_senders == 3
    by_id = {m.message_id: m for m in Message.objects.all()}
    assert by_id["<reply1@wg>"].sender_user == ana
    assert by_id["<reply1@wg>"].member == world.members["BRA"]
    assert by_id["<reply2@wg>"].member == world.members["SWE"]  # by domain alias
    assert by_id["<reply2@wg>"].sender_user is None
    assert by_id["<other@wg>"].member == world.members["cs"]  # by name alias
    assert by_id["<root@wg>"].member is None
    entry = SearchEntry.objects.get(kind="message", object_id=by_id["<reply1@wg>"].pk)
    assert entry.facets == {"constituency": "member-states", "constituency_name": "Member States"}


def test_an_alias_claimed_by_two_members_matches_nobody(world):
    for code in ["BRA", "SWE"]:
        Member.objects.filter(pk=world.members[code].pk).update(aliases=["@gov.se"])
    _import(world, THREAD, "t.mbox")
    assert Message.objects.get(message_id="<reply2@wg>").member is None


def test_public_search_masks_addresses_and_members_only_list_is_hidden(world, members_only):
    _import(world, THREAD, "t.mbox")
    entry = SearchEntry.objects.get(
        kind="message", object_id=Message.objects.get(message_id="<reply2@wg>").pk
    )
    assert "ana.souza@" not in entry.body and "a…@itamaraty.gov.br" in entry.body
    anonymous = search_for_viewer(viewer=AnonymousUser(), query="closed session")
    assert anonymous.page.total == 0
    delegate = search_for_viewer(viewer=world.users["delegate"], query="closed session")
    assert delegate.page.total == 1
    assert search_for_viewer(viewer=AnonymousUser(), query="capacity building").page.total == 1


def test_making_a_list_members_only_hides_it_from_public_search(world, imported):
    assert search_for_viewer(viewer=AnonymousUser(), query="capacity building").page.total == 1
    services.mailing_list_update(
        actor=world.users["secretariat"], mailing_list=imported, is_public=False
    )
    assert search_for_viewer(viewer=AnonymousUser(), query="capacity building").page.total == 0


# --- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"just some notes\nnothing like mail\n", "No messages found"),
        (b"%PDF-1.4\x00\x01\x02binary", "binary file"),
        (b"\x1f\x8b\x08\x00garbage", "damaged"),
    ],
)
def test_not_a_mail_archive_is_refused_and_nothing_is_written(world, data, needle):
    before = _rows()
    with pytest.raises(ValidationFailed, match=needle) as caught:
        _import(world, data, "notes.txt", list_name="New list")
    assert caught.value.fields == {"file": "invalid"}
    assert _rows() == before


def test_a_failed_import_leaves_nothing(world, monkeypatch):
    from accord.correspondence.services import mail_staging

    def boom(*args, **kwargs):
        raise RuntimeError("index down")

    monkeypatch.setattr(mail_staging, "index_bulk_insert", boom)
    before = _rows()
    with pytest.raises(RuntimeError):
        _import(world, THREAD, "t.mbox", list_name="New list")
    assert _rows() == before


def test_import_into_an_existing_list_object(world, imported):
    later = mbox(Mail("x@wg", "Fresh topic", body="New."))
    report = services.mail_archive_import(
        actor=world.users["secretariat"], mailing_list=imported, data=later, filename="x.mbox"
    )
    assert (report.new_messages, report.threads_created) == (1, 1)


def test_progress_is_reported(world):
    said: list[str] = []
    _import(world, THREAD, "t.mbox", progress=said.append)
    assert said[0] == "Read 4 messages from t.mbox."
    assert said[-1] == "Saved 4 new messages."


def test_mailing_list_create_rules(world):
    actor = world.users["secretariat"]
    services.mailing_list_create(actor=actor, group=world.group, name="  Plenary  list ")
    with pytest.raises(Conflict):
        services.mailing_list_create(actor=actor, group=world.group, name="Plenary list")
    with pytest.raises(ValidationFailed):
        services.mailing_list_create(actor=actor, group=world.group, name="   ")
    with pytest.raises(PermissionDenied):
        services.mailing_list_create(actor=world.users["chair"], group=world.group, name="X")


def test_making_a_members_only_list_public_masks_addresses_in_the_search_index(world):
    """A members-only list's messages are indexed with their addresses (members may search
    for them); once the list is public, anyone can search them, so the index must hold the
    masked bodies, as an import into a public list writes them."""
    from tests.correspondence.archives import Mail, mbox

    body = "Please write to ana.souza@itamaraty.gov.br before the session."
    bureau, _ = services.mail_archive_import_to_list(
        actor=world.users["secretariat"],
        group=world.group,
        list_name="Bureau",
        is_public=False,
        data=mbox(Mail("secret@wg", "Session plans", body=body)),
        filename="bureau.mbox",
    )
    entry = SearchEntry.objects.get(kind="message")
    assert "ana.souza@itamaraty.gov.br" in entry.body  # members-only: kept for members
    services.mailing_list_update(
        actor=world.users["secretariat"], mailing_list=bureau, is_public=True
    )
    entry.refresh_from_db()
    assert entry.is_public
    assert "ana.souza@" not in entry.body and "a…@itamaraty.gov.br" in entry.body
    found = search_for_viewer(viewer=AnonymousUser(), query="session plans")
    assert found.page.total == 1 and "ana.souza@" not in found.page.hits[0].snippet_html
    assert search_for_viewer(viewer=AnonymousUser(), query="souza").page.total == 0
    services.mailing_list_update(
        actor=world.users["secretariat"], mailing_list=bureau, is_public=False
    )
    entry.refresh_from_db()
    assert not entry.is_public and "ana.souza@itamaraty.gov.br" in entry.body
