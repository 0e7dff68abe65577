"""URLs of reports, versions, drafting, import and compare."""

from django.urls import URLPattern, path

from .views import versions as views

urlpatterns: list[URLPattern] = [
    path("", views.report_list, name="list"),
    path("<slug:report_slug>/", views.report_detail, name="report"),
    path("<slug:report_slug>/compare/", views.version_compare, name="compare"),
    path("<slug:report_slug>/import/", views.version_import, name="import"),
    path("<slug:report_slug>/v/<int:number>/", views.version_detail, name="version"),
    path(
        "<slug:report_slug>/v/<int:number>/paragraphs/",
        views.version_paragraph_add,
        name="version-paragraph-add",
    ),
    path(
        "<slug:report_slug>/v/<int:number>/p/<str:key>/edit/",
        views.version_paragraph_edit,
        name="version-paragraph-edit",
    ),
    path("<slug:report_slug>/v/<int:number>/issue/", views.version_issue, name="version-issue"),
]
