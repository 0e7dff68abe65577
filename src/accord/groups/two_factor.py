"""Who must use two-step login, and the middleware that holds every session to it.

``ACCORD_TWO_FACTOR_REQUIRED_ROLES`` (say ``secretariat,chair``) names the roles that must
enrol: someone holding one in any group is sent to the enrolment page, and nowhere else, until
two-step login is on. Whoever has it on must have given the code to be logged in: a session
made by any other path (the admin's login, a script) is ended and sent to the login page.
What is decided is kept in the session, so pages cost no queries for it; a role given during a
session counts from the next login.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accord.accounts.models import User
from accord.accounts.two_factor import (
    MUST_ENROL,
    NOT_NEEDED,
    SESSION_KEY,
    UNVERIFIED,
    is_enrolled,
)

from .models import Role

# What a person who must enrol may still open: the enrolment page, logging in and out.
_OPEN_WHILE_ENROLLING = ("/accounts/two-factor/", "/accounts/logout/", "/accounts/login/")


def role_requires_two_factor(user: User) -> bool:
    kinds = list(getattr(settings, "ACCORD_TWO_FACTOR_REQUIRED_ROLES", []))
    return bool(kinds) and Role.objects.filter(user=user, kind__in=kinds).exists()


def session_state(user: User) -> str:
    if is_enrolled(user):
        return UNVERIFIED  # logged in without the code: the login page sets VERIFIED
    return MUST_ENROL if role_requires_two_factor(user) else NOT_NEEDED


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The API authenticates by token on each call, never by this session.
        if request.path.startswith("/api/") or not request.user.is_authenticated:
            return self.get_response(request)
        state = request.session.get(SESSION_KEY)
        if state is None:
            state = session_state(request.user)  # type: ignore[arg-type]
            request.session[SESSION_KEY] = state
        if state == UNVERIFIED:
            logout(request)
            return redirect_to_login(request.get_full_path())
        if state == MUST_ENROL and not request.path.startswith(_OPEN_WHILE_ENROLLING):
            target = reverse("accounts:two-factor")
            return HttpResponseRedirect(f"{target}?next={quote(request.get_full_path())}")
        return self.get_response(request)
