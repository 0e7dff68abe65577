"""Short live updates posted during a meeting."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import ValidationFailed
from accord.groups.models import WorkingGroup
from accord.groups.permissions import require

from ..models import LIVE_POST_MAX_CHARS, LivePost, Meeting


def live_post_create(
    *, actor: Any, group: WorkingGroup, body: str, meeting: Meeting | None = None
) -> LivePost:
    require(actor, "meetings.post_live", group)
    body = body.strip()
    if not body:
        raise ValidationFailed(_("Write the update first."), fields={"body": "required"})
    if len(body) > LIVE_POST_MAX_CHARS:
        raise ValidationFailed(
            _("A live update is at most %(LIVE_POST_MAX_CHARS)s characters; this one has %(len)s.")
            % {"LIVE_POST_MAX_CHARS": LIVE_POST_MAX_CHARS, "len": len(body)},
            fields={"body": "too_long"},
        )
    if meeting is not None and meeting.group_id != group.pk:
        raise ValidationFailed(
            _("That meeting belongs to another group."), fields={"meeting": "invalid"}
        )
    with transaction.atomic():
        post = LivePost.objects.create(group=group, meeting=meeting, body=body, posted_by=actor)
        audit_record(
            actor=actor,
            action="accord.live_post.create",
            target=post,
            group_id=group.pk,
            data={"meeting": meeting.number if meeting else None},
        )
    return post
