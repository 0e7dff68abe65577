"""The negotiation screen, positions and status, and the compilation text (``positions`` namespace
under ``g/<group_slug>/positions/``)."""

from django.urls import path

from . import views, views_compilation

app_name = "positions"
V = "<slug:report_slug>/v/<int:number>/"
P = V + "p/<str:key>/"
urlpatterns = [
    path(V, views.negotiate, name="negotiate"),
    path(V + "compilation/", views_compilation.compilation, name="compilation"),
    path(V + "map/", views.opinion_map, name="map"),
    path(
        V + "compilation.docx",
        views_compilation.compilation_file,
        {"fmt": "docx"},
        name="compilation-docx",
    ),
    path(
        V + "compilation.pdf",
        views_compilation.compilation_file,
        {"fmt": "pdf"},
        name="compilation-pdf",
    ),
    path(P + "position/", views.record, name="record"),
    path(P + "status/", views.status, name="status"),
    path(P + "confirm/", views.confirm, name="confirm"),
    path(P + "history/", views.history, name="history"),
]
