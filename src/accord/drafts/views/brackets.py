"""Bracketing words of a paragraph (quoted, or selected with the mouse), holding a bracket
too, lifting one's hold. Plain POST + redirect; an htmx POST answers with the fragment."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accord.common.errors import ApplicationError, NotFound, ValidationFailed

from ..models import Bracket
from ..selectors import amendments as sel
from ..services import brackets as bracket_services
from .helpers import (
    after_write,
    error_page,
    group_or_404,
    htmx,
    item_or_404,
    paragraph_page,
    quote_of,
    refused,
)
from .helpers import number as form_number

FORM = "drafts/bracket_form.html"


@require_http_methods(["GET", "POST"])
def bracket_add(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    group, version, item, context = paragraph_page(request, group_slug, report_slug, number, key)
    context["values"] = request.POST
    if request.method == "POST":
        post = request.POST
        try:
            linked = None
            linked_key = post.get("linked_paragraph", "").strip()
            if linked_key:
                linked = item_or_404(version, linked_key).paragraph
            bracket = bracket_services.bracket_add(
                actor=request.user,
                version=version,
                paragraph=item.paragraph,
                start=form_number(post.get("start"), "start", required=False),
                end=form_number(post.get("end"), "end", required=False),
                quote=quote_of(post),
                occurrence=form_number(post.get("occurrence"), "occurrence", required=False),
                reason=post.get("reason", Bracket.Reason.CONTESTED),
                linked_paragraph=linked,
                note=post.get("note", ""),
            )
        except ApplicationError as exc:
            if isinstance(exc, NotFound):
                raise Http404(_("Not found.")) from None
            refused(context, exc, "bracket")
            name = f"{FORM}#form" if htmx(request) else FORM
            return render(request, name, context, status=exc.status)
        return after_write(
            request,
            group,
            bracket.version,
            item.paragraph,
            _("“%(words)s” is bracketed.") % {"words": bracket.text},
            partial="paragraph-brackets",
        )
    if not context["can_bracket"]:
        return error_page(request, group, _refusal(context["can_bracket"].reason))
    return render(request, FORM, context)


def _refusal(reason: str) -> ApplicationError:
    return ValidationFailed(reason or _("Only delegates bracket issued text."))


@require_POST
def bracket_action(
    request: HttpRequest, group_slug: str, report_slug: str, pk: int, action: str
) -> HttpResponse:
    """join / lift a bracket."""
    group = group_or_404(request, group_slug)
    try:
        bracket = sel.bracket_get_for_viewer(
            group=group, report_slug=report_slug, pk=pk, viewer=request.user
        )
    except NotFound:
        raise Http404(_("Not found.")) from None
    try:
        if action == "join":
            bracket_services.bracket_join(
                actor=request.user, bracket=bracket, note=request.POST.get("note", "")
            )
            note = _("Your delegation holds this bracket too.")
        else:
            bracket = bracket_services.bracket_lift(actor=request.user, bracket=bracket)
            note = _("Bracket lifted.") if bracket.lifted_at else _("Your hold is lifted.")
    except ApplicationError as exc:
        return error_page(request, group, exc)
    return after_write(
        request, group, bracket.version, bracket.paragraph, note, partial="paragraph-brackets"
    )
