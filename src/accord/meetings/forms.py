"""HTML forms; the services do the real checking."""

from __future__ import annotations

from typing import Any

from django import forms

from accord.core.transcripts import FORMATS

from .models import LIVE_POST_MAX_CHARS, Meeting

FORMAT_LABELS = {
    "captioning": "Real-time captioning (>>SPEAKER: text)",
    "colon": "SPEAKER: text",
    "timestamped": "[time] Name: text",
    "srt": "SRT subtitles",
}


class DateInput(forms.DateInput):
    input_type = "date"


class MeetingForm(forms.Form):
    number = forms.IntegerField(
        min_value=1, required=False, help_text="Leave empty for the next number."
    )
    title = forms.CharField(max_length=300)
    venue = forms.CharField(max_length=300, required=False)
    start_date = forms.DateField(widget=DateInput)
    end_date = forms.DateField(widget=DateInput, required=False)
    is_closed = forms.BooleanField(
        required=False,
        label="Closed meeting",
        help_text="Transcripts stay members-only until the secretariat publishes them.",
    )


class DayForm(forms.Form):
    date = forms.DateField(widget=DateInput)


class AgendaItemForm(forms.Form):
    number = forms.CharField(max_length=20, required=False, label="Item number")
    title = forms.CharField(max_length=500)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    day = forms.ChoiceField(required=False, label="Day")

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        day_field: Any = self.fields["day"]
        day_field.choices = [("", "Not scheduled")] + [
            (str(d.pk), f"Day {d.order} ({d.date:%Y-%m-%d})") for d in meeting.days.all()
        ]


class TranscriptUploadForm(forms.Form):
    file = forms.FileField(label="Transcript file", help_text="A .txt, .srt, .docx or .pdf file.")
    format = forms.ChoiceField(
        required=False,
        choices=[("", "Detect automatically")] + [(f, FORMAT_LABELS.get(f, f)) for f in FORMATS],
    )


class LivePostForm(forms.Form):
    body = forms.CharField(
        label="Update",
        max_length=LIVE_POST_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": LIVE_POST_MAX_CHARS}),
    )
    meeting = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting_field: Any = self.fields["meeting"]
        meeting_field.choices = [("", "No particular meeting")] + [
            (str(m.number), f"Meeting {m.number}: {m.title}") for m in meetings
        ]
