"""Audit events: who changed what, when; a hash chain makes tampering visible."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from .models import AuditEvent


def _digest(
    prev_hash: str,
    action: str,
    object_type: str,
    object_id: str,
    actor_id: int | None,
    group_id: int | None,
    data: dict[str, Any],
    created_at: str,
) -> str:
    payload = json.dumps(
        [prev_hash, action, object_type, object_id, actor_id, group_id, data, created_at],
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    group_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append ``accord.<entity>.<verb>`` for ``target``; call inside the service's transaction."""
    assert transaction.get_connection().in_atomic_block, "audit_record runs inside a service"
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    _lock_chain_head()
    previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""
    created_at = timezone.now()
    payload = json.loads(json.dumps(data or {}, default=str))
    object_type = target._meta.label_lower
    object_id = str(target.pk)
    return AuditEvent.objects.create(
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        group_id=group_id,
        data=payload,
        created_at=created_at,
        prev_hash=previous,
        hash=_digest(
            previous,
            action,
            object_type,
            object_id,
            actor_id,
            group_id,
            payload,
            created_at.isoformat(),
        ),
    )


# The advisory lock that orders appends to the chain on PostgreSQL (any constant the app owns).
CHAIN_LOCK_KEY = 0x_ACC0_4D17


def _lock_chain_head() -> None:
    """Hold the chain's head until this transaction ends, so that concurrent writes append
    one after the other instead of both chaining to the same head (a fork).

    On PostgreSQL, under READ COMMITTED, two transactions would both read the same newest
    event: a transaction-level advisory lock queues them, and the next one reads the head the
    previous one committed. SQLite needs nothing: its writers already queue (BEGIN IMMEDIATE,
    a single writer). The unique ``prev_hash`` constraint refuses a fork whatever happens.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def audit_verify() -> tuple[bool, int | None]:
    """Recompute the chain; return (ok, id of the first broken event or None)."""
    previous = ""
    for event in AuditEvent.objects.order_by("id").iterator():
        expected = _digest(
            previous,
            event.action,
            event.object_type,
            event.object_id,
            event.actor_id,
            event.group_id,
            event.data,
            event.created_at.isoformat(),
        )
        if event.prev_hash != previous or event.hash != expected:
            return False, event.id
        previous = event.hash
    return True, None
