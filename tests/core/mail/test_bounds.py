"""read_archive within its bounds (issue 10): bombs, nested archives and oversized archives
are refused in at most 2 s and 200 MB, most of them after reading a few megabytes, and the
parsing is linear in the archive, however hostile.

Each test that shows a stall first runs an input sized so that the old code took seconds
(not minutes); a guard stops a call that runs away.
"""

from __future__ import annotations

import gzip
import random
import re
import time
from collections.abc import Callable
from typing import Any

import pytest

from accord.core.mail import MailArchiveError, read_archive
from accord.core.mail import reader as reader_module
from accord.core.mail.headers import deobfuscate_address, parse_message_ids, parse_sender
from accord.core.mail.html import html_to_text
from accord.core.mail.limits import MailLimits
from accord.core.mail.model import MailArchiveTooLarge
from accord.core.mail.split import _from_lines_after_blank
from accord.core.mail.subjects import normalise_subject
from accord.core.mail.threads import thread_parents
from tests.core.mail import hostile
from tests.hostile.bounds import MB, measure

Read = Callable[[], Any]


def _refused(call: Read, needle: str, *, seconds: float = 2.0, extra: int = 200 * MB) -> str:
    measured = measure(call)
    error = measured.raised(MailArchiveError)
    measured.check(seconds=seconds, extra_bytes=extra)
    assert needle in str(error), str(error)
    return str(error)


# --- decompression: one budget, streamed, refused before it is read -----------------------


def test_a_gzip_bomb_is_refused_after_a_few_megabytes() -> None:
    bomb = hostile.gzip_bomb()
    assert len(bomb) < 1 * MB
    # The old reader held 512 MB of zeros before refusing.
    message = _refused(lambda: read_archive(bomb, "bomb.txt.gz"), "compression bomb", extra=16 * MB)
    assert message.startswith("bomb.txt.gz is compressed more than 100 times")


def test_a_small_gz_of_short_lines_is_refused_at_once() -> None:
    data = hostile.short_lines_gz()
    assert len(data) < 64 * 1024
    # The old reader grew by 1.4 GB in 24 s: a list of 16 million lines.
    _refused(lambda: read_archive(data, "2025-March.txt.gz"), "compression bomb", extra=16 * MB)


def test_a_zip_of_four_big_gz_messages_is_refused_at_once() -> None:
    data = hostile.zip_of_gzipped_messages()
    # The old reader gave each member 512 MB and then parsed them (minutes).
    _refused(lambda: read_archive(data, "four.zip"), "compression bomb", extra=16 * MB)


def test_gz_members_of_a_zip_share_one_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader_module, "MAX_ARCHIVE_BYTES", 2 * MB)
    data = hostile.gzipped_members(4, 600 * 1024)
    # The ZIP's directory counts the compressed .gz files: well under the budget.
    assert len(data) < MB
    _refused(lambda: read_archive(data, "month.zip"), "larger than 2 MB uncompressed")
    # Two of them fit: 2 × 600 kB of mail, and the .gz files themselves as they come out
    # of the ZIP.
    assert len(read_archive(hostile.gzipped_members(2, 600 * 1024), "month.zip")) == 2


def test_the_budget_is_measured_without_keeping_what_is_inflated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reader_module, "MAX_ARCHIVE_BYTES", 8 * MB)
    data = hostile.gzipped_members(4, 3 * MB)
    # 12 MB of mail over an 8 MB budget: refused holding about a megabyte, not 8.
    _refused(lambda: read_archive(data, "big.zip"), "larger than 8 MB", extra=4 * MB + len(data))


def test_an_upload_over_the_budget_is_refused_before_it_is_read() -> None:
    limits = MailLimits(total_bytes=MB)
    data = hostile.mbox(1, body="x" * (2 * MB))
    _refused(lambda: read_archive(data, "a.mbox", limits=limits), "larger than 1 MB", extra=MB)


@pytest.mark.parametrize("kind", list(hostile.nested()))
def test_an_archive_inside_an_archive_is_refused(kind: str) -> None:
    data = hostile.nested()[kind]
    message = _refused(lambda: read_archive(data, "upload"), "holds another compressed archive")
    assert message.startswith("upload")


