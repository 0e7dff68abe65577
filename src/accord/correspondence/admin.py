from django.contrib import admin

from .models import MailingList, Message, Thread


@admin.register(MailingList)
class MailingListAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "group", "address", "is_public")
    list_filter = ("group", "is_public")


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("subject", "mailing_list", "message_count", "started_at", "last_message_at")
    list_filter = ("mailing_list",)
    search_fields = ("subject",)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("subject", "sender_name", "member", "sent_at", "mailing_list")
    list_filter = ("mailing_list", "member")
    search_fields = ("subject", "sender_name", "sender_email", "message_id")
    raw_id_fields = ("thread", "parent", "member", "sender_user")
