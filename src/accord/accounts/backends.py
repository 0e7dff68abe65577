"""The password backend behind every login form (ours and any other): Django's, throttled."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from . import throttle

# Set on the request when the throttle refused, so the login page can say why (429).
REFUSED_ATTR = "accord_login_refused"


class ThrottledModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None or password is None:
            return None  # not a password login: nothing to count
        address = throttle.client_address(request)
        wait = throttle.login_lock(username=username, address=address)
        if wait is not None:
            if request is not None:
                setattr(request, REFUSED_ATTR, throttle.refused(wait))
            raise PermissionDenied  # stops authenticate(): no other backend is tried
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle.login_failed(username=username, address=address)
        return user
