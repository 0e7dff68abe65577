from django.urls import path

from . import views

app_name = "correspondence"
urlpatterns = [
    path("", views.thread_list, name="list"),
    path("import/", views.archive_import, name="import"),
    path("<int:thread_id>/", views.thread_detail, name="thread"),
]
