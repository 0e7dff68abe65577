"""Reading the message pages of a hypermail HTML archive (W3C's lists.w3.org and others).

Hypermail writes one HTML page per message and, above the rendered headers, the
message's own headers as HTML comments::

    <!-- sent="Tue, 10 Apr 2018 15:43:27 -0700" -->
    <!-- isosent="20180410224327" -->
    <!-- name="Jane Doe" -->
    <!-- email="jane&#x40;example.org" -->
    <!-- subject="Re: the draft" -->
    <!-- id="abc@example.org" -->
    <!-- inreplyto="xyz@example.org" -->

and the body between ``<!-- body="start" -->`` and ``<!-- body="end" -->``. Those
comments are what this reader trusts; the navigation around them is ignored.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from accord.core.mail.body import html_to_text
from accord.core.mail.headers import (
    collapse_whitespace,
    decode_bytes,
    deobfuscate_address,
    normalise_message_id,
    parse_date,
)
from accord.core.mail.model import MailArchiveError, MailMessage
from accord.core.messages import gettext_noop

_PROBE = 4096
NOT_A_MESSAGE_PAGE = gettext_noop(
    "%(name)s is not a hypermail message page: expected the HTML page of one message from a "
    "hypermail archive (such as lists.w3.org)."
)
NO_MESSAGE_ID = gettext_noop("%(name)s is a hypermail page without a message id.")
_GENERATOR = re.compile(rb"<meta\s+name=\"generator\"\s+content=\"hypermail", re.I)
# Each pattern with a lazy ".*?" up to a closing marker is split in two and the closing
# marker searched once: tried again from every opening marker, ".*?" ran to the end of the
# page each time when the closing one was missing (quadratic).
_FIELD_START = re.compile(r'<!--\s*([a-z]+)="')
_FIELD_END = re.compile(r'"\s*-->')
_CHARSET = re.compile(rb'<!--\s*charset="([A-Za-z0-9_.:-]{1,40})"\s*-->')
_BODY_START = re.compile(r'<!--\s*body="start"\s*-->')
_BODY_END = re.compile(r'<!--\s*body="end"\s*-->')
# Inside the body region: the rendered headers and the "Received on" line are not body.
_NOT_BODY = {'<address class="headers">': "</address>", '<span id="received">': "</span>"}
_NOT_BODY_START = re.compile("|".join(re.escape(opening) for opening in _NOT_BODY))


def is_hypermail_page(data: bytes) -> bool:
    """Whether ``data`` is an HTML page written by hypermail (message or index page)."""
    head = data[:_PROBE]
    return bool(_GENERATOR.search(head)) or b'<!-- isosent="' in head


def is_message_page(data: bytes) -> bool:
    """Whether ``data`` is a hypermail page for one message (not an index or thread page)."""
    return is_hypermail_page(data) and b'<!-- id="' in data and b'<!-- body="start"' in data


def read_hypermail_page(data: bytes, filename: str = "") -> MailMessage:
    """The message a hypermail message page shows.

    Raises ``MailArchiveError`` (with a message for the uploader) when the page is not a
    hypermail message page. The sender's address is de-obfuscated (hypermail hides it in
    character references); the body is the message text without the page's markup.
    """
    name = filename or "the page"
    if not is_message_page(data):
        raise MailArchiveError(NOT_A_MESSAGE_PAGE, name=name)
    charset = _CHARSET.search(data[:_PROBE])
    text = decode_bytes(data, charset.group(1).decode("ascii") if charset else "utf-8")
    fields = _fields(text.split('<!-- body="start"', 1)[0])
    body = _without_headers(_body(text))
    message_id = normalise_message_id(fields.get("id"))
    if message_id is None:  # is_message_page saw the comment, but it may be empty
        raise MailArchiveError(NO_MESSAGE_ID, name=name)
    email = deobfuscate_address(collapse_whitespace(fields.get("email", ""))).lower()
    return MailMessage(
        message_id=message_id,
        in_reply_to=normalise_message_id(fields.get("inreplyto")),
        references=(),
        subject=collapse_whitespace(fields.get("subject", "")),
        sender_name=collapse_whitespace(fields.get("name", "")),
        sender_email=email,
        date=parse_date(fields.get("sent")) or _iso_date(fields.get("isosent")),
        body=html_to_text(body),
        archived_at=None,
    )


def _fields(head: str) -> dict[str, str]:
    """The ``<!-- name="value" -->`` comments, the first of each name (unescaped)."""
    fields: dict[str, str] = {}
    done = 0
    while start := _FIELD_START.search(head, done):
        end = _FIELD_END.search(head, start.end())
        if end is None:
            break  # no comment closes after this one, nor after any later one
        fields.setdefault(start.group(1), html.unescape(head[start.end() : end.start()]))
        done = end.end()
    return fields


def _body(text: str) -> str:
    start = _BODY_START.search(text)
    end = _BODY_END.search(text, start.end()) if start else None
    return text[start.end() : end.start()] if start and end else ""


def _without_headers(body: str) -> str:
    parts: list[str] = []
    done = search = 0
    unclosed: set[str] = set()
    while opening := _NOT_BODY_START.search(body, search):
        closing = _NOT_BODY[opening.group()]
        end = -1 if closing in unclosed else body.find(closing, opening.end())
        if end < 0:
            unclosed.add(closing)
            search = opening.start() + 1
            continue
        parts.append(body[done : opening.start()])
        done = search = end + len(closing)
    parts.append(body[done:])
    return "".join(parts)


def _iso_date(value: str | None) -> datetime | None:
    """Hypermail's ``isosent`` (``YYYYMMDDhhmmss``, UTC)."""
    try:
        return datetime.strptime(value or "", "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
