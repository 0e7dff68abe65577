"""Reading mbox, Mailman 2 (pipermail) and hypermail archives into ``MailMessage`` values."""

from __future__ import annotations

import hashlib
import re
from email import message_from_bytes
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32

from accord.core.mail.body import extract_body
from accord.core.mail.headers import (
    collapse_whitespace,
    decode_header_text,
    normalise_message_id,
    parse_date,
    parse_message_ids,
    parse_sender,
)
from accord.core.mail.hypermail import is_hypermail_page, is_message_page, read_hypermail_page
from accord.core.mail.limits import MailLimits
from accord.core.mail.model import MailArchiveError, MailArchiveTooLarge, MailMessage
from accord.core.mail.split import TOO_DEEP, Sized, Tally, size_message, split_messages
from accord.core.mail.unpack import ZIP_MAGICS, Unpacked, unpack
from accord.core.messages import gettext_noop

#: Largest archive accepted after decompression, every member and nested file together.
MAX_ARCHIVE_BYTES = MailLimits().total_bytes
#: Most files read from one ZIP (a busy W3C list has a few thousand pages a quarter).
MAX_ZIP_FILES = MailLimits().files
_BINARY_PROBE = 8192

EMPTY = gettext_noop("%(name)s is empty: expected a mail archive (mbox or .txt).")
BINARY = gettext_noop(
    "%(name)s is a binary file, not a mail archive. Upload an mbox file or a Mailman "
    "archive (.txt or .txt.gz)."
)
NO_MESSAGES = gettext_noop(
    "No messages found in %(name)s: a mail archive starts with 'From ' lines (mbox, "
    "Mailman .txt) or with mail headers such as 'From:' and 'Subject:'."
)
NO_MESSAGES_IN_ZIP = gettext_noop(
    "No messages found in %(name)s: expected hypermail message pages (.html) or mail "
    "archives (mbox, Mailman .txt) inside the ZIP."
)


def default_limits() -> MailLimits:
    """The limits ``read_archive`` applies when given none (this module's constants)."""
    return MailLimits(total_bytes=MAX_ARCHIVE_BYTES, files=MAX_ZIP_FILES)


def read_archive(
    data: bytes, filename: str, *, limits: MailLimits | None = None
) -> list[MailMessage]:
    """Read every message of a mail archive, in archive order.

    Accepts an mbox file (any "From " separator line, including BigBang's
    ``From MAILER-DAEMON`` with lower-case headers), a Mailman 2 pipermail monthly
    ``.txt`` archive, either of them gzip-compressed (detected by its magic bytes, not by
    ``filename``), a single RFC 822 message, one message page of a hypermail HTML
    archive (lists.w3.org), or a ZIP of any of these (a hypermail archive's folder:
    its index pages are skipped). ``filename`` only appears in error messages.
    Messages are not de-duplicated: an archive that holds the same message twice
    yields it twice (threading de-duplicates by Message-ID).

    The work is bounded by ``limits`` (:mod:`accord.core.mail.limits`) and each bound is
    checked before the work it bounds: decompression first (streamed, nothing kept), then
    the number and sizes of the messages, cut apart without parsing, then the parsing,
    linear in the archive. Deterministic; never raises anything but ``MailArchiveError``
    (``MailArchiveTooLarge`` for a limit), whose message can be shown to the uploader.
    """
    name = filename or "the file"
    limits = limits or default_limits()
    unpack(data, name, limits, keep=False)
    files = unpack(data, name, limits, keep=True)
    tally = Tally(limits, name)
    plans = [plan for file in files if (plan := _plan(file, tally)) is not None]
    if data[:4] in ZIP_MAGICS and not plans:
        raise MailArchiveError(NO_MESSAGES_IN_ZIP, name=name)
    messages: list[MailMessage] = []
    for file, sized in plans:
        if sized is None:
            messages.append(read_hypermail_page(file.data, file.name))
        else:
            messages.extend(_read_message(file.data, one, tally, file.name) for one in sized)
    return messages


_Plan = tuple[Unpacked, list[Sized] | None]


def _plan(file: Unpacked, tally: Tally) -> _Plan | None:
    """What to read in one file: a hypermail page (``None``) or its messages, sized;
    ``None`` for a file of a ZIP that holds no mail (an index page, a README)."""
    data = file.data
    if file.unreadable:
        return None
    if is_hypermail_page(data):
        if file.in_zip and not is_message_page(data):
            return None  # an index, thread or author page
        tally.add_message()
        if len(data) > tally.limits.message_bytes:
            size_message(data, 0, len(data), tally, file.name)  # raises: too large
        return file, None
    if file.in_zip and file.member.lower().endswith((".html", ".htm")):
        return None
    try:
        return file, _size_messages(data, file.name, tally)
    except MailArchiveTooLarge:
        raise
    except MailArchiveError:
        if file.in_zip:
            return None  # a README or other non-mail file beside the archive
        raise


