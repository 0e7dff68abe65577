"""Correspondence pages: threads (public or members-only), one thread as a tree, the import."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect

from accord.common.errors import ApplicationError, NotFound
from accord.common.htmx import render_page_or_partial
from accord.common.uploads import read_upload
from accord.groups import selectors as group_selectors
from accord.groups.models import Member, WorkingGroup
from accord.groups.permissions import can

from . import selectors, tasks
from .display import mask_addresses, public_sender
from .forms import ArchiveImportForm

PAGE_SIZE = 25


def _group(request: HttpRequest, slug: str) -> WorkingGroup:
    try:
        return group_selectors.group_get_for_viewer(slug=slug, viewer=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def thread_list(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _group(request, group_slug)
    lists = selectors.mailing_list_list_for_viewer(group=group, viewer=request.user)
    list_name = request.GET.get("list", "")
    member_slug = request.GET.get("member", "")
    chosen = lists.filter(name=list_name).first() if list_name else None
    threads = selectors.thread_list_for_viewer(
        group=group, viewer=request.user, mailing_list=chosen, member_slug=member_slug
    )
    raw_page = request.GET.get("page", "1")
    page = Paginator(threads, PAGE_SIZE).get_page(int(raw_page) if raw_page.isdigit() else 1)
    senders = Member.objects.filter(mail_messages__mailing_list__in=lists).distinct()
    return render_page_or_partial(
        request,
        "correspondence/thread_list.html",
        {
            "group": group,
            "lists": lists,
            "list_name": chosen.name if chosen else "",
            "member_slug": member_slug,
            "senders": senders.order_by("name"),
            "page": page,
            "can_import": can(request.user, "correspondence.import", group),
        },
        "threads",
    )


def _shown(node: selectors.TreeNode, *, participant: bool) -> dict[str, Any]:
    message = node.message
    if participant:
        return {"sender": message.sender_name or message.sender_email, "body": message.body}
    return {
        "sender": public_sender(message.sender_name, message.sender_email),
        "body": mask_addresses(message.body),
    }


def thread_detail(request: HttpRequest, group_slug: str, thread_id: int) -> HttpResponse:
    group = _group(request, group_slug)
    try:
        thread = selectors.thread_get_for_viewer(
            group=group, viewer=request.user, thread_id=thread_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    participant = selectors.viewer_is_participant(viewer=request.user, group=group)
    tree = [
        {"node": node, **_shown(node, participant=participant)}
        for node in selectors.thread_tree(thread=thread)
    ]
    return render(
        request,
        "correspondence/thread_detail.html",
        {"group": group, "thread": thread, "tree": tree, "participant": participant},
    )


def archive_import(request: HttpRequest, group_slug: str) -> HttpResponse:
    """The secretariat uploads an archive; the report comes back as a message (or fragment)."""
    group = _group(request, group_slug)
    template = "correspondence/archive_import.html"
    context: dict[str, Any] = {"group": group}
    if not can(request.user, "correspondence.import", group):
        context["error"] = "Only the secretariat can import mailing-list archives."
        return render(request, template, context, status=403)
    lists = group.mailing_lists.order_by("name")
    form = ArchiveImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"list_name": lists[0].name} if lists else None,
    )
    context.update(form=form, lists=lists)
    if request.method != "POST":
        return render(request, template, context)
    if not form.is_valid():
        return render_page_or_partial(request, template, context, "result", status=400)
    try:
        data, filename = read_upload(request.FILES.get("file"))
        # Reading and threading run in the job worker; its page shows how it went.
        job = tasks.mail_import_start(
            actor=request.user,
            group=group,
            list_name=form.cleaned_data["list_name"],
            data=data,
            filename=filename,
            is_public=not form.cleaned_data["members_only"],
        )
    except ApplicationError as exc:
        context["error"] = exc.message
        return render_page_or_partial(request, template, context, "result", status=exc.status)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(job.get_absolute_url())
    return redirect(job.get_absolute_url())
