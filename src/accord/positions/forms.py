"""Forms of the negotiation screen: record a position, move a paragraph's status."""

from __future__ import annotations

from typing import Any

from django import forms

from accord.groups.models import Member

from .models import PositionEvent, StatusEvent
from .selectors import STATUS_LABELS


class PositionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Position", choices=PositionEvent.Kind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Reason (required to object)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="New status")
    pending_members = forms.ModelMultipleChoiceField(
        label="Pending confirmation from (agreed ad referendum)",
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label="Note", required=False, max_length=2000)

    def __init__(self, *args: Any, group: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, STATUS_LABELS[StatusEvent.Status(s)]) for s in allowed]
        members = self.fields["pending_members"]
        assert isinstance(members, forms.ModelMultipleChoiceField)
        members.queryset = Member.objects.filter(group=group, status=Member.Status.MEMBER).order_by(
            "name"
        )
