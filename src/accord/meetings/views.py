"""Meeting pages: list, detail, a day's transcript, and the secretariat's forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.common.errors import ApplicationError, NotFound, PermissionDenied
from accord.common.htmx import render_page_or_partial
from accord.common.uploads import read_upload
from accord.groups.models import WorkingGroup
from accord.groups.pagecache import cached_by_group_state
from accord.groups.permissions import can
from accord.groups.selectors import group_get_for_viewer

from . import selectors, services, tasks
from .forms import AgendaItemForm, DayForm, MeetingForm, TranscriptUploadForm

NOT_FOUND = "Not found."


def group_or_404(request: HttpRequest, slug: str) -> WorkingGroup:
    try:
        return group_get_for_viewer(slug=slug, viewer=request.user)
    except NotFound:
        raise Http404(NOT_FOUND) from None


def error_page(request: HttpRequest, group: WorkingGroup, exc: ApplicationError) -> HttpResponse:
    """An error the user caused, as a page with its message; hidden and missing alike → 404."""
    if isinstance(exc, NotFound):
        raise Http404(NOT_FOUND)
    return render(request, "meetings/error.html", {"group": group, "error": exc}, status=exc.status)


def _meeting_view(request: HttpRequest, group: WorkingGroup, number: int) -> Any:
    try:
        return selectors.meeting_get_for_viewer(group=group, number=number, viewer=request.user)
    except NotFound:
        raise Http404(NOT_FOUND) from None


@require_GET
@cached_by_group_state
def meeting_list(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = group_or_404(request, group_slug)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "group": group,
            "meetings": selectors.meeting_list(group=group),
            "can_manage": can(request.user, "meetings.manage", group),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = group_or_404(request, group_slug)
    form = MeetingForm(request.POST or None)
    context: dict[str, Any] = {"group": group, "form": form}
    if not can(request.user, "meetings.manage", group):
        return error_page(
            request, group, PermissionDenied(_("Only the secretariat can create meetings."))
        )
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "meetings/meeting_form.html", context, status=400)
        try:
            meeting = services.meeting_create(actor=request.user, group=group, **form.cleaned_data)
        except ApplicationError as exc:
            context["error"] = exc.message
            return render(request, "meetings/meeting_form.html", context, status=exc.status)
        messages.success(request, _("Meeting %(number)s created.") % {"number": meeting.number})
        return redirect("meetings:detail", group.slug, meeting.number)
    return render(request, "meetings/meeting_form.html", context)


def _detail_context(request: HttpRequest, group: WorkingGroup, number: int) -> dict[str, Any]:
    view = _meeting_view(request, group, number)
    return {
        "group": group,
        "view": view,
        "meeting": view.meeting,
        "can_manage": can(request.user, "meetings.manage", group),
        "can_upload": can(request.user, "meetings.upload_transcript", group),
        "day_form": DayForm(),
        "agenda_form": AgendaItemForm(meeting=view.meeting),
    }


@require_GET
@cached_by_group_state
def meeting_detail(request: HttpRequest, group_slug: str, number: int) -> HttpResponse:
    group = group_or_404(request, group_slug)
    return render(request, "meetings/meeting_detail.html", _detail_context(request, group, number))


def _detail_with_error(
    request: HttpRequest, group: WorkingGroup, number: int, message: str, status: int, **forms: Any
) -> HttpResponse:
    context = _detail_context(request, group, number)
    context.update(forms)
    context["error"] = message
    return render(request, "meetings/meeting_detail.html", context, status=status)


@require_POST
def day_add(request: HttpRequest, group_slug: str, number: int) -> HttpResponse:
    group = group_or_404(request, group_slug)
    meeting = _meeting_view(request, group, number).meeting
    form = DayForm(request.POST)
    if not form.is_valid():
        return _detail_with_error(
            request, group, number, "Give the day's date.", 400, day_form=form
        )
    try:
        day = services.meeting_day_add(
            actor=request.user, meeting=meeting, date=form.cleaned_data["date"]
        )
    except ApplicationError as exc:
        if isinstance(exc, NotFound):
            raise Http404(NOT_FOUND) from None
        return _detail_with_error(request, group, number, exc.message, exc.status, day_form=form)
    messages.success(
        request,
        _("Day %(order)s (%(date)s) added.")
        % {"order": day.order, "date": format(day.date, "%Y-%m-%d")},
    )
    return redirect("meetings:detail", group.slug, number)


@require_POST
def agenda_add(request: HttpRequest, group_slug: str, number: int) -> HttpResponse:
    group = group_or_404(request, group_slug)
    meeting = _meeting_view(request, group, number).meeting
    form = AgendaItemForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _detail_with_error(
            request, group, number, "Give the item a title.", 400, agenda_form=form
        )
    data = form.cleaned_data
    day = meeting.days.filter(pk=data["day"]).first() if data["day"] else None
    try:
        services.agenda_item_add(
            actor=request.user,
            meeting=meeting,
            title=data["title"],
            description=data["description"],
            number=data["number"],
            day=day,
        )
    except ApplicationError as exc:
        return _detail_with_error(request, group, number, exc.message, exc.status, agenda_form=form)
    messages.success(request, _("Agenda item added."))
    return redirect("meetings:detail", group.slug, number)


def _transcript_or_404(request: HttpRequest, group: WorkingGroup, number: int, day: str) -> Any:
    try:
        return selectors.transcript_get_for_viewer(
            group=group, number=number, day=selectors.parse_day(day), viewer=request.user
        )
    except NotFound:
        raise Http404(NOT_FOUND) from None


@require_GET
@cached_by_group_state
def day_transcript(request: HttpRequest, group_slug: str, number: int, day: str) -> HttpResponse:
    """A day's transcript, one ``<article id="turn-N">`` per turn; htmx gets only the turns."""
    group = group_or_404(request, group_slug)
    transcript = _transcript_or_404(request, group, number, day)
    speaker = request.GET.get("speaker", "")
    speakers = selectors.transcript_speakers(transcript=transcript)
    if speaker and speaker not in {s.label for s in speakers}:
        speaker = ""
    return render_page_or_partial(
        request,
        "meetings/day_transcript.html",
        {
            "group": group,
            "meeting": transcript.day.meeting,
            "day": transcript.day,
            "transcript": transcript,
            "access": selectors.transcript_access(transcript),
            "turns": selectors.turn_rows(transcript=transcript, speaker=speaker),
            "speakers": speakers,
            "speaker": speaker,
            "can_publish": can(request.user, "meetings.publish_transcript", group),
            "can_upload": can(request.user, "meetings.upload_transcript", group),
        },
        "turns",
    )


