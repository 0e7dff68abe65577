"""Read-only admin: position and status events are append-only history."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import PositionEvent, StatusEvent


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PositionEvent)
class PositionEventAdmin(ReadOnlyAdmin):
    list_display = ["paragraph", "version", "member", "kind", "created_at"]
    list_filter = ["kind"]


@admin.register(StatusEvent)
class StatusEventAdmin(ReadOnlyAdmin):
    list_display = ["paragraph", "version", "status", "created_at"]
    list_filter = ["status"]
