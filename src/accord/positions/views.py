"""The negotiation screen and its actions (htmx fragments, and plain POST + redirect), and the
compilation text as a page and as DOCX."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.common.errors import ApplicationError, NotFound, ValidationFailed
from accord.drafts.models import Version
from accord.drafts.views.amendments import paragraph_context
from accord.groups import selectors as group_selectors
from accord.groups.models import NegotiatingGroup, WorkingGroup
from accord.groups.permissions import can

from . import compilation as compilation_mod
from . import screen, selectors, services
from .forms import PositionForm, StatusForm
from .opinion_map import positions_opinion_map_view

TEMPLATE = "positions/negotiate.html"


def _load(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> tuple[WorkingGroup, Version]:
    """The group and version, or the same 404 for missing and hidden ones."""
    try:
        group = group_selectors.group_get_for_viewer(slug=group_slug, viewer=request.user)
        version = selectors.version_get_for_viewer(
            group=group, report_slug=report_slug, number=number, viewer=request.user
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return group, version


def _with_amendments(
    request: HttpRequest, group: WorkingGroup, version: Version, blocks: list[screen.Block]
) -> list[screen.Block]:
    """Each paragraph's amendments come from the drafts app's own partial (support, decide)."""
    for block in blocks:
        block.amendment_context = paragraph_context(request, group, version, block.item.paragraph)
    return blocks


def _context(group: WorkingGroup, version: Version, viewer: screen.Viewer) -> dict[str, Any]:
    return {
        "group": group,
        "report": version.report,
        "version": version,
        "viewer": viewer,
        "negotiable": screen.negotiable(version),
        "statuses": selectors.STATUS_LABELS,
    }


def _page(
    request: HttpRequest,
    group: WorkingGroup,
    version: Version,
    *,
    failed: screen.Block | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = screen.viewer_for(request.user, version)
    blocks = _with_amendments(request, group, version, screen.blocks_for(version, viewer))
    if failed is not None:
        blocks = [failed if b.key == failed.key else b for b in blocks]
    context = {**_context(group, version, viewer), "blocks": blocks}
    return render(request, TEMPLATE, context, status=status)


@require_GET
def negotiate(request: HttpRequest, group_slug: str, report_slug: str, number: int) -> HttpResponse:
    group, version = _load(request, group_slug, report_slug, number)
    key = request.GET.get("p")
    if getattr(request, "htmx", None) and key:
        return _fragment(request, group, version, key)
    return _page(request, group, version)


def _block(request: HttpRequest, version: Version, key: str) -> screen.Block:
    viewer = screen.viewer_for(request.user, version)
    found = screen.blocks_for(version, viewer, only_key=key)
    if not found:
        raise Http404("No such paragraph in this version.")
    return _with_amendments(request, version.report.group, version, found)[0]


def _fragment(
    request: HttpRequest,
    group: WorkingGroup,
    version: Version,
    key: str,
    *,
    block: screen.Block | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = screen.viewer_for(request.user, version)
    block = block or _block(request, version, key)
    context = {**_context(group, version, viewer), "block": block}
    return render(request, f"{TEMPLATE}#paragraph", context, status=status)


def _after_action(
    request: HttpRequest,
    group: WorkingGroup,
    version: Version,
    key: str,
    *,
    done: str = "",
    error: ApplicationError | None = None,
    form: Any = None,
) -> HttpResponse:
    """htmx: the paragraph block again (with the message); plain POST: redirect, or the page
    with the error and the typed input kept."""
    if error is not None and isinstance(error, NotFound):
        raise Http404(error.message)
    if error is None and not getattr(request, "htmx", None):
        messages.success(request, done)
        url = reverse(
            "positions:negotiate",
            kwargs={
                "group_slug": group.slug,
                "report_slug": version.report.slug,
                "number": version.number,
            },
        )
        return redirect(f"{url}#p-{key}")
    block = _block(request, version, key)
    if error is not None:
        block.error = error.message
        block.errors = error.fields
        if isinstance(form, PositionForm):
            block.position_form = form
        elif isinstance(form, StatusForm):
            if block.status_form is not None and "determination" not in block.status_form.fields:
                form.fields.pop("determination", None)  # not the Chair, or nothing to overrule
            block.status_form = form
    else:
        block.notice = done
    code = error.status if error is not None else 200
    if getattr(request, "htmx", None):
        return _fragment(request, group, version, key, block=block, status=code)
    return _page(request, group, version, failed=block, status=code)


def _paragraph(version: Version, key: str) -> Any:
    try:
        return selectors.item_get(version=version, key=key).paragraph
    except NotFound as exc:
        raise Http404(exc.message) from exc


@require_POST
def record(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    group, version = _load(request, group_slug, report_slug, number)
    paragraph = _paragraph(version, key)
    viewer = screen.viewer_for(request.user, version)
    form = PositionForm(
        request.POST,
        prefix=f"p-{key}",
        member=viewer.member,
        negotiating_groups=viewer.negotiating_groups,
    )
    if not form.is_valid():
        error = ApplicationError(_("Choose a position."), fields={"kind": _("Required.")})
        return _after_action(request, group, version, key, error=error, form=form)
    try:
        on_behalf_of = _negotiating_group(group, form.cleaned_data.get("on_behalf_of") or "")
        event = services.position_record(
            actor=request.user,
            version=version,
            paragraph=paragraph,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            on_behalf_of=on_behalf_of,
        )
    except ApplicationError as exc:
        return _after_action(request, group, version, key, error=exc, form=form)
    kind = event.get_kind_display().lower()
    if on_behalf_of is not None:
        done = _("Position of the %(group)s recorded on %(key)s: %(kind)s.") % {
            "group": on_behalf_of,
            "key": key,
            "kind": kind,
        }
    else:
        done = _("Position recorded on %(key)s: %(kind)s.") % {"key": key, "kind": kind}
    return _after_action(request, group, version, key, done=done)


def _negotiating_group(group: WorkingGroup, slug: str) -> NegotiatingGroup | None:
    """The negotiating group named in a form (``None`` for the member's own position)."""
    if not slug:
        return None
    try:
        return group_selectors.negotiating_group_get(group=group, slug=slug)
    except NotFound:
        raise ValidationFailed(
            _("There is no negotiating group '%(slug)s' in this group.") % {"slug": slug},
            fields={"on_behalf_of": _("Choose a negotiating group your delegation belongs to.")},
        ) from None


@require_POST
def status(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    group, version = _load(request, group_slug, report_slug, number)
    paragraph = _paragraph(version, key)
    # Every status is accepted here; the service says which moves are allowed (and by whom).
    form = StatusForm(request.POST, group=group, allowed=list(services.S.values), prefix=f"s-{key}")
    if not form.is_valid():
        fields = {name: "; ".join(str(e) for e in errs) for name, errs in form.errors.items()}
        error = ApplicationError("Check the status form.", fields=fields)
        return _after_action(request, group, version, key, error=error, form=form)
    try:
        event = services.status_set(
            actor=request.user,
            version=version,
            paragraph=paragraph,
            status=form.cleaned_data["status"],
            pending_members=form.cleaned_data["pending_members"],
            note=form.cleaned_data["note"],
            determination=form.cleaned_data.get("determination", ""),
        )
    except ApplicationError as exc:
        return _after_action(request, group, version, key, error=exc, form=form)
    label = selectors.STATUS_LABELS[services.S(event.status)].lower()
    return _after_action(request, group, version, key, done=f"{key} is now {label}.")


@require_POST
def confirm(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    group, version = _load(request, group_slug, report_slug, number)
    paragraph = _paragraph(version, key)
    try:
        event = services.ad_referendum_confirm(
            actor=request.user, version=version, paragraph=paragraph
        )
    except ApplicationError as exc:
        return _after_action(request, group, version, key, error=exc)
    done = f"Confirmed. {key} is now {selectors.STATUS_LABELS[services.S(event.status)].lower()}."
    return _after_action(request, group, version, key, done=done)


@require_GET
def history(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    group, version = _load(request, group_slug, report_slug, number)
    if not selectors.positions_visible(request.user, group):
        raise Http404("No such paragraph in this version.")
    try:
        item = selectors.item_get(version=version, key=key)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    entries = selectors.paragraph_history(version, item.paragraph)
    context = {"group": group, "report": version.report, "version": version, "item": item}
    return render(request, "positions/history.html", {**context, "entries": entries})


def _compilation(request: HttpRequest, version: Version, group: WorkingGroup) -> Any:
    return compilation_mod.compilation_build(
        version, with_positions=selectors.positions_visible(request.user, group)
    )


@require_GET
def compilation(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> HttpResponse:
    group, version = _load(request, group_slug, report_slug, number)
    entries = _compilation(request, version, group)
    context = {"group": group, "report": version.report, "version": version, "entries": entries}
    return render(request, "positions/compilation.html", context)


@require_GET
def compilation_docx(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> HttpResponse:
    group, version = _load(request, group_slug, report_slug, number)
    data = compilation_mod.compilation_docx(version, _compilation(request, version, group))
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"{version.report.slug}-v{version.number}-compilation.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def opinion_map(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> HttpResponse:
    """Which delegations think alike across the text: positions are members-only, so is this."""
    group, version = _load(request, group_slug, report_slug, number)
    if not can(request.user, "group.view_restricted", group):
        raise Http404("Not found.")
    view = positions_opinion_map_view(version)
    return render(
        request,
        "positions/opinion_map.html",
        {"group": group, "report": version.report, "version": version, "map": view},
    )
