"""Who is voting (member, person, anonymous browser) and casting votes (append-only)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accord.common.errors import Gone, NotFound, PermissionDenied, ValidationFailed
from accord.common.ratelimit import rate_limit_hit
from accord.groups.permissions import can
from accord.groups.selectors import member_for_user

from ..models import Consultation, Participant, Statement, Vote
from ..permissions import SUBMIT, VOTE
from ..selectors import consultation_is_open

ANON_VOTES_PER_MINUTE = 60
ANON_STATEMENTS_PER_HOUR = 10
VALUES = {1, 0, -1}


def new_anon_token() -> str:
    """A random token for an anonymous browser (the view keeps it in a signed cookie)."""
    return secrets.token_urlsafe(24)


def _anon_key(token: str) -> str:
    # Only a hash is stored: a leaked table cannot be replayed as cookies.
    return hashlib.sha256(token.encode()).hexdigest()


def _is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def participant_for_request(
    *,
    consultation: Consultation,
    user: Any,
    anon_token: str | None = None,
    create: bool = False,
) -> Participant | None:
    """The participant a request acts as, created on first use when ``create``.

    A delegate (or an observer acting for a member) takes part as that member: all the
    delegation's people share one participant. Other signed-in people take part as themselves;
    anonymous browsers by the token in their cookie. ``None`` when there is nobody to be yet.
    """
    lookup: dict[str, Any]
    defaults: dict[str, Any] = {}
    if _is_signed_in(user):
        member = member_for_user(user=user, group=consultation.group)
        if member is not None:
            lookup = {"member": member}
            defaults = {"user": user}
        else:
            lookup = {"user": user, "member__isnull": True}
    elif anon_token:
        lookup = {"anon_key": _anon_key(anon_token)}
    else:
        return None
    found = consultation.participants.filter(**lookup).first()
    if found is not None or not create:
        return found
    fields = {k: v for k, v in lookup.items() if not k.endswith("__isnull")}
    try:
        # A savepoint: two first votes racing from one browser must not break the caller's
        # transaction; the loser reads the winner's row.
        with transaction.atomic():
            return Participant.objects.create(consultation=consultation, **fields, **defaults)
    except IntegrityError:
        return consultation.participants.get(**lookup)


def ensure_may_take_part(actor: Any, consultation: Consultation, *, action: str) -> None:
    """People with a role in the group always may; the public only if the consultation lets
    them (voting: ``allow_public``; statements: ``allow_public_statements`` as well)."""
    if can(actor, action, consultation.group):
        return
    public_ok = consultation.allow_public and (
        action != SUBMIT or consultation.allow_public_statements
    )
    if not public_ok:
        what = "vote" if action == VOTE else "submit statements"
        raise PermissionDenied(
            _("Only the group's members and officers may %(what)s in this consultation.")
            % {"what": what}
        )


def ensure_open(consultation: Consultation) -> None:
    if not consultation_is_open(consultation):
        raise Gone(_("This consultation is closed: it no longer takes votes or statements."))


def vote_cast(
    *,
    actor: Any,
    consultation: Consultation,
    statement_id: int,
    value: int,
    anon_token: str | None = None,
    client_ip: str = "",
) -> Vote:
    """Record a vote (1 agree, -1 disagree, 0 pass). Voting again on the same statement adds a
    row; the latest one counts. Closed → Gone (410); unknown or unpublished statement →
    NotFound; the public only when ``allow_public``; anonymous votes are rate-limited per IP."""
    if value not in VALUES:
        raise ValidationFailed(
            _("A vote is 1 (agree), -1 (disagree) or 0 (pass)."), fields={"value": "invalid"}
        )
    ensure_open(consultation)
    statement = consultation.statements.filter(
        pk=statement_id, status=Statement.Status.PUBLISHED
    ).first()
    if statement is None:
        raise NotFound(_("No such statement in this consultation."))
    ensure_may_take_part(actor, consultation, action=VOTE)
    if not _is_signed_in(actor):
        if not anon_token:
            raise ValidationFailed(_("Anonymous voting needs cookies: enable them and try again."))
        rate_limit_hit(
            f"consult-vote:{client_ip or 'unknown'}",
            limit=ANON_VOTES_PER_MINUTE,
            window_seconds=60,
            message=_("Too many votes from this network in a minute; wait a moment and go on."),
        )
    with transaction.atomic():
        participant = participant_for_request(
            consultation=consultation, user=actor, anon_token=anon_token, create=True
        )
        assert participant is not None
        return Vote.objects.create(
            participant=participant, statement=statement, consultation=consultation, value=value
        )
