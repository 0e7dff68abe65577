"""A person's account page: their API tokens (create, shown once, and revoke) and whether
two-step login is on."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .models import User
from .services import api_token_create, api_token_revoke
from .two_factor import is_enrolled


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required guarantees a real user
    new_key = None
    if request.method == "POST":
        _token, new_key = api_token_create(user=user, name=request.POST.get("name", "").strip())
    live = user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at")
    context = {"tokens": live, "new_key": new_key, "two_factor_on": is_enrolled(user)}
    return render(request, "accounts/tokens.html", context)


@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("accounts:tokens")
    if not api_token_revoke(user=cast(User, request.user), token_id=token_id):
        raise Http404(_("No such token."))
    return redirect("accounts:tokens")
