"""Plain forms for establishing a group; the services validate and decide."""

from __future__ import annotations

from django import forms

from .models import Member, Role, WorkingGroup


class GroupForm(forms.Form):
    name = forms.CharField(max_length=300)
    short_name = forms.CharField(max_length=40, required=False)
    parent_body = forms.CharField(max_length=300, required=False, label="Parent body")
    mandate = forms.CharField(widget=forms.Textarea, required=False)
    start_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    decision_rule = forms.ChoiceField(choices=WorkingGroup.DecisionRule.choices)
    working_languages = forms.CharField(
        max_length=100, help_text="Language codes separated by commas, e.g. en, fr, ar"
    )
    is_published = forms.BooleanField(required=False, label="Published (visible to the public)")


class ConstituencyForm(forms.Form):
    name = forms.CharField(max_length=200, label="Constituency name")
    seats = forms.IntegerField(min_value=0, required=False, label="Seats")


class MemberForm(forms.Form):
    name = forms.CharField(max_length=300, label="Member name")
    kind = forms.ChoiceField(choices=Member.Kind.choices, label="Kind")
    iso3 = forms.CharField(max_length=3, required=False, label="ISO 3166 alpha-3 code (States)")
    constituency = forms.ChoiceField(label="Constituency")
    status = forms.ChoiceField(choices=Member.Status.choices, label="Status")

    def __init__(self, *args: object, group: WorkingGroup, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["constituency"].choices = [  # type: ignore[attr-defined]
            (c.slug, c.name) for c in group.constituencies.all()
        ]


class InvitationForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    kind = forms.ChoiceField(choices=Role.Kind.choices, label="Role")
    member = forms.ChoiceField(required=False, label="Acting for (delegates and observers)")

    def __init__(self, *args: object, group: WorkingGroup, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["member"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (m.slug, m.name) for m in group.members.order_by("name")
        ]
