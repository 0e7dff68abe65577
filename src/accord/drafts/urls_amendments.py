"""URLs of amendments, brackets, option groups, the final text, the next revision."""

from django.urls import URLPattern, path

from .views import amendments as views
from .views import brackets as bracket_views
from .views import propose as propose_views

V = "<slug:report_slug>/v/<int:number>/"
P = V + "p/<str:key>/"

urlpatterns: list[URLPattern] = [
    path(P + "amendments/", views.amendment_list, name="amendment-list"),
    path(P + "amend/", views.amendment_propose, name="amendment-propose"),
    path(P + "propose-edit/", propose_views.amendment_edit, name="amendment-edit"),
    path(P + "bracket/", bracket_views.bracket_add, name="bracket-add"),
    path(V + "final/", views.final, name="final"),
    path(V + "options/", views.options, name="option-list"),
    path(V + "revision/", views.revision_issue, name="revision-issue"),
    path("<slug:report_slug>/amendments/<int:pk>/", views.amendment_detail, name="amendment"),
    path(
        "<slug:report_slug>/amendments/<int:pk>/support/",
        views.amendment_action,
        {"action": "support"},
        name="amendment-support",
    ),
    path(
        "<slug:report_slug>/amendments/<int:pk>/unsupport/",
        views.amendment_action,
        {"action": "unsupport"},
        name="amendment-unsupport",
    ),
    path(
        "<slug:report_slug>/amendments/<int:pk>/withdraw/",
        views.amendment_action,
        {"action": "withdraw"},
        name="amendment-withdraw",
    ),
    path(
        "<slug:report_slug>/amendments/<int:pk>/decide/",
        views.amendment_action,
        {"action": "decide"},
        name="amendment-decide",
    ),
    path(
        "<slug:report_slug>/brackets/<int:pk>/join/",
        bracket_views.bracket_action,
        {"action": "join"},
        name="bracket-join",
    ),
    path(
        "<slug:report_slug>/brackets/<int:pk>/lift/",
        bracket_views.bracket_action,
        {"action": "lift"},
        name="bracket-lift",
    ),
    path("<slug:report_slug>/options/<int:pk>/choose/", views.option_choose, name="option-choose"),
]
