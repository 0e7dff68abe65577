"""Admin for reports and versions: an issued version is read-only here too.

The admin refuses to change or delete an issued version or its paragraphs; the database
triggers (migration 0002) refuse as well, whatever path a write takes.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Paragraph, Report, Version, VersionParagraph


def _issued(obj: Any) -> bool:
    if isinstance(obj, Version):
        return obj.status == Version.Status.ISSUED
    if isinstance(obj, VersionParagraph):
        return obj.version.status == Version.Status.ISSUED
    return False


class IssuedReadOnly:
    """Mixin: no change or delete permission on issued content."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and _issued(obj):
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and _issued(obj):
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]


class VersionParagraphInline(IssuedReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = VersionParagraph
    extra = 0
    fields = ["paragraph", "order", "display_number", "text"]
    raw_id_fields = ["paragraph"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and _issued(obj):
            return False
        return super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # For an inline, ``obj`` is the parent version.
        if obj is not None and _issued(obj):
            return False
        return admin.TabularInline.has_change_permission(self, request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and _issued(obj):
            return False
        return admin.TabularInline.has_delete_permission(self, request, obj)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "symbol", "group", "created_at"]
    list_filter = ["group"]
    search_fields = ["title", "symbol"]


@admin.register(Version)
class VersionAdmin(IssuedReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["report", "number", "label", "kind", "status", "content_hash"]
    list_filter = ["status", "kind"]
    readonly_fields = ["status", "issued_at", "issued_by", "content_hash"]
    inlines = [VersionParagraphInline]


@admin.register(VersionParagraph)
class VersionParagraphAdmin(IssuedReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["paragraph", "version", "order", "display_number"]
    list_select_related = ["paragraph", "version"]
    raw_id_fields = ["paragraph", "version"]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["key", "kind", "report", "created_in"]
    list_filter = ["kind"]
    search_fields = ["key"]
    raw_id_fields = ["derived_from", "created_in", "sources"]
