"""The login throttle: after too many failures in a window, for one account or from one
address, every further attempt (even with the right password) is refused until the window has
passed over enough of them.

Failures are rows (``LoginFailure``), not counters in a process's memory, so the throttle holds
across the server's processes and machines. Attempts refused by the throttle are not counted:
the lock lifts ``ACCORD_LOGIN_WINDOW_SECONDS`` after the failures that set it. The address is
the visitor's (``accord.common.proxy`` puts it in ``REMOTE_ADDR`` behind a trusted proxy); an
IPv6 address counts with its /64, which one visitor usually holds whole.
"""

from __future__ import annotations

import ipaddress
import math
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from accord.common.errors import RateLimited

from .models import LoginFailure


def client_address(request: HttpRequest | None) -> str:
    raw = str(request.META.get("REMOTE_ADDR", "")) if request is not None else ""
    try:
        ip = ipaddress.ip_address(raw.strip())
    except ValueError:
        return ""
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _username(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def _window() -> timedelta:
    return timedelta(seconds=settings.ACCORD_LOGIN_WINDOW_SECONDS)


def _seconds_left(rows: Q, limit: int) -> int | None:
    """Seconds until fewer than ``limit`` failures matching ``rows`` are in the window."""
    now = timezone.now()
    recent = LoginFailure.objects.filter(rows, created_at__gt=now - _window())
    count = recent.count()
    if count < limit:
        return None
    # The lock lifts when the oldest failures that make up the excess have left the window.
    oldest_needed = recent.order_by("created_at", "id").values_list("created_at", flat=True)[
        count - limit
    ]
    return max(1, math.ceil((oldest_needed + _window() - now).total_seconds()))


def login_lock(*, username: str | None, address: str) -> int | None:
    """Seconds the account or the address must wait before trying again, or None."""
    waits = [_seconds_left(Q(username=_username(username)), settings.ACCORD_LOGIN_MAX_FAILURES)]
    if address:
        waits.append(
            _seconds_left(Q(address=address), settings.ACCORD_LOGIN_MAX_FAILURES_PER_ADDRESS)
        )
    known = [w for w in waits if w is not None]
    return max(known) if known else None


def login_failed(*, username: str | None, address: str) -> None:
    now = timezone.now()
    # What has left the window counts no more: forget it, so the table stays small.
    LoginFailure.objects.filter(created_at__lte=now - _window()).delete()
    LoginFailure.objects.create(username=_username(username), address=address, created_at=now)


def login_succeeded(*, username: str | None) -> None:
    """A full login (password, and the code when asked) clears the account's failures; the
    address keeps its own, or one valid account would reset an address that tries others."""
    LoginFailure.objects.filter(username=_username(username)).delete()


def refused(retry_after: int) -> RateLimited:
    minutes = max(1, math.ceil(retry_after / 60))
    return RateLimited(
        ngettext(
            "Too many failed attempts to log in to this account or from this address. "
            "Try again in %(minutes)d minute.",
            "Too many failed attempts to log in to this account or from this address. "
            "Try again in %(minutes)d minutes.",
            minutes,
        )
        % {"minutes": minutes},
        retry_after=retry_after,
    )
