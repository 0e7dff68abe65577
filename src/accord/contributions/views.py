"""Thin views: parse the request, call a service or selector, render; errors become pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accord.common.errors import ApplicationError, NotFound, RateLimited
from accord.common.htmx import render_page_or_partial
from accord.groups import selectors as group_selectors
from accord.groups.models import WorkingGroup
from accord.groups.permissions import can, require

from . import selectors, services
from .forms import CallForm, MemberSubmitForm, ModerationForm, PublicSubmitForm
from .models import Call, Contribution
from .permissions import CALL_CREATE, MODERATE
from .rules import GENERAL_PUBLIC_SLUG


def _group(request: HttpRequest, slug: str) -> WorkingGroup:
    try:
        return group_selectors.group_get_for_viewer(slug=slug, viewer=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _error_page(request: HttpRequest, group: WorkingGroup, exc: ApplicationError) -> HttpResponse:
    if isinstance(exc, NotFound):
        raise Http404(exc.message)
    response = render(
        request, "contributions/error.html", {"group": group, "error": exc}, status=exc.status
    )
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    return response


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def contribution_list(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _group(request, group_slug)
    is_member = selectors.is_member_viewer(request.user, group)
    calls = list(selectors.call_list(group=group))
    call = next((c for c in calls if c.pk == _int(request.GET.get("call"))), None)
    constituency = request.GET.get("constituency", "")
    question = _int(request.GET.get("question"))
    status = request.GET.get("status", "") if is_member else ""
    contributions = selectors.contribution_list_for_viewer(
        viewer=request.user,
        group=group,
        constituency=constituency,
        question=question,
        status=status,
        call=call,
    )
    questions: dict[int, str] = {}
    for c in reversed(calls if call is None else [call]):
        questions.update({q.number: q.text for q in c.questions.all()})
    return render_page_or_partial(
        request,
        "contributions/contribution_list.html",
        {
            "group": group,
            "calls": [(c, selectors.call_state(c)) for c in calls],
            "call": call,
            "contributions": contributions,
            "counts": selectors.constituency_counts(contributions, group=group),
            "constituencies": selectors.constituency_options(group=group),
            "constituency": constituency,
            "questions": sorted(questions.items()),
            "question": question,
            "status": status,
            "statuses": Contribution.Status.choices,
            "is_member": is_member,
            "can_create_call": can(request.user, CALL_CREATE, group),
            "can_moderate": can(request.user, MODERATE, group),
        },
        "results",
    )


def _call_context(
    request: HttpRequest, group: WorkingGroup, call: Call, form: Any
) -> dict[str, Any]:
    return {
        "group": group,
        "call": call,
        "state": selectors.call_state(call),
        "form": form,
        "mode": selectors.submit_mode_for_viewer(viewer=request.user, call=call),
        "can_moderate": can(request.user, MODERATE, group),
    }


def _blank_form(request: HttpRequest, group: WorkingGroup, call: Call, kind: str) -> Any:
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    if kind == "member":
        return MemberSubmitForm(data, files, call=call)
    if kind == "public":
        options = selectors.constituency_options(group=group)
        return PublicSubmitForm(data, files, call=call, constituencies=options)
    return None


@require_http_methods(["GET", "POST"])
def call_detail(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    """The call, its questions and the submission form that fits the viewer."""
    group = _group(request, group_slug)
    try:
        call = selectors.call_get(group=group, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    mode = selectors.submit_mode_for_viewer(viewer=request.user, call=call)
    form = _blank_form(request, group, call, mode.kind)
    if request.method == "GET":
        return render(
            request, "contributions/call_detail.html", _call_context(request, group, call, form)
        )
    if form is None:
        return _error_page(request, group, ApplicationError(mode.reason or "You cannot submit."))
    if not form.is_valid():
        context = _call_context(request, group, call, form)
        return render(request, "contributions/call_detail.html", context, status=400)
    try:
        contribution = _submit(request, call, mode.kind, form)
    except ApplicationError as exc:
        if isinstance(exc, NotFound):
            raise Http404(exc.message) from exc
        # Show the form again with what was typed: nothing is lost (files must be re-attached).
        context = {**_call_context(request, group, call, form), "error": exc}
        response = render(request, "contributions/call_detail.html", context, status=exc.status)
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response
    notice = services.late_notice(contribution)
    if notice:
        messages.warning(request, notice)
    if mode.kind == "member":
        messages.success(
            request, _("Your contribution was received; it will be published after moderation.")
        )
        return redirect("contributions:detail", group_slug=group.slug, pk=contribution.pk)
    messages.success(
        request,
        _("Thank you: your contribution was received; it will be published after moderation."),
    )
    return redirect("contributions:call", group_slug=group.slug, pk=call.pk)


def _submit(request: HttpRequest, call: Call, kind: str, form: Any) -> Contribution:
    uploads = request.FILES.getlist("attachments")
    if kind == "member":
        return services.contribution_submit(
            actor=request.user, call=call, answers=form.answers(), uploads=uploads
        )
    slug = form.cleaned_data["constituency"]
    constituency = (
        None if slug == GENERAL_PUBLIC_SLUG else call.group.constituencies.filter(slug=slug).first()
    )
    return services.contribution_submit_public(
        call=call,
        name=form.cleaned_data["name"],
        affiliation=form.cleaned_data["affiliation"],
        email=form.cleaned_data["email"],
        constituency=constituency,
        answers=form.answers(),
        uploads=uploads,
        honeypot=form.cleaned_data.get("website", ""),
        client_ip=request.META.get("REMOTE_ADDR", "unknown"),
        actor=request.user,
    )


@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _group(request, group_slug)
    try:
        require(request.user, CALL_CREATE, group)
    except ApplicationError as exc:
        return _error_page(request, group, exc)
    form = CallForm(request.POST or None)
    context: dict[str, Any] = {"group": group, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.call_create(
                actor=request.user,
                group=group,
                title=data["title"],
                description=data["description"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                questions=form.question_list(),
                allow_members=data["allow_members"],
                allow_observers=data["allow_observers"],
                allow_public=data["allow_public"],
                accept_late=data["accept_late"],
            )
        except ApplicationError as exc:
            context["error"] = exc
            return render(request, "contributions/call_form.html", context, status=exc.status)
        messages.success(request, _("The call '%(title)s' was created.") % {"title": call.title})
        return redirect("contributions:call", group_slug=group.slug, pk=call.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "contributions/call_form.html", context, status=status)


def _contribution(request: HttpRequest, group: WorkingGroup, pk: int) -> Contribution:
    try:
        return selectors.contribution_get_for_viewer(viewer=request.user, group=group, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def contribution_detail(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = _group(request, group_slug)
    contribution = _contribution(request, group, pk)
    return render(
        request,
        "contributions/contribution_detail.html",
        {
            "group": group,
            "contribution": contribution,
            "late_notice": services.late_notice(contribution),
            "can_moderate": can(request.user, MODERATE, group),
            "can_withdraw": services.may_withdraw(request.user, contribution),
            "is_member": selectors.is_member_viewer(request.user, group),
        },
    )


def attachment_download(
    request: HttpRequest, group_slug: str, pk: int, attachment_id: int
) -> FileResponse:
    group = _group(request, group_slug)
    try:
        attachment = selectors.attachment_get_for_viewer(
            viewer=request.user, group=group, contribution_pk=pk, pk=attachment_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        # The record outlived its file (storage lost, or restored without the uploads): the
        # same "not found" as any missing thing, not a server error.
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name)
    if attachment.contribution.status != Contribution.Status.PUBLISHED:
        response["Cache-Control"] = "private, no-store"
    return response


def moderation_queue(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _group(request, group_slug)
    try:
        queue = selectors.moderation_queue(viewer=request.user, group=group)
    except ApplicationError as exc:
        return _error_page(request, group, exc)
    return render(
        request,
        "contributions/moderation_queue.html",
        {"group": group, "queue": queue, "form": ModerationForm()},
    )


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@require_POST
def contribution_moderate(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    """Publish, reject or withdraw; htmx gets the queue row back, a plain POST a redirect, and
    a refusal or a mistake its page with its status (403, 400, 409)."""
    group = _group(request, group_slug)
    contribution = _contribution(request, group, pk)
    form = ModerationForm(request.POST)
    fallback = reverse("contributions:detail", kwargs={"group_slug": group.slug, "pk": pk})
    error: ApplicationError | None = None
    if not form.is_valid():
        error = ApplicationError(_("Choose publish, reject or withdraw."))
    else:
        try:
            contribution = services.contribution_moderate(
                actor=request.user,
                contribution=contribution,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            error = exc
    if getattr(request, "htmx", False):
        return render(
            request,
            "contributions/moderation_queue.html#item",
            {"group": group, "item": contribution, "error": error, "done": error is None},
            status=error.status if error else 200,
        )
    if error is not None:  # refused (403) or invalid (400): said with its status, not redirected
        return _error_page(request, group, error)
    messages.success(
        request,
        _("“%(title)s” is now %(lower)s.")
        % {"title": contribution.title, "lower": contribution.get_status_display().lower()},
    )
    return redirect(_safe_next(request, fallback))
