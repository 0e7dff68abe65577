"""Thin views: parse, call a service or selector, render; errors become pages with a status."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accord.common.errors import (
    ApplicationError,
    NotFound,
    PermissionDenied,
    RateLimited,
    ValidationFailed,
)
from accord.common.htmx import render_page_or_partial
from accord.groups import selectors as group_selectors
from accord.groups.models import WorkingGroup
from accord.groups.permissions import can

from . import selectors, services
from .forms import ConsultationForm, ModerationForm, StatementForm, VoteForm
from .models import Consultation
from .permissions import CLOSE, MODERATE, OPEN
from .presenters import opinion_map_view

COOKIE = "accord_participant"
COOKIE_SALT = "accord.consultations.participant"
COOKIE_AGE = 365 * 24 * 60 * 60


def _group(request: HttpRequest, slug: str) -> WorkingGroup:
    try:
        return group_selectors.group_get_for_viewer(slug=slug, viewer=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _consultation(request: HttpRequest, group: WorkingGroup, pk: int) -> Consultation:
    try:
        return selectors.consultation_get_for_viewer(viewer=request.user, group=group, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _error_page(request: HttpRequest, group: WorkingGroup, exc: ApplicationError) -> HttpResponse:
    if isinstance(exc, NotFound):
        raise Http404(exc.message)
    response = render(
        request, "consultations/error.html", {"group": group, "error": exc}, status=exc.status
    )
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    return response


def _anon_token(request: HttpRequest) -> str | None:
    token = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)
    return str(token) if token else None


def _keep_token(request: HttpRequest, response: HttpResponse, token: str | None) -> HttpResponse:
    if token and token != _anon_token(request):
        response.set_signed_cookie(
            COOKIE, token, salt=COOKIE_SALT, max_age=COOKIE_AGE, httponly=True, samesite="Lax"
        )
    return response


def _ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def consultation_list(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _group(request, group_slug)
    consultations = selectors.consultation_list_for_viewer(viewer=request.user, group=group)
    return render(
        request,
        "consultations/consultation_list.html",
        {
            "group": group,
            "consultations": [(c, selectors.consultation_is_open(c)) for c in consultations],
            "can_open": can(request.user, OPEN, group),
        },
    )


@require_http_methods(["GET", "POST"])
def consultation_open(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _group(request, group_slug)
    if not can(request.user, OPEN, group):
        return _error_page(
            request,
            group,
            PermissionDenied(_("Only the chair or the secretariat can open a consultation.")),
        )
    form = ConsultationForm(request.POST or None)
    context: dict[str, Any] = {"group": group, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.consultation_open(
                actor=request.user,
                group=group,
                question=data["question"],
                description=data["description"],
                seed_statements=form.seeds(),
                allow_public=data["allow_public"],
                allow_public_statements=data["allow_public_statements"],
                moderation_required=data["moderation_required"],
                closes_at=data["closes_at"],
            )
        except ApplicationError as exc:
            context["error"] = exc
            return render(
                request, "consultations/consultation_form.html", context, status=exc.status
            )
        messages.success(request, _("The consultation is open."))
        return redirect("consultations:detail", group_slug=group.slug, pk=consultation.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "consultations/consultation_form.html", context, status=status)


def consultation_detail(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = _group(request, group_slug)
    consultation = _consultation(request, group, pk)
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "group": group,
            "consultation": consultation,
            "is_open": selectors.consultation_is_open(consultation),
            "statements": selectors.statement_list(consultation=consultation),
            "n_waiting": selectors.moderation_queue(
                viewer=request.user, consultation=consultation
            ).count(),
            "can_close": can(request.user, CLOSE, group),
            "can_moderate": can(request.user, MODERATE, group),
        },
    )


def _vote_context(
    request: HttpRequest, group: WorkingGroup, consultation: Consultation, token: str | None
) -> dict[str, Any]:
    participant = services.participant_for_request(
        consultation=consultation, user=request.user, anon_token=token
    )
    mine = selectors.votes_of(participant)
    statements = list(selectors.statement_list(consultation=consultation))
    return {
        "group": group,
        "consultation": consultation,
        "is_open": selectors.consultation_is_open(consultation),
        "statement": selectors.next_statement_for(
            consultation=consultation, participant=participant
        ),
        "voted": [(s, mine[s.pk]) for s in statements if s.pk in mine],
        "n_statements": len(statements),
        "n_voted": len(mine),
    }


@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    """One statement at a time. A POST from htmx gets the next statement's card back; a plain
    POST is redirected to this page (which then shows the next statement)."""
    group = _group(request, group_slug)
    consultation = _consultation(request, group, pk)
    token = _anon_token(request)
    if request.method == "GET":
        context = _vote_context(request, group, consultation, token)
        return render_page_or_partial(request, "consultations/vote.html", context, "card")
    form = VoteForm(request.POST)
    token = token or (None if request.user.is_authenticated else services.new_anon_token())
    try:
        if not form.is_valid():
            raise ValidationFailed(_("Choose agree, disagree or pass on a statement."))
        services.vote_cast(
            actor=request.user,
            consultation=consultation,
            statement_id=form.cleaned_data["statement"],
            value=form.cleaned_data["value"],
            anon_token=token,
            client_ip=_ip(request),
        )
    except ApplicationError as exc:
        if not getattr(request, "htmx", False):
            return _error_page(request, group, exc)
        context = {**_vote_context(request, group, consultation, token), "error": exc}
        response = render_page_or_partial(
            request, "consultations/vote.html", context, "card", status=exc.status
        )
        return _keep_token(request, response, token)
    if getattr(request, "htmx", False):
        context = {**_vote_context(request, group, consultation, token), "recorded": True}
        response = render_page_or_partial(request, "consultations/vote.html", context, "card")
    else:
        messages.success(request, _("Your vote was recorded."))
        response = redirect("consultations:vote", group_slug=group.slug, pk=consultation.pk)
    return _keep_token(request, response, token)


@require_http_methods(["GET", "POST"])
def statement_submit(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = _group(request, group_slug)
    consultation = _consultation(request, group, pk)
    form = StatementForm(request.POST or None)
    context: dict[str, Any] = {"group": group, "consultation": consultation, "form": form}
    if request.method == "GET":
        return render(request, "consultations/statement_form.html", context)
    if not form.is_valid():
        return render(request, "consultations/statement_form.html", context, status=400)
    token = _anon_token(request) or (
        None if request.user.is_authenticated else services.new_anon_token()
    )
    try:
        statement = services.statement_submit(
            actor=request.user,
            consultation=consultation,
            text=form.cleaned_data["text"],
            anon_token=token,
            client_ip=_ip(request),
        )
    except ApplicationError as exc:
        if isinstance(exc, NotFound):
            raise Http404(exc.message) from exc
        context["error"] = exc
        response = render(request, "consultations/statement_form.html", context, status=exc.status)
        return _keep_token(request, response, token)
    if statement.status == statement.Status.PUBLISHED:
        messages.success(request, _("Your statement is published: others can now vote on it."))
    else:
        messages.success(request, _("Thank you: your statement will appear after moderation."))
    response = redirect("consultations:vote", group_slug=group.slug, pk=consultation.pk)
    return _keep_token(request, response, token)


def moderation_queue(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = _group(request, group_slug)
    consultation = _consultation(request, group, pk)
    if not can(request.user, MODERATE, group):
        return _error_page(
            request,
            group,
            PermissionDenied(_("Only the chair or the secretariat moderates statements.")),
        )
    queue = selectors.moderation_queue(viewer=request.user, consultation=consultation)
    return render(
        request,
        "consultations/moderation_queue.html",
        {"group": group, "consultation": consultation, "queue": queue},
    )


@require_POST
def statement_moderate(
    request: HttpRequest, group_slug: str, pk: int, statement_id: int
) -> HttpResponse:
    """Publish or reject; htmx gets the queue row back, a plain POST a redirect."""
    group = _group(request, group_slug)
    consultation = _consultation(request, group, pk)
    try:
        statement = selectors.statement_get(consultation=consultation, pk=statement_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    form = ModerationForm(request.POST)
    error: ApplicationError | None = None
    try:
        if not form.is_valid():
            raise ValidationFailed(_("Choose publish or reject."))
        statement = services.statement_moderate(
            actor=request.user, statement=statement, action=form.cleaned_data["action"]
        )
    except ApplicationError as exc:
        error = exc
    if getattr(request, "htmx", False):
        return render(
            request,
            "consultations/moderation_queue.html#item",
            {
                "group": group,
                "consultation": consultation,
                "item": statement,
                "error": error,
                "done": error is None,
            },
            status=error.status if error else 200,
        )
    if error is not None:
        return _error_page(request, group, error)
    messages.success(
        request,
        _("The statement is now %(lower)s.") % {"lower": statement.get_status_display().lower()},
    )
    return redirect("consultations:moderation", group_slug=group.slug, pk=consultation.pk)


@require_POST
def consultation_close(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = _group(request, group_slug)
    consultation = _consultation(request, group, pk)
    try:
        services.consultation_close(actor=request.user, consultation=consultation)
    except ApplicationError as exc:
        return _error_page(request, group, exc)
    messages.success(request, _("The consultation is closed; the opinion map stays available."))
    return redirect("consultations:detail", group_slug=group.slug, pk=consultation.pk)


def opinion_map(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    """The picture and its tables; htmx (e.g. a periodic refresh) gets only the map."""
    group = _group(request, group_slug)
    consultation = _consultation(request, group, pk)
    result, matrix = selectors.opinion_map_for_consultation(consultation)
    texts, labels, constituencies = selectors.map_labels(consultation)
    view = opinion_map_view(result, texts, labels, constituencies, matrix=matrix)
    context = {
        "group": group,
        "consultation": consultation,
        "map": view,
        # While people still vote, the page refreshes its map (htmx); a closed map is final.
        "refresh_seconds": (
            settings.ACCORD_MAP_REFRESH_SECONDS
            if selectors.consultation_is_open(consultation)
            else 0
        ),
    }
    return render_page_or_partial(request, "consultations/opinion_map.html", context, "map")
