"""Reading mbox, Mailman 2 (pipermail) and hypermail archives into ``MailMessage`` values."""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import zipfile
import zlib
from email import message_from_bytes
from email.message import Message
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
from accord.core.mail.model import MailArchiveError, MailMessage

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a first file, or an empty ZIP
#: Largest archive accepted after decompression; guards the server against gzip bombs.
MAX_ARCHIVE_BYTES = 512 * 1024 * 1024
#: Most files read from one ZIP (a busy W3C list has a few thousand pages a quarter).
MAX_ZIP_FILES = 50_000
# What zipfile raises on damaged input (NotImplementedError: an unknown version or
# method; ValueError: offsets that point outside the file).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError)
_ZIP_MAIL_SUFFIXES = (".html", ".htm", ".mbox", ".txt", ".gz", ".eml")

# An mbox "From " separator: "From <sender> <asctime date>". Pipermail writes the sender
# obfuscated with spaces ("From jane at example.org  Thu Nov  1 11:19:12 2001") and
# BigBang writes "From MAILER-DAEMON ...", so the sender is not parsed; instead the line
# must carry a time and a year, which a body line starting with "From " rarely does.
_SEPARATOR = re.compile(rb"^From \S.*\b\d{1,2}:\d{2}\b.*\b\d{4}\b")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_KNOWN_HEADERS = frozenset({"from", "date", "subject", "message-id", "sender"})
_BINARY_PROBE = 8192


def read_archive(data: bytes, filename: str) -> list[MailMessage]:
    """Read every message of a mail archive, in archive order.

    Accepts an mbox file (any "From " separator line, including BigBang's
    ``From MAILER-DAEMON`` with lower-case headers), a Mailman 2 pipermail monthly
    ``.txt`` archive, either of them gzip-compressed (detected by its magic bytes, not by
    ``filename``), a single RFC 822 message, one message page of a hypermail HTML
    archive (lists.w3.org), or a ZIP of any of these (a hypermail archive's folder:
    its index pages are skipped). ``filename`` only appears in error messages.
    Messages are not de-duplicated: an archive that holds the same message twice
    yields it twice (threading de-duplicates by Message-ID).

    Deterministic; never raises anything but ``MailArchiveError``, whose message can be
    shown to the uploader as it is.
    """
    name = filename or "the file"
    if data[:4] in ZIP_MAGICS:
        return _read_zip(data, name)
    if data[:2] == GZIP_MAGIC:
        data = _gunzip(data, name)
    if is_hypermail_page(data):
        return [read_hypermail_page(data, name)]
    if not data.strip():
        raise MailArchiveError(f"{name} is empty: expected a mail archive (mbox or .txt).")
    if b"\x00" in data[:_BINARY_PROBE]:
        raise MailArchiveError(
            f"{name} is a binary file, not a mail archive. Upload an mbox file or a "
            "Mailman archive (.txt or .txt.gz)."
        )
    chunks = _split(data)
    if not chunks:
        raise MailArchiveError(
            f"No messages found in {name}: a mail archive starts with 'From ' lines "
            "(mbox, Mailman .txt) or with mail headers such as 'From:' and 'Subject:'."
        )
    # compat32 rather than email.policy.default: the default policy parses header values
    # into objects, and its parser raises on some malformed values; the raw text is
    # decoded by our own forgiving helpers instead.
    return [_to_mail_message(message_from_bytes(chunk, policy=compat32)) for chunk in chunks]


def _gunzip(data: bytes, name: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            result = stream.read(MAX_ARCHIVE_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise MailArchiveError(f"{name} looks gzip-compressed but is damaged ({exc}).") from exc
    if len(result) > MAX_ARCHIVE_BYTES:
        raise MailArchiveError(
            f"{name} is larger than {MAX_ARCHIVE_BYTES // (1024 * 1024)} MB uncompressed; "
            "split the archive by month."
        )
    return result


def _read_zip(data: bytes, name: str) -> list[MailMessage]:
    """Messages of every mail file in a ZIP, in file-name order (hypermail numbers its
    pages in date order); sizes are checked before and while inflating (ZIP bombs)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise MailArchiveError(f"{name} looks like a ZIP file but is damaged ({exc}).") from exc
    messages: list[MailMessage] = []
    with archive:
        # Not ZipInfo.is_dir(): it fails on the empty names of a damaged directory.
        files = sorted(
            (i for i in archive.infolist() if not i.filename.endswith("/")),
            key=lambda i: i.filename,
        )
        if len(files) > MAX_ZIP_FILES:
            raise MailArchiveError(
                f"{name} holds {len(files):,} files; at most {MAX_ZIP_FILES:,} are read at once."
            )
        limit = MAX_ARCHIVE_BYTES // (1024 * 1024)
        if sum(i.file_size for i in files) > MAX_ARCHIVE_BYTES:
            raise MailArchiveError(f"{name} is larger than {limit} MB unzipped; split it.")
        total = 0
        for info in files:
            if not info.filename.lower().endswith(_ZIP_MAIL_SUFFIXES):
                continue
            member = f"{name}: {info.filename}"
            try:
                with archive.open(info) as stream:
                    content = stream.read(MAX_ARCHIVE_BYTES - total + 1)
            except (*_ZIP_ERRORS, RuntimeError) as exc:  # RuntimeError: encrypted
                raise MailArchiveError(f"{member} cannot be read ({exc}).") from exc
            total += len(content)
            if total > MAX_ARCHIVE_BYTES:  # the sizes in the ZIP's directory lied
                raise MailArchiveError(f"{name} is larger than {limit} MB unzipped; split it.")
            if is_hypermail_page(content):
                if is_message_page(content):  # not an index, thread or author page
                    messages.append(read_hypermail_page(content, member))
            elif content[:4] not in ZIP_MAGICS and not info.filename.lower().endswith(
                (".html", ".htm")
            ):
                try:
                    messages.extend(read_archive(content, member))
                except MailArchiveError:
                    continue  # a README or other non-mail file beside the archive
    if not messages:
        raise MailArchiveError(
            f"No messages found in {name}: expected hypermail message pages (.html) or mail "
            "archives (mbox, Mailman .txt) inside the ZIP."
        )
    return messages


def _split(data: bytes) -> list[bytes]:
    """Cut the archive at its separator lines; no separators means one bare message."""
    lines = data.splitlines(keepends=True)
    starts = [
        i
        for i, line in enumerate(lines)
        # mbox writers put a blank line before every separator, which keeps body lines
        # such as "From 10:00 to 12:30 on 3 May 2024 ..." inside their message.
        if _SEPARATOR.match(line) and (i == 0 or not lines[i - 1].strip())
    ]
    if not starts:
        return [data.lstrip()] if _looks_like_message(data) else []
    chunks = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = lines[start + 1 : end]
        if body and not body[-1].strip():
            body = body[:-1]  # the blank line the mbox format writes after every message
        chunks.append(b"".join(body))
    return chunks


def _looks_like_message(data: bytes) -> bool:
    head = data.lstrip().split(b"\n\n", 1)[0].replace(b"\r\n", b"\n")
    names = {
        line.split(b":", 1)[0].strip().lower().decode("ascii", "replace")
        for line in head.split(b"\n")
        if _HEADER_LINE.match(line)
    }
    first_line = data.lstrip().split(b"\n", 1)[0]
    return bool(_HEADER_LINE.match(first_line)) and bool(names & _KNOWN_HEADERS)


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
