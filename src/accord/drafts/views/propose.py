"""Propose by editing: the delegate edits the paragraph as they want it to read.

Two plain form posts, no JavaScript needed: "Preview the amendment" shows what accord
computed (the redline and its parts, records nothing); "Submit the amendment" records it
(``services.amendment_edit``) and returns to the page the delegate came from. A refusal
shows the form again with the delegate's text kept and the service's 4xx.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accord.common.errors import ApplicationError, NotFound, ValidationFailed

from ..selectors.amendments import text_hash
from ..services.amendment_edit import amendment_edit_prepare, amendment_propose_edit
from .amendments import FORM, form_context
from .helpers import after_write, error_page, htmx, negotiating_group_of, paragraph_page, refused


@require_http_methods(["GET", "POST"])
def amendment_edit(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    group, version, item, context = paragraph_page(request, group_slug, report_slug, number, key)
    form_context(request, context)
    context["editing"] = True
    panel = context["panel"]
    if request.method == "GET":
        if not panel.edit:
            reason = panel.edit.reason or _("You cannot propose amendments here.")
            return error_page(request, group, ValidationFailed(reason))
        context["expected_hash"] = panel.text_hash
        return render(request, FORM, context)
    post = request.POST
    text = str(post.get("text", ""))
    context["edit_text"] = text
    context["expected_hash"] = post.get("expected_text_hash") or ""
    context["next"] = post.get("next", "")
    name = f"{FORM}#edit-form" if htmx(request) else FORM
    try:
        on_behalf_of = negotiating_group_of(group, post.get("on_behalf_of", ""))
        common: dict[str, Any] = {
            "actor": request.user,
            "version": version,
            "paragraph": item.paragraph,
            "text": text,
            "expected_text_hash": post.get("expected_text_hash") or None,
            "on_behalf_of": on_behalf_of,
        }
        # What is submitted is what was previewed: a text changed after the preview (or
        # never previewed) is previewed first.
        previewed = post.get("previewed") == text_hash(text)
        if post.get("action") != "submit" or not previewed:
            context["preview"] = amendment_edit_prepare(**common)
            context["previewed"] = text_hash(text)
            if post.get("action") == "submit":
                context["notice"] = _("The text changed since the preview: check it again.")
            return render(request, name, context)
        amendment = amendment_propose_edit(**common, rationale=post.get("rationale", ""))
    except ApplicationError as exc:
        if isinstance(exc, NotFound):
            raise Http404(_("Not found.")) from None
        refused(context, exc, "edit")
        return render(request, name, context, status=exc.status)
    parts = amendment.parts.count()
    if parts:
        note = _("Amendment #%(pk)d proposed: %(n)d changes to %(key)s.") % {
            "pk": amendment.pk,
            "n": parts,
            "key": item.paragraph.key,
        }
    else:
        note = _("Amendment #%(pk)d proposed.") % {"pk": amendment.pk}
    if amendment.rebased_from is not None:
        note += " " + _("It was carried onto %(version)s, the latest text.") % {
            "version": amendment.version.label
        }
    return after_write(request, group, amendment.version, item.paragraph, note)