def test_a_damaged_gz_beside_the_mail_in_a_zip_is_skipped() -> None:
    data = hostile.zip_of({"a.mbox": hostile.mbox(1), "b.txt.gz": b"\x1f\x8b\x08\x00junk"})
    assert [m.message_id for m in read_archive(data, "z.zip")] == ["<m0@example.org>"]


# --- counts and sizes, checked before anything is parsed -----------------------------------


def test_more_messages_than_the_limit_are_refused_before_parsing() -> None:
    data = hostile.mbox(50_001, body="+1")
    # The old reader parsed all of them (about 15 s here) and then stored them.
    message = _refused(lambda: read_archive(data, "big.mbox"), "more than 50,000 messages")
    assert "a month at a time" in message
    assert len(read_archive(hostile.mbox(300), "ok.mbox", limits=MailLimits(messages=300))) == 300


def test_a_message_over_the_size_limit_is_refused() -> None:
    data = hostile.mbox(1, body="x" * (33 * MB))
    _refused(lambda: read_archive(data, "huge.mbox"), "at most 32 MB are read per message")


def test_headers_over_the_limit_are_refused() -> None:
    data = hostile.mbox(1, extra="X-Padding: x\n" * 30_000)
    _refused(lambda: read_archive(data, "h.mbox"), "headers are longer than 256 kB")


def test_too_many_mime_parts_in_all_are_refused_before_parsing() -> None:
    data = hostile.many_parts(11, 10_000)
    _refused(lambda: read_archive(data, "p.mbox"), "more than 100,000 MIME parts")


def test_mime_nesting_that_overflowed_the_stack_is_refused() -> None:
    data = hostile.deep_mime(1_000)
    # The old reader raised RecursionError (a 500), not a refusal.
    _refused(lambda: read_archive(data, "deep.mbox"), "more than 200 MIME containers")
    assert read_archive(hostile.deep_mime(20), "ok.mbox")[0].body == "hello"


# --- linear parsing -----------------------------------------------------------------------


def _fast(call: Read, limit: float) -> None:
    measured = measure(call, guard_seconds=20)
    assert measured.error is None, measured.error
    measured.check_time(limit)


def test_a_file_of_blank_lines_costs_nothing_per_line() -> None:
    data = b"\n" * (20 * MB) + b"Minutes of the session\n"
    # The old reader split it into 20 million lines (over a gigabyte).
    measured = measure(lambda: read_archive(data, "blank.txt"))
    assert "No messages found" in str(measured.raised(MailArchiveError))
    measured.check(extra_bytes=4 * MB)


def test_a_plain_body_of_short_lines_is_not_read_line_by_line() -> None:
    data = b"From: a@example.org\nSubject: Lines\n\n" + b"\n" * (8 * MB) + b"end\n"
    # The stdlib's parser took about 3 microseconds a line: 25 s here.
    measured = measure(lambda: read_archive(data, "lines.eml"))
    assert measured.error is None, measured.error
    measured.check(extra_bytes=64 * MB)
    assert measured.value[0].body.endswith("end\n")


