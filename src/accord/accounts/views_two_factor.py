"""The account page's two-step login: set it up (QR code and the secret as text), confirm with
one code, see the recovery codes once, turn it off with a code."""

from __future__ import annotations

from typing import Any, cast

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accord.common.errors import ApplicationError

from . import two_factor
from .models import User
from .views_login import CodeForm


class EnrolCodeForm(CodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("The six digits your authenticator app shows now.")


def _qr_svg(uri: str) -> str:
    # segno writes the SVG itself from the URI alone: no user text reaches it unescaped.
    return str(segno.make(uri, error="m").svg_inline(scale=4, border=2, title=_("QR code")))


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


@login_required
def two_factor_page(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required guarantees a real user
    context: dict[str, Any] = {
        "form": CodeForm(),
        "next": _next(request),
        "required": request.session.get(two_factor.SESSION_KEY) == two_factor.MUST_ENROL,
    }
    status = 200
    action = request.POST.get("action", "") if request.method == "POST" else ""
    try:
        if action == "start":
            context["enrolment"] = two_factor.two_factor_start(user=user)
        elif action == "confirm":
            form: CodeForm = EnrolCodeForm(request.POST)
            code = form.cleaned_data["code"] if form.is_valid() else ""
            context["recovery_codes"] = two_factor.two_factor_confirm(user=user, code=code)
            # Whoever just typed a code from the app holds it: this session is verified.
            request.session[two_factor.SESSION_KEY] = two_factor.VERIFIED
            context["required"] = False
        elif action == "disable":
            form = CodeForm(request.POST)
            code = form.cleaned_data["code"] if form.is_valid() else ""
            two_factor.two_factor_disable(user=user, code=code)
            request.session.pop(two_factor.SESSION_KEY, None)  # decided afresh, next request
            messages.success(request, _("Two-step login is off."))
            return redirect("accounts:two-factor")
    except ApplicationError as exc:
        context["error"] = exc.message
        status = exc.status
    context["enrolled"] = two_factor.is_enrolled(user)
    if not context["enrolled"]:
        context["form"] = EnrolCodeForm()
    if not context["enrolled"] and "enrolment" not in context:
        context["enrolment"] = two_factor.enrolment(user)
    if context.get("enrolment") is not None:
        context["qr_svg"] = mark_safe(_qr_svg(context["enrolment"].uri))
    context["codes_left"] = two_factor.recovery_codes_left(user)
    return render(request, "accounts/two_factor.html", context, status=status)
