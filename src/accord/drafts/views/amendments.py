"""Amendment, option and revision pages; every form is a plain POST + redirect, and an htmx
POST answers with the paragraph's fragment (embedded by the negotiation screen).

Proposing by editing the paragraph is ``views.propose``; brackets are ``views.brackets``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.common.errors import ApplicationError, NotFound, ValidationFailed
from accord.groups.permissions import can

from ..models import Amendment, Version
from ..selectors import amendments as sel
from ..selectors.final import final_text
from ..services import amendments as amend_services
from ..services import options as option_services
from ..services.checks import standing_of, verdict
from ..services.revisions import revision_issue_from_amendments
from .helpers import (
    LIST,
    after_write,
    error_page,
    group_or_404,
    htmx,
    item_or_404,
    negotiating_group_of,
    paragraph_page,
    quote_of,
    refused,
    speaking_for,
    version_or_404,
)
from .helpers import number as form_number
from .panel import paragraph_context

__all__ = ["paragraph_context"]  # the negotiation screen builds the partials' context with it

# The option and revision views below read the helpers by these names.
_group = group_or_404
_version = version_or_404
_paragraph = item_or_404
_error = error_page
_htmx = htmx

FORM = "drafts/amendment_form.html"
# The changes that name no words (the other form).
OTHER_KINDS = {
    Amendment.Kind.ADD_PARAGRAPH: gettext_lazy("Add a paragraph after this one"),
    Amendment.Kind.ALTERNATIVE: gettext_lazy("Offer an alternative paragraph"),
    Amendment.Kind.DELETE_PARAGRAPH: gettext_lazy("Delete the paragraph"),
}


@require_GET
def amendment_list(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    *_rest, context = paragraph_page(request, group_slug, report_slug, number, key)
    if htmx(request):
        return render(request, f"{LIST}#paragraph-amendments", context)
    context["open_propose"] = True  # the paragraph's own page: the editor open
    return render(request, LIST, context)


def form_context(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """The propose page's context: the paragraph's panel and its amendments, the values
    typed so far, the negotiating groups the delegate may speak for, and the amendments
    a sub-amendment may change."""
    group = context["group"]
    context["values"] = request.POST
    context["negotiating_groups"] = speaking_for(request, group)
    context["parents"] = [
        a
        for a, _summary in context["amendments"]
        if a.status == Amendment.Status.PROPOSED
        and a.parent_id is None
        and a.kind in amend_services.NEW_TEXT_KINDS
    ]
    standing = standing_of(request.user, group, context["version"].report)
    context["other_kinds"] = [
        (kind, label)
        for kind, label in OTHER_KINDS.items()
        if verdict(
            amend_services.amendment_propose_check,
            actor=request.user,
            version=context["version"],
            paragraph=context["paragraph"],
            kind=kind,
            standing=standing,
        )
    ]
    context.setdefault("edit_text", context["item"].text)
    return context


@require_http_methods(["GET", "POST"])
def amendment_propose(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    """The propose page: edit the text (posted to ``views.propose``), replace or delete
    chosen words (quoted, or selected with the mouse), or another change."""
    group, version, item, context = paragraph_page(request, group_slug, report_slug, number, key)
    form_context(request, context)
    if request.method == "POST":
        post = request.POST
        form = "words" if post.get("form") == "words" else "other"
        try:
            on_behalf_of = negotiating_group_of(group, post.get("on_behalf_of", ""))
            parent = None
            parent_id = _number(post.get("parent"), "parent")
            if parent_id is not None:
                parent = sel.amendment_get_for_viewer(
                    group=group, report_slug=report_slug, pk=parent_id, viewer=request.user
                )
            amendment = amend_services.amendment_propose(
                actor=request.user,
                version=version,
                paragraph=item.paragraph,
                kind=post.get("kind", ""),
                start=_number(post.get("start"), "start"),
                end=_number(post.get("end"), "end"),
                quote=quote_of(post),
                occurrence=_number(post.get("occurrence"), "occurrence"),
                new_text=post.get("new_text", ""),
                rationale=post.get("rationale", ""),
                parent=parent,
                expected_text_hash=post.get("expected_text_hash") or None,
                on_behalf_of=on_behalf_of,
            )
        except ApplicationError as exc:
            if isinstance(exc, NotFound):
                raise Http404(_("Not found.")) from None
            refused(context, exc, form)
            name = f"{FORM}#form" if htmx(request) else FORM
            return render(request, name, context, status=exc.status)
        note = _("Amendment #%(pk)d proposed.") % {"pk": amendment.pk}
        if on_behalf_of is not None:
            note = _("Amendment #%(pk)d proposed on behalf of the %(group)s.") % {
                "pk": amendment.pk,
                "group": on_behalf_of,
            }
        if amendment.rebased_from is not None:
            note += " " + _("It was carried onto %(version)s, the latest text.") % {
                "version": amendment.version.label
            }
        return after_write(request, group, amendment.version, item.paragraph, note)
    if not context["can_amend"]:
        return error_page(
            request,
            group,
            ValidationFailed(
                context["can_amend"].reason or _("You cannot propose amendments here.")
            ),
        )
    context["text_hash"] = sel.text_hash(item.text)
    return render(request, FORM, context)


def _number(value: str | None, name: str) -> int | None:
    return form_number(value, name, required=False)


@require_GET
def amendment_detail(
    request: HttpRequest, group_slug: str, report_slug: str, pk: int
) -> HttpResponse:
    group = group_or_404(request, group_slug)
    amendment = _amendment(request, group, report_slug, pk)
    context = paragraph_context(request, group, amendment.version, amendment.paragraph)
    listed = {a.pk: a for a, _summary in context["amendments"]}
    shown = listed.get(amendment.pk, amendment)  # with the viewer's checks
    context.update(
        amendment=shown,
        summary=sel.support_summary(amendment),
        is_stale=sel.amendment_is_stale(amendment),
        others=[a for a in listed.values() if a.pk != amendment.pk],
        parts=list(amendment.parts.order_by("position")),
    )
    return render(request, "drafts/amendment_detail.html", context)


def _amendment(request: HttpRequest, group: Any, report_slug: str, pk: int) -> Amendment:
    try:
        return sel.amendment_get_for_viewer(
            group=group, report_slug=report_slug, pk=pk, viewer=request.user
        )
    except NotFound:
        raise Http404(_("Not found.")) from None


@require_POST
def amendment_action(
    request: HttpRequest, group_slug: str, report_slug: str, pk: int, action: str
) -> HttpResponse:
    """support / unsupport / withdraw / decide, each a small form on the amendment."""
    group = group_or_404(request, group_slug)
    amendment = _amendment(request, group, report_slug, pk)
    post = request.POST
    try:
        lock = _number(post.get("lock_version"), "lock_version")
        if action == "support":
            amend_services.amendment_support(
                actor=request.user, amendment=amendment, kind=post.get("kind", "")
            )
            note = _("Your delegation's stance is recorded.")
        elif action == "unsupport":
            amend_services.amendment_support_remove(actor=request.user, amendment=amendment)
            note = _("Your delegation's stance is removed.")
        elif action == "withdraw":
            amend_services.amendment_withdraw(
                actor=request.user, amendment=amendment, expected_lock_version=lock
            )
            note = _("Amendment #%(pk)d withdrawn.") % {"pk": pk}
        else:
            merged_id = _number(post.get("merged_into"), "merged_into")
            merged = None
            if merged_id is not None:
                merged = _amendment(request, group, report_slug, merged_id)
            amend_services.amendment_decide(
                actor=request.user,
                amendment=amendment,
                decision=post.get("decision", ""),
                merged_into=merged,
                reason=post.get("reason", ""),
                expected_lock_version=lock,
            )
            note = _("Amendment #%(pk)d: %(status)s.") % {
                "pk": pk,
                "status": amendment.get_status_display().lower(),
            }
    except ApplicationError as exc:
        return error_page(request, group, exc)
    return after_write(request, group, amendment.version, amendment.paragraph, note)


@require_http_methods(["GET", "POST"])
def options(request: HttpRequest, group_slug: str, report_slug: str, number: int) -> HttpResponse:
    """The version's option groups; POST creates one (label + paragraphs keys)."""
    group = _group(request, group_slug)
    version = _version(request, group, report_slug, number)
    status = 200
    error = ""
    if request.method == "POST":
        try:
            keys = [k for k in request.POST.getlist("paragraphs") if k]
            option_services.option_group_create(
                actor=request.user,
                version=version,
                label=request.POST.get("label", ""),
                paragraphs=[_paragraph(version, k).paragraph for k in keys],
            )
            messages.success(request, _("Option group created."))
            if not _htmx(request):
                return redirect("drafts:option-list", group.slug, report_slug, number)
        except ApplicationError as exc:
            if isinstance(exc, NotFound):
                raise Http404(_("Not found.")) from None
            error, status = exc.message, exc.status
    context = {
        "group": group,
        "report": version.report,
        "version": version,
        "error": error,
        "option_groups": sel.option_group_list(version=version),
        "items": version.items.select_related("paragraph").order_by("order"),
        "can_choose": can(request.user, "drafts.decide_amendment", group),
    }
    name = "drafts/option_list.html"
    return render(
        request, f"{name}#version-options" if _htmx(request) else name, context, status=status
    )