@pytest.mark.parametrize(
    ("name", "build", "small", "large"),
    [
        ("sender a@(a@(", lambda n: "a@(" * (n // 3), 2_000, 200_000),
        ("sender of apostrophes", lambda n: "'" * n, 8_000, 200_000),
        ("sender, one long word", lambda n: "a" * n + " x", 20_000, 200_000),
        ("subject of Re:", lambda n: "Re: " * (n // 4) + "Draft", 12_000, 200_000),
        ("references", lambda n: " ".join(f"<{k}@x>" for k in range(n // 6)), 120_000, 1_200_000),
        ("html of unclosed tags", lambda n: "<a " * (n // 3), 10_000, 1_000_000),
        ("html of unclosed comments", lambda n: "<!--" * (n // 4), 40_000, 1_000_000),
        ("html of unclosed end tags", lambda n: "</" * (n // 2), 100_000, 1_000_000),
        ("html of tags and one last >", lambda n: "<a " * (n // 3) + ">", 1_000, 1_000_000),
    ],
)
def test_header_and_body_decoding_is_linear(
    name: str, build: Callable[[int], str], small: int, large: int
) -> None:
    call = {
        "sender": parse_sender,
        "subject": normalise_subject,
        "references": parse_message_ids,
        "html": html_to_text,
    }[name.split()[0].rstrip(",")]
    # The small size took the old code seconds; the large one would have taken hours.
    for size in (small, large):
        text = build(size)
        _fast(lambda text=text: call(text), 1.0)


def test_deobfuscation_is_linear() -> None:
    for size in (8_000, 200_000):
        text = "jane" + "'" * size + " at nowhere"
        _fast(lambda text=text: deobfuscate_address(text), 1.0)


def test_threading_a_message_that_names_its_descendants_is_linear() -> None:
    from accord.core.mail import MailMessage

    def chain(n: int) -> list[MailMessage]:
        # m1 answers nothing but names every later message, each of which answers the one
        # before: every candidate parent of m1 closes a cycle.
        messages = [
            MailMessage(f"<m{k}@x>", f"<m{k - 1}@x>", (), "S", "", "", None, "", None)
            for k in range(2, n)
        ]
        refs = tuple(f"<m{k}@x>" for k in range(2, n))
        return [*messages, MailMessage("<m1@x>", None, refs, "S", "", "", None, "", None)]

    for size in (4_000, 40_000):
        messages = chain(size)
        _fast(lambda messages=messages: thread_parents(messages), 2.0)


def test_a_hypermail_page_of_unclosed_comments_is_linear() -> None:
    from tests.core.mail.test_hypermail import page

    for size in (4_000, 200_000):
        junk = '<!-- x="' * size
        data = page("a@x", "S").replace(
            b'<!-- body="start" -->', junk.encode() + b'<!-- body="start" -->'
        )
        _fast(lambda data=data: read_archive(data, "p.html"), 2.0)


def test_separator_lines_are_checked_in_linear_time() -> None:
    for size in (20_000, 400_000):
        line = b"From x " + b"1:11 " * (size // 5)
        data = hostile.mbox(1) + b"\n" + line + b"\n" + hostile.mbox(1)
        _fast(lambda data=data: read_archive(data, "s.mbox"), 2.0)


def test_many_messages_are_read_in_linear_time() -> None:
    small, large = hostile.mbox(2_000), hostile.mbox(20_000)
    start = time.thread_time()  # CPU time: a loaded machine does not change the ratio
    assert len(read_archive(small, "a.mbox")) == 2_000
    middle = time.thread_time()
    assert len(read_archive(large, "b.mbox")) == 20_000
    end = time.thread_time()
    assert end - middle < 20 * (middle - start) + 1.0


def test_limit_errors_carry_a_template_to_translate() -> None:
    with pytest.raises(MailArchiveTooLarge) as caught:
        read_archive(
            gzip.compress(hostile.prose(2 * MB)), "a.gz", limits=MailLimits(total_bytes=MB)
        )
    assert caught.value.template == (
        "%(name)s is larger than %(limit)s MB uncompressed; split the archive by month."
    )
    assert caught.value.params == {"name": "a.gz", "limit": "1"}


# The definition the separator search implements, as one regex: a "From " line after a
# blank line. Tried at every offset it was the slow part of a file of blank lines.
_AFTER_BLANK = re.compile(rb"(?:\A|\r\n|\r(?!\n)|\n)[ \t\x0b\x0c]*+(?:\r\n|\r(?!\n)|\n)From ")


def test_the_separator_search_finds_what_the_definition_finds() -> None:
    pieces = [b"\n", b"\r", b"\r\n", b" ", b"\t", b"From ", b"x", b"From", b"rom "]
    rng = random.Random(7)
    for _ in range(20_000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        expected = [m.end() - 5 for m in _AFTER_BLANK.finditer(data) if m.end() > 5]
        assert list(_from_lines_after_blank(data)) == expected, data
