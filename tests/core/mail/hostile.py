"""Hostile and odd mail archives, built in code: gzip and ZIP bombs, nested archives, files
of short lines, too many messages, too large messages and headers, deep MIME nesting.

Pure Python (no Django), so that ``tests/core/mail`` and the endpoint tests can use them.
Every builder is deterministic and cached, and makes at most a few megabytes however much
work it asks of a reader.
"""

from __future__ import annotations

import functools
import gzip
import io
import random
import zipfile
import zlib

MB = 1024 * 1024


def gzip_stream(chunk: bytes, times: int) -> bytes:
    """gzip of ``chunk`` repeated ``times`` times, compressed as it goes (never held)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    out = [compressor.compress(chunk) for _ in range(times)]
    out.append(compressor.flush())
    return b"".join(out)


def zip_of(files: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def message(n: int, *, body: str = "Comments on paragraph 12.", extra: str = "") -> bytes:
    return (
        f"From delegate{n}@example.org  Mon Mar  3 09:00:00 2025\n"
        f"From: Delegate {n} <delegate{n}@example.org>\n"
        f"Subject: Topic {n}\nMessage-ID: <m{n}@example.org>\n"
        f"Date: Mon, 03 Mar 2025 09:00:00 +0000\n{extra}\n{body}\n\n"
    ).encode()


def mbox(count: int, **kwargs: str) -> bytes:
    return b"".join(message(n, **kwargs) for n in range(count))


def prose(size: int, seed: int = 1) -> bytes:
    """Mail-like text that compresses as mail does (about 3 to 4 times)."""
    rnd = random.Random(seed)
    words = [f"{w}{n}" for w in ("draft", "text", "para", "amend", "group") for n in range(400)]
    out: list[str] = []
    length = 0
    while length < size:
        line = " ".join(rnd.choice(words) for _ in range(10)) + "\n"
        out.append(line)
        length += len(line)
    return "".join(out).encode()[:size]


@functools.cache
def gzip_bomb() -> bytes:
    """600 MB of zeros in about 600 kB: the old reader read 512 MB of it into memory."""
    return gzip_stream(b"\0" * MB, 600)


@functools.cache
def short_lines_gz() -> bytes:
    """A 32 kB ``.txt.gz`` of 32 MB of two-byte lines (the old reader grew by 1.4 GB)."""
    return gzip_stream(b"a\n" * (MB // 2), 32)


@functools.cache
def zip_of_gzipped_messages() -> bytes:
    """A ZIP of four ``.gz`` messages, each 200 MB of one repeated word when unpacked."""
    body = gzip_stream(b"Agreed " * (MB // 7), 200)
    return zip_of({f"{n}.txt.gz": body for n in range(4)}, method=zipfile.ZIP_STORED)


def gzipped_members(count: int, size: int) -> bytes:
    """A ZIP of ``count`` ``.gz`` mbox files, each ``size`` bytes of prose unpacked."""
    members = {
        f"{n:02d}.txt.gz": gzip.compress(message(n, body=prose(size, seed=n).decode()))
        for n in range(count)
    }
    return zip_of(members, method=zipfile.ZIP_STORED)


def nested() -> dict[str, bytes]:
    """An archive inside an archive, in each of the ways one can be sent."""
    mail = mbox(2)
    return {
        "gz in gz": gzip.compress(gzip.compress(mail)),
        "zip in gz": gzip.compress(zip_of({"a.mbox": mail})),
        "zip in zip": zip_of({"inner.txt": zip_of({"a.mbox": mail})}),
        "gz in gz in zip": zip_of({"a.txt.gz": gzip.compress(gzip.compress(mail))}),
        "zip in gz in zip": zip_of({"a.txt.gz": gzip.compress(zip_of({"a.mbox": mail}))}),
    }


def deep_mime(levels: int) -> bytes:
    """One message of ``levels`` multiparts nested in one another (the stdlib's parser
    recursed once per level and overflowed the stack)."""
    head = "".join(
        f"Content-Type: multipart/mixed; boundary=b{n}\n\n--b{n}\n" for n in range(levels)
    )
    return (
        "From a@example.org  Mon Mar  3 09:00:00 2025\nFrom: a@example.org\n"
        f"Subject: Deep\nMessage-ID: <deep@example.org>\n{head}\nhello\n"
    ).encode()


def many_parts(messages: int, parts: int) -> bytes:
    body = "".join(f"--XX\nContent-Type: text/plain\n\npart {n}\n" for n in range(parts))
    extra = "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n"
    return mbox(messages, extra=extra, body=body + "--XX--")