@require_POST
def option_choose(request: HttpRequest, group_slug: str, report_slug: str, pk: int) -> HttpResponse:
    group = _group(request, group_slug)
    try:
        option_group = sel.option_group_get_for_viewer(
            group=group, report_slug=report_slug, pk=pk, viewer=request.user
        )
        item = _paragraph(option_group.version, request.POST.get("paragraph", ""))
        option_services.option_choose(
            actor=request.user, group=option_group, paragraph=item.paragraph
        )
    except ApplicationError as exc:
        return _error(request, group, exc)
    version = option_group.version
    if _htmx(request):
        context = {
            "group": group,
            "report": version.report,
            "version": version,
            "option_groups": sel.option_group_list(version=version),
            "can_choose": True,
        }
        return render(request, "drafts/option_list.html#version-options", context)
    messages.success(request, _("%(key)s chosen.") % {"key": item.paragraph.key})
    return redirect("drafts:option-list", group.slug, report_slug, version.number)


def _chosen_ids(request: HttpRequest) -> list[int]:
    raw = request.GET.getlist("amendments") or request.POST.getlist("amendments")
    return [int(v) for v in raw if v.isdigit()]


@require_GET
def final(request: HttpRequest, group_slug: str, report_slug: str, number: int) -> HttpResponse:
    group = _group(request, group_slug)
    version = _version(request, group, report_slug, number)
    chosen = _chosen_ids(request)
    result = final_text(version, chosen)
    context = {
        "group": group,
        "report": version.report,
        "version": version,
        "result": result,
        "chosen": chosen,
        "proposed": [a for a in sel.amendment_list(version=version) if a.status == "proposed"],
        "can_issue": can(request.user, "drafts.issue", group)
        and version.status == Version.Status.ISSUED,
    }
    name = "drafts/amendment_final.html"
    return render(request, f"{name}#final-text" if _htmx(request) else name, context)


@require_POST
def revision_issue(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> HttpResponse:
    group = _group(request, group_slug)
    version = _version(request, group, report_slug, number)
    ids = _chosen_ids(request)
    try:
        chosen = list(Amendment.objects.filter(version=version, pk__in=ids))
        if len(chosen) != len(set(ids)):
            raise ValidationFailed(_("Some of these are not amendments of this version."))
        new = revision_issue_from_amendments(
            actor=request.user,
            version=version,
            incorporate=chosen,
            label=request.POST.get("label", ""),
            kind=request.POST.get("kind", Version.Kind.REVISION),
            leave_others_proposed=bool(request.POST.get("leave_others_proposed")),
        )
    except ApplicationError as exc:
        return _error(request, group, exc)
    messages.success(request, _("%(label)s issued.") % {"label": new.label})
    return redirect("drafts:version", group.slug, report_slug, new.number)
