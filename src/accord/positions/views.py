"""The negotiation screen and its actions (htmx fragments, and plain POST + redirect), its live
updates, and the compilation text as a page and as DOCX."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.common.errors import ApplicationError, NotFound
from accord.drafts.models import Version
from accord.drafts.selectors.versions import version_in_group_for_viewer
from accord.groups import selectors as group_selectors
from accord.groups.models import WorkingGroup
from accord.groups.pagecache import cached_by_group_state
from accord.groups.permissions import can

from . import screen, selectors, services
from .forms import PositionForm, StatusForm
from .models import PositionEvent
from .opinion_map import positions_opinion_map_view
from .state import changed_paragraphs, ref_of

TEMPLATE = "positions/negotiate.html"
REFRESH_SECONDS = 5  # how often an open screen asks what changed (a 204 when nothing did)
# The <details> of a paragraph, loaded when opened (on a long text; "propose": always).
PARTS = {"more", "position", "status", "propose"}


def _load(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> tuple[WorkingGroup, Version]:
    """The group and version, or the same 404 for missing and hidden ones."""
    try:
        group = group_selectors.group_get_for_viewer(slug=group_slug, viewer=request.user)
        version = version_in_group_for_viewer(
            group=group,
            report_slug=report_slug,
            number=number,
            viewer=request.user,
            with_stamp=True,
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return group, version


def _htmx(request: HttpRequest) -> Any:
    return getattr(request, "htmx", None)


def _speaking_for(viewer: screen.Viewer) -> list[tuple[str, str]]:
    """The choices of the "Speaking for" select: its own position, or one of its groups."""
    if viewer.member is None or not viewer.negotiating_groups:
        return []
    own = _("%(member)s (its own position)") % {"member": viewer.member.name}
    return [
        ("", own),
        *(
            (g.slug, _("On behalf of the %(group)s") % {"group": g})
            for g in viewer.negotiating_groups
        ),
    ]


def _context(
    request: HttpRequest, group: WorkingGroup, version: Version, view: screen.Screen, viewer: Any
) -> dict[str, Any]:
    return {
        "group": group,
        "report": version.report,
        "version": version,
        "viewer": viewer,
        "screen": view,
        "play": view.play,
        "filters": view.filters,
        "blocks": view.blocks,
        "negotiable": screen.negotiable(version),
        "kinds": list(selectors.KIND_LABELS.items()),
        "speaking_for": _speaking_for(viewer),
        "live_url": f"{request.path}?since={view.stamp}",
        "refresh_seconds": REFRESH_SECONDS,
        "filter_query": view.filters.query(),
        # Where a plain form in a fragment comes back to: the page it was opened on.
        "next_url": _page_path(request),
    }


def _page_path(request: HttpRequest) -> str:
    htmx = _htmx(request)
    current = htmx.current_url_abs_path if htmx else None
    return str(current or request.get_full_path())


def _page(
    request: HttpRequest,
    group: WorkingGroup,
    version: Version,
    *,
    failed: screen.Block | None = None,
    status: int = 200,
) -> HttpResponse:
    view, viewer = screen.screen_for(version, request.user, request.GET)
    if failed is not None:
        view.blocks = [failed if b.key == failed.key else b for b in view.blocks]
    context = _context(request, group, version, view, viewer)
    htmx = _htmx(request)
    if htmx and htmx.target == "pos-text":  # the filters, sent with htmx: the text only
        return render(request, f"{TEMPLATE}#text", context, status=status)
    return render(request, TEMPLATE, context, status=status)


@require_GET
@cached_by_group_state
def negotiate(request: HttpRequest, group_slug: str, report_slug: str, number: int) -> HttpResponse:
    group, version = _load(request, group_slug, report_slug, number)
    htmx = _htmx(request)
    since = request.GET.get("since", "")
    if htmx and since.isdigit():
        return _live(request, group, version, int(since))
    key = request.GET.get("p")
    if key:
        part = request.GET.get("part", "")
        if htmx and part in PARTS:  # a paragraph's <details> opened on a long text
            return _fragment(request, group, version, key, template=f"paragraph-{part}")
        if htmx:
            return _fragment(request, group, version, key)
        return _focus(request, group, version, key)
    return _page(request, group, version)


def _focus(request: HttpRequest, group: WorkingGroup, version: Version, key: str) -> HttpResponse:
    """One paragraph with everything open: its positions, amendments, history and forms (what
    a long text's paragraph links to, for a browser without JavaScript)."""
    block, view, viewer = _block(request, version, key)
    block.opened = "all"
    context = {**_context(request, group, version, view, viewer), "focus": block}
    return render(request, TEMPLATE, context)


def _live(request: HttpRequest, group: WorkingGroup, version: Version, since: int) -> HttpResponse:
    """What changed since audit event ``since``: nothing (204), or the state of play and, out
    of band, each paragraph that others' writes touched."""
    changes = changed_paragraphs(group.pk, since, ignore_actor=request.user)
    if changes is None:
        return HttpResponse(status=204)
    if changes.paragraph_ids is None:
        view, viewer = screen.screen_for(version, request.user, stamp=changes.stamp)
    else:
        view, viewer = screen.screen_for(
            version, request.user, only_ids=changes.paragraph_ids, stamp=changes.stamp
        )
    for block in view.blocks:
        block.updated = True
    context = _context(request, group, version, view, viewer)
    context["updated"] = [b for b in view.blocks if not b.is_heading]
    return render(request, f"{TEMPLATE}#live-update", context)


def _block(
    request: HttpRequest, version: Version, key: str
) -> tuple[screen.Block, screen.Screen, Any]:
    view, viewer = screen.screen_for(version, request.user, only_keys=[key])
    if not view.blocks:
        raise Http404(_("No such paragraph in this version."))
    return view.blocks[0], view, viewer


def _fragment(
    request: HttpRequest,
    group: WorkingGroup,
    version: Version,
    key: str,
    *,
    found: tuple[screen.Block, screen.Screen, Any] | None = None,
    status: int = 200,
    template: str = "paragraph",
) -> HttpResponse:
    block, view, viewer = found or _block(request, version, key)
    context = {**_context(request, group, version, view, viewer), "block": block}
    return render(request, f"{TEMPLATE}#{template}", context, status=status)


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
    if error is None and not _htmx(request):
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
    found = _block(request, version, key)
    block, view, _viewer = found
    if error is not None:
        block.error = error.message
        block.errors = error.fields
        if form is not None:
            screen.with_refusal(block, form, view.state.members)
    else:
        block.notice = done
    code = error.status if error is not None else 200
    if _htmx(request):
        return _fragment(request, group, version, key, found=found, status=code)
    return _page(request, group, version, failed=block, status=code)


def _item(version: Version, key: str) -> Any:
    try:
        return selectors.item_get(version=version, key=key)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _ref(item: Any) -> str:
    """The paragraph as the screen names it in its messages (its number, not its id)."""
    return ref_of(item).label


@require_POST
def record(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    group, version = _load(request, group_slug, report_slug, number)
    item = _item(version, key)
    paragraph = item.paragraph
    form = PositionForm(request.POST, prefix=f"p-{key}")
    if not form.is_valid():
        error = ApplicationError(_("Choose a position."), fields={"kind": _("Required.")})
        return _after_action(request, group, version, key, error=error, form=form)
    try:
        on_behalf_of = group_selectors.speaking_for(
            group=group, slug=form.cleaned_data.get("on_behalf_of") or ""
        )
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
    kind = str(selectors.KIND_LABELS[PositionEvent.Kind(event.kind)]).lower()
    if on_behalf_of is not None:
        done = _("Position of the %(group)s recorded on paragraph %(ref)s: %(kind)s.") % {
            "group": on_behalf_of,
            "ref": _ref(item),
            "kind": kind,
        }
    else:
        done = _("Position recorded on paragraph %(ref)s: %(kind)s.") % {
            "ref": _ref(item),
            "kind": kind,
        }
    return _after_action(request, group, version, key, done=done)


@require_POST
def status(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    group, version = _load(request, group_slug, report_slug, number)
    item = _item(version, key)
    paragraph = item.paragraph
    # Every status is accepted here; the service says which moves are allowed (and by whom).
    form = StatusForm(request.POST, group=group, allowed=list(services.S.values), prefix=f"s-{key}")
    if not form.is_valid():
        fields = {name: "; ".join(str(e) for e in errs) for name, errs in form.errors.items()}
        error = ApplicationError(_("Check the status form."), fields=fields)
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
    done = _("Paragraph %(ref)s is now %(status)s.") % {"ref": _ref(item), "status": label}
    return _after_action(request, group, version, key, done=done)


@require_POST
def confirm(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    group, version = _load(request, group_slug, report_slug, number)
    item = _item(version, key)
    paragraph = item.paragraph
    try:
        event = services.ad_referendum_confirm(
            actor=request.user, version=version, paragraph=paragraph
        )
    except ApplicationError as exc:
        return _after_action(request, group, version, key, error=exc)
    label = selectors.STATUS_LABELS[services.S(event.status)].lower()
    done = _("Confirmed. Paragraph %(ref)s is now %(status)s.") % {
        "ref": _ref(item),
        "status": label,
    }
    return _after_action(request, group, version, key, done=done)


@require_GET
def history(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    group, version = _load(request, group_slug, report_slug, number)
    if not selectors.positions_visible(request.user, group):
        raise Http404(_("No such paragraph in this version."))
    try:
        item = selectors.item_get(version=version, key=key)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    entries = selectors.paragraph_history(version, item.paragraph)
    context = {
        "group": group,
        "report": version.report,
        "version": version,
        "item": item,
        "ref": _ref(item),  # its number, as the negotiation screen names it
        "entries": entries,
    }
    return render(request, "positions/history.html", context)


@require_GET
def opinion_map(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> HttpResponse:
    """Which delegations think alike across the text: positions are members-only, so is this."""
    group, version = _load(request, group_slug, report_slug, number)
    if not can(request.user, "group.view_restricted", group):
        raise Http404(_("Not found."))
    view = positions_opinion_map_view(version)
    return render(
        request,
        "positions/opinion_map.html",
        {"group": group, "report": version.report, "version": version, "map": view},
    )
