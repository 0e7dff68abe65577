"""What the amendment, bracket and edit views share: loading what the URL names (404 alike
for missing and hidden), numbers from a form, and answering a write (redirect, or the
paragraph's fragment for htmx)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.common.errors import ApplicationError, NotFound, ValidationFailed
from accord.drafts.selectors.versions import version_in_group_for_viewer
from accord.groups import selectors as group_selectors
from accord.groups.models import NegotiatingGroup, WorkingGroup
from accord.groups.selectors import group_get_for_viewer, negotiating_groups_of_member

from ..models import Paragraph, Version, VersionParagraph
from ..selectors import amendments as sel
from ..services import amendments as amend_services
from ..services.quotes import AmbiguousQuote
from .panel import paragraph_context

LIST = "drafts/amendment_list.html"
BRACKETS = "drafts/bracket_list.html"


def htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def group_or_404(request: HttpRequest, slug: str) -> WorkingGroup:
    try:
        return group_get_for_viewer(slug=slug, viewer=request.user)
    except NotFound:
        raise Http404(_("Not found.")) from None


def version_or_404(
    request: HttpRequest, group: WorkingGroup, report_slug: str, number: int
) -> Version:
    try:
        return version_in_group_for_viewer(
            group=group, report_slug=report_slug, number=number, viewer=request.user
        )
    except NotFound:
        raise Http404(_("Not found.")) from None


def item_or_404(version: Version, key: str) -> VersionParagraph:
    try:
        return sel.paragraph_in_version(version=version, key=key)
    except NotFound:
        raise Http404(_("Not found.")) from None


def error_page(request: HttpRequest, group: WorkingGroup, exc: ApplicationError) -> HttpResponse:
    if isinstance(exc, NotFound):
        raise Http404(_("Not found."))
    template = "drafts/amendment_error.html"
    name = f"{template}#message" if htmx(request) else template
    return render(request, name, {"group": group, "error": exc}, status=exc.status)


def number(value: str | None, name: str, *, required: bool = True) -> int | None:
    if value is None or value == "":
        if required:
            raise ValidationFailed(
                _("Give %(name)s.") % {"name": name}, fields={name: _("Required.")}
            )
        return None
    try:
        parsed = int(value)
    except ValueError:
        raise ValidationFailed(
            _("%(name)s must be a number.") % {"name": name}, fields={name: "invalid"}
        ) from None
    if parsed < 0:
        raise ValidationFailed(
            _("%(name)s must not be negative.") % {"name": name}, fields={name: "invalid"}
        )
    return parsed


def quote_of(post: Any) -> str | None:
    """The quoted words of a form (``None`` when the form names the words by offsets)."""
    quote = post.get("quote")
    return None if quote is None else str(quote)


def negotiating_group_of(group: WorkingGroup, slug: str) -> NegotiatingGroup | None:
    """The negotiating group named in the form (``None``: the delegation's own proposal)."""
    return group_selectors.speaking_for(group=group, slug=slug)


def speaking_for(request: HttpRequest, group: WorkingGroup) -> list[NegotiatingGroup]:
    """The negotiating groups the delegate's member may propose for (offered in the form)."""
    member = amend_services.acting_member(request.user, group)
    return negotiating_groups_of_member(member=member) if member is not None else []


def paragraph_page(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> tuple[WorkingGroup, Version, VersionParagraph, dict[str, Any]]:
    """What a paragraph's amendment or bracket page shows: its group, version, paragraph
    (as listed in the version) and the template context, ``item`` included."""
    group = group_or_404(request, group_slug)
    version = version_or_404(request, group, report_slug, number)
    item = item_or_404(version, key)
    context = paragraph_context(request, group, version, item.paragraph)
    context["item"] = item
    return group, version, item, context


def refused(context: dict[str, Any], exc: ApplicationError, form: str) -> None:
    """Put a refusal into a form's context: its message, per-field messages, and for
    quoted words that occur more than once, the occurrences to choose from."""
    context["error"] = exc.message
    context["error_fields"] = exc.fields
    context["failed"] = form
    if isinstance(exc, AmbiguousQuote):
        context["occurrences"] = list(enumerate(exc.occurrences, start=1))


def safe_next(request: HttpRequest) -> str:
    """The page the form came from, when it is on this site."""
    url = str(request.POST.get("next", ""))
    return url if url.startswith("/") and not url.startswith("//") else ""


def after_write(
    request: HttpRequest,
    group: WorkingGroup,
    version: Version,
    paragraph: Paragraph,
    message: str,
    *,
    partial: str = "paragraph-amendments",
    status: int = 200,
) -> HttpResponse:
    if htmx(request):
        template = LIST if partial == "paragraph-amendments" else BRACKETS
        context = paragraph_context(request, group, version, paragraph)
        context["notice"] = message
        return render(request, f"{template}#{partial}", context, status=status)
    messages.success(request, message)
    url = safe_next(request)
    if url:
        return redirect(url)
    return redirect(
        reverse(
            "drafts:amendment-list",
            args=[group.slug, version.report.slug, version.number, paragraph.key],
        )
    )
