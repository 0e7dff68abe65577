"""The negotiation screen, positions and status, and the compilation text (``positions`` namespace
under ``g/<group_slug>/positions/``)."""

from django.urls import path

from . import views

app_name = "positions"
V = "<slug:report_slug>/v/<int:number>/"
P = V + "p/<str:key>/"
urlpatterns = [
    path(V, views.negotiate, name="negotiate"),
    path(V + "compilation/", views.compilation, name="compilation"),
    path(V + "map/", views.opinion_map, name="map"),
    path(V + "compilation.docx", views.compilation_docx, name="compilation-docx"),
    path(P + "position/", views.record, name="record"),
    path(P + "status/", views.status, name="status"),
    path(P + "confirm/", views.confirm, name="confirm"),
    path(P + "history/", views.history, name="history"),
]
