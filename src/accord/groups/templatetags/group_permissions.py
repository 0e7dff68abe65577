"""Ask the permission table from a template: ``{% group_can "group.manage_members" group as x %}``.

Templates shared by every app (the site navigation) show a link only to those the permission
service lets through, without each view passing a flag or the template re-deriving the rule.
"""

from __future__ import annotations

from django import template

from accord.groups.models import WorkingGroup
from accord.groups.permissions import can

register = template.Library()


@register.simple_tag(takes_context=True)
def group_can(context: template.Context, action: str, group: WorkingGroup | None) -> bool:
    if not isinstance(group, WorkingGroup):
        return False
    request = context.get("request")
    return can(getattr(request, "user", None) or context.get("user"), action, group)
