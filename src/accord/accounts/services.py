"""Account writes: users and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, ValidationFailed

from .models import ApiToken, User


def user_create(
    *,
    username: str,
    email: str,
    password: str | None = None,
    display_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    email = email.strip().lower()
    if not email or "@" not in email:
        raise ValidationFailed(_("Enter a valid e-mail address."), fields={"email": "invalid"})
    with transaction.atomic():
        if (
            User.objects.filter(email__iexact=email).exists()
            or User.objects.filter(username=username).exists()
        ):
            raise Conflict(_("An account for %(email)s already exists.") % {"email": email})
        user = User(
            username=username,
            email=email,
            display_name=display_name,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        audit_record(actor=None, action="accord.user.create", target=user, data={"email": email})
    return user


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is shown once and never stored."""
    key = "acc_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100] or "token", key_prefix=key[:8], key_hash=_hash(key)
        )
        audit_record(actor=user, action="accord.api_token.create", target=token)
    return token, key


def api_token_authenticate(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_token_revoke(*, user: User, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when there is no such live token."""
    with transaction.atomic():
        token = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).first()
        if token is None:
            return False
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=user, action="accord.api_token.revoke", target=token)
    return True


def user_set_time_zone(*, user: User, time_zone: str) -> User:
    """The zone a person reads deadlines in (IANA name; empty: the zone a deadline was set in)."""
    from zoneinfo import available_timezones

    from django.utils.translation import gettext as _

    time_zone = (time_zone or "").strip()
    if time_zone and time_zone not in available_timezones():
        raise ValidationFailed(
            _("Unknown time zone “%(zone)s”: give an IANA name such as Asia/Manila.")
            % {"zone": time_zone},
            fields={"time_zone": _("Unknown time zone.")},
        )
    with transaction.atomic():
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])
        audit_record(
            actor=user, action="accord.user.set_time_zone", target=user, data={"zone": time_zone}
        )
    return user
