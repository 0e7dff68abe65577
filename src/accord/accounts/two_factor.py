"""Two-step login: enrolling, the code at login, one-time recovery codes, turning it off.

The codes are TOTP (``accord.core.totp``) read from an authenticator app; "now" is
``django.utils.timezone.now`` so tests and the demo can set the clock. Whether a role *must*
enrol is a rule of the groups (``accord.groups.two_factor``); this module knows accounts only.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, ValidationFailed
from accord.core import totp

from .models import RecoveryCode, TwoFactor, User

ISSUER = "accord"
# In the session, kept by accord.groups.two_factor's middleware: VERIFIED once the code was
# given at login (or two-step login was just turned on), MUST_ENROL while a role requires it
# and it is off, UNVERIFIED for a session made without the code, NOT_NEEDED otherwise.
SESSION_KEY = "accord_two_factor"
VERIFIED = "verified"
MUST_ENROL = "must_enrol"
UNVERIFIED = "unverified"
NOT_NEEDED = "not_needed"
# Between the password and the code: who, through which backend, since when, going where.
PENDING_KEY = "accord_two_factor_pending"
PENDING_SECONDS = 300
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper and typed


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str

    @property
    def grouped(self) -> str:
        """The secret in groups of four, as people copy it into an app by hand."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


def _hash(code: str) -> str:
    return hashlib.sha256(_normalised(code).encode()).hexdigest()


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _now_seconds() -> float:
    return timezone.now().timestamp()


def is_enrolled(user: User) -> bool:
    return TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()


def enrolment(user: User) -> Enrolment | None:
    """The secret being enrolled (not yet confirmed), to show again on a reload."""
    pending = TwoFactor.objects.filter(user=user, confirmed_at__isnull=True).first()
    if pending is None:
        return None
    return Enrolment(pending.secret, _uri(user, pending.secret))


def _uri(user: User, secret: str) -> str:
    return totp.provisioning_uri(secret, account=user.email or user.get_username(), issuer=ISSUER)


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def two_factor_start(*, user: User) -> Enrolment:
    """A fresh secret to put in the app; on only once ``two_factor_confirm`` sees a code."""
    with transaction.atomic():
        current = TwoFactor.objects.select_for_update().filter(user=user).first()
        if current is not None and current.confirmed_at is not None:
            raise Conflict(_("Two-step login is already on; turn it off first to change it."))
        secret = totp.new_secret()
        TwoFactor.objects.update_or_create(
            user=user,
            defaults={"secret": secret, "created_at": timezone.now(), "last_step": -1},
        )
        audit_record(actor=user, action="accord.two_factor.start", target=user)
    return Enrolment(secret, _uri(user, secret))


def two_factor_confirm(*, user: User, code: str) -> list[str]:
    """Turn it on with one code from the app; returns the recovery codes, shown once."""
    with transaction.atomic():
        pending = TwoFactor.objects.select_for_update().filter(user=user).first()
        if pending is None or pending.confirmed_at is not None:
            raise Conflict(_("Start again: there is no two-step login being set up."))
        step = totp.verify(totp.decode_secret(pending.secret), code, _now_seconds())
        if step is None:
            raise ValidationFailed(
                _(
                    "That is not the code your app shows now: check the app has the secret, and "
                    "that this device's clock is right."
                ),
                fields={"code": _("Not the current code.")},
            )
        pending.confirmed_at = timezone.now()
        pending.last_step = step
        pending.save(update_fields=["confirmed_at", "last_step"])
        codes = _replace_recovery_codes(user)
        audit_record(actor=user, action="accord.two_factor.enable", target=user)
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    return codes


def two_factor_check(*, user: User, code: str) -> bool:
    """Whether ``code`` is the app's current code (used up) or an unused recovery code (used
    up too). Call inside the login's own checks; a False counts as a failed login there."""
    with transaction.atomic():
        factor = (
            TwoFactor.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=False)
            .first()
        )
        if factor is None:
            return False
        step = totp.verify(
            totp.decode_secret(factor.secret), code, _now_seconds(), after_step=factor.last_step
        )
        if step is not None:
            factor.last_step = step
            factor.save(update_fields=["last_step"])
            return True
        recovery = (
            RecoveryCode.objects.select_for_update()
            .filter(user=user, code_hash=_hash(code), used_at__isnull=True)
            .first()
        )
        if recovery is None:
            return False
        recovery.used_at = timezone.now()
        recovery.save(update_fields=["used_at"])
        audit_record(
            actor=user,
            action="accord.two_factor.recovery_code_use",
            target=user,
            data={"left": recovery_codes_left(user)},
        )
    return True


def two_factor_disable(*, user: User, code: str) -> None:
    """Turn it off, proving it is still you with a code (or a recovery code)."""
    with transaction.atomic():
        if not two_factor_check(user=user, code=code):
            raise ValidationFailed(
                _("That code is not right: give the code your app shows now, or a recovery code."),
                fields={"code": _("Not the current code.")},
            )
        TwoFactor.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        audit_record(actor=user, action="accord.two_factor.disable", target=user)
