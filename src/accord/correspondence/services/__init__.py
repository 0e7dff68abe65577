"""Writes for correspondence: mailing lists and archive imports (one transaction each)."""

from .lists import mailing_list_create, mailing_list_update
from .mail_import import (
    DEFAULT_LIST_NAME,
    MailImportReport,
    mail_archive_import,
    mail_archive_import_to_list,
)

__all__ = [
    "DEFAULT_LIST_NAME",
    "MailImportReport",
    "mail_archive_import",
    "mail_archive_import_to_list",
    "mailing_list_create",
    "mailing_list_update",
]
