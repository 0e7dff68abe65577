"""Plain forms (every field labelled) for the call page, the call creation and moderation."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import Call

ATTACHMENT_HELP = "PDF, Word (.docx) or plain text (.txt); up to 5 files."


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks type, size and content."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.txt", "multiple": True})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class AnswersForm(forms.Form):
    """One text area per question of the call, named ``answer_<number>``."""

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.call = call
        for question in call.questions.all():
            self.fields[f"answer_{question.number}"] = forms.CharField(
                label=f"Question {question.number}: {question.text}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
        self.fields["attachments"] = MultipleFileField(
            label="Attachments", help_text=ATTACHMENT_HELP
        )

    def answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("answer_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("answer_")
        }


class MemberSubmitForm(AnswersForm):
    pass


class PublicSubmitForm(AnswersForm):
    def __init__(
        self, *args: Any, call: Call, constituencies: list[tuple[str, str]], **kwargs: Any
    ):
        super().__init__(*args, call=call, **kwargs)
        answer_fields = dict(self.fields)
        self.fields.clear()
        self.fields["name"] = forms.CharField(label="Your name", max_length=200)
        self.fields["affiliation"] = forms.CharField(
            label="Organisation or affiliation",
            max_length=300,
            help_text="Write 'none' if you write for yourself.",
        )
        self.fields["email"] = forms.EmailField(
            label="E-mail address", help_text="Never published; used only to reach you."
        )
        self.fields["constituency"] = forms.ChoiceField(
            label="Stakeholder group", choices=[("", "Choose…"), *constituencies]
        )
        self.fields.update(answer_fields)
        # A field people never see (moved off-screen by CSS, skipped by keyboard); robots fill it.
        self.fields["website"] = forms.CharField(
            label="Leave this field empty",
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )


class CallForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)
    opens_at = forms.DateTimeField(
        label="Opens at (UTC)", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label="Closes at (UTC)", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    questions = forms.CharField(
        label="Questions",
        help_text="One question per line; they are numbered in this order.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    allow_members = forms.BooleanField(label="Members may submit", required=False, initial=True)
    allow_observers = forms.BooleanField(label="Observers may submit", required=False, initial=True)
    allow_public = forms.BooleanField(label="The public may submit", required=False)
    accept_late = forms.BooleanField(
        label="Accept late submissions (flagged as late)", required=False, initial=True
    )

    def question_list(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()
        ]


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("publish", "Publish"), ("reject", "Reject"), ("withdraw", "Withdraw")]
    )
    reason = forms.CharField(
        label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
