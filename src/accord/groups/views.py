"""Pages outside a group's own management: accepting an invitation, creating a group."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord.common.errors import ApplicationError

from .forms import GroupCreateForm
from .permissions import CREATE_GROUP_REFUSED, can_create_group
from .services import group_create, invitation_accept, invitation_check


class NewAccountForm(forms.Form):
    display_name = forms.CharField(max_length=200, label="Your name")
    password = forms.CharField(widget=forms.PasswordInput, min_length=8)


def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: a new person sets a password; a logged-in one just accepts."""
    form = NewAccountForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                role = invitation_accept(token=token, user=request.user)  # type: ignore[arg-type]
            elif form.is_valid():
                role = invitation_accept(
                    token=token,
                    password=form.cleaned_data["password"],
                    display_name=form.cleaned_data["display_name"],
                )
                login(request, role.user, backend="accord.accounts.backends.ThrottledModelBackend")
            else:
                return render(request, "groups/invitation.html", {"form": form}, status=400)
        except ApplicationError as exc:
            return render(
                request,
                "groups/invitation.html",
                {"form": form, "error": exc.message, "refused": exc.status == 403},
                status=exc.status,
            )
        messages.success(
            request, _("Welcome: you now take part in %(name)s.") % {"name": role.group.name}
        )
        return redirect("publish:group", role.group.slug)
    if request.user.is_authenticated:  # say at once when this account cannot accept it
        try:
            invitation_check(token=token, user=request.user)  # type: ignore[arg-type]
        except ApplicationError as exc:
            return render(
                request,
                "groups/invitation.html",
                {"form": form, "error": exc.message, "refused": True},
                status=exc.status,
            )
    return render(request, "groups/invitation.html", {"form": form})


@login_required
def group_create_view(request: HttpRequest) -> HttpResponse:
    """The "New working group" form: the same service, and so the same rule, as the API."""
    template = "groups/group_create.html"
    if not can_create_group(request.user):
        return render(request, template, {"refused": CREATE_GROUP_REFUSED}, status=403)
    form = GroupCreateForm(request.POST or None)
    if request.method != "POST":
        return render(request, template, {"form": form})
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    data = form.cleaned_data
    try:
        group = group_create(
            actor=request.user,
            name=data["name"],
            slug=data["slug"],
            short_name=data["short_name"],
            parent_body=data["parent_body"],
            mandate=data["mandate"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            decision_rule=data["decision_rule"],
            working_languages=form.language_list(),
        )
    except ApplicationError as exc:
        return render(request, template, {"form": form, "error": exc.message}, status=exc.status)
    messages.success(
        request,
        _("Created the working group %(name)s. Add its members and invite its people.")
        % {"name": group.name},
    )
    return redirect("groups:manage", group.slug)
