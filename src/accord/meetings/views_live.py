"""The live feed during a meeting: a page (htmx or plain POST to post) and an Atom feed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accord.common.errors import ApplicationError, PermissionDenied, ValidationFailed
from accord.common.htmx import render_page_or_partial
from accord.groups.models import WorkingGroup
from accord.groups.pagecache import cached_by_group_state
from accord.groups.permissions import can

from . import selectors, services
from .forms import LivePostForm
from .models import LivePost
from .views import error_page, group_or_404

FEED_ENTRIES = 50


def _live_context(request: HttpRequest, group: WorkingGroup, form: LivePostForm | None) -> Any:
    meetings = list(selectors.meeting_list(group=group)[:20])
    return {
        "group": group,
        "posts": selectors.live_post_list(group=group),
        "form": form or LivePostForm(meetings=meetings),
        "can_post": can(request.user, "meetings.post_live", group),
    }


@require_http_methods(["GET", "POST"])
@cached_by_group_state
def live(request: HttpRequest, group_slug: str) -> HttpResponse:
    """Newest first. A POST from htmx gets the feed fragment back; a plain POST is redirected."""
    group = group_or_404(request, group_slug)
    if request.method == "GET":
        return render_page_or_partial(
            request, "meetings/live.html", _live_context(request, group, None), "feed"
        )
    if not can(request.user, "meetings.post_live", group):
        return error_page(
            request,
            group,
            PermissionDenied(_("Only the secretariat and the chair can post live updates.")),
        )
    meetings = list(selectors.meeting_list(group=group)[:20])
    form = LivePostForm(request.POST, meetings=meetings)
    status = 200
    context: dict[str, Any]
    try:
        if not form.is_valid():
            raise ValidationFailed(_("Write an update of at most 1000 characters."))
        number = form.cleaned_data["meeting"]
        meeting = next((m for m in meetings if str(m.number) == number), None)
        services.live_post_create(
            actor=request.user, group=group, body=form.cleaned_data["body"], meeting=meeting
        )
    except ApplicationError as exc:
        context = _live_context(request, group, form)
        context["error"] = exc.message
        status = exc.status
        return render_page_or_partial(request, "meetings/live.html", context, "feed", status=status)
    if getattr(request, "htmx", False):
        return render_page_or_partial(
            request, "meetings/live.html", _live_context(request, group, None), "feed"
        )
    return redirect("meetings:live", group.slug)


@require_GET
@cached_by_group_state
def live_feed(request: HttpRequest, group_slug: str) -> HttpResponse:
    """Atom 1.0: one entry per post, ids stable across fetches (tag URIs on the post's id)."""
    group = group_or_404(request, group_slug)
    page_url = request.build_absolute_uri(reverse("meetings:live", args=[group.slug]))
    feed = Atom1Feed(
        title=f"{group.short_name or group.name}: live updates",
        link=page_url,
        description=f"Live updates from meetings of {group.name}.",
        feed_url=request.build_absolute_uri(),
        feed_guid=f"{page_url}#feed",
        language="en",
    )
    posts: list[LivePost] = list(selectors.live_post_list(group=group, limit=FEED_ENTRIES))
    for post in posts:
        title = post.body if len(post.body) <= 80 else post.body[:79].rstrip() + "…"
        prefix = f"Meeting {post.meeting.number}: " if post.meeting else ""
        feed.add_item(
            title=prefix + title,
            link=f"{page_url}#post-{post.pk}",
            description=post.body,
            unique_id=f"tag:{request.get_host().split(':')[0]},{post.created_at:%Y-%m-%d}:"
            f"live/{group.slug}/{post.pk}",
            pubdate=post.created_at,
            updateddate=post.created_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
