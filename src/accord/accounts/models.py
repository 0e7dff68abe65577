"""People who log in. A position or a contribution belongs to a member (a delegation), never to
a login: users act for a member through a role in ``accord.groups``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=200, blank=True)
    # IANA zone for showing deadlines ("Asia/Manila"); empty: the zone the deadline was set in.
    time_zone = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token for the API's write calls; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    key_prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class LoginFailure(models.Model):
    """One failed login (a wrong password or a wrong second-step code), kept for the throttle's
    window. In the database, so every process of the server counts the same failures."""

    username = models.CharField(max_length=150, db_index=True)  # as typed, lower-cased
    address = models.CharField(max_length=64, blank=True, db_index=True)  # IPv6: its /64
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.username} from {self.address or '?'} at {self.created_at:%Y-%m-%d %H:%M}"


class TwoFactor(models.Model):
    """A person's second login step: a TOTP secret shared with their authenticator app.

    Made unconfirmed when they start enrolling; on from the moment one code proves the app
    has the secret (``confirmed_at``). ``last_step`` is the time step of the last code used,
    so a code once used cannot be used again.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor"
    )
    secret = models.CharField(max_length=64)  # base32
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=-1)

    def __str__(self) -> str:
        return f"two-step login of {self.user} ({'on' if self.confirmed_at else 'enrolling'})"


class RecoveryCode(models.Model):
    """A one-time code that stands in for the app's code (a lost phone); only its SHA-256 is
    kept, as for API tokens: the codes are random enough that no slow hash is needed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_once"),
        ]

    def __str__(self) -> str:
        return f"recovery code of {self.user}{' (used)' if self.used_at else ''}"
