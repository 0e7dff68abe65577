"""Import a Pol.is conversation (open-data CSV or API JSON export) as a closed consultation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import ValidationFailed
from accord.core.opinions import load_polis_export
from accord.core.opinions.polis_import import PolisImportError
from accord.groups.models import WorkingGroup
from accord.groups.permissions import require

from ..models import Consultation, Participant, Statement, Vote
from ..permissions import IMPORT

BATCH = 5_000
Progress = Callable[[int, int], None]


def _ext(value: Any) -> str:
    return str(value.item() if isinstance(value, np.generic) else value)


def polis_import(
    *,
    actor: Any,
    group: WorkingGroup,
    path: str | Path,
    progress: Progress | None = None,
) -> Consultation:
    """Read a Pol.is export directory and store it, in one transaction, as a closed
    consultation: statements (Pol.is comment ids as ``external_id``; moderated-out comments
    rejected, meta comments flagged), participants (Pol.is participant ids) and their votes
    (the last vote per participant and statement, as Pol.is counts them).

    ``progress(done, total)`` is called after each batch of rows written (statements +
    participants + votes). Parsing is the core's (both CSV header variants, and JSON).
    """
    require(actor, IMPORT, group)
    root = Path(path)
    try:
        conversation = load_polis_export(root)
    except (PolisImportError, OSError, KeyError, ValueError) as exc:
        raise ValidationFailed(
            _("Not a readable Pol.is export: %(exc)s") % {"exc": exc}, fields={"path": "invalid"}
        ) from exc
    matrix = conversation.matrix
    n_p, n_s = matrix.shape
    if n_s == 0:
        raise ValidationFailed(_("The export in %(root)s holds no statements.") % {"root": root})
    report: Progress = progress or (lambda _done, _total: None)
    total = n_s + n_p + matrix.n_votes
    done = 0
    texts = {_ext(s.statement_id): s for s in conversation.statements}
    now = timezone.now()
    with transaction.atomic():
        consultation = Consultation.objects.create(
            group=group,
            question=(conversation.topic or root.name)[:500],
            description=f"Imported from a Pol.is export ({conversation.source}: {root.name}).",
            opened_by=actor,
            opened_at=now,
            status=Consultation.Status.CLOSED,
            closed_at=now,
            source=Consultation.Source.POLIS,
            external_id=root.name[:200],
            moderation_required=True,
        )
        statements = []
        for sid in matrix.statement_ids.tolist():
            ext = _ext(sid)
            meta = texts.get(ext)
            statements.append(
                Statement(
                    consultation=consultation,
                    text=(meta.text if meta and meta.text else f"(Pol.is statement {ext})"),
                    is_meta=bool(meta and meta.is_meta),
                    # Pol.is counts unmoderated comments (0) unless strict moderation; only
                    # moderated-out ones (-1) leave the math.
                    status=(
                        Statement.Status.REJECTED
                        if meta and meta.moderated < 0
                        else Statement.Status.PUBLISHED
                    ),
                    external_id=ext,
                )
            )
        # Rows are created in the matrix's order, so primary keys keep that order and the
        # consultation's map sees exactly the matrix the core read.
        for i in range(0, len(statements), BATCH):
            Statement.objects.bulk_create(statements[i : i + BATCH])
            done += len(statements[i : i + BATCH])
            report(done, total)
        participants = [
            Participant(consultation=consultation, external_id=_ext(pid))
            for pid in matrix.participant_ids.tolist()
        ]
        for i in range(0, len(participants), BATCH):
            Participant.objects.bulk_create(participants[i : i + BATCH])
            done += len(participants[i : i + BATCH])
            report(done, total)
        # Read the keys back: not every backend returns them from bulk_create.
        s_pk = dict(consultation.statements.values_list("external_id", "pk"))
        p_pk = dict(consultation.participants.values_list("external_id", "pk"))
        s_keys = np.asarray([s_pk[_ext(x)] for x in matrix.statement_ids.tolist()], np.int64)
        p_keys = np.asarray([p_pk[_ext(x)] for x in matrix.participant_ids.tolist()], np.int64)
        authors = {
            s_pk[ext]: p_pk[_ext(s.author_id)]
            for ext, s in texts.items()
            if s.author_id is not None and _ext(s.author_id) in p_pk and ext in s_pk
        }
        if authors:
            Statement.objects.bulk_update(
                [Statement(pk=k, author_id=v) for k, v in authors.items()],
                ["author"],
                batch_size=BATCH,
            )
        rows = p_keys[matrix.row_index()]
        cols = s_keys[matrix.indices]
        vals = matrix.votes
        for i in range(0, matrix.n_votes, BATCH):
            Vote.objects.bulk_create(
                Vote(
                    participant_id=int(p),
                    statement_id=int(s),
                    consultation=consultation,
                    value=int(v),
                )
                for p, s, v in zip(
                    rows[i : i + BATCH].tolist(),
                    cols[i : i + BATCH].tolist(),
                    vals[i : i + BATCH].tolist(),
                    strict=True,
                )
            )
            done += min(BATCH, matrix.n_votes - i)
            report(done, total)
        audit_record(
            actor=actor,
            action="accord.consultation.import",
            target=consultation,
            group_id=group.pk,
            data={
                "source": "polis",
                "path": root.name,
                "statements": n_s,
                "participants": n_p,
                "votes": matrix.n_votes,
            },
        )
    return consultation
