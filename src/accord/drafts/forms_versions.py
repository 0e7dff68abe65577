"""Forms for reports, versions, paragraphs and import."""

from __future__ import annotations

from django import forms

from .models import Paragraph, Version


class ReportForm(forms.Form):
    title = forms.CharField(max_length=500)
    symbol = forms.CharField(max_length=100, required=False, help_text="e.g. WGEC/2025/L.1")


class VersionForm(forms.Form):
    kind = forms.ChoiceField(choices=Version.Kind.choices, label="Type")
    label = forms.CharField(max_length=100, help_text="e.g. Zero draft, Rev.1")
    based_on = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="Start from"
    )

    def __init__(self, *args: object, versions: list[Version] | None = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [("", "An empty text")] + [(v.number, v.label) for v in versions or []]
        self.fields["based_on"].choices = choices  # type: ignore[attr-defined]


class ParagraphAddForm(forms.Form):
    kind = forms.ChoiceField(choices=Paragraph.Kind.choices, initial=Paragraph.Kind.OPERATIVE)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    after = forms.CharField(required=False, label="After paragraph (id, empty: at the end)")


class ParagraphEditForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))


class ImportForm(forms.Form):
    file = forms.FileField(help_text="Word (.docx), Markdown (.md) or plain text (.txt)")
    kind = forms.ChoiceField(choices=Version.Kind.choices, label="Type")
    label = forms.CharField(max_length=100)