def _size_messages(data: bytes, name: str, tally: Tally) -> list[Sized]:
    if not data.strip():
        raise MailArchiveError(EMPTY, name=name)
    if b"\x00" in data[:_BINARY_PROBE]:
        raise MailArchiveError(BINARY, name=name)
    chunks = split_messages(data, most=max(0, tally.messages_left))
    if not chunks:
        raise MailArchiveError(NO_MESSAGES, name=name)
    tally.add_message(len(chunks))  # before any of them is looked at
    return [size_message(data, start, end, tally, name) for start, end in chunks]


def _read_message(data: bytes, sized: Sized, tally: Tally, name: str) -> MailMessage:
    # compat32 rather than email.policy.default: the default policy parses header values
    # into objects, and its parser raises on some malformed values; the raw text is
    # decoded by our own forgiving helpers instead.
    message = BytesParser(policy=compat32).parsebytes(
        data[sized.start : sized.body], headersonly=True
    )
    try:
        if message.get_content_maintype() in ("multipart", "message"):
            if not sized.container:  # declared in a way the sizing did not see
                tally.add_lines(data.count(b"\n", sized.body, sized.end) + 1)
            message = message_from_bytes(data[sized.start : sized.end], policy=compat32)
        else:
            # The stdlib's parser would read a plain body line by line (microseconds a
            # line); it keeps it as it is, which this does at once.
            # What the header parse gave back to the body comes first (a "From " line
            # that ends the headers is taken as the body's first line).
            # The raw payload: get_payload() would turn its surrogate escapes into "\ufffd".
            kept = getattr(message, "_payload", "")
            body = data[sized.body : sized.end].decode("ascii", "surrogateescape")
            message.set_payload((kept if isinstance(kept, str) else "") + body)
        return _to_mail_message(message)
    except RecursionError as exc:  # containers nested past what the sizing counted
        raise MailArchiveTooLarge(TOO_DEEP, name=name, limit=tally.limits.mime_containers) from exc


def _headers(message: Message) -> dict[str, tuple[str, str]]:
    """First occurrence of each header: lower-case name → (name as written, raw value)."""
    result: dict[str, tuple[str, str]] = {}
    for key, value in message.raw_items():
        if isinstance(value, str):
            result.setdefault(key.lower(), (key, value))
    return result


def _subject(headers: dict[str, tuple[str, str]]) -> str:
    written, raw = headers.get("subject", ("Subject", ""))
    subject = collapse_whitespace(decode_header_text(raw))
    # BigBang writes lower-case headers and wraps the subject in the quotes of a Python
    # repr ("subject: 'Re: draft WF'"); only that writer's quotes are removed.
    if written == "subject" and len(subject) >= 2 and subject[0] == subject[-1] == "'":
        subject = subject[1:-1].strip()
    return subject


def _archived_at(raw: str | None) -> str | None:
    text = collapse_whitespace(decode_header_text(raw))
    bracketed = re.search(r"<([^<>\s]+)>", text)
    if bracketed:
        return bracketed.group(1)
    return text.split(" ", 1)[0] or None


def _to_mail_message(message: Message) -> MailMessage:
    headers = _headers(message)

    def raw(name: str) -> str | None:
        entry = headers.get(name)
        return entry[1] if entry else None

    subject = _subject(headers)
    sender_name, sender_email = parse_sender(raw("from") or raw("sender"))
    date = parse_date(raw("date"))
    body = extract_body(message)
    message_id = normalise_message_id(raw("message-id"))
    if message_id is None:
        date_key = date.isoformat() if date else collapse_whitespace(raw("date") or "")
        digest = hashlib.sha1(
            "\x1f".join((sender_email, date_key, subject, body)).encode("utf-8", "replace"),
            usedforsecurity=False,
        ).hexdigest()
        message_id = f"<{digest}@accord.invalid>"
    return MailMessage(
        message_id=message_id,
        in_reply_to=normalise_message_id(raw("in-reply-to")),
        references=parse_message_ids(raw("references")),
        subject=subject,
        sender_name=sender_name,
        sender_email=sender_email,
        date=date,
        body=body,
        archived_at=_archived_at(raw("archived-at")),
    )
