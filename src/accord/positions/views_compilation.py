"""The compilation text of a version: the page and its DOCX."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accord.common.errors import NotFound
from accord.drafts.models import Version
from accord.drafts.selectors.versions import version_in_group_for_viewer
from accord.groups import selectors as group_selectors
from accord.groups.models import WorkingGroup
from accord.groups.pagecache import cached_by_group_state

from . import compilation as compilation_mod
from . import selectors
from .compilation import html as compilation_html


def _load(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> tuple[WorkingGroup, Version]:
    """The group and version, or the same 404 for missing and hidden ones."""
    try:
        group = group_selectors.group_get_for_viewer(slug=group_slug, viewer=request.user)
        version = version_in_group_for_viewer(
            group=group, report_slug=report_slug, number=number, viewer=request.user
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return group, version


def _compilation(request: HttpRequest, version: Version, group: WorkingGroup) -> Any:
    return compilation_mod.compilation_build(
        version, with_positions=selectors.positions_visible(request.user, group)
    )


@require_GET
@cached_by_group_state
def compilation(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> HttpResponse:
    group, version = _load(request, group_slug, report_slug, number)
    entries = _compilation(request, version, group)
    context = {
        "group": group,
        "report": version.report,
        "version": version,
        "rows": compilation_html.page_entries(entries),
        "summary": compilation_mod.compilation_summary(entries),
        "naeiea": compilation_mod.naeiea(),
    }
    return render(request, "positions/compilation.html", context)


@require_GET
def compilation_file(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, fmt: str
) -> HttpResponse:
    """The compilation text as DOCX or PDF (``fmt``), written by ``accord.core.export``."""
    group, version = _load(request, group_slug, report_slug, number)
    export = compilation_mod.compilation_file(version, _compilation(request, version, group), fmt)
    response = HttpResponse(export.data, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
