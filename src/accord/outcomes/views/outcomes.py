"""Outcome pages: the list, one outcome (public once issued), the chair's drafting forms
(edit a paragraph, annex points, redraft, issue) and the exports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.common.actions import perform
from accord.common.errors import ApplicationError, NotFound, ValidationFailed
from accord.drafts.models import Paragraph
from accord.drafts.views.exports import file_response
from accord.groups import selectors as group_selectors
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup
from accord.groups.pagecache import cached_by_group_state

from ..models import ConsensusCall, Outcome, OutcomeParagraph
from ..selectors.export import outcome_export
from ..selectors.outcomes import outcome_get_for_viewer, outcome_list_for_viewer, points_by_side
from ..selectors.paragraphs import outcome_text, paragraph_of
from ..services import outcomes as services
from ..services import summary as summary_services
from .screen import Panel, viewer_for


def _group(request: HttpRequest, group_slug: str) -> WorkingGroup:
    try:
        return group_selectors.group_get_for_viewer(slug=group_slug, viewer=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _outcome(request: HttpRequest, group: WorkingGroup, pk: int) -> Outcome:
    try:
        return outcome_get_for_viewer(group=group, pk=pk, viewer=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _url(outcome: Outcome, anchor: str = "") -> str:
    url = reverse("outcomes:detail", kwargs={"group_slug": outcome.group.slug, "pk": outcome.pk})
    return f"{url}#{anchor}" if anchor else url


@require_GET
@cached_by_group_state
def outcome_list(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _group(request, group_slug)
    outcomes = outcome_list_for_viewer(group=group, viewer=request.user)
    return render(request, "outcomes/outcome_list.html", {"group": group, "outcomes": outcomes})


def _detail(
    request: HttpRequest,
    group: WorkingGroup,
    outcome: Outcome,
    panel: Panel | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = viewer_for(request.user, group)
    annexes = [(a, points_by_side(a)) for a in outcome.annexes.all()]
    version = outcome.call.version if outcome.call else outcome.adopted_version
    context = {
        "group": group,
        "outcome": outcome,
        "viewer": viewer,
        "editable": viewer.may_draft and not outcome.is_issued,
        "paragraphs": list(outcome.paragraphs.all()),
        "annexes": annexes,
        "version": version,
        "version_items": list(version.items.select_related("paragraph").order_by("order"))
        if version
        else [],
        "members": list(
            Member.objects.filter(group=group, status=Member.Status.MEMBER).order_by("name")
        ),
        "blocs": list(NegotiatingGroup.objects.filter(group=group).order_by("name")),
        "panel": panel or Panel(),
        "formats": [
            ("docx", "Word (DOCX)"),
            ("pdf", "PDF"),
            ("html", "HTML"),
            ("xml", "Akoma Ntoso"),
        ],
    }
    return render(request, "outcomes/outcome_detail.html", context, status=status)


@require_GET
@cached_by_group_state
def outcome_detail(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = _group(request, group_slug)
    return _detail(request, group, _outcome(request, group, pk))


def _act(
    request: HttpRequest,
    group: WorkingGroup,
    outcome: Outcome,
    panel: str,
    action: Callable[[], Any],
    done: str,
) -> HttpResponse:
    def refused(exc: ApplicationError) -> HttpResponse:
        fresh = _outcome(request, group, outcome.pk)
        panel_state = Panel(panel, exc.message, exc.fields, request.POST.dict())
        return _detail(request, group, fresh, panel_state, exc.status)

    return perform(request, action, done=done, then=_url(outcome, panel), refused=refused)


@require_POST
def outcome_create(request: HttpRequest, group_slug: str) -> HttpResponse:
    """From a closed call: the adopted report, a Chair's summary drafted from the record, or
    none."""
    group = _group(request, group_slug)
    post = request.POST
    call = (
        ConsensusCall.objects.filter(group=group, pk=_int(post.get("call", "")))
        .select_related("version__report")
        .first()
    )
    if call is None:
        raise Http404(_("No such consensus call."))
    kind = post.get("kind", "")
    try:
        if kind == Outcome.Kind.CONSENSUS_REPORT:
            outcome = services.outcome_adopt_report(
                actor=request.user,
                call=call,
                title=post.get("title", ""),
                symbol=post.get("symbol", ""),
            )
        elif kind == Outcome.Kind.CHAIRS_SUMMARY:
            outcome = services.outcome_start_summary(
                actor=request.user,
                call=call,
                title=post.get("title", ""),
                symbol=post.get("symbol", ""),
            )
            summary_services.summary_draft(actor=request.user, outcome=outcome)
        elif kind == Outcome.Kind.NONE:
            outcome = services.outcome_record_none(
                actor=request.user, call=call, statement=post.get("statement", "")
            )
        else:
            raise ValidationFailed(_("Choose the kind of outcome."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        url = reverse(
            "outcomes:decide",
            kwargs={
                "group_slug": group.slug,
                "report_slug": call.version.report.slug,
                "number": call.version.number,
            },
        )
        return redirect(url + "#call")
    messages.success(request, _("The outcome is recorded as a draft: check it, then issue it."))
    return redirect(_url(outcome))


def _int(value: str) -> int:
    """A posted id; anything that is not a number matches nothing (a 404, not a 500)."""
    return int(value) if value.isdigit() and len(value) < 19 else 0


def _paragraph_of(outcome: Outcome, key: str) -> OutcomeParagraph:
    found = outcome.paragraphs.filter(key=key).first()
    if found is None:
        raise Http404(_("No such paragraph."))
    return found


@require_POST
def paragraph_edit(request: HttpRequest, group_slug: str, pk: int, key: str) -> HttpResponse:
    group = _group(request, group_slug)
    outcome = _outcome(request, group, pk)
    paragraph = _paragraph_of(outcome, key)
    if request.POST.get("remove"):
        return _act(
            request,
            group,
            outcome,
            f"o-{key}",
            lambda: services.outcome_paragraph_remove(actor=request.user, paragraph=paragraph),
            _("Paragraph removed."),
        )
    return _act(
        request,
        group,
        outcome,
        f"o-{key}",
        lambda: services.outcome_paragraph_update(
            actor=request.user, paragraph=paragraph, text=request.POST.get("text", "")
        ),
        _("Paragraph saved."),
    )


@require_POST
def paragraph_add(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = _group(request, group_slug)
    outcome = _outcome(request, group, pk)
    after_key = request.POST.get("after", "")
    after = _paragraph_of(outcome, after_key) if after_key else None
    return _act(
        request,
        group,
        outcome,
        "text",
        lambda: services.outcome_paragraph_add(
            actor=request.user,
            outcome=outcome,
            text=request.POST.get("text", ""),
            kind=request.POST.get("kind", "text"),
            after=after,
        ),
        _("Paragraph added."),
    )


@require_POST
def redraft(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = _group(request, group_slug)
    outcome = _outcome(request, group, pk)
    return _act(
        request,
        group,
        outcome,
        "text",
        lambda: summary_services.summary_draft(
            actor=request.user,
            outcome=outcome,
            naming=request.POST.get("naming", "by_constituency"),
        ),
        _("The summary was drafted again from the record."),
    )


def _annexed_paragraph(outcome: Outcome, key: str) -> Paragraph:
    version = outcome_text(outcome)
    if version is None:
        raise ValidationFailed(_("This outcome has no text to draw the arguments from."))
    return paragraph_of(version, key)


@require_POST
def annex_add(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = _group(request, group_slug)
    outcome = _outcome(request, group, pk)
    post = request.POST
    return _act(
        request,
        group,
        outcome,
        "annex",
        lambda: summary_services.annex_draft_from_record(
            actor=request.user,
            outcome=outcome,
            paragraph=_annexed_paragraph(outcome, post.get("paragraph", "")),
            title=post.get("title", ""),
        ),
        _("An annex was drafted from the reasons members gave; edit its points."),
    )


@require_POST
def point_add(request: HttpRequest, group_slug: str, pk: int, annex_pk: int) -> HttpResponse:
    group = _group(request, group_slug)
    outcome = _outcome(request, group, pk)
    annex = outcome.annexes.filter(pk=annex_pk).first()
    if annex is None:
        raise Http404(_("No such annex."))
    post = request.POST
    return _act(
        request,
        group,
        outcome,
        "annex",
        lambda: services.annex_point_add(
            actor=request.user,
            annex=annex,
            side=post.get("side", ""),
            text=post.get("text", ""),
            members=Member.objects.filter(group=group, slug__in=post.getlist("members")),
            negotiating_groups=NegotiatingGroup.objects.filter(
                group=group, slug__in=post.getlist("blocs")
            ),
        ),
        _("Point added."),
    )


@require_POST
def point_edit(
    request: HttpRequest, group_slug: str, pk: int, annex_pk: int, point_pk: int
) -> HttpResponse:
    group = _group(request, group_slug)
    outcome = _outcome(request, group, pk)
    annex = outcome.annexes.filter(pk=annex_pk).first()
    point = annex.points.filter(pk=point_pk).first() if annex else None
    if point is None:
        raise Http404(_("No such point."))
    if request.POST.get("remove"):
        return _act(
            request,
            group,
            outcome,
            "annex",
            lambda: services.annex_point_remove(actor=request.user, point=point),
            _("Point removed."),
        )
    return _act(
        request,
        group,
        outcome,
        "annex",
        lambda: services.annex_point_update(
            actor=request.user, point=point, text=request.POST.get("text", "")
        ),
        _("Point saved."),
    )


@require_POST
def issue(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = _group(request, group_slug)
    outcome = _outcome(request, group, pk)
    return _act(
        request,
        group,
        outcome,
        "",
        lambda: services.outcome_issue(actor=request.user, outcome=outcome),
        _("Issued: the outcome is public and can no longer change."),
    )


@require_GET
def export(request: HttpRequest, group_slug: str, pk: int, fmt: str) -> HttpResponse:
    group = _group(request, group_slug)
    outcome = _outcome(request, group, pk)
    try:
        exported = outcome_export(outcome, fmt, base_url=request.build_absolute_uri("/"))
    except ValidationFailed as exc:
        raise Http404(exc.message) from exc
    return file_response(exported, fmt=fmt, public=outcome.is_issued and group.is_published)
