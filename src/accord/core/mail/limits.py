"""What one archive may cost to read, checked before the work each bound bounds.

Every byte that comes out of a decompressor counts against one budget for the whole upload
(``total_bytes``): a ZIP's members as they inflate and, for a ``.gz`` member, its content as
well; an upload that is not compressed counts its own size. A compressed stream may not
grow more than ``ratio`` times its compressed size (plus ``ratio_allowance``, so that small
files are never refused for compressing well), which stops a gzip or ZIP bomb after a few
megabytes. Decompression is streamed and measured in a first pass that keeps nothing, so a
refused archive costs a megabyte of memory. An archive may be compressed once: a ``.gz``,
or a ZIP whose members may be ``.gz``; an archive inside either is refused.

The messages are then cut apart without parsing them, and their number and sizes checked:
at most ``messages`` messages of at most ``message_bytes`` each, headers of at most
``header_bytes``. The stdlib's MIME parser, which costs a few microseconds a line and tens
of microseconds a part, only reads headers and messages that are MIME containers
(``multipart/*``, ``message/*``): at most ``parsed_lines`` lines in all, at most
``mime_parts`` parts in all and ``mime_containers`` containers in one message (they nest,
and deep nesting overflows Python's stack). Plain bodies are taken as they are, in linear time.
"""

from __future__ import annotations

from dataclasses import dataclass

MEGABYTE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class MailLimits:
    total_bytes: int = 128 * MEGABYTE
    ratio: int = 100
    ratio_allowance: int = MEGABYTE
    files: int = 50_000
    messages: int = 50_000
    message_bytes: int = 32 * MEGABYTE
    header_bytes: int = 256 * 1024
    parsed_lines: int = 4_000_000
    mime_parts: int = 100_000
    mime_containers: int = 200


def megabytes(size: int) -> str:
    """``size`` in whole megabytes for a message ("128"), at least "1"."""
    return f"{max(1, size // MEGABYTE):,}"
