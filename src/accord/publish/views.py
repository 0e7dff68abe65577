"""The public site's own pages: home, a group's overview and members, search."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accord.common.errors import NotFound, ValidationFailed
from accord.common.htmx import render_page_or_partial
from accord.groups import selectors as group_selectors
from accord.groups.pagecache import cached_by_group_state
from accord.groups.permissions import can, can_create_group
from accord.outcomes.selectors.outcomes import outcome_list_for_viewer
from accord.search.models import SearchEntry

from .selectors import member_roll, search_for_viewer

PAGE_SIZE = 20


def _group(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    try:
        return group_selectors.group_get_for_viewer(slug=slug, viewer=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def home(request: HttpRequest) -> HttpResponse:
    groups = group_selectors.group_list_for_viewer(viewer=request.user)
    return render(
        request,
        "publish/home.html",
        {"groups": groups, "can_create_group": can_create_group(request.user)},
    )


@cached_by_group_state
def group_overview(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug)
    constituencies = group_selectors.constituency_list(group=group)
    return render(
        request,
        "publish/group_overview.html",
        {
            "group": group,
            "constituencies": constituencies,
            "member_total": sum(c.member_count for c in constituencies),  # type: ignore[attr-defined]
            "observer_total": sum(c.observer_count for c in constituencies),  # type: ignore[attr-defined]
            "is_participant": can(request.user, "group.view_restricted", group),
            "can_manage": can(request.user, "group.manage_members", group),
            "outcomes": outcome_list_for_viewer(group=group, viewer=request.user),
        },
    )


@cached_by_group_state
def members(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug)
    return render(
        request,
        "publish/members.html",
        {
            "group": group,
            "rolls": member_roll(group=group),
        },
    )


def search(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    group = _group(request, slug) if slug else None
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    constituency = request.GET.get("constituency", "")
    raw_page = request.GET.get("page", "1")
    # A page number is bounded before int() (a 2**63 one was a 500 on the database).
    page_number = max(1, int(raw_page)) if raw_page.isdigit() and len(raw_page) < 7 else 0
    result = None
    error: ValidationFailed | None = None
    try:
        if page_number == 0:
            raise ValidationFailed(_("There is no such page of results."), fields={"page": ""})
        if query:
            result = search_for_viewer(
                viewer=request.user,
                query=query,
                group_slug=slug,
                kind=kind or None,
                constituency=constituency or None,
                limit=PAGE_SIZE,
                offset=(page_number - 1) * PAGE_SIZE,
            )
    except ValidationFailed as exc:
        error, page_number = exc, 1
    pages = Paginator(range(result.page.total if result else 0), PAGE_SIZE)
    return render_page_or_partial(
        request,
        "publish/search.html",
        {
            "group": group,
            "query": query,
            "kind": kind,
            "constituency": constituency,
            "kinds": SearchEntry.Kind.choices,
            "constituencies": group.constituencies.all() if group else [],
            "result": result,
            "page": pages.get_page(page_number) if result else None,
            "error": error,
        },
        "results",
        status=error.status if error else 200,
    )
