"""Cutting an mbox or pipermail file into messages, and sizing each one, without parsing.

Everything here works on offsets into the file with ``bytes.find``, ``count`` and regular
expressions that cannot backtrack, so its cost is linear in the file and it allocates
nothing per line: a file of short lines used to become a list of millions of ``bytes``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from accord.core.mail.limits import MailLimits
from accord.core.mail.model import MailArchiveTooLarge
from accord.core.messages import gettext_noop

# An mbox "From " separator: "From <sender> <asctime date>". Pipermail writes the sender
# obfuscated with spaces ("From jane at example.org  Thu Nov  1 11:19:12 2001") and
# BigBang writes "From MAILER-DAEMON ...", so the sender is not parsed; instead the line
# must carry a time and, after it, a year, which a body line starting with "From " rarely
# does. (As one pattern, "^From \S.*\b\d{1,2}:\d{2}\b.*\b\d{4}\b" was quadratic in the line.)
_TIME = re.compile(rb"\b\d{1,2}:\d{2}\b")
_YEAR = re.compile(rb"\b\d{4}\b")
# A separator is a "From " line that follows a blank line (spaces and tabs only): mbox
# writers put one before every separator, which keeps body lines such as "From 10:00 to
# 12:30 on 3 May 2024 ..." in their message. Candidates are found with ``bytes.find`` (a
# regex tried at every offset cost 0.8 s on 20 MB of blank lines).
_FROM = b"From "
_BLANK = re.compile(rb"[ \t\x0b\x0c]*+")
_LINE_END = re.compile(rb"\r\n|\r|\n")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_KNOWN_HEADERS = frozenset({"from", "date", "subject", "message-id", "sender"})
# The header lines the stdlib's parser takes for headers (its ``headerRE``), one after the
# other; possessive, so a line is never tried twice.
_HEADER_BLOCK = re.compile(rb"(?:(?:From |[!-9;-~]*+:|[\t ])[^\r\n]*+(?:\r\n|\r|\n|\Z))*+")
_BLANK_LINE = re.compile(rb"\r\n|\r|\n")
_LEADING_SPACE = re.compile(rb"[ \t\n\r\x0b\x0c]*+")
_MIME_TYPE = re.compile(rb"content-type:[ \t\r\n]*+(?:multipart|message)/", re.IGNORECASE)
_CONTAINER = re.compile(
    rb"^content-type:[ \t\r\n]*+(?:multipart|message)/", re.IGNORECASE | re.MULTILINE
)
# How much of a file without separators is looked at to tell whether it is one message.
_PROBE = 256 * 1024

MESSAGE_TOO_LARGE = gettext_noop(
    "%(name)s holds a message of %(size)s MB; at most %(limit)s MB are read per message."
)
HEADERS_TOO_LARGE = gettext_noop(
    "%(name)s holds a message whose headers are longer than %(limit)s kB; it is not mail "
    "as a list archive holds it."
)
TOO_MANY_MESSAGES = gettext_noop(
    "%(name)s holds more than %(limit)s messages; import it in parts (a month at a time)."
)
TOO_MANY_LINES = gettext_noop(
    "%(name)s is too complex to read at once (more than %(limit)s lines of headers and MIME "
    "parts); import it in parts (a month at a time)."
)
TOO_MANY_PARTS = gettext_noop(
    "%(name)s is too complex to read at once (more than %(limit)s MIME parts); import it in "
    "parts (a month at a time)."
)
TOO_DEEP = gettext_noop(
    "%(name)s holds a message with more than %(limit)s MIME containers (multipart or "
    "message parts)."
)


def is_separator(line: bytes) -> bool:
    """Whether ``line`` (one line, its end included or not) is an mbox separator."""
    if not line.startswith(b"From ") or len(line) < 6 or line[5:6].isspace():
        return False
    time = _TIME.search(line, 6)  # after "From " and at least one more character
    return time is not None and _YEAR.search(line, time.end()) is not None


def _line_end(data: bytes, start: int, end: int) -> int:
    """Where the line starting at ``start`` ends, its terminator excluded."""
    found = _LINE_END.search(data, start, end)
    return found.start() if found else end


def _from_lines_after_blank(data: bytes) -> Iterator[int]:
    """Offsets of the "From " lines (not the first line) that follow a blank line.

    Linear: each candidate looks back only as far as the previous one, since a line that
    holds an earlier "From " is not blank.
    """
    floor = 0
    found = data.find(_FROM, 1)
    while found >= 0:
        if _follows_blank_line(data, found, floor):
            yield found
        floor = found + len(_FROM)
        found = data.find(_FROM, floor)


def _follows_blank_line(data: bytes, at: int, floor: int) -> bool:
    """Whether the line before the one starting at ``at`` is blank; its start is looked
    for no earlier than ``floor``, and ``floor`` must be 0 or follow a "From "."""
    before = data[at - 1]
    if before == 0x0A:  # "\n" or "\r\n"
        end = at - 2 if at >= 2 and data[at - 2] == 0x0D else at - 1
    elif before == 0x0D:  # a bare "\r"
        end = at - 1
    else:
        return False  # "From " in the middle of a line
    newline = data.rfind(b"\n", floor, end)
    terminator = max(newline, data.rfind(b"\r", max(newline + 1, floor), end))
    if terminator < 0 and floor > 0:
        return False  # the line reaches back past an earlier "From ": not blank
    return _BLANK.fullmatch(data, terminator + 1, end) is not None


def _without_trailing_blank(data: bytes, start: int, end: int) -> int:
    """The end of ``data[start:end]`` less its last line if that line is blank: the blank
    line the mbox format writes after every message."""
    if start >= end:
        return end
    stop = end
    if data[stop - 1 : stop] == b"\n":
        stop -= 1
        if stop > start and data[stop - 1 : stop] == b"\r":
            stop -= 1
    elif data[stop - 1 : stop] == b"\r":
        stop -= 1
    before = max(data.rfind(b"\n", start, stop), data.rfind(b"\r", start, stop))
    line_start = before + 1 if before >= 0 else start
    if data[line_start:stop].strip():
        return end
    return line_start


def split_messages(data: bytes, most: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each message of an mbox or pipermail file, separators excluded; a
    file without separators is one bare message if it looks like one, else nothing.

    With ``most``, stops after ``most + 1`` messages (the caller refuses that many).
    """
    starts = [0] if is_separator(data[: _line_end(data, 0, len(data))]) else []
    for start in _from_lines_after_blank(data):
        if most is not None and len(starts) > most:
            break
        if is_separator(data[start : _line_end(data, start, len(data))]):
            starts.append(start)
    if not starts:
        first = _LEADING_SPACE.match(data)
        begin = first.end() if first else 0
        return [(begin, len(data))] if _looks_like_message(data, begin) else []
    chunks = []
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(data)
        line = _LINE_END.search(data, start, stop)
        body = line.end() if line else stop
        chunks.append((body, _without_trailing_blank(data, body, stop)))
    return chunks


