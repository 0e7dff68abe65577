"""The secretariat's pages for establishing a group: details, constituencies, members, people.

Thin views: parse the form, call the service, show its message. Only the secretariat reaches
them; anyone else gets the same 404 as for a page that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accord.common.errors import ApplicationError, NotFound

from . import selectors, services
from .forms import ConstituencyForm, GroupForm, InvitationForm, MemberForm
from .models import Role, WorkingGroup
from .permissions import can


def _managed_group(request: HttpRequest, group_slug: str) -> WorkingGroup:
    try:
        group = selectors.group_get_for_viewer(slug=group_slug, viewer=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if not can(request.user, "group.manage_members", group):
        raise Http404("Not found.")
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
    }
    return render(request, "groups/manage.html", context, status=status)


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
        raise Http404("No such constituency.")
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
        raise Http404("No such role.")
    if request.method != "POST":
        return redirect("groups:manage", group.slug)
    try:
        services.role_revoke(actor=request.user, role=role)
    except ApplicationError as exc:
        return _failed(request, group, exc)
    return _done(request, group, f"{role.user} no longer has the role {role.get_kind_display()}.")
