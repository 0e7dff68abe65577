from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_open, name="open"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/statements/new/", views.statement_submit, name="submit"),
    path("<int:pk>/moderation/", views.moderation_queue, name="moderation"),
    path(
        "<int:pk>/statements/<int:statement_id>/moderate/",
        views.statement_moderate,
        name="moderate",
    ),
    path("<int:pk>/close/", views.consultation_close, name="close"),
    path("<int:pk>/map/", views.opinion_map, name="map"),
]
