from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accord.common.errors import ApplicationError

from .services import invitation_accept


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
                login(request, role.user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                return render(request, "groups/invitation.html", {"form": form}, status=400)
        except ApplicationError as exc:
            return render(
                request,
                "groups/invitation.html",
                {"form": form, "error": exc.message},
                status=exc.status,
            )
        messages.success(request, f"Welcome: you now take part in {role.group.name}.")
        return redirect("publish:group", role.group.slug)
    return render(request, "groups/invitation.html", {"form": form})
