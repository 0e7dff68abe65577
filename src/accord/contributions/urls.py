from django.urls import path

from . import views

app_name = "contributions"
urlpatterns = [
    path("", views.contribution_list, name="list"),
    path("calls/new/", views.call_create, name="call-create"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("<int:pk>/", views.contribution_detail, name="detail"),
    path("<int:pk>/moderate/", views.contribution_moderate, name="moderate"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
]
