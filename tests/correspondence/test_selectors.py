from __future__ import annotations

import pytest

from accord.common.errors import NotFound
from accord.correspondence import selectors, services
from accord.correspondence.models import Message, Thread
from tests.correspondence.archives import Mail, mbox


def test_thread_list_newest_activity_first(world, imported):
    threads = list(
        selectors.thread_list_for_viewer(group=world.group, viewer=world.user("anonymous"))
    )
    assert [t.subject for t in threads] == ["Meeting logistics", "Draft report v2"]


def test_undated_threads_come_last(world, imported):
    services.mail_archive_import(
        actor=world.users["secretariat"],
        mailing_list=imported,
        data=b"From: x@example.org\nSubject: Undated\nMessage-ID: <u@wg>\n\nNo date.\n",
        filename="u.eml",
    )
    threads = selectors.thread_list_for_viewer(group=world.group, viewer=world.user("anonymous"))
    assert threads.last().subject == "Undated"


@pytest.mark.parametrize(
    ("role", "sees"),
    [("anonymous", False), ("outsider", False), ("observer", True), ("delegate", True)],
)
def test_members_only_lists_are_hidden_like_missing_threads(world, members_only, role, sees):
    viewer = world.user(role)
    thread = members_only.threads.get()
    listed = selectors.thread_list_for_viewer(group=world.group, viewer=viewer)
    assert (thread in listed) is sees
    if sees:
        assert selectors.thread_get_for_viewer(
            group=world.group, viewer=viewer, thread_id=thread.pk
        )
    else:
        with pytest.raises(NotFound) as hidden:
            selectors.thread_get_for_viewer(group=world.group, viewer=viewer, thread_id=thread.pk)
        with pytest.raises(NotFound) as missing:
            selectors.thread_get_for_viewer(group=world.group, viewer=viewer, thread_id=999999)
        assert hidden.value.message == missing.value.message


def test_filter_by_member(world, imported):
    Message.objects.filter(message_id="<reply1@wg>").update(member=world.members["BRA"])
    threads = selectors.thread_list_for_viewer(
        group=world.group, viewer=world.user("anonymous"), member_slug="bra"
    )
    assert [t.subject for t in threads] == ["Draft report v2"]


def test_thread_tree_is_depth_first_with_closing_levels(world, imported):
    thread = Thread.objects.get(subject="Draft report v2")
    nodes = selectors.thread_tree(thread=thread)
    assert [(n.message.message_id, n.depth, n.has_replies, n.closes) for n in nodes] == [
        ("<root@wg>", 0, True, 0),
        ("<reply1@wg>", 1, True, 0),
        ("<reply2@wg>", 2, False, 2),
    ]


def test_thread_tree_survives_a_parent_cycle(world, imported):
    thread = Thread.objects.get(subject="Draft report v2")
    root = Message.objects.get(message_id="<root@wg>")
    root.parent = Message.objects.get(message_id="<reply2@wg>")
    root.save()
    nodes = selectors.thread_tree(thread=thread)
    assert sorted(n.message.message_id for n in nodes) == [
        "<reply1@wg>",
        "<reply2@wg>",
        "<root@wg>",
    ]
    # Every nested list opened is closed again: the page stays well-formed.
    assert sum(n.has_replies for n in nodes) == sum(n.closes for n in nodes)


def test_mailing_lists_for_viewer(world, imported, members_only):
    names = lambda role: [  # noqa: E731
        x.name
        for x in selectors.mailing_list_list_for_viewer(group=world.group, viewer=world.user(role))
    ]
    assert names("anonymous") == ["Main list"]
    assert names("delegate") == ["Bureau", "Main list"]
    with pytest.raises(NotFound):
        selectors.mailing_list_get_for_viewer(
            group=world.group, viewer=world.user("anonymous"), name="Bureau"
        )


def test_many_threads_paginate(world, client):
    mails = [
        Mail(f"m{i}@wg", f"Topic {i}", date=f"Mon, {i + 1:02d} Jan 2024 10:00:00 +0000")
        for i in range(30)
    ]
    services.mail_archive_import_to_list(
        actor=world.users["secretariat"], group=world.group, data=mbox(*mails), filename="m.mbox"
    )
    page1 = client.get("/g/wgec/correspondence/").content.decode()
    assert "Topic 29" in page1 and "Topic 0<" not in page1 and "Page 1 of 2" in page1
    page2 = client.get("/g/wgec/correspondence/?page=2").content.decode()
    assert "Topic 0<" in page2
