from django.contrib import admin

from .models import AgendaItem, LivePost, Meeting, MeetingDay, SpeakerTurn, Transcript


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["number", "title", "group", "start_date", "end_date", "is_closed"]
    list_filter = ["group", "is_closed"]


@admin.register(MeetingDay)
class MeetingDayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["meeting", "date", "order"]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["meeting", "number", "title", "day"]


@admin.register(Transcript)
class TranscriptAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    # Uploads go through transcript_upload so that turns and the search index stay in step.
    list_display = ["day", "original_name", "format", "uploaded_at", "is_published"]
    readonly_fields = ["original_file", "original_name", "sha256", "format", "uploaded_by"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(SpeakerTurn)
class SpeakerTurnAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["transcript", "index", "speaker_label", "member", "role_kind"]
    list_select_related = ["transcript", "member"]


@admin.register(LivePost)
class LivePostAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["group", "meeting", "created_at", "body"]
