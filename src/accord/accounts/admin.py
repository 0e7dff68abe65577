from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("accord", {"fields": ("display_name",)}))  # type: ignore[misc]

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        # History names its actors and the database refuses to rewrite it (common.append_only):
        # an account that leaves is deactivated (untick "Active"), never deleted.
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_prefix", "key_hash")
