"""Reports, version reading pages, drafting forms, import and compare (HTML)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accord.common.errors import ApplicationError, NotFound, ValidationFailed
from accord.common.htmx import render_page_or_partial
from accord.common.uploads import read_upload
from accord.core.draft_import import bracket_html
from accord.groups import selectors as group_selectors
from accord.groups.models import WorkingGroup
from accord.groups.pagecache import cached_by_group_state
from accord.groups.permissions import can

from .. import tasks
from ..forms_versions import (
    ImportForm,
    ParagraphAddForm,
    ParagraphEditForm,
    ReportForm,
    VersionForm,
)
from ..models import Paragraph, Report, Version
from ..presenters_compare import VIEWS, compare_view
from ..selectors import versions as selectors
from ..services import versions as services


def _group(request: HttpRequest, slug: str) -> WorkingGroup:
    try:
        return group_selectors.group_get_for_viewer(slug=slug, viewer=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _report(request: HttpRequest, group: WorkingGroup, slug: str) -> Report:
    try:
        return selectors.report_get_for_viewer(viewer=request.user, group=group, slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _version(request: HttpRequest, report: Report, number: int) -> Version:
    try:
        return selectors.version_get_for_viewer(viewer=request.user, report=report, number=number)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _error(request: HttpRequest, group: WorkingGroup, exc: ApplicationError) -> HttpResponse:
    if isinstance(exc, NotFound):
        raise Http404(exc.message)
    return render(
        request, "drafts/version_error.html", {"group": group, "error": exc}, status=exc.status
    )


@require_http_methods(["GET", "POST"])
@cached_by_group_state
def report_list(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _group(request, group_slug)
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _error(request, group, ValidationFailed(_("Give the report a title.")))
        try:
            report = services.report_create(
                actor=request.user,
                group=group,
                title=form.cleaned_data["title"],
                symbol=form.cleaned_data["symbol"],
            )
        except ApplicationError as exc:
            return _error(request, group, exc)
        return redirect("drafts:report", group.slug, report.slug)
    context = {
        "group": group,
        "reports": selectors.report_list_for_viewer(viewer=request.user, group=group),
        "form": form,
        "can_create": can(request.user, "drafts.create", group),
    }
    return render(request, "drafts/report_list.html", context)


@require_http_methods(["GET", "POST"])
@cached_by_group_state
def report_detail(request: HttpRequest, group_slug: str, report_slug: str) -> HttpResponse:
    group = _group(request, group_slug)
    report = _report(request, group, report_slug)
    versions = selectors.versions_for_viewer(viewer=request.user, report=report)
    form = VersionForm(request.POST or None, versions=versions)
    if request.method == "POST":
        if not form.is_valid():
            return _error(request, group, ValidationFailed(_("Choose a type and a label.")))
        number = form.cleaned_data["based_on"]
        try:
            based_on = (
                selectors.version_get_for_viewer(viewer=request.user, report=report, number=number)
                if number
                else None
            )
            version = services.version_create(
                actor=request.user,
                report=report,
                kind=form.cleaned_data["kind"],
                label=form.cleaned_data["label"],
                based_on=based_on,
            )
        except ApplicationError as exc:
            return _error(request, group, exc)
        return redirect("drafts:version", group.slug, report.slug, version.number)
    context = {
        "group": group,
        "report": report,
        "versions": versions,
        "form": form,
        "can_create": can(request.user, "drafts.create", group),
    }
    return render(request, "drafts/report_detail.html", context)


def _rows(version: Version) -> list[dict[str, Any]]:
    rows = []
    for item in selectors.version_items(version):
        labels = [f.get("label", "") for f in item.footnotes]
        rows.append(
            {
                "item": item,
                "key": item.paragraph.key,
                "kind": item.paragraph.kind,
                # Escaped by bracket_html; only its own <span> tags are markup.
                "html": mark_safe(bracket_html(item.text, labels)),
            }
        )
    return rows


@cached_by_group_state
def version_detail(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> HttpResponse:
    group = _group(request, group_slug)
    report = _report(request, group, report_slug)
    version = _version(request, report, number)
    is_draft = version.status == Version.Status.DRAFT
    context = {
        "group": group,
        "report": report,
        "version": version,
        "rows": _rows(version),
        "can_edit": is_draft and can(request.user, "drafts.edit", group),
        "can_issue": is_draft and can(request.user, "drafts.issue", group),
        "can_publish": not is_draft and can(request.user, "drafts.publish", group),
        "add_form": ParagraphAddForm(),
        "kinds": Paragraph.Kind.choices,
    }
    return render(request, "drafts/version_detail.html", context)


def _paragraph(report: Report, key: str) -> Paragraph:
    paragraph = report.paragraphs.filter(key=key).first()
    if paragraph is None:
        raise Http404(_("No such paragraph."))
    return paragraph


@require_POST
def version_paragraph_add(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> HttpResponse:
    group = _group(request, group_slug)
    report = _report(request, group, report_slug)
    version = _version(request, report, number)
    form = ParagraphAddForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed(_("Give the paragraph a kind and a text."))
        after_key = form.cleaned_data["after"].strip()
        services.version_paragraph_add(
            actor=request.user,
            version=version,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            after=_paragraph(report, after_key) if after_key else None,
        )
    except ApplicationError as exc:
        return _error(request, group, exc)
    return redirect("drafts:version", group.slug, report.slug, version.number)


@require_POST
def version_paragraph_edit(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    """Update (``text``) or remove (``remove``) one paragraph of a draft version."""
    group = _group(request, group_slug)
    report = _report(request, group, report_slug)
    version = _version(request, report, number)
    paragraph = _paragraph(report, key)
    try:
        if "remove" in request.POST:
            services.version_paragraph_remove(
                actor=request.user, version=version, paragraph=paragraph
            )
        else:
            form = ParagraphEditForm(request.POST)
            if not form.is_valid():
                raise ValidationFailed(_("The paragraph has no text."))
            services.version_paragraph_update(
                actor=request.user,
                version=version,
                paragraph=paragraph,
                text=form.cleaned_data["text"],
            )
    except ApplicationError as exc:
        return _error(request, group, exc)
    return redirect("drafts:version", group.slug, report.slug, version.number)


@require_POST
def version_issue(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> HttpResponse:
    group = _group(request, group_slug)
    report = _report(request, group, report_slug)
    version = _version(request, report, number)
    try:
        if request.POST.get("action") == "publish":
            services.version_publish(actor=request.user, version=version)
        else:
            services.version_issue(actor=request.user, version=version)
    except ApplicationError as exc:
        return _error(request, group, exc)
    return redirect("drafts:version", group.slug, report.slug, version.number)


@require_http_methods(["GET", "POST"])
def version_import(request: HttpRequest, group_slug: str, report_slug: str) -> HttpResponse:
    group = _group(request, group_slug)
    report = _report(request, group, report_slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"group": group, "report": report, "form": form}
    if request.method == "POST":
        try:
            data, name = read_upload(request.FILES.get("file"))
            # Reading the file runs in the job worker; its page links to the new version.
            job = tasks.version_import_start(
                actor=request.user,
                report=report,
                data=data,
                filename=name,
                kind=request.POST.get("kind", ""),
                label=request.POST.get("label", ""),
            )
        except ApplicationError as exc:
            if isinstance(exc, NotFound):
                raise Http404(exc.message) from exc
            context["error"] = exc
            return render(request, "drafts/version_import.html", context, status=exc.status)
        return redirect(job.get_absolute_url())
    if not can(request.user, "drafts.create", group):
        return _error(request, group, ApplicationError(_("You cannot import drafts here.")))
    return render(request, "drafts/version_import.html", context)


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@cached_by_group_state
def version_compare(request: HttpRequest, group_slug: str, report_slug: str) -> HttpResponse:
    """Redline between versions ``a`` and ``b``; an htmx request gets only the result.

    ``view=side`` shows the two texts side by side (inline otherwise); ``all=1`` opens the
    collapsed stretches of unchanged paragraphs.
    """
    group = _group(request, group_slug)
    report = _report(request, group, report_slug)
    versions = selectors.versions_for_viewer(viewer=request.user, report=report)
    a, b = _number(request.GET.get("a")), _number(request.GET.get("b"))
    view = request.GET.get("view")
    compare = None
    if a and b:
        compare = compare_view(
            selectors.version_compare(_version(request, report, a), _version(request, report, b))
        )
    elif len(versions) >= 2:  # the form offers the latest step by default
        a, b = a or versions[-2].number, b or versions[-1].number
    context = {
        "group": group,
        "report": report,
        "versions": versions,
        "a": a,
        "b": b,
        "view": view if view in VIEWS else VIEWS[0],
        "expand": request.GET.get("all") == "1",
        "compare": compare,
    }
    return render_page_or_partial(request, "drafts/compare_page.html", context, "result")
