"""The decision screen of a version and its actions: consensus call, stances, explanations,
determinations, silence. Every action is a plain POST (redirect after success; the page again
with the message and the typed input after a refusal) and works the same through htmx."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.accounts.services import user_set_time_zone
from accord.common.actions import perform
from accord.common.errors import ApplicationError, NotFound, ValidationFailed
from accord.common.htmx import render_page_or_partial
from accord.drafts.models import Paragraph, Version
from accord.drafts.selectors.versions import version_in_group_for_viewer
from accord.groups import selectors as group_selectors
from accord.groups.models import NegotiatingGroup, WorkingGroup

from ..models import ConsensusCall, SilenceProcedure
from ..selectors.paragraphs import paragraph_of, paragraphs_of
from ..services import calls as call_services
from ..services import silence as silence_services
from .screen import Panel, screen_context, viewer_for

TEMPLATE = "outcomes/decide.html"


def load(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> tuple[WorkingGroup, Version]:
    try:
        group = group_selectors.group_get_for_viewer(slug=group_slug, viewer=request.user)
        version = version_in_group_for_viewer(
            group=group, report_slug=report_slug, number=number, viewer=request.user
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return group, version


def screen_url(version: Version, anchor: str = "") -> str:
    url = reverse(
        "outcomes:decide",
        kwargs={
            "group_slug": version.report.group.slug,
            "report_slug": version.report.slug,
            "number": version.number,
        },
    )
    return f"{url}#{anchor}" if anchor else url


def _page(
    request: HttpRequest,
    group: WorkingGroup,
    version: Version,
    *,
    panel: Panel | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = viewer_for(request.user, group)
    context = screen_context(group, version, viewer, panel)
    partial = request.GET.get("part", "screen")
    if partial not in {"screen", "tally", "silence"}:
        partial = "screen"
    return render_page_or_partial(request, TEMPLATE, context, partial, status=status)


@require_GET
def decide(request: HttpRequest, group_slug: str, report_slug: str, number: int) -> HttpResponse:
    group, version = load(request, group_slug, report_slug, number)
    return _page(request, group, version)


def _act(
    request: HttpRequest,
    group: WorkingGroup,
    version: Version,
    panel_name: str,
    action: Callable[[], Any],
    done: str,
) -> HttpResponse:
    def refused(exc: ApplicationError) -> HttpResponse:
        panel = Panel(panel_name, exc.message, exc.fields, request.POST.dict())
        return _page(request, group, version, panel=panel, status=exc.status)

    return perform(
        request, action, done=done, then=screen_url(version, panel_name), refused=refused
    )


def _call(version: Version, pk: int) -> ConsensusCall:
    call = (
        ConsensusCall.objects.filter(version=version, pk=pk)
        .select_related("group", "version")
        .first()
    )
    if call is None:
        raise Http404(_("No such consensus call."))
    return call


def _silence(version: Version, pk: int) -> SilenceProcedure:
    found = (
        SilenceProcedure.objects.filter(version=version, pk=pk)
        .select_related("group", "version")
        .first()
    )
    if found is None:
        raise Http404(_("No such silence procedure."))
    return found


def _paragraph(version: Version, key: str) -> Paragraph | None:
    """A paragraph of the version by key ("" is the whole text); unknown keys are a 400."""
    return paragraph_of(version, key) if key else None


def _bloc(group: WorkingGroup, slug: str) -> NegotiatingGroup | None:
    return group_selectors.speaking_for(group=group, slug=slug)


@require_POST
def call_open(request: HttpRequest, group_slug: str, report_slug: str, number: int) -> HttpResponse:
    group, version = load(request, group_slug, report_slug, number)
    post = request.POST
    params: dict[str, Any] = {}
    if post.get("rule") == "rough_consensus":
        params["default_objection_share"] = post.get("default_objection_share", "0") or "0"
    if post.get("rule") == "vote":
        params = {
            "majority": post.get("majority", "1/2") or "1/2",
            "strict": post.get("strict") != "no",
        }
    return _act(
        request,
        group,
        version,
        "call",
        lambda: call_services.call_open(
            actor=request.user,
            version=version,
            rule=post.get("rule", ""),
            rule_params=params,
            note=post.get("note", ""),
        ),
        _("The consensus call is open: members can record their final stance."),
    )


@require_POST
def call_close(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, pk: int
) -> HttpResponse:
    group, version = load(request, group_slug, report_slug, number)
    call = _call(version, pk)
    return _act(
        request,
        group,
        version,
        "call",
        lambda: call_services.call_close(actor=request.user, call=call),
        _("The consensus call is closed; its result is on record."),
    )


@require_POST
def stances(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, pk: int
) -> HttpResponse:
    """The stance form: the whole text (``kind``) and any paragraphs (``kind-OP3``)."""
    group, version = load(request, group_slug, report_slug, number)
    call = _call(version, pk)
    post = request.POST

    def record() -> None:
        entries: list[tuple[Paragraph | None, str, str]] = [
            (None, post.get("kind", ""), post.get("reason", ""))
        ]
        for name in post:
            kind = post.get(name, "")
            if name.startswith("kind-") and kind:
                key = name.removeprefix("kind-")
                entries.append((_paragraph(version, key), kind, post.get(f"reason-{key}", "")))
        call_services.stances_record_many(
            actor=request.user,
            call=call,
            entries=entries,
            on_behalf_of=_bloc(group, post.get("on_behalf_of", "")),
        )

    return _act(request, group, version, "stance", record, _("Your stance is on record."))


@require_POST
def explain(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, pk: int
) -> HttpResponse:
    group, version = load(request, group_slug, report_slug, number)
    call = _call(version, pk)
    post = request.POST
    return _act(
        request,
        group,
        version,
        "explain",
        lambda: call_services.explanation_record(
            actor=request.user,
            call=call,
            timing=post.get("timing", ""),
            text=post.get("text", ""),
            paragraphs=paragraphs_of(version, post.getlist("paragraphs")),
            on_behalf_of=_bloc(group, post.get("on_behalf_of", "")),
        ),
        _("Your explanation of position is on record."),
    )


@require_POST
def determine(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, pk: int
) -> HttpResponse:
    group, version = load(request, group_slug, report_slug, number)
    call = _call(version, pk)
    post = request.POST
    return _act(
        request,
        group,
        version,
        "call",
        lambda: call_services.determination_make(
            actor=request.user,
            call=call,
            paragraph=_paragraph(version, post.get("paragraph", "")),
            reason=post.get("reason", ""),
        ),
        _("The Chair's determination is on record."),
    )


def _local(post: Any) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(f"{post.get('date', '')}T{post.get('time', '')}")
    except ValueError as exc:
        raise ValidationFailed(
            _("Give the deadline as a date and a time."),
            fields={"deadline": _("Invalid date or time.")},
        ) from exc


@require_POST
def silence_start(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> HttpResponse:
    group, version = load(request, group_slug, report_slug, number)
    post = request.POST
    return _act(
        request,
        group,
        version,
        "silence",
        lambda: silence_services.silence_start(
            actor=request.user,
            version=version,
            deadline=_local(post),
            time_zone=post.get("time_zone", ""),
            paragraphs=paragraphs_of(version, post.getlist("paragraphs")),
            note=post.get("note", ""),
        ),
        _("The text is under silence until the deadline."),
    )


@require_POST
def silence_break(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, pk: int
) -> HttpResponse:
    group, version = load(request, group_slug, report_slug, number)
    procedure = _silence(version, pk)
    post = request.POST
    return _act(
        request,
        group,
        version,
        "silence",
        lambda: silence_services.silence_break(
            actor=request.user,
            procedure=procedure,
            paragraphs=paragraphs_of(version, post.getlist("paragraphs")),
            reason=post.get("reason", ""),
            kind=post.get("kind", "objection"),
            proposed_text=post.get("proposed_text", ""),
            on_behalf_of=_bloc(group, post.get("on_behalf_of", "")),
        ),
        _("You have broken silence; the Chair and all members see it."),
    )


@require_POST
def silence_withdraw(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, pk: int
) -> HttpResponse:
    group, version = load(request, group_slug, report_slug, number)
    procedure = _silence(version, pk)
    return _act(
        request,
        group,
        version,
        "silence",
        lambda: silence_services.silence_withdraw(
            actor=request.user, procedure=procedure, reason=request.POST.get("reason", "")
        ),
        _("The text is no longer under silence."),
    )


@require_POST
def silence_follow_on(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, pk: int
) -> HttpResponse:
    group, version = load(request, group_slug, report_slug, number)
    procedure = _silence(version, pk)
    post = request.POST
    return _act(
        request,
        group,
        version,
        "silence",
        lambda: silence_services.silence_follow_on(
            actor=request.user,
            procedure=procedure,
            deadline=_local(post),
            time_zone=post.get("time_zone", ""),
            note=post.get("note", ""),
        ),
        _("The unbroken paragraphs are under silence until the new deadline."),
    )


@require_POST
def time_zone(request: HttpRequest, group_slug: str, report_slug: str, number: int) -> HttpResponse:
    group, version = load(request, group_slug, report_slug, number)
    if not request.user.is_authenticated:
        raise Http404()
    return _act(
        request,
        group,
        version,
        "silence",
        lambda: user_set_time_zone(user=request.user, time_zone=request.POST.get("time_zone", "")),  # type: ignore[arg-type]
        _("Deadlines are now shown in your time zone too."),
    )
