"""Forms of the negotiation screen: record a position, move a paragraph's status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.groups.models import Member, NegotiatingGroup

from .models import PositionEvent, StatusEvent
from .selectors import STATUS_LABELS


class PositionForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Position"), choices=PositionEvent.Kind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (required to object)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # A negotiating group's slug; the service checks that the member belongs to it.
    on_behalf_of = forms.CharField(
        label=gettext_lazy("Speaking for"), required=False, max_length=80, widget=forms.Select
    )

    def __init__(
        self,
        *args: Any,
        member: Member | None = None,
        negotiating_groups: Sequence[NegotiatingGroup] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not negotiating_groups and not self.is_bound:
            del self.fields["on_behalf_of"]  # nothing to offer; a posted value is still checked
            return
        own = _("%(member)s (its own position)") % {"member": member.name} if member else ""
        field = self.fields["on_behalf_of"]
        field.widget.choices = [  # type: ignore[attr-defined]
            ("", own or _("Its own position")),
            *((g.slug, _("On behalf of the %(group)s") % {"group": g}) for g in negotiating_groups),
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"))
    pending_members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Pending confirmation from (agreed ad referendum)"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000)
    determination = forms.CharField(
        label=gettext_lazy("Determination of the Chair: the reason for agreeing it over them"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        group: Any,
        allowed: list[str],
        with_determination: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not with_determination:
            del self.fields["determination"]  # nothing to overrule, or not the Chair
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, STATUS_LABELS[StatusEvent.Status(s)]) for s in allowed]
        members = self.fields["pending_members"]
        assert isinstance(members, forms.ModelMultipleChoiceField)
        members.queryset = Member.objects.filter(group=group, status=Member.Status.MEMBER).order_by(
            "name"
        )
