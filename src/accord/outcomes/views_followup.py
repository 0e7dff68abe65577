"""Follow-up pages (``followup`` namespace, under ``g/<group_slug>/follow-up/``): the public
tracker, one page per recommendation telling its story, an Atom feed of progress reports, and
the secretariat's and chair's forms (plain POST, then a redirect; no JavaScript needed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.common.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from accord.common.uploads import read_upload
from accord.drafts.models import Paragraph
from accord.groups import selectors as group_selectors
from accord.groups.models import WorkingGroup
from accord.groups.pagecache import cached_by_group_state

from .models import Outcome, ProgressReport, Recommendation
from .selectors import followup as selectors
from .services import followup as services

FEED_ENTRIES = 100
TRACKER = "outcomes/followup/tracker.html"
DETAIL = "outcomes/followup/recommendation.html"


class ProgressReportForm(forms.Form):
    reported_on = forms.DateField(
        label=gettext_lazy("Date of the report"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Recommendation.Status.choices)
    progress = forms.IntegerField(
        label=gettext_lazy("Progress (%)"), required=False, min_value=0, max_value=100
    )
    text = forms.CharField(
        label=gettext_lazy("What was done"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=services.TEXT_MAX,
    )
    reporting_body = forms.CharField(
        label=gettext_lazy("Reporting body"),
        required=False,
        max_length=services.REPORTING_BODY_MAX,
    )
    source_url = forms.CharField(
        label=gettext_lazy("Source (web address)"),
        required=False,
        max_length=services.URL_MAX,
        widget=forms.URLInput(),
    )


class RecommendationEditForm(forms.Form):
    responsible_bodies = forms.CharField(
        label=gettext_lazy("Responsible bodies (one a line)"),
        required=False,
        max_length=services.BODIES_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_date = forms.DateField(
        label=gettext_lazy("Next review"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


# --- loading -----------------------------------------------------------------------------------


def _group(request: HttpRequest, group_slug: str) -> WorkingGroup:
    try:
        return group_selectors.group_get_for_viewer(slug=group_slug, viewer=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _recommendation(request: HttpRequest, group: WorkingGroup, public_id: str) -> Recommendation:
    try:
        return selectors.recommendation_get_for_viewer(
            viewer=request.user, group=group, public_id=public_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _detail_url(group: WorkingGroup, public_id: str, anchor: str = "") -> str:
    url = reverse("followup:detail", kwargs={"group_slug": group.slug, "public_id": public_id})
    return f"{url}#{anchor}" if anchor else url


def _form_errors(form: forms.Form) -> ValidationFailed:
    fields = {name: " ".join(str(e) for e in errors) for name, errors in form.errors.items()}
    return ValidationFailed(_("Correct the fields marked below."), fields=fields)


# --- the tracker -------------------------------------------------------------------------------


def _tracker_page(
    request: HttpRequest,
    group: WorkingGroup,
    *,
    import_form: ImportForm | None = None,
    error: ApplicationError | None = None,
    status: int = 200,
) -> HttpResponse:
    tracker = selectors.tracker_for_viewer(
        viewer=request.user, group=group, status=request.GET.get("status", "")
    )
    can_track = selectors.may_track(request.user, group)
    outcomes = selectors.trackable_outcomes(viewer=request.user, group=group)
    context: dict[str, Any] = {
        "group": group,
        "tracker": tracker,
        "statuses": Recommendation.Status.choices,
        "can_track": can_track,
        "import_form": import_form or ImportForm(),
        "columns": ",".join(services.CSV_COLUMNS),
        "max_rows": services.CSV_MAX_ROWS,
        "outcomes": [
            (o, selectors.summary_candidates(o) if o.kind == Outcome.Kind.CHAIRS_SUMMARY else [])
            for o in outcomes
        ],
        "error": error,
    }
    return render(request, TRACKER, context, status=status)


@require_GET
@cached_by_group_state
def tracker(request: HttpRequest, group_slug: str) -> HttpResponse:
    return _tracker_page(request, _group(request, group_slug))


@require_POST
def import_csv(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _group(request, group_slug)
    form = ImportForm(request.POST, request.FILES)
    try:
        if not selectors.may_track(request.user, group):
            raise PermissionDenied(_("Only the secretariat and the chair keep the tracker."))
        data, _name = read_upload(request.FILES.get("file"))
        result = services.progress_reports_import_csv(actor=request.user, group=group, data=data)
    except ApplicationError as exc:
        return _tracker_page(request, group, import_form=form, error=exc, status=exc.status)
    messages.success(request, result.message)
    return redirect("followup:tracker", group.slug)


@require_POST
def track(request: HttpRequest, group_slug: str, outcome_pk: int) -> HttpResponse:
    """Give the recommendations of an issued outcome their public ids."""
    group = _group(request, group_slug)
    try:
        if not selectors.may_track(request.user, group):
            raise PermissionDenied(_("Only the secretariat and the chair keep the tracker."))
        outcome = Outcome.objects.filter(group=group, pk=outcome_pk).first()
        if outcome is None:
            raise Http404(_("No such outcome."))
        paragraphs = None
        if outcome.kind == Outcome.Kind.CHAIRS_SUMMARY:
            keys = request.POST.getlist("paragraphs")
            paragraphs = list(
                Paragraph.objects.filter(
                    report__group=group, pk__in=[k for k in keys if k.isdigit()]
                )
            )
        before = Recommendation.objects.filter(outcome=outcome).count()
        tracked = services.recommendations_track(
            actor=request.user, outcome=outcome, paragraphs=paragraphs
        )
    except ApplicationError as exc:
        return _tracker_page(request, group, error=exc, status=exc.status)
    added = Recommendation.objects.filter(outcome=outcome).count() - before
    messages.success(
        request,
        _("%(n)d recommendations tracked (%(added)d new).") % {"n": len(tracked), "added": added},
    )
    return redirect("followup:tracker", group.slug)


# --- one recommendation ------------------------------------------------------------------------


def _detail_page(
    request: HttpRequest,
    group: WorkingGroup,
    public_id: str,
    *,
    report_form: ProgressReportForm | None = None,
    edit_form: RecommendationEditForm | None = None,
    error: ApplicationError | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        story = selectors.recommendation_story_for_viewer(
            viewer=request.user, group=group, public_id=public_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    r = story.recommendation
    context = {
        "group": group,
        "story": story,
        "recommendation": r,
        "can_track": selectors.may_track(request.user, group),
        "report_form": report_form or ProgressReportForm(initial={"status": r.status}),
        "edit_form": edit_form
        or RecommendationEditForm(
            initial={"responsible_bodies": r.responsible_bodies, "review_date": r.review_date}
        ),
        "error": error,
    }
    return render(request, DETAIL, context, status=status)


@require_GET
@cached_by_group_state
def recommendation_detail(request: HttpRequest, group_slug: str, public_id: str) -> HttpResponse:
    return _detail_page(request, _group(request, group_slug), public_id)


@require_POST
def report_add(request: HttpRequest, group_slug: str, public_id: str) -> HttpResponse:
    group = _group(request, group_slug)
    recommendation = _recommendation(request, group, public_id)
    form = ProgressReportForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_errors(form)
        data = form.cleaned_data
        report = services.progress_report_add(
            actor=request.user,
            recommendation=recommendation,
            reported_on=data["reported_on"],
            status=data["status"],
            progress=data["progress"],
            text=data["text"],
            reporting_body=data["reporting_body"],
            source_url=data["source_url"],
        )
    except ApplicationError as exc:
        return _detail_page(
            request, group, public_id, report_form=form, error=exc, status=exc.status
        )
    messages.success(request, _("Progress report recorded."))
    return redirect(_detail_url(group, public_id, f"report-{report.pk}"))


@require_POST
def recommendation_edit(request: HttpRequest, group_slug: str, public_id: str) -> HttpResponse:
    group = _group(request, group_slug)
    recommendation = _recommendation(request, group, public_id)
    form = RecommendationEditForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_errors(form)
        services.recommendation_update(
            actor=request.user,
            recommendation=recommendation,
            responsible_bodies=form.cleaned_data["responsible_bodies"],
            review_date=form.cleaned_data["review_date"],
        )
    except ApplicationError as exc:
        return _detail_page(request, group, public_id, edit_form=form, error=exc, status=exc.status)
    messages.success(request, _("Responsible bodies and review date saved."))
    return redirect(_detail_url(group, public_id))


# --- the Atom feed -----------------------------------------------------------------------------


def _entry_title(report: ProgressReport) -> str:
    label = report.get_status_display()
    if report.progress is not None:
        return _("%(id)s: %(status)s (%(progress)d%%)") % {
            "id": report.recommendation.public_id,
            "status": label,
            "progress": report.progress,
        }
    return _("%(id)s: %(status)s") % {"id": report.recommendation.public_id, "status": label}


@require_GET
@cached_by_group_state
def feed(request: HttpRequest, group_slug: str) -> HttpResponse:
    """Atom 1.0: one entry per progress report; ids stable (tag URIs on the report's id)."""
    group = _group(request, group_slug)
    page_url = request.build_absolute_uri(reverse("followup:tracker", args=[group.slug]))
    name = group.short_name or group.name
    atom = Atom1Feed(
        title=_("%(group)s: follow-up of recommendations") % {"group": name},
        link=page_url,
        description=_("Progress reports on the recommendations of %(group)s.")
        % {"group": group.name},
        feed_url=request.build_absolute_uri(),
        feed_guid=f"{page_url}#feed",
        language=get_language() or "en",
    )
    host = request.get_host().split(":")[0]
    for report in selectors.progress_reports_for_feed(
        viewer=request.user, group=group, limit=FEED_ENTRIES
    ):
        public_id = report.recommendation.public_id
        body = report.text
        if report.reporting_body:
            body = _("%(body)s reports on %(date)s: %(text)s") % {
                "body": report.reporting_body,
                "date": report.reported_on.isoformat(),
                "text": report.text,
            }
        atom.add_item(
            title=_entry_title(report),
            link=request.build_absolute_uri(_detail_url(group, public_id, f"report-{report.pk}")),
            description=body,
            unique_id=f"tag:{host},{report.created_at:%Y-%m-%d}:followup/{group.slug}/"
            f"{public_id}/{report.pk}",
            pubdate=report.created_at,
            updateddate=report.created_at,
            categories=[report.status],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    return response
