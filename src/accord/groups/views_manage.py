"""The secretariat's pages for establishing a group: details, constituencies, members, people.

Thin views: parse the form, call the service, show its message. Only the secretariat reaches
them; anyone else gets the same 404 as for a page that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord.common.errors import ApplicationError, NotFound, ValidationFailed

from . import selectors, services
from .forms import (
    ConstituencyForm,
    GroupForm,
    InvitationForm,
    MemberForm,
    NegotiatingGroupEditForm,
    NegotiatingGroupForm,
)
from .models import Member, NegotiatingGroup, Role, WorkingGroup
from .permissions import can


def _managed_group(request: HttpRequest, group_slug: str) -> WorkingGroup:
    try:
        group = selectors.group_get_for_viewer(slug=group_slug, viewer=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if not can(request.user, "group.manage_members", group):
        raise Http404(_("Not found."))
    return group


def _page(
    request: HttpRequest, group: WorkingGroup, status: int = 200, **forms: Any
) -> HttpResponse:
    context = {
        "group": group,
        "constituencies": selectors.constituency_list(group=group),
        "members": selectors.member_list(group=group),
        "roles": selectors.roles_for_group(group=group),
        "invitations": group.invitations.filter(accepted_at__isnull=True).order_by("-created_at"),
        "group_form": forms.get("group_form")
        or GroupForm(
            initial={
                "name": group.name,
                "short_name": group.short_name,
                "parent_body": group.parent_body,
                "mandate": group.mandate,
                "start_date": group.start_date,
                "end_date": group.end_date,
                "decision_rule": group.decision_rule,
                "working_languages": ", ".join(group.working_languages),
                "is_published": group.is_published,
            }
        ),
        "constituency_form": forms.get("constituency_form") or ConstituencyForm(),
        "member_form": forms.get("member_form") or MemberForm(group=group),
        "invitation_form": forms.get("invitation_form") or InvitationForm(group=group),
        "negotiating_group_form": forms.get("negotiating_group_form")
        or NegotiatingGroupForm(group=group),
        "negotiating_groups": _negotiating_groups(group, forms.get("negotiating_group_edit")),
    }
    return render(request, "groups/manage.html", context, status=status)


def _negotiating_groups(
    group: WorkingGroup, failed: tuple[str, NegotiatingGroupEditForm] | None
) -> list[dict[str, Any]]:
    """Each bloc with its members, an edit form and the members it could still take."""
    full = list(group.members.filter(status=Member.Status.MEMBER).order_by("name"))
    out = []
    for ng in selectors.negotiating_group_list(group=group):
        members = list(ng.members.all())
        inside = {m.pk for m in members}
        form = (
            failed[1]
            if failed and failed[0] == ng.slug
            else NegotiatingGroupEditForm(
                members=members,
                prefix=f"ng-{ng.slug}",
                initial={
                    "name": ng.name,
                    "short_name": ng.short_name,
                    "slug": ng.slug,
                    "aliases": ", ".join(ng.aliases),
                    "coordinator": ng.coordinator.slug if ng.coordinator else "",
                },
            )
        )
        out.append(
            {
                "group": ng,
                "members": members,
                "candidates": [m for m in full if m.pk not in inside],
                "form": form,
                "open": bool(failed and failed[0] == ng.slug),
            }
        )
    return out


def manage(request: HttpRequest, group_slug: str) -> HttpResponse:
    return _page(request, _managed_group(request, group_slug))


def _done(request: HttpRequest, group: WorkingGroup, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("groups:manage", group.slug)


def _failed(
    request: HttpRequest, group: WorkingGroup, exc: ApplicationError, **forms: Any
) -> HttpResponse:
    messages.error(request, exc.message)
    return _page(request, group, status=exc.status, **forms)


def group_edit(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _managed_group(request, group_slug)
    form = GroupForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _page(
            request, group, status=400 if request.method == "POST" else 200, group_form=form
        )
    data = dict(form.cleaned_data)
    data["working_languages"] = [
        x.strip() for x in data["working_languages"].split(",") if x.strip()
    ]
    try:
        services.group_update(actor=request.user, group=group, **data)
    except ApplicationError as exc:
        return _failed(request, group, exc, group_form=form)
    return _done(request, group, "The group's details are saved.")


def constituency_add(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _managed_group(request, group_slug)
    form = ConstituencyForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _page(
            request, group, status=400 if request.method == "POST" else 200, constituency_form=form
        )
    try:
        services.constituency_create(
            actor=request.user,
            group=group,
            name=form.cleaned_data["name"],
            seats=form.cleaned_data["seats"],
        )
    except ApplicationError as exc:
        return _failed(request, group, exc, constituency_form=form)
    return _done(request, group, f"Added the constituency {form.cleaned_data['name']}.")


def constituency_edit(request: HttpRequest, group_slug: str, slug: str) -> HttpResponse:
    group = _managed_group(request, group_slug)
    constituency = group.constituencies.filter(slug=slug).first()
    if constituency is None:
        raise Http404(_("No such constituency."))
    form = ConstituencyForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, group, status=400 if request.method == "POST" else 200)
    try:
        services.constituency_update(
            actor=request.user,
            constituency=constituency,
            name=form.cleaned_data["name"],
            seats=form.cleaned_data["seats"],
        )
    except ApplicationError as exc:
        return _failed(request, group, exc)
    return _done(request, group, f"Saved {constituency.name}.")


def member_add(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _managed_group(request, group_slug)
    form = MemberForm(request.POST or None, group=group)
    if request.method != "POST" or not form.is_valid():
        return _page(
            request, group, status=400 if request.method == "POST" else 200, member_form=form
        )
    data = form.cleaned_data
    try:
        services.member_create(
            actor=request.user,
            group=group,
            constituency=group.constituencies.get(slug=data["constituency"]),
            name=data["name"],
            kind=data["kind"],
            iso3=data["iso3"],
            status=data["status"],
        )
    except ApplicationError as exc:
        return _failed(request, group, exc, member_form=form)
    return _done(request, group, f"Added {data['name']} as a member.")


def invitation_add(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _managed_group(request, group_slug)
    form = InvitationForm(request.POST or None, group=group)
    if request.method != "POST" or not form.is_valid():
        return _page(
            request, group, status=400 if request.method == "POST" else 200, invitation_form=form
        )
    data = form.cleaned_data
    member = group.members.filter(slug=data["member"]).first() if data["member"] else None
    try:
        services.invitation_create(
            actor=request.user,
            group=group,
            email=data["email"],
            kind=data["kind"],
            member=member,
            accept_url_base=request.build_absolute_uri("/").rstrip("/"),
        )
    except ApplicationError as exc:
        return _failed(request, group, exc, invitation_form=form)
    return _done(request, group, f"An invitation was e-mailed to {data['email']}.")


def role_revoke_view(request: HttpRequest, group_slug: str, role_id: int) -> HttpResponse:
    group = _managed_group(request, group_slug)
    role = Role.objects.filter(group=group, pk=role_id).select_related("user").first()
    if role is None:
        raise Http404(_("No such role."))
    if request.method != "POST":
        return redirect("groups:manage", group.slug)
    try:
        services.role_revoke(actor=request.user, role=role)
    except ApplicationError as exc:
        return _failed(request, group, exc)
    return _done(request, group, f"{role.user} no longer has the role {role.get_kind_display()}.")


# ---- negotiating groups ------------------------------------------------------------------------


def _members_by_slug(group: WorkingGroup, slugs: list[str]) -> list[Member]:
    """The members named, in the order given (repeats kept: the service names a duplicate)."""
    found = {m.slug: m for m in group.members.filter(slug__in=slugs)}
    unknown = sorted({s for s in slugs if s not in found})
    if unknown:
        raise ValidationFailed(
            _("No such member in this group: %(slugs)s.") % {"slugs": ", ".join(unknown)},
            fields={"members": _("Choose members of this working group.")},
        )
    return [found[s] for s in slugs]


def _negotiating_group(group: WorkingGroup, slug: str) -> NegotiatingGroup:
    try:
        return selectors.negotiating_group_get(group=group, slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def negotiating_group_add(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _managed_group(request, group_slug)
    form = NegotiatingGroupForm(request.POST or None, group=group)
    if request.method != "POST" or not form.is_valid():
        return _page(
            request,
            group,
            status=400 if request.method == "POST" else 200,
            negotiating_group_form=form,
        )
    data = form.cleaned_data
    try:
        coordinator = (
            _members_by_slug(group, [data["coordinator"]])[0] if data["coordinator"] else None
        )
        created = services.negotiating_group_create(
            actor=request.user,
            group=group,
            name=data["name"],
            short_name=data["short_name"],
            slug=data["slug"],
            aliases=form.alias_list(),
            members=_members_by_slug(group, request.POST.getlist("members")),
            coordinator=coordinator,
        )
    except ApplicationError as exc:
        return _failed(request, group, exc, negotiating_group_form=form)
    return _done(
        request,
        group,
        _("Added the negotiating group %(name)s with %(n)d members.")
        % {"name": created, "n": created.memberships.count()},
    )


def negotiating_group_edit(request: HttpRequest, group_slug: str, slug: str) -> HttpResponse:
    group = _managed_group(request, group_slug)
    ng = _negotiating_group(group, slug)
    if request.method != "POST":
        return redirect("groups:manage", group.slug)
    members = list(ng.members.all())
    form = NegotiatingGroupEditForm(request.POST, members=members, prefix=f"ng-{ng.slug}")
    if not form.is_valid():
        return _page(request, group, status=400, negotiating_group_edit=(ng.slug, form))
    data = form.cleaned_data
    by_slug = {m.slug: m for m in members}
    try:
        updated = services.negotiating_group_update(
            actor=request.user,
            negotiating_group=ng,
            name=data["name"],
            short_name=data["short_name"],
            slug=data["slug"],
            aliases=form.alias_list(),
            coordinator=by_slug.get(data["coordinator"]) if data["coordinator"] else None,
        )
    except ApplicationError as exc:
        return _failed(request, group, exc, negotiating_group_edit=(ng.slug, form))
    return _done(request, group, _("Saved %(name)s.") % {"name": updated})


def negotiating_group_member_add(request: HttpRequest, group_slug: str, slug: str) -> HttpResponse:
    group = _managed_group(request, group_slug)
    ng = _negotiating_group(group, slug)
    if request.method != "POST":
        return redirect("groups:manage", group.slug)
    try:
        chosen = request.POST.get("member", "")
        if not chosen:
            raise ValidationFailed(_("Choose a member to add."), fields={"member": _("Required.")})
        [member] = _members_by_slug(group, [chosen])
        services.negotiating_group_add_member(
            actor=request.user, negotiating_group=ng, member=member
        )
    except ApplicationError as exc:
        return _failed(request, group, exc)
    return _done(
        request, group, _("%(member)s joined %(group)s.") % {"member": member.name, "group": ng}
    )


def negotiating_group_member_remove(
    request: HttpRequest, group_slug: str, slug: str, member_slug: str
) -> HttpResponse:
    group = _managed_group(request, group_slug)
    ng = _negotiating_group(group, slug)
    if request.method != "POST":
        return redirect("groups:manage", group.slug)
    try:
        [member] = _members_by_slug(group, [member_slug])
        services.negotiating_group_remove_member(
            actor=request.user, negotiating_group=ng, member=member
        )
    except ApplicationError as exc:
        return _failed(request, group, exc)
    return _done(
        request,
        group,
        _("%(member)s is no longer in %(group)s.") % {"member": member.name, "group": ng},
    )


def negotiating_group_delete(request: HttpRequest, group_slug: str, slug: str) -> HttpResponse:
    group = _managed_group(request, group_slug)
    ng = _negotiating_group(group, slug)
    if request.method != "POST":
        return redirect("groups:manage", group.slug)
    label = str(ng)
    try:
        services.negotiating_group_delete(actor=request.user, negotiating_group=ng)
    except ApplicationError as exc:
        return _failed(request, group, exc)
    return _done(request, group, _("Deleted the negotiating group %(name)s.") % {"name": label})
