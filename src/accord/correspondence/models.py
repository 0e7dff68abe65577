"""A group's mailing lists, their threads and messages (imported from list archives)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accord.common.models import TimeStampedModel
from accord.groups.models import Member, WorkingGroup

# RFC 5322 caps a header line at 998 characters; a Message-ID cannot be longer.
MESSAGE_ID_LENGTH = 998
SUBJECT_LENGTH = 998


class MailingList(TimeStampedModel):
    """A list whose archive is imported. ``is_public`` False: only people with a role see it."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="mailing_lists")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=320, blank=True)
    is_public = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="mailing_list_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class MailImportRun(models.Model):
    """An archive import being written into a list, in short transactions.

    Its threads and messages are staged (``import_run`` set: no page, selector or search
    shows them) until the import publishes them in one short transaction at the end; a list
    it created (``new_list``) stays hidden until then too. A failed import deletes what it
    staged; one whose process died (``worker`` gone, or no ``heartbeat_at`` for a while) is
    cleaned up by the next import into the list. One run per list at a time.
    """

    mailing_list = models.ForeignKey(
        MailingList, on_delete=models.CASCADE, related_name="import_runs"
    )
    new_list = models.BooleanField(default=False)
    # Published: threads and messages are visible, search entries are still being released.
    published = models.BooleanField(default=False)
    filename = models.CharField(max_length=300, blank=True)
    worker = models.CharField(max_length=300)  # host:pid
    started_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailing_list"], name="mail_import_run_one_per_list")
        ]

    def __str__(self) -> str:
        return f"{self.mailing_list}: {self.filename}"


class Thread(models.Model):
    """A conversation: a root message and its replies. Counts are kept up to date by imports."""

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="threads")
    # Set while the import that wrote it has not published it (hidden from everyone).
    import_run = models.ForeignKey(
        MailImportRun, null=True, blank=True, on_delete=models.RESTRICT, related_name="threads"
    )
    subject = models.CharField(max_length=SUBJECT_LENGTH, blank=True)
    root_message_id = models.CharField(max_length=MESSAGE_ID_LENGTH)
    started_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)
    message_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]

    def __str__(self) -> str:
        return self.subject or "(no subject)"


class Message(models.Model):
    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="messages")
    # Set while the import that wrote it has not published it (hidden from everyone).
    import_run = models.ForeignKey(
        MailImportRun, null=True, blank=True, on_delete=models.RESTRICT, related_name="messages"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    # Kept so that a later import can thread its messages together with these.
    message_id = models.CharField(max_length=MESSAGE_ID_LENGTH)
    in_reply_to = models.CharField(max_length=MESSAGE_ID_LENGTH, blank=True)
    references = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=SUBJECT_LENGTH, blank=True)
    sender_name = models.CharField(max_length=300, blank=True)
    # Stored for matching and for members; the public pages never show it.
    sender_email = models.CharField(max_length=320, blank=True)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="mail_messages"
    )
    sender_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mail_messages",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    body = models.TextField(blank=True)
    archived_at = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailing_list", "message_id"], name="mail_message_unique_id"
            ),
        ]

    def __str__(self) -> str:
        return self.subject or self.message_id
