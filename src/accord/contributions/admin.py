from django.contrib import admin

from .models import Answer, Attachment, Call, Contribution, Question


class QuestionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Question
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "group", "opens_at", "closes_at", "allow_public", "accept_late"]
    list_filter = ["group"]
    inlines = [QuestionInline]


class AnswerInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Answer
    extra = 0


class AttachmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Attachment
    extra = 0
    readonly_fields = ["sha256", "size", "kind"]
    exclude = ["extracted_text"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "status", "is_late", "source", "submitted_at"]
    list_filter = ["status", "is_late", "source", "call__group"]
    search_fields = ["title", "public_name", "public_affiliation"]
    raw_id_fields = ["member", "submitted_by", "public_constituency"]
    inlines = [AnswerInline, AttachmentInline]
