"""Amendments in templates: ``{% amendment_change a %}`` (what it changes, as a compact
redline), ``{% amendment_kind a %}`` and ``a|proposed_by``, in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import Amendment
from ..selectors.parts import amendment_segments

register = template.Library()

KIND_LABELS: dict[str, Any] = {
    Amendment.Kind.INSERT_TEXT: gettext_lazy("Insert"),
    Amendment.Kind.DELETE_TEXT: gettext_lazy("Delete"),
    Amendment.Kind.REPLACE_TEXT: gettext_lazy("Replace"),
    Amendment.Kind.ADD_PARAGRAPH: gettext_lazy("New paragraph after"),
    Amendment.Kind.DELETE_PARAGRAPH: gettext_lazy("Delete the paragraph"),
    Amendment.Kind.ALTERNATIVE: gettext_lazy("Alternative paragraph"),
}
ROLE_LABELS: dict[str, Any] = {
    "chair": gettext_lazy("The Chair"),
    "vice_chair": gettext_lazy("The Vice-Chair"),
    "facilitator": gettext_lazy("The facilitator"),
}


@register.simple_tag
def amendment_kind(amendment: Amendment) -> str:
    """ "Replace", "Insert" … or, for an amendment with parts, "Changes in 3 places"."""
    checks = getattr(amendment, "checks", None)
    parts = getattr(checks, "parts", 0)
    if parts > 1:
        return ngettext("Change in %(n)d place", "Changes in %(n)d places", parts) % {"n": parts}
    return str(KIND_LABELS.get(amendment.kind, amendment.get_kind_display()))


@register.filter
def proposed_by(amendment: Amendment) -> str:
    """The delegation ("South Africa on behalf of the G77 and China") or the role."""
    if amendment.proposer is None:
        role = amendment.proposer_role
        return str(ROLE_LABELS.get(role, role.replace("_", " ").capitalize()))
    if amendment.on_behalf_of_id is None:
        return amendment.proposer.name
    return _("%(member)s on behalf of the %(group)s") % {
        "member": amendment.proposer.name,
        "group": amendment.on_behalf_of,
    }


@register.inclusion_tag("drafts/_amendment_change.html")
def amendment_change(amendment: Amendment) -> dict[str, Any]:
    """The change as a redline: in the paragraph, a few words around each edit, when the
    panel builder has set ``checks``; else within the words it replaces."""
    checks = getattr(amendment, "checks", None)
    segments = checks.segments if checks is not None else amendment_segments(amendment)
    return {"segments": segments, "amendment": amendment}
