"""Amendment, bracket, option and revision pages; every form is a plain POST + redirect,
and an htmx POST answers with the paragraph's fragment (embedded by the negotiation screen).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.common.errors import ApplicationError, NotFound, ValidationFailed
from accord.groups.models import NegotiatingGroup, WorkingGroup
from accord.groups.permissions import can
from accord.groups.selectors import (
    group_get_for_viewer,
    negotiating_group_get,
    negotiating_groups_of_member,
)

from ..models import Amendment, Bracket, Paragraph, Version
from ..selectors import amendments as sel
from ..selectors.final import final_text
from ..services import amendments as amend_services
from ..services import brackets as bracket_services
from ..services import options as option_services
from ..services.revisions import revision_issue_from_amendments

LIST = "drafts/amendment_list.html"
BRACKETS = "drafts/bracket_list.html"


def _group(request: HttpRequest, slug: str) -> WorkingGroup:
    try:
        return group_get_for_viewer(slug=slug, viewer=request.user)
    except NotFound:
        raise Http404("Not found.") from None


def _error(request: HttpRequest, group: WorkingGroup, exc: ApplicationError) -> HttpResponse:
    if isinstance(exc, NotFound):
        raise Http404("Not found.")
    template = (
        "drafts/amendment_error.html#message" if _htmx(request) else ("drafts/amendment_error.html")
    )
    return render(request, template, {"group": group, "error": exc}, status=exc.status)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _version(request: HttpRequest, group: WorkingGroup, report_slug: str, number: int) -> Version:
    try:
        return sel.version_get_for_viewer(
            group=group, report_slug=report_slug, number=number, viewer=request.user
        )
    except NotFound:
        raise Http404("Not found.") from None


def _paragraph(version: Version, key: str) -> Any:
    try:
        return sel.paragraph_in_version(version=version, key=key)
    except NotFound:
        raise Http404("Not found.") from None


def _int(value: str | None, name: str, *, required: bool = True) -> int | None:
    if value is None or value == "":
        if required:
            raise ValidationFailed(f"Give {name}.", fields={name: "required"})
        return None
    try:
        number = int(value)
    except ValueError:
        raise ValidationFailed(f"{name} must be a number.", fields={name: "invalid"}) from None
    if number < 0:
        raise ValidationFailed(f"{name} must not be negative.", fields={name: "invalid"})
    return number


def paragraph_context(
    request: HttpRequest, group: WorkingGroup, version: Version, paragraph: Paragraph
) -> dict[str, Any]:
    """Context of the ``paragraph-amendments`` and ``paragraph-brackets`` partials."""
    amendments = sel.amendment_list(version=version, paragraph=paragraph)
    prefetch_related_objects(amendments, "on_behalf_of")  # one query for the whole list
    return {
        "group": group,
        "report": version.report,
        "version": version,
        "paragraph": paragraph,
        "amendments": [(a, sel.support_summary(a)) for a in amendments],
        "brackets": sel.bracket_list(version=version, paragraph=paragraph, open_only=True),
        "can_amend": can(request.user, "drafts.amend", group)
        and version.status == Version.Status.ISSUED,
        "can_support": can(request.user, "drafts.support_amendment", group),
        "can_decide": can(request.user, "drafts.decide_amendment", group),
        "can_bracket": can(request.user, "drafts.bracket", group)
        and version.status == Version.Status.ISSUED,
        "kinds": Amendment.Kind.choices,
        "support_kinds": [
            ("cosponsor", "Co-sponsor"),
            ("support", "Support"),
            ("oppose", "Oppose"),
        ],
        "reasons": Bracket.Reason.choices,
    }


def _negotiating_group(group: WorkingGroup, slug: str) -> NegotiatingGroup | None:
    """The negotiating group named in the form (``None``: the delegation's own proposal)."""
    if not slug:
        return None
    try:
        return negotiating_group_get(group=group, slug=slug)
    except NotFound:
        raise ValidationFailed(
            _("There is no negotiating group '%(slug)s' in this group.") % {"slug": slug},
            fields={"on_behalf_of": _("Choose a negotiating group your delegation belongs to.")},
        ) from None


def _speaking_for(request: HttpRequest, group: WorkingGroup) -> list[NegotiatingGroup]:
    """The negotiating groups the delegate's member may propose for (offered in the form)."""
    member = amend_services.acting_member(request.user, group)
    return negotiating_groups_of_member(member=member) if member is not None else []


def _paragraph_page(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> tuple[WorkingGroup, Version, Any, dict[str, Any]]:
    """What a paragraph's amendment or bracket page shows: its group, version, paragraph
    (as listed in the version) and the template context, ``item`` included."""
    group = _group(request, group_slug)
    version = _version(request, group, report_slug, number)
    item = _paragraph(version, key)
    context = paragraph_context(request, group, version, item.paragraph)
    context["item"] = item
    return group, version, item, context


def _after_write(
    request: HttpRequest,
    group: WorkingGroup,
    version: Version,
    paragraph: Paragraph,
    message: str,
    *,
    partial: str = "paragraph-amendments",
    status: int = 200,
) -> HttpResponse:
    if _htmx(request):
        template = LIST if partial == "paragraph-amendments" else BRACKETS
        context = paragraph_context(request, group, version, paragraph)
        context["notice"] = message
        return render(request, f"{template}#{partial}", context, status=status)
    messages.success(request, message)
    url = request.POST.get("next", "")
    if url.startswith("/") and not url.startswith("//"):
        return redirect(url)
    return redirect(
        reverse(
            "drafts:amendment-list",
            args=[group.slug, version.report.slug, version.number, paragraph.key],
        )
    )


@require_GET
def amendment_list(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    *_, context = _paragraph_page(request, group_slug, report_slug, number, key)
    name = f"{LIST}#paragraph-amendments" if _htmx(request) else LIST
    return render(request, name, context)


@require_http_methods(["GET", "POST"])
def amendment_propose(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    group, version, item, context = _paragraph_page(request, group_slug, report_slug, number, key)
    context["values"] = request.POST
    context["negotiating_groups"] = _speaking_for(request, group)
    if request.method == "POST":
        try:
            on_behalf_of = _negotiating_group(group, request.POST.get("on_behalf_of", ""))
            parent = None
            parent_id = _int(request.POST.get("parent"), "parent", required=False)
            if parent_id is not None:
                parent = sel.amendment_get_for_viewer(
                    group=group, report_slug=report_slug, pk=parent_id, viewer=request.user
                )
            amendment = amend_services.amendment_propose(
                actor=request.user,
                version=version,
                paragraph=item.paragraph,
                kind=request.POST.get("kind", ""),
                start=_int(request.POST.get("start"), "start", required=False),
                end=_int(request.POST.get("end"), "end", required=False),
                new_text=request.POST.get("new_text", ""),
                rationale=request.POST.get("rationale", ""),
                parent=parent,
                expected_text_hash=request.POST.get("expected_text_hash") or None,
                on_behalf_of=on_behalf_of,
            )
        except ApplicationError as exc:
            if isinstance(exc, NotFound):
                raise Http404("Not found.") from None
            context["error"] = exc.message
            name = "drafts/amendment_form.html"
            return render(
                request, f"{name}#form" if _htmx(request) else name, context, status=exc.status
            )
        note = f"Amendment #{amendment.pk} proposed."
        if on_behalf_of is not None:
            note = _("Amendment #%(pk)d proposed on behalf of the %(group)s.") % {
                "pk": amendment.pk,
                "group": on_behalf_of,
            }
        if amendment.rebased_from is not None:
            note += f" It was carried onto {amendment.version.label}, the latest text."
        return _after_write(request, group, amendment.version, item.paragraph, note)
    if not context["can_amend"]:
        return _error(request, group, ValidationFailed("You cannot propose amendments here."))
    context["text_hash"] = sel.text_hash(item.text)
    return render(request, "drafts/amendment_form.html", context)


def _amendment(request: HttpRequest, group: WorkingGroup, report_slug: str, pk: int) -> Amendment:
    try:
        return sel.amendment_get_for_viewer(
            group=group, report_slug=report_slug, pk=pk, viewer=request.user
        )
    except NotFound:
        raise Http404("Not found.") from None


@require_GET
def amendment_detail(
    request: HttpRequest, group_slug: str, report_slug: str, pk: int
) -> HttpResponse:
    group = _group(request, group_slug)
    amendment = _amendment(request, group, report_slug, pk)
    context = paragraph_context(request, group, amendment.version, amendment.paragraph)
    context.update(
        amendment=amendment,
        summary=sel.support_summary(amendment),
        is_stale=sel.amendment_is_stale(amendment),
        others=[a for a, _ in context["amendments"] if a.pk != amendment.pk],
    )
    return render(request, "drafts/amendment_detail.html", context)


@require_POST
def amendment_action(
    request: HttpRequest, group_slug: str, report_slug: str, pk: int, action: str
) -> HttpResponse:
    """support / unsupport / withdraw / decide, each a small form on the amendment."""
    group = _group(request, group_slug)
    amendment = _amendment(request, group, report_slug, pk)
    post = request.POST
    try:
        lock = _int(post.get("lock_version"), "lock_version", required=False)
        if action == "support":
            amend_services.amendment_support(
                actor=request.user, amendment=amendment, kind=post.get("kind", "")
            )
            note = "Your delegation's stance is recorded."
        elif action == "unsupport":
            amend_services.amendment_support_remove(actor=request.user, amendment=amendment)
            note = "Your delegation's stance is removed."
        elif action == "withdraw":
            amend_services.amendment_withdraw(
                actor=request.user, amendment=amendment, expected_lock_version=lock
            )
            note = f"Amendment #{pk} withdrawn."
        else:
            merged_id = _int(post.get("merged_into"), "merged_into", required=False)
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
            note = f"Amendment #{pk}: {amendment.get_status_display().lower()}."
    except ApplicationError as exc:
        return _error(request, group, exc)
    return _after_write(request, group, amendment.version, amendment.paragraph, note)


@require_http_methods(["GET", "POST"])
def bracket_add(
    request: HttpRequest, group_slug: str, report_slug: str, number: int, key: str
) -> HttpResponse:
    group, version, item, context = _paragraph_page(request, group_slug, report_slug, number, key)
    context["values"] = request.POST
    if request.method == "POST":
        try:
            linked = None
            linked_key = request.POST.get("linked_paragraph", "").strip()
            if linked_key:
                linked = _paragraph(version, linked_key).paragraph
            start = _int(request.POST.get("start"), "start")
            end = _int(request.POST.get("end"), "end")
            assert start is not None and end is not None
            bracket = bracket_services.bracket_add(
                actor=request.user,
                version=version,
                paragraph=item.paragraph,
                start=start,
                end=end,
                reason=request.POST.get("reason", Bracket.Reason.CONTESTED),
                linked_paragraph=linked,
                note=request.POST.get("note", ""),
            )
        except ApplicationError as exc:
            if isinstance(exc, NotFound):
                raise Http404("Not found.") from None
            context["error"] = exc.message
            name = "drafts/bracket_form.html"
            return render(
                request, f"{name}#form" if _htmx(request) else name, context, status=exc.status
            )
        return _after_write(
            request,
            group,
            bracket.version,
            item.paragraph,
            f"“{bracket.text}” is bracketed.",
            partial="paragraph-brackets",
        )
    if not context["can_bracket"]:
        return _error(request, group, ValidationFailed("Only delegates bracket issued text."))
    return render(request, "drafts/bracket_form.html", context)


@require_POST
def bracket_action(
    request: HttpRequest, group_slug: str, report_slug: str, pk: int, action: str
) -> HttpResponse:
    """join / lift a bracket."""
    group = _group(request, group_slug)
    try:
        bracket = sel.bracket_get_for_viewer(
            group=group, report_slug=report_slug, pk=pk, viewer=request.user
        )
    except NotFound:
        raise Http404("Not found.") from None
    try:
        if action == "join":
            bracket_services.bracket_join(
                actor=request.user, bracket=bracket, note=request.POST.get("note", "")
            )
            note = "Your delegation holds this bracket too."
        else:
            bracket = bracket_services.bracket_lift(actor=request.user, bracket=bracket)
            note = "Bracket lifted." if bracket.lifted_at else "Your hold is lifted."
    except ApplicationError as exc:
        return _error(request, group, exc)
    return _after_write(
        request, group, bracket.version, bracket.paragraph, note, partial="paragraph-brackets"
    )


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
            messages.success(request, "Option group created.")
            if not _htmx(request):
                return redirect("drafts:option-list", group.slug, report_slug, number)
        except ApplicationError as exc:
            if isinstance(exc, NotFound):
                raise Http404("Not found.") from None
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
    messages.success(request, f"{item.paragraph.key} chosen.")
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
            raise ValidationFailed("Some of these are not amendments of this version.")
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
    messages.success(request, f"{new.label} issued.")
    return redirect("drafts:version", group.slug, report_slug, new.number)
