from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Constituency,
    Invitation,
    Member,
    NegotiatingGroup,
    NegotiatingGroupMembership,
    Role,
    WorkingGroup,
)


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "decision_rule", "start_date", "end_date", "is_published")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Constituency)
class ConstituencyAdmin(admin.ModelAdmin):
    list_display = ("name", "group", "seats", "order")


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "group", "constituency", "kind", "iso3", "status")
    list_filter = ("group", "constituency", "kind", "status")
    search_fields = ("name", "iso3", "slug")


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("user", "group", "kind", "member")
    list_filter = ("group", "kind")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "group", "kind", "member", "expires_at", "accepted_at")
    readonly_fields = ("token_hash",)


class NegotiatingGroupMembershipInline(admin.TabularInline):
    model = NegotiatingGroupMembership
    extra = 0
    autocomplete_fields = ("member",)
    readonly_fields = ("joined_at",)


@admin.register(NegotiatingGroup)
class NegotiatingGroupAdmin(admin.ModelAdmin):
    """Blocs are normally defined on the secretariat's manage page (audited); the admin is for
    platform staff repairing data."""

    list_display = ("name", "short_name", "group", "coordinator", "member_count")
    list_filter = ("group",)
    search_fields = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("short_name",)}
    inlines = (NegotiatingGroupMembershipInline,)

    @admin.display(description=_("members"))
    def member_count(self, obj: NegotiatingGroup) -> int:
        return obj.memberships.count()
