"""Download a version as DOCX, HTML, PDF or Akoma Ntoso XML (GET only, no page of its own)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from accord.common.errors import NotFound
from accord.groups import selectors as group_selectors

from ..models import Version
from ..selectors.export import ExportFile, export_file, export_version_get_for_viewer

# The HTML export is a standalone document served from our origin: it must not run
# anything or load anything, even if some text slipped through unescaped.
HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"


def file_response(exported: ExportFile, *, fmt: str, public: bool) -> HttpResponse:
    """The bytes with their Content-Type and Content-Disposition (HTML shown inline)."""
    response = HttpResponse(exported.data, content_type=exported.content_type)
    disposition = content_disposition_header(fmt != "html", exported.filename)
    response["Content-Disposition"] = disposition or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    if fmt == "html":
        response["Content-Security-Policy"] = HTML_CSP
    return response


@require_GET
def version_export(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, fmt: str
) -> HttpResponse:
    try:
        group = group_selectors.group_get_for_viewer(slug=group_slug, viewer=request.user)
        version = export_version_get_for_viewer(
            viewer=request.user, group=group, report_slug=report_slug, number=number
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    exported = export_file(version=version, fmt=fmt)
    public = version.is_published and version.status == Version.Status.ISSUED
    return file_response(exported, fmt=fmt, public=public and group.is_published)
