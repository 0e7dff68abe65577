"""Statement consultations and their opinion maps.

Members vote with a token (as their delegation); anonymous public voting stays on the web page,
where a signed cookie identifies the browser.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status

from accord.consultations import selectors, services
from accord.consultations.forms import StatementForm
from accord.consultations.models import Consultation, Statement
from accord.consultations.presenters import StatementStat, opinion_map_view
from accord.groups import selectors as group_selectors

from .auth import token_auth, viewer
from .errors import ErrorBody
from .fields import Id, form_limit
from .pagination import Rows, paginated

router = Router(tags=["consultations"])

READ_ERRORS = {404: ErrorBody}
WRITE_ERRORS = {
    400: ErrorBody,
    403: ErrorBody,
    404: ErrorBody,
    409: ErrorBody,
    410: ErrorBody,
    429: ErrorBody,
}


class ConsultationOut(Schema):
    id: int
    question: str
    description: str
    is_open: bool
    opened_at: datetime
    closes_at: datetime | None
    closed_at: datetime | None
    allow_public: bool
    allow_public_statements: bool
    moderation_required: bool
    source: str


class StatementOut(Schema):
    id: int
    text: str
    is_seed: bool
    status: str
    external_id: str


class StatementIn(Schema):
    text: Annotated[str, form_limit(StatementForm, "text")]


class VoteIn(Schema):
    statement: Id
    value: int


class VoteOut(Schema):
    participant: int
    statement: int
    value: int
    cast_at: datetime


class PointOut(Schema):
    participant: int
    label: str
    constituency: str
    x: float
    y: float
    group: int


class RepOut(Schema):
    statement: int
    text: str
    direction: str
    n_success: int
    n_trials: int
    percent: int | None
    others_percent: int | None


class OpinionGroupOut(Schema):
    group: int
    label: str
    size: int
    representative: list[RepOut]


class StatStatementOut(Schema):
    statement: int
    text: str
    kind: str
    percent: int | None
    detail: str


class BridgingOut(Schema):
    statement: int
    text: str
    score: float


class OpinionMapOut(Schema):
    status: str
    message: str
    n_participants: int
    n_statements: int
    n_votes: int
    groups: list[OpinionGroupOut]
    points: list[PointOut]
    consensus: list[StatStatementOut]
    group_aware_consensus: list[StatStatementOut]
    bridging: list[BridgingOut]


def _consultation_out(c: Consultation) -> ConsultationOut:
    return ConsultationOut(
        id=c.pk,
        question=c.question,
        description=c.description,
        is_open=selectors.consultation_is_open(c),
        opened_at=c.opened_at,
        closes_at=c.closes_at,
        closed_at=c.closed_at,
        allow_public=c.allow_public,
        allow_public_statements=c.allow_public_statements,
        moderation_required=c.moderation_required,
        source=c.source,
    )


def _statement_out(s: Statement) -> StatementOut:
    return StatementOut(
        id=s.pk, text=s.text, is_seed=s.is_seed, status=s.status, external_id=s.external_id
    )


def _get(request: HttpRequest, slug: str, consultation_id: int, who: object) -> Consultation:
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=who)
    return selectors.consultation_get_for_viewer(viewer=who, group=group, pk=consultation_id)


def _finite(x: float) -> float:
    return float(x) if math.isfinite(x) else 0.0


@router.get("/groups/{slug}/consultations", response={200: list[ConsultationOut], **READ_ERRORS})
@paginated
def consultation_list(request: HttpRequest, slug: str) -> Rows:
    who = viewer(request)
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=who)
    return Rows(
        selectors.consultation_list_for_viewer(viewer=who, group=group), each=_consultation_out
    )


@router.get(
    "/groups/{slug}/consultations/{consultation_id}",
    response={200: ConsultationOut, **READ_ERRORS},
)
def consultation_detail(request: HttpRequest, slug: str, consultation_id: int) -> ConsultationOut:
    return _consultation_out(_get(request, slug, consultation_id, viewer(request)))


@router.get(
    "/groups/{slug}/consultations/{consultation_id}/statements",
    response={200: list[StatementOut], **READ_ERRORS},
)
@paginated
def statement_list(request: HttpRequest, slug: str, consultation_id: int) -> Rows:
    """Published statements, in order."""
    consultation = _get(request, slug, consultation_id, viewer(request))
    return Rows(selectors.statement_list(consultation=consultation), each=_statement_out)


@router.post(
    "/groups/{slug}/consultations/{consultation_id}/statements",
    response={201: StatementOut, **WRITE_ERRORS},
    auth=token_auth,
)
def statement_submit(
    request: HttpRequest, slug: str, consultation_id: int, payload: StatementIn
) -> Status[StatementOut]:
    """Submit a statement (status "submitted" while it waits for moderation)."""
    consultation = _get(request, slug, consultation_id, request.user)
    statement = services.statement_submit(
        actor=request.user, consultation=consultation, text=payload.text
    )
    return Status(201, _statement_out(statement))


@router.post(
    "/groups/{slug}/consultations/{consultation_id}/votes",
    response={201: VoteOut, **WRITE_ERRORS},
    auth=token_auth,
)
def vote_cast(
    request: HttpRequest, slug: str, consultation_id: int, payload: VoteIn
) -> Status[VoteOut]:
    """Vote 1 (agree), -1 (disagree) or 0 (pass); a delegate votes as their delegation. Voting
    again on a statement replaces the earlier vote. A closed consultation answers 410."""
    consultation = _get(request, slug, consultation_id, request.user)
    vote = services.vote_cast(
        actor=request.user,
        consultation=consultation,
        statement_id=payload.statement,
        value=payload.value,
    )
    return Status(
        201,
        VoteOut(
            participant=vote.participant_id,
            statement=vote.statement_id,
            value=vote.value,
            cast_at=vote.cast_at,
        ),
    )


@router.get(
    "/groups/{slug}/consultations/{consultation_id}/map",
    response={200: OpinionMapOut, **READ_ERRORS},
)
def opinion_map(request: HttpRequest, slug: str, consultation_id: int) -> OpinionMapOut:
    """The opinion map: ``status`` "ok" or "not_enough_votes" (then ``message`` says why and
    ``groups`` is empty). Point coordinates are the raw projection (unitless)."""
    consultation = _get(request, slug, consultation_id, viewer(request))
    result, matrix = selectors.opinion_map_for_consultation(consultation)
    texts, labels, constituencies = selectors.map_labels(consultation)
    view = opinion_map_view(result, texts, labels, constituencies, matrix=matrix)
    pids = [int(p) for p in result.participant_ids.tolist()]
    return OpinionMapOut(
        status=view.status,
        message=view.message,
        n_participants=view.n_participants,
        n_statements=view.n_statements,
        n_votes=view.n_votes,
        groups=[
            OpinionGroupOut(
                group=g.group,
                label=g.label,
                size=g.size,
                representative=[
                    RepOut(
                        statement=int(str(r.statement_id)),
                        text=r.text,
                        direction=r.direction,
                        n_success=r.n_success,
                        n_trials=r.n_trials,
                        percent=r.percent,
                        others_percent=r.others_percent,
                    )
                    for r in g.representative
                ],
            )
            for g in view.groups
        ],
        points=[
            PointOut(
                participant=pid,
                label=labels.get(pid, ""),
                constituency=constituencies.get(pid, ""),
                x=_finite(float(result.projection[i, 0])),
                y=_finite(float(result.projection[i, 1])),
                group=int(result.labels[i]),
            )
            for i, pid in enumerate(pids)
        ],
        consensus=[_stat(s) for s in view.unites],
        group_aware_consensus=[_stat(s) for s in view.group_consensus],
        bridging=[
            BridgingOut(
                statement=int(str(s.statement_id)),
                text=s.text,
                score=_finite(result.bridging.score_of(s.statement_id)),
            )
            for s in view.bridging
            if result.bridging is not None
        ],
    )


def _stat(s: StatementStat) -> StatStatementOut:
    return StatStatementOut(
        statement=int(str(s.statement_id)),
        text=s.text,
        kind=s.kind,
        percent=s.percent,
        detail=s.detail,
    )