def _looks_like_message(data: bytes, begin: int) -> bool:
    blank = data.find(b"\n\n", begin, begin + _PROBE)
    head = data[begin : blank if blank >= 0 else begin + _PROBE].replace(b"\r\n", b"\n")
    names = {
        line.split(b":", 1)[0].strip().lower().decode("ascii", "replace")
        for line in head.split(b"\n")
        if _HEADER_LINE.match(line)
    }
    first_line = data[begin : _line_end(data, begin, len(data))]
    return bool(_HEADER_LINE.match(first_line)) and bool(names & _KNOWN_HEADERS)


def header_end(data: bytes, start: int, end: int) -> int:
    """Where the body of the message ``data[start:end]`` begins, as the stdlib's parser
    decides: after the blank line that ends the headers, or at the first line that is not
    a header (a message without the blank line)."""
    block = _HEADER_BLOCK.match(data, start, end)
    stop = block.end() if block else start
    blank = _BLANK_LINE.match(data, stop, end)
    return blank.end() if blank else stop


@dataclass(frozen=True, slots=True)
class Sized:
    """A message cut out of a file: its offsets, where its body starts, and whether its
    headers declare a MIME container (then the MIME parser reads all of it)."""

    start: int
    end: int
    body: int
    container: bool


class Tally:
    """The work an archive asks of the parser, checked against the limits as messages
    are cut out (before any of them is parsed)."""

    def __init__(self, limits: MailLimits, name: str) -> None:
        self.limits, self.name = limits, name
        self.messages = 0
        self.lines = 0
        self.parts = 0

    @property
    def messages_left(self) -> int:
        return self.limits.messages - self.messages

    def add_message(self, count: int = 1) -> None:
        self.messages += count
        if self.messages > self.limits.messages:
            raise MailArchiveTooLarge(
                TOO_MANY_MESSAGES, name=self.name, limit=f"{self.limits.messages:,}"
            )

    def add_lines(self, count: int) -> None:
        self.lines += count
        if self.lines > self.limits.parsed_lines:
            raise MailArchiveTooLarge(
                TOO_MANY_LINES, name=self.name, limit=f"{self.limits.parsed_lines:,}"
            )

    def add_parts(self, count: int) -> None:
        self.parts += count
        if self.parts > self.limits.mime_parts:
            raise MailArchiveTooLarge(
                TOO_MANY_PARTS, name=self.name, limit=f"{self.limits.mime_parts:,}"
            )


def _lines(data: bytes, start: int, end: int) -> int:
    # An upper bound (a CRLF counts twice), found at C speed.
    return data.count(b"\n", start, end) + data.count(b"\r", start, end) + 1


def size_message(data: bytes, start: int, end: int, tally: Tally, name: str) -> Sized:
    """Check one message against the limits and record its work in ``tally`` (which has
    counted it among the messages already)."""
    limits = tally.limits
    if end - start > limits.message_bytes:
        raise MailArchiveTooLarge(
            MESSAGE_TOO_LARGE,
            name=name,
            size=f"{(end - start) // (1024 * 1024):,}",
            limit=f"{limits.message_bytes // (1024 * 1024):,}",
        )
    body = header_end(data, start, end)  # one pass of a regular expression: C speed
    if body - start > limits.header_bytes:
        raise MailArchiveTooLarge(HEADERS_TOO_LARGE, name=name, limit=limits.header_bytes // 1024)
    tally.add_lines(_lines(data, start, body))
    container = _MIME_TYPE.search(data, start, body) is not None
    if container:
        tally.add_lines(_lines(data, body, end))
        tally.add_parts(data.count(b"\n--", body, end) + 1)
        for containers, _ in enumerate(_CONTAINER.finditer(data, start, end), start=1):
            if containers > limits.mime_containers:
                raise MailArchiveTooLarge(TOO_DEEP, name=name, limit=limits.mime_containers)
    return Sized(start, end, body, container)
