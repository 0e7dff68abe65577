"""Forms: opening a consultation, submitting a statement, voting, moderating."""

from __future__ import annotations

from django import forms

from .models import STATEMENT_MAX_LENGTH


class ConsultationForm(forms.Form):
    question = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    seed_statements = forms.CharField(
        required=False,
        label="Seed statements",
        help_text=f"One statement per line, each at most {STATEMENT_MAX_LENGTH} characters.",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    closes_at = forms.DateTimeField(
        required=False,
        label="Closes at (optional)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    allow_public = forms.BooleanField(required=False, label="The public may vote")
    allow_public_statements = forms.BooleanField(
        required=False, label="The public may submit statements"
    )
    moderation_required = forms.BooleanField(
        required=False, initial=True, label="Hold new statements for moderation"
    )

    def seeds(self) -> list[str]:
        return [line for line in self.cleaned_data["seed_statements"].splitlines() if line.strip()]


class StatementForm(forms.Form):
    text = forms.CharField(
        label="Your statement",
        max_length=STATEMENT_MAX_LENGTH,
        help_text=f"One idea, at most {STATEMENT_MAX_LENGTH} characters.",
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": STATEMENT_MAX_LENGTH}),
    )


class VoteForm(forms.Form):
    statement = forms.IntegerField(min_value=1)
    value = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0"), ("-1", "-1")], coerce=int)


class ModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[("publish", "Publish"), ("reject", "Reject")])
