"""Exports of a version as a file: DOCX, HTML, PDF or Akoma Ntoso XML."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router

from accord.drafts.models import Version
from accord.drafts.selectors.export import export_file, export_version_get_for_viewer
from accord.drafts.views.exports import file_response
from accord.groups.selectors import group_get_for_viewer

from .auth import viewer
from .errors import ErrorBody

router = Router(tags=["exports"])


@router.get(
    "/groups/{slug}/drafts/{report}/versions/{number}/export",
    response={200: None, 400: ErrorBody, 404: ErrorBody},
    summary="Export a version as a file",
)
def version_export(
    request: HttpRequest,
    slug: str,
    report: str,
    number: int,
    format: Literal["docx", "html", "pdf", "xml"] = "html",
) -> HttpResponse:
    """The version as DOCX (UN numbering, holders in footnotes), standalone HTML, PDF, or
    Akoma Ntoso 3.0 XML (AKN4UN naming). Same visibility as reading it: published versions
    are public, circulated ones need a role in the group, drafts the chair or secretariat;
    a hidden version is a 404 like a missing one."""
    who = viewer(request)
    group = group_get_for_viewer(slug=slug, viewer=who)
    version = export_version_get_for_viewer(
        viewer=who, group=group, report_slug=report, number=number
    )
    public = version.is_published and version.status == Version.Status.ISSUED
    return file_response(
        export_file(version=version, fmt=format), fmt=format, public=public and group.is_published
    )
