from django.contrib import admin

from .models import Constituency, Invitation, Member, Role, WorkingGroup


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


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("user", "group", "kind", "member")
    list_filter = ("group", "kind")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "group", "kind", "member", "expires_at", "accepted_at")
    readonly_fields = ("token_hash",)
