"""Small archives written inline, and helpers to import them."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATOR = re.compile(rb"^From \S.*\b\d{1,2}:\d{2}\b.*\b\d{4}\b")


@dataclass
class Mail:
    msgid: str
    subject: str
    sender: str = "Jane Roe <jane@example.org>"
    date: str = "Mon, 04 Mar 2024 10:00:00 +0000"
    body: str = "Hello."
    in_reply_to: str | None = None


def mbox(*mails: Mail) -> bytes:
    out = []
    for mail in mails:
        address = mail.sender.rsplit("<", 1)[-1].rstrip(">")
        headers = [
            f"From {address} Mon Mar  4 10:00:00 2024",
            f"From: {mail.sender}",
            f"Subject: {mail.subject}",
            f"Message-ID: <{mail.msgid}>",
            f"Date: {mail.date}",
        ]
        if mail.in_reply_to:
            headers.append(f"In-Reply-To: <{mail.in_reply_to}>")
        out.append("\n".join(headers) + "\n\n" + mail.body + "\n\n")
    return "".join(out).encode()


def mbox_messages(data: bytes) -> list[bytes]:
    """The messages of an mbox, each with its separator line (cut after a blank line)."""
    lines = data.splitlines(keepends=True)
    starts = [
        i
        for i, line in enumerate(lines)
        if _SEPARATOR.match(line) and (i == 0 or not lines[i - 1].strip())
    ]
    ends = [*starts[1:], len(lines)]
    return [b"".join(lines[start:end]) for start, end in zip(starts, ends, strict=True)]


def split_alternating(data: bytes) -> tuple[bytes, bytes]:
    """Messages 0, 2, 4... and 1, 3, 5...: most threads then span both files, and some
    replies arrive before the message they answer."""
    messages = mbox_messages(data)
    return b"".join(messages[0::2]), b"".join(messages[1::2])


THREAD = mbox(
    Mail("root@wg", "Draft report v2", body="Please comment on the draft by Friday."),
    Mail(
        "reply1@wg",
        "Re: Draft report v2",
        sender="Ana Souza <ana.souza@itamaraty.gov.br>",
        date="Tue, 05 Mar 2024 09:00:00 +0000",
        body="Brazil supports paragraph 12 on capacity building.",
        in_reply_to="root@wg",
    ),
    Mail(
        "reply2@wg",
        "Re: Draft report v2",
        sender="Erik Berg <erik.berg@gov.se>",
        date="Tue, 05 Mar 2024 11:00:00 +0000",
        body="On Tue, ana.souza@itamaraty.gov.br wrote:\n> Brazil supports\nSweden agrees.",
        in_reply_to="reply1@wg",
    ),
    Mail(
        "other@wg",
        "Meeting logistics",
        sender="Secretariat <wg-secretariat@un.org>",
        date="Wed, 06 Mar 2024 08:00:00 +0000",
        body="The room is Conference Room 3.",
    ),
)
