"""Plain forms for establishing a group; the services validate and decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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


class GroupCreateForm(forms.Form):
    """A new working group; ``group_create`` checks who may and whether the address is free."""

    name = forms.CharField(max_length=300, label=_("Name"))
    short_name = forms.CharField(
        max_length=40, required=False, label=_("Short name"), help_text=_("e.g. WGEDC")
    )
    slug = forms.SlugField(
        max_length=80,
        required=False,
        label=_("Address (optional)"),
        help_text=_("The group's pages are at /g/ADDRESS/. Made from the short name when empty."),
    )
    parent_body = forms.CharField(max_length=300, required=False, label=_("Parent body"))
    mandate = forms.CharField(widget=forms.Textarea, required=False, label=_("Mandate"))
    start_date = forms.DateField(
        required=False, label=_("Start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        required=False, label=_("End"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_rule = forms.ChoiceField(
        choices=WorkingGroup.DecisionRule.choices, label=_("Decision rule")
    )
    working_languages = forms.CharField(
        max_length=100,
        initial="en",
        label=_("Working languages"),
        help_text=_("Language codes separated by commas, e.g. en, fr, ar"),
    )

    def language_list(self) -> list[str]:
        return [x.strip() for x in self.cleaned_data["working_languages"].split(",") if x.strip()]


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


def _members_by_constituency(group: WorkingGroup) -> list[tuple[str, list[tuple[str, str]]]]:
    """Full members as checkbox choices grouped by constituency (observers take no positions)."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    members = (
        group.members.filter(status=Member.Status.MEMBER)
        .select_related("constituency")
        .order_by("constituency__order", "constituency__name", "name")
    )
    for m in members:
        grouped.setdefault(m.constituency.name, []).append((m.slug, m.name))
    return list(grouped.items())


class NegotiatingGroupForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name of the negotiating group"))
    short_name = forms.CharField(
        max_length=40,
        required=False,
        label=_("Short name"),
        help_text=_("As it is shown: “G77 and China”, “EU”."),
    )
    slug = forms.SlugField(
        max_length=80,
        required=False,
        label=_("Address (optional)"),
        help_text=_("Made from the short name when left empty."),
    )
    aliases = forms.CharField(
        max_length=1000,
        required=False,
        label=_("Other names"),
        help_text=_("Separated by commas, e.g. GROUP OF 77, G-77 (as in transcripts)."),
    )
    members = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("Members")
    )
    coordinator = forms.ChoiceField(required=False, label=_("Coordinator (speaks for the group)"))

    def __init__(self, *args: object, group: WorkingGroup, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        grouped = _members_by_constituency(group)
        self.fields["members"].choices = grouped  # type: ignore[attr-defined]
        self.fields["coordinator"].choices = [("", "—"), *grouped]  # type: ignore[attr-defined]

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.cleaned_data["aliases"].split(",") if a.strip()]


class NegotiatingGroupEditForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    short_name = forms.CharField(max_length=40, required=False, label=_("Short name"))
    slug = forms.SlugField(max_length=80, label=_("Address"))
    aliases = forms.CharField(max_length=1000, required=False, label=_("Other names"))
    coordinator = forms.ChoiceField(required=False, label=_("Coordinator"))

    def __init__(self, *args: object, members: list[Member], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["coordinator"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (m.slug, m.name) for m in members
        ]

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.cleaned_data["aliases"].split(",") if a.strip()]
