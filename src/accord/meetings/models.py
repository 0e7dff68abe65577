"""Meetings, their days and agenda, day transcripts split into speaker turns, live posts."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.groups.models import Member, NegotiatingGroup, WorkingGroup

LIVE_POST_MAX_CHARS = 1000


class Meeting(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    venue = models.CharField(max_length=300, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # A closed meeting's transcripts are members-only until the secretariat publishes them.
    is_closed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="meeting_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting {self.number}: {self.title}"


class MeetingDay(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()
    order = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "date"], name="meeting_day_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}, day {self.order} ({self.date:%Y-%m-%d})"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    day = models.ForeignKey(
        MeetingDay, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    number = models.CharField(max_length=20, blank=True)
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


def transcript_upload_to(instance: Transcript, filename: str) -> str:
    meeting = instance.day.meeting
    suffix = PurePath(filename).suffix.lower()[:10]
    # The hash in the name keeps a replacement from overwriting the file it replaces
    # before the transaction that replaces it has committed.
    return (
        f"transcripts/{meeting.group.slug}/{meeting.number}/"
        f"{instance.day.date:%Y-%m-%d}-{instance.sha256[:16]}{suffix}"
    )


class Transcript(models.Model):
    day = models.OneToOneField(MeetingDay, on_delete=models.CASCADE, related_name="transcript")
    original_file = models.FileField(upload_to=transcript_upload_to, max_length=300)
    original_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    format = models.CharField(max_length=20)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="transcripts_uploaded",
    )
    uploaded_at = models.DateTimeField()
    is_published = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Transcript of {self.day}"


class SpeakerTurn(models.Model):
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="turns")
    index = models.PositiveIntegerField()
    speaker_label = models.CharField(max_length=300)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="speaker_turns"
    )
    # A role kind ("chair", "secretariat") when the speaker spoke for the bureau, not a member.
    role_kind = models.CharField(max_length=20, blank=True)
    # The negotiating group the speaker spoke for ("SOUTH AFRICA ON BEHALF OF THE G77 AND
    # CHINA"); empty when the label names none or one the working group has not listed.
    on_behalf_of = models.ForeignKey(
        NegotiatingGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_turns",
        verbose_name=_("on behalf of"),
    )
    text = models.TextField()
    time_of_day = models.CharField(max_length=8, blank=True)
    time_offset = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["index"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "index"], name="turn_unique_index"),
        ]

    def __str__(self) -> str:
        return f"#{self.index} {self.speaker_label}"


class LivePost(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="live_posts")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="live_posts"
    )
    body = models.CharField(max_length=LIVE_POST_MAX_CHARS)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="live_posts"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.body[:60]
