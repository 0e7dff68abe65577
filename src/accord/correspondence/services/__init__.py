"""Writes for correspondence: mailing lists (one transaction each) and archive imports
(short transactions, published at once at the end: see ``mail_staging``)."""

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
