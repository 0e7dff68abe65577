"""Taking an upload apart: a ZIP's members and gzip streams, inflated within one budget.

``unpack`` is called twice by the reader: first with ``keep=False``, which streams every
decompression a megabyte at a time and keeps nothing, so that a bomb, an archive over the
budget or a nested archive is refused before anything is held in memory; then with
``keep=True`` for the files' contents. Both passes take the same decisions from the same
bytes, so the second never meets a limit the first did not.
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Protocol

from accord.core.mail.limits import MailLimits, megabytes
from accord.core.mail.model import MailArchiveError, MailArchiveTooLarge
from accord.core.messages import gettext_noop

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a first file, or an empty ZIP
_CHUNK = 1024 * 1024
# What zipfile raises on damaged input (NotImplementedError: an unknown version or
# method; ValueError: offsets that point outside the file).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError)
_GZIP_ERRORS = (OSError, EOFError, zlib.error)
MAIL_SUFFIXES = (".html", ".htm", ".mbox", ".txt", ".gz", ".eml")

TOO_LARGE = gettext_noop(
    "%(name)s is larger than %(limit)s MB uncompressed; split the archive by month."
)
BOMB = gettext_noop(
    "%(name)s is compressed more than %(ratio)s times, which mail never is: it looks "
    "like a compression bomb and is not read."
)
NESTED = gettext_noop(
    "%(name)s holds another compressed archive inside; unpack it and upload the mail "
    "files (mbox, .txt, .txt.gz or hypermail pages) themselves."
)
TOO_MANY_FILES = gettext_noop("%(name)s holds %(count)s files; at most %(limit)s are read at once.")
ZIP_DAMAGED = gettext_noop("%(name)s looks like a ZIP file but is damaged (%(error)s).")
GZIP_DAMAGED = gettext_noop("%(name)s looks gzip-compressed but is damaged (%(error)s).")
UNREADABLE = gettext_noop("%(name)s cannot be read (%(error)s).")


@dataclass(frozen=True, slots=True)
class Unpacked:
    """One file to read for mail: ``name`` for messages ("a.zip: 0001.html"), its bytes
    (``b""`` in the measuring pass), whether it sits in a ZIP and its name there, and
    whether it could not be unpacked (a damaged ``.gz`` beside the mail: skipped)."""

    name: str
    data: bytes
    in_zip: bool = False
    member: str = ""
    unreadable: bool = False


class _DamagedGzip(MailArchiveError):
    pass


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _Budget:
    def __init__(self, limits: MailLimits, name: str) -> None:
        self.limits = limits
        self.name = name
        self.used = 0

    def take(self, size: int) -> None:
        self.used += size
        if self.used > self.limits.total_bytes:
            raise MailArchiveTooLarge(
                TOO_LARGE, name=self.name, limit=megabytes(self.limits.total_bytes)
            )

    def ratio_cap(self, compressed: int) -> int:
        return self.limits.ratio * compressed + self.limits.ratio_allowance


def _bomb(name: str, limits: MailLimits) -> MailArchiveTooLarge:
    return MailArchiveTooLarge(BOMB, name=name, ratio=limits.ratio)


def _drain(
    stream: _Readable, *, compressed: int, budget: _Budget, name: str, keep: bool
) -> tuple[bytes, bytes]:
    """Read a decompressing stream to its end: (its bytes if ``keep``, its first bytes).

    Stops as soon as the output passes the ratio allowed for ``compressed`` input bytes or
    the budget left, having held at most one chunk when ``keep`` is false.
    """
    cap = budget.ratio_cap(compressed)
    parts: list[bytes] = []
    head = b""
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > cap:
            raise _bomb(name, budget.limits)
        budget.take(len(chunk))
        if len(head) < 8:
            head += chunk[: 8 - len(head)]
        if keep:
            parts.append(chunk)
    return b"".join(parts), head


def _gunzip(data: bytes, *, budget: _Budget, name: str, keep: bool) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            content, head = _drain(
                stream, compressed=len(data), budget=budget, name=name, keep=keep
            )
    except _GZIP_ERRORS as exc:
        raise _DamagedGzip(GZIP_DAMAGED, name=name, error=str(exc)) from exc
    if head[:2] == GZIP_MAGIC or head[:4] in ZIP_MAGICS:
        raise MailArchiveError(NESTED, name=name)
    return content


def unpack(data: bytes, name: str, limits: MailLimits, *, keep: bool) -> list[Unpacked]:
    """The files of an upload, in reading order (a ZIP's by name); see the module doc."""
    budget = _Budget(limits, name)
    if data[:4] in ZIP_MAGICS:
        return list(_zip_members(data, name, budget, keep=keep))
    if data[:2] == GZIP_MAGIC:
        return [Unpacked(name, _gunzip(data, budget=budget, name=name, keep=keep))]
    budget.take(len(data))
    return [Unpacked(name, data)]


def _zip_members(data: bytes, name: str, budget: _Budget, *, keep: bool) -> Iterator[Unpacked]:
    limits = budget.limits
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise MailArchiveError(ZIP_DAMAGED, name=name, error=str(exc)) from exc
    with archive:
        # Not ZipInfo.is_dir(): it fails on the empty names of a damaged directory.
        files = sorted(
            (i for i in archive.infolist() if not i.filename.endswith("/")),
            key=lambda i: i.filename,
        )
        if len(files) > limits.files:
            raise MailArchiveTooLarge(
                TOO_MANY_FILES, name=name, count=f"{len(files):,}", limit=f"{limits.files:,}"
            )
        wanted = [i for i in files if i.filename.lower().endswith(MAIL_SUFFIXES)]
        # What the directory declares is checked before anything is inflated; the reads
        # below stop where the data goes past it all the same (the directory may lie).
        if sum(i.file_size for i in wanted) > limits.total_bytes:
            raise MailArchiveTooLarge(TOO_LARGE, name=name, limit=megabytes(limits.total_bytes))
        for info in wanted:
            if info.file_size > budget.ratio_cap(info.compress_size):
                raise _bomb(f"{name}: {info.filename}", limits)
        for info in wanted:
            member = f"{name}: {info.filename}"
            try:
                content = _read_member(archive, info, data, member, budget, keep=keep)
            except _DamagedGzip:
                yield Unpacked(member, b"", in_zip=True, member=info.filename, unreadable=True)
                continue
            yield Unpacked(member, content, in_zip=True, member=info.filename)


def _read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    data: bytes,
    member: str,
    budget: _Budget,
    *,
    keep: bool,
) -> bytes:
    # The inflated stream cannot read more compressed bytes than the member holds, nor
    # than the upload has, whatever the directory says.
    compressed = min(info.compress_size, len(data))
    try:
        with archive.open(info) as stream:
            head = stream.read(4)
        if head[:2] == GZIP_MAGIC:
            # One level of nesting: a .gz in the ZIP, unpacked as it inflates.
            with archive.open(info) as stream:
                if keep:
                    raw, _ = _drain(
                        stream, compressed=compressed, budget=budget, name=member, keep=True
                    )
                    return _gunzip(raw, budget=budget, name=member, keep=True)
                _measure_gzip_member(stream, compressed, budget, member)
                return b""
        if head[:4] in ZIP_MAGICS:
            raise MailArchiveError(NESTED, name=member)
        with archive.open(info) as stream:
            content, _ = _drain(
                stream, compressed=compressed, budget=budget, name=member, keep=keep
            )
        return content
    except MailArchiveError:
        raise
    except (*_ZIP_ERRORS, RuntimeError) as exc:  # RuntimeError: encrypted
        raise MailArchiveError(UNREADABLE, name=member, error=str(exc)) from exc


