"""Result types of the mail package: frozen, hashable, free of any parser state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from accord.core.messages import UserInputError


class MailArchiveError(UserInputError):
    """The uploaded bytes are not a mail archive we can read.

    The message is written for the person who uploaded the file (it names the file and
    says what was expected), so a view can show ``str(error)`` as it is; ``template`` and
    ``params`` translate it (see :mod:`accord.core.messages`).
    """


class MailArchiveTooLarge(MailArchiveError):
    """The archive is refused by one of its :class:`~accord.core.mail.limits.MailLimits`
    before the work that limit bounds is done."""


@dataclass(frozen=True, slots=True)
class MailMessage:
    """One message read from an archive.

    Identifiers (``message_id``, ``in_reply_to``, ``references``) are normalised to the
    bracketed form ``<local@domain>`` whether or not the archive wrote the brackets, so
    that they compare equal across archive writers. ``message_id`` is never empty: a
    message without one gets ``<sha1-hex@accord.invalid>``, computed from the sender,
    date, subject and body, so re-reading the same archive gives the same id.

    ``sender_email`` is lower-cased and de-obfuscated (``jane at example.org``), or ``""``
    when the message names no address. ``date`` is timezone-aware UTC, or ``None`` when
    the Date header is missing or unparseable; a date without a zone is taken as UTC.
    ``body`` is the decoded text of the plain-text part (HTML converted to text only
    when there is no plain part), with line endings normalised to ``\\n``.
    ``archived_at`` is the Archived-At URL without its angle brackets, if any.
    """

    message_id: str
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str
    sender_name: str
    sender_email: str
    date: datetime | None
    body: str
    archived_at: str | None


@dataclass(frozen=True, slots=True)
class MailThread:
    """A conversation: a root message and every message that descends from it.

    ``subject`` is the normalised subject (see ``normalise_subject``) of the root, or of
    the first member with a non-empty subject. ``message_ids`` holds every member,
    root included, in date order (messages without a date last, ties in archive order).
    The tree shape is given by ``thread_parents``.
    """

    root_id: str
    subject: str
    message_ids: tuple[str, ...]
