"""thread_messages and thread_parents on invented working-group conversations."""

from __future__ import annotations

from accord.core.mail import MailMessage, MailThread, read_archive, thread_messages, thread_parents
from tests.core.mail.archives import mbox, message


def _date(day: int, hour: int = 9) -> str:
    return f"Mon, {day:02d} Mar 2025 {hour:02d}:00:00 +0000"


def _read(*messages: str) -> list[MailMessage]:
    return read_archive(mbox(*messages), "wg.mbox")


def test_references_build_one_tree() -> None:
    messages = _read(
        message("<r1@wg>", "Draft report v1", date=_date(1)),
        message("<r2@wg>", "Re: Draft report v1", date=_date(2), in_reply_to="<r1@wg>"),
        message(
            "<r3@wg>",
            "Re: Draft report v1",
            date=_date(3),
            in_reply_to="<r2@wg>",
            references="<r1@wg> <r2@wg>",
        ),
        message("<r4@wg>", "Re: Draft report v1", date=_date(4), references="<r1@wg>"),
    )
    assert thread_messages(messages) == [
        MailThread(
            root_id="<r1@wg>",
            subject="Draft report v1",
            message_ids=("<r1@wg>", "<r2@wg>", "<r3@wg>", "<r4@wg>"),
        )
    ]
    assert thread_parents(messages) == {
        "<r1@wg>": None,
        "<r2@wg>": "<r1@wg>",
        "<r3@wg>": "<r2@wg>",
        "<r4@wg>": "<r1@wg>",
    }


def test_missing_intermediate_message_does_not_split_the_thread() -> None:
    messages = _read(
        message("<m1@wg>", "Annex on financing", date=_date(1)),
        # <m2@wg> was never archived; its reply still names the root in References.
        message(
            "<m3@wg>",
            "Re: Annex on financing (new title)",
            date=_date(3),
            in_reply_to="<m2@wg>",
            references="<m1@wg> <m2@wg>",
        ),
    )
    assert thread_parents(messages) == {"<m1@wg>": None, "<m3@wg>": "<m1@wg>"}
    assert len(thread_messages(messages)) == 1


def test_subject_fallback_joins_replies_only() -> None:
    messages = _read(
        message("<s1@wg>", "[wg-report] Comments on the draft", date=_date(1)),
        # Another delegation starts its own "Comments on the draft": a new thread.
        message("<s2@wg>", "Comments on the draft", date=_date(2)),
        # A reply whose mailer dropped In-Reply-To joins the earliest such thread.
        message("<s3@wg>", "RE: AW: [wg-report] Comments on the  draft", date=_date(3)),
        # A reply to a message outside the archive counts as a reply too.
        message("<s4@wg>", "Comments on the draft", date=_date(4), in_reply_to="<gone@elsewhere>"),
        message("<s5@wg>", "Re: Something else entirely", date=_date(5)),
    )
    threads = thread_messages(messages)
    assert [(t.root_id, t.message_ids) for t in threads] == [
        ("<s1@wg>", ("<s1@wg>", "<s3@wg>", "<s4@wg>")),
        ("<s2@wg>", ("<s2@wg>",)),
        ("<s5@wg>", ("<s5@wg>",)),
    ]
    assert threads[0].subject == "Comments on the draft"
    parents = thread_parents(messages)
    assert parents["<s3@wg>"] == parents["<s4@wg>"] == "<s1@wg>"


def test_duplicates_are_threaded_once_and_order_is_by_date() -> None:
    original = message("<d1@wg>", "Draft v2", date=_date(2))
    messages = _read(
        message("<d2@wg>", "Re: Draft v2", date=_date(3), in_reply_to="<d1@wg>"),
        original,
        original,
        message("<d0@wg>", "Agenda", date=_date(1)),
    )
    assert len(messages) == 4
    threads = thread_messages(messages)
    assert [t.message_ids for t in threads] == [("<d0@wg>",), ("<d1@wg>", "<d2@wg>")]


def test_reference_cycles_are_broken() -> None:
    messages = _read(
        message("<c1@wg>", "Loop", date=_date(1), in_reply_to="<c2@wg>"),
        message("<c2@wg>", "Re: Loop", date=_date(2), in_reply_to="<c1@wg>"),
        message("<c3@wg>", "Self", date=_date(3), in_reply_to="<c3@wg>"),
    )
    parents = thread_parents(messages)
    assert parents == {"<c1@wg>": "<c2@wg>", "<c2@wg>": None, "<c3@wg>": None}
    assert sorted(len(t.message_ids) for t in thread_messages(messages)) == [1, 2]


def test_undated_messages_come_last() -> None:
    messages = _read(
        message("<u1@wg>", "Re: Draft", date="sometime", in_reply_to="<u2@wg>"),
        message("<u2@wg>", "Draft", date=_date(1)),
    )
    assert [t.message_ids for t in thread_messages(messages)] == [("<u2@wg>", "<u1@wg>")]


def test_empty_input() -> None:
    assert thread_messages([]) == []
    assert thread_parents([]) == {}