class _Counting(io.RawIOBase):
    """A ZIP member's inflated bytes as a stream, counted and capped as they are read."""

    def __init__(self, stream: IO[bytes], cap: int, budget: _Budget, name: str) -> None:
        self.stream, self.cap, self.budget, self.name = stream, cap, budget, name
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self.stream.read(len(buffer))
        self.size += len(chunk)
        if self.size > self.cap:
            raise _bomb(self.name, self.budget.limits)
        self.budget.take(len(chunk))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _measure_gzip_member(stream: IO[bytes], compressed: int, budget: _Budget, name: str) -> None:
    """Stream a .gz member through both decompressors, counting both outputs, keeping none:
    the same totals and refusals as inflating it and then gunzipping it."""
    counted = _Counting(stream, budget.ratio_cap(compressed), budget, name)
    reader = io.BufferedReader(counted, buffer_size=_CHUNK)
    try:
        with gzip.GzipFile(fileobj=reader) as inner:
            # The gzip stream's own size is only known at its end; its ratio is checked
            # against what has been read of it so far, which is never more.
            cap = budget.limits.ratio_allowance
            size = 0
            head = b""
            while chunk := inner.read(_CHUNK):
                size += len(chunk)
                if size > budget.limits.ratio * counted.size + cap:
                    raise _bomb(name, budget.limits)
                budget.take(len(chunk))
                if len(head) < 8:
                    head += chunk[: 8 - len(head)]
    except _GZIP_ERRORS as exc:
        raise _DamagedGzip(GZIP_DAMAGED, name=name, error=str(exc)) from exc
    if head[:2] == GZIP_MAGIC or head[:4] in ZIP_MAGICS:
        raise MailArchiveError(NESTED, name=name)
