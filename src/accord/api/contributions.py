"""Calls for contributions and contributions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status

from accord.contributions import selectors, services
from accord.contributions.forms import CallForm
from accord.contributions.models import Answer, Call, Contribution
from accord.contributions.rules import constituency_facet
from accord.groups import selectors as group_selectors

from .auth import token_auth, viewer
from .errors import ErrorBody
from .fields import Id, IsoDateTime, Number, form_limit
from .pagination import Rows, paginated

router = Router(tags=["contributions"])

WRITE_ERRORS = {
    400: ErrorBody,
    403: ErrorBody,
    404: ErrorBody,
    409: ErrorBody,
    410: ErrorBody,
    413: ErrorBody,
    429: ErrorBody,
}


class QuestionOut(Schema):
    number: int
    text: str


class CallOut(Schema):
    id: int
    title: str
    description: str
    opens_at: datetime
    closes_at: datetime
    state: str
    allow_members: bool
    allow_observers: bool
    allow_public: bool
    accept_late: bool
    questions: list[QuestionOut]


class CallIn(Schema):
    title: Annotated[str, form_limit(CallForm, "title")]
    description: str = ""
    opens_at: IsoDateTime
    closes_at: IsoDateTime
    questions: list[str]
    allow_members: bool = True
    allow_observers: bool = True
    allow_public: bool = False
    accept_late: bool = True


class AnswerOut(Schema):
    question: int
    text: str


class AttachmentOut(Schema):
    name: str
    kind: str
    size: int
    url: str


class ContributionOut(Schema):
    id: int
    call: int
    title: str
    author: str
    member: str | None
    constituency: str
    constituency_name: str
    status: str
    is_late: bool
    source: str
    submitted_at: datetime
    published_at: datetime | None
    url: str
    answers: list[AnswerOut]
    attachments: list[AttachmentOut]


class SubmittedOut(ContributionOut):
    notice: str


class AnswerIn(Schema):
    question: Number
    text: str


class ContributionIn(Schema):
    answers: list[AnswerIn]


class ModerationIn(Schema):
    action: str
    reason: str = ""


def _call_out(call: Call) -> CallOut:
    return CallOut(
        id=call.pk,
        title=call.title,
        description=call.description,
        opens_at=call.opens_at,
        closes_at=call.closes_at,
        state=selectors.call_state(call),
        allow_members=call.allow_members,
        allow_observers=call.allow_observers,
        allow_public=call.allow_public,
        accept_late=call.accept_late,
        questions=[QuestionOut(number=q.number, text=q.text) for q in call.questions.all()],
    )


def _contribution_out(request: HttpRequest, c: Contribution) -> dict[str, object]:
    slug, name = constituency_facet(c)
    kwargs = {"group_slug": c.call.group.slug, "pk": c.pk}
    return {
        "id": c.pk,
        "call": c.call_id,
        "title": c.title,
        "author": c.member.name if c.member else c.public_name,
        "member": c.member.slug if c.member else None,
        "constituency": slug,
        "constituency_name": name,
        "status": c.status,
        "is_late": c.is_late,
        "source": c.source,
        "submitted_at": c.submitted_at,
        "published_at": c.published_at,
        "url": request.build_absolute_uri(reverse("contributions:detail", kwargs=kwargs)),
        "answers": [
            {"question": a.question.number, "text": a.text}
            # Prefetched with their questions where a list or a detail reads them.
            for a in sorted(c.answers.all(), key=lambda a: a.question.number)
        ],
        "attachments": [
            {
                "name": a.original_name,
                "kind": a.kind,
                "size": a.size,
                "url": request.build_absolute_uri(
                    reverse("contributions:attachment", kwargs={**kwargs, "attachment_id": a.pk})
                ),
            }
            for a in c.attachments.all()
        ],
    }


@router.get("/groups/{slug}/calls", response={200: list[CallOut], 404: ErrorBody})
@paginated
def call_list(request: HttpRequest, slug: str) -> Rows:
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=viewer(request))
    return Rows(selectors.call_list(group=group), each=_call_out)


@router.get("/groups/{slug}/calls/{call_id}", response={200: CallOut, 404: ErrorBody})
def call_detail(request: HttpRequest, slug: str, call_id: int) -> CallOut:
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=viewer(request))
    return _call_out(selectors.call_get(group=group, pk=call_id))


@router.post("/groups/{slug}/calls", response={201: CallOut, **WRITE_ERRORS}, auth=token_auth)
def call_create(request: HttpRequest, slug: str, payload: CallIn) -> Status[CallOut]:
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=request.user)
    call = services.call_create(actor=request.user, group=group, **payload.dict())
    return Status(201, _call_out(call))


@router.get(
    "/groups/{slug}/contributions",
    response={200: list[ContributionOut], 404: ErrorBody},
)
@paginated
def contribution_list(
    request: HttpRequest,
    slug: str,
    constituency: str = "",
    question: Number | None = None,
    status: str = "",
    call: Id | None = None,
) -> Rows:
    """Published contributions; with a member's token, ``status`` may also be submitted,
    withdrawn, rejected or 'all'."""
    who = viewer(request)
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=who)
    the_call = selectors.call_get(group=group, pk=call) if call is not None else None
    contributions = selectors.contribution_list_for_viewer(
        viewer=who,
        group=group,
        constituency=constituency,
        question=question,
        status=status,
        call=the_call,
    )
    # Each page's rows with their answers and attachments: three queries a page.
    contributions = contributions.select_related("call__group").prefetch_related(
        "attachments",
        Prefetch("answers", queryset=Answer.objects.select_related("question")),
    )
    return Rows(contributions, each=lambda c: _contribution_out(request, c))


@router.get(
    "/groups/{slug}/contributions/{contribution_id}",
    response={200: ContributionOut, 404: ErrorBody},
)
def contribution_detail(request: HttpRequest, slug: str, contribution_id: int) -> dict[str, object]:
    who = viewer(request)
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=who)
    contribution = selectors.contribution_get_for_viewer(
        viewer=who, group=group, pk=contribution_id
    )
    return _contribution_out(request, contribution)


@router.post(
    "/groups/{slug}/calls/{call_id}/contributions",
    response={201: SubmittedOut, **WRITE_ERRORS},
    auth=token_auth,
)
def contribution_submit(
    request: HttpRequest, slug: str, call_id: int, payload: ContributionIn
) -> Status[dict[str, object]]:
    """Submit as the delegation the token's user acts for. A late contribution to a call that
    accepts late ones is taken and flagged; ``notice`` then says so."""
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=request.user)
    call = selectors.call_get(group=group, pk=call_id)
    answers: dict[int, str] = {}
    for answer in payload.answers:
        answers[answer.question] = answers.get(answer.question, "") + answer.text
    contribution = services.contribution_submit(
        actor=request.user,
        call=call,
        answers=answers,
        source=Contribution.Source.API,
    )
    body = _contribution_out(request, contribution)
    return Status(201, {**body, "notice": services.late_notice(contribution)})


@router.post(
    "/groups/{slug}/contributions/{contribution_id}/moderation",
    response={200: ContributionOut, **WRITE_ERRORS},
    auth=token_auth,
)
def contribution_moderate(
    request: HttpRequest, slug: str, contribution_id: int, payload: ModerationIn
) -> dict[str, object]:
    """``action``: publish, reject (reason required) or withdraw (reason required)."""
    group = group_selectors.group_get_for_viewer(slug=slug, viewer=request.user)
    contribution = selectors.contribution_get_for_viewer(
        viewer=request.user, group=group, pk=contribution_id
    )
    contribution = services.contribution_moderate(
        actor=request.user, contribution=contribution, action=payload.action, reason=payload.reason
    )
    return _contribution_out(request, contribution)
