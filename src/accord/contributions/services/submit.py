"""Submitting a contribution: as a delegation (members and observers) or as the public."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, PermissionDenied, ValidationFailed
from accord.common.ratelimit import rate_limit_hit
from accord.groups.models import Constituency

from ..models import Call, Contribution
from ..rules import submitting_member
from .common import (
    PreparedFile,
    check_window,
    clean_answers,
    content_hash,
    delete_stored,
    index_contribution,
    read_attachments,
    write_answers_and_files,
)

_LIVE = (Contribution.Status.SUBMITTED, Contribution.Status.PUBLISHED)


def _prepare(
    call: Call, answers: Mapping[int, str], uploads: Sequence[UploadedFile]
) -> tuple[dict[int, str], list[PreparedFile]]:
    cleaned = clean_answers(call, answers)
    files = read_attachments(uploads)
    if not cleaned and not files:
        raise ValidationFailed(
            _("Answer at least one question or attach a document."), fields={"answers": "required"}
        )
    return cleaned, files


def _create(
    *,
    actor: Any,
    call: Call,
    fields: dict[str, Any],
    answers: dict[int, str],
    files: list[PreparedFile],
    duplicate_of: dict[str, Any],
    duplicate_message: str,
) -> Contribution:
    """One transaction for the row, its answers, its files and its index entry."""
    saved: list[str] = []
    try:
        with transaction.atomic():
            digest = content_hash(answers, files)
            if Contribution.objects.filter(
                call=call, content_hash=digest, status__in=_LIVE, **duplicate_of
            ).exists():
                raise Conflict(duplicate_message)
            contribution = Contribution.objects.create(call=call, content_hash=digest, **fields)
            write_answers_and_files(contribution, answers, files, saved)
            index_contribution(contribution)
            audit_record(
                actor=actor,
                action="accord.contribution.submit",
                target=contribution,
                group_id=call.group_id,
                data={
                    "call": call.pk,
                    "member": contribution.member_id,
                    "late": contribution.is_late,
                    "source": contribution.source,
                    "attachments": [f.sha256 for f in files],
                },
            )
    except BaseException:
        delete_stored(saved)
        raise
    return contribution


def contribution_submit(
    *,
    actor: Any,
    call: Call,
    answers: Mapping[int, str],
    uploads: Sequence[UploadedFile] = (),
    source: str = Contribution.Source.WEB,
    now: datetime | None = None,
) -> Contribution:
    """Submit for the delegation the actor acts for (``member_for_user``).

    ``answers`` maps question numbers to text (empty ones are dropped). After the deadline a
    call with ``accept_late`` takes the contribution and flags it ``is_late``; otherwise
    ``Gone`` (410). Raises ValidationFailed / PayloadTooLarge for bad answers or files and
    Conflict for the same content sent twice by the same member; nothing is written then.
    """
    member, _public = submitting_member(actor=actor, call=call)
    now = now or timezone.now()
    is_late = check_window(call, now)
    cleaned, files = _prepare(call, answers, uploads)
    return _create(
        actor=actor,
        call=call,
        fields={
            "member": member,
            "submitted_by": actor,
            "is_late": is_late,
            "submitted_at": now,
            "source": source,
            "title": f"{member.name} — {call.title}",
        },
        answers=cleaned,
        files=files,
        duplicate_of={"member": member},
        duplicate_message=f"{member.name} has already sent this same contribution to this call.",
    )


def contribution_submit_public(
    *,
    call: Call,
    name: str,
    affiliation: str,
    email: str,
    constituency: Constituency | None,
    answers: Mapping[int, str],
    client_ip: str,
    uploads: Sequence[UploadedFile] = (),
    honeypot: str = "",
    actor: Any = None,
    now: datetime | None = None,
) -> Contribution:
    """A contribution from the public: name, affiliation, e-mail, self-identified constituency.

    ``constituency`` None means "Other / general public". ``honeypot`` is the hidden field's
    value: filled in means a robot, refused with a neutral message. At most
    ``ACCORD_PUBLIC_SUBMISSIONS_PER_HOUR`` per ``client_ip`` (RateLimited, 429).
    """
    if honeypot.strip():
        raise ValidationFailed(_("Your submission could not be accepted."), code="rejected")
    if not call.allow_public:
        raise PermissionDenied(_("This call does not take contributions from the public."))
    now = now or timezone.now()
    is_late = check_window(call, now)
    errors = {}
    name, affiliation, email = name.strip(), affiliation.strip(), email.strip()
    if not name:
        errors["name"] = _("Enter your name.")
    if not affiliation:
        errors["affiliation"] = _("Enter your organisation, or 'none'.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    if constituency is not None and constituency.group_id != call.group_id:
        errors["constituency"] = _("Choose one of this group's constituencies.")
    if errors:
        raise ValidationFailed(" ".join(errors.values()), fields=errors)
    cleaned, files = _prepare(call, answers, uploads)
    rate_limit_hit(
        f"contributions:public:{client_ip}",
        limit=settings.ACCORD_PUBLIC_SUBMISSIONS_PER_HOUR,
        window_seconds=3600,
        message=_("Too many submissions from your network address; please try again later."),
    )
    title_author = f"{name} ({affiliation})" if affiliation else name
    return _create(
        actor=actor,
        call=call,
        fields={
            "public_name": name[:200],
            "public_affiliation": affiliation[:300],
            "public_email": email,
            "public_constituency": constituency,
            "submitted_by": actor if getattr(actor, "is_authenticated", False) else None,
            "is_late": is_late,
            "submitted_at": now,
            "source": Contribution.Source.WEB,
            "title": f"{title_author} — {call.title}"[:400],
        },
        answers=cleaned,
        files=files,
        duplicate_of={"member__isnull": True, "public_email__iexact": email},
        duplicate_message="You have already sent this same contribution to this call.",
    )
