"""Follow-up URLs (``followup`` namespace), included under ``g/<group_slug>/follow-up/``."""

from django.urls import path

from . import views_followup as views

app_name = "followup"
urlpatterns = [
    path("", views.tracker, name="tracker"),
    path("feed.atom", views.feed, name="feed"),
    path("import/", views.import_csv, name="import"),
    path("track/<int:outcome_pk>/", views.track, name="track"),
    path("<str:public_id>/", views.recommendation_detail, name="detail"),
    path("<str:public_id>/reports/", views.report_add, name="report-add"),
    path("<str:public_id>/edit/", views.recommendation_edit, name="edit"),
]
