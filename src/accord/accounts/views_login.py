"""Logging in: the password, throttled (429 with the reason when refused), then the code from
the authenticator app for those who turned two-step login on."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import throttle, two_factor
from .backends import REFUSED_ATTR
from .models import User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"

    def form_invalid(self, form: Any) -> HttpResponse:
        refused = getattr(self.request, REFUSED_ATTR, None)
        if refused is None:
            return super().form_invalid(form)
        # Not "wrong password": the password was not even looked at.
        form.errors["__all__"] = form.error_class([refused.message])
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = str(refused.retry_after)
        return response

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if two_factor.is_enrolled(user):
            # Not logged in yet: the code from the app comes first.
            self.request.session[two_factor.PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "at": timezone.now().timestamp(),
                "next": self.get_redirect_url(),
            }
            return redirect("accounts:login-code")
        throttle.login_succeeded(username=user.get_username())
        return super().form_valid(form)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(two_factor.PENDING_KEY) or {}
    fresh = timezone.now().timestamp() - float(pending.get("at", 0)) <= two_factor.PENDING_SECONDS
    user_id = pending.get("user")
    user = (
        User.objects.filter(pk=int(user_id), is_active=True).first() if fresh and user_id else None
    )
    if user is None:
        request.session.pop(two_factor.PENDING_KEY, None)
    return user, pending


def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: the app's code (or a recovery code), throttled like the password."""
    user, pending = _pending_user(request)
    if user is None:  # no password given, or more than five minutes ago: start again
        return redirect_to_login(pending.get("next") or "/")
    form = CodeForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method != "POST":
        return render(request, "accounts/login_code.html", context)
    address = throttle.client_address(request)
    wait = throttle.login_lock(username=user.get_username(), address=address)
    if wait is not None:
        return _refused(request, context, wait)
    if form.is_valid() and two_factor.two_factor_check(user=user, code=form.cleaned_data["code"]):
        del request.session[two_factor.PENDING_KEY]
        login(request, user, backend=pending["backend"])
        request.session[two_factor.SESSION_KEY] = two_factor.VERIFIED
        throttle.login_succeeded(username=user.get_username())
        target = pending.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        return redirect(target)
    throttle.login_failed(username=user.get_username(), address=address)
    wait = throttle.login_lock(username=user.get_username(), address=address)
    if wait is not None:
        return _refused(request, context, wait)
    context["error"] = _("That code is not right. Give the code your app shows now.")
    return render(request, "accounts/login_code.html", context, status=400)


def _refused(request: HttpRequest, context: dict[str, Any], wait: int) -> HttpResponse:
    context["error"] = throttle.refused(wait).message
    response = render(request, "accounts/login_code.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response