@require_GET
def transcript_original(
    request: HttpRequest, group_slug: str, number: int, day: str
) -> FileResponse:
    """The file as uploaded, under the same visibility as the transcript page."""
    group = group_or_404(request, group_slug)
    transcript = _transcript_or_404(request, group, number, day)
    return FileResponse(
        transcript.original_file.open("rb"),
        as_attachment=True,
        filename=transcript.original_name,
    )


@require_http_methods(["GET", "POST"])
def transcript_upload(request: HttpRequest, group_slug: str, number: int, day: str) -> HttpResponse:
    """Upload (or replace) a day's transcript; the page then shows how it was parsed."""
    group = group_or_404(request, group_slug)
    try:
        meeting = selectors.meeting_get(group=group, number=number)
        meeting_day = selectors.day_get(meeting=meeting, day=selectors.parse_day(day))
    except NotFound:
        raise Http404(NOT_FOUND) from None
    if not can(request.user, "meetings.upload_transcript", group):
        raise Http404(NOT_FOUND)  # the form is the secretariat's; nobody else needs to know
    form = TranscriptUploadForm(request.POST or None, request.FILES or None)
    current = getattr(meeting_day, "transcript", None)
    context: dict[str, Any] = {
        "group": group,
        "meeting": meeting,
        "day": meeting_day,
        "form": form,
        "transcript": current,
    }
    speakers = selectors.transcript_speakers(transcript=current) if current else []
    context["speakers"] = speakers
    context["matched"] = [s for s in speakers if s.matched]
    context["unmatched"] = [s for s in speakers if not s.matched]
    if request.method == "POST":
        try:
            if not form.is_valid():
                context["error"] = "Choose a transcript file to upload."
                return render(request, "meetings/transcript_upload.html", context, status=400)
            data, name = read_upload(form.cleaned_data["file"])
            # Parsing and storing run in the job worker; its page shows how it went.
            job = tasks.transcript_upload_start(
                actor=request.user,
                day=meeting_day,
                data=data,
                filename=name,
                format=form.cleaned_data["format"] or None,
            )
        except ApplicationError as exc:
            context["error"] = exc.message
            return render(request, "meetings/transcript_upload.html", context, status=exc.status)
        return redirect(job.get_absolute_url())
    return render(request, "meetings/transcript_upload.html", context)


@require_POST
def transcript_rematch(
    request: HttpRequest, group_slug: str, number: int, day: str
) -> HttpResponse:
    """Match a stored transcript's speakers and negotiating groups again (secretariat)."""
    group = group_or_404(request, group_slug)
    if not can(request.user, "meetings.upload_transcript", group):
        raise Http404(NOT_FOUND)  # like the upload form it sits on
    transcript = _transcript_or_404(request, group, number, day)
    try:
        changed = services.transcript_rematch(actor=request.user, transcript=transcript)
    except ApplicationError as exc:
        return error_page(request, group, exc)
    messages.success(
        request,
        ngettext(
            "Speakers matched again: %(count)d turn changed.",
            "Speakers matched again: %(count)d turns changed.",
            changed,
        )
        % {"count": changed},
    )
    return redirect("meetings:upload", group.slug, number, day)


@require_POST
def transcript_publish(
    request: HttpRequest, group_slug: str, number: int, day: str
) -> HttpResponse:
    group = group_or_404(request, group_slug)
    transcript = _transcript_or_404(request, group, number, day)
    published = request.POST.get("published", "1") != "0"
    try:
        services.transcript_publish(actor=request.user, transcript=transcript, published=published)
    except ApplicationError as exc:
        return error_page(request, group, exc)
    messages.success(
        request, "The transcript is now public." if published else "The transcript is members-only."
    )
    return redirect("meetings:day", group.slug, number, day)
