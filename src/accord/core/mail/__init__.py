"""Reading mailing-list archives and threading them. Pure Python, no Django.

``read_archive`` turns an mbox or Mailman 2 pipermail archive (optionally gzipped), or
hypermail message pages (one, or a ZIP of a month's folder), into ``MailMessage``
values; ``thread_messages`` and ``thread_parents`` group them into
conversations and reply trees. Everything is deterministic and never raises on bad
input except ``MailArchiveError`` for a file that is not a mail archive at all, or
``MailArchiveTooLarge`` for one beyond its ``MailLimits`` (checked before the work they
bound; see :mod:`accord.core.mail.limits`).
"""

from accord.core.mail.headers import deobfuscate_address
from accord.core.mail.limits import MailLimits
from accord.core.mail.model import MailArchiveError, MailArchiveTooLarge, MailMessage, MailThread
from accord.core.mail.reader import read_archive
from accord.core.mail.subjects import normalise_subject
from accord.core.mail.threads import thread_messages, thread_parents

__all__ = [
    "MailArchiveError",
    "MailArchiveTooLarge",
    "MailLimits",
    "MailMessage",
    "MailThread",
    "deobfuscate_address",
    "normalise_subject",
    "read_archive",
    "thread_messages",
    "thread_parents",
]
