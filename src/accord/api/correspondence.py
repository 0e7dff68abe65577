"""Correspondence: threads of a group's mailing lists, and archive imports (secretariat)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from accord.common.uploads import read_upload
from accord.correspondence import selectors, services, tasks
from accord.correspondence.display import mask_addresses, public_sender
from accord.correspondence.models import Message, Thread
from accord.groups.models import WorkingGroup
from accord.groups.selectors import group_get_for_viewer

from .auth import token_auth, viewer
from .errors import ErrorBody
from .jobs import JobOut, queued_response
from .pagination import Rows, paginated

router = Router(tags=["correspondence"])


class ThreadOut(Schema):
    id: int
    subject: str
    mailing_list: str
    members_only: bool
    message_count: int
    started_at: datetime | None
    last_message_at: datetime | None
    url: str


class MessageOut(Schema):
    id: int
    parent_id: int | None
    subject: str
    sender_name: str
    # Only for people with a role in the group; ``null`` for everyone else.
    sender_email: str | None
    member: str | None
    sent_at: datetime | None
    body: str
    url: str


class ThreadDetailOut(ThreadOut):
    # The messages are a list of their own, paged like every list: ``messages_url``.
    messages_url: str


def _thread_out(group: WorkingGroup, thread: Thread) -> dict[str, Any]:
    return {
        "id": thread.pk,
        "subject": thread.subject,
        "mailing_list": thread.mailing_list.name,
        "members_only": not thread.mailing_list.is_public,
        "message_count": thread.message_count,
        "started_at": thread.started_at,
        "last_message_at": thread.last_message_at,
        "url": f"/g/{group.slug}/correspondence/{thread.pk}/",
    }


def _message_out(group: WorkingGroup, message: Message, *, participant: bool) -> MessageOut:
    return MessageOut(
        id=message.pk,
        parent_id=message.parent_id,
        subject=message.subject,
        sender_name=(
            message.sender_name
            if participant
            else public_sender(message.sender_name, message.sender_email)
        ),
        sender_email=message.sender_email if participant else None,
        member=message.member.slug if message.member else None,
        sent_at=message.sent_at,
        body=message.body if participant else mask_addresses(message.body),
        url=f"/g/{group.slug}/correspondence/{message.thread_id}/#msg-{message.pk}",
    )


@router.get(
    "/groups/{slug}/correspondence/threads", response={200: list[ThreadOut], 404: ErrorBody}
)
@paginated
def thread_list(request: HttpRequest, slug: str, mailing_list: str = "", member: str = "") -> Rows:
    """Threads of the lists the caller may read, latest activity first."""
    who = viewer(request)
    group = group_get_for_viewer(slug=slug, viewer=who)
    chosen = (
        selectors.mailing_list_get_for_viewer(group=group, viewer=who, name=mailing_list)
        if mailing_list
        else None
    )
    threads = selectors.thread_list_for_viewer(
        group=group, viewer=who, mailing_list=chosen, member_slug=member
    )
    return Rows(threads, each=lambda t: _thread_out(group, t))


@router.get(
    "/groups/{slug}/correspondence/threads/{thread_id}",
    response={200: ThreadDetailOut, 404: ErrorBody},
)
def thread_detail(request: HttpRequest, slug: str, thread_id: int) -> dict[str, Any]:
    who = viewer(request)
    group = group_get_for_viewer(slug=slug, viewer=who)
    thread = selectors.thread_get_for_viewer(group=group, viewer=who, thread_id=thread_id)
    return {
        **_thread_out(group, thread),
        "messages_url": f"/api/v1/groups/{group.slug}/correspondence/threads/{thread.pk}/messages",
    }


@router.get(
    "/groups/{slug}/correspondence/threads/{thread_id}/messages",
    response={200: list[MessageOut], 404: ErrorBody},
)
@paginated
def thread_message_list(request: HttpRequest, slug: str, thread_id: int) -> Rows:
    """A thread's messages, oldest first; addresses only for people with a role in the group."""
    who = viewer(request)
    group = group_get_for_viewer(slug=slug, viewer=who)
    thread = selectors.thread_get_for_viewer(group=group, viewer=who, thread_id=thread_id)
    participant = selectors.viewer_is_participant(viewer=who, group=group)
    return Rows(
        selectors.thread_message_rows(thread=thread),
        each=lambda m: _message_out(group, m, participant=participant),
    )


@router.post(
    "/groups/{slug}/correspondence/import",
    response={202: JobOut, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody},
    auth=token_auth,
)
def archive_import(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    # Optional so that a missing file gets read_upload's message, not a schema error.
    file: Annotated[UploadedFile | None, File()] = None,
    list_name: Annotated[str, Form()] = services.DEFAULT_LIST_NAME,
    members_only: Annotated[bool, Form()] = False,
) -> Status[Any]:
    """Import an mbox or Mailman archive (multipart ``file``) into the list ``list_name``,
    creating it if needed.

    Answers 202 with a job (``Location``: its address); the worker reads and threads the
    archive. When it has succeeded, its ``result`` has ``mailing_list``, ``filename``,
    ``messages_read``, ``new_messages``, ``duplicates``, ``threads_created``,
    ``threads_updated``, ``matched_senders`` and ``summary``. Importing the same file again
    creates nothing (``new_messages`` is 0 and ``summary`` says so); a file that is not a
    mail archive ends the job as failed with the reason."""
    group = group_get_for_viewer(slug=slug, viewer=request.user)
    data, filename = read_upload(file)
    job = tasks.mail_import_start(
        actor=request.user,
        group=group,
        list_name=list_name,
        data=data,
        filename=filename,
        is_public=not members_only,
    )
    return queued_response(request, response, job)
